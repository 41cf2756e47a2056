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

// Custom phrases: per-language translation overrides of the sign-in UI, one row per
// language tag. A translation is a tree of strings; empty strings and empty branches
// are dropped (clean-deep) before it is stored.

type customPhrase struct {
	ID          string          `json:"id"`
	LanguageTag string          `json:"languageTag"`
	Translation json.RawMessage `json:"translation"`
}

var customPhrases = store.Collection[customPhrase]{Name: "custom-phrases"}

type customPhraseBody struct {
	TenantID    string          `json:"tenantId"`
	ID          string          `json:"id"`
	LanguageTag string          `json:"languageTag"`
	Translation json.RawMessage `json:"translation"`
}

func (p customPhrase) body(tenant string) customPhraseBody {
	return customPhraseBody{TenantID: tenant, ID: p.ID, LanguageTag: p.LanguageTag, Translation: jsonb(p.Translation)}
}

func (h *Handler) listCustomPhrases(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	out := []customPhraseBody{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		all, err := customPhrases.List(tx, tenant)
		sort.Slice(all, func(i, j int) bool { return all[i].LanguageTag < all[j].LanguageTag })
		for _, p := range all {
			out = append(out, p.body(tenant))
		}
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) getCustomPhrase(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var p customPhrase
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		p, err = customPhrases.Get(tx, tenant, contract.Param(c, "languageTag"))
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return entityNotFound()
		}
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, p.body(tenant))
}

// cleanTranslation drops empty strings and empty objects, and reports whether every
// leaf is a string (Logto's translation structure).
func cleanTranslation(v any) (any, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case map[string]any:
		out := map[string]any{}
		for k, child := range x {
			c, ok := cleanTranslation(child)
			if !ok {
				return nil, false
			}
			if c == "" {
				continue
			}
			if m, isMap := c.(map[string]any); isMap && len(m) == 0 {
				continue
			}
			out[k] = c
		}
		return out, true
	}
	return nil, false
}

// replaceCustomPhrase upserts a language's translation; the row keeps its id.
func (h *Handler) replaceCustomPhrase(c *gin.Context) error {
	var in map[string]any
	if err := bind(c, &in); err != nil {
		return err
	}
	cleaned, ok := cleanTranslation(in)
	if !ok {
		return fail(http.StatusUnprocessableEntity, "localization.invalid_translation_structure")
	}
	raw, _ := json.Marshal(cleaned)
	tenant, tag := platform.TenantOf(c), contract.Param(c, "languageTag")
	var p customPhrase
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		old, err := customPhrases.Get(tx, tenant, tag)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		p = customPhrase{ID: old.ID, LanguageTag: tag, Translation: jsonb(raw)}
		if p.ID == "" {
			p.ID = standardID()
		}
		return customPhrases.Put(tx, tenant, tag, p)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusCreated, p.body(tenant))
}

// deleteCustomPhrase refuses the sign-in experience's fallback language.
func (h *Handler) deleteCustomPhrase(c *gin.Context) error {
	tenant, tag := platform.TenantOf(c), contract.Param(c, "languageTag")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		sie, err := loadSignInExperience(tx, tenant)
		if err != nil {
			return err
		}
		var li struct {
			FallbackLanguage string `json:"fallbackLanguage"`
		}
		sie.decode("languageInfo", &li)
		if li.FallbackLanguage == tag {
			return fail(http.StatusConflict, "localization.cannot_delete_default_language", "languageTag", tag)
		}
		err = customPhrases.Delete(tx, tenant, tag)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return entityNotFound()
		}
		return err
	})
	if err != nil {
		return err
	}
	return noContent(c)
}
