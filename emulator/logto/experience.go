package logto

import (
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// The Experience API (/api/experience): the sign-in UI's calls that sign a user in,
// register one or reset a password. An interaction lives in the `_interaction` cookie
// for an hour; it collects verification records, identifies a user or builds a
// profile, and ends with a submit. Logto starts the interaction at its OIDC
// authorization endpoint; idemu serves no sign-in page, so PUT /api/experience starts
// one (and sets the cookie) when the request carries none.

const (
	interactionCookie = "_interaction"
	interactionTTL    = time.Hour
	eventSignIn       = "SignIn"
	eventRegister     = "Register"
	eventForgot       = "ForgotPassword"
)

type interactionProfile struct {
	Username       *string         `json:"username,omitempty"`
	PrimaryEmail   *string         `json:"primaryEmail,omitempty"`
	PrimaryPhone   *string         `json:"primaryPhone,omitempty"`
	PasswordDigest string          `json:"passwordDigest,omitempty"`
	SocialIdentity *socialIdentity `json:"socialIdentity,omitempty"`
	// extraProfile values
	Name       *string        `json:"name,omitempty"`
	Avatar     *string        `json:"avatar,omitempty"`
	Profile    map[string]any `json:"profile,omitempty"`
	CustomData map[string]any `json:"customData,omitempty"`
}

type socialIdentity struct {
	Target   string         `json:"target"`
	UserInfo map[string]any `json:"userInfo"`
}

// interactionMfa is the interaction's MFA state: factors bound for the profile, and
// what the user did about MFA.
type interactionMfa struct {
	Totp              string   `json:"totp,omitempty"` // a secret bound in this interaction
	BackupCodes       []string `json:"backupCodes,omitempty"`
	Verified          bool     `json:"verified"`
	Skipped           bool     `json:"skipped"`
	SuggestionSkipped bool     `json:"suggestionSkipped"`
	PasskeySkipped    bool     `json:"passkeySkipped"`
	Enabled           bool     `json:"enabled"`
}

type interaction struct {
	ID          string             `json:"id"`
	Event       string             `json:"event"`
	UserID      string             `json:"userId,omitempty"`
	Profile     interactionProfile `json:"profile"`
	Records     []expRecord        `json:"records"`
	Mfa         interactionMfa     `json:"mfa"`
	NewPassword string             `json:"newPassword,omitempty"` // the digest a password reset sets
	ExpiresAt   int64              `json:"expiresAt"`
}

var interactions = store.Collection[interaction]{Name: "interactions"}

func sessionNotFound() *apiError { return fail(http.StatusBadRequest, "session.not_found") }

// loadInteraction reads the request's interaction.
func loadInteraction(c *gin.Context, tx *store.Tx, tenant string) (interaction, error) {
	id, err := c.Cookie(interactionCookie)
	if err != nil || id == "" {
		return interaction{}, sessionNotFound()
	}
	in, err := interactions.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return in, sessionNotFound()
	}
	return in, err
}

func saveInteraction(tx *store.Tx, tenant string, in interaction) error {
	return interactions.PutTTL(tx, tenant, in.ID, in, time.UnixMilli(in.ExpiresAt))
}

// withInteraction runs fn on the request's interaction and saves it.
func (h *Handler) withInteraction(c *gin.Context, fn func(tx *store.Tx, tenant string, in *interaction) error) error {
	tenant := platform.TenantOf(c)
	return h.deps.Store.Update(func(tx *store.Tx) error {
		in, err := loadInteraction(c, tx, tenant)
		if err != nil {
			return err
		}
		if err := fn(tx, tenant, &in); err != nil {
			return err
		}
		return saveInteraction(tx, tenant, in)
	})
}

// checkEventAllowed applies the sign-in mode: a Register-only experience takes no
// sign-in, a SignIn-only one no registration.
func checkEventAllowed(tx *store.Tx, tenant, event string) error {
	sie, err := loadSignInExperience(tx, tenant)
	if err != nil {
		return err
	}
	var mode string
	sie.decode("signInMode", &mode)
	if (event == eventRegister && mode == "SignIn") || (event == eventSignIn && mode == "Register") {
		return fail(http.StatusForbidden, "auth.forbidden")
	}
	return nil
}

