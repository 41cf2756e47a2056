package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/idemu/idemu/emulator"
	"github.com/idemu/idemu/fixtures"
)

type seedConfig struct {
	gen     fixtures.GenerateOptions
	url     string
	dataDir string
	batch   int
}

func loadSeedConfig(args []string, getenv func(string) string, stderr io.Writer) (seedConfig, error) {
	var errs []error
	fs := newFlagSet("seed", getenv, stderr)
	provider := fs.str("provider", "identityv1", "provider to seed: "+strings.Join(emulator.Implemented(), ", "))
	tenant := fs.str("tenant", "default", "tenant to seed into (created if missing)")
	n := fs.integer("users", 100, "how many users to generate", &errs)
	seedValue := fs.integer("seed", 1, "random seed: the same seed gives the same users", &errs)
	password := fs.str("password", "", "password of every generated user (default: the generator's, printed at the end)")
	domain := fs.str("domain", "", "email domain (default example.test)")
	url := fs.str("url", "", "base URL of a running idemu provider (default: its default port on 127.0.0.1)")
	dataDir := fs.str("data-dir", "", "write straight into this --data-dir instead (idemu must not be serving it)")
	batch := fs.integer("batch", 500, "users per request", &errs)
	if err := fs.parse(args, errs); err != nil {
		return seedConfig{}, err
	}
	cfg := seedConfig{
		gen: fixtures.GenerateOptions{Provider: *provider, Tenant: *tenant, Users: *n, Seed: int64(*seedValue),
			Password: *password, Domain: *domain},
		url: strings.TrimRight(*url, "/"), dataDir: *dataDir, batch: *batch,
	}
	switch {
	case cfg.url != "" && cfg.dataDir != "":
		return cfg, usageError{"give --url or --data-dir, not both"}
	case cfg.batch < 1:
		return cfg, usageError{"--batch must be at least 1"}
	case cfg.url == "" && cfg.dataDir == "":
		cfg.url = fmt.Sprintf("http://127.0.0.1:%d", emulator.DefaultPort(cfg.gen.Provider))
	}
	return cfg, nil
}

func seed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := loadSeedConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	gen, err := fixtures.NewGenerator(cfg.gen)
	if err != nil {
		return usageError{err.Error()}
	}
	sink, closeSink, err := openSeedSink(cfg)
	if err != nil {
		return err
	}
	defer closeSink()

	bar := progressbar.NewOptions(cfg.gen.Users, progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription("seeding "+cfg.gen.Provider+" users"), progressbar.OptionShowCount(),
		progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionOnCompletion(func() { fmt.Fprintln(stderr) }))
	start := time.Now() // wall-clock: a throughput measurement
	done, password := 0, ""
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("interrupted after %d users: %w", done, err)
		}
		doc := gen.Document(cfg.batch)
		if len(doc.Tenants) == 0 || len(doc.Tenants[0].Users) == 0 {
			break
		}
		if err := sink(ctx, doc); err != nil {
			return fmt.Errorf("after %d users: %w", done, err)
		}
		done += len(doc.Tenants[0].Users)
		password = doc.Tenants[0].Users[0].Password
		_ = bar.Add(len(doc.Tenants[0].Users))
	}
	_ = bar.Finish()
	elapsed := time.Since(start)
	fmt.Fprintf(stdout, "seeded %d %s users into tenant %q in %s (%.0f users/s); their password is %q\n", done,
		cfg.gen.Provider, cfg.gen.Tenant, elapsed.Round(time.Millisecond), float64(done)/max(elapsed.Seconds(), 1e-9), password)
	return nil
}

// openSeedSink returns where batches go: the admin API of a running idemu, or an
// emulator built on the data dir.
func openSeedSink(cfg seedConfig) (func(context.Context, *fixtures.Document) error, func(), error) {
	if cfg.dataDir != "" {
		emu, err := emulator.New(emulator.Config{DataDir: cfg.dataDir, Providers: []string{cfg.gen.Provider}})
		if err != nil {
			return nil, nil, err
		}
		return func(_ context.Context, doc *fixtures.Document) error { return emu.Seed(doc) },
			func() { _ = emu.Close(context.Background()) }, nil
	}
	client := &http.Client{Timeout: 5 * time.Minute}
	return func(ctx context.Context, doc *fixtures.Document) error {
		return postSeed(ctx, client, cfg.url, doc)
	}, func() {}, nil
}

func postSeed(ctx context.Context, client *http.Client, url string, doc *fixtures.Document) error {
	body, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/_emulator/seed", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("is idemu running at %s? %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("%s/_emulator/seed answered %s: %s", url, resp.Status, bytes.TrimSpace(msg))
	}
	return nil
}
