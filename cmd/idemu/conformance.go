package main

import (
	"context"
	"io"
)

func conformance(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return usageError{"not built yet"}
}
