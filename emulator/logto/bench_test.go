package logto

import (
	"log/slog"
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/clock"
	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Start-up: what New and Mount cost, what loading the whole contract would cost, and
// what the first request of a group pays to load that group's schemas.

func BenchmarkNewAndMount(b *testing.B) {
	gin.SetMode(gin.ReleaseMode)
	clk := clock.New()
	st, err := store.Open(store.Options{Clock: clk})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	deps := platform.Deps{Store: st, Clock: clk, Outbox: &outbox.Outbox{Provider: "logto"}, Logger: slog.New(slog.DiscardHandler), BcryptCost: 4}
	for b.Loop() {
		h, err := New(deps)
		if err != nil {
			b.Fatal(err)
		}
		if err := h.Mount(gin.New()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIndex is the per-process part of New: reading the contract's route table.
func BenchmarkIndex(b *testing.B) {
	for b.Loop() {
		if _, err := buildIndex(contractJSON); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadWholeContract is the cost the lazy group loading avoids at start-up.
func BenchmarkLoadWholeContract(b *testing.B) {
	for b.Loop() {
		if _, err := openapi3.NewLoader().LoadFromData(contractJSON); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadUsersGroup is what the first Users request waits for, once per process.
func BenchmarkLoadUsersGroup(b *testing.B) {
	idx, err := buildIndex(contractJSON)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s := &schemas{idx: idx, groups: map[string]*groupSchemas{}}
		if _, err := s.group("Users"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTokenIssueClientCredentials(b *testing.B) {
	x := newHarness(b)
	form := tokenForm(managementIndicator("default"), "all")
	auth := basic(DefaultClientID, DefaultClientSecret)
	for b.Loop() {
		if w := x.do(http.MethodPost, "/oidc/token", form, "Content-Type", "application/x-www-form-urlencoded", "Authorization", auth); w.Code != http.StatusOK {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}

func BenchmarkValidatedGET(b *testing.B) {
	x := newHarness(b)
	token := x.managementToken()
	for b.Loop() {
		if w := x.api(http.MethodGet, "/api/roles?page=1&page_size=5", token, ""); w.Code != http.StatusOK {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}

func BenchmarkValidatedPATCH(b *testing.B) {
	x := newHarness(b)
	token := x.managementToken()
	w := x.api(http.MethodPost, "/api/users", token, `{"username":"bench"}`)
	id := decode(b, w)["id"].(string)
	for b.Loop() {
		if w := x.api(http.MethodPatch, "/api/users/"+id, token, `{"name":"Bench","customData":{"n":1}}`); w.Code != http.StatusOK {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}

// BenchmarkRejectedPOST is a request that fails validation: the zod-shaped 400 path.
func BenchmarkRejectedPOST(b *testing.B) {
	x := newHarness(b)
	token := x.managementToken()
	for b.Loop() {
		if w := x.api(http.MethodPost, "/api/users", token, `{"username":123,"primaryEmail":"bad"}`); w.Code != http.StatusBadRequest {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}