func (h *Handler) initInteraction(c *gin.Context) error {
	var body struct {
		Event string `json:"interactionEvent"`
	}
	if err := bind(c, &body); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var in interaction
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if err := checkEventAllowed(tx, tenant, body.Event); err != nil {
			return err
		}
		id, _ := c.Cookie(interactionCookie)
		if old, err := interactions.Get(tx, tenant, id); err == nil {
			in = interaction{ID: old.ID}
		} else {
			in = interaction{ID: tokenID()}
		}
		in.Event, in.ExpiresAt = body.Event, tx.Now().Add(interactionTTL).UnixMilli()
		return saveInteraction(tx, tenant, in)
	})
	if err != nil {
		return err
	}
	c.SetSameSite(http.SameSiteLaxMode)
	c.SetCookie(interactionCookie, in.ID, int(interactionTTL.Seconds()), "/", "", false, true)
	return noContent(c)
}

// updateInteractionEvent switches between signing in and registering; a password
// reset is its own interaction.
func (h *Handler) updateInteractionEvent(c *gin.Context) error {
	var body struct {
		Event string `json:"interactionEvent"`
	}
	if err := bind(c, &body); err != nil {
		return err
	}
	err := h.withInteraction(c, func(tx *store.Tx, tenant string, in *interaction) error {
		if (in.Event == eventForgot) != (body.Event == eventForgot) {
			return fail(http.StatusBadRequest, "session.not_supported_for_forgot_password")
		}
		if err := checkEventAllowed(tx, tenant, body.Event); err != nil {
			return err
		}
		in.Event = body.Event
		return nil
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

func (h *Handler) getInteraction(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var out ordered
	err := h.deps.Store.View(func(tx *store.Tx) error {
		in, err := loadInteraction(c, tx, tenant)
		if err != nil {
			return err
		}
		out = ordered{{"interactionEvent", in.Event}}
		if in.UserID != "" {
			out = append(out, kv{"userId", in.UserID})
		}
		profile := ordered{}
		for _, m := range []struct {
			k string
			v *string
		}{{"username", in.Profile.Username}, {"primaryEmail", in.Profile.PrimaryEmail}, {"primaryPhone", in.Profile.PrimaryPhone}} {
			if m.v != nil {
				profile = append(profile, kv{m.k, *m.v})
			}
		}
		if in.Profile.SocialIdentity != nil {
			profile = append(profile, kv{"socialIdentity", in.Profile.SocialIdentity})
		}
		records := make([]ordered, 0, len(in.Records))
		for _, r := range in.Records {
			records = append(records, r.body())
		}
		mfa := ordered{{"mfaSkipped", in.Mfa.Skipped}, {"mfaEnabled", in.Mfa.Enabled}, {"passkeySkipped", in.Mfa.PasskeySkipped}}
		if in.Mfa.Totp != "" {
			mfa = append(mfa, kv{"totp", ordered{{"type", mfaTotp}}})
		}
		if len(in.Mfa.BackupCodes) > 0 {
			mfa = append(mfa, kv{"backupCode", ordered{{"type", mfaBackupCode}}})
		}
		out = append(out, kv{"profile", profile}, kv{"verificationRecords", records}, kv{"mfa", mfa})
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

// findUserBy finds the user an identifier names (case-insensitive emails, digits of
// phones, exact usernames), through the unique indexes.
func findUserBy(tx *store.Tx, tenant string, id vIdentifier) (user, bool, error) {
	index, value := byUsername, id.Value
	switch id.Type {
	case "email":
		index = byEmail
	case "phone":
		index, value = byPhone, normalisedPhone(value)
	case "userId":
		u, err := users.Get(tx, tenant, value)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return u, false, nil
		}
		return u, err == nil, err
	}
	uid, err := tx.Lookup(tenant, users.Name, index, value)
	if errors.Is(err, store.ErrNotFound) {
		return user{}, false, nil
	}
	if err != nil {
		return user{}, false, err
	}
	u, err := users.Get(tx, tenant, uid)
	return u, err == nil, err
}

// missingProfile lists what sign-up requires that a profile lacks.
func missingProfile(tx *store.Tx, tenant string, username, email, phone *string, hasPassword bool) ([]string, error) {
	sie, err := loadSignInExperience(tx, tenant)
	if err != nil {
		return nil, err
	}
	var up signUpSettings
	sie.decode("signUp", &up)
	var missing []string
	has := func(p *string) bool { return p != nil && *p != "" }
	switch {
	case slices.Contains(up.Identifiers, "username") && !has(username):
		missing = append(missing, "username")
	}
	needEmail, needPhone := slices.Contains(up.Identifiers, "email"), slices.Contains(up.Identifiers, "phone")
	switch {
	case needEmail && needPhone && !has(email) && !has(phone):
		missing = append(missing, "emailOrPhone")
	case needEmail && !needPhone && !has(email):
		missing = append(missing, "email")
	case needPhone && !needEmail && !has(phone):
		missing = append(missing, "phone")
	}
	if up.Password && !hasPassword {
		missing = append(missing, "password")
	}
	return missing, nil
}
