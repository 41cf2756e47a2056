// Package onegini emulates the Onegini CIM Configuration API: the v1 view under
// /api/config and the v2 configuration units under /api/v2/. Its contract is
// openapi.yaml beside this file. Callers authenticate with HTTP Basic as a technical
// user holding the configuration_rest role; every error has an empty body, as in the
// source. Each tenant is one CIM instance whose units live in the store as JSON
// documents; the v1 view is derived from them on every read. Where the sources are
// silent, the choice made is written in README.md beside this file.
package onegini
