package logto

import (
	"encoding/json"
	"errors"
	"net/http"
	"sort"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Connectors are instances of the factories (connector_factories.go), stored as Logto
// stores them; a tenant has at most one Email and one SMS connector (creating one
// replaces the other). Email and SMS connectors deliver to the outbox; social ones
// "sign in" with whatever the client sends as connectorData (user_identities.go).

type connector struct {
	ID                 string          `json:"id"`
	ConnectorID        string          `json:"connectorId"` // the factory
	Config             json.RawMessage `json:"config"`
	Metadata           json.RawMessage `json:"metadata"` // standard connectors' own target, name, logo
	SyncProfile        bool            `json:"syncProfile"`
	EnableTokenStorage bool            `json:"enableTokenStorage"`
	Seq                int64           `json:"seq"`
}

type connectorMetadata struct {
	Target   string  `json:"target,omitempty"`
	Name     any     `json:"name,omitempty"`
	Logo     string  `json:"logo,omitempty"`
	LogoDark *string `json:"logoDark,omitempty"`
}

func (cn connector) factory() connectorFactory {
	f, _ := factoryByID(cn.ConnectorID)
	return f
}

func (cn connector) metadata() connectorMetadata {
	var m connectorMetadata
	_ = json.Unmarshal(cn.Metadata, &m)
	return m
}

// target is the identity namespace of the connector's users: a standard connector's
// own target, else its factory's.
func (cn connector) target() string {
	if t := cn.metadata().Target; t != "" && cn.factory().IsStandard {
		return t
	}
	return cn.factory().Target
}

func (cn connector) kind() string { return cn.factory().Type }

func (cn connector) configMap() map[string]any {
	m := map[string]any{}
	_ = json.Unmarshal(cn.Config, &m)
	return m
}

// connectorBody is connectorResponseGuard: the stored row, then the factory's metadata
// with the instance's overrides, then the type.
type connectorBody struct {
	ID                 string          `json:"id"`
	SyncProfile        bool            `json:"syncProfile"`
	EnableTokenStorage bool            `json:"enableTokenStorage"`
	Config             json.RawMessage `json:"config"`
	Metadata           json.RawMessage `json:"metadata"`
	ConnectorID        string          `json:"connectorId"`
	Target             string          `json:"target"`
	Name               any             `json:"name"`
	Description        any             `json:"description"`
	Logo               string          `json:"logo"`
	LogoDark           *string         `json:"logoDark"`
	Readme             string          `json:"readme"`
	Platform           *string         `json:"platform"`
	IsStandard         bool            `json:"isStandard"`
	FormItems          []formItem      `json:"formItems"`
	Type               string          `json:"type"`
}

func (cn connector) body() connectorBody {
	fb := cn.factory().body()
	b := connectorBody{ID: cn.ID, SyncProfile: cn.SyncProfile, EnableTokenStorage: cn.EnableTokenStorage,
		Config: jsonb(cn.Config), Metadata: jsonb(cn.Metadata), ConnectorID: cn.ConnectorID, Target: cn.target(),
		Name: fb.Name, Description: fb.Description, Logo: fb.Logo, LogoDark: fb.LogoDark, Readme: fb.Readme,
		Platform: fb.Platform, IsStandard: fb.IsStandard, FormItems: fb.FormItems, Type: fb.Type}
	if m := cn.metadata(); cn.factory().IsStandard {
		if m.Name != nil {
			b.Name = m.Name
		}
		if m.Logo != "" {
			b.Logo = m.Logo
		}
		if m.LogoDark != nil {
			b.LogoDark = m.LogoDark
		}
	}
	return b
}

// tenantConnectors lists the connectors in creation order.
func tenantConnectors(tx *store.Tx, tenant string) ([]connector, error) {
	all, err := connectors.List(tx, tenant)
	sort.SliceStable(all, func(i, j int) bool { return all[i].Seq < all[j].Seq })
	return all, err
}

// loadConnector is getLogtoConnectorById: an unknown id is entity.not_found.
func loadConnector(tx *store.Tx, tenant, id string) (connector, error) {
	cn, err := connectors.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return cn, entityNotFound()
	}
	return cn, err
}

// messageConnector finds the tenant's Email or SMS connector; Logto answers 501 when
// there is none.
func messageConnector(tx *store.Tx, tenant, kind string) (connector, error) {
	all, err := tenantConnectors(tx, tenant)
	if err != nil {
		return connector{}, err
	}
	for _, cn := range all {
		if cn.kind() == kind {
			return cn, nil
		}
	}
	return connector{}, fail(http.StatusNotImplemented, "connector.not_found", "type", kind)
}

