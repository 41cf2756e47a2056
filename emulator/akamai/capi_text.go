package akamai

import (
	"net/http"
	"regexp"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/store"
)

// A flow's text lives in its translations: each translation key has a text per locale.
// Fields, strings, mail templates and validation messages refer to keys; the localized
// endpoints read and write the text of one locale.

var localeRe = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// flowLocale is the path's locale, which the flow must have.
func flowLocale(c *gin.Context, f flow) (string, error) {
	locale := contract.Param(c, "locale")
	if !slices.Contains(f.Locales, locale) {
		return "", configErr(http.StatusNotFound, "Locale not found.")
	}
	return locale, nil
}

func localeBase(app string, f flow, locale string) string {
	return flowBase(app, f.Name) + "/locales/" + locale
}

// getFlowLocale answers every translation key's text in the locale.
func (h *Handler) getFlowLocale(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		locale, err := flowLocale(c, f)
		if err != nil {
			return nil, err
		}
		out := map[string]string{}
		for key, texts := range f.Translations {
			if s, ok := texts[locale]; ok {
				out[key] = s
			}
		}
		return out, nil
	})
}

// --- localized fields ------------------------------------------------------------------

// localizedFieldView is a field with its texts in one locale.
func localizedFieldView(app string, f flow, fl flowField, locale string) gin.H {
	rules := []gin.H{}
	for _, r := range fl.Validation {
		rule := gin.H{"rule": r.Rule, "value": r.Value}
		if r.Message != "" {
			rule["message"] = f.text(r.Message, locale)
		}
		rules = append(rules, rule)
	}
	out := gin.H{"_self": localeBase(app, f, locale) + "/fields/" + fl.Name, "type": fl.Type, "name": fl.Name,
		"schemaAttribute": fl.SchemaAttribute, "validation": rules, "emptyMeansNull": fl.EmptyMeansNull, "ignoreUpdate": fl.IgnoreUpdate}
	for k, key := range map[string]string{"label": fl.Label, "tip": fl.Tip, "placeholder": fl.Placeholder} {
		if key != "" {
			out[k] = f.text(key, locale)
		}
	}
	if fl.SocialProfileData != "" {
		out["socialProfileData"] = fl.SocialProfileData
	}
	if len(fl.Options) > 0 {
		opts := []gin.H{}
		for _, o := range fl.Options {
			opts = append(opts, gin.H{"value": o.Value, "label": f.text(o.Label, locale), "selected": o.Selected})
		}
		out["options"] = opts
	}
	return out
}

// localizedFieldInput is a field definition whose texts are given in one locale.
type localizedFieldInput struct {
	Type            string  `json:"type"`
	Name            string  `json:"name"`
	SchemaAttribute *string `json:"schemaAttribute"`
	Label           *string `json:"label"`
	Tip             *string `json:"tip"`
	Placeholder     *string `json:"placeholder"`
	Validation      *[]struct {
		Rule    string  `json:"rule"`
		Value   any     `json:"value"`
		Message *string `json:"message"`
	} `json:"validation"`
	Options *[]struct {
		Value    string  `json:"value"`
		Label    *string `json:"label"`
		Selected bool    `json:"selected"`
	} `json:"options"`
	SocialProfileData *string `json:"socialProfileData"`
	EmptyMeansNull    *bool   `json:"emptyMeansNull"`
	IgnoreUpdate      *bool   `json:"ignoreUpdate"`
}

