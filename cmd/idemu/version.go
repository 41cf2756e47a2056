package main

import (
	"fmt"
	"runtime"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func versionString() string {
	return fmt.Sprintf("idemu %s (%s, %s/%s)", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
