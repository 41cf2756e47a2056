package testcontainer_test

import (
	"context"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/idemu/idemu/client/identityv1"
	"github.com/idemu/idemu/testcontainer"
)

func TestMain(m *testing.M) {
	// idemu's CI cannot pull the reaper image, and must reach the container on loopback.
	for k, v := range map[string]string{"TESTCONTAINERS_RYUK_DISABLED": "true", "TESTCONTAINERS_HOST_OVERRIDE": "127.0.0.1"} {
		if os.Getenv(k) == "" {
			os.Setenv(k, v)
		}
	}
	os.Exit(m.Run())
}

func image() string {
	if ref := os.Getenv("IDEMU_IMAGE"); ref != "" {
		return ref
	}
	return testcontainer.DefaultImage
}

// TestRunGivesAHealthyEmulatorWithHelpers starts the image, then uses the URL, a ready
// client, the outbox and the clock, as a user's test would.
func TestRunGivesAHealthyEmulatorWithHelpers(t *testing.T) {
	ctx := context.Background()
	start := time.Now()
	c, err := testcontainer.Run(ctx, testcontainer.WithImage(image()),
		testcontainer.WithFixtureFile("../fixtures/identityv1-example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Run to healthy: %s", time.Since(start).Round(time.Millisecond))
	t.Cleanup(func() { _ = c.Terminate(context.Background()) })

	info, err := c.Container.Inspect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for port, bindings := range info.NetworkSettings.Ports {
		for _, b := range bindings {
			if b.HostIP.String() != "127.0.0.1" {
				t.Fatalf("port %v is published on %v, not loopback", port, b.HostIP)
			}
		}
	}

	base := c.URL("identityv1")
	if err := c.Admin("identityv1").Healthy(ctx); err != nil {
		t.Fatal(err)
	}
	api, err := c.IdentityV1(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := api.GetUserWithResponse(ctx, "alice", nil); err != nil || r.StatusCode() != http.StatusOK {
		t.Fatalf("the fixture's user alice: %v %v", err, r)
	}
	ts, err := identityv1.PasswordGrant(ctx, base, "idemu-client", "idemu-secret", "alice", "Alice-password-1")
	if err != nil {
		t.Fatal(err)
	}
	me, _ := identityv1.NewAuthenticated(base, ts)
	if r, err := me.RegisterPhoneNumberWithResponse(ctx, identityv1.RegisterPhoneNumberCommand{NewPhoneNumber: "+15550133333"}); err != nil || r.StatusCode() != http.StatusAccepted {
		t.Fatalf("register phone: %v", err)
	}
	if code, err := c.Admin("identityv1").LastCode(ctx, "+15550133333"); err != nil || len(code) != 6 {
		t.Fatalf("outbox code %q: %v", code, err)
	}
	if _, err := c.Admin("identityv1").AdvanceClock(ctx, 2*time.Hour); err != nil {
		t.Fatal(err)
	}
	if r, _ := me.GetMeWithResponse(ctx, nil); r.StatusCode() != http.StatusUnauthorized {
		t.Fatalf("after 2h the token must have expired, got %d", r.StatusCode())
	}
	if err := c.Admin("identityv1").Reset(ctx); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"logto", "akamai", "appid", "onegini"} {
		if err := c.Admin(p).Healthy(ctx); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	if _, err := c.Logto(ctx); err != nil {
		t.Fatal(err)
	}
}
