// Package appid is a typed Go client for IBM Cloud App ID's Management API v4, its
// OAuth server and the IBM Cloud IAM token endpoint, usable against idemu or the real
// services. The operations are generated from idemu's contract (appid.gen.go); auth.go
// adds IAM API key tokens and App ID application tokens with golang.org/x/oauth2.
package appid

//go:generate go tool oapi-codegen -config oapi-codegen.yaml ../../emulator/appid/openapi.yaml
