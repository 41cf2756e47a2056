// Package akamai is a typed Go client for Akamai Identity Cloud as idemu serves it: the
// Capture host (entity, entityType, access, OAuth native, legacy clients and settings),
// the Configuration API, SIEM event delivery, Hosted Login and its configuration API,
// Webhooks v3, custom providers and the Social Login API, usable against idemu or a real
// deployment (whose hosts differ: point one client at each). The operations are
// generated from idemu's contract (akamai.gen.go); auth.go adds the ways each host
// authenticates a call.
package akamai

//go:generate go tool oapi-codegen -config oapi-codegen.yaml ../../emulator/akamai/openapi.yaml
