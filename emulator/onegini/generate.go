package onegini

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/fixtures"
)

// GenerateOptions configures Generate. Zero values pick the defaults.
type GenerateOptions struct {
	Tenant            string   // default "default"
	Seed              int64    // the same seed gives the same document
	IdentityProviders int      // external login methods to add, 0..1000
	Locales           []string // default nl, de, fr, es, it
	Messages          int      // message keys per locale, 0..10000; default 10
}

// generatedLocales are the locales Generate writes when none are given.
var generatedLocales = []string{"nl", "de", "fr", "es", "it"}

// pcgStream is the PCG's second word; fixed so that only Seed varies the output.
const pcgStream = 0x0e9_1e1

// Generate returns a fixture document for one tenant holding fake configuration:
// identity providers (external login methods of assorted types, each with its
// attribute block) and custom messages in several locales. It is deterministic for a
// seed; seeding it twice changes nothing, since login methods are upserted by id.
func Generate(opts GenerateOptions) (*fixtures.Document, error) {
	if opts.Tenant == "" {
		opts.Tenant = platform.DefaultTenant
	}
	if opts.Locales == nil {
		opts.Locales = generatedLocales
	}
	if opts.Messages == 0 {
		opts.Messages = 10
	}
	var errs []error
	if opts.IdentityProviders < 0 || opts.IdentityProviders > 1000 {
		errs = append(errs, fmt.Errorf("identity providers %d: want 0..1000", opts.IdentityProviders))
	}
	if opts.Messages < 0 || opts.Messages > 10000 {
		errs = append(errs, fmt.Errorf("messages %d: want 0..10000", opts.Messages))
	}
	for _, l := range opts.Locales {
		if !localeRe.MatchString(l) || l == defaultLocale {
			errs = append(errs, fmt.Errorf("locale %q: want a locale such as nl or nl_NL", l))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("onegini: generate: %w", err)
	}
	g := generator{faker: gofakeit.NewFaker(rand.NewPCG(uint64(opts.Seed), pcgStream), false)}
	methods := make([]any, 0, opts.IdentityProviders)
	for range opts.IdentityProviders {
		methods = append(methods, g.loginMethod())
	}
	settings := map[string]any{
		unitLoginMethods:   map[string]any{"login_methods": methods},
		unitCustomMessages: g.messages(opts.Locales, opts.Messages),
	}
	doc := fixtures.Document{Provider: "onegini", Tenants: []fixtures.Tenant{{ID: opts.Tenant, Settings: settings}}}
	// A round trip through the fixture parser checks the document as a fixture file
	// would be checked (the tenant id, say) and gives it the shape a file has.
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	return fixtures.Parse(raw)
}

type generator struct{ faker *gofakeit.Faker }

// loginMethod is one external login method with the attribute block of its type.
func (g generator) loginMethod() map[string]any {
	f := g.faker
	kind := f.RandomString([]string{"FACEBOOK", "GOOGLE", "LINKEDIN", "TWITTER", "PAYPAL",
		"OPEN_ID_CONNECT", "SAML", "AZURE_AD_B2C", "ITSME"})
	domain := f.DomainName()
	m := map[string]any{
		"id": f.UUID(), "type": kind, "name": f.Company() + " " + strings.ReplaceAll(strings.ToLower(kind), "_", " "),
		"authentication_level": f.Number(1, 3), "enabled": f.Bool(), "removable": true,
		"auto_activation_enabled": f.Bool(), "auto_email_verification": f.Bool(), "synchronise_attributes": f.Bool(),
		"attribute_mappings": []any{map[string]any{"id": f.UUID(), "map_from": "email", "map_to": "EMAIL", "editable": false}},
	}
	oauth := map[string]any{"clientId": f.LetterN(12), "client_secret": f.Password(true, true, true, false, false, 24)}
	switch kind {
	case "FACEBOOK", "GOOGLE", "LINKEDIN", "TWITTER", "PAYPAL":
		m[strings.ToLower(kind)+"_attributes"] = oauth
	case "OPEN_ID_CONNECT":
		m["open_id_connect_attributes"] = map[string]any{
			"client_id": f.LetterN(12), "client_authentication_method": "CLIENT_SECRET_BASIC", "manual_metadata_setup": false,
			"discovery_url": "https://login." + domain + "/.well-known/openid-configuration",
			"scopes":        []any{"openid", "profile", "email"}, "front_channel_logout_enabled": f.Bool(),
		}
	case "SAML":
		m["saml_attributes"] = map[string]any{
			"idp_metadata": "https://sso." + domain + "/saml/metadata", "comparison": "EXACT",
			"authentication_level_mappings": []any{map[string]any{
				"authn_context_class_ref_name": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
				"authentication_level":         2}},
		}
	case "AZURE_AD_B2C":
		m["azure_ad_b2c_attributes"] = map[string]any{
			"tenant_id": f.UUID(), "application_id": f.UUID(), "policy": "B2C_1_signin", "front_channel_logout_enabled": true,
		}
	case "ITSME":
		m["itsme_attributes"] = map[string]any{
			"client_id": f.LetterN(12), "discovery_url": "https://idp." + domain + "/.well-known/openid-configuration",
			"security_level": "BASIC", "scopes": []any{"openid", "profile"}, "metadata_expiration_time_in_seconds": 3600,
		}
	}
	return m
}

// messages are n keys in the default map and in each locale. The translations are
// the default text tagged with the locale: fake, but easy to tell apart.
func (g generator) messages(locales []string, n int) map[string]any {
	f := g.faker
	def := map[string]any{}
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("idemu.generated.%s.%d", keyWord(f.Noun()), i+1)
		def[keys[i]] = f.Sentence()
	}
	byLocale := map[string]any{}
	for _, l := range locales {
		msgs := map[string]any{}
		for _, k := range keys {
			msgs[k] = "[" + l + "] " + def[k].(string)
		}
		byLocale[l] = msgs
	}
	return map[string]any{"default": def, "locales": byLocale}
}

// keyWord keeps the ASCII letters and digits of a word, so that generated keys can be
// written in a path (deleteCustomMessage) without escaping.
func keyWord(w string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(w) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "message"
	}
	return b.String()
}
