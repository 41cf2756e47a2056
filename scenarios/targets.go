package scenarios

import (
	"fmt"
	"net/url"

	"github.com/cucumber/godog"

	"github.com/idemu/idemu/emulator/akamai"
	"github.com/idemu/idemu/emulator/appid"
	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/identityv1"
	"github.com/idemu/idemu/emulator/logto"
	"github.com/idemu/idemu/emulator/onegini"
)

// target is what the steps need to know about a provider beyond its base URL.
type target struct {
	name       string
	contract   []byte // the provider's OpenAPI document
	tokenPath  string // the OAuth token endpoint; empty = the API takes HTTP Basic credentials
	issuerPath string // appended to the base URL to get the OIDC issuer
	// clientGrant builds the token request that authenticates the suite's client
	// (default: client_credentials with client_id and client_secret).
	clientGrant func(clientID, clientSecret string) url.Values
	// steps registers the provider's own steps, beside the generic ones.
	steps func(w *world, sc *godog.ScenarioContext)
}

// targets lists the providers with a conformance suite: one entry per provider.
func targets() []target {
	return []target{
		{name: "identityv1", contract: identityv1.ContractDocument(),
			tokenPath: "/v1/authentication/connect/token", issuerPath: "/v1/authentication"},
		{name: "onegini", contract: onegini.ContractDocument()},
		{name: "logto", contract: logto.ContractDocument(), tokenPath: "/oidc/token", issuerPath: "/oidc",
			clientGrant: func(id, secret string) url.Values {
				return url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret},
					"resource": {"https://default.logto.app/api"}, "scope": {"all"}}
			}},
		{name: "appid", contract: appid.ContractDocument(), tokenPath: "/identity/token", issuerPath: "/identity",
			clientGrant: appIDClientGrant, steps: registerAppID},
		{name: "akamai", contract: akamai.ContractDocument(), steps: registerAkamai},
		// add new providers above this line
	}
}

func targetFor(provider string) (target, error) {
	for _, t := range targets() {
		if t.name == provider {
			return t, nil
		}
	}
	return target{}, fmt.Errorf("no conformance suite for provider %q", provider)
}

func (t target) load() (*contract.Contract, error) { return contract.Load(t.name, t.contract) }
