package akamai

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/store"
)

// --- fields --------------------------------------------------------------------------

// fieldView is a field as the Configuration API shows it: texts as translation keys.
func fieldView(app string, f flow, fl flowField) gin.H {
	rules := []gin.H{}
	for _, r := range fl.Validation {
		rule := gin.H{"rule": r.Rule, "value": r.Value}
		if r.Message != "" {
			rule["message"] = gin.H{"key": r.Message}
		}
		rules = append(rules, rule)
	}
	out := gin.H{"_self": flowBase(app, f.Name) + "/fields/" + fl.Name, "type": fl.Type, "name": fl.Name,
		"schemaAttribute": fl.SchemaAttribute, "validation": rules, "forms": formsOf(f, fl.Name),
		"emptyMeansNull": fl.EmptyMeansNull, "ignoreUpdate": fl.IgnoreUpdate}
	for k, v := range map[string]string{"label": fl.Label, "tip": fl.Tip, "placeholder": fl.Placeholder} {
		if v != "" {
			out[k] = gin.H{"key": v}
		}
	}
	if fl.SocialProfileData != "" {
		out["socialProfileData"] = fl.SocialProfileData
	}
	if len(fl.Options) > 0 {
		opts := []gin.H{}
		for _, o := range fl.Options {
			opt := gin.H{"value": o.Value, "selected": o.Selected}
			if o.Label != "" {
				opt["label"] = gin.H{"key": o.Label}
			}
			opts = append(opts, opt)
		}
		out["options"] = opts
	}
	return out
}

// formsOf lists the forms a field is on.
func formsOf(f flow, field string) []string {
	out := []string{}
	for _, name := range sortedKeys(f.Forms) {
		if slices.Contains(f.Forms[name], field) {
			out = append(out, name)
		}
	}
	return out
}

// translationRef is a text given by its translation key: {"key": "..."}.
type translationRef struct {
	Key string `json:"key"`
}

// fieldInput is a field definition from the Configuration API.
type fieldInput struct {
	Type            string          `json:"type"`
	Name            string          `json:"name"`
	SchemaAttribute string          `json:"schemaAttribute"`
	Label           *translationRef `json:"label"`
	Tip             *translationRef `json:"tip"`
	Placeholder     *translationRef `json:"placeholder"`
	Validation      []struct {
		Rule    string          `json:"rule"`
		Value   any             `json:"value"`
		Message *translationRef `json:"message"`
	} `json:"validation"`
	Options []struct {
		Value    string          `json:"value"`
		Label    *translationRef `json:"label"`
		Selected bool            `json:"selected"`
	} `json:"options"`
	SocialProfileData string `json:"socialProfileData"`
	EmptyMeansNull    bool   `json:"emptyMeansNull"`
	IgnoreUpdate      bool   `json:"ignoreUpdate"`
}

func refKey(r *translationRef) string {
	if r == nil {
		return ""
	}
	return r.Key
}

// field builds the field a definition describes, checked against the flow: its schema
// attribute exists, its translation keys exist, and its rules make sense.
func (h *Handler) field(tx *store.Tx, app string, f flow, in fieldInput) (flowField, error) {
	fl := flowField{Name: in.Name, Type: in.Type, SchemaAttribute: in.SchemaAttribute, Label: refKey(in.Label),
		Tip: refKey(in.Tip), Placeholder: refKey(in.Placeholder), SocialProfileData: in.SocialProfileData,
		EmptyMeansNull: in.EmptyMeansNull, IgnoreUpdate: in.IgnoreUpdate, Write: true, Validation: []fieldRule{}}
	for _, r := range in.Validation {
		fl.Validation = append(fl.Validation, fieldRule{Rule: r.Rule, Value: r.Value, Message: refKey(r.Message)})
	}
	for _, o := range in.Options {
		fl.Options = append(fl.Options, fieldOption{Value: o.Value, Label: refKey(o.Label), Selected: o.Selected})
	}
	return fl, h.checkField(tx, app, f, fl)
}

func (h *Handler) checkField(tx *store.Tx, app string, f flow, fl flowField) error {
	et, err := h.capiEntityType(tx, app, f.schema())
	if err != nil {
		return err
	}
	if _, _, err := et.resolveString(fl.SchemaAttribute); err != nil {
		return badRequest("Invalid request: schemaAttribute: attribute " + fl.SchemaAttribute + " does not exist in " + et.Name)
	}
	keys := []string{fl.Label, fl.Tip, fl.Placeholder}
	for _, r := range fl.Validation {
		keys = append(keys, r.Message)
		if err := checkRule(f, r); err != nil {
			return err
		}
	}
	if len(fl.Options) > 0 && fl.Type != ftSelect && fl.Type != ftRadio {
		return badRequest("Invalid request: options: only select and radio fields have options")
	}
	for _, o := range fl.Options {
		keys = append(keys, o.Label)
	}
	for _, k := range keys {
		if _, ok := f.Translations[k]; k != "" && !ok {
			return badRequest("Invalid request: translation key " + k + " does not exist in the flow")
		}
	}
	return nil
}

func checkRule(f flow, r fieldRule) error {
	bad := badRequest("Invalid request: validation: rule " + r.Rule + " has a value of the wrong kind")
	switch r.Rule {
	case "required", "unique":
		if _, ok := r.Value.(bool); !ok {
			return bad
		}
	case "minLength", "maxLength":
		if n, ok := r.Value.(float64); !ok || n < 0 || n != float64(int(n)) {
			return bad
		}
	case "match":
		other, ok := r.Value.(string)
		if !ok {
			return bad
		}
		if _, exists := f.Fields[other]; !exists {
			return badRequest("Invalid request: validation: match names field " + other + ", which the flow does not have")
		}
	}
	return nil
}

