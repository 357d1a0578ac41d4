// Package cli is the cultivate command: its subcommands, their flags (each
// with an environment fallback), and nothing else. Every subcommand works
// through internal/app, like the web surface does.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// version names this build: the module version, or the VCS revision Go
// stamped into the binary, or "dev".
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" {
		return "dev"
	}
	if dirty {
		rev += "+changes"
	}
	return rev
}

// Env reads the environment; tests pass their own.
type Env func(string) string

// Run runs the command line args (without the program name) and returns
// the process exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env Env) int {
	c := &command{stdin: stdin, stdout: stdout, stderr: stderr, env: env}
	if len(args) == 0 {
		c.usage()
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = c.serve(ctx, args[1:])
	case "demo":
		err = c.demo(ctx, args[1:])
	case "migrate":
		err = c.migrate(ctx, args[1:])
	case "user":
		err = c.user(ctx, args[1:])
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "cultivate", version())
	case "help", "--help", "-h":
		c.usage()
	default:
		fmt.Fprintf(stderr, "cultivate: unknown command %q\n\n", args[0])
		c.usage()
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	default:
		fmt.Fprintln(stderr, "cultivate:", err)
		return 1
	}
}

// errUsage marks an error the flag package already explained.
var errUsage = errors.New("usage")

type command struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	env            Env
}

func (c *command) usage() {
	fmt.Fprint(c.stderr, `cultivate: a home for communities of practice.

Usage:
  cultivate demo      serve a seeded demo organization on an embedded SQLite
  cultivate serve     serve cultivate
  cultivate migrate   bring the database schema up to date
  cultivate user      add users, set passwords, make admins
  cultivate version   print the version

Run "cultivate <command> --help" for a command's flags. Every flag can also
be set in the environment, as CULTIVATE_<FLAG> (e.g. CULTIVATE_DATABASE).
`)
}

// flags makes a flag set whose errors name the command and flag, and whose
// defaults come from the environment.
func (c *command) flags(name, summary string) *flagSet {
	fs := flag.NewFlagSet("cultivate "+name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	f := &flagSet{FlagSet: fs, env: c.env}
	fs.Usage = func() {
		fmt.Fprintf(c.stderr, "Usage: cultivate %s [flags]\n\n%s\n\nFlags (each also read from the environment variable shown):\n", name, summary)
		fs.PrintDefaults()
	}
	return f
}

type flagSet struct {
	*flag.FlagSet
	env     Env
	envErrs []error
}

func envName(flagName string) string {
	return "CULTIVATE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func (f *flagSet) String(name, def, usage string) *string {
	if v := f.env(envName(name)); v != "" {
		def = v
	}
	return f.FlagSet.String(name, def, usage+" ("+envName(name)+")")
}

func (f *flagSet) Bool(name string, def bool, usage string) *bool {
	if v := f.env(envName(name)); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			f.envErrs = append(f.envErrs, fmt.Errorf("%s=%q: not true or false", envName(name), v))
		}
		def = b
	}
	return f.FlagSet.Bool(name, def, usage+" ("+envName(name)+")")
}

func (f *flagSet) Int64(name string, def int64, usage string) *int64 {
	if v := f.env(envName(name)); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			f.envErrs = append(f.envErrs, fmt.Errorf("%s=%q: not a whole number", envName(name), v))
		}
		def = n
	}
	return f.FlagSet.Int64(name, def, usage+" ("+envName(name)+")")
}

// parse parses args, refusing stray arguments and bad environment values.
func (f *flagSet) parse(args []string) error {
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if len(f.envErrs) > 0 {
		return errors.Join(f.envErrs...)
	}
	if f.NArg() > 0 {
		return fmt.Errorf("%s: unexpected argument %q (flags go before, as --name value)", f.Name(), f.Arg(0))
	}
	return nil
}

func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: use debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: use text or json", format)
}

// OSEnv is the real environment.
func OSEnv(k string) string { return os.Getenv(k) }
