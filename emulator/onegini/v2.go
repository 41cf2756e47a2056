package onegini

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// getUnit answers one configuration unit as stored.
func (h *Handler) getUnit(unit string) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		var doc document
		err := h.deps.Store.View(func(tx *store.Tx) error {
			var err error
			doc, err = loadUnit(tx, platform.TenantOf(c), unit)
			return err
		})
		if err != nil {
			return err
		}
		return writeJSON(c, http.StatusOK, doc)
	}
}

// mergeUnit is a POST of a unit: the fields it names replace the stored ones (objects
// merge field by field, arrays are replaced whole); fields it leaves out stay.
func (h *Handler) mergeUnit(unit string) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		body, err := readObject(c)
		if err != nil {
			return err
		}
		err = h.deps.Store.Update(func(tx *store.Tx) error {
			return updateUnit(tx, platform.TenantOf(c), unit, func(doc document) error {
				merge(doc, body)
				return nil
			})
		})
		if err != nil {
			return err
		}
		c.Status(http.StatusNoContent)
		return nil
	}
}

// getCIMConfiguration answers every unit of CIMConfiguration.
func (h *Handler) getCIMConfiguration(c *gin.Context) error {
	out := document{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		for _, unit := range cimUnits {
			doc, err := loadUnit(tx, platform.TenantOf(c), unit)
			if err != nil {
				return err
			}
			out[unit] = doc
		}
		return nil
	})
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, out)
}

// updateCIMConfiguration changes several units in one transaction, each as its own
// update operation would: custom messages are replaced (their update is a PUT), the
// other units merged. It is the only write of the login methods, which have no
// update operation of their own.
func (h *Handler) updateCIMConfiguration(c *gin.Context) error {
	body, err := readObject(c)
	if err != nil {
		return err
	}
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		for _, unit := range cimUnits {
			src, ok := body[unit].(map[string]any)
			if !ok {
				continue
			}
			change := func(doc document) error { merge(doc, src); return nil }
			if unit == unitCustomMessages {
				change = replaceWith(src)
			}
			if err := updateUnit(tx, platform.TenantOf(c), unit, change); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// replaceWith is a change that swaps a unit's content for src.
func replaceWith(src document) func(doc document) error {
	return func(doc document) error {
		clear(doc)
		merge(doc, src)
		return nil
	}
}

// writeJSON answers a body with the source's media type, exactly application/json.
func writeJSON(c *gin.Context, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.Data(status, "application/json", b)
	return nil
}
