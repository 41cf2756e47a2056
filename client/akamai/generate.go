// Package akamai is a typed Go client for the Capture host of Akamai Identity Cloud
// (entity, entityType, access, OAuth native, legacy clients and settings), usable against
// idemu or a real app. The operations are generated from idemu's contract
// (akamai.gen.go); auth.go adds Capture's ways of authenticating a call.
package akamai

//go:generate go tool oapi-codegen -config oapi-codegen.yaml ../../emulator/akamai/openapi.yaml
