package emulator

import (
	"github.com/idemu/idemu/emulator/akamai"
	"github.com/idemu/idemu/emulator/appid"
	"github.com/idemu/idemu/emulator/identityv1"
	"github.com/idemu/idemu/emulator/logto"
	"github.com/idemu/idemu/emulator/onegini"
	"github.com/idemu/idemu/emulator/platform"
)

// registered is one implemented provider.
type registered struct {
	name  string
	build func(platform.Deps) (platform.Provider, error)
}

// registry lists the implemented providers in display order: adding a provider is one
// line here (and its port in DefaultPort).
func registry() []registered {
	return []registered{
		{"identityv1", func(d platform.Deps) (platform.Provider, error) { return identityv1.New(d) }},
		{"onegini", func(d platform.Deps) (platform.Provider, error) { return onegini.New(d) }},
		{"appid", func(d platform.Deps) (platform.Provider, error) { return appid.New(d) }},
		{"logto", func(d platform.Deps) (platform.Provider, error) { return logto.New(d) }},
		{"akamai", func(d platform.Deps) (platform.Provider, error) { return akamai.New(d) }},
		// add new providers above this line
	}
}
