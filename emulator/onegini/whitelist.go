package onegini

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

const whitelistPath = "/api/v2/config/features/action-token/whitelisted-urls"

// getWhitelistedUrls answers the action-token redirect whitelist of the features unit.
func (h *Handler) getWhitelistedUrls(c *gin.Context) error {
	var list []any
	err := h.deps.Store.View(func(tx *store.Tx) error {
		features, err := loadUnit(tx, platform.TenantOf(c), unitFeatures)
		list = whitelist(features)
		return err
	})
	if err != nil {
		return err
	}
	if list == nil {
		list = []any{}
	}
	return writeJSON(c, http.StatusOK, document{"whitelisted_urls": list})
}

// addWhitelistedUrl adds a URL with a new id, and answers 201 with the entry. Adding
// a URL that is already listed changes nothing and answers that entry: the whitelist
// is a set.
func (h *Handler) addWhitelistedUrl(c *gin.Context) error {
	body, err := readObject(c)
	if err != nil {
		return err
	}
	u, err := whitelistURL(body["url"])
	if err != nil {
		return err
	}
	var entry document
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		tenant := platform.TenantOf(c)
		err := updateUnit(tx, tenant, unitFeatures, func(features document) error {
			at := object(features, "action_token")
			list, _ := at["whitelisted_urls"].([]any)
			at["whitelisted_urls"] = append(list, document{"url": u})
			return nil
		})
		if err != nil {
			return err
		}
		// Read back in the same transaction: the entry may have kept an earlier id.
		features, err := loadUnit(tx, tenant, unitFeatures)
		for _, e := range whitelist(features) {
			if m, _ := e.(map[string]any); m["url"] == u {
				entry = m
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	id, _ := entry["id"].(string)
	c.Header("Location", platform.BaseURL(c.Request)+whitelistPath+"/"+id)
	return writeJSON(c, http.StatusCreated, entry)
}

// deleteWhitelistedUrl removes the entry with the id; an unknown id is 404.
func (h *Handler) deleteWhitelistedUrl(c *gin.Context) error {
	id := contract.Param(c, "url-id")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		return updateUnit(tx, platform.TenantOf(c), unitFeatures, func(features document) error {
			list := whitelist(features)
			for i, e := range list {
				if m, _ := e.(map[string]any); m["id"] == id {
					object(features, "action_token")["whitelisted_urls"] = append(list[:i:i], list[i+1:]...)
					return nil
				}
			}
			return notFound("no whitelisted url " + strings.TrimSpace(id))
		})
	})
	if err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
