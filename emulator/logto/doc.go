// Package logto emulates Logto: the Management API under /api (users, applications,
// roles, resources and scopes, with the rest of the documented operations answering
// 501 until they are emulated, see ledger.txt), and the part of its OIDC provider
// under /oidc that machine-to-machine clients use (the token endpoint's
// client_credentials grant, JWKS, discovery). Its contract, openapi.json, is derived
// from Logto's published OpenAPI document by internal/contractgen. Errors use Logto's
// body {code, message, data?, details?} and codes. Where the sources are silent, the
// choice made is written in README.md beside this file.
package logto
