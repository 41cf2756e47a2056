package token

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/stretchr/testify/require"
)

func TestDiscoveryDefaultsAndOmissions(t *testing.T) {
	doc := Discovery(DiscoveryOptions{
		Issuer:    "https://id.example/t1",
		Endpoints: Endpoints{Authorization: "https://id.example/t1/authorize", JWKS: "https://id.example/t1/jwks"},
	})
	require.Equal(t, map[string]any{
		"issuer":                                "https://id.example/t1",
		"authorization_endpoint":                "https://id.example/t1/authorize",
		"jwks_uri":                              "https://id.example/t1/jwks",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{RS256},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
	}, doc)
}

func TestDiscoveryFull(t *testing.T) {
	scopes := []string{"openid", "email"}
	doc := Discovery(DiscoveryOptions{
		Issuer: "https://id.example",
		Endpoints: Endpoints{
			Authorization: "https://id.example/a", Token: "https://id.example/t", UserInfo: "https://id.example/u",
			JWKS: "https://id.example/k", Revocation: "https://id.example/r", Introspection: "https://id.example/i",
			EndSession: "https://id.example/e",
		},
		GrantTypes:    []string{"authorization_code", "refresh_token"},
		ResponseTypes: []string{"code", "id_token"},
		Scopes:        scopes,
		Claims:        []string{"sub", "email"},
		AuthMethods:   []string{"none"},
		SigningAlg:    ES384,
	})
	for key, want := range map[string]any{
		"token_endpoint":                        "https://id.example/t",
		"userinfo_endpoint":                     "https://id.example/u",
		"revocation_endpoint":                   "https://id.example/r",
		"introspection_endpoint":                "https://id.example/i",
		"end_session_endpoint":                  "https://id.example/e",
		"grant_types_supported":                 []string{"authorization_code", "refresh_token"},
		"response_types_supported":              []string{"code", "id_token"},
		"scopes_supported":                      []string{"openid", "email"},
		"claims_supported":                      []string{"sub", "email"},
		"token_endpoint_auth_methods_supported": []string{"none"},
		"id_token_signing_alg_values_supported": []string{ES384},
	} {
		require.Equal(t, want, doc[key], key)
	}
	scopes[0] = "mutated"
	require.Equal(t, "openid", doc["scopes_supported"].([]string)[0], "options are copied")
}

// TestInteropGoOIDC serves Discovery and JWKS like an emulated provider does
// and has a standard relying-party library discover, fetch keys and verify an
// ID token signed here.
func TestInteropGoOIDC(t *testing.T) {
	for _, alg := range []string{RS256, ES384} {
		t.Run(alg, func(t *testing.T) {
			active, retired := newKey(t, alg), newKey(t, alg)
			ks := KeySet{Keys: []*Key{active, retired}}

			mux := http.NewServeMux()
			srv := httptest.NewUnstartedServer(mux)
			issuer := "http://" + srv.Listener.Addr().String()
			doc := Discovery(DiscoveryOptions{
				Issuer:     issuer,
				Endpoints:  Endpoints{Authorization: issuer + "/authorize", Token: issuer + "/token", JWKS: issuer + "/jwks"},
				Scopes:     []string{"openid"},
				SigningAlg: alg,
			})
			mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_ = json.NewEncoder(w).Encode(doc)
			})
			mux.HandleFunc("/jwks", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_ = json.NewEncoder(w).Encode(ks.JWKS())
			})
			srv.Start()
			t.Cleanup(srv.Close)

			ctx := context.Background()
			provider, err := oidc.NewProvider(ctx, issuer)
			require.NoError(t, err)

			now := t0
			verifier := provider.Verifier(&oidc.Config{
				ClientID:             "client-1",
				SupportedSigningAlgs: []string{alg},
				Now:                  func() time.Time { return now },
			})

			const accessToken = "opaque-access-token"
			claims := claimsAt(t0)
			claims["iss"] = issuer
			claims["at_hash"] = HashHalf(alg, accessToken)
			raw, err := Sign(active, "JWT", claims)
			require.NoError(t, err)

			idt, err := verifier.Verify(ctx, raw)
			require.NoError(t, err)
			require.Equal(t, issuer, idt.Issuer)
			require.Equal(t, []string{"client-1"}, idt.Audience)
			require.Equal(t, "user-1", idt.Subject)
			require.True(t, idt.IssuedAt.Equal(t0))
			require.True(t, idt.Expiry.Equal(t0.Add(time.Hour)))
			require.NoError(t, idt.VerifyAccessToken(accessToken), "at_hash must match go-oidc's computation")

			// A token from the retired key is still accepted through the JWKS.
			oldRaw, err := Sign(retired, "JWT", claims)
			require.NoError(t, err)
			_, err = verifier.Verify(ctx, oldRaw)
			require.NoError(t, err)

			// go-oidc agrees with Verify on expiry and foreign keys.
			now = t0.Add(2 * time.Hour)
			_, err = verifier.Verify(ctx, raw)
			require.Error(t, err)
			now = t0
			foreign, err := Sign(newKey(t, alg), "JWT", claims)
			require.NoError(t, err)
			_, err = verifier.Verify(ctx, foreign)
			require.Error(t, err)
			claims["aud"] = "someone-else"
			wrongAud, err := Sign(active, "JWT", claims)
			require.NoError(t, err)
			_, err = verifier.Verify(ctx, wrongAud)
			require.Error(t, err)
		})
	}
}