// apply writes the input onto a field, putting its texts into the flow's translations in
// the locale (reusing the field's keys, or making new ones).
func (in localizedFieldInput) apply(f *flow, fl *flowField, locale string) {
	text := func(key *string, s *string) {
		if s != nil {
			*key = f.setText(*key, locale, *s)
		}
	}
	if in.SchemaAttribute != nil {
		fl.SchemaAttribute = *in.SchemaAttribute
	}
	text(&fl.Label, in.Label)
	text(&fl.Tip, in.Tip)
	text(&fl.Placeholder, in.Placeholder)
	if in.Validation != nil {
		old := fl.Validation
		fl.Validation = []fieldRule{}
		for _, r := range *in.Validation {
			rule := fieldRule{Rule: r.Rule, Value: r.Value}
			if prev, ok := (flowField{Validation: old}).rule(r.Rule); ok {
				rule.Message = prev.Message
			}
			text(&rule.Message, r.Message)
			fl.Validation = append(fl.Validation, rule)
		}
	}
	if in.Options != nil {
		old := fl.Options
		fl.Options = nil
		for _, o := range *in.Options {
			opt := fieldOption{Value: o.Value, Selected: o.Selected}
			if i := slices.IndexFunc(old, func(p fieldOption) bool { return p.Value == o.Value }); i >= 0 {
				opt.Label = old[i].Label
			}
			text(&opt.Label, o.Label)
			fl.Options = append(fl.Options, opt)
		}
	}
	if in.SocialProfileData != nil {
		fl.SocialProfileData = *in.SocialProfileData
	}
	if in.EmptyMeansNull != nil {
		fl.EmptyMeansNull = *in.EmptyMeansNull
	}
	if in.IgnoreUpdate != nil {
		fl.IgnoreUpdate = *in.IgnoreUpdate
	}
}

func (h *Handler) listLocalizedFields(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		locale, err := flowLocale(c, f)
		if err != nil {
			return nil, err
		}
		return named(localeBase(x.app, f, locale)+"/fields", f.Fields), nil
	})
}

func (h *Handler) getLocalizedField(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		locale, err := flowLocale(c, f)
		if err != nil {
			return nil, err
		}
		fl, err := fieldOf(f, contract.Param(c, "field"))
		if err != nil {
			return nil, err
		}
		return localizedFieldView(x.app, f, fl, locale), nil
	})
}

func (h *Handler) createLocalizedField(c *gin.Context, x *call) (int, any, error) {
	var in localizedFieldInput
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	var fl flowField
	var locale string
	f, err := h.editFlow(c, x, func(tx *store.Tx, f *flow) (string, error) {
		var err error
		if locale, err = flowLocale(c, *f); err != nil {
			return "", err
		}
		if _, exists := f.Fields[in.Name]; exists {
			return "", conflict("A field named " + in.Name + " already exists.")
		}
		fl = flowField{Name: in.Name, Type: in.Type, Write: true, Validation: []fieldRule{}}
		in.apply(f, &fl, locale)
		if err := h.checkField(tx, x.app, *f, fl); err != nil {
			return "", err
		}
		f.Fields[fl.Name] = fl
		return "Added field: " + fl.Name, nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, localizedFieldView(x.app, f, fl, locale), nil
}

// updateLocalizedField changes a field and its texts in the locale; what the body leaves
// out stays.
func (h *Handler) updateLocalizedField(c *gin.Context, x *call) (int, any, error) {
	var in localizedFieldInput
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	_, err := h.editFlow(c, x, func(tx *store.Tx, f *flow) (string, error) {
		locale, err := flowLocale(c, *f)
		if err != nil {
			return "", err
		}
		fl, err := fieldOf(*f, contract.Param(c, "field"))
		if err != nil {
			return "", err
		}
		in.apply(f, &fl, locale)
		if err := h.checkField(tx, x.app, *f, fl); err != nil {
			return "", err
		}
		f.Fields[fl.Name] = fl
		return "Updated field: " + fl.Name + " (" + locale + ")", nil
	})
	return http.StatusNoContent, nil, err
}

// --- strings ---------------------------------------------------------------------------

func stringOf(f flow, name string) (string, error) {
	key, ok := f.Strings[name]
	if !ok {
		return "", configErr(http.StatusNotFound, "String not found.")
	}
	return key, nil
}

func (h *Handler) listFlowStrings(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		return named(flowBase(x.app, f.Name)+"/strings", f.Strings), nil
	})
}

func (h *Handler) getFlowString(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		name := contract.Param(c, "stringName")
		key, err := stringOf(f, name)
		if err != nil {
			return nil, err
		}
		return gin.H{"_self": flowBase(x.app, f.Name) + "/strings/" + name, "name": name, "key": key}, nil
	})
}

// checkKey: a string must refer to a translation key the flow has.
func checkKey(f flow, key string) error {
	if _, ok := f.Translations[key]; !ok {
		return badRequest("Invalid request: translation key " + key + " does not exist in the flow")
	}
	return nil
}

