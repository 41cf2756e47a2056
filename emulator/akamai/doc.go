// Package akamai emulates the Capture host of Akamai Identity Cloud (formerly Janrain
// Capture): the entity and entityType APIs over real schemas, the OAuth native login and
// registration endpoints with their flows and forms, the /access token and code
// operations, and the legacy clients and settings APIs. Each app is an idemu tenant,
// reached as <app>.localhost or with the X-Idemu-Tenant header.
//
// Its contract is openapi.yaml beside this file. Requests are form-encoded; errors are
// Capture's {"stat":"error","code":N,...} envelope, almost always with HTTP 200.
// Where the sources are silent, the choice made is written in README.md.
package akamai
