package logto

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Verification records of an interaction: passwords, codes sent to an email or phone,
// a new username and password, social and enterprise sign-ins, TOTP and backup codes.

const (
	recordNewPasswordIdentity = "NewPasswordIdentity"
	recordEnterpriseSso       = "EnterpriseSso"
	recordTotp                = "Totp"
	recordBackupCode          = "BackupCode"
	recordOneTimeToken        = "OneTimeToken"
	recordMfaPrefix           = "Mfa" // MfaEmailVerificationCode, MfaPhoneVerificationCode
)

type expRecord struct {
	ID             string          `json:"id"`
	Type           string          `json:"type"`
	Identifier     *vIdentifier    `json:"identifier,omitempty"`
	TemplateType   string          `json:"templateType,omitempty"`
	Verified       bool            `json:"verified"`
	UserID         string          `json:"userId,omitempty"` // the user a record proves
	ConnectorID    string          `json:"connectorId,omitempty"`
	SocialInfo     json.RawMessage `json:"socialInfo,omitempty"`
	Secret         string          `json:"secret,omitempty"` // a TOTP secret to bind
	Codes          []string        `json:"codes,omitempty"`  // backup codes to bind
	PasswordDigest string          `json:"passwordDigest,omitempty"`
}

// body is the record as GET /api/experience/interaction shows it: each type has its
// own members.
func (r expRecord) body() ordered {
	out := ordered{{"id", r.ID}, {"type", r.Type}}
	switch r.Type {
	case verifySocial, recordEnterpriseSso:
		out = append(out, kv{"connectorId", r.ConnectorID})
		if r.Verified {
			key := "socialUserInfo"
			if r.Type == recordEnterpriseSso {
				key = "enterpriseSsoUserInfo"
			}
			out = append(out, kv{key, r.SocialInfo})
		}
		return out
	case recordTotp, recordBackupCode:
		out = append(out, kv{"userId", r.UserID})
	case recordNewPasswordIdentity:
		return append(out, kv{"identifier", r.Identifier})
	default:
		out = append(out, kv{"identifier", r.Identifier})
		if r.TemplateType != "" {
			out = append(out, kv{"templateType", r.TemplateType})
		}
	}
	if r.Type == recordBackupCode {
		return out
	}
	return append(out, kv{"verified", r.Verified})
}

func (in *interaction) record(id string) (*expRecord, error) {
	for i := range in.Records {
		if in.Records[i].ID == id {
			return &in.Records[i], nil
		}
	}
	return nil, fail(http.StatusNotFound, "session.verification_session_not_found")
}

func (in *interaction) add(r expRecord) expRecord {
	r.ID = standardID()
	in.Records = append(in.Records, r)
	return r
}

func verificationID(id string) ordered { return ordered{{"verificationId", id}} }

// expVerification runs a verification step on the interaction and answers its id.
func (h *Handler) expVerification(c *gin.Context, fn func(tx *store.Tx, tenant string, in *interaction) (string, error)) error {
	return h.guardedVerification(c, "", "", fn)
}

