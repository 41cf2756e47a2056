package logto

import (
	"encoding/json"
	"errors"

	"github.com/idemu/idemu/emulator/store"
)

// The organization groups of the Management API are still in the ledger. Organizations
// exist in idemu's store all the same, because users and applications read their
// memberships: fixtures create them (a tenant's settings.organizations), and the
// organization routes will write the same documents.

type organization struct {
	ID            string          `json:"id"`
	Name          string          `json:"name"`
	Description   *string         `json:"description"`
	CustomData    json.RawMessage `json:"customData"`
	IsMfaRequired bool            `json:"isMfaRequired"`
	Color         json.RawMessage `json:"color"`
	Branding      json.RawMessage `json:"branding"`
	CustomCSS     *string         `json:"customCss"`
	CreatedAt     int64           `json:"createdAt"`
}

// organizationBody is Logto's organization response.
type organizationBody struct {
	TenantID      string          `json:"tenantId"`
	ID            string          `json:"id"`
	Name          string          `json:"name"`
	Description   *string         `json:"description"`
	CustomData    json.RawMessage `json:"customData"`
	IsMfaRequired bool            `json:"isMfaRequired"`
	Color         json.RawMessage `json:"color"`
	Branding      json.RawMessage `json:"branding"`
	CustomCSS     *string         `json:"customCss"`
	CreatedAt     int64           `json:"createdAt"`
}

func (o organization) body(tenant string) organizationBody {
	return organizationBody{TenantID: tenant, ID: o.ID, Name: o.Name, Description: o.Description,
		CustomData: jsonb(o.CustomData), IsMfaRequired: o.IsMfaRequired, Color: jsonb(o.Color),
		Branding: jsonb(o.Branding), CustomCSS: o.CustomCSS, CreatedAt: o.CreatedAt}
}

// organizationBodies reads organizations by id, skipping any that are gone.
func organizationBodies(tx *store.Tx, tenant string, ids []string) ([]organizationBody, error) {
	out := []organizationBody{}
	for _, id := range ids {
		o, err := organizations.Get(tx, tenant, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, o.body(tenant))
	}
	return out, nil
}
