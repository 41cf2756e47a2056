package onegini

import (
	"encoding/json"
	"errors"

	"github.com/idemu/idemu/emulator/store"
)

// document is one stored configuration unit, as its JSON object. The contract's
// schemas define the fields; keeping the JSON form makes every field of the source's
// large models round-trip without a Go type per model.
type document = map[string]any

// The configuration units a tenant holds. The six of CIMConfiguration have v2
// endpoints; the password policy and the profile rules are only seen through the v1
// view and set by fixtures.
const (
	unitAttributes     = "attributes"
	unitCustomMessages = "custom_messages"
	unitFeatures       = "features"
	unitLoginMethods   = "login_methods"
	unitStepUp         = "step_up"
	unitUIExtension    = "ui_extension"
	unitPasswordPolicy = "password_policy"
	unitProfile        = "profile"
)

// cimUnits are the units of CIMConfiguration, in its order.
var cimUnits = []string{unitAttributes, unitCustomMessages, unitFeatures, unitLoginMethods, unitStepUp, unitUIExtension}

// unitSchemaNames maps every unit to its model in the contract.
var unitSchemaNames = map[string]string{
	unitAttributes:     "AttributesConfiguration",
	unitCustomMessages: "CustomMessages",
	unitFeatures:       "FeaturesConfiguration",
	unitLoginMethods:   "LoginMethodsConfiguration",
	unitStepUp:         "StepUpConfiguration",
	unitUIExtension:    "UIExtensionConfiguration",
	unitPasswordPolicy: "PasswordPolicy",
	unitProfile:        "Profile",
}

var units = store.Collection[json.RawMessage]{Name: "units"}

// loadUnit reads a unit of a tenant; store.ErrNotFound when the tenant was never seeded.
func loadUnit(tx *store.Tx, tenant, unit string) (document, error) {
	raw, err := units.Get(tx, tenant, unit)
	if err != nil {
		return nil, err
	}
	v, err := decodeJSON(raw)
	if err != nil {
		return nil, err
	}
	doc, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("onegini: stored unit " + unit + " is not an object")
	}
	return doc, nil
}

func saveUnit(tx *store.Tx, tenant, unit string, doc document) error {
	raw, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	return units.Put(tx, tenant, unit, raw)
}

// merge writes src over dst: objects merge property by property, any other value
// (scalars, arrays) replaces what was there. This is how a POST of a unit changes
// only the fields it names.
func merge(dst, src document) {
	for k, v := range src {
		if sub, ok := v.(map[string]any); ok {
			if cur, ok := dst[k].(map[string]any); ok {
				merge(cur, sub)
				continue
			}
		}
		dst[k] = v
	}
}

// object returns the object under key, creating it when absent.
func object(doc document, key string) document {
	if m, ok := doc[key].(map[string]any); ok {
		return m
	}
	m := document{}
	doc[key] = m
	return m
}

// apiEnabled reads the switch the Configuration API obeys: features.configuration_api_enabled.
// A features unit without the flag counts as enabled, as the source's example has it on.
func apiEnabled(features document) bool {
	on, ok := features["configuration_api_enabled"].(bool)
	return !ok || on
}
