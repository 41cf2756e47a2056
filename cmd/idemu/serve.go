package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/idemu/idemu/emulator"
	"github.com/idemu/idemu/emulator/onegini"
	"github.com/idemu/idemu/fixtures"
)

// loadServeConfig turns flags and environment into an emulator.Config. It reads the
// fixture files it is given and nothing else.
func loadServeConfig(args []string, getenv func(string) string, stderr io.Writer) (emulator.Config, error) {
	var errs []error
	fs := newFlagSet("serve", getenv, stderr)
	host := fs.str("host", "127.0.0.1", "address to listen on (0.0.0.0 inside a container)")
	providers := fs.str("providers", strings.Join(emulator.Implemented(), ","), "comma-separated providers to start")
	dataDir := fs.str("data-dir", "", "persist state in this folder (default: in memory)")
	fixtureFiles := fs.str("fixtures", "", "comma-separated fixture files to load at start")
	cost := fs.integer("bcrypt-cost", 4, "bcrypt cost for stored passwords (4..31)", &errs)
	logLevel := fs.str("log-level", "info", "debug, info, warn or error")
	ports := map[string]*int{}
	for _, p := range emulator.Known() {
		ports[p] = fs.integer("port-"+p, emulator.DefaultPort(p), "port of the "+p+" provider (0 = any free port)", &errs)
	}
	if err := fs.parse(args, errs); err != nil {
		return emulator.Config{}, err
	}
	cfg := emulator.Config{Host: *host, Providers: splitList(*providers), DataDir: *dataDir, BcryptCost: *cost, Ports: map[string]int{}}
	for p, port := range ports {
		cfg.Ports[p] = *port
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return cfg, usageError{fmt.Sprintf("log level %q: use debug, info, warn or error", *logLevel)}
	}
	cfg.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	for _, path := range splitList(*fixtureFiles) {
		doc, err := fixtures.Load(path)
		if err != nil {
			return cfg, err
		}
		cfg.Fixtures = append(cfg.Fixtures, doc)
	}
	// Onegini's technical users can come from the variables CIM itself reads
	// (IDP_CONFIGURATION_API_REST_USERNAME/_PASSWORD, ...), so an existing setup works as is.
	if slices.Contains(cfg.Providers, "onegini") {
		doc, err := onegini.EnvFixture(getenv)
		if err != nil {
			return cfg, usageError{err.Error()}
		}
		if doc != nil {
			cfg.Fixtures = append(cfg.Fixtures, doc)
		}
	}
	return cfg, nil
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := loadServeConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	emu, err := emulator.New(cfg)
	if err != nil {
		return err
	}
	if err := emu.Start(); err != nil {
		return err
	}
	printStartTable(stdout, emu)
	<-ctx.Done()
	fmt.Fprintln(stdout, "idemu: shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return emu.Close(shutdown)
}

// printStartTable tells a newcomer where each provider listens and how to get a token.
func printStartTable(w io.Writer, emu *emulator.Emulator) {
	fmt.Fprintf(w, "idemu %s is running (admin API on every port under /_emulator/)\n\n", version)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROVIDER\tURL\tDEFAULT TENANT CREDENTIALS")
	for _, p := range emu.Providers() {
		creds := ""
		if tenants, err := emu.Info(p); err == nil {
			for _, t := range tenants {
				if t.ID != "default" {
					continue
				}
				for _, c := range t.Clients {
					creds += fmt.Sprintf("client %s / %s  ", c.ID, c.Secret)
				}
				for _, u := range t.Users {
					creds += fmt.Sprintf("user %s / %s  ", u.Username, u.Password)
				}
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", p, emu.URL(p), strings.TrimSpace(creds))
	}
	tw.Flush()
	fmt.Fprintln(w, "\nEach provider's /_emulator/info lists its tenants, token URL and discovery URL. Ctrl-C stops.")
}
