package logto

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Enterprise SSO connectors (Logto's sso_connectors table): OIDC and SAML identity
// providers, each claiming email domains. Names are unique; public email domains and
// duplicates are refused.

type ssoConnector struct {
	ID                 string          `json:"id"`
	ProviderName       string          `json:"providerName"`
	ConnectorName      string          `json:"connectorName"`
	Config             json.RawMessage `json:"config"`
	Domains            []string        `json:"domains"`
	Branding           json.RawMessage `json:"branding"`
	SyncProfile        bool            `json:"syncProfile"`
	EnableTokenStorage bool            `json:"enableTokenStorage"`
	CreatedAt          int64           `json:"createdAt"`
	Seq                int64           `json:"seq"`
}

// ssoConnectorBody is the sso_connectors row, in its column order.
type ssoConnectorBody struct {
	TenantID           string          `json:"tenantId"`
	ID                 string          `json:"id"`
	ProviderName       string          `json:"providerName"`
	ConnectorName      string          `json:"connectorName"`
	Config             json.RawMessage `json:"config"`
	Domains            []string        `json:"domains"`
	Branding           json.RawMessage `json:"branding"`
	SyncProfile        bool            `json:"syncProfile"`
	EnableTokenStorage bool            `json:"enableTokenStorage"`
	CreatedAt          int64           `json:"createdAt"`
}

func (s ssoConnector) body(tenant string) ssoConnectorBody {
	domains := s.Domains
	if domains == nil {
		domains = []string{}
	}
	return ssoConnectorBody{TenantID: tenant, ID: s.ID, ProviderName: s.ProviderName, ConnectorName: s.ConnectorName,
		Config: jsonb(s.Config), Domains: domains, Branding: jsonb(s.Branding), SyncProfile: s.SyncProfile,
		EnableTokenStorage: s.EnableTokenStorage, CreatedAt: s.CreatedAt}
}

// ssoProvider is one of Logto's enterprise SSO providers. idemu fetches no IdP
// configuration (OIDC discovery, SAML metadata), so a connector's providerConfig is
// absent, as Logto answers when that fetch fails.
type ssoProvider struct {
	Name        string
	Type        string // oidc or saml
	DisplayName string
	Required    []string // config members its guard requires
}

var ssoProviders = []ssoProvider{
	{Name: "OIDC", Type: "oidc", DisplayName: "OIDC", Required: []string{"clientId", "clientSecret", "issuer"}},
	{Name: "SAML", Type: "saml", DisplayName: "SAML"},
	{Name: "AzureAD", Type: "saml", DisplayName: "Microsoft Entra ID (SAML)"},
	{Name: "GoogleWorkspace", Type: "oidc", DisplayName: "Google Workspace", Required: []string{"clientId", "clientSecret"}},
	{Name: "Okta", Type: "oidc", DisplayName: "Okta", Required: []string{"clientId", "clientSecret", "issuer"}},
	{Name: "AzureAdOidc", Type: "oidc", DisplayName: "Microsoft Entra ID (OIDC)", Required: []string{"clientId", "clientSecret", "issuer"}},
}

func ssoProviderByName(name string) (ssoProvider, bool) {
	for _, p := range ssoProviders {
		if p.Name == name {
			return p, true
		}
	}
	return ssoProvider{}, false
}

// publicEmailDomains are domains an enterprise connector may not claim.
var publicEmailDomains = []string{"126.com", "163.com", "aol.com", "gmail.com", "gmx.com", "hotmail.com", "icloud.com",
	"live.com", "mail.com", "me.com", "msn.com", "outlook.com", "protonmail.com", "qq.com", "yahoo.com", "yandex.com"}

// checkSsoDomains is validateConnectorDomains.
func checkSsoDomains(list []string) error {
	var forbidden, duplicated []string
	seen := map[string]bool{}
	for _, d := range list {
		d = strings.ToLower(d)
		if slices.Contains(publicEmailDomains, d) && !slices.Contains(forbidden, d) {
			forbidden = append(forbidden, d)
		}
		if seen[d] && !slices.Contains(duplicated, d) {
			duplicated = append(duplicated, d)
		}
		seen[d] = true
	}
	if len(forbidden) > 0 {
		return fail(http.StatusUnprocessableEntity, "single_sign_on.forbidden_domains").withData(gin.H{"data": forbidden})
	}
	if len(duplicated) > 0 {
		return fail(http.StatusUnprocessableEntity, "single_sign_on.duplicated_domains").withData(gin.H{"data": duplicated})
	}
	return nil
}

func (p ssoProvider) checkConfig(config map[string]any) error {
	for _, k := range p.Required {
		if s, ok := config[k].(string); !ok || s == "" {
			return fail(http.StatusBadRequest, "connector.invalid_config")
		}
	}
	return nil
}

type ssoConnectorDetail struct {
	ssoConnectorBody
	Name             string `json:"name"`
	ProviderType     string `json:"providerType"`
	ProviderLogo     string `json:"providerLogo"`
	ProviderLogoDark string `json:"providerLogoDark"`
}

func (s ssoConnector) detail(tenant string) ssoConnectorDetail {
	p, _ := ssoProviderByName(s.ProviderName)
	return ssoConnectorDetail{ssoConnectorBody: s.body(tenant), Name: p.DisplayName, ProviderType: p.Type}
}

func loadSsoConnector(tx *store.Tx, tenant, id string) (ssoConnector, error) {
	s, err := ssoConnectors.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return s, notFoundWithID("sso_connectors", id)
	}
	return s, err
}

