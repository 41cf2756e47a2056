// Package features embeds the Gherkin conformance features, one folder per provider,
// so that the idemu binary can run them against any deployment.
package features

import "embed"

// FS holds <provider>/*.feature.
//
//go:embed */*.feature
var FS embed.FS
