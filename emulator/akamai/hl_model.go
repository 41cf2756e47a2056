package akamai

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/idemu/idemu/emulator/store"
)

// OIDC client types. A confidential client without a login policy is a configuration
// client: it only obtains administrative tokens.
const (
	clientPublic       = "public"
	clientConfidential = "confidential"
)

// oidcClient is a Hosted Login OpenID Connect client.
type oidcClient struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Type         string    `json:"type"`
	Secret       string    `json:"secret,omitempty"`
	RedirectURIs []string  `json:"redirectURIs"`
	LoginPolicy  string    `json:"loginPolicy,omitempty"`
	TokenPolicy  string    `json:"tokenPolicy,omitempty"`
	AppClient    string    `json:"appClient,omitempty"` // the Capture API client it logs in through
	OwnsApp      bool      `json:"ownsApp,omitempty"`   // the Capture client was created with it
	Created      time.Time `json:"created"`
}

func (cl oidcClient) isConfig() bool { return cl.Type == clientConfidential && cl.LoginPolicy == "" }

var oidcClients = store.Collection[oidcClient]{Name: "hl-clients"}

// connectionDetails name the Capture app, entity type and owner client a login policy's
// users live in.
type connectionDetails struct {
	ApplicationID string `json:"applicationId"`
	ClientID      string `json:"clientId"`
	ClientSecret  string `json:"clientSecret"`
	Domain        string `json:"domain"`
	EntityType    string `json:"entityType"`
}

type identityStore struct {
	Type       string            `json:"type"`
	Connection connectionDetails `json:"connectionDetails"`
}

// customClaims map claim names to attribute paths of the user record, for the identity
// token and for the userinfo endpoint.
type customClaims struct {
	IDToken  map[string]string `json:"id_token,omitempty"`
	Userinfo map[string]string `json:"userinfo,omitempty"`
}

// loginPolicy is a Hosted Login login policy. Its push claim switch and allowed response
// types are only reachable through their own endpoints, as documented.
type loginPolicy struct {
	ID            string        `json:"id"`
	Title         string        `json:"title"`
	LoginURL      string        `json:"loginURL"`
	Store         identityStore `json:"identityStoreDetails"`
	Claims        customClaims  `json:"customClaims"`
	PushClaims    bool          `json:"pushClaims"`
	ResponseTypes []string      `json:"allowedResponseTypes"`
}

var loginPolicies = store.Collection[loginPolicy]{Name: "hl-login-policies"}

// tokenPolicy is a Hosted Login token policy: lifetimes, scopes, JWT or opaque access
// tokens, and (through their own endpoints) grant types and resource indicators.
type tokenPolicy struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	AccessTTL    int      `json:"accessTokenLifetime"`
	RefreshTTL   int      `json:"refreshTokenLifetime"`
	Scopes       []string `json:"allowedScopes"`
	UseAccessJWT bool     `json:"useAccessJWT"`
	GrantTypes   []string `json:"allowedGrantTypes"`
	Resources    []string `json:"allowedResourceIndicators"`
}

var tokenPolicies = store.Collection[tokenPolicy]{Name: "hl-token-policies"}

// Documented token policy defaults and the scopes of the discovery document.
const (
	defaultAccessTTL  = 3600
	defaultRefreshTTL = 7776000
)

var (
	hostedLoginScopes    = []string{"openid", "profile", "email", "phone", "address"}
	defaultGrantTypes    = []string{"authorization_code", "refresh_token"}
	knownGrantTypes      = []string{"authorization_code", "implicit", "refresh_token", "client_credentials"}
	defaultResponseTypes = []string{"code"}
	knownResponseTypes   = []string{"code", "token", "id_token", "code id_token", "code token", "id_token token", "code id_token token"}
)

// Seeded Hosted Login objects: a configuration client, and a confidential login client
// whose application client is the seeded Capture login client.
const (
	DefaultConfigClientID     = "idemu-hl-config"
	DefaultConfigClientSecret = "idemu-hl-config-secret"
	DefaultOIDCClientID       = "idemu-hl-client"
	DefaultOIDCClientSecret   = "idemu-hl-client-secret"
	DefaultRedirectURI        = "https://app.test/callback"
	defaultLoginURL           = "https://login.idemu.test/auth-ui/login"
)

// seededID is a stable id for a seeded Hosted Login object of an app.
func seededID(app, what string) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("urn:idemu:akamai:"+app+":"+what)).String()
}

