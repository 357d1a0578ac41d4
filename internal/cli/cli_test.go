package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"cultivate/internal/cli"
	"cultivate/internal/demo"
	"cultivate/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

type run struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, env map[string]string, stdin string, args ...string) run {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(context.Background(), args, strings.NewReader(stdin), &out, &errb, func(k string) string { return env[k] })
	return run{code: code, stdout: out.String(), stderr: errb.String()}
}

func TestBadFlagsAreNamed(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	cases := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"unknown command", nil, []string{"serv"}, 2, `unknown command "serv"`},
		{"unknown flag", nil, []string{"serve", "--bogus"}, 2, "flag provided but not defined: -bogus"},
		{"stray argument", nil, []string{"migrate", "--database", db, "extra"}, 1, `unexpected argument "extra"`},
		{"bad log level", nil, []string{"serve", "--database", db, "--log-level", "loud"}, 1, `--log-level "loud"`},
		{"bad log format from env", map[string]string{"CULTIVATE_LOG_FORMAT": "xml"}, []string{"serve", "--database", db}, 1, `--log-format "xml"`},
		{"bad boolean in env", map[string]string{"CULTIVATE_TRUST_PROXY": "perhaps"}, []string{"serve", "--database", db}, 1, `CULTIVATE_TRUST_PROXY="perhaps"`},
		{"bad number in env", map[string]string{"CULTIVATE_MAX_BODY_BYTES": "lots"}, []string{"serve", "--database", db}, 1, `CULTIVATE_MAX_BODY_BYTES="lots"`},
		{"unreachable postgres", nil, []string{"migrate", "--database", "postgres://nobody@127.0.0.1:1/none?connect_timeout=2"}, 1, "--database"},
		{"address in use or invalid", nil, []string{"serve", "--database", db, "--addr", "256.0.0.1:80"}, 1, "--addr 256.0.0.1:80"},
		{"user add without email", nil, []string{"user", "add", "--database", db, "--name", "Ada"}, 1, "--email and --name are required"},
		{"user unknown action", nil, []string{"user", "delete"}, 1, `unknown action "delete"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, c.env, "", c.args...)
			if r.code != c.code {
				t.Errorf("exit %d, want %d; stderr: %s", r.code, c.code, r.stderr)
			}
			if !strings.Contains(r.stderr, c.want) {
				t.Errorf("stderr lacks %q:\n%s", c.want, r.stderr)
			}
		})
	}
}

func TestHelpAndVersion(t *testing.T) {
	if r := runCLI(t, nil, "", "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "cultivate ") {
		t.Fatalf("version: %+v", r)
	}
	for _, cmd := range []string{"serve", "demo", "migrate"} {
		r := runCLI(t, nil, "", cmd, "--help")
		if r.code != 0 || !strings.Contains(r.stderr, "CULTIVATE_DATABASE") && cmd != "demo" {
			t.Errorf("%s --help: exit %d, stderr:\n%s", cmd, r.code, r.stderr)
		}
	}
	if r := runCLI(t, nil, ""); r.code != 2 || !strings.Contains(r.stderr, "cultivate demo") {
		t.Fatalf("no arguments: %+v", r)
	}
}

func TestUserCommandsOnBothEngines(t *testing.T) {
	for _, engine := range []string{storetest.SQLite, storetest.Postgres} {
		t.Run(engine, func(t *testing.T) {
			dsn := storetest.EmptyURL(t, engine)
			if r := runCLI(t, nil, "", "migrate", "--database", dsn, "--status"); r.code != 0 || !strings.Contains(r.stdout, "version 0, ") {
				t.Fatalf("migrate --status on an empty database: %+v", r)
			}
			if r := runCLI(t, map[string]string{"CULTIVATE_DATABASE": dsn}, "", "migrate"); r.code != 0 || !strings.Contains(r.stdout, "0 pending") {
				t.Fatalf("migrate: %+v", r)
			}
			r := runCLI(t, nil, "short\n", "user", "add", "--database", dsn, "--email", "ada@example.org", "--name", "Ada")
			if r.code != 1 || !strings.Contains(r.stderr, "the password on standard input") {
				t.Fatalf("weak password accepted: %+v", r)
			}
			r = runCLI(t, nil, "a long enough passphrase\n", "user", "add", "--database", dsn, "--email", "ada@example.org", "--name", "Ada", "--admin")
			if r.code != 0 || !strings.Contains(r.stdout, "as admin") {
				t.Fatalf("user add: %+v", r)
			}
			r = runCLI(t, nil, "a long enough passphrase\n", "user", "add", "--database", dsn, "--email", "ADA@example.org", "--name", "Ada again")
			if r.code != 1 || !strings.Contains(r.stderr, "--email: An account with this email already exists") {
				t.Fatalf("duplicate user add: %+v", r)
			}
			r = runCLI(t, nil, "another good passphrase\n", "user", "set-password", "--database", dsn, "--email", "ada@example.org")
			if r.code != 0 {
				t.Fatalf("set-password: %+v", r)
			}
			r = runCLI(t, nil, "", "user", "make-admin", "--database", dsn, "--email", "nobody@example.org")
			if r.code != 1 || !strings.Contains(r.stderr, `--email "nobody@example.org": no such user`) {
				t.Fatalf("make-admin of nobody: %+v", r)
			}
		})
	}
}

// TestDemoServesAndItsLoginsWork runs `cultivate demo` as a person would:
// it prints a URL and logins; the URL serves, and a printed login works.
// A second run on the same directory reuses the database.
func TestDemoServesAndItsLoginsWork(t *testing.T) {
	if underRace {
		// Generating the whole demo organization under the race detector
		// takes minutes; scripts/test.sh runs this test again without it.
		t.Skip("the demo is generated without -race: scripts/test.sh runs this test in its second step")
	}
	dir := t.TempDir()
	for _, pass := range []string{"first", "reused"} {
		t.Run(pass, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			pr, pw := io.Pipe()
			done := make(chan int, 1)
			var stderr bytes.Buffer
			go func() {
				done <- cli.Run(ctx, []string{"demo", "--dir", dir, "--addr", "127.0.0.1:0", "--log-level", "warn"}, strings.NewReader(""), pw, &stderr, func(string) string { return "" })
				pw.Close()
			}()
			var printed strings.Builder
			base := ""
			sc := bufio.NewScanner(pr)
			for sc.Scan() {
				printed.WriteString(sc.Text() + "\n")
				if strings.HasPrefix(sc.Text(), "Stop with Ctrl-C") {
					break
				}
			}
			go func() { _, _ = io.Copy(io.Discard, pr) }()
			m := regexp.MustCompile(`ready in [0-9.]+s(?: \(reused\))?: (http://\S+)`).FindStringSubmatch(printed.String())
			if m == nil {
				cancel()
				t.Fatalf("no URL printed:\n%s\nstderr:\n%s", printed.String(), stderr.String())
			}
			base = m[1]
			if pass == "reused" && !strings.Contains(printed.String(), "(reused)") {
				t.Errorf("second run did not reuse the demo:\n%s", printed.String())
			}
			email := regexp.MustCompile(`(?m)^Leader\s+(\S+@\S+)`).FindStringSubmatch(printed.String())
			if email == nil || !strings.Contains(printed.String(), demo.DemoPassword) {
				cancel()
				t.Fatalf("no leader login or password printed:\n%s", printed.String())
			}
			jar, _ := cookiejar.New(nil)
			c := &http.Client{Jar: jar, Timeout: 20 * time.Second}
			res, err := c.PostForm(base+"/login", url.Values{"email": {email[1]}, "password": {demo.DemoPassword}})
			if err != nil {
				cancel()
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || !strings.Contains(string(body), "Your communities") || !strings.Contains(string(body), "Leader") {
				t.Errorf("logging in as %s: status %d\n%.2000s", email[1], res.StatusCode, body)
			}
			cancel()
			select {
			case code := <-done:
				if code != 0 {
					t.Errorf("demo exited %d after shutdown; stderr:\n%s", code, stderr.String())
				}
			case <-time.After(30 * time.Second):
				t.Fatal("demo did not stop within 30 s of cancellation")
			}
		})
	}
}