func (h *Handler) listFlowFields(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		return named(flowBase(x.app, f.Name)+"/fields", f.Fields), nil
	})
}

func fieldOf(f flow, name string) (flowField, error) {
	fl, ok := f.Fields[name]
	if !ok {
		return flowField{}, configErr(http.StatusNotFound, "Field not found.")
	}
	return fl, nil
}

func (h *Handler) getFlowField(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		fl, err := fieldOf(f, contract.Param(c, "field"))
		if err != nil {
			return nil, err
		}
		return fieldView(x.app, f, fl), nil
	})
}

func (h *Handler) createFlowField(c *gin.Context, x *call) (int, any, error) {
	var in fieldInput
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	var fl flowField
	f, err := h.editFlow(c, x, func(tx *store.Tx, f *flow) (string, error) {
		if _, exists := f.Fields[in.Name]; exists {
			return "", conflict("A field named " + in.Name + " already exists.")
		}
		var err error
		if fl, err = h.field(tx, x.app, *f, in); err != nil {
			return "", err
		}
		f.Fields[fl.Name] = fl
		return "Added field: " + fl.Name, nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, fieldView(x.app, f, fl), nil
}

// updateFlowField replaces a field's definition; its name and type cannot change.
func (h *Handler) updateFlowField(c *gin.Context, x *call) (int, any, error) {
	var in fieldInput
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	_, err := h.editFlow(c, x, func(tx *store.Tx, f *flow) (string, error) {
		old, err := fieldOf(*f, contract.Param(c, "field"))
		if err != nil {
			return "", err
		}
		if in.Name != old.Name || in.Type != old.Type {
			return "", badRequest("Invalid request: a field's name and type cannot change")
		}
		fl, err := h.field(tx, x.app, *f, in)
		if err != nil {
			return "", err
		}
		fl.Write = old.Write
		f.Fields[fl.Name] = fl
		return "Updated field: " + fl.Name, nil
	})
	return http.StatusNoContent, nil, err
}

// deleteFlowField removes a field from the flow and from every form that has it.
func (h *Handler) deleteFlowField(c *gin.Context, x *call) (int, any, error) {
	_, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		fl, err := fieldOf(*f, contract.Param(c, "field"))
		if err != nil {
			return "", err
		}
		delete(f.Fields, fl.Name)
		for form, names := range f.Forms {
			f.Forms[form] = slices.DeleteFunc(names, func(n string) bool { return n == fl.Name })
		}
		return "Removed field: " + fl.Name, nil
	})
	return http.StatusNoContent, nil, err
}

// --- forms ---------------------------------------------------------------------------

func formView(app string, f flow, name string) gin.H {
	fields := []gin.H{}
	for _, fname := range f.Forms[name] {
		fields = append(fields, gin.H{"_self": flowBase(app, f.Name) + "/fields/" + fname, "name": fname,
			"required": f.Fields[fname].required()})
	}
	return gin.H{"_self": flowBase(app, f.Name) + "/forms/" + name, "name": name, "fields": fields}
}

type formFieldsInput struct {
	Name   string `json:"name"`
	Fields []struct {
		Name string `json:"name"`
	} `json:"fields"`
}

// names lists the input's fields, each of which the flow must have.
func (in formFieldsInput) names(f flow) ([]string, error) {
	out := []string{}
	for _, fl := range in.Fields {
		if _, ok := f.Fields[fl.Name]; !ok {
			return nil, badRequest("Invalid request: fields: the flow has no field " + fl.Name)
		}
		if !slices.Contains(out, fl.Name) {
			out = append(out, fl.Name)
		}
	}
	return out, nil
}

func (h *Handler) listFlowForms(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		return named(flowBase(x.app, f.Name)+"/forms", f.Forms), nil
	})
}

func (h *Handler) getFlowForm(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) {
		name := contract.Param(c, "form")
		if _, ok := f.Forms[name]; !ok {
			return nil, configErr(http.StatusNotFound, "Form not found.")
		}
		return formView(x.app, f, name), nil
	})
}

func (h *Handler) createFlowForm(c *gin.Context, x *call) (int, any, error) {
	var in formFieldsInput
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	f, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		if _, exists := f.Forms[in.Name]; exists {
			return "", conflict("A form named " + in.Name + " already exists.")
		}
		names, err := in.names(*f)
		if err != nil {
			return "", err
		}
		f.Forms[in.Name] = names
		return "Added form: " + in.Name, nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, formView(x.app, f, in.Name), nil
}

// updateFlowForm replaces the form's list of fields, which must exist in the flow.
func (h *Handler) updateFlowForm(c *gin.Context, x *call) (int, any, error) {
	var in formFieldsInput
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	_, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		name := contract.Param(c, "form")
		if _, ok := f.Forms[name]; !ok {
			return "", configErr(http.StatusNotFound, "Form not found.")
		}
		names, err := in.names(*f)
		if err != nil {
			return "", err
		}
		f.Forms[name] = names
		return "Updated form: " + name, nil
	})
	return http.StatusNoContent, nil, err
}

// deleteFlowForm deletes a form but keeps its fields.
func (h *Handler) deleteFlowForm(c *gin.Context, x *call) (int, any, error) {
	_, err := h.editFlow(c, x, func(_ *store.Tx, f *flow) (string, error) {
		name := contract.Param(c, "form")
		if _, ok := f.Forms[name]; !ok {
			return "", configErr(http.StatusNotFound, "Form not found.")
		}
		delete(f.Forms, name)
		delete(f.Partial, name)
		return "Removed form: " + name, nil
	})
	return http.StatusNoContent, nil, err
}
