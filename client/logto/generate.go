// Package logto is a typed Go client for the Logto Management API and its OIDC token
// endpoint, usable against idemu or a real Logto. The operations are generated from
// idemu's contract (logto.gen.go); auth.go adds client_credentials tokens for the
// Management API with golang.org/x/oauth2.
package logto

//go:generate go tool oapi-codegen -config oapi-codegen.yaml ../../emulator/logto/openapi.json
