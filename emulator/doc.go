// Package emulator assembles idemu: for each provider it opens a store, builds the
// provider with its dependencies, mounts the provider's routes and the admin API on
// the provider's own gin engine, seeds the defaults and fixtures, and serves it on its
// own loopback port. This is the only place the parts are wired together; nothing is
// package-level, so several emulators can run in one test binary.
package emulator
