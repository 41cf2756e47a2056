package logto

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
)

// TestContractIsValidOpenAPI runs the strict validity check Logto's own document fails
// (a default that breaks its schema) and compiles every pattern with Go's regexp.
func TestContractIsValidOpenAPI(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(contractJSON)
	require.NoError(t, err)
	require.NoError(t, doc.Validate(context.Background()))
	count := 0
	for _, item := range doc.Paths.Map() {
		count += len(item.Operations())
	}
	require.Equal(t, 338, count)
}

// TestContractHoldsFactsOnly: no description, summary or example carries text.
func TestContractHoldsFactsOnly(t *testing.T) {
	var doc any
	require.NoError(t, json.Unmarshal(contractJSON, &doc))
	var walk func(v any, names bool, at string)
	walk = func(v any, names bool, at string) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if !names {
					switch k {
					case "description":
						require.Equal(t, "", e, "prose at %s", at)
					case "summary", "example", "examples", "externalDocs":
						t.Fatalf("%s at %s", k, at)
					case "pattern":
						_, err := regexp.Compile(e.(string))
						require.NoError(t, err, "pattern at %s", at)
					case "default", "enum":
						continue
					}
				}
				walk(e, !names && (k == "properties" || k == "paths" || k == "responses" || k == "content" ||
					k == "schemas" || k == "parameters" || k == "securitySchemes"), at+"/"+k)
			}
		case []any:
			for _, e := range x {
				walk(e, false, at)
			}
		}
	}
	walk(doc, false, "")
}

// TestContractIsRegeneratedUnchanged: the committed contract is exactly what the
// generator derives from the reference document (skipped where it is absent).
func TestContractIsRegeneratedUnchanged(t *testing.T) {
	const src = "../../../shared/reference/logto-openapi.json"
	if _, err := os.Stat(src); err != nil {
		t.Skip("the reference document is not beside the repository")
	}
	out := t.TempDir() + "/openapi.json"
	cmd := exec.Command("go", "run", "./internal/contractgen", "-in", src, "-overlay", "internal/contractgen/overlay.json", "-out", out)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Run())
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	require.Equal(t, string(contractJSON), string(got), "run go generate ./emulator/logto")
}
