package appid

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// codeTTL is how long an authorization code can be redeemed.
const codeTTL = 10 * time.Minute

// authCode is an issued authorization code, stored under the hash of its value.
type authCode struct {
	ClientID      string    `json:"client_id"`
	RedirectURI   string    `json:"redirect_uri"`
	ProfileID     string    `json:"profile_id"`
	UserID        string    `json:"user_id,omitempty"`
	AMR           []string  `json:"amr"`
	Nonce         string    `json:"nonce,omitempty"`
	Challenge     string    `json:"code_challenge,omitempty"`
	ChallengeAlgo string    `json:"code_challenge_method,omitempty"`
	LoginAt       time.Time `json:"login_at"`
}

var codes = store.Collection[authCode]{Name: "oauth-codes"}

func hashCode(code string) string {
	sum := sha256.Sum256([]byte(code))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// invalidCredentials is App ID's answer to a wrong username or password.
func invalidCredentials() *apiError {
	return oauthError(http.StatusUnauthorized, "invalid_grant", "Invalid username or password")
}

// checkCredentials signs a Cloud Directory user in with a password, applying the
// tenant's lockout and expiry rules. It writes (failure counts, lockouts, last
// login) even when it refuses, so callers commit before answering the refusal.
func (h *Handler) checkCredentials(tx *store.Tx, tenant, who, password string) (cdUser, error) {
	u, err := findUserByIdentity(tx, tenant, strings.TrimSpace(who))
	if err != nil {
		return u, invalidCredentials()
	}
	now := tx.Now()
	if !u.Active {
		return u, oauthError(http.StatusForbidden, "forbidden", "The user is disabled")
	}
	if u.locked(now) {
		return u, oauthError(http.StatusUnauthorized, "invalid_grant", "The user is locked")
	}
	apm, err := decodeConfig[apmSettings](tx, tenant, areaAPM)
	if err != nil {
		return u, err
	}
	if !platform.PasswordMatches(u.PasswordHash, password) {
		u.FailedSignIns++
		if attempts, lock, on := apm.lockout(); on && u.FailedSignIns >= attempts {
			u.LockedUntil, u.FailedSignIns = now.Add(lock).UnixMilli(), 0
		}
		if err := cdUsers.Put(tx, tenant, u.ID, u); err != nil {
			return u, err
		}
		return u, invalidCredentials()
	}
	settings, err := loadCDSettings(tx, tenant)
	if err != nil {
		return u, err
	}
	if u.Status != statusConfirmed && settings.restrictive() {
		e := oauthError(http.StatusForbidden, "forbidden", "The user's email is not verified")
		e.Body.(gin.H)["error_code"] = "FORBIDDEN"
		return u, e
	}
	if d, on := apm.expiry(); on && !now.Before(u.PasswordChangedAt.Add(d)) {
		e := oauthError(http.StatusUnauthorized, "invalid_grant", "Password expired")
		e.Body.(gin.H)["user_id"] = u.ID
		return u, e
	}
	u.FailedSignIns, u.LockedUntil, u.LastLogin = 0, 0, now
	return u, cdUsers.Put(tx, tenant, u.ID, u)
}

// redeemCode spends an authorization code: same client, same redirect URI, and the
// PKCE verifier when the code was issued with a challenge.
func (h *Handler) redeemCode(tx *store.Tx, tenant string, app application, code, redirectURI, verifier string) (signIn, error) {
	invalid := oauthError(http.StatusBadRequest, "invalid_grant", "the authorization code is not valid")
	if code == "" {
		return signIn{}, oauthError(http.StatusBadRequest, "invalid_request", "code is required")
	}
	ac, err := codes.Get(tx, tenant, hashCode(code))
	if isMissing(err) {
		return signIn{}, invalid
	}
	if err != nil {
		return signIn{}, err
	}
	if err := codes.Delete(tx, tenant, hashCode(code)); err != nil {
		return signIn{}, err
	}
	if ac.ClientID != app.ClientID || ac.RedirectURI != redirectURI {
		return signIn{}, invalid
	}
	if ac.Challenge != "" && !pkceMatches(ac.Challenge, ac.ChallengeAlgo, verifier) {
		return signIn{}, oauthError(http.StatusBadRequest, "invalid_grant", "the code verifier does not match the code challenge")
	}
	if ac.Challenge == "" && app.Type == appSinglePage {
		return signIn{}, oauthError(http.StatusBadRequest, "invalid_grant", "a single-page application must use PKCE")
	}
	p, err := profiles.Get(tx, tenant, ac.ProfileID)
	if err != nil {
		return signIn{}, invalid
	}
	s := signIn{app: app, profile: &p, amr: ac.AMR, nonce: ac.Nonce, loginAt: ac.LoginAt}
	if ac.UserID != "" {
		u, err := cdUsers.Get(tx, tenant, ac.UserID)
		if err != nil {
			return signIn{}, invalid
		}
		s.user = &u
	} else {
		s.noRefresh = true // anonymous
	}
	return s, nil
}

func pkceMatches(challenge, method, verifier string) bool {
	if verifier == "" {
		return false
	}
	got := verifier
	if method == "S256" {
		sum := sha256.Sum256([]byte(verifier))
		got = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(challenge)) == 1
}

// assertionSignIn is the custom identity flow: a JWT the tenant's own identity
// provider signed with the key registered at config/idps/custom.
func (h *Handler) assertionSignIn(c *gin.Context, tx *store.Tx, tenant string, app application, assertion string) (signIn, error) {
	invalid := func(msg string) error { return oauthError(http.StatusBadRequest, "invalid_grant", msg) }
	if assertion == "" {
		return signIn{}, oauthError(http.StatusBadRequest, "invalid_request", "assertion is required")
	}
	cfg, err := decodeConfig[struct {
		IsActive bool `json:"isActive"`
		Config   struct {
			PublicKey string `json:"publicKey"`
		} `json:"config"`
	}](tx, tenant, areaCustom)
	if err != nil {
		return signIn{}, err
	}
	if !cfg.IsActive {
		return signIn{}, oauthError(http.StatusBadRequest, "unauthorized_client", "the custom identity provider is not active")
	}
	key, err := parsePublicKey(cfg.Config.PublicKey)
	if err != nil {
		return signIn{}, err
	}
	tok, err := jwt.ParseSigned(assertion, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return signIn{}, invalid("the assertion is not a signed JWT")
	}
	var claims jwt.Claims
	if err := tok.Claims(key, &claims); err != nil {
		return signIn{}, invalid("the assertion's signature does not verify with the custom identity provider's key")
	}
	err = claims.ValidateWithLeeway(jwt.Expected{AnyAudience: jwt.Audience{oauthServerURL(c, tenant)}, Time: tx.Now()}, 0)
	if err != nil || claims.Subject == "" || claims.Expiry == nil {
		return signIn{}, invalid("the assertion needs sub, exp and aud (the OAuth server URL), and must not be expired")
	}
	p, err := ensureProfile(tx, tenant, providerCustom, claims.Subject, "")
	if err != nil {
		return signIn{}, err
	}
	return signIn{app: app, profile: &p, amr: []string{providerCustom}, loginAt: tx.Now()}, nil
}

// authRequest is an authorization request, from the query or the sign-in form.
type authRequest struct {
	ClientID, RedirectURI, ResponseType, Scope, State, Nonce, Challenge, ChallengeMethod, IDP string
}

func authRequestOf(get func(string) string) authRequest {
	return authRequest{ClientID: get("client_id"), RedirectURI: get("redirect_uri"), ResponseType: get("response_type"),
		Scope: get("scope"), State: get("state"), Nonce: get("nonce"), Challenge: get("code_challenge"),
		ChallengeMethod: get("code_challenge_method"), IDP: get("idp")}
}

// checkAuthRequest validates the client and redirect URI; errors before that point
// are answered directly, never redirected to an unchecked URI.
func checkAuthRequest(tx *store.Tx, tenant string, r authRequest) (application, error) {
	app, err := applications.Get(tx, tenant, r.ClientID)
	if isMissing(err) {
		return app, oauthError(http.StatusBadRequest, "invalid_request", "unknown client_id")
	}
	if err != nil {
		return app, err
	}
	cfg, err := decodeConfig[struct {
		RedirectURIs []string `json:"redirectUris"`
	}](tx, tenant, areaRedirectURIs)
	if err != nil {
		return app, err
	}
	for _, pattern := range cfg.RedirectURIs {
		if redirectMatches(pattern, r.RedirectURI) {
			return app, nil
		}
	}
	return app, oauthError(http.StatusBadRequest, "invalid_request", "redirect_uri is not one of the tenant's redirect URIs")
}

// redirectMatches compares a redirect URI with a registered one, where App ID allows
// "*" as a wildcard.
func redirectMatches(pattern, uri string) bool {
	if !strings.Contains(pattern, "*") {
		return pattern == uri
	}
	re := "^" + strings.ReplaceAll(regexp.QuoteMeta(pattern), `\*`, ".*") + "$"
	ok, _ := regexp.MatchString(re, uri)
	return ok
}
