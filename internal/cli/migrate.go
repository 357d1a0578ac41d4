package cli

import (
	"context"
	"fmt"

	"cultivate/internal/store"
)

func (c *command) migrate(ctx context.Context, args []string) error {
	f := c.flags("migrate", "Brings the database schema up to date. Safe to run from several replicas at once.")
	database := f.String("database", "cultivate.db", "SQLite file path, or a postgres:// URL")
	status := f.Bool("status", false, "only report the schema version and pending migrations")
	if err := f.parse(args); err != nil {
		return err
	}
	db, err := store.Open(ctx, *database)
	if err != nil {
		return fmt.Errorf("--database: %w", err)
	}
	defer db.Close()
	if !*status {
		if err := db.Migrate(ctx); err != nil {
			return err
		}
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	pending, err := db.PendingMigrations(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "%s schema at version %d, %d pending\n", db.Dialect(), v, pending)
	return nil
}
