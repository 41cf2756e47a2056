package akamai

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/store"
)

// --- translations --------------------------------------------------------------------

// listTranslations answers every key's texts, as JSON or (Accept: text/csv) as a table
// with a column per locale.
func (h *Handler) listTranslations(c *gin.Context, x *call) (int, any, error) {
	var f flow
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		f, err = capiFlow(tx, x.app, contract.Param(c, "flow"))
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	locales := f.Locales
	if l := c.Query("locale"); l != "" {
		locales = []string{l}
	}
	if c.NegotiateFormat("application/json", "text/csv") == "text/csv" {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		_ = w.Write(append([]string{"key"}, locales...))
		for _, key := range sortedKeys(f.Translations) {
			row := []string{key}
			for _, l := range locales {
				row = append(row, f.Translations[key][l])
			}
			_ = w.Write(row)
		}
		w.Flush()
		c.Data(http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
		return 0, nil, nil
	}
	out := map[string]map[string]string{}
	for key, texts := range f.Translations {
		m := map[string]string{}
		for _, l := range locales {
			if s, ok := texts[l]; ok {
				m[l] = s
			}
		}
		out[key] = m
	}
	return http.StatusOK, out, nil
}

func (h *Handler) getTranslation(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		texts, ok := f.Translations[contract.Param(c, "key")]
		if !ok {
			return nil, configErr(http.StatusNotFound, "Translation not found.")
		}
		return texts, nil
	})
}

type translationInput struct {
	Key    string `json:"key"`
	Locale string `json:"locale"`
	Value  string `json:"value"`
}

// createTranslation gives a key a text in a locale: a new key when none is given. A new
// locale joins the flow.
func (h *Handler) createTranslation(c *gin.Context, x *call) (int, any, error) {
	var in translationInput
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	if !localeRe.MatchString(in.Locale) {
		return 0, nil, badRequest("Invalid request: locale " + in.Locale + " is not a locale")
	}
	_, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		if _, exists := f.Translations[in.Key][in.Locale]; in.Key != "" && exists {
			return "", conflict("The translation already has a text in " + in.Locale + ".")
		}
		in.Key = f.setText(in.Key, in.Locale, in.Value)
		return "Added translation: " + in.Key + " (" + in.Locale + ")", nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, in, nil
}

// updateTranslation changes the text of an existing key in a locale.
func (h *Handler) updateTranslation(c *gin.Context, x *call) (int, any, error) {
	var in translationInput
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	if !localeRe.MatchString(in.Locale) {
		return 0, nil, badRequest("Invalid request: locale " + in.Locale + " is not a locale")
	}
	_, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		if _, ok := f.Translations[in.Key]; !ok {
			return "", configErr(http.StatusNotFound, "Translation not found.")
		}
		f.setText(in.Key, in.Locale, in.Value)
		return "Updated translation: " + in.Key + " (" + in.Locale + ")", nil
	})
	return http.StatusNoContent, nil, err
}

// deleteTranslation deletes a key no field, string or template uses (409 otherwise).
func (h *Handler) deleteTranslation(c *gin.Context, x *call) (int, any, error) {
	key := contract.Param(c, "key")
	_, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		if _, ok := f.Translations[key]; !ok {
			return "", configErr(http.StatusNotFound, "Translation not found.")
		}
		if user := keyUser(*f, key); user != "" {
			return "", conflict("The translation is used by " + user + ".")
		}
		delete(f.Translations, key)
		return "Removed translation: " + key, nil
	})
	return http.StatusNoContent, nil, err
}

// keyUser names what refers to a translation key, or "".
func keyUser(f flow, key string) string {
	for _, name := range sortedKeys(f.Fields) {
		fl := f.Fields[name]
		refs := []string{fl.Label, fl.Tip, fl.Placeholder}
		for _, r := range fl.Validation {
			refs = append(refs, r.Message)
		}
		for _, o := range fl.Options {
			refs = append(refs, o.Label)
		}
		if slices.Contains(refs, key) {
			return "field " + name
		}
	}
	for _, name := range sortedKeys(f.Strings) {
		if f.Strings[name] == key {
			return "string " + name
		}
	}
	for _, name := range sortedKeys(f.MailTemplates) {
		t := f.MailTemplates[name]
		if t.Subject == key || t.HTML == key || t.Text == key {
			return "mail template " + name
		}
	}
	return ""
}

// --- mail templates ------------------------------------------------------------------

// mailTemplateOf finds the path's template in the path's locale.
func mailTemplateOf(c *gin.Context, f flow) (string, mailTemplate, error) {
	locale, err := flowLocale(c, f)
	if err != nil {
		return "", mailTemplate{}, err
	}
	t, ok := f.MailTemplates[contract.Param(c, "template")]
	if !ok {
		return "", mailTemplate{}, configErr(http.StatusNotFound, "Mail template not found.")
	}
	return locale, t, nil
}

func (h *Handler) listMailTemplates(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		locale, err := flowLocale(c, f)
		if err != nil {
			return nil, err
		}
		return named(localeBase(x.app, f, locale)+"/mailTemplates", f.MailTemplates), nil
	})
}

func (h *Handler) getMailTemplate(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		locale, t, err := mailTemplateOf(c, f)
		if err != nil {
			return nil, err
		}
		name := contract.Param(c, "template")
		return gin.H{"_self": localeBase(x.app, f, locale) + "/mailTemplates/" + name, "name": name,
			"subject": f.text(t.Subject, locale), "html": f.text(t.HTML, locale), "text": f.text(t.Text, locale)}, nil
	})
}

func (h *Handler) getMailTemplateBody(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		locale, t, err := mailTemplateOf(c, f)
		if err != nil {
			return nil, err
		}
		return gin.H{"html": f.text(t.HTML, locale), "text": f.text(t.Text, locale)}, nil
	})
}

func (h *Handler) getMailTemplateSubject(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		locale, t, err := mailTemplateOf(c, f)
		if err != nil {
			return nil, err
		}
		return gin.H{"subject": f.text(t.Subject, locale)}, nil
	})
}

type mailTemplateInput struct {
	Subject *string `json:"subject"`
	HTML    *string `json:"html"`
	Text    *string `json:"text"`
}

// editMailTemplate sets the given parts of the path's template in the path's locale: the
// template, its body and its subject endpoints all use it, the contract deciding which
// parts each takes. Templates can be changed, not created or deleted, as documented.
func (h *Handler) editMailTemplate(c *gin.Context, x *call) (int, any, error) {
	var in mailTemplateInput
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	_, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		locale, t, err := mailTemplateOf(c, *f)
		if err != nil {
			return "", err
		}
		for key, text := range map[*string]*string{&t.Subject: in.Subject, &t.HTML: in.HTML, &t.Text: in.Text} {
			if text != nil {
				*key = f.setText(*key, locale, *text)
			}
		}
		name := contract.Param(c, "template")
		f.MailTemplates[name] = t
		return "Updated mail template: " + name + " (" + locale + ")", nil
	})
	return http.StatusNoContent, nil, err
}
