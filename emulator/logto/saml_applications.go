package logto

import (
	"encoding/json"
	"errors"
	"html"
	"net/http"
	"regexp"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// SAML applications: Logto as a SAML identity provider. A SAML app is an application of
// type SAML (listed with the others, refused by the /applications routes that edit)
// plus its SAML config: the service provider's entity ID and assertion consumer service
// URL, the attribute mapping, encryption and the NameID format. Its OIDC redirect URI is
// its own callback, and it publishes IdP metadata with its active certificate. idemu
// serves no OIDC authorization endpoint, so the SAML sign-in itself (authn requests and
// the callback) stays in the ledger. Logto OSS allows 3 SAML apps.

type samlConfig struct {
	AttributeMapping json.RawMessage `json:"attributeMapping"`
	EntityID         *string         `json:"entityId"`
	AcsURL           json.RawMessage `json:"acsUrl"`
	Encryption       json.RawMessage `json:"encryption"`
	NameIDFormat     string          `json:"nameIdFormat"`
}

var samlConfigs = store.Collection[samlConfig]{Name: "saml-application-configs"}

const (
	samlOSSLimit      = 3
	samlBindingPost   = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
	samlBindingRedir  = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
	samlNameIDDefault = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
)

// samlAppBody is samlApplicationResponseGuard: the application's public columns, then
// the SAML config.
type samlAppBody struct {
	TenantID         string          `json:"tenantId"`
	ID               string          `json:"id"`
	Name             string          `json:"name"`
	Description      *string         `json:"description"`
	Type             string          `json:"type"`
	CustomData       json.RawMessage `json:"customData"`
	IsThirdParty     bool            `json:"isThirdParty"`
	CreatedAt        int64           `json:"createdAt"`
	AttributeMapping json.RawMessage `json:"attributeMapping"`
	EntityID         *string         `json:"entityId"`
	AcsURL           json.RawMessage `json:"acsUrl"`
	Encryption       json.RawMessage `json:"encryption"`
	NameIDFormat     string          `json:"nameIdFormat"`
}

func samlBody(tenant string, a application, cfg samlConfig) samlAppBody {
	orNull := func(v json.RawMessage) json.RawMessage {
		if len(v) == 0 || string(v) == "null" {
			return json.RawMessage("null")
		}
		return jsonb(v)
	}
	return samlAppBody{TenantID: tenant, ID: a.ID, Name: a.Name, Description: a.Description, Type: a.Type,
		CustomData: jsonb(a.CustomData), IsThirdParty: a.IsThirdParty, CreatedAt: a.CreatedAt,
		AttributeMapping: jsonb(cfg.AttributeMapping), EntityID: cfg.EntityID, AcsURL: orNull(cfg.AcsURL),
		Encryption: orNull(cfg.Encryption), NameIDFormat: cfg.NameIDFormat}
}

// samlInput is a create or patch body.
type samlInput struct {
	Name             optional[string]          `json:"name"`
	Description      optional[string]          `json:"description"`
	CustomData       json.RawMessage           `json:"customData"`
	AttributeMapping json.RawMessage           `json:"attributeMapping"`
	EntityID         optional[string]          `json:"entityId"`
	AcsURL           optional[json.RawMessage] `json:"acsUrl"`
	Encryption       optional[json.RawMessage] `json:"encryption"`
	NameIDFormat     optional[string]          `json:"nameIdFormat"`
}

// apply sets the members the body gives (a patch replaces each one whole).
func (in samlInput) apply(a *application, cfg *samlConfig) {
	if in.Name.Set {
		a.Name = in.Name.Value
	}
	if in.Description.Set {
		a.Description = in.Description.ptr()
	}
	if in.CustomData != nil {
		a.CustomData = jsonb(in.CustomData)
	}
	if in.AttributeMapping != nil {
		cfg.AttributeMapping = jsonb(in.AttributeMapping)
	}
	if in.EntityID.Set {
		cfg.EntityID = in.EntityID.ptr()
	}
	if in.AcsURL.Set {
		cfg.AcsURL = in.AcsURL.Value
	}
	if in.Encryption.Set {
		cfg.Encryption = in.Encryption.Value
	}
	if in.NameIDFormat.Set && !in.NameIDFormat.Null {
		cfg.NameIDFormat = in.NameIDFormat.Value
	}
}

// samlCallbackURL is the OIDC redirect URI of a SAML app: its callback endpoint.
func samlCallbackURL(c *gin.Context, id string) string {
	return platform.BaseURL(c.Request) + "/api/saml-applications/" + id + "/callback"
}

// loadSamlApp reads a SAML app: 404 when there is no such application, 422 when it is
// not a SAML one.
func loadSamlApp(tx *store.Tx, tenant, id string) (application, samlConfig, error) {
	a, err := loadApplication(tx, tenant, id)
	if err != nil {
		return a, samlConfig{}, err
	}
	if a.Type != appSAML {
		return a, samlConfig{}, fail(http.StatusUnprocessableEntity, "application.saml.saml_application_only")
	}
	cfg, err := samlConfigs.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) {
		return a, samlConfig{AttributeMapping: jsonb(nil), NameIDFormat: samlNameIDDefault}, nil
	}
	return a, cfg, err
}

