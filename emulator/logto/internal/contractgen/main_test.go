package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

const sample = `{
 "openapi": "3.0.1", "info": {"title": "T", "description": "prose", "version": "Cloud"},
 "tags": [{"name": "Users", "description": "prose"}],
 "components": {"schemas": {}},
 "paths": {"/api/users": {"post": {"operationId": "CreateUser", "tags": ["Users"], "summary": "prose", "description": "prose",
   "requestBody": {"content": {"application/json": {"schema": {"type": "object", "description": "prose", "properties": {
     "description": {"type": "string", "description": "prose"},
     "email": {"type": "string", "format": "regex", "pattern": "/^\\S+@\\S+$/"},
     "color": {"type": "string", "pattern": "/^#[\\da-f]{3}$/i"},
     "kind": {"type": "string", "format": "\"Totp\""},
     "flag": {"type": "boolean", "format": "false"},
     "site": {"oneOf": [{"type": "string", "format": "url"}, {"type": "string", "format": "empty"}]},
     "uris": {"type": "array", "items": {"type": "object", "description": "Validator function"}},
     "policy": {"type": "object", "required": ["min"], "default": {}, "properties": {"min": {"type": "number", "default": 8}}}
   }}}}},
   "responses": {"201": {"description": "prose", "content": {"application/json": {}}}}}}}
}`

const overlay = `{"tags": [{"name": "OIDC"}], "paths": {"/oidc/jwks": {"get": {"operationId": "OidcJwks", "responses": {"200": {"description": ""}}}}}}`

func TestDeriveKeepsFactsAndNormalisesSchemas(t *testing.T) {
	out, err := derive([]byte(sample), []byte(overlay))
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(out, &doc))
	op := doc["paths"].(map[string]any)["/api/users"].(map[string]any)["post"].(map[string]any)
	require.NotContains(t, op, "summary")
	require.NotContains(t, op, "description")
	schema := op["requestBody"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
	require.NotContains(t, schema, "description")
	props := schema["properties"].(map[string]any)
	require.Contains(t, props, "description", "a property named description is a fact")
	require.NotContains(t, props["description"], "description")
	require.Equal(t, `^\S+@\S+$`, props["email"].(map[string]any)["pattern"])
	require.NotContains(t, props["email"], "format")
	require.Equal(t, `(?i)^#[\da-f]{3}$`, props["color"].(map[string]any)["pattern"])
	require.Equal(t, []any{"Totp"}, props["kind"].(map[string]any)["enum"])
	require.Equal(t, []any{false}, props["flag"].(map[string]any)["enum"])
	site := props["site"].(map[string]any)
	require.NotContains(t, site, "oneOf")
	alts := site["anyOf"].([]any)
	require.Equal(t, "uri", alts[0].(map[string]any)["format"])
	require.Equal(t, float64(0), alts[1].(map[string]any)["maxLength"])
	require.Equal(t, map[string]any{}, props["uris"].(map[string]any)["items"])
	policy := props["policy"].(map[string]any)
	require.NotContains(t, policy, "default", "a default that breaks its own schema is dropped")
	require.Equal(t, float64(8), policy["properties"].(map[string]any)["min"].(map[string]any)["default"])
	resp := op["responses"].(map[string]any)["201"].(map[string]any)
	require.Equal(t, "", resp["description"])
	require.Contains(t, resp["content"], "text/plain")
	require.Equal(t, map[string]any{"title": "Logto (idemu contract)", "version": "Cloud"}, doc["info"])
	require.Contains(t, doc["paths"], "/oidc/jwks")

	again, err := derive([]byte(sample), []byte(overlay))
	require.NoError(t, err)
	require.Equal(t, string(out), string(again), "the output is deterministic")
}

func TestAnOverlayPathThatExistsIsRefused(t *testing.T) {
	_, err := derive([]byte(sample), []byte(`{"paths": {"/api/users": {}}}`))
	require.ErrorContains(t, err, "already in the reference document")
}

func TestAMissingReferenceLeavesTheContractAlone(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "openapi.json")
	require.NoError(t, os.WriteFile(out, []byte("committed"), 0o644))
	require.NoError(t, run(filepath.Join(dir, "absent.json"), filepath.Join(dir, "overlay.json"), out))
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	require.Equal(t, "committed", string(got))
}
