package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBadMailFlagsAreNamed: every email setting that cannot work stops
// serve at once, naming the flag (or variable) at fault.
func TestBadMailFlagsAreNamed(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"smtp address without a port", nil, []string{"--smtp-addr", "smtp.example.org"}, `--smtp-addr "smtp.example.org": use host:port`},
		{"unknown TLS mode", nil, []string{"--smtp-addr", "smtp.example.org:587", "--smtp-tls", "ssl"}, `--smtp-tls: use starttls, implicit or none, not "ssl"`},
		{"unknown TLS mode from env", map[string]string{"CULTIVATE_SMTP_TLS": "maybe"}, nil, `--smtp-tls: use starttls, implicit or none, not "maybe"`},
		{"sender that is no address", nil, []string{"--mail-from", "Cultivate"}, `--mail-from "Cultivate": not an email address`},
		{"password on the command line", nil, []string{"--smtp-addr", "smtp.example.org:587", "--smtp-username", "cop", "--smtp-password", "hunter22"},
			"--smtp-password: set CULTIVATE_SMTP_PASSWORD in the environment instead"},
		{"password without a user", map[string]string{"CULTIVATE_SMTP_PASSWORD": "hunter22"}, []string{"--smtp-addr", "smtp.example.org:587"},
			"CULTIVATE_SMTP_PASSWORD is set but --smtp-username is not"},
		{"user without a server", nil, []string{"--smtp-username", "cop"}, "need --smtp-addr"},
		{"base URL that is not http", nil, []string{"--base-url", "ftp://cop.example.org"}, `--base-url "ftp://cop.example.org"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"serve", "--database", db, "--addr", "127.0.0.1:0"}, c.args...)
			r := runCLI(t, c.env, "", args...)
			if r.code != 1 {
				t.Errorf("exit %d, want 1; stderr: %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, c.want) {
				t.Errorf("stderr lacks %q:\n%s", c.want, r.stderr)
			}
		})
	}
}
