package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// flagSet is a flag.FlagSet whose every flag has an environment twin: IDEMU_ plus the
// flag name in upper case with dashes as underscores (--data-dir <-> IDEMU_DATA_DIR).
// A flag given on the command line beats the environment, which beats the default.
type flagSet struct {
	*flag.FlagSet
	getenv func(string) string
}

func newFlagSet(name string, getenv func(string) string, stderr io.Writer) *flagSet {
	fs := flag.NewFlagSet("idemu "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return &flagSet{FlagSet: fs, getenv: getenv}
}

func envName(flagName string) string {
	return "IDEMU_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func (f *flagSet) envDefault(name, def string) string {
	if v := f.getenv(envName(name)); v != "" {
		return v
	}
	return def
}

func (f *flagSet) str(name, def, help string) *string {
	return f.String(name, f.envDefault(name, def), help+" ($"+envName(name)+")")
}

// integer reads an int flag; a bad environment value is reported by parse.
func (f *flagSet) integer(name string, def int, help string, errs *[]error) *int {
	v := def
	if s := f.getenv(envName(name)); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			*errs = append(*errs, fmt.Errorf("%s=%q is not a whole number", envName(name), s))
		}
		v = n
	}
	return f.Int(name, v, help+" ($"+envName(name)+")")
}

func (f *flagSet) boolean(name string, def bool, help string, errs *[]error) *bool {
	v := def
	if s := f.getenv(envName(name)); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			*errs = append(*errs, fmt.Errorf("%s=%q is not true or false", envName(name), s))
		}
		v = b
	}
	return f.Bool(name, v, help+" ($"+envName(name)+")")
}

// parse parses args and joins every problem found so far, so a user sees all at once.
func (f *flagSet) parse(args []string, errs []error) error {
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if f.NArg() > 0 {
		errs = append(errs, fmt.Errorf("unexpected argument %q", f.Arg(0)))
	}
	if len(errs) > 0 {
		return usageError{errors.Join(errs...).Error()}
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
