package logto

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// failCode finds the codes handlers raise: fail(<status>, "<code>".
var failCode = regexp.MustCompile(`fail\([^,]+, "([a-z_]+\.[a-z_.]+)"`)

// TestEveryRaisedCodeHasItsEnglishPhrase: a code without a phrase would answer its
// own key as the message.
func TestEveryRaisedCodeHasItsEnglishPhrase(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	seen := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range failCode.FindAllStringSubmatch(string(src), -1) {
			seen++
			if _, ok := phrases[m[1]]; !ok {
				t.Errorf("%s raises %s, which has no phrase", f, m[1])
			}
		}
	}
	require.Greater(t, seen, 50)
}
