package main

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/idemu/idemu/emulator"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestServeConfigFlagsBeatEnvironmentWhichBeatsDefaults(t *testing.T) {
	cfg, err := loadServeConfig(nil, env(nil), io.Discard)
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1", cfg.Host)
	require.Equal(t, 4705, cfg.Ports["identityv1"])
	require.Equal(t, 4, cfg.BcryptCost)

	e := env(map[string]string{"IDEMU_HOST": "0.0.0.0", "IDEMU_PORT_IDENTITYV1": "9000", "IDEMU_DATA_DIR": "/env"})
	cfg, err = loadServeConfig([]string{"--data-dir", "/flag"}, e, io.Discard)
	require.NoError(t, err)
	require.Equal(t, "0.0.0.0", cfg.Host)
	require.Equal(t, 9000, cfg.Ports["identityv1"])
	require.Equal(t, "/flag", cfg.DataDir)
}

func TestServeConfigReportsEveryProblem(t *testing.T) {
	e := env(map[string]string{"IDEMU_BCRYPT_COST": "lots", "IDEMU_PORT_LOGTO": "x"})
	_, err := loadServeConfig(nil, e, io.Discard)
	require.ErrorContains(t, err, `IDEMU_BCRYPT_COST="lots"`)
	require.ErrorContains(t, err, `IDEMU_PORT_LOGTO="x"`)
	_, err = loadServeConfig([]string{"--log-level", "loud"}, env(nil), io.Discard)
	require.ErrorContains(t, err, "log level")
	_, err = loadServeConfig([]string{"--fixtures", "/does/not/exist.yaml"}, env(nil), io.Discard)
	require.Error(t, err)
}

func TestUnknownCommandIsAUsageError(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"launch"}, env(nil), &out, &errOut)
	require.Equal(t, 2, exitCode(err))
	require.Contains(t, errOut.String(), "idemu serve")
	require.NoError(t, run(context.Background(), []string{"version"}, env(nil), &out, &errOut))
	require.Contains(t, out.String(), "idemu dev")
}

func TestSeedIntoADataDir(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	err := run(context.Background(), []string{"seed", "--data-dir", dir, "--users", "120", "--batch", "50", "--seed", "7"}, env(nil), &out, io.Discard)
	require.NoError(t, err)
	require.Contains(t, out.String(), "seeded 120 identityv1 users")

	emu, err := emulator.New(emulator.Config{DataDir: dir})
	require.NoError(t, err)
	defer emu.Close(context.Background())
	tenants, err := emu.Info("identityv1")
	require.NoError(t, err)
	require.Equal(t, 121, tenants[0].UserCount, "the generated users and the seeded demo user")
}

func TestSeedFlagsAreChecked(t *testing.T) {
	_, err := loadSeedConfig([]string{"--url", "http://x", "--data-dir", "/d"}, env(nil), io.Discard)
	require.ErrorContains(t, err, "not both")
	cfg, err := loadSeedConfig(nil, env(nil), io.Discard)
	require.NoError(t, err)
	require.Equal(t, "http://127.0.0.1:4705", cfg.url)
}

func TestConformanceProviders(t *testing.T) {
	cfg, err := loadConformanceConfig(nil, env(nil), io.Discard)
	require.NoError(t, err)
	require.Equal(t, emulator.Implemented(), cfg.providers)
	_, err = loadConformanceConfig([]string{"--provider", "identityv1,nope"}, env(nil), io.Discard)
	require.ErrorContains(t, err, `unknown provider "nope"`)
	_, err = loadConformanceConfig([]string{"--provider", "identityv1,logto", "--base-url", "http://x"}, env(nil), io.Discard)
	require.ErrorContains(t, err, "single --provider")
	cfg, err = loadConformanceConfig(nil, env(map[string]string{"NO_COLOR": "1"}), io.Discard)
	require.NoError(t, err)
	require.True(t, cfg.opts.NoColors)
}

func TestOneginiTechnicalUserFromCIMVariables(t *testing.T) {
	e := env(map[string]string{"IDP_CONFIGURATION_API_REST_USERNAME": "cfg", "IDP_CONFIGURATION_API_REST_PASSWORD": "pw"})
	cfg, err := loadServeConfig([]string{"--providers", "onegini"}, e, io.Discard)
	require.NoError(t, err)
	require.Len(t, cfg.Fixtures, 1)
	require.Equal(t, "onegini", cfg.Fixtures[0].Provider)
	cfg, err = loadServeConfig([]string{"--providers", "identityv1"}, e, io.Discard)
	require.NoError(t, err)
	require.Empty(t, cfg.Fixtures, "only when onegini is started")
}
