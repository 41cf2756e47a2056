package logto

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// The captcha provider (Turnstile or reCAPTCHA Enterprise): one configuration per
// tenant. idemu stores it; it verifies no captcha tokens, so the sign-in experience's
// captcha policy takes no effect.

type captchaProvider struct {
	ID        string          `json:"id"`
	Config    json.RawMessage `json:"config"`
	CreatedAt int64           `json:"createdAt"`
	UpdatedAt int64           `json:"updatedAt"`
}

var captchaProviders = store.Collection[captchaProvider]{Name: "captcha-providers"}

func (p captchaProvider) body(tenant string) ordered {
	return ordered{{"tenantId", tenant}, {"id", p.ID}, {"config", jsonb(p.Config)}, {"createdAt", p.CreatedAt}, {"updatedAt", p.UpdatedAt}}
}

func loadCaptchaProvider(tx *store.Tx, tenant string) (captchaProvider, error) {
	p, err := captchaProviders.Get(tx, tenant, defaultID)
	if errors.Is(err, store.ErrNotFound) {
		return p, entityNotFound()
	}
	return p, err
}

func (h *Handler) getCaptchaProvider(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var p captchaProvider
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		p, err = loadCaptchaProvider(tx, tenant)
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, p.body(tenant))
}

// updateCaptchaProvider replaces the configuration, keeping the provider's id.
func (h *Handler) updateCaptchaProvider(c *gin.Context) error {
	var in struct {
		Config json.RawMessage `json:"config"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var p captchaProvider
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		now := tx.Now().UnixMilli()
		old, err := loadCaptchaProvider(tx, tenant)
		var ae *apiError
		switch {
		case errors.As(err, &ae):
			p = captchaProvider{ID: standardID(), CreatedAt: now}
		case err != nil:
			return err
		default:
			p = old
		}
		p.Config, p.UpdatedAt = jsonb(in.Config), now
		return captchaProviders.Put(tx, tenant, defaultID, p)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, p.body(tenant))
}

func (h *Handler) deleteCaptchaProvider(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		err := captchaProviders.Delete(tx, tenant, defaultID)
		if errors.Is(err, store.ErrNotFound) {
			return entityNotFound()
		}
		return err
	})
	if err != nil {
		return err
	}
	return noContent(c)
}
