// Package admin serves the emulator-only API under /_emulator/ on every provider's
// listener: health, info, reset, clock, outbox, snapshot/restore, seed and the request
// log. Its routes are a stable interface (scripts, the testcontainers module and the
// conformance suite depend on them) and are described by its own contract, served at
// /_emulator/openapi.json and mounted through the same validation as any provider.
package admin
