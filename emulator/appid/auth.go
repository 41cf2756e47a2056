package appid

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/oauth"
	"github.com/idemu/idemu/emulator/store"
)

// App ID's IAM service roles, weakest first: Reader reads, Writer also changes, and
// Manager also exports and imports.
const (
	roleReader  = "Reader"
	roleWriter  = "Writer"
	roleManager = "Manager"
)

var roleRank = map[string]int{roleReader: 1, roleWriter: 2, roleManager: 3}

// tenantOf is the App ID tenant of a request: the {tenantId} of its path. App ID
// carries its tenant in every path, so idemu's header and host-name selection do not
// apply to this provider.
func tenantOf(c *gin.Context) string { return contract.Param(c, "tenantId") }

// tenantExists reports whether a fixture seeded the tenant.
func tenantExists(tx *store.Tx, tenant string) bool {
	_, err := tenants.Get(tx, tenant, tenantDocID)
	return err == nil
}

// requireTenant answers App ID's plain-text 404 for a tenant it does not host.
func (h *Handler) requireTenant(c *gin.Context) {
	tenant := tenantOf(c)
	var ok bool
	_ = h.deps.Store.View(func(tx *store.Tx) error { ok = validTenantName(tenant) && tenantExists(tx, tenant); return nil })
	if !ok {
		h.render(c, unknownTenant())
	}
}

// validTenantName keeps path values that cannot name a stored tenant away from the
// store ("_iam" holds IAM's own keys and is not an App ID instance).
func validTenantName(t string) bool {
	return t != iamTenant && store.ValidName(t)
}

// authenticate requires an IAM access token (401), a hosted tenant (404) and an API
// key with at least the role need on that tenant (403), in that order: IAM answers
// before App ID sees the request, and an identity without a policy on an instance
// cannot tell whether it exists.
func (h *Handler) authenticate(need string) gin.HandlerFunc {
	return h.handle(func(c *gin.Context) error {
		raw, ok := bearer(c.GetHeader("Authorization"))
		if !ok {
			return unauthorized("an IAM access token is required in the Authorization header")
		}
		tenant := tenantOf(c)
		return h.deps.Store.View(func(tx *store.Tx) error {
			claims, err := h.tokens.Verify(tx, iamTenant, raw)
			switch {
			case errors.Is(err, oauth.ErrExpiredToken):
				return unauthorized("the IAM access token has expired")
			case errors.Is(err, oauth.ErrInvalidToken), errors.Is(err, oauth.ErrRevokedToken):
				return unauthorized("the IAM access token is not valid")
			case err != nil:
				return err
			}
			if !validTenantName(tenant) || !tenantExists(tx, tenant) {
				return unknownTenant()
			}
			iamID, _ := claims["iam_id"].(string)
			key, err := apiKeys.Get(tx, tenant, iamID)
			if isMissing(err) || iamID == "" {
				return forbidden(fmt.Sprintf("the IAM identity has no App ID role on tenant %s", tenant))
			}
			if err != nil {
				return err
			}
			if roleRank[key.Role] < roleRank[need] {
				return forbidden(fmt.Sprintf("this operation needs the %s role; the IAM identity has %s", need, key.Role))
			}
			return nil
		})
	})
}

func bearer(header string) (string, bool) {
	scheme, raw, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(raw) == "" {
		return "", false
	}
	return strings.TrimSpace(raw), true
}
