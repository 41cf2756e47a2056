package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/idemu/idemu/emulator"
	"github.com/idemu/idemu/scenarios"
)

type conformanceConfig struct {
	providers []string
	opts      scenarios.Options // BaseURL empty = each provider's default port
	emulator  string            // auto, true or false
	reportDir string
	features  string
}

func loadConformanceConfig(args []string, getenv func(string) string, stderr io.Writer) (conformanceConfig, error) {
	fs := newFlagSet("conformance", getenv, stderr)
	provider := fs.str("provider", "all", "providers whose features to run, comma-separated, or all: "+strings.Join(emulator.Implemented(), ", "))
	baseURL := fs.str("base-url", "", "the deployment's base URL, for one provider (default: idemu's default port of each provider)")
	clientID := fs.str("client-id", "", "a client allowed the client_credentials and password grants (default against idemu: its seeded client)")
	clientSecret := fs.str("client-secret", "", "that client's secret")
	emu := fs.str("emulator", "auto", "run @emulator scenarios: auto (when the target answers /_emulator/health), true or false")
	tags := fs.str("tags", "", `extra godog tag expression, e.g. "@smoke" or "~@slow"`)
	format := fs.str("format", "pretty", "console format: pretty, progress, ...")
	reportDir := fs.str("report-dir", "reports", "folder for <provider>.junit.xml and <provider>.cucumber.json (empty: none)")
	features := fs.str("features", "", "read features from this folder instead of the embedded ones")
	var errs []error
	noColor := fs.boolean("no-color", getenv("NO_COLOR") != "", "plain console output (also when NO_COLOR is set)", &errs)
	if err := fs.parse(args, errs); err != nil {
		return conformanceConfig{}, err
	}
	cfg := conformanceConfig{providers: splitList(*provider), emulator: *emu, reportDir: *reportDir, features: *features,
		opts: scenarios.Options{BaseURL: strings.TrimRight(*baseURL, "/"), ClientID: *clientID,
			ClientSecret: *clientSecret, Tags: *tags, Format: *format, NoColors: *noColor}}
	if len(cfg.providers) == 1 && cfg.providers[0] == "all" {
		cfg.providers = emulator.Implemented()
	}
	for _, p := range cfg.providers {
		if emulator.DefaultPort(p) == 0 {
			return cfg, usageError{fmt.Sprintf("unknown provider %q", p)}
		}
	}
	switch {
	case len(cfg.providers) == 0:
		return cfg, usageError{"--provider names no provider"}
	case len(cfg.providers) > 1 && (cfg.opts.BaseURL != "" || cfg.opts.ClientID != ""):
		return cfg, usageError{"--base-url and --client-id go with a single --provider"}
	case cfg.emulator != "auto" && cfg.emulator != "true" && cfg.emulator != "false":
		return cfg, usageError{"--emulator takes auto, true or false"}
	}
	return cfg, nil
}

func conformance(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := loadConformanceConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	var failed []string
	for _, p := range cfg.providers {
		opts := cfg.opts
		opts.Provider = p
		if opts.BaseURL == "" {
			opts.BaseURL = fmt.Sprintf("http://127.0.0.1:%d", emulator.DefaultPort(p))
		}
		if err := runConformance(ctx, cfg, opts, stdout, stderr); err != nil {
			var fe failedError
			if !errors.As(err, &fe) {
				return fmt.Errorf("%s: %w", p, err)
			}
			failed = append(failed, p)
		}
	}
	if len(failed) > 0 {
		fmt.Fprintf(stderr, "conformance: failed for %s\n", strings.Join(failed, ", "))
		return failedError{code: 1}
	}
	return nil
}

// runConformance runs one provider's features against one base URL.
func runConformance(ctx context.Context, cfg conformanceConfig, opts scenarios.Options, stdout, stderr io.Writer) error {
	httpc := &http.Client{Timeout: 30 * time.Second}
	isIdemu := checkHealth(ctx, httpc, opts.BaseURL) == nil
	cfg.opts = opts
	cfg.opts.Emulator = cfg.emulator == "true" || (cfg.emulator == "auto" && isIdemu)
	var err error
	if cfg.opts.ClientID == "" && isIdemu {
		if cfg.opts.ClientID, cfg.opts.ClientSecret, err = seededClient(ctx, httpc, cfg.opts.BaseURL); err != nil {
			return err
		}
	}
	if cfg.opts.ClientID == "" {
		return usageError{"--client-id and --client-secret are required against a deployment that is not idemu"}
	}
	if cfg.features != "" {
		cfg.opts.Features = os.DirFS(cfg.features)
	}
	cfg.opts.Output = stdout
	cfg.opts.HTTPClient = httpc
	if cfg.reportDir != "" {
		if err := os.MkdirAll(cfg.reportDir, 0o755); err != nil {
			return err
		}
		base := filepath.Join(cfg.reportDir, cfg.opts.Provider)
		cfg.opts.Format += ",junit:" + base + ".junit.xml,cucumber:" + base + ".cucumber.json"
	}
	fmt.Fprintf(stderr, "conformance: %s at %s (idemu: %v, @emulator scenarios: %v)\n",
		cfg.opts.Provider, cfg.opts.BaseURL, isIdemu, cfg.opts.Emulator)
	status, err := scenarios.Run(cfg.opts)
	if err != nil {
		return err
	}
	if status != 0 {
		return failedError{code: status}
	}
	return nil
}

// seededClient reads the default tenant's first client from idemu's /_emulator/info.
func seededClient(ctx context.Context, httpc *http.Client, base string) (string, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/_emulator/info", nil)
	if err != nil {
		return "", "", err
	}
	resp, err := httpc.Do(req)
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
	var info struct {
		Tenants []struct {
			ID      string `json:"id"`
			Clients []struct{ ID, Secret string }
		} `json:"tenants"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&info); err != nil {
		return "", "", fmt.Errorf("reading %s/_emulator/info: %w", base, err)
	}
	for _, t := range info.Tenants {
		if t.ID == "default" && len(t.Clients) > 0 {
			return t.Clients[0].ID, t.Clients[0].Secret, nil
		}
	}
	return "", "", fmt.Errorf("%s/_emulator/info lists no client in the default tenant", base)
}
