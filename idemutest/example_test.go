package idemutest_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/idemu/idemu/client/identityv1"
	"github.com/idemu/idemu/idemutest"
)

// TestExample is a test to copy: start idemu, register a user with a ready client,
// find the verification code in the outbox, and move the clock.
func TestExample(t *testing.T) {
	ctx := context.Background()
	idemu := idemutest.StartT(t, idemutest.WithProviders("identityv1"))

	api, err := idemu.IdentityV1(ctx)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := api.RegisterUserWithResponse(ctx, identityv1.RegisterUserCommand{
		Username: "grace", Password: "Grace-password-1", Email: "grace@example.test", PhoneNumber: "+15550177777",
	})
	if err != nil || resp.StatusCode() != http.StatusCreated {
		t.Fatalf("register: %v %s", err, resp.Body)
	}

	// Sign in as the new user and start an email change: the code goes to the outbox.
	creds, _ := idemu.DefaultClient(ctx, "identityv1")
	ts, err := identityv1.PasswordGrant(ctx, idemu.URL("identityv1"), creds.ID, creds.Secret, "grace", "Grace-password-1")
	if err != nil {
		t.Fatal(err)
	}
	me, _ := identityv1.NewAuthenticated(idemu.URL("identityv1"), ts)
	if r, err := me.RegisterEmailWithResponse(ctx, identityv1.RegisterEmailCommand{NewEmail: "grace.h@example.test"}); err != nil || r.StatusCode() != http.StatusAccepted {
		t.Fatalf("register email: %v", err)
	}
	code, err := idemu.Admin("identityv1").LastCode(ctx, "grace.h@example.test")
	if err != nil || len(code) != 6 {
		t.Fatalf("outbox code %q: %v", code, err)
	}

	// An hour later the user's access token has expired.
	if _, err := idemu.Admin("identityv1").AdvanceClock(ctx, 61*time.Minute); err != nil {
		t.Fatal(err)
	}
	r, err := me.GetMeWithResponse(ctx, nil)
	if err != nil || r.StatusCode() != http.StatusUnauthorized {
		t.Fatalf("expected 401 after the clock moved, got %v %v", r.StatusCode(), err)
	}
}

func TestResetBetweenTests(t *testing.T) {
	ctx := context.Background()
	idemu := idemutest.StartT(t, idemutest.WithFixtureFiles("../fixtures/identityv1-example.yaml"))
	api, err := idemu.IdentityV1(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := api.GetUserWithResponse(ctx, "alice", nil); r.StatusCode() != http.StatusOK {
		t.Fatalf("the fixture's user is missing: %d", r.StatusCode())
	}
	if err := idemu.Admin("identityv1").Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if r, _ := api.GetUserWithResponse(ctx, "alice", nil); r.StatusCode() != http.StatusOK {
		t.Fatalf("reset must keep start-up fixtures: %d", r.StatusCode())
	}
}
