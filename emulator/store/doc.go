// Package store is the emulator's only persistence layer. Every other package keeps
// its state here so that one place decides how tenants are isolated, how uniqueness
// (emails, usernames, client ids) is enforced, and how expiry follows the emulator
// clock rather than wall time, so that advancing the clock through the admin API
// expires codes and sessions exactly as a test expects.
//
// All keys of a tenant share the prefix "<tenant>/", which is what lets a single
// tenant be snapshotted, restored or wiped without touching its neighbours:
//
//	<tenant>/d/<collection>/<id>              document JSON
//	<tenant>/x/<collection>/<id>              expiry of that document (RFC 3339)
//	<tenant>/u/<collection>/<index>/<value>   id holding a unique value (value path-escaped)
//
// Expiry is kept in our own keys instead of buntdb's TTLs because buntdb expires
// items against time.Now, which the emulator clock must be able to override.
// Expired documents read as absent and are purged lazily or by Sweep.
package store
