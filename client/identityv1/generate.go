// Package identityv1 is a typed Go client for the ASEE Identity API v1 and its
// Authentication API's token endpoint, usable against idemu or the real service.
// The operations are generated from idemu's contract (identityv1.gen.go); auth.go adds
// OAuth2 tokens with golang.org/x/oauth2.
package identityv1

//go:generate go tool oapi-codegen -config oapi-codegen.yaml ../../emulator/identityv1/openapi.yaml