func (h *Handler) createFlowString(c *gin.Context, x *call) (int, any, error) {
	var in struct {
		Name string `json:"name"`
		Key  string `json:"key"`
	}
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	f, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		if _, exists := f.Strings[in.Name]; exists {
			return "", conflict("A string named " + in.Name + " already exists.")
		}
		if err := checkKey(*f, in.Key); err != nil {
			return "", err
		}
		f.Strings[in.Name] = in.Key
		return "Added string: " + in.Name, nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, gin.H{"_self": flowBase(x.app, f.Name) + "/strings/" + in.Name, "name": in.Name, "key": in.Key}, nil
}

func (h *Handler) updateFlowString(c *gin.Context, x *call) (int, any, error) {
	var in struct {
		Key string `json:"key"`
	}
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	_, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		name := contract.Param(c, "stringName")
		if _, err := stringOf(*f, name); err != nil {
			return "", err
		}
		if err := checkKey(*f, in.Key); err != nil {
			return "", err
		}
		f.Strings[name] = in.Key
		return "Updated string: " + name, nil
	})
	return http.StatusNoContent, nil, err
}

func (h *Handler) deleteFlowString(c *gin.Context, x *call) (int, any, error) {
	_, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		name := contract.Param(c, "stringName")
		if _, err := stringOf(*f, name); err != nil {
			return "", err
		}
		delete(f.Strings, name)
		return "Removed string: " + name, nil
	})
	return http.StatusNoContent, nil, err
}

// --- localized strings ---------------------------------------------------------------

func localizedString(app string, f flow, locale, name string) gin.H {
	return gin.H{"_self": localeBase(app, f, locale) + "/strings/" + name, "name": name, "value": f.text(f.Strings[name], locale)}
}

func (h *Handler) listLocalizedStrings(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		locale, err := flowLocale(c, f)
		if err != nil {
			return nil, err
		}
		out := []gin.H{}
		for _, name := range sortedKeys(f.Strings) {
			out = append(out, localizedString(x.app, f, locale, name))
		}
		return out, nil
	})
}

// localizedStringText finds a string with a text in the locale.
func localizedStringText(c *gin.Context, f flow) (string, string, error) {
	locale, err := flowLocale(c, f)
	if err != nil {
		return "", "", err
	}
	name := contract.Param(c, "stringName")
	key, err := stringOf(f, name)
	if err != nil {
		return "", "", err
	}
	if _, ok := f.Translations[key][locale]; !ok {
		return "", "", configErr(http.StatusNotFound, "String not found.")
	}
	return locale, name, nil
}

func (h *Handler) getLocalizedString(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		locale, name, err := localizedStringText(c, f)
		if err != nil {
			return nil, err
		}
		return localizedString(x.app, f, locale, name), nil
	})
}

// createLocalizedString adds a string's text in the locale: a new string with a new
// translation key, or the first text in this locale of an existing string.
func (h *Handler) createLocalizedString(c *gin.Context, x *call) (int, any, error) {
	var in struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	var locale string
	f, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		var err error
		if locale, err = flowLocale(c, *f); err != nil {
			return "", err
		}
		key := f.Strings[in.Name]
		if _, exists := f.Translations[key][locale]; key != "" && exists {
			return "", conflict("The string " + in.Name + " already has a text in " + locale + ".")
		}
		f.Strings[in.Name] = f.setText(key, locale, in.Value)
		return "Added string: " + in.Name + " (" + locale + ")", nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, localizedString(x.app, f, locale, in.Name), nil
}

func (h *Handler) updateLocalizedString(c *gin.Context, x *call) (int, any, error) {
	var in struct {
		Value string `json:"value"`
	}
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	_, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		locale, name, err := localizedStringText(c, *f)
		if err != nil {
			return "", err
		}
		f.setText(f.Strings[name], locale, in.Value)
		return "Updated string: " + name + " (" + locale + ")", nil
	})
	return http.StatusNoContent, nil, err
}

// deleteLocalizedString removes a string's text in the locale (the string stays).
func (h *Handler) deleteLocalizedString(c *gin.Context, x *call) (int, any, error) {
	_, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		locale, name, err := localizedStringText(c, *f)
		if err != nil {
			return "", err
		}
		delete(f.Translations[f.Strings[name]], locale)
		return "Removed string: " + name + " (" + locale + ")", nil
	})
	return http.StatusNoContent, nil, err
}
