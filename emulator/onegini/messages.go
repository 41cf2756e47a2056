package onegini

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// replaceCustomMessages is the PUT of the custom messages: the body becomes the whole
// set, so a locale or key it leaves out is gone.
func (h *Handler) replaceCustomMessages(c *gin.Context) error {
	body, err := readObject(c)
	if err != nil {
		return err
	}
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		return updateUnit(tx, platform.TenantOf(c), unitCustomMessages, replaceWith(body))
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// localeMessages is the map of one locale_variant inside the custom messages: the
// default messages for "default", else the locale's own map (created when absent).
func localeMessages(doc document, locale string) document {
	if locale == defaultLocale {
		return object(doc, "default")
	}
	return object(object(doc, "locales"), locale)
}

// updateLocaleCustomMessages creates or overwrites the given keys of one locale and
// leaves its other keys alone.
func (h *Handler) updateLocaleCustomMessages(c *gin.Context) error {
	body, err := readObject(c)
	if err != nil {
		return err
	}
	locale := contract.Param(c, "locale_variant")
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		return updateUnit(tx, platform.TenantOf(c), unitCustomMessages, func(doc document) error {
			merge(localeMessages(doc, locale), body)
			return nil
		})
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// deleteCustomMessage removes one key of one locale; a locale left empty goes too.
func (h *Handler) deleteCustomMessage(c *gin.Context) error {
	locale, key := contract.Param(c, "locale_variant"), contract.Param(c, "message_key")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		return updateUnit(tx, platform.TenantOf(c), unitCustomMessages, func(doc document) error {
			if locale != defaultLocale {
				if _, ok := object(doc, "locales")[locale]; !ok {
					return notFound("no messages for locale " + locale)
				}
			}
			msgs := localeMessages(doc, locale)
			if _, ok := msgs[key]; !ok {
				return notFound("no message " + key + " in locale " + locale)
			}
			delete(msgs, key)
			return nil
		})
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
