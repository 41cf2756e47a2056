// Package admin is a Go client for idemu's admin API (/_emulator/ on every provider's
// port): reset, clock, outbox, seed, snapshot/restore, info and the request log. The
// operations are generated from the admin contract (admin.gen.go); admin.go adds the
// few helpers tests use most.
package admin

//go:generate go tool oapi-codegen -config oapi-codegen.yaml ../../emulator/admin/openapi.yaml
