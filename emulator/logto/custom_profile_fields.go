package logto

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Custom profile fields: the extra profile members the sign-up form collects ("Collect
// user profile"), addressed by name. A field's type decides which config members it
// keeps (zod's discriminated union strips the rest); a new field goes to the end of the
// sign-in experience order. Experience's extraProfile profile type fills them in.

type customProfileField struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Type        string          `json:"type"`
	Label       string          `json:"label"`
	Description *string         `json:"description"`
	Required    bool            `json:"required"`
	Config      json.RawMessage `json:"config"`
	CreatedAt   int64           `json:"createdAt"`
	SieOrder    int             `json:"sieOrder"`
}

var customProfileFields = store.Collection[customProfileField]{Name: "custom-profile-fields"}

const (
	byFieldName = "name"
	// profileFieldsBatchLimit is the most fields one batch creates.
	profileFieldsBatchLimit = 20
	fieldTypeCheckbox       = "Checkbox"
	fieldTypeAddress        = "Address"
	fieldTypeFullname       = "Fullname"
	fieldNameFullname       = "fullname"
)

// customProfileFieldBody is the custom_profile_fields row in column order.
type customProfileFieldBody struct {
	TenantID    string          `json:"tenantId"`
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Type        string          `json:"type"`
	Label       string          `json:"label"`
	Description *string         `json:"description"`
	Required    bool            `json:"required"`
	Config      json.RawMessage `json:"config"`
	CreatedAt   int64           `json:"createdAt"`
	SieOrder    int             `json:"sieOrder"`
}

func (f customProfileField) body(tenant string) customProfileFieldBody {
	return customProfileFieldBody{TenantID: tenant, ID: f.ID, Name: f.Name, Type: f.Type, Label: f.Label,
		Description: f.Description, Required: f.Required, Config: jsonb(f.Config), CreatedAt: f.CreatedAt,
		SieOrder: f.SieOrder}
}

// fieldConfigKeys are the config members each type keeps.
var fieldConfigKeys = map[string][]string{
	"Text":            {"placeholder", "minLength", "maxLength"},
	"Number":          {"placeholder", "minValue", "maxValue"},
	"Date":            {"placeholder", "format", "customFormat"},
	fieldTypeCheckbox: {"defaultValue"},
	"Select":          {"placeholder", "options"},
	"Url":             {"placeholder"},
	"Regex":           {"placeholder", "format"},
	fieldTypeAddress:  {"parts"},
	fieldTypeFullname: {"parts"},
}

// fieldPartKeys and fieldPartConfigKeys are what an Address or Fullname part keeps.
var (
	fieldPartKeys       = []string{"enabled", "name", "type", "label", "description", "required", "config"}
	fieldPartConfigKeys = []string{"placeholder", "minLength", "maxLength", "minValue", "maxValue", "options",
		"format", "customFormat"}
)

// Names a field may not take: sign-in identifiers, the reserved profile claim, and the
// custom data keys the Console keeps for itself.
var (
	reservedSignInIdentifierKeys = []string{"username", "primaryEmail", "primaryPhone", "email", "phone"}
	reservedBuiltInProfileKeys   = []string{"preferredUsername"}
	reservedCustomDataKeys       = []string{"onboarding", "guideRequests", "adminConsolePreferences", "defaultTenantId"}
	fieldNamePattern             = regexp.MustCompile(`^[\dA-Za-z]+$`)
)

// fieldInput is one validated create or update body, as a generic document.
type fieldInput map[string]any

func (in fieldInput) str(k string) string {
	s, _ := in[k].(string)
	return s
}

func (in fieldInput) config() map[string]any {
	m, _ := in["config"].(map[string]any)
	return m
}

// pick keeps the listed members of a document.
func pick(m map[string]any, keys []string) map[string]any {
	out := map[string]any{}
	for _, k := range keys {
		if v, ok := m[k]; ok {
			out[k] = v
		}
	}
	return out
}

// validateFieldName is validateFieldName of Logto's custom-profile-fields library.
func validateFieldName(name string) error {
	switch {
	case !fieldNamePattern.MatchString(name):
		return fail(http.StatusBadRequest, "custom_profile_fields.invalid_name")
	case slices.Contains(reservedBuiltInProfileKeys, name):
		return fail(http.StatusBadRequest, "custom_profile_fields.name_conflict_built_in_prop", "name", name)
	case slices.Contains(reservedCustomDataKeys, name):
		return fail(http.StatusBadRequest, "custom_profile_fields.name_conflict_custom_data", "name", name)
	case slices.Contains(reservedSignInIdentifierKeys, name):
		return fail(http.StatusBadRequest, "custom_profile_fields.name_conflict_sign_in_identifier", "name", name)
	}
	return nil
}

