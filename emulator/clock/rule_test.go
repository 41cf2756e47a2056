package clock

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestNothingElseReadsWallTime keeps the rule that emulated time comes from one clock:
// outside this package, time.Now may only measure real durations, and such a line says
// so with a "wall-clock:" comment.
func TestNothingElseReadsWallTime(t *testing.T) {
	root := filepath.Join("..", "..")
	var offenders []string
	for _, dir := range []string{"emulator", "fixtures"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			if strings.Contains(filepath.ToSlash(path), "emulator/clock/") {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for i, line := range strings.Split(string(src), "\n") {
				if strings.Contains(line, "time.Now()") && !strings.Contains(line, "wall-clock:") {
					offenders = append(offenders, path+":"+strconv.Itoa(i+1))
				}
			}
			return nil
		})
		require.NoError(t, err)
	}
	require.Empty(t, offenders, "use the injected clock.Clock instead of time.Now")
}
