package scenarios

import (
	"fmt"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/identityv1"
)

// target is what the steps need to know about a provider beyond its base URL.
type target struct {
	name       string
	contract   []byte // the provider's OpenAPI document
	tokenPath  string // the OAuth token endpoint
	issuerPath string // appended to the base URL to get the OIDC issuer
}

func targetFor(provider string) (target, error) {
	switch provider {
	case "identityv1":
		return target{
			name: provider, contract: identityv1.ContractDocument(),
			tokenPath: "/v1/authentication/connect/token", issuerPath: "/v1/authentication",
		}, nil
	}
	return target{}, fmt.Errorf("no conformance suite for provider %q", provider)
}

func (t target) load() (*contract.Contract, error) { return contract.Load(t.name, t.contract) }
