package store_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// migrationFiles reads migrations/ the way a reviewer would: the newest
// version and how many files there are.
func migrationFiles(t *testing.T) (latest, count int) {
	t.Helper()
	entries, err := os.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			t.Fatalf("migration %s: %v", e.Name(), err)
		}
		latest = max(latest, v)
		count++
	}
	if count == 0 {
		t.Fatal("no migrations found")
	}
	return latest, count
}

// checkMigrated asserts that db is at the newest version with each
// migration recorded exactly once.
func checkMigrated(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	latest, count := migrationFiles(t)
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		t.Fatalf("SchemaVersion: %v", err)
	}
	if v != latest {
		t.Errorf("SchemaVersion = %d, want %d", v, latest)
	}
	pending, err := db.PendingMigrations(ctx)
	if err != nil {
		t.Fatalf("PendingMigrations: %v", err)
	}
	if pending != 0 {
		t.Errorf("PendingMigrations = %d, want 0", pending)
	}
	var rows, distinct int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations`).Scan(&rows, &distinct); err != nil {
		t.Fatalf("count schema_migrations: %v", err)
	}
	if rows != count || distinct != count {
		t.Errorf("schema_migrations has %d rows (%d versions), want one per migration file: %d", rows, distinct, count)
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		// storetest migrated db already; these runs must find nothing to do.
		checkMigrated(t, db)
		for i := range 2 {
			if err := db.Migrate(context.Background()); err != nil {
				t.Fatalf("Migrate again (%d): %v", i+1, err)
			}
		}
		checkMigrated(t, db)
	})
}

func TestMigrateAnEmptyDatabase(t *testing.T) {
	for _, engine := range []string{storetest.SQLite, storetest.Postgres} {
		t.Run(engine, func(t *testing.T) {
			db := storetest.OpenURL(t, storetest.EmptyURL(t, engine))
			ctx := context.Background()
			if err := db.Migrate(ctx); err != nil {
				t.Fatalf("Migrate: %v", err)
			}
			checkMigrated(t, db)
			// The schema is really there, with working auto-increment IDs
			// (the ID placeholder of the migration files) on both engines.
			var ids [2]int64
			err := db.WithTx(ctx, func(ctx context.Context) error {
				for i, email := range []string{"a@x", "b@x"} {
					err := db.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, created_at, updated_at)
						VALUES ($1, 'Ada', 'x', 0, 0) RETURNING id`, email).Scan(&ids[i])
					if err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatalf("insert users: %v", err)
			}
			if ids[0] <= 0 || ids[1] <= ids[0] {
				t.Errorf("generated ids = %v, want positive and increasing", ids)
			}
		})
	}
}

// Replicas that start at once all migrate; each migration must still run
// exactly once and none of them may fail.
func TestConcurrentMigrationsFromSeveralHandles(t *testing.T) {
	const handles = 4
	for _, engine := range []string{storetest.SQLite, storetest.Postgres} {
		t.Run(engine, func(t *testing.T) {
			dsn := storetest.EmptyURL(t, engine)
			dbs := make([]*store.DB, handles)
			for i := range dbs {
				dbs[i] = storetest.OpenURL(t, dsn)
			}
			errs := make([]error, handles)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i, db := range dbs {
				wg.Go(func() {
					<-start
					errs[i] = db.Migrate(context.Background())
				})
			}
			close(start)
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("handle %d: Migrate: %v", i, err)
				}
			}
			for _, db := range dbs {
				checkMigrated(t, db)
			}
		})
	}
}
