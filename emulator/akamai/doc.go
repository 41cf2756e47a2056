// Package akamai emulates Akamai Identity Cloud (formerly Janrain) on one port: the
// Capture host (the entity and entityType APIs over real schemas, the OAuth native login
// and registration endpoints with their flows and forms, the /access token and code
// operations, the legacy clients and settings APIs), the Configuration API, SIEM event
// delivery, Hosted Login (OpenID Connect with signed tokens, and its configuration API),
// Webhooks v3 with real deliveries to loopback listeners, the Custom Provider API and
// the Social Login API. Each app is an idemu tenant; each app's customer id names it on
// the /{customerId}/ hosts.
//
// Its contract is openapi.yaml beside this file. Each host keeps its own request format,
// authentication and error envelope (hosts.go); where the sources are silent, the choice
// made is written in README.md.
package akamai