// guardedVerification is expVerification under the sentinel: the check of target is
// reported as action (no sentinel when action is "").
func (h *Handler) guardedVerification(c *gin.Context, action, target string, fn func(tx *store.Tx, tenant string, in *interaction) (string, error)) error {
	var id string
	err := h.withSentinel(c, action, target, func() error {
		return h.withInteraction(c, func(tx *store.Tx, tenant string, in *interaction) (err error) {
			id, err = fn(tx, tenant, in)
			return err
		})
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, verificationID(id))
}

// interactionUserID is the user the interaction identified so far ("" when none).
func (h *Handler) interactionUserID(c *gin.Context) string {
	var id string
	_ = h.deps.Store.View(func(tx *store.Tx) error {
		in, err := loadInteraction(c, tx, platform.TenantOf(c))
		if err == nil {
			if u, err := identifiedUser(tx, platform.TenantOf(c), &in); err == nil {
				id = u.ID
			}
		}
		return nil
	})
	return id
}

// createPasswordVerification checks an identifier's password. An unknown identifier,
// a wrong password and a user without password are alike 422
// session.invalid_credentials; a suspended user is 401 user.suspended.
func (h *Handler) createPasswordVerification(c *gin.Context) error {
	var body struct {
		Identifier vIdentifier `json:"identifier"`
		Password   string      `json:"password"`
	}
	if err := bind(c, &body); err != nil {
		return err
	}
	return h.guardedVerification(c, sentinelPassword, body.Identifier.Value, func(tx *store.Tx, tenant string, in *interaction) (string, error) {
		u, found, err := findUserBy(tx, tenant, body.Identifier)
		if err != nil {
			return "", err
		}
		ok := false
		if found && u.PasswordDigest != "" {
			ok, _ = verifyPassword(u.PasswordAlgorithm, u.PasswordDigest, body.Password)
		}
		if !ok {
			return "", fail(http.StatusUnprocessableEntity, "session.invalid_credentials")
		}
		if u.IsSuspended {
			return "", fail(http.StatusUnauthorized, "user.suspended")
		}
		id := body.Identifier
		r := in.add(expRecord{Type: recordPassword, Identifier: &id, Verified: true, UserID: u.ID})
		return r.ID, nil
	})
}

// createAndSendVerificationCode sends a code for the interaction's event (template
// SignIn, Register or ForgotPassword).
func (h *Handler) createAndSendVerificationCode(c *gin.Context) error {
	var body struct {
		Identifier identifierInput `json:"identifier"`
		Event      string          `json:"interactionEvent"`
	}
	if err := bind(c, &body); err != nil {
		return err
	}
	return h.expVerification(c, func(tx *store.Tx, tenant string, in *interaction) (string, error) {
		id := vIdentifier(body.Identifier)
		r := in.add(expRecord{Type: body.Identifier.recordType(), Identifier: &id, TemplateType: body.Event})
		_, err := h.sendPasscode(tx, tenant, r.ID, body.Event, body.Identifier.target())
		return r.ID, err
	})
}

func (h *Handler) verifyVerificationCodeVerification(c *gin.Context) error {
	var body struct {
		Identifier     identifierInput `json:"identifier"`
		VerificationID string          `json:"verificationId"`
		Code           string          `json:"code"`
	}
	if err := bind(c, &body); err != nil {
		return err
	}
	var id string
	err := h.withSentinel(c, sentinelCode, body.Identifier.Value, func() error {
		return h.commitMismatch(func(tx *store.Tx) error {
			return h.verifyCodeRecord(c, tx, body.Identifier, body.VerificationID, body.Code, &id)
		})
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, verificationID(id))
}

// verifyCodeRecord checks a code against the interaction's record of it; id is set to
// the record's id once verified.
func (h *Handler) verifyCodeRecord(c *gin.Context, tx *store.Tx, identifier identifierInput, recordID, code string, id *string) error {
	return h.interactionIn(c, tx, func(tenant string, in *interaction) error {
		r, err := in.record(recordID)
		if err != nil {
			return err
		}
		if r.Identifier == nil || r.Identifier.Value != identifier.Value || r.Type != identifier.recordType() {
			return fail(http.StatusBadRequest, "session.verification_failed")
		}
		if err := verifyPasscode(tx, tenant, r.ID, r.TemplateType, identifier.target(), code); err != nil {
			return err
		}
		r.Verified, *id = true, r.ID
		return nil
	})
}

// interactionIn is withInteraction inside a caller's transaction.
func (h *Handler) interactionIn(c *gin.Context, tx *store.Tx, fn func(tenant string, in *interaction) error) error {
	tenant := platform.TenantOf(c)
	in, err := loadInteraction(c, tx, tenant)
	if err != nil {
		return err
	}
	if err := fn(tenant, &in); err != nil {
		return err
	}
	return saveInteraction(tx, tenant, in)
}

// createNewPasswordIdentity is a registration's username and password, checked for a
// free username and the password policy.
func (h *Handler) createNewPasswordIdentity(c *gin.Context) error {
	var body struct {
		Identifier vIdentifier `json:"identifier"`
		Password   string      `json:"password"`
	}
	if err := bind(c, &body); err != nil {
		return err
	}
	return h.expVerification(c, func(tx *store.Tx, tenant string, in *interaction) (string, error) {
		if _, taken, err := findUserBy(tx, tenant, body.Identifier); err != nil || taken {
			if err != nil {
				return "", err
			}
			return "", fail(http.StatusUnprocessableEntity, "user.username_already_in_use")
		}
		name := body.Identifier.Value
		if err := checkPasswordPolicy(tx, tenant, body.Password, &user{Username: &name}); err != nil {
			return "", err
		}
		digest, err := hashPassword(body.Password, h.deps.BcryptCost)
		if err != nil {
			return "", err
		}
		id := body.Identifier
		r := in.add(expRecord{Type: recordNewPasswordIdentity, Identifier: &id, Verified: true, PasswordDigest: digest})
		return r.ID, nil
	})
}

// createSocialExperience starts a social (or, with sso, an enterprise SSO) sign-in:
// the provider's authorization URI. idemu's connectors call no provider; the verify
// step takes the identity from connectorData.
func (h *Handler) createSocialExperience(sso bool) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		var body struct {
			RedirectURI string `json:"redirectUri"`
			State       string `json:"state"`
		}
		if err := bind(c, &body); err != nil {
			return err
		}
		var id, uri string
		err := h.withInteraction(c, func(tx *store.Tx, tenant string, in *interaction) error {
			connectorID := contract.Param(c, "connectorId")
			if sso {
				s, err := loadSsoConnector(tx, tenant, connectorID)
				if err != nil {
					return err
				}
				uri = ssoAuthorizationURI(s, body.State, body.RedirectURI)
				id = in.add(expRecord{Type: recordEnterpriseSso, ConnectorID: s.ID}).ID
				return nil
			}
			r, link, err := socialVerification(tx, tenant, "", connectorID, body.State, body.RedirectURI)
			if err != nil {
				return err
			}
			uri = link
			id = in.add(expRecord{Type: verifySocial, ConnectorID: r.ConnectorID, Identifier: &r.Identifier}).ID
			return nil
		})
		if err != nil {
			return err
		}
		return h.respond(c, http.StatusOK, ordered{{"authorizationUri", uri}, {"verificationId", id}})
	}
}

