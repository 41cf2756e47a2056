package onegini

import (
	"net/url"
	"regexp"

	"github.com/google/uuid"

	"github.com/idemu/idemu/emulator/store"
)

// updateUnit changes one unit of a tenant inside a transaction and restores the
// unit's invariants before it is stored, whichever operation (or fixture) changed it.
func updateUnit(tx *store.Tx, tenant, unit string, change func(doc document) error) error {
	doc, err := loadUnit(tx, tenant, unit)
	if err != nil {
		return err
	}
	previous := whitelist(doc)
	if err := change(doc); err != nil {
		return err
	}
	switch unit {
	case unitFeatures:
		err = normaliseWhitelist(doc, previous)
	case unitLoginMethods:
		err = normaliseLoginMethods(doc)
	case unitCustomMessages:
		err = normaliseCustomMessages(doc)
	}
	if err != nil {
		return err
	}
	return saveUnit(tx, tenant, unit, doc)
}

// whitelist is the action-token redirect whitelist inside a features unit.
func whitelist(features document) []any {
	at, _ := features["action_token"].(map[string]any)
	list, _ := at["whitelisted_urls"].([]any)
	return list
}

// normaliseWhitelist keeps the whitelist a set of absolute URLs with server-assigned
// ids: a URL that was already listed keeps its id, a new one gets a fresh UUID, and a
// URL listed twice is kept once. Ids sent by the client are read-only and were
// dropped before this point.
func normaliseWhitelist(features document, previous []any) error {
	list := whitelist(features)
	if list == nil {
		return nil
	}
	ids := map[string]string{}
	for _, e := range previous {
		m, _ := e.(map[string]any)
		u, _ := m["url"].(string)
		id, _ := m["id"].(string)
		ids[u] = id
	}
	out := make([]any, 0, len(list))
	seen := map[string]bool{}
	for _, e := range list {
		m, _ := e.(map[string]any)
		u, err := whitelistURL(m["url"])
		if err != nil {
			return err
		}
		if seen[u] {
			continue
		}
		seen[u] = true
		id := ids[u]
		if id == "" {
			id = uuid.NewString()
		}
		out = append(out, map[string]any{"id": id, "url": u})
	}
	object(features, "action_token")["whitelisted_urls"] = out
	return nil
}

// whitelistURL accepts an absolute URL with a scheme and a host: what a redirect
// target needs to be.
func whitelistURL(v any) (string, error) {
	s, _ := v.(string)
	if s == "" {
		return "", badRequest("a whitelisted url needs a url")
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", badRequest("a whitelisted url must be absolute, with a scheme and a host")
	}
	return s, nil
}

// normaliseLoginMethods gives every login method an id (the v1 view lists identity
// providers by it) and refuses two methods with the same id.
func normaliseLoginMethods(doc document) error {
	list, _ := doc["login_methods"].([]any)
	seen := map[string]bool{}
	for _, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			return badRequest("a login method must be an object")
		}
		id, _ := m["id"].(string)
		if id == "" {
			id = uuid.NewString()
			m["id"] = id
		}
		if seen[id] {
			return badRequest("two login methods have the id " + id)
		}
		seen[id] = true
	}
	return nil
}

// defaultLocale is the key of the default messages: in the v1 view beside the
// locales, and as the locale_variant that addresses them in v2 paths.
const defaultLocale = "default"

// localeRe is the contract's LocaleVariant pattern: the locales a batch path can
// name, and so the only ones a PUT or a fixture may create.
var localeRe = regexp.MustCompile(`^[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*$`)

// normaliseCustomMessages keeps both maps present, refuses a locale named like the
// default messages (the v1 view could not tell them apart) or one no path could
// address, and drops locales left without messages.
func normaliseCustomMessages(doc document) error {
	object(doc, "default")
	locales := object(doc, "locales")
	if _, ok := locales[defaultLocale]; ok {
		return badRequest(`"default" is not a locale: the default messages have their own map`)
	}
	for locale, msgs := range locales {
		if !localeRe.MatchString(locale) {
			return badRequest("the locale " + locale + " is not a locale variant")
		}
		if m, ok := msgs.(map[string]any); ok && len(m) == 0 {
			delete(locales, locale)
		}
	}
	for _, m := range append([]any{doc["default"]}, mapValues(locales)...) {
		msgs, _ := m.(map[string]any)
		for key := range msgs {
			if key == "" {
				return badRequest("a message key must not be empty")
			}
		}
	}
	return nil
}

func mapValues(m map[string]any) []any {
	out := make([]any, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