// validateFieldData checks a field's config for its type. Strict (on update, and for
// the parts of a composite field) also requires a checkbox default, select options and
// a compilable regex.
func validateFieldData(name, typ string, config map[string]any, strict bool) error {
	if err := validateFieldName(name); err != nil {
		return err
	}
	minMax := func(lo, hi string) error {
		a, aok := config[lo].(json.Number)
		b, bok := config[hi].(json.Number)
		if aok && bok {
			x, _ := a.Float64()
			y, _ := b.Float64()
			if x > y {
				return fail(http.StatusBadRequest, "custom_profile_fields.invalid_min_max_input")
			}
		}
		return nil
	}
	switch typ {
	case "Text":
		return minMax("minLength", "maxLength")
	case "Number":
		return minMax("minValue", "maxValue")
	case fieldTypeCheckbox:
		if _, ok := config["defaultValue"]; strict && !ok {
			return fail(http.StatusBadRequest, "custom_profile_fields.invalid_default_value")
		}
	case "Select":
		if options, _ := config["options"].([]any); strict && len(options) == 0 {
			return fail(http.StatusBadRequest, "custom_profile_fields.invalid_options")
		}
	case "Regex":
		if _, err := regexp.Compile(stringOf(config["format"])); strict && err != nil {
			return fail(http.StatusBadRequest, "custom_profile_fields.invalid_regex_format")
		}
	case fieldTypeAddress, fieldTypeFullname:
		parts, _ := config["parts"].([]any)
		if len(parts) == 0 && typ == fieldTypeAddress {
			return fail(http.StatusBadRequest, "custom_profile_fields.invalid_address_components")
		} else if len(parts) == 0 {
			return fail(http.StatusBadRequest, "custom_profile_fields.invalid_fullname_components")
		}
		for _, p := range parts {
			part, _ := p.(map[string]any)
			if t := stringOf(part["type"]); t == fieldTypeAddress || t == fieldTypeFullname {
				return fail(http.StatusBadRequest, "custom_profile_fields.invalid_sub_component_type")
			}
		}
		if strict {
			for _, p := range parts {
				part, _ := p.(map[string]any)
				sub, _ := part["config"].(map[string]any)
				if err := validateFieldData(stringOf(part["name"]), stringOf(part["type"]), sub, true); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func stringOf(v any) string {
	s, _ := v.(string)
	return s
}

// fieldConfig keeps the config members of the field's type.
func fieldConfig(typ string, config map[string]any) json.RawMessage {
	kept := pick(config, fieldConfigKeys[typ])
	if parts, ok := kept["parts"].([]any); ok {
		out := make([]any, len(parts))
		for i, p := range parts {
			part, _ := p.(map[string]any)
			q := pick(part, fieldPartKeys)
			if sub, ok := q["config"].(map[string]any); ok {
				q["config"] = pick(sub, fieldPartConfigKeys)
			}
			out[i] = q
		}
		kept["parts"] = out
	}
	raw, _ := json.Marshal(kept)
	return jsonb(raw)
}

// decodeFieldInputs reads the body: one field, or (batch) an array of them.
func decodeFieldInputs(c *gin.Context, batch bool) ([]fieldInput, error) {
	if batch {
		var list []fieldInput
		if err := bind(c, &list); err != nil {
			return nil, err
		}
		if len(list) > profileFieldsBatchLimit {
			return nil, guardFailure("body", []zodIssue{sizeIssue(zodIssue{path: []any{}}, "too_big", profileFieldsBatchLimit, []any{})})
		}
		return list, nil
	}
	var in fieldInput
	err := bind(c, &in)
	return []fieldInput{in}, err
}

// apply sets a field from a validated body; members the body leaves out keep their value.
func (f *customProfileField) apply(in fieldInput) {
	f.Type = in.str("type")
	if v, ok := in["label"].(string); ok {
		f.Label = v
	}
	if v, ok := in["description"].(string); ok && f.Type != fieldTypeCheckbox {
		f.Description = &v
	}
	if v, ok := in["required"].(bool); ok {
		f.Required = v
	}
	if _, ok := in["config"]; ok {
		f.Config = fieldConfig(f.Type, in.config())
	}
	if f.Config == nil {
		f.Config = json.RawMessage("{}")
	}
}

func findProfileField(tx *store.Tx, tenant, name string) (customProfileField, error) {
	id, err := tx.Lookup(tenant, customProfileFields.Name, byFieldName, caseSensitiveKey(name))
	if err != nil {
		return customProfileField{}, err
	}
	return customProfileFields.Get(tx, tenant, id)
}

// listProfileFields is the catalog in sign-in experience order.
func listProfileFields(tx *store.Tx, tenant string) ([]customProfileField, error) {
	all, err := customProfileFields.List(tx, tenant)
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].SieOrder != all[j].SieOrder {
			return all[i].SieOrder < all[j].SieOrder
		}
		return all[i].CreatedAt < all[j].CreatedAt
	})
	return all, err
}

func (h *Handler) listCustomProfileFields(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	out := []customProfileFieldBody{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		all, err := listProfileFields(tx, tenant)
		for _, f := range all {
			out = append(out, f.body(tenant))
		}
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}

func (h *Handler) createCustomProfileField(c *gin.Context) error {
	return h.insertProfileFields(c, false)
}

func (h *Handler) createCustomProfileFieldsBatch(c *gin.Context) error {
	return h.insertProfileFields(c, true)
}

// insertProfileFields validates every field, then inserts them all or none, each one
// after the last in the sign-in experience order.
func (h *Handler) insertProfileFields(c *gin.Context, batch bool) error {
	inputs, err := decodeFieldInputs(c, batch)
	if err != nil {
		return err
	}
	for _, in := range inputs {
		if err := validateFieldData(in.str("name"), in.str("type"), in.config(), false); err != nil {
			return err
		}
	}
	tenant := platform.TenantOf(c)
	out := []customProfileFieldBody{}
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		all, err := customProfileFields.List(tx, tenant)
		if err != nil {
			return err
		}
		last := 0
		for _, f := range all {
			last = max(last, f.SieOrder)
		}
		for _, in := range inputs {
			last++
			f := customProfileField{ID: standardID(), Name: in.str("name"), CreatedAt: tx.Now().UnixMilli(), SieOrder: last}
			f.apply(in)
			err := tx.Claim(tenant, customProfileFields.Name, byFieldName, caseSensitiveKey(f.Name), f.ID)
			if errors.Is(err, store.ErrDuplicate) {
				return fail(http.StatusUnprocessableEntity, "custom_profile_fields.name_exists")
			} else if err != nil {
				return err
			}
			if err := customProfileFields.Insert(tx, tenant, f.ID, f); err != nil {
				return err
			}
			out = append(out, f.body(tenant))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if batch {
		return h.respond(c, http.StatusCreated, out)
	}
	return h.respond(c, http.StatusCreated, out[0])
}

func (h *Handler) getCustomProfileFieldByName(c *gin.Context) error {
	tenant, name := platform.TenantOf(c), contract.Param(c, "name")
	var f customProfileField
	err := h.deps.Store.View(func(tx *store.Tx) (err error) {
		f, err = findProfileField(tx, tenant, name)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return entityNotFound()
		}
		return err
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, f.body(tenant))
}

// updateCustomProfileFieldByName replaces a field's definition (strictly validated);
// its name and order stay.
func (h *Handler) updateCustomProfileFieldByName(c *gin.Context) error {
	tenant, name := platform.TenantOf(c), contract.Param(c, "name")
	var in fieldInput
	if err := bind(c, &in); err != nil {
		return err
	}
	if err := validateFieldData(name, in.str("type"), in.config(), true); err != nil {
		return err
	}
	var f customProfileField
	err := h.deps.Store.Update(func(tx *store.Tx) (err error) {
		f, err = findProfileField(tx, tenant, name)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return fail(http.StatusNotFound, "entity.not_exists", "name", "custom_profile_field")
		} else if err != nil {
			return err
		}
		f.apply(in)
		return customProfileFields.Put(tx, tenant, f.ID, f)
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, f.body(tenant))
}

func (h *Handler) deleteCustomProfileFieldByName(c *gin.Context) error {
	tenant, name := platform.TenantOf(c), contract.Param(c, "name")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		f, err := findProfileField(tx, tenant, name)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
			return notFoundWithID("custom_profile_fields", name)
		} else if err != nil {
			return err
		}
		if err := tx.Release(tenant, customProfileFields.Name, byFieldName, caseSensitiveKey(f.Name), f.ID); err != nil {
			return err
		}
		return customProfileFields.Delete(tx, tenant, f.ID)
	})
	if err != nil {
		return err
	}
	return noContent(c)
}