func (h *Handler) listSsoConnectorProviders(c *gin.Context) error {
	out := make([]ordered, 0, len(ssoProviders))
	for _, p := range ssoProviders {
		out = append(out, ordered{{"providerName", p.Name}, {"providerType", p.Type}, {"logo", ""}, {"logoDark", ""},
			{"description", p.DisplayName + " enterprise single sign-on."}, {"name", p.DisplayName}})
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) listSsoConnectors(c *gin.Context) error {
	p, err := pagination(c.Request.URL.Query(), true)
	if err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var all []ssoConnector
	err = h.deps.Store.View(func(tx *store.Tx) (err error) {
		all, err = ssoConnectors.List(tx, tenant)
		return err
	})
	if err != nil {
		return err
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Seq < all[j].Seq })
	out := []ssoConnectorDetail{}
	for _, s := range paginate(c, p, all) {
		out = append(out, s.detail(tenant))
	}
	return h.respond(c, http.StatusOK, out)
}

type ssoConnectorInput struct {
	ProviderName       string                    `json:"providerName"`
	ConnectorName      *string                   `json:"connectorName"`
	Config             optional[map[string]any]  `json:"config"`
	Domains            []string                  `json:"domains"`
	Branding           optional[json.RawMessage] `json:"branding"`
	SyncProfile        *bool                     `json:"syncProfile"`
	EnableTokenStorage *bool                     `json:"enableTokenStorage"`
}

// claimConnectorName keeps enterprise connector names unique (409).
func claimConnectorName(tx *store.Tx, tenant string, s ssoConnector, old string) error {
	if s.ConnectorName == old {
		return nil
	}
	err := tx.Claim(tenant, ssoConnectors.Name, "name", caseSensitiveKey(s.ConnectorName), s.ID)
	if errors.Is(err, store.ErrDuplicate) {
		return fail(http.StatusConflict, "single_sign_on.duplicate_connector_name")
	}
	if err != nil || old == "" {
		return err
	}
	return tx.Release(tenant, ssoConnectors.Name, "name", caseSensitiveKey(old), s.ID)
}

func (in ssoConnectorInput) apply(s *ssoConnector) {
	if in.ConnectorName != nil {
		s.ConnectorName = *in.ConnectorName
	}
	if in.Config.Set {
		raw, _ := json.Marshal(in.Config.Value)
		s.Config = jsonb(raw)
	}
	if in.Domains != nil {
		s.Domains = in.Domains
	}
	if in.Branding.Set {
		s.Branding = jsonb(in.Branding.Value)
	}
	if in.SyncProfile != nil {
		s.SyncProfile = *in.SyncProfile
	}
	if in.EnableTokenStorage != nil {
		s.EnableTokenStorage = *in.EnableTokenStorage
	}
}

func (h *Handler) createSsoConnector(c *gin.Context) error {
	var in ssoConnectorInput
	if err := bind(c, &in); err != nil {
		return err
	}
	p, ok := ssoProviderByName(in.ProviderName)
	if !ok {
		return fail(http.StatusUnprocessableEntity, "connector.not_found", "type", in.ProviderName)
	}
	if err := checkSsoDomains(in.Domains); err != nil {
		return err
	}
	if in.Config.Set {
		if err := p.checkConfig(in.Config.Value); err != nil {
			return err
		}
	}
	tenant := platform.TenantOf(c)
	var s ssoConnector
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		seq, err := nextSeq(tx, tenant)
		if err != nil {
			return err
		}
		s = ssoConnector{ID: shortID(), ProviderName: p.Name, Config: jsonb(nil), Branding: jsonb(nil),
			CreatedAt: tx.Now().UnixMilli(), Seq: seq}
		in.apply(&s)
		if err := claimConnectorName(tx, tenant, s, ""); err != nil {
			return err
		}
		return ssoConnectors.Insert(tx, tenant, s.ID, s)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, s.body(tenant))
}

func (h *Handler) getSsoConnector(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var s ssoConnector
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		s, err = loadSsoConnector(tx, tenant, contract.Param(c, "id"))
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, s.detail(tenant))
}

func (h *Handler) updateSsoConnector(c *gin.Context) error {
	var in ssoConnectorInput
	if err := bind(c, &in); err != nil {
		return err
	}
	if err := checkSsoDomains(in.Domains); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var s ssoConnector
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		if s, err = loadSsoConnector(tx, tenant, contract.Param(c, "id")); err != nil {
			return err
		}
		p, _ := ssoProviderByName(s.ProviderName)
		if in.Config.Set {
			if err := p.checkConfig(in.Config.Value); err != nil {
				return err
			}
		}
		old := s.ConnectorName
		in.apply(&s)
		if err := claimConnectorName(tx, tenant, s, old); err != nil {
			return err
		}
		return ssoConnectors.Put(tx, tenant, s.ID, s)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, s.detail(tenant))
}

// deleteSsoConnector removes the connector and its organization JIT links; users'
// enterprise identities keep the connector id, as in Logto.
func (h *Handler) deleteSsoConnector(c *gin.Context) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "id")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		s, err := ssoConnectors.Get(tx, tenant, id)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return entityNotFound()
		}
		if err != nil {
			return err
		}
		if err := tx.Release(tenant, ssoConnectors.Name, "name", caseSensitiveKey(s.ConnectorName), id); err != nil {
			return err
		}
		if err := ssoConnectors.Delete(tx, tenant, id); err != nil {
			return err
		}
		return deleteRelations(tx, tenant, orgJitSsoConnectors, "", id)
	})
	if err != nil {
		return err
	}
	return noContent(c)
}
