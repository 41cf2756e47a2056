package logto

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// The account center: whether the Account API is on, and per field whether users may
// read or edit it (Off, ReadOnly, Edit). A tenant starts with it off.

const (
	fieldOff      = "Off"
	fieldReadOnly = "ReadOnly"
	fieldEdit     = "Edit"
)

type accountCenter struct {
	Enabled                bool              `json:"enabled"`
	Fields                 map[string]string `json:"fields"`
	WebauthnRelatedOrigins []string          `json:"webauthnRelatedOrigins"`
	DeleteAccountURL       *string           `json:"deleteAccountUrl"`
	CustomCSS              *string           `json:"customCss"`
}

var accountCenters = store.Collection[accountCenter]{Name: "account-centers"}

func loadAccountCenter(tx *store.Tx, tenant string) (accountCenter, error) {
	ac, err := accountCenters.Get(tx, tenant, defaultID)
	if errors.Is(err, store.ErrNotFound) {
		return accountCenter{Fields: map[string]string{}, WebauthnRelatedOrigins: []string{}}, nil
	}
	return ac, err
}

// editable and readable read a field's control value.
func (ac accountCenter) editable(field string) bool { return ac.Fields[field] == fieldEdit }
func (ac accountCenter) readable(field string) bool {
	return ac.Fields[field] == fieldEdit || ac.Fields[field] == fieldReadOnly
}

func (ac accountCenter) body(tenant string) ordered {
	fields := ac.Fields
	if fields == nil {
		fields = map[string]string{}
	}
	origins := ac.WebauthnRelatedOrigins
	if origins == nil {
		origins = []string{}
	}
	return ordered{{"tenantId", tenant}, {"id", defaultID}, {"enabled", ac.Enabled}, {"fields", fields},
		{"webauthnRelatedOrigins", origins}, {"deleteAccountUrl", ac.DeleteAccountURL}, {"customCss", ac.CustomCSS}}
}

func (h *Handler) getAccountCenter(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var ac accountCenter
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		ac, err = loadAccountCenter(tx, tenant)
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, ac.body(tenant))
}

// updateAccountCenter replaces the members given; fields is replaced whole.
func (h *Handler) updateAccountCenter(c *gin.Context) error {
	var in struct {
		Enabled                *bool             `json:"enabled"`
		Fields                 map[string]string `json:"fields"`
		WebauthnRelatedOrigins []string          `json:"webauthnRelatedOrigins"`
		DeleteAccountURL       optional[string]  `json:"deleteAccountUrl"`
		CustomCSS              optional[string]  `json:"customCss"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var ac accountCenter
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		if ac, err = loadAccountCenter(tx, tenant); err != nil {
			return err
		}
		if in.Enabled != nil {
			ac.Enabled = *in.Enabled
		}
		if in.Fields != nil {
			ac.Fields = in.Fields
		}
		if in.WebauthnRelatedOrigins != nil {
			ac.WebauthnRelatedOrigins = in.WebauthnRelatedOrigins
		}
		if in.DeleteAccountURL.Set {
			ac.DeleteAccountURL = in.DeleteAccountURL.ptr()
		}
		if in.CustomCSS.Set {
			ac.CustomCSS = in.CustomCSS.ptr()
		}
		return accountCenters.Put(tx, tenant, defaultID, ac)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, ac.body(tenant))
}

// requireAccountCenter is koaAccountCenter: the Account API answers only when the
// account center is on.
func (h *Handler) requireAccountCenter(c *gin.Context) {
	tenant := platform.TenantOf(c)
	var ac accountCenter
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		ac, err = loadAccountCenter(tx, tenant)
		return err
	})
	if err == nil && !ac.Enabled {
		err = fail(http.StatusBadRequest, "account_center.not_enabled")
	}
	if err != nil {
		h.render(c, err)
		return
	}
	c.Set(accountCenterKey, ac)
}

const accountCenterKey = "logto.accountCenter"

func accountCenterOf(c *gin.Context) accountCenter {
	v, _ := c.Get(accountCenterKey)
	ac, _ := v.(accountCenter)
	return ac
}
