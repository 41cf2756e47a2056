package clock

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestNothingElseReadsWallTime keeps the rule that emulated time comes from one clock:
// outside this package, wall time may only measure real durations, and such a line says
// so with a "wall-clock:" comment. Every way of reading it counts: time.Now called or
// passed as a value, and time.Since and time.Until, which read it too (time.Since of an
// emulated instant silently mixes the two clocks).
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
			for _, line := range wallTimeReads(t, path, src) {
				offenders = append(offenders, path+":"+strconv.Itoa(line))
			}
			return nil
		})
		require.NoError(t, err)
	}
	require.Empty(t, offenders, "use the injected clock.Clock instead of wall time")
}

// wallTimeReads lists the lines of a Go file that read wall time without saying why.
func wallTimeReads(t *testing.T, path string, src []byte) []int {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
	require.NoError(t, err)
	timeName := ""
	for _, imp := range f.Imports {
		if imp.Path.Value == `"time"` {
			timeName = "time"
			if imp.Name != nil {
				timeName = imp.Name.Name
			}
		}
	}
	if timeName == "" {
		return nil
	}
	lines := strings.Split(string(src), "\n")
	var out []int
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == timeName {
			switch sel.Sel.Name {
			case "Now", "Since", "Until":
				line := fset.Position(sel.Pos()).Line
				if !strings.Contains(lines[line-1], "wall-clock:") {
					out = append(out, line)
				}
			}
		}
		return true
	})
	return out
}

func TestTheWallTimeRuleSeesEveryRead(t *testing.T) {
	src := `package p

import wall "time"

var now = wall.Now

func a() { _ = wall.Now() }
func b(t wall.Time) { _ = wall.Since(t) }
func c(t wall.Time) { _ = wall.Until(t) }
func d() { _ = wall.Now() } // wall-clock: measures real work
`
	require.Equal(t, []int{5, 7, 8, 9}, wallTimeReads(t, "p.go", []byte(src)))
}
