package scenarios

import (
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cucumber/godog"

	"github.com/idemu/idemu/features"
)

// Options configure one suite run.
type Options struct {
	Provider     string // identityv1, ...
	BaseURL      string // the provider's base URL, e.g. http://127.0.0.1:4705
	ClientID     string // a client allowed client_credentials and password grants
	ClientSecret string
	// Emulator runs the @emulator scenarios too (the target is idemu, with its admin API).
	Emulator bool
	// Tags is an extra godog tag expression, e.g. "@smoke" or "~@slow".
	Tags string
	// Format is godog's format list, e.g. "pretty" or "progress,junit:out.xml,cucumber:out.json".
	Format string
	Output io.Writer
	// NoColors turns off ANSI colours in the console output.
	NoColors bool
	// Features defaults to the embedded features/ folder.
	Features fs.FS
	// T makes each scenario a subtest (go test).
	T *testing.T
	// HTTPClient defaults to a client with a 30 s timeout.
	HTTPClient *http.Client
}

// Run runs the provider's features and returns godog's status (0 = all passed).
func Run(opts Options) (int, error) {
	tgt, err := targetFor(opts.Provider)
	if err != nil {
		return 2, err
	}
	c, err := tgt.load()
	if err != nil {
		return 2, err
	}
	if opts.BaseURL == "" {
		return 2, fmt.Errorf("a base URL is required")
	}
	if opts.Features == nil {
		opts.Features = features.FS
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if opts.Format == "" {
		opts.Format = "pretty"
	}
	tags := []string{}
	if !opts.Emulator {
		tags = append(tags, "~@emulator")
	}
	if opts.Tags != "" {
		tags = append(tags, opts.Tags)
	}
	suite := godog.TestSuite{
		Name: "idemu-" + opts.Provider,
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			w := &world{opts: opts, target: tgt, contract: c, http: opts.HTTPClient, base: strings.TrimRight(opts.BaseURL, "/")}
			w.register(sc)
		},
		Options: &godog.Options{
			Format: opts.Format, Output: opts.Output, FS: opts.Features, Paths: []string{opts.Provider},
			Tags: strings.Join(tags, " && "), Strict: true, TestingT: opts.T, NoColors: opts.NoColors,
		},
	}
	return suite.Run(), nil
}
