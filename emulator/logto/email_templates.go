package logto

import (
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Email templates: per language and template type (SignIn, Register, Generic, ...),
// the subject and content of the emails Logto sends. idemu writes the emails it
// delivers with the English template of the message's type when there is one,
// filling in {{code}} and {{link}}.

type emailTemplate struct {
	ID           string          `json:"id"`
	LanguageTag  string          `json:"languageTag"`
	TemplateType string          `json:"templateType"`
	Details      json.RawMessage `json:"details"`
	CreatedAt    int64           `json:"createdAt"`
}

var emailTemplates = store.Collection[emailTemplate]{Name: "email-templates"}

// templateKey keeps one template per language and type.
func templateKey(lang, typ string) string { return caseSensitiveKey(lang) + ":" + typ }

type emailTemplateBody struct {
	TenantID     string          `json:"tenantId"`
	ID           string          `json:"id"`
	LanguageTag  string          `json:"languageTag"`
	TemplateType string          `json:"templateType"`
	Details      json.RawMessage `json:"details"`
	CreatedAt    int64           `json:"createdAt"`
}

func (t emailTemplate) body(tenant string) emailTemplateBody {
	return emailTemplateBody{TenantID: tenant, ID: t.ID, LanguageTag: t.LanguageTag, TemplateType: t.TemplateType,
		Details: jsonb(t.Details), CreatedAt: t.CreatedAt}
}

// templatesMatching lists the templates of a language and/or type ("" matches any).
func templatesMatching(tx *store.Tx, tenant, lang, typ string) ([]emailTemplate, error) {
	var out []emailTemplate
	err := emailTemplates.Each(tx, tenant, func(_ string, t emailTemplate) bool {
		if (lang == "" || t.LanguageTag == lang) && (typ == "" || t.TemplateType == typ) {
			out = append(out, t)
		}
		return true
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt < out[j].CreatedAt })
	return out, err
}

func (h *Handler) listEmailTemplates(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	out := []emailTemplateBody{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		list, err := templatesMatching(tx, tenant, c.Query("languageTag"), c.Query("templateType"))
		for _, t := range list {
			out = append(out, t.body(tenant))
		}
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

// replaceEmailTemplates upserts templates by language and type.
func (h *Handler) replaceEmailTemplates(c *gin.Context) error {
	var in struct {
		Templates []struct {
			LanguageTag  string          `json:"languageTag"`
			TemplateType string          `json:"templateType"`
			Details      json.RawMessage `json:"details"`
		} `json:"templates"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	out := []emailTemplateBody{}
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		for _, t := range in.Templates {
			key := templateKey(t.LanguageTag, t.TemplateType)
			id, err := tx.Lookup(tenant, emailTemplates.Name, "key", key)
			tmpl := emailTemplate{ID: id, LanguageTag: t.LanguageTag, TemplateType: t.TemplateType, Details: jsonb(t.Details),
				CreatedAt: tx.Now().UnixMilli()}
			switch {
			case errors.Is(err, store.ErrNotFound):
				tmpl.ID = standardID()
				if err := tx.Claim(tenant, emailTemplates.Name, "key", key, tmpl.ID); err != nil {
					return err
				}
			case err != nil:
				return err
			default:
				old, err := emailTemplates.Get(tx, tenant, id)
				if err != nil {
					return err
				}
				tmpl.CreatedAt = old.CreatedAt
			}
			if err := emailTemplates.Put(tx, tenant, tmpl.ID, tmpl); err != nil {
				return err
			}
			out = append(out, tmpl.body(tenant))
		}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func removeTemplate(tx *store.Tx, tenant string, t emailTemplate) error {
	if err := tx.Release(tenant, emailTemplates.Name, "key", templateKey(t.LanguageTag, t.TemplateType), t.ID); err != nil {
		return err
	}
	return emailTemplates.Delete(tx, tenant, t.ID)
}

// deleteEmailTemplates deletes by language and/or type; one of them is required.
func (h *Handler) deleteEmailTemplates(c *gin.Context) error {
	lang, typ := c.Query("languageTag"), c.Query("templateType")
	if lang == "" && typ == "" {
		return fail(http.StatusUnprocessableEntity, "connector.email_connector.bulk_deletion_no_filter")
	}
	tenant := platform.TenantOf(c)
	n := 0
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		list, err := templatesMatching(tx, tenant, lang, typ)
		if err != nil {
			return err
		}
		for _, t := range list {
			if err := removeTemplate(tx, tenant, t); err != nil {
				return err
			}
		}
		n = len(list)
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, ordered{{"rowCount", n}})
}

func loadEmailTemplate(tx *store.Tx, tenant, id string) (emailTemplate, error) {
	t, err := emailTemplates.Get(tx, tenant, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return t, notFoundWithID("email_templates", id)
	}
	return t, err
}

func (h *Handler) getEmailTemplate(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var t emailTemplate
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		t, err = loadEmailTemplate(tx, tenant, contract.Param(c, "id"))
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, t.body(tenant))
}

func (h *Handler) deleteEmailTemplate(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		t, err := emailTemplates.Get(tx, tenant, contract.Param(c, "id"))
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return entityNotFound()
		}
		if err != nil {
			return err
		}
		return removeTemplate(tx, tenant, t)
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

// updateEmailTemplateDetails merges the details given.
func (h *Handler) updateEmailTemplateDetails(c *gin.Context) error {
	var patch json.RawMessage
	if err := bind(c, &patch); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	var t emailTemplate
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		if t, err = loadEmailTemplate(tx, tenant, contract.Param(c, "id")); err != nil {
			return err
		}
		t.Details = mergeJSONB(t.Details, patch)
		return emailTemplates.Put(tx, tenant, t.ID, t)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, t.body(tenant))
}

// applyEmailTemplate writes an email with the tenant's English template of its type.
func applyEmailTemplate(tx *store.Tx, tenant string, m *outbox.Message) error {
	id, err := tx.Lookup(tenant, emailTemplates.Name, "key", templateKey("en", m.Purpose))
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	t, err := emailTemplates.Get(tx, tenant, id)
	if err != nil {
		return err
	}
	var d struct {
		Subject string `json:"subject"`
		Content string `json:"content"`
	}
	_ = json.Unmarshal(t.Details, &d)
	fill := strings.NewReplacer("{{code}}", m.Code, "{{link}}", m.Link)
	m.Subject, m.Body = fill.Replace(d.Subject), fill.Replace(d.Content)
	return nil
}
