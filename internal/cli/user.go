package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"cultivate/internal/account"
	"cultivate/internal/app"
	"cultivate/internal/clock"
	"cultivate/internal/errs"
)

func (c *command) user(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(c.stderr, `Usage:
  cultivate user add --email E --name N [--admin] [--support]   (password read from standard input)
  cultivate user set-password --email E                        (password read from standard input)
  cultivate user make-admin --email E
`)
		return errUsage
	}
	switch args[0] {
	case "add":
		return c.userAdd(ctx, args[1:])
	case "set-password":
		return c.userSetPassword(ctx, args[1:])
	case "make-admin":
		return c.userMakeAdmin(ctx, args[1:])
	}
	return fmt.Errorf("user: unknown action %q: use add, set-password or make-admin", args[0])
}

func (c *command) openApp(ctx context.Context, database string) (*app.App, func(), error) {
	db, err := openMigrated(ctx, database)
	if err != nil {
		return nil, nil, err
	}
	a, err := app.New(db, clock.System{}, app.Options{})
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return a, func() { db.Close() }, nil
}

// readPassword takes the first line of standard input, so a password never
// appears in the process list or the shell history.
func (c *command) readPassword() (string, error) {
	fmt.Fprint(c.stderr, "Password (read from standard input): ")
	line, err := bufio.NewReader(c.stdin).ReadString('\n')
	fmt.Fprintln(c.stderr)
	if err != nil && line == "" {
		return "", errors.New("no password on standard input: pipe one in, e.g. `printf '%s\\n' \"$PW\" | cultivate user add …`")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// explain turns a field error into a message that names the flag.
func explain(err error) error {
	for field, msg := range errs.ByField(err) {
		if field == "password" {
			return fmt.Errorf("the password on standard input: %s", msg)
		}
		return fmt.Errorf("--%s: %s", strings.ReplaceAll(field, "_", "-"), msg)
	}
	if e, ok := errs.As(err); ok && e.Kind != errs.Internal {
		return errors.New(e.Message)
	}
	return err
}

func (c *command) userAdd(ctx context.Context, args []string) error {
	f := c.flags("user add", "Adds a user; the password is read from standard input.")
	database := f.String("database", "cultivate.db", "SQLite file path, or a postgres:// URL")
	email := f.FlagSet.String("email", "", "the user's email (required)")
	name := f.FlagSet.String("name", "", "the user's name (required)")
	admin := f.FlagSet.Bool("admin", false, "make the user a site administrator")
	support := f.FlagSet.Bool("support", false, "put the user in the support team")
	if err := f.parse(args); err != nil {
		return err
	}
	if *email == "" || *name == "" {
		return errors.New("user add: --email and --name are required")
	}
	a, done, err := c.openApp(ctx, *database)
	if err != nil {
		return err
	}
	defer done()
	pw, err := c.readPassword()
	if err != nil {
		return err
	}
	u, err := a.Accounts.Create(ctx, account.SignUp{Email: *email, Name: *name, Password: pw})
	if err != nil {
		return explain(err)
	}
	if *admin || *support {
		if err := a.Accounts.SetRoles(ctx, u.ID, *admin, *support); err != nil {
			return err
		}
	}
	fmt.Fprintf(c.stdout, "added %s <%s> (id %d)%s\n", u.Name, u.Email, u.ID, roles(*admin, *support))
	return nil
}

func roles(admin, support bool) string {
	switch {
	case admin && support:
		return " as admin and support team"
	case admin:
		return " as admin"
	case support:
		return " in the support team"
	}
	return ""
}

func (c *command) userSetPassword(ctx context.Context, args []string) error {
	f := c.flags("user set-password", "Sets a user's password (read from standard input) and ends their sessions.")
	database := f.String("database", "cultivate.db", "SQLite file path, or a postgres:// URL")
	email := f.FlagSet.String("email", "", "the user's email (required)")
	if err := f.parse(args); err != nil {
		return err
	}
	a, done, err := c.openApp(ctx, *database)
	if err != nil {
		return err
	}
	defer done()
	u, err := a.Accounts.ByEmail(ctx, *email)
	if err != nil {
		return fmt.Errorf("--email %q: no such user", *email)
	}
	pw, err := c.readPassword()
	if err != nil {
		return err
	}
	if err := a.Accounts.SetPassword(ctx, u.ID, pw); err != nil {
		return explain(err)
	}
	fmt.Fprintf(c.stdout, "password set for %s; their sessions were ended\n", u.Email)
	return nil
}

func (c *command) userMakeAdmin(ctx context.Context, args []string) error {
	f := c.flags("user make-admin", "Makes an existing user a site administrator.")
	database := f.String("database", "cultivate.db", "SQLite file path, or a postgres:// URL")
	email := f.FlagSet.String("email", "", "the user's email (required)")
	if err := f.parse(args); err != nil {
		return err
	}
	a, done, err := c.openApp(ctx, *database)
	if err != nil {
		return err
	}
	defer done()
	u, err := a.Accounts.ByEmail(ctx, *email)
	if err != nil {
		return fmt.Errorf("--email %q: no such user", *email)
	}
	if err := a.Accounts.SetRoles(ctx, u.ID, true, u.IsSupport); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "%s is now an admin\n", u.Email)
	return nil
}
