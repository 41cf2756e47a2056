// Package oauth is the stateful half of token handling that every provider shares:
// per-tenant signing keys persisted in the store, signed access tokens, opaque refresh
// tokens with rotation and reuse detection, revocation (RFC 7009) and introspection
// (RFC 7662). Providers put their own endpoints, claims and error envelopes on top.
//
// Every method takes the caller's store transaction, so a token is issued in the same
// commit as the state change it belongs to (a login's last-login stamp, a rotation).
package oauth
