package identityv1

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/store"
)

// change is one write to a user inside a transaction, with the tenant's settings.
type change func(tx *store.Tx, set settings, u *user) error

// updateMe applies a change to the authenticated user and stores the result.
func (h *Handler) updateMe(c *gin.Context, fn change) error {
	who := callerOf(c)
	return h.deps.Store.Update(func(tx *store.Tx) error {
		u, err := users.Get(tx, who.Tenant, who.UserID)
		if err != nil {
			return err
		}
		return h.apply(tx, who.Tenant, &u, fn)
	})
}

// updateUser applies a change to the user with the path's username.
func (h *Handler) updateUser(tenant, username string, fn change) error {
	return h.deps.Store.Update(func(tx *store.Tx) error {
		u, err := userByName(tx, tenant, username)
		if err != nil {
			return err
		}
		return h.apply(tx, tenant, &u, fn)
	})
}

func (h *Handler) apply(tx *store.Tx, tenant string, u *user, fn change) error {
	set, err := tenantSettings(tx, tenant)
	if err != nil {
		return err
	}
	if err := fn(tx, set, u); err != nil {
		return err
	}
	return users.Put(tx, tenant, u.ID, *u)
}

// hashSecret keeps one-time codes and security answers out of the store in clear.
func hashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
