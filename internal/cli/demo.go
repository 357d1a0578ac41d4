package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"cultivate/internal/app"
	"cultivate/internal/clock"
	"cultivate/internal/demo"
	"cultivate/internal/web"
)

func (c *command) demo(ctx context.Context, args []string) error {
	f := c.flags("demo", "Builds (or reuses) a demo organization on an embedded SQLite and serves it.")
	sf := c.serveFlags(f, "127.0.0.1:8080")
	dir := f.String("dir", "", "directory for the demo database (default: a new temporary directory)")
	seed := f.Int64("seed", 1, "seed of the demo generator: the same seed gives the same organization")
	fresh := f.Bool("fresh", false, "rebuild the demo even if the directory already has one")
	if err := f.parse(args); err != nil {
		return err
	}
	log, err := newLogger(c.stderr, *sf.logFormat, *sf.logLevel)
	if err != nil {
		return err
	}
	start := time.Now()
	if *dir == "" {
		if *dir, err = os.MkdirTemp("", "cultivate-demo-"); err != nil {
			return fmt.Errorf("--dir: %w", err)
		}
	} else if err := os.MkdirAll(*dir, 0o750); err != nil {
		return fmt.Errorf("--dir %s: %w", *dir, err)
	}
	dbPath := filepath.Join(*dir, "demo.db")
	loginsPath := filepath.Join(*dir, "demo-logins.json")
	if *fresh {
		for _, p := range []string{dbPath, dbPath + "-wal", dbPath + "-shm", loginsPath} {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("--fresh: %w", err)
			}
		}
	}
	db, err := openMigrated(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	mo, err := c.mailOptions(sf) // email (issue 4): without --smtp-addr, mail stays in the outbox
	if err != nil {
		return err
	}
	a, err := app.New(db, clock.System{}, app.Options{Mail: mo, Webhooks: webhookOptions(sf)})
	if err != nil {
		return err
	}
	var logins []demo.Login
	n, err := a.Accounts.Count(ctx)
	if err != nil {
		return err
	}
	reused := n > 0
	if reused {
		b, err := os.ReadFile(loginsPath)
		if err != nil {
			return fmt.Errorf("--dir %s holds a database but no %s: use --fresh to rebuild it", *dir, filepath.Base(loginsPath))
		}
		if err := json.Unmarshal(b, &logins); err != nil {
			return fmt.Errorf("%s: %w", loginsPath, err)
		}
	} else {
		fmt.Fprintf(c.stderr, "Building the demo organization in %s …\n", *dir)
		sum, err := demo.Generate(ctx, db, demo.Options{Seed: *seed, Now: time.Now().UTC(), BaseURL: mo.BaseURL})
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		logins = sum.Logins
		b, _ := json.MarshalIndent(logins, "", "  ")
		if err := os.WriteFile(loginsPath, b, 0o600); err != nil {
			return err
		}
		fmt.Fprintf(c.stderr, "Built %d communities, %d people, %d memberships, %d activity entries.\n",
			sum.Communities, sum.Users, sum.Memberships, sum.ActivityEntries)
	}
	shown := make([]web.DemoLogin, 0, len(logins))
	for _, l := range logins {
		shown = append(shown, web.DemoLogin{Role: l.Role, Email: l.Email, Password: demo.DemoPassword, Note: l.Note})
	}
	return c.listen(ctx, log, a, sf, shown, func(addr string) {
		url := "http://" + addr
		if *sf.baseURL != "" {
			url = *sf.baseURL
		}
		fmt.Fprintf(c.stdout, "\ncultivate demo is ready in %.1fs%s: %s\n\n", time.Since(start).Seconds(), map[bool]string{true: " (reused)", false: ""}[reused], url)
		tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "WHO\tEMAIL\tWHAT TO LOOK AT")
		for _, l := range logins {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", l.Role, l.Email, l.Note)
		}
		tw.Flush()
		fmt.Fprintf(c.stdout, "\nEvery demo account's password: %s\nDatabase: %s (run again with --dir %s to reuse it)\nStop with Ctrl-C.\n", demo.DemoPassword, dbPath, *dir)
	})
}