// deliver sends a message through the tenant's connector of that kind: into the
// outbox, an email written with the tenant's template of its type when there is one.
func (h *Handler) deliver(tx *store.Tx, tenant, kind string, m outbox.Message) error {
	if _, err := messageConnector(tx, tenant, kind); err != nil {
		return err
	}
	m.Channel = outbox.Email
	if kind == connectorSMS {
		m.Channel = outbox.SMS
	} else if err := applyEmailTemplate(tx, tenant, &m); err != nil {
		return err
	}
	_, err := h.deps.Outbox.Send(tx, tenant, m)
	return err
}

func (h *Handler) listConnectors(c *gin.Context) error {
	tenant, target := platform.TenantOf(c), c.Query("target")
	out := []connectorBody{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		all, err := tenantConnectors(tx, tenant)
		for _, cn := range all {
			if target == "" || cn.target() == target {
				out = append(out, cn.body())
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) getConnector(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var cn connector
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		cn, err = loadConnector(tx, tenant, contract.Param(c, "id"))
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, cn.body())
}

type connectorInput struct {
	ID                 *string                  `json:"id"`
	ConnectorID        string                   `json:"connectorId"`
	Config             optional[map[string]any] `json:"config"`
	Metadata           *connectorMetadata       `json:"metadata"`
	SyncProfile        *bool                    `json:"syncProfile"`
	EnableTokenStorage *bool                    `json:"enableTokenStorage"`
}

func (h *Handler) createConnector(c *gin.Context) error {
	var in connectorInput
	if err := bind(c, &in); err != nil {
		return err
	}
	f, ok := factoryByID(in.ConnectorID)
	if !ok {
		return fail(http.StatusUnprocessableEntity, "connector.not_found_with_connector_id")
	}
	tenant := platform.TenantOf(c)
	var cn connector
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		all, err := tenantConnectors(tx, tenant)
		if err != nil {
			return err
		}
		if f.Type == connectorSocial {
			if err := checkNewSocialConnector(f, in.Metadata, all); err != nil {
				return err
			}
		}
		if in.Config.Set {
			if err := f.checkConfig(in.Config.Value); err != nil {
				return err
			}
		}
		seq, err := nextSeq(tx, tenant)
		if err != nil {
			return err
		}
		cn = connector{ID: shortID(), ConnectorID: f.ID, Config: jsonb(nil), Metadata: jsonb(nil), Seq: seq}
		if in.ID != nil {
			cn.ID = *in.ID
		}
		cn.apply(in)
		if err := connectors.Insert(tx, tenant, cn.ID, cn); errors.Is(err, store.ErrAlreadyExists) {
			return fail(http.StatusUnprocessableEntity, "entity.unique_integrity_violation")
		} else if errors.Is(err, store.ErrInvalidKey) {
			return invalidInput("the connector id cannot be stored")
		} else if err != nil {
			return err
		}
		if f.Type == connectorSocial {
			return nil
		}
		// One working Email or SMS connector: the new one replaces the others.
		for _, old := range all {
			if old.kind() == f.Type {
				if err := connectors.Delete(tx, tenant, old.ID); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, cn.body())
}

// checkNewSocialConnector: a standard connector names its target, a non-standard one
// keeps its factory's metadata and exists once, and no two connectors share a target
// and platform.
func checkNewSocialConnector(f connectorFactory, meta *connectorMetadata, all []connector) error {
	if f.IsStandard && (meta == nil || meta.Target == "") {
		return fail(http.StatusBadRequest, "connector.should_specify_target")
	}
	if !f.IsStandard && meta != nil {
		return fail(http.StatusBadRequest, "connector.cannot_overwrite_metadata_for_non_standard_connector")
	}
	target := f.Target
	if meta != nil && meta.Target != "" {
		target = meta.Target
	}
	for _, cn := range all {
		if !f.IsStandard && cn.ConnectorID == f.ID {
			return fail(http.StatusUnprocessableEntity, "connector.multiple_instances_not_supported")
		}
	}
	for _, cn := range all {
		if cn.kind() == connectorSocial && cn.target() == target && deref(cn.factory().Platform) == deref(f.Platform) {
			return fail(http.StatusUnprocessableEntity, "connector.multiple_target_with_same_platform").
				withData(gin.H{"connectorId": cn.ConnectorID, "connectorName": cn.factory().body().Name})
		}
	}
	return nil
}

// apply writes the members given; config and metadata are replaced whole.
func (cn *connector) apply(in connectorInput) {
	if in.Config.Set {
		raw, _ := json.Marshal(in.Config.Value)
		cn.Config = jsonb(raw)
	}
	if in.Metadata != nil {
		raw, _ := json.Marshal(in.Metadata)
		cn.Metadata = jsonb(raw)
	}
	if in.SyncProfile != nil {
		cn.SyncProfile = *in.SyncProfile
	}
	if in.EnableTokenStorage != nil {
		cn.EnableTokenStorage = *in.EnableTokenStorage
	}
}

func (h *Handler) updateConnector(c *gin.Context) error {
	var in connectorInput
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var cn connector
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		if cn, err = loadConnector(tx, tenant, contract.Param(c, "id")); err != nil {
			return err
		}
		f := cn.factory()
		switch {
		case f.IsStandard && in.Metadata != nil && in.Metadata.Target != cn.target():
			return fail(http.StatusBadRequest, "connector.can_not_modify_target")
		case !f.IsStandard && in.Metadata != nil:
			return fail(http.StatusBadRequest, "connector.cannot_overwrite_metadata_for_non_standard_connector")
		case in.SyncProfile != nil && *in.SyncProfile && f.Type != connectorSocial:
			return fail(http.StatusUnprocessableEntity, "connector.invalid_type_for_syncing_profile")
		}
		if in.Config.Set {
			if err := f.checkConfig(in.Config.Value); err != nil {
				return err
			}
		}
		cn.apply(in)
		return connectors.Put(tx, tenant, cn.ID, cn)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, cn.body())
}

// deleteConnector removes the connector; a social one leaves the sign-in experience's
// social sign-in targets when no other connector serves its target.
func (h *Handler) deleteConnector(c *gin.Context) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "id")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		cn, err := connectors.Get(tx, tenant, id)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return notFoundWithID("connectors", id)
		}
		if err != nil {
			return err
		}
		if err := connectors.Delete(tx, tenant, id); err != nil {
			return err
		}
		if cn.kind() == connectorSocial {
			return removeUnavailableSocialTargets(tx, tenant)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

func (h *Handler) createConnectorAuthorizationURI(c *gin.Context) error {
	var in struct {
		State       string `json:"state"`
		RedirectURI string `json:"redirectUri"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	if in.State == "" || in.RedirectURI == "" {
		return fail(http.StatusBadRequest, "session.insufficient_info")
	}
	tenant := platform.TenantOf(c)
	var cn connector
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		cn, err = loadConnector(tx, tenant, contract.Param(c, "connectorId"))
		return err
	})
	if err != nil {
		return err
	}
	if cn.kind() != connectorSocial {
		return fail(http.StatusBadRequest, "connector.unexpected_type")
	}
	uri, err := cn.factory().authorizationURI(cn.configMap(), in.State, in.RedirectURI)
	if err != nil {
		return fail(http.StatusBadRequest, "connector.invalid_config")
	}
	return h.respond(c, http.StatusOK, gin.H{"redirectTo": uri})
}

// createConnectorTest sends a test message (code 000000) with a factory and a config
// that need not be saved: to the outbox, purpose Generic.
func (h *Handler) createConnectorTest(c *gin.Context) error {
	var in struct {
		Phone  string         `json:"phone"`
		Email  string         `json:"email"`
		Config map[string]any `json:"config"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	to, kind := in.Email, connectorEmail
	if in.Phone != "" {
		to, kind = in.Phone, connectorSMS
	}
	if to == "" {
		return fail(http.StatusBadRequest, "guard.invalid_input", "type", "body")
	}
	f, ok := factoryByID(contract.Param(c, "factoryId"))
	if !ok || f.Type == connectorSocial {
		return fail(http.StatusBadRequest, "connector.not_found", "type", kind)
	}
	if f.Type != kind {
		return fail(http.StatusBadRequest, "connector.unexpected_type")
	}
	if err := f.checkConfig(in.Config); err != nil {
		return err
	}
	channel := outbox.Email
	if kind == connectorSMS {
		channel = outbox.SMS
	}
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		_, err := h.deps.Outbox.Send(tx, tenant, outbox.Message{Channel: channel, To: to, Subject: "Test message",
			Body: "Your verification code is 000000.", Code: "000000", Purpose: "Generic"})
		return err
	})
	if err != nil {
		return err
	}
	return noContent(c)
}