func (h *Handler) createSamlApplication(c *gin.Context) error {
	var in samlInput
	if err := bind(c, &in); err != nil {
		return err
	}
	if in.AcsURL.Set && !in.AcsURL.Null {
		var acs struct {
			Binding string `json:"binding"`
		}
		_ = json.Unmarshal(in.AcsURL.Value, &acs)
		if acs.Binding != samlBindingPost {
			return fail(http.StatusUnprocessableEntity, "application.saml.acs_url_binding_not_supported")
		}
	}
	tenant := platform.TenantOf(c)
	var out samlAppBody
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		n := 0
		err := applications.Each(tx, tenant, func(_ string, a application) bool {
			if a.Type == appSAML {
				n++
			}
			return true
		})
		if err != nil {
			return err
		}
		if n >= samlOSSLimit {
			return fail(http.StatusForbidden, "application.saml.reach_oss_limit", "limit", "3")
		}
		app := newApplication(tx, "", appSAML)
		cfg := samlConfig{AttributeMapping: jsonb(nil), NameIDFormat: samlNameIDDefault}
		in.apply(&app, &cfg)
		uris, _ := json.Marshal(map[string]any{"redirectUris": []string{samlCallbackURL(c, app.ID)}, "postLogoutRedirectUris": []string{}})
		app.OidcClientMetadata = uris
		secret, err := newSamlSecret(tx.Now(), app.ID, 3, true)
		if err != nil {
			return err
		}
		if err := applications.Insert(tx, tenant, app.ID, app); err != nil {
			return err
		}
		if err := samlConfigs.Put(tx, tenant, app.ID, cfg); err != nil {
			return err
		}
		out = samlBody(tenant, app, cfg)
		return addSamlSecret(tx, tenant, secret)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, out)
}

func (h *Handler) getSamlApplication(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var out samlAppBody
	err := h.deps.Store.View(func(tx *store.Tx) error {
		a, cfg, err := loadSamlApp(tx, tenant, contract.Param(c, "id"))
		out = samlBody(tenant, a, cfg)
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) updateSamlApplication(c *gin.Context) error {
	var in samlInput
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var out samlAppBody
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		a, cfg, err := loadSamlApp(tx, tenant, contract.Param(c, "id"))
		if err != nil {
			return err
		}
		in.apply(&a, &cfg)
		if err := applications.Put(tx, tenant, a.ID, a); err != nil {
			return err
		}
		out = samlBody(tenant, a, cfg)
		return samlConfigs.Put(tx, tenant, a.ID, cfg)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) deleteSamlApplication(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		a, _, err := loadSamlApp(tx, tenant, contract.Param(c, "id"))
		if err != nil {
			return err
		}
		return removeApplication(tx, tenant, a)
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

var pemArmor = regexp.MustCompile(`-----[A-Z ]+-----|\s`)

// getSamlApplicationMetadata is the IdP metadata (as samlify writes it) of a SAML app:
// entity ID <endpoint>/saml/<id>, the active certificate, the NameID format and the
// single sign-on service for both bindings.
func (h *Handler) getSamlApplicationMetadata(c *gin.Context) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "id")
	var cfg samlConfig
	var active *samlSecret
	err := h.deps.Store.View(func(tx *store.Tx) error {
		a, err := applications.Get(tx, tenant, id)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) || (err == nil && a.Type != appSAML) {
			return entityNotFound()
		}
		if _, cfg, err = loadSamlApp(tx, tenant, id); err != nil {
			return err
		}
		list, err := appSamlSecrets(tx, tenant, id)
		for i := range list {
			if list[i].Active {
				active = &list[i]
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	if active == nil {
		return fail(http.StatusBadRequest, "application.saml.private_key_required")
	}
	base := platform.BaseURL(c.Request)
	sso := html.EscapeString(base + "/api/saml/" + id + "/authn")
	cert := pemArmor.ReplaceAllString(active.Certificate, "")
	xml := `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:assertion="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="` +
		html.EscapeString(base+"/saml/"+id) + `"><IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
		`<KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>` + cert +
		`</ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor><NameIDFormat>` + html.EscapeString(cfg.NameIDFormat) + `</NameIDFormat>` +
		`<SingleSignOnService Binding="` + samlBindingRedir + `" Location="` + sso + `"/>` +
		`<SingleSignOnService Binding="` + samlBindingPost + `" Location="` + sso + `"/></IDPSSODescriptor></EntityDescriptor>`
	c.Data(http.StatusOK, "text/xml;charset=utf-8", []byte(xml))
	return nil
}
