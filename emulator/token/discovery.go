package token

import "slices"

// Endpoints are the absolute URLs a provider publishes; empty ones are
// omitted from the discovery document.
type Endpoints struct {
	Authorization, Token, UserInfo, JWKS, Revocation, Introspection, EndSession string
}

// DiscoveryOptions describe one issuer. Empty lists are omitted, except the
// ones OIDC Discovery requires, which get defaults (see Discovery).
type DiscoveryOptions struct {
	Issuer                                                 string
	Endpoints                                              Endpoints
	GrantTypes, ResponseTypes, Scopes, Claims, AuthMethods []string
	SigningAlg                                             string
}

// Discovery builds the OpenID Provider metadata served at
// /.well-known/openid-configuration. It returns a map rather than a struct so
// each emulated provider can add or drop keys to mimic the real one's
// document (e.g. code_challenge_methods_supported) before encoding it.
//
// Defaults: response_types_supported ["code"], subject_types_supported
// ["public"], id_token_signing_alg_values_supported [RS256] when SigningAlg is
// empty, token_endpoint_auth_methods_supported [client_secret_basic,
// client_secret_post]. Slices are copied, so the caller may reuse its options.
func Discovery(o DiscoveryOptions) map[string]any {
	doc := map[string]any{
		"issuer":                   o.Issuer,
		"subject_types_supported":  []string{"public"},
		"response_types_supported": orDefault(o.ResponseTypes, "code"),
		"token_endpoint_auth_methods_supported": orDefault(o.AuthMethods,
			"client_secret_basic", "client_secret_post"),
	}
	alg := o.SigningAlg
	if alg == "" {
		alg = RS256
	}
	doc["id_token_signing_alg_values_supported"] = []string{alg}

	e := o.Endpoints
	for key, url := range map[string]string{
		"authorization_endpoint": e.Authorization,
		"token_endpoint":         e.Token,
		"userinfo_endpoint":      e.UserInfo,
		"jwks_uri":               e.JWKS,
		"revocation_endpoint":    e.Revocation,
		"introspection_endpoint": e.Introspection,
		"end_session_endpoint":   e.EndSession,
	} {
		if url != "" {
			doc[key] = url
		}
	}
	for key, list := range map[string][]string{
		"grant_types_supported": o.GrantTypes,
		"scopes_supported":      o.Scopes,
		"claims_supported":      o.Claims,
	} {
		if len(list) > 0 {
			doc[key] = slices.Clone(list)
		}
	}
	return doc
}

// orDefault copies list, or returns def when list is empty.
func orDefault(list []string, def ...string) []string {
	if len(list) == 0 {
		return def
	}
	return slices.Clone(list)
}
