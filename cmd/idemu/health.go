package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/idemu/idemu/emulator"
)

// health checks /_emulator/health of every implemented provider's default port, or of
// the given URLs: the container image's health check needs nothing but the binary.
func health(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("health", getenv, stderr)
	urls := fs.str("url", "", "comma-separated base URLs (default: every provider's default port on 127.0.0.1)")
	if err := fs.parse(args, nil); err != nil {
		return err
	}
	targets := splitList(*urls)
	if len(targets) == 0 {
		for _, p := range emulator.Implemented() {
			targets = append(targets, fmt.Sprintf("http://127.0.0.1:%d", emulator.DefaultPort(p)))
		}
	}
	client := &http.Client{Timeout: 3 * time.Second}
	for _, u := range targets {
		if err := checkHealth(ctx, client, strings.TrimRight(u, "/")); err != nil {
			return err
		}
		fmt.Fprintln(stdout, u, "ok")
	}
	return nil
}

func checkHealth(ctx context.Context, client *http.Client, base string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/_emulator/health", nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var body struct{ Status string }
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&body) != nil || body.Status != "ok" {
		return fmt.Errorf("%s is not healthy (%s)", base, resp.Status)
	}
	return nil
}
