// Package contract loads a provider's OpenAPI document (idemu's own, facts only) and
// makes it drive the emulator: the gin route table, request validation into structured
// violations, the coverage check that every documented operation has a handler, and
// response validation for the conformance suite.
//
// It knows nothing about any provider's error envelope: it hands each provider a list
// of Violations, and the provider renders them in its own format.
package contract
