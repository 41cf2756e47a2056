package logto

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/emulator/token"
)

// GET /api/authn/hasura: Hasura's authentication webhook. The caller forwards the
// user's Bearer access token (a JWT for the API resource), and Hasura's Expected-Role
// header; the answer names the user and the role Hasura should apply. A token that does
// not verify is no failure: the request goes on as anonymous, or under unauthorizedRole
// when the query gives one.

// hasuraAnswer is the body; absent members are left out, as JSON drops undefined.
type hasuraAnswer struct {
	UserID string `json:"X-Hasura-User-Id,omitempty"`
	Role   string `json:"X-Hasura-Role,omitempty"`
}

func (h *Handler) hasuraAuth(c *gin.Context) error {
	resource, unauthorizedRole := c.Query("resource"), c.Query("unauthorizedRole")
	expectedRole := c.GetHeader("Expected-Role")
	tenant := platform.TenantOf(c)
	raw, _ := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	var out hasuraAnswer
	err := h.deps.Store.View(func(tx *store.Tx) error {
		sub := h.bearerSubject(tx, tenant, c, strings.TrimSpace(raw), resource)
		held := map[string]bool{}
		if sub != "" {
			err := relatedTo(tx, tenant, usersRoles, sub, "", func(r relation) {
				if rl, err := roles.Get(tx, tenant, r.Right); err == nil {
					held[rl.Name] = true
				}
			})
			if err != nil {
				return err
			}
		}
		if unauthorizedRole != "" && (expectedRole == "" || !held[expectedRole]) {
			if sub == "" {
				// The resource may be what failed: the token is checked again without it.
				sub = h.bearerSubject(tx, tenant, c, strings.TrimSpace(raw), "")
			}
			out = hasuraAnswer{UserID: sub, Role: unauthorizedRole}
			return nil
		}
		if expectedRole != "" && !held[expectedRole] {
			return fail(http.StatusUnauthorized, "auth.expected_role_not_found")
		}
		out = hasuraAnswer{UserID: sub, Role: expectedRole}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

// bearerSubject is the sub of a JWT access token the tenant signed for its issuer and
// (when given) the resource; "" when the token does not verify.
func (h *Handler) bearerSubject(tx *store.Tx, tenant string, c *gin.Context, raw, resource string) string {
	if raw == "" {
		return ""
	}
	ks, err := h.tokens.Keys(tx, tenant)
	if err != nil {
		return ""
	}
	claims, err := token.Verify(raw, ks, tx.Now())
	if err != nil || claims["iss"] != issuerOf(c) {
		return ""
	}
	if resource != "" && !audienceHas(claims["aud"], resource) {
		return ""
	}
	sub, _ := claims["sub"].(string)
	return sub
}
