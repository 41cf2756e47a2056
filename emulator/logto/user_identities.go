package logto

import (
	"encoding/json"
	"errors"
	"net/http"
	"sort"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Social identities live on the user (users.identities); enterprise SSO identities are
// seeded by fixtures (idemu has no SSO sign-in). idemu calls no social provider: the
// tenant's emulated social connectors (connectors.go) turn connectorData into a user.

func (h *Handler) viewUser(c *gin.Context) (user, error) {
	tenant, id := platform.TenantOf(c), contract.Param(c, "userId")
	var u user
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		u, err = loadUser(tx, tenant, id)
		return err
	})
	return u, err
}

func identitiesBody(u user) json.RawMessage {
	raw, _ := json.Marshal(u.Identities)
	if u.Identities == nil {
		raw = []byte("{}")
	}
	return jsonb(raw)
}

func (h *Handler) getUserIdentity(c *gin.Context) error {
	u, err := h.viewUser(c)
	if err != nil {
		return err
	}
	id, ok := u.Identities[contract.Param(c, "target")]
	if !ok {
		return fail(http.StatusNotFound, "user.identity_not_exist")
	}
	// idemu stores no third-party token sets, so includeTokenSecret adds nothing.
	return h.respond(c, http.StatusOK, gin.H{"identity": id})
}

func (h *Handler) replaceUserIdentity(c *gin.Context) error {
	var in identity
	if err := bind(c, &in); err != nil {
		return err
	}
	target := contract.Param(c, "target")
	status := http.StatusOK
	return h.mutateUser(c, func(_ *store.Tx, u *user) error {
		if _, exists := u.Identities[target]; !exists {
			status = http.StatusCreated
		}
		if in.Details != nil {
			in.Details = jsonb(in.Details)
		}
		u.Identities[target] = in
		return nil
	}, func(c *gin.Context, u user) error { return h.respond(c, status, identitiesBody(u)) })
}

func (h *Handler) deleteUserIdentity(c *gin.Context) error {
	target := contract.Param(c, "target")
	return h.mutateUser(c, func(_ *store.Tx, u *user) error {
		if _, ok := u.Identities[target]; !ok {
			return fail(http.StatusNotFound, "user.identity_not_exist")
		}
		delete(u.Identities, target)
		return nil
	}, func(c *gin.Context, u user) error { return h.respond(c, http.StatusOK, u.body()) })
}

// createUserIdentity links a social identity through a connector. The emulated
// connector takes the identity's id from connectorData.userId, else connectorData.code.
func (h *Handler) createUserIdentity(c *gin.Context) error {
	var in struct {
		ConnectorID   string         `json:"connectorId"`
		ConnectorData map[string]any `json:"connectorData"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	return h.mutateUser(c, func(tx *store.Tx, u *user) error {
		conn, err := connectors.Get(tx, tenant, in.ConnectorID)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return entityNotFound()
		}
		if err != nil {
			return err
		}
		if conn.kind() != connectorSocial {
			return fail(http.StatusUnprocessableEntity, "session.invalid_connector_id", "connectorId", in.ConnectorID)
		}
		info, err := socialUserInfo(in.ConnectorData)
		if err != nil {
			return err
		}
		details, _ := json.Marshal(info)
		u.Identities[conn.target()] = identity{UserID: info["id"].(string), Details: jsonb(details)}
		return nil
	}, func(c *gin.Context, u user) error { return h.respond(c, http.StatusOK, identitiesBody(u)) })
}

// socialUserInfo is what the emulated connector "fetches" from the provider.
func socialUserInfo(data map[string]any) (map[string]any, error) {
	id, _ := data["userId"].(string)
	if id == "" {
		id, _ = data["code"].(string)
	}
	if id == "" {
		return nil, fail(http.StatusBadRequest, "connector.invalid_response")
	}
	info := map[string]any{"id": id}
	for _, k := range []string{"email", "name", "avatar", "phone"} {
		if v, ok := data[k].(string); ok {
			info[k] = v
		}
	}
	return info, nil
}

// ssoBody is a user_sso_identities row.
type ssoBody struct {
	TenantID       string          `json:"tenantId"`
	ID             string          `json:"id"`
	UserID         string          `json:"userId"`
	Issuer         string          `json:"issuer"`
	IdentityID     string          `json:"identityId"`
	Detail         json.RawMessage `json:"detail"`
	CreatedAt      int64           `json:"createdAt"`
	UpdatedAt      int64           `json:"updatedAt"`
	SsoConnectorID string          `json:"ssoConnectorId"`
}

func ssoBodies(tenant string, u user) []ssoBody {
	var out []ssoBody
	for _, s := range u.SsoIdentities {
		out = append(out, ssoBody{TenantID: tenant, ID: s.ID, UserID: u.ID, Issuer: s.Issuer, IdentityID: s.IdentityID,
			Detail: jsonb(s.Detail), CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt, SsoConnectorID: s.SsoConnectorID})
	}
	return out
}

func (h *Handler) getUserSsoIdentity(c *gin.Context) error {
	u, err := h.viewUser(c)
	if err != nil {
		return err
	}
	connectorID := contract.Param(c, "ssoConnectorId")
	for _, s := range ssoBodies(platform.TenantOf(c), u) {
		if s.SsoConnectorID == connectorID {
			return h.respond(c, http.StatusOK, gin.H{"ssoIdentity": s})
		}
	}
	return fail(http.StatusNotFound, "user.enterprise_sso_identity_not_exists", "ssoConnectorId", connectorID)
}

func (h *Handler) listUserAllIdentities(c *gin.Context) error {
	u, err := h.viewUser(c)
	if err != nil {
		return err
	}
	targets := make([]string, 0, len(u.Identities))
	for t := range u.Identities {
		targets = append(targets, t)
	}
	sort.Strings(targets)
	social := make([]gin.H, 0, len(targets))
	for _, t := range targets {
		social = append(social, gin.H{"identity": u.Identities[t], "target": t})
	}
	sso := []gin.H{}
	for _, s := range ssoBodies(platform.TenantOf(c), u) {
		sso = append(sso, gin.H{"ssoIdentity": s, "ssoConnectorId": s.SsoConnectorID})
	}
	return h.respond(c, http.StatusOK, gin.H{"socialIdentities": social, "ssoIdentities": sso})
}

func (h *Handler) listUserOrganizations(c *gin.Context) error {
	tenant, id := platform.TenantOf(c), contract.Param(c, "userId")
	list := []orgWithRoles{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		if _, err := loadUser(tx, tenant, id); err != nil {
			return err
		}
		orgIDs, err := lefts(tx, tenant, orgUsers, id)
		if err != nil {
			return err
		}
		list, err = organizationsWithRoles(tx, tenant, orgIDs, orgUserRoles, id)
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, list)
}
