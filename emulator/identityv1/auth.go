package identityv1

import (
	"errors"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/oauth"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// caller is who a bearer token speaks for.
type caller struct {
	Tenant   string
	ClientID string
	UserID   string // empty for a client (client_credentials) token
	Claims   map[string]any
}

const callerKey = "identityv1.caller"

func isMeOperation(op *contract.Operation) bool {
	return op.Path == "/v1/identity/me" || strings.HasPrefix(op.Path, "/v1/identity/me/")
}

// authenticate requires a valid bearer token of the request's tenant. /me operations
// (requireUser) need a token bound to a user: a client token gets 403.
func (h *Handler) authenticate(requireUser bool) gin.HandlerFunc {
	return h.handle(func(c *gin.Context) error {
		raw, ok := bearer(c.GetHeader("Authorization"))
		if !ok {
			return unauthorized("a bearer access token is required")
		}
		tenant := platform.TenantOf(c)
		var who caller
		err := h.deps.Store.View(func(tx *store.Tx) error {
			claims, err := h.tokens.Verify(tx, tenant, raw)
			if err != nil {
				return err
			}
			who = caller{Tenant: tenant, Claims: claims}
			who.ClientID, _ = claims["client_id"].(string)
			sub, _ := claims["sub"].(string)
			if sub != "" && sub != who.ClientID {
				if _, err := users.Get(tx, tenant, sub); err != nil {
					return oauth.ErrInvalidToken // the user is gone
				}
				who.UserID = sub
			}
			return nil
		})
		switch {
		case errors.Is(err, oauth.ErrExpiredToken):
			return unauthorized("the access token has expired")
		case errors.Is(err, oauth.ErrRevokedToken):
			return unauthorized("the access token has been revoked")
		case errors.Is(err, oauth.ErrInvalidToken):
			return unauthorized("the access token is not valid for this tenant")
		case err != nil:
			return err
		}
		if requireUser && who.UserID == "" {
			return forbidden("this operation acts on the authenticated user and needs a user token")
		}
		c.Set(callerKey, who)
		return nil
	})
}

func bearer(header string) (string, bool) {
	scheme, raw, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(raw) == "" {
		return "", false
	}
	return strings.TrimSpace(raw), true
}

func callerOf(c *gin.Context) caller {
	v, _ := c.Get(callerKey)
	return v.(caller)
}
