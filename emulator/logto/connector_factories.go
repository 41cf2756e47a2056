package logto

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
)

// Connector factories are the connector packages a Logto instance has installed. idemu
// installs its own small catalog: no factory calls its provider, and each knows only
// what the emulator needs (its type, target, platform, the config members its guard
// requires, and for social ones how to build the authorization URI).

const (
	connectorSocial = "Social"
	connectorEmail  = "Email"
	connectorSMS    = "Sms"
	platformUniv    = "Universal"
)

type connectorFactory struct {
	ID         string
	Type       string // Social, Email, Sms
	Target     string // "" for standard connectors: the instance names its target
	Platform   *string
	Name       string
	IsStandard bool
	// Required are the config members the factory's config guard requires.
	Required []string
	// AuthorizationEndpoint and Scope build a social connector's authorization URI; a
	// standard connector reads the endpoint from its config.
	AuthorizationEndpoint string
	Scope                 string
}

func strp(s string) *string { return &s }

var factories = []connectorFactory{
	{ID: "apple-universal", Type: connectorSocial, Target: "apple", Platform: strp(platformUniv), Name: "Apple",
		Required: []string{"clientId"}, AuthorizationEndpoint: "https://appleid.apple.com/auth/authorize", Scope: "name email"},
	{ID: "facebook-universal", Type: connectorSocial, Target: "facebook", Platform: strp(platformUniv), Name: "Facebook",
		Required: []string{"clientId", "clientSecret"}, AuthorizationEndpoint: "https://www.facebook.com/v13.0/dialog/oauth", Scope: "email,public_profile"},
	{ID: "github-universal", Type: connectorSocial, Target: "github", Platform: strp(platformUniv), Name: "GitHub",
		Required: []string{"clientId", "clientSecret"}, AuthorizationEndpoint: "https://github.com/login/oauth/authorize", Scope: "read:user"},
	{ID: "google-universal", Type: connectorSocial, Target: "google", Platform: strp(platformUniv), Name: "Google",
		Required: []string{"clientId", "clientSecret"}, AuthorizationEndpoint: "https://accounts.google.com/o/oauth2/v2/auth", Scope: "openid profile email"},
	{ID: "microsoft-universal", Type: connectorSocial, Target: "microsoft", Platform: strp(platformUniv), Name: "Microsoft",
		Required: []string{"clientId", "clientSecret"}, AuthorizationEndpoint: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize", Scope: "openid profile email"},
	{ID: "oauth2", Type: connectorSocial, Platform: strp(platformUniv), Name: "OAuth 2.0", IsStandard: true,
		Required: []string{"clientId", "clientSecret", "authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint"}},
	{ID: "oidc", Type: connectorSocial, Platform: strp(platformUniv), Name: "OIDC", IsStandard: true,
		Required: []string{"clientId", "clientSecret", "authorizationEndpoint", "tokenEndpoint"}, Scope: "openid"},
	{ID: "simple-mail-transfer-protocol", Type: connectorEmail, Target: "smtp", Name: "SMTP",
		Required: []string{"host", "port", "fromEmail"}},
	{ID: "twilio-short-message-service", Type: connectorSMS, Target: "twilio-sms", Name: "Twilio",
		Required: []string{"accountSID", "authToken", "fromMessagingServiceSID"}},
}

func factoryByID(id string) (connectorFactory, bool) {
	for _, f := range factories {
		if f.ID == id {
			return f, true
		}
	}
	return connectorFactory{}, false
}

// factoryBody is connectorFactoryResponseGuard, in its key order.
type factoryBody struct {
	Type        string            `json:"type"`
	ID          string            `json:"id"`
	Target      string            `json:"target"`
	Name        map[string]string `json:"name"`
	Description map[string]string `json:"description"`
	Logo        string            `json:"logo"`
	LogoDark    *string           `json:"logoDark"`
	Readme      string            `json:"readme"`
	Platform    *string           `json:"platform"`
	IsStandard  bool              `json:"isStandard"`
	FormItems   []formItem        `json:"formItems"`
}

type formItem struct {
	Key      string `json:"key"`
	Label    string `json:"label"`
	Type     string `json:"type"`
	Required bool   `json:"required"`
}

func (f connectorFactory) body() factoryBody {
	items := make([]formItem, 0, len(f.Required))
	for _, k := range f.Required {
		items = append(items, formItem{Key: k, Label: k, Type: "Text", Required: true})
	}
	return factoryBody{Type: f.Type, ID: f.ID, Target: f.Target, Name: map[string]string{"en": f.Name},
		Description: map[string]string{"en": f.Name + " connector emulated by idemu."}, Logo: "", Readme: "",
		Platform: f.Platform, IsStandard: f.IsStandard, FormItems: items}
}

func (h *Handler) listConnectorFactories(c *gin.Context) error {
	out := make([]factoryBody, 0, len(factories))
	for _, f := range factories {
		out = append(out, f.body())
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) getConnectorFactory(c *gin.Context) error {
	f, ok := factoryByID(contract.Param(c, "id"))
	if !ok {
		return entityNotFound()
	}
	return h.respond(c, http.StatusOK, f.body())
}

// checkConfig is a factory's config guard: every required member must be there (its
// value is the provider's business). A failure is connector.invalid_config with the
// zod error.
func (f connectorFactory) checkConfig(config map[string]any) error {
	var list []ordered
	for _, k := range f.Required {
		v, present := config[k]
		if present && v != nil {
			continue
		}
		is := zodIssue{path: []any{k}, message: "Required", fields: ordered{{"code", "invalid_type"}, {"expected", "string"}, {"received", "undefined"}}}
		if present {
			is.fields[2].v, is.message = "null", "Expected string, received null"
		}
		list = append(list, is.json())
	}
	if len(list) == 0 {
		return nil
	}
	return fail(http.StatusBadRequest, "connector.invalid_config").withData(ordered{{"issues", list}, {"name", "ZodError"}})
}

// authorizationURI is what a social connector answers getAuthorizationUri with: the
// provider's authorization endpoint with the OAuth parameters.
func (f connectorFactory) authorizationURI(config map[string]any, state, redirectURI string) (string, error) {
	endpoint := f.AuthorizationEndpoint
	if f.IsStandard {
		endpoint, _ = config["authorizationEndpoint"].(string)
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Scheme == "" {
		return "", errors.New("no authorization endpoint")
	}
	q := u.Query()
	clientID, _ := config["clientId"].(string)
	q.Set("client_id", clientID)
	q.Set("redirect_uri", redirectURI)
	q.Set("response_type", "code")
	q.Set("state", state)
	scope := f.Scope
	if s, ok := config["scope"].(string); ok && strings.TrimSpace(s) != "" {
		scope = s
	}
	if scope != "" {
		q.Set("scope", scope)
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}
