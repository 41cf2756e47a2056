package onegini

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/idemu/idemu/emulator/store"
)

// settingSwitch is the fixture setting that turns the whole API on or off: the
// features unit's configuration_api_enabled, named on its own so that a fixture (or a
// POST /_emulator/seed) can switch the API back on after it locked itself.
const settingSwitch = "configuration_api_enabled"

// applySettings changes a tenant's units from a fixture's `settings:`. Every key is a
// unit name (attributes, custom_messages, features, login_methods, step_up,
// ui_extension, password_policy, profile) holding a partial unit in the contract's
// model, or configuration_api_enabled. Units merge as the API's POSTs do, except that
// login methods are upserted by id, so a fixture can add identity providers without
// restating the defaults. The result must match the contract's model.
func (h *Handler) applySettings(tx *store.Tx, tenant string, settings map[string]any) error {
	names := make([]string, 0, len(settings))
	for k := range settings {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		if name == settingSwitch {
			continue
		}
		schema, ok := h.schemas.units[name]
		if !ok {
			return fixtureError("settings.%s: unknown setting (settings: %s, %s)", name, settingSwitch, strings.Join(sortedUnits(), ", "))
		}
		src, err := jsonObject(settings[name])
		if err != nil {
			return fixtureError("settings.%s: %s", name, err)
		}
		src = reduce(src, schema).(map[string]any)
		err = updateUnit(tx, tenant, name, func(doc document) error {
			if name == unitLoginMethods {
				if err := upsertLoginMethods(doc, src); err != nil {
					return err
				}
			} else {
				merge(doc, src)
			}
			return conforms(doc, schema)
		})
		if err != nil {
			return located("settings."+name, err)
		}
	}
	if v, ok := settings[settingSwitch]; ok {
		on, isBool := v.(bool)
		if !isBool {
			return fixtureError("settings.%s: must be true or false", settingSwitch)
		}
		return updateUnit(tx, tenant, unitFeatures, func(doc document) error {
			doc[settingSwitch] = on
			return nil
		})
	}
	return nil
}

func sortedUnits() []string {
	out := make([]string, 0, len(unitSchemaNames))
	for u := range unitSchemaNames {
		out = append(out, u)
	}
	sort.Strings(out)
	return out
}

// jsonObject turns a decoded YAML or JSON value into a JSON object with exact numbers.
func jsonObject(v any) (document, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	out, err := decodeJSON(raw)
	if err != nil {
		return nil, err
	}
	obj, ok := out.(map[string]any)
	if !ok {
		return nil, fixtureError("must be an object")
	}
	return obj, nil
}

// conforms checks a unit against its model in the contract.
func conforms(doc document, schema *openapi3.Schema) error {
	if err := schema.VisitJSON(map[string]any(doc), openapi3.MultiErrors()); err != nil {
		return fixtureError("%s", strings.ReplaceAll(err.Error(), "\n", " "))
	}
	return nil
}

// upsertLoginMethods replaces the stored login method with the same id, or adds it;
// mobile_login merges.
func upsertLoginMethods(doc, src document) error {
	if ml, ok := src["mobile_login"].(map[string]any); ok {
		merge(object(doc, "mobile_login"), ml)
	} else if _, present := src["mobile_login"]; present {
		return fixtureError("mobile_login must be an object")
	}
	raw, present := src["login_methods"]
	if !present {
		return nil
	}
	given, ok := raw.([]any)
	if !ok {
		return fixtureError("login_methods must be a list")
	}
	list, _ := doc["login_methods"].([]any)
	for i, e := range given {
		m, ok := e.(map[string]any)
		id, _ := m["id"].(string)
		if !ok || id == "" {
			return fixtureError("login_methods[%d].id: a seeded login method needs an id", i)
		}
		replaced := false
		for j, cur := range list {
			if cm, _ := cur.(map[string]any); cm["id"] == id {
				list[j], replaced = m, true
			}
		}
		if !replaced {
			list = append(list, m)
		}
	}
	doc["login_methods"] = list
	return nil
}
