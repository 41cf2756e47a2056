package akamai

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/store"
)

// Custom provider protocols.
const (
	protocolOIDC   = "openidconnect"
	protocolOAuth2 = "oauth2"
	protocolSAML2  = "saml2"
)

type providerUI struct {
	Title   string `json:"title"`
	IconURL string `json:"icon_url,omitempty"`
}

// customProvider is a social login identity provider Akamai does not predefine. Its id
// names it among the app's providers (set_auth_providers, signin/oauth_token).
type customProvider struct {
	ID             string            `json:"id"`
	Title          string            `json:"title"`
	UI             providerUI        `json:"ui"`
	Protocol       string            `json:"protocol"`
	AuthURL        string            `json:"auth_url"`
	TokenURL       string            `json:"token_url,omitempty"`
	UserinfoURL    string            `json:"userinfo_url,omitempty"`
	ClientID       string            `json:"client_id,omitempty"`
	ClientSecret   string            `json:"client_secret,omitempty"`
	Scopes         []string          `json:"scopes,omitempty"`
	IDPCertificate string            `json:"idp_certificate,omitempty"`
	AuthnContext   string            `json:"authn_context,omitempty"`
	AttributeMap   map[string]string `json:"attribute_map"`
}

var customProviders = store.Collection[customProvider]{Name: "custom-providers"}

// The Social Login application of a customer is its app: idemu gives each customer one.
func socialAppView(x *call) gin.H {
	return gin.H{"id": x.app, "name": x.app, "domain": x.app + ".rpxnow.com",
		"_links": gin.H{"self": gin.H{"href": customProviderBase(x)}}}
}

func customProviderBase(x *call) string {
	return "/" + x.customer + "/v2/config/low/services/engage-v2/apps/" + x.app
}

func (p customProvider) view(x *call) gin.H {
	raw, _ := json.Marshal(p)
	out := gin.H{}
	_ = json.Unmarshal(raw, &out)
	if p.AttributeMap == nil {
		out["attribute_map"] = map[string]string{}
	}
	out["_links"] = gin.H{"self": gin.H{"href": customProviderBase(x) + "/custom-providers/" + p.ID}}
	return out
}

// socialAppOf checks the path's app: the customer's Social Login application.
func socialAppOf(c *gin.Context, x *call) error {
	if contract.Param(c, "appId") != x.app {
		return configErr(http.StatusNotFound, "Application not found.")
	}
	return nil
}

func (h *Handler) listSocialApps(_ *gin.Context, x *call) (int, any, error) {
	return http.StatusOK, []gin.H{socialAppView(x)}, nil
}

func (h *Handler) getSocialApp(c *gin.Context, x *call) (int, any, error) {
	if err := socialAppOf(c, x); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, socialAppView(x), nil
}

func (h *Handler) listCustomProviders(c *gin.Context, x *call) (int, any, error) {
	if err := socialAppOf(c, x); err != nil {
		return 0, nil, err
	}
	out := []gin.H{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		return customProviders.Each(tx, x.app, func(_ string, p customProvider) bool {
			out = append(out, p.view(x))
			return true
		})
	})
	return http.StatusOK, out, err
}

func getCustomProvider(tx *store.Tx, app, id string) (customProvider, error) {
	p, err := customProviders.Get(tx, app, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return customProvider{}, configErr(http.StatusNotFound, "Custom provider not found.")
	}
	return p, err
}

func (h *Handler) getCustomProvider(c *gin.Context, x *call) (int, any, error) {
	if err := socialAppOf(c, x); err != nil {
		return 0, nil, err
	}
	var p customProvider
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		p, err = getCustomProvider(tx, x.app, contract.Param(c, "providerId"))
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, p.view(x), nil
}

// check applies the protocol's needs: OpenID Connect and OAuth 2 need a token URL and
// client credentials; SAML 2 needs the IdP's certificate (PEM). The authorization URL
// uses HTTPS, as documented, and the attribute map names attributes of the user type.
func (p customProvider) check(et *entityType) error {
	bad := func(msg string) error { return badRequest("Invalid request: " + msg) }
	if u, err := url.Parse(p.AuthURL); err != nil || u.Scheme != "https" || u.Host == "" {
		return bad("auth_url must be an https URL")
	}
	switch p.Protocol {
	case protocolOIDC, protocolOAuth2:
		if p.TokenURL == "" || p.ClientID == "" || p.ClientSecret == "" {
			return bad("an " + p.Protocol + " provider needs token_url, client_id and client_secret")
		}
	case protocolSAML2:
		block, _ := pem.Decode([]byte(p.IDPCertificate))
		if block == nil {
			return bad("a saml2 provider needs idp_certificate, a PEM certificate")
		}
		if _, err := x509.ParseCertificate(block.Bytes); err != nil {
			return bad("idp_certificate is not a valid certificate")
		}
	}
	for path := range p.AttributeMap {
		if _, _, err := et.resolveString(path); err != nil {
			return bad("attribute_map: attribute " + path + " does not exist")
		}
	}
	return nil
}

var slugRe = regexp.MustCompile(`[^a-z0-9]+`)

// providerID derives an id from the title: lowercase words joined by "_", numbered when
// the app already has it (or a predefined provider is named so).
func providerID(tx *store.Tx, app, title string) (string, error) {
	base := strings.Trim(slugRe.ReplaceAllString(strings.ToLower(title), "_"), "_")
	if base == "" {
		base = "custom"
	}
	for n := 1; ; n++ {
		id := base
		if n > 1 {
			id = base + "_" + strconv.Itoa(n)
		}
		taken, err := knownProvider(tx, app, id)
		if err != nil || !taken {
			return id, err
		}
	}
}

func (h *Handler) createCustomProvider(c *gin.Context, x *call) (int, any, error) {
	if err := socialAppOf(c, x); err != nil {
		return 0, nil, err
	}
	var p customProvider
	if err := jsonBody(c, &p); err != nil {
		return 0, nil, err
	}
	if p.UI.Title == "" {
		p.UI.Title = p.Title
	}
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		et, err := h.loadType(tx, x.app, "user")
		if err != nil {
			return err
		}
		if err := p.check(et); err != nil {
			return err
		}
		if p.ID, err = providerID(tx, x.app, p.Title); err != nil {
			return err
		}
		return customProviders.Insert(tx, x.app, p.ID, p)
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, p.view(x), nil
}

// updateCustomProvider changes what the body gives; the id and protocol stay.
func (h *Handler) updateCustomProvider(c *gin.Context, x *call) (int, any, error) {
	if err := socialAppOf(c, x); err != nil {
		return 0, nil, err
	}
	raw, err := c.GetRawData()
	if err != nil {
		return 0, nil, badRequest("the body could not be read")
	}
	var p customProvider
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		var err error
		if p, err = getCustomProvider(tx, x.app, contract.Param(c, "providerId")); err != nil {
			return err
		}
		id, protocol := p.ID, p.Protocol
		var given map[string]json.RawMessage
		if err := json.Unmarshal(raw, &given); err != nil {
			return badRequest("Invalid request: the body is not valid JSON")
		}
		if _, ok := given["attribute_map"]; ok {
			p.AttributeMap = nil // a given map replaces the old one rather than merging into it
		}
		if err := json.Unmarshal(raw, &p); err != nil {
			return badRequest("Invalid request: the body is not valid JSON")
		}
		p.ID, p.Protocol = id, protocol
		et, err := h.loadType(tx, x.app, "user")
		if err != nil {
			return err
		}
		if err := p.check(et); err != nil {
			return err
		}
		return customProviders.Put(tx, x.app, p.ID, p)
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, p.view(x), nil
}