// seedHostedLogin gives an app its Hosted Login defaults, once: a token policy, a
// configuration client and, when the app has an owner client and a login client to
// connect with, a login policy and an OIDC login client.
func seedHostedLogin(tx *store.Tx, app string) error {
	tp := tokenPolicy{ID: seededID(app, "token-policy"), Title: "idemu token policy", AccessTTL: defaultAccessTTL,
		RefreshTTL: defaultRefreshTTL, Scopes: slices.Clone(hostedLoginScopes), UseAccessJWT: true,
		GrantTypes: slices.Clone(defaultGrantTypes), Resources: []string{}}
	if err := putIfAbsent(tx, tokenPolicies, app, tp.ID, tp); err != nil {
		return err
	}
	config := oidcClient{ID: DefaultConfigClientID, Name: "idemu configuration client", Type: clientConfidential,
		Secret: DefaultConfigClientSecret, RedirectURIs: []string{}, Created: tx.Now()}
	if err := putClient(tx, app, config); err != nil {
		return err
	}
	var owner, login *client
	err := clients.Each(tx, app, func(_ string, cl client) bool {
		if owner == nil && cl.has(featureOwner) {
			owner = &cl
		}
		if login == nil && cl.has(featureLoginClient) {
			login = &cl
		}
		return owner == nil || login == nil
	})
	if err != nil || owner == nil || login == nil {
		return err
	}
	lp := loginPolicy{ID: seededID(app, "login-policy"), Title: "idemu login policy", LoginURL: defaultLoginURL,
		Store: identityStore{Type: "janrainCapture", Connection: connectionDetails{ApplicationID: app, ClientID: owner.ID,
			ClientSecret: owner.Secret, Domain: app + ".janraincapture.com", EntityType: "user"}},
		ResponseTypes: slices.Clone(defaultResponseTypes)}
	if err := putIfAbsent(tx, loginPolicies, app, lp.ID, lp); err != nil {
		return err
	}
	oc := oidcClient{ID: DefaultOIDCClientID, Name: "idemu login client", Type: clientConfidential, Secret: DefaultOIDCClientSecret,
		RedirectURIs: []string{DefaultRedirectURI}, LoginPolicy: lp.ID, TokenPolicy: tp.ID, AppClient: login.ID, Created: tx.Now()}
	return putClient(tx, app, oc)
}

func putIfAbsent[T any](tx *store.Tx, coll store.Collection[T], app, id string, v T) error {
	if _, err := coll.Get(tx, app, id); !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return coll.Put(tx, app, id, v)
}

// putClient stores a seeded OIDC client unless one with its id exists, claiming its name.
func putClient(tx *store.Tx, app string, cl oidcClient) error {
	if _, err := oidcClients.Get(tx, app, cl.ID); !errors.Is(err, store.ErrNotFound) {
		return err
	}
	err := tx.Claim(app, oidcClients.Name, "name", cl.Name, cl.ID)
	if errors.Is(err, store.ErrDuplicate) {
		return nil // a client made through the API holds the name: leave it be
	}
	if err != nil {
		return err
	}
	return oidcClients.Put(tx, app, cl.ID, cl)
}

// view is the client as the configuration API shows it: never its secret.
func (cl oidcClient) view(x *call) gin.H {
	out := gin.H{"id": cl.ID, "name": cl.Name, "type": cl.Type, "redirectURIs": nonNil(cl.RedirectURIs),
		"_links": cl.links(x)}
	if cl.LoginPolicy != "" {
		out["loginPolicy"] = cl.LoginPolicy
	}
	if cl.TokenPolicy != "" {
		out["tokenPolicy"] = cl.TokenPolicy
	}
	return out
}

func (cl oidcClient) links(x *call) gin.H {
	out := gin.H{"self": gin.H{"href": "/" + x.customer + "/config/clients/" + cl.ID}}
	if cl.AppClient != "" {
		out["applicationClient"] = gin.H{"href": "/config/" + x.app + "/clients/" + cl.AppClient}
	}
	return out
}

func (lp loginPolicy) view() gin.H {
	claims := gin.H{}
	if len(lp.Claims.IDToken) > 0 {
		claims["id_token"] = lp.Claims.IDToken
	}
	if len(lp.Claims.Userinfo) > 0 {
		claims["userinfo"] = lp.Claims.Userinfo
	}
	return gin.H{"id": lp.ID, "title": lp.Title, "loginURL": lp.LoginURL, "identityStoreDetails": lp.Store, "customClaims": claims}
}

func (tp tokenPolicy) view() gin.H {
	return gin.H{"id": tp.ID, "title": tp.Title, "accessTokenLifetime": tp.AccessTTL, "refreshTokenLifetime": tp.RefreshTTL,
		"allowedScopes": nonNil(tp.Scopes), "useAccessJWT": tp.UseAccessJWT}
}

// hostedLoginDomain is the host name of a login policy's login URL: the
// {hostedLoginDomain} segment of the authorization and logout paths.
func (lp loginPolicy) hostedLoginDomain() string {
	u, err := url.Parse(lp.LoginURL)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

func getOIDCClient(tx *store.Tx, app, id string) (oidcClient, error) {
	cl, err := oidcClients.Get(tx, app, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return oidcClient{}, configErr(http.StatusNotFound, "OpenID Connect client "+id+" not found.")
	}
	return cl, err
}

func getLoginPolicy(tx *store.Tx, app, id string) (loginPolicy, error) {
	lp, err := loginPolicies.Get(tx, app, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return loginPolicy{}, configErr(http.StatusNotFound, "Login policy "+id+" not found.")
	}
	return lp, err
}

func getTokenPolicy(tx *store.Tx, app, id string) (tokenPolicy, error) {
	tp, err := tokenPolicies.Get(tx, app, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return tokenPolicy{}, configErr(http.StatusNotFound, "Token policy "+id+" not found.")
	}
	return tp, err
}