// updateCustomProfileFieldsSieOrder sets the order of the named fields (all must exist)
// and answers those fields in their new order.
func (h *Handler) updateCustomProfileFieldsSieOrder(c *gin.Context) error {
	var in struct {
		Order []struct {
			Name     string      `json:"name"`
			SieOrder json.Number `json:"sieOrder"`
		} `json:"order"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	tenant := platform.TenantOf(c)
	out := []customProfileFieldBody{}
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		var missing []string
		found := map[string]customProfileField{}
		for _, o := range in.Order {
			f, err := findProfileField(tx, tenant, o.Name)
			if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
				missing = append(missing, o.Name)
				continue
			} else if err != nil {
				return err
			}
			found[f.ID] = f
		}
		if len(missing) > 0 {
			return fail(http.StatusBadRequest, "custom_profile_fields.entity_not_exists_with_names",
				"names", strings.Join(missing, ", "))
		}
		for _, o := range in.Order {
			order, _ := o.SieOrder.Float64()
			for id, f := range found {
				if f.Name == o.Name {
					f.SieOrder = int(math.Round(order))
					found[id] = f
				}
			}
		}
		list := make([]customProfileField, 0, len(found))
		for _, f := range found {
			if err := customProfileFields.Put(tx, tenant, f.ID, f); err != nil {
				return err
			}
			list = append(list, f)
		}
		sort.SliceStable(list, func(i, j int) bool {
			if list[i].SieOrder != list[j].SieOrder {
				return list[i].SieOrder < list[j].SieOrder
			}
			return list[i].CreatedAt < list[j].CreatedAt
		})
		for _, f := range list {
			out = append(out, f.body(tenant))
		}
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}
