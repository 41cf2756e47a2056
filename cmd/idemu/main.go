// Command idemu runs the identity-provider emulator (serve), loads fake data into it
// (seed), checks a deployment against the Gherkin suite (conformance), and prints its
// version. main stays thin: everything is in run, which tests call directly.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "idemu:", err)
		os.Exit(exitCode(err))
	}
}

const usage = `idemu: emulates identity providers' REST APIs.

Usage:
  idemu serve        start every implemented provider on its own loopback port
  idemu seed         generate fake users into a running idemu (--url) or a --data-dir
  idemu conformance  run the Gherkin suite against idemu or a real deployment
  idemu health       exit 0 when an idemu at --url answers /_emulator/health
  idemu version      print the version

Run 'idemu <command> -h' for a command's flags. Every flag has an IDEMU_* environment twin.
`

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	err := dispatch(ctx, args, getenv, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil // -h printed the command's flags
	}
	return err
}

func dispatch(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"a command is required"}
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], getenv, stdout, stderr)
	case "seed":
		return seed(ctx, args[1:], getenv, stdout, stderr)
	case "conformance":
		return conformance(ctx, args[1:], getenv, stdout, stderr)
	case "health":
		return health(ctx, args[1:], getenv, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, versionString())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Sprintf("unknown command %q", args[0])}
}

// usageError is a mistake in the command line: exit status 2, like flag's.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// failedError carries a non-zero exit status without more words (a failed suite run).
type failedError struct{ code int }

func (e failedError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func exitCode(err error) int {
	switch e := err.(type) {
	case usageError:
		return 2
	case failedError:
		return e.code
	}
	return 1
}
