package logto

import (
	"errors"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// One-time tokens: a secret for an email that proves it once (magic links, invitation
// links), made by the Management API and spent by its verify route or by the
// Experience API. An active token past its expiry reads as expired.

const (
	ottActive   = "active"
	ottConsumed = "consumed"
	ottRevoked  = "revoked"
	ottExpired  = "expired"
	// defaultOneTimeTokenTTL is how long a token lives when the request does not say.
	defaultOneTimeTokenTTL = 10 * time.Minute
)

type oneTimeTokenContext struct {
	JitOrganizationIDs []string `json:"jitOrganizationIds,omitempty"`
}

type oneTimeToken struct {
	ID        string              `json:"id"`
	Email     string              `json:"email"`
	Token     string              `json:"token"`
	Context   oneTimeTokenContext `json:"context"`
	Status    string              `json:"status"`
	CreatedAt int64               `json:"createdAt"`
	ExpiresAt int64               `json:"expiresAt"`
}

var oneTimeTokens = store.Collection[oneTimeToken]{Name: "one-time-tokens"}

type oneTimeTokenBody struct {
	TenantID  string              `json:"tenantId"`
	ID        string              `json:"id"`
	Email     string              `json:"email"`
	Token     string              `json:"token"`
	Context   oneTimeTokenContext `json:"context"`
	Status    string              `json:"status"`
	CreatedAt int64               `json:"createdAt"`
	ExpiresAt int64               `json:"expiresAt"`
}

// status is the token's status at now.
func (t oneTimeToken) status(now int64) string {
	if t.Status == ottActive && t.ExpiresAt <= now {
		return ottExpired
	}
	return t.Status
}

func (t oneTimeToken) body(tenant string, now int64) oneTimeTokenBody {
	return oneTimeTokenBody{TenantID: tenant, ID: t.ID, Email: t.Email, Token: t.Token, Context: t.Context,
		Status: t.status(now), CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt}
}

func loadOneTimeToken(tx *store.Tx, tenant, id string) (oneTimeToken, error) {
	t, err := oneTimeTokens.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return t, notFoundWithID("one_time_tokens", id)
	}
	return t, err
}

func (h *Handler) listOneTimeTokens(c *gin.Context) error {
	q := c.Request.URL.Query()
	p, err := pagination(q, true)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var out []oneTimeTokenBody
	err = h.deps.Store.View(func(tx *store.Tx) error {
		all, err := oneTimeTokens.List(tx, tenant)
		if err != nil {
			return err
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].CreatedAt > all[j].CreatedAt })
		now := tx.Now().UnixMilli()
		var list []oneTimeTokenBody
		for _, t := range all {
			if (q.Has("email") && !strings.EqualFold(t.Email, q.Get("email"))) || (q.Has("status") && t.status(now) != q.Get("status")) {
				continue
			}
			list = append(list, t.body(tenant, now))
		}
		out = paginate(c, p, list)
		return nil
	})
	if err != nil {
		return err
	}
	if out == nil {
		out = []oneTimeTokenBody{}
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) addOneTimeToken(c *gin.Context) error {
	var in struct {
		Email     string              `json:"email"`
		ExpiresIn *float64            `json:"expiresIn"`
		Context   oneTimeTokenContext `json:"context"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	ttl := defaultOneTimeTokenTTL
	if in.ExpiresIn != nil {
		if *in.ExpiresIn <= 0 {
			return invalidInput("The value of `expiresIn` must be positive.")
		}
		ttl = time.Duration(*in.ExpiresIn * float64(time.Second))
	}
	tenant := platform.TenantOf(c)
	var out oneTimeTokenBody
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		now := tx.Now()
		t := oneTimeToken{ID: standardID(), Email: in.Email, Token: standardSecret(), Context: in.Context, Status: ottActive,
			CreatedAt: now.UnixMilli(), ExpiresAt: now.Add(ttl).UnixMilli()}
		out = t.body(tenant, now.UnixMilli())
		return oneTimeTokens.Insert(tx, tenant, t.ID, t)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, out)
}

func (h *Handler) getOneTimeToken(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var out oneTimeTokenBody
	err := h.deps.Store.View(func(tx *store.Tx) error {
		t, err := loadOneTimeToken(tx, tenant, contract.Param(c, "id"))
		out = t.body(tenant, tx.Now().UnixMilli())
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) deleteOneTimeToken(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		err := oneTimeTokens.Delete(tx, tenant, contract.Param(c, "id"))
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return entityNotFound()
		}
		return err
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

// replaceOneTimeTokenStatus sets a status; a token that is no longer active cannot be
// made active again.
func (h *Handler) replaceOneTimeTokenStatus(c *gin.Context) error {
	var in struct {
		Status string `json:"status"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var out oneTimeTokenBody
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		t, err := loadOneTimeToken(tx, tenant, contract.Param(c, "id"))
		if err != nil {
			return err
		}
		now := tx.Now().UnixMilli()
		if in.Status == ottActive && t.status(now) != ottActive {
			return fail(http.StatusBadRequest, "one_time_token.cannot_reactivate_token")
		}
		t.Status = in.Status
		out = t.body(tenant, now)
		return oneTimeTokens.Put(tx, tenant, t.ID, t)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

// spendOneTimeToken verifies a token for an email and consumes it.
func spendOneTimeToken(tx *store.Tx, tenant, email, token string) (oneTimeToken, error) {
	var found *oneTimeToken
	err := oneTimeTokens.Each(tx, tenant, func(_ string, t oneTimeToken) bool {
		if t.Token == token {
			found = &t
			return false
		}
		return true
	})
	if err != nil {
		return oneTimeToken{}, err
	}
	if found == nil {
		return oneTimeToken{}, fail(http.StatusNotFound, "one_time_token.token_not_found")
	}
	t := *found
	now := tx.Now().UnixMilli()
	switch {
	case !strings.EqualFold(t.Email, email):
		return t, fail(http.StatusBadRequest, "one_time_token.email_mismatch")
	case t.status(now) == ottExpired:
		return t, fail(http.StatusBadRequest, "one_time_token.token_expired")
	case t.Status == ottConsumed:
		return t, fail(http.StatusBadRequest, "one_time_token.token_consumed")
	case t.Status == ottRevoked:
		return t, fail(http.StatusBadRequest, "one_time_token.token_revoked")
	}
	t.Status = ottConsumed
	return t, oneTimeTokens.Put(tx, tenant, t.ID, t)
}

func (h *Handler) verifyOneTimeToken(c *gin.Context) error {
	var in struct {
		Email string `json:"email"`
		Token string `json:"token"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var out oneTimeTokenBody
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		t, err := spendOneTimeToken(tx, tenant, in.Email, in.Token)
		out = t.body(tenant, tx.Now().UnixMilli())
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

// verifyOneTimeTokenVerification is the Experience API's one-time token: it proves the
// email as a verified email code would.
func (h *Handler) verifyOneTimeTokenVerification(c *gin.Context) error {
	var body struct {
		Identifier identifierInput `json:"identifier"`
		Token      string          `json:"token"`
	}
	if err := bind(c, &body); err != nil {
		return err
	}
	return h.guardedVerification(c, sentinelOneTimeToken, body.Identifier.Value, func(tx *store.Tx, tenant string, in *interaction) (string, error) {
		if _, err := spendOneTimeToken(tx, tenant, body.Identifier.Value, body.Token); err != nil {
			return "", err
		}
		id := vIdentifier(body.Identifier)
		return in.add(expRecord{Type: recordOneTimeToken, Identifier: &id, Verified: true}).ID, nil
	})
}
