package logto

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// A user's custom data, profile, Logto configs, password and suspension.

func (h *Handler) getUserCustomData(c *gin.Context) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "userId")
	var u user
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		u, err = loadUser(tx, tenant, id)
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, jsonb(u.CustomData))
}

// updateUserCustomData merges the given keys into customData (jsonb ||), as Logto's
// default update mode does.
func (h *Handler) updateUserCustomData(c *gin.Context) error {
	var in struct {
		CustomData json.RawMessage `json:"customData"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	return h.mutateUser(c, func(_ *store.Tx, u *user) error {
		u.CustomData = mergeJSONB(u.CustomData, in.CustomData)
		return nil
	}, func(c *gin.Context, u user) error { return h.respond(c, http.StatusOK, jsonb(u.CustomData)) })
}

func (h *Handler) updateUserProfile(c *gin.Context) error {
	var in struct {
		Profile json.RawMessage `json:"profile"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	return h.mutateUser(c, func(_ *store.Tx, u *user) error {
		u.Profile = mergeJSONB(u.Profile, in.Profile)
		return nil
	}, func(c *gin.Context, u user) error { return h.respond(c, http.StatusOK, jsonb(u.Profile)) })
}

type logtoConfigBody struct {
	Mfa struct {
		Skipped         bool `json:"skipped"`
		SkipMfaOnSignIn bool `json:"skipMfaOnSignIn"`
	} `json:"mfa"`
	PasskeySignIn struct {
		Skipped bool `json:"skipped"`
	} `json:"passkeySignIn"`
}

func (l logtoConfig) body() logtoConfigBody {
	var b logtoConfigBody
	b.Mfa.Skipped, b.Mfa.SkipMfaOnSignIn, b.PasskeySignIn.Skipped = l.MfaSkipped, l.SkipMfaOnSignIn, l.PasskeySignInSkipped
	return b
}

func (h *Handler) getUserLogtoConfigs(c *gin.Context) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "userId")
	var u user
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		u, err = loadUser(tx, tenant, id)
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, u.LogtoConfig.body())
}

func (h *Handler) updateUserLogtoConfigs(c *gin.Context) error {
	var in struct {
		Mfa *struct {
			Skipped         *bool `json:"skipped"`
			SkipMfaOnSignIn *bool `json:"skipMfaOnSignIn"`
		} `json:"mfa"`
		PasskeySignIn *struct {
			Skipped *bool `json:"skipped"`
		} `json:"passkeySignIn"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	return h.mutateUser(c, func(_ *store.Tx, u *user) error {
		if in.Mfa != nil {
			setBool(&u.LogtoConfig.MfaSkipped, in.Mfa.Skipped)
			setBool(&u.LogtoConfig.SkipMfaOnSignIn, in.Mfa.SkipMfaOnSignIn)
		}
		if in.PasskeySignIn != nil {
			setBool(&u.LogtoConfig.PasskeySignInSkipped, in.PasskeySignIn.Skipped)
		}
		return nil
	}, func(c *gin.Context, u user) error { return h.respond(c, http.StatusOK, u.LogtoConfig.body()) })
}

func setBool(dst *bool, v *bool) {
	if v != nil {
		*dst = *v
	}
}

func (h *Handler) updateUserPassword(c *gin.Context) error {
	var in struct {
		Password string `json:"password"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	hash, err := hashPassword(in.Password, h.deps.BcryptCost)
	if err != nil {
		return err
	}
	return h.mutateUser(c, func(_ *store.Tx, u *user) error {
		u.PasswordDigest, u.PasswordAlgorithm = hash, algBcrypt
		return nil
	}, func(c *gin.Context, u user) error { return h.respond(c, http.StatusOK, u.body()) })
}

func (h *Handler) verifyUserPassword(c *gin.Context) error {
	var in struct {
		Password string `json:"password"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant, id := platform.TenantOf(c), contract.Param(c, "userId")
	var u user
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		u, err = loadUser(tx, tenant, id)
		return err
	})
	if err != nil {
		return err
	}
	ok, err := verifyPassword(u.PasswordAlgorithm, u.PasswordDigest, in.Password)
	if err != nil {
		return err
	}
	if !ok {
		return fail(http.StatusUnprocessableEntity, "session.invalid_credentials")
	}
	return noContent(c)
}

func (h *Handler) userHasPassword(c *gin.Context) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "userId")
	var u user
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		u, err = loadUser(tx, tenant, id)
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, gin.H{"hasPassword": u.PasswordDigest != ""})
}

// updateUserIsSuspended suspends or reinstates a user; suspending signs the user out
// (its sessions and grants are revoked).
func (h *Handler) updateUserIsSuspended(c *gin.Context) error {
	var in struct {
		IsSuspended bool `json:"isSuspended"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	return h.mutateUser(c, func(tx *store.Tx, u *user) error {
		u.IsSuspended = in.IsSuspended
		if u.IsSuspended {
			return revokeUserSessions(tx, tenant, u.ID)
		}
		return nil
	}, func(c *gin.Context, u user) error { return h.respond(c, http.StatusOK, u.body()) })
}
