// Package onegini is a typed Go client for the Onegini CIM Configuration API, usable
// against idemu or the real service. The operations and models are generated from
// idemu's contract (onegini.gen.go); auth.go adds the HTTP Basic credentials of a
// technical user.
package onegini

//go:generate go tool oapi-codegen -config oapi-codegen.yaml ../../emulator/onegini/openapi.yaml
