package admin

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Admin wraps the generated client with the calls tests make most.
type Admin struct {
	*ClientWithResponses
	BaseURL string
}

// New returns an admin client for one provider's base URL.
func New(baseURL string, opts ...ClientOption) (*Admin, error) {
	baseURL = strings.TrimRight(baseURL, "/")
	c, err := NewClientWithResponses(baseURL, opts...)
	if err != nil {
		return nil, err
	}
	return &Admin{ClientWithResponses: c, BaseURL: baseURL}, nil
}

func check(status int, body []byte, what string) error {
	if status != http.StatusOK {
		return fmt.Errorf("%s: status %d: %s", what, status, bytes.TrimSpace(body))
	}
	return nil
}

// Healthy reports whether the provider answers /_emulator/health.
func (a *Admin) Healthy(ctx context.Context) error {
	r, err := a.HealthWithResponse(ctx)
	if err != nil {
		return err
	}
	return check(r.StatusCode(), r.Body, "health")
}

// Reset returns every tenant to the start-up state and the clock to wall time.
func (a *Admin) Reset(ctx context.Context) error {
	r, err := a.ResetWithResponse(ctx, &ResetParams{})
	if err != nil {
		return err
	}
	return check(r.StatusCode(), r.Body, "reset")
}

// ResetTenant returns one tenant to its start-up state.
func (a *Admin) ResetTenant(ctx context.Context, tenant string) error {
	r, err := a.ResetWithResponse(ctx, &ResetParams{Tenant: &tenant})
	if err != nil {
		return err
	}
	return check(r.StatusCode(), r.Body, "reset "+tenant)
}

// AdvanceClock moves the emulator's clock forward and returns the new time.
func (a *Admin) AdvanceClock(ctx context.Context, d time.Duration) (time.Time, error) {
	s := d.String()
	r, err := a.SetClockWithResponse(ctx, SetClockJSONRequestBody{Advance: &s})
	if err != nil {
		return time.Time{}, err
	}
	if err := check(r.StatusCode(), r.Body, "advance clock"); err != nil {
		return time.Time{}, err
	}
	return r.JSON200.Now, nil
}

// Outbox lists the messages sent to an address or number ("" = all), oldest first.
func (a *Admin) Outbox(ctx context.Context, to string) ([]Message, error) {
	params := &ListOutboxParams{}
	if to != "" {
		params.To = &to
	}
	r, err := a.ListOutboxWithResponse(ctx, params)
	if err != nil {
		return nil, err
	}
	if err := check(r.StatusCode(), r.Body, "outbox"); err != nil {
		return nil, err
	}
	return r.JSON200.Messages, nil
}

// LastCode is the code of the newest message sent to an address or number.
func (a *Admin) LastCode(ctx context.Context, to string) (string, error) {
	msgs, err := a.Outbox(ctx, to)
	if err != nil {
		return "", err
	}
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Code != nil && *msgs[i].Code != "" {
			return *msgs[i].Code, nil
		}
	}
	return "", fmt.Errorf("no message with a code was sent to %s", to)
}

// SeedFile posts a fixture file (YAML or JSON) to the running emulator.
func (a *Admin) SeedFile(ctx context.Context, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	ct := "application/yaml"
	if strings.EqualFold(filepath.Ext(path), ".json") {
		ct = "application/json"
	}
	return a.Seed(ctx, data, ct)
}

// Seed posts a fixture document in the given content type.
func (a *Admin) Seed(ctx context.Context, doc []byte, contentType string) error {
	r, err := a.SeedWithBodyWithResponse(ctx, contentType, bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return check(r.StatusCode(), r.Body, "seed")
}
