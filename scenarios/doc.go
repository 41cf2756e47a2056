// Package scenarios runs the Gherkin conformance suite in features/ with godog, against
// the in-process emulator (go test ./scenarios/...) or any deployment by base URL
// (idemu conformance). The steps speak HTTP only, so a scenario written against a
// provider's public contract runs unchanged against idemu or the real service.
// Scenarios tagged @emulator use idemu's admin API (clock, outbox, tenants) and are
// skipped against a real deployment.
//
// Every response is checked against the provider's contract: a response with an
// undocumented status or a body that does not match its schema fails the scenario.
package scenarios
