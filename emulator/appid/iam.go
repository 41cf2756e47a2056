package appid

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/idemu/idemu/emulator/oauth"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/emulator/token"
)

// iamTenant is the store tenant holding IBM Cloud IAM's own signing key and refresh
// tokens. Fixture tenant ids cannot start with "_", so it never meets an App ID tenant.
const iamTenant = "_iam"

// IAM's grant types and token settings.
const (
	iamAPIKeyGrant  = "urn:ibm:params:oauth:grant-type:apikey"
	iamRefreshGrant = "refresh_token"
	iamClientID     = "default"
	iamTokenTTL     = time.Hour
	iamRefreshTTL   = 30 * 24 * time.Hour
)

// IAM error codes. BXNIM0415E is IAM's documented answer for an unknown API key; the
// others are idemu's choice for cases the sources do not show (see README).
const (
	iamCodeUnknownAPIKey      = "BXNIM0415E"
	iamCodeMissingProperty    = "BXNIM0109E"
	iamCodeUnsupportedGrant   = "BXNIM0308E"
	iamCodeInvalidRefresh     = "BXNIM0407E"
	iamIdentityPath           = "/identity"
	iamTokenScope             = "ibm openid"
	iamServiceIDSubjectPrefix = "ServiceId-"
)

// iamIDOf derives the IAM identity of an API key from the key itself, so that one key
// seeded into several tenants is one identity with a role on each of them.
func iamIDOf(apikey string) string {
	sum := sha256.Sum256([]byte(apikey))
	h := hex.EncodeToString(sum[:16])
	return "iam-" + iamServiceIDSubjectPrefix + h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func platformURL(c *gin.Context) string { return platform.BaseURL(c.Request) + c.Request.URL.Path }

func iamIssuer(c *gin.Context) string { return platform.BaseURL(c.Request) + iamIdentityPath }

// iamToken is POST /identity/token: IAM's API key and refresh token grants.
func (h *Handler) iamToken(c *gin.Context) error {
	if err := c.Request.ParseForm(); err != nil {
		return iamError(c, http.StatusBadRequest, iamCodeMissingProperty, "the request body is not a valid form")
	}
	switch grant := c.Request.PostForm.Get("grant_type"); grant {
	case iamAPIKeyGrant:
		apikey := c.Request.PostForm.Get("apikey")
		if apikey == "" {
			return iamError(c, http.StatusBadRequest, iamCodeMissingProperty, "Property missing or empty: apikey")
		}
		return h.issueIAMToken(c, iamIDOf(apikey), "")
	case iamRefreshGrant:
		raw := c.Request.PostForm.Get("refresh_token")
		if raw == "" {
			return iamError(c, http.StatusBadRequest, iamCodeMissingProperty, "Property missing or empty: refresh_token")
		}
		return h.issueIAMToken(c, "", raw)
	case "":
		return iamError(c, http.StatusBadRequest, iamCodeMissingProperty, "Property missing or empty: grant_type")
	default:
		return iamError(c, http.StatusBadRequest, iamCodeUnsupportedGrant, "Unsupported grant type: "+grant)
	}
}

// issueIAMToken answers an API key (iamID set) or refresh token (refresh set) grant.
func (h *Handler) issueIAMToken(c *gin.Context, iamID, refresh string) error {
	var body gin.H
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if refresh != "" {
			g, err := h.tokens.Rotate(tx, iamTenant, refresh, iamClientID)
			if err != nil {
				return iamError(c, http.StatusBadRequest, iamCodeInvalidRefresh, "Provided refresh token is invalid or expired")
			}
			iamID = g.Subject
		}
		key, err := findAPIKey(tx, iamID)
		if isMissing(err) {
			if refresh != "" {
				return iamError(c, http.StatusBadRequest, iamCodeInvalidRefresh, "the API key of this refresh token no longer exists")
			}
			return iamError(c, http.StatusBadRequest, iamCodeUnknownAPIKey, "Provided API key could not be found")
		}
		if err != nil {
			return err
		}
		now := tx.Now()
		subject := iamServiceIDSubjectPrefix + key.IAMID[len("iam-"+iamServiceIDSubjectPrefix):]
		at, _, err := h.tokens.IssueAccess(tx, iamTenant, oauth.Access{
			Issuer: iamIssuer(c), Subject: subject, ClientID: iamClientID, TTL: iamTokenTTL,
			Scope: []string{"ibm", "openid"},
			Extra: map[string]any{
				"iam_id": key.IAMID, "id": key.IAMID, "realmid": "iam", "identifier": subject,
				"name": key.Name, "sub_type": "ServiceId", "grant_type": iamAPIKeyGrant,
				"account": map[string]any{"bss": "idemu", "valid": true},
				"acr":     1, "amr": []string{"pwd"},
			},
		})
		if err != nil {
			return err
		}
		rt, err := h.tokens.IssueRefresh(tx, iamTenant, oauth.Grant{ClientID: iamClientID, Subject: key.IAMID}, iamRefreshTTL)
		if err != nil {
			return err
		}
		body = gin.H{
			"access_token": at, "refresh_token": rt, "token_type": "Bearer",
			"expires_in": int(iamTokenTTL.Seconds()), "expiration": now.Add(iamTokenTTL).Unix(), "scope": iamTokenScope,
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, body)
	return nil
}

// findAPIKey looks an IAM identity up in every tenant: IAM is global, and its API keys
// are seeded with the App ID tenant they hold a role on.
func findAPIKey(tx *store.Tx, iamID string) (apiKey, error) {
	all, err := tx.Tenants()
	if err != nil {
		return apiKey{}, err
	}
	for _, t := range all {
		if t == iamTenant {
			continue
		}
		if k, err := apiKeys.Get(tx, t, iamID); err == nil {
			return k, nil
		} else if !isMissing(err) {
			return apiKey{}, err
		}
	}
	return apiKey{}, store.ErrNotFound
}

// iamKeys is GET /identity/keys: the public keys IAM tokens verify with.
func (h *Handler) iamKeys(c *gin.Context) error {
	var body any
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		ks, err := h.tokens.JWKS(tx, iamTenant)
		body = ks
		return err
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, body)
	return nil
}

// iamDiscovery is IAM's OpenID configuration, so OIDC libraries can verify IAM tokens.
func (h *Handler) iamDiscovery(c *gin.Context) error {
	issuer := iamIssuer(c)
	c.JSON(http.StatusOK, token.Discovery(token.DiscoveryOptions{
		Issuer:     issuer,
		Endpoints:  token.Endpoints{Token: issuer + "/token", JWKS: issuer + "/keys"},
		GrantTypes: []string{iamAPIKeyGrant, iamRefreshGrant},
		Scopes:     []string{"openid"},
	}))
	return nil
}

// newID is App ID's id format for users, profiles, roles and applications.
func newID() string { return uuid.NewString() }