// ssoAuthorizationURI is an OIDC provider's authorization request; SAML providers
// answer the connector's own sign-in endpoint.
func ssoAuthorizationURI(s ssoConnector, state, redirectURI string) string {
	var cfg map[string]any
	_ = json.Unmarshal(s.Config, &cfg)
	f := connectorFactory{IsStandard: true, Scope: "openid profile email"}
	if issuer, ok := cfg["issuer"].(string); ok {
		cfg["authorizationEndpoint"] = strings.TrimRight(issuer, "/") + "/authorize"
	}
	if s.ProviderName == "GoogleWorkspace" {
		cfg["authorizationEndpoint"] = "https://accounts.google.com/o/oauth2/v2/auth"
	}
	if uri, err := f.authorizationURI(cfg, state, redirectURI); err == nil {
		return uri
	}
	endpoint, _ := cfg["signInEndpoint"].(string)
	return endpoint
}

func (h *Handler) verifySocialExperience(sso bool) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		var body struct {
			ConnectorData  map[string]any `json:"connectorData"`
			VerificationID string         `json:"verificationId"`
		}
		if err := bind(c, &body); err != nil {
			return err
		}
		return h.expVerification(c, func(tx *store.Tx, tenant string, in *interaction) (string, error) {
			r, err := in.record(body.VerificationID)
			if err != nil {
				return "", err
			}
			want := verifySocial
			if sso {
				want = recordEnterpriseSso
			}
			if r.Type != want || r.ConnectorID != contract.Param(c, "connectorId") {
				return "", fail(http.StatusBadRequest, "session.verification_failed")
			}
			info, err := socialUserInfo(body.ConnectorData)
			if err != nil {
				return "", err
			}
			raw, _ := json.Marshal(info)
			r.SocialInfo, r.Verified = jsonb(raw), true
			return r.ID, nil
		})
	}
}

// identifiedUser is the user the interaction identified (404
// session.identifier_not_found before that).
func identifiedUser(tx *store.Tx, tenant string, in *interaction) (user, error) {
	if in.UserID == "" {
		return user{}, fail(http.StatusNotFound, "session.identifier_not_found")
	}
	return loadUser(tx, tenant, in.UserID)
}
