package storetest_test

import (
	"context"
	"os"
	"testing"

	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// Each test gets its own database: what one writes, another never sees.
func TestDatabasesAreMigratedAndIsolated(t *testing.T) {
	for _, engine := range []string{storetest.SQLite, storetest.Postgres} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			a, b := storetest.Open(t, engine), storetest.Open(t, engine)
			err := a.WithTx(ctx, func(ctx context.Context) error {
				_, err := a.ExecContext(ctx, `INSERT INTO users (email, name, password_hash, created_at, updated_at)
					VALUES ('a@x', 'Ada', 'x', 0, 0)`)
				return err
			})
			if err != nil {
				t.Fatalf("insert into a migrated database: %v", err)
			}
			for _, c := range []struct {
				name string
				db   *store.DB
				want int
			}{{"a", a, 1}, {"b", b, 0}} {
				var n int
				if err := c.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n != c.want {
					t.Errorf("database %s has %d users, want %d", c.name, n, c.want)
				}
			}
		})
	}
}

func TestOpenURLSharesTheDatabase(t *testing.T) {
	for _, engine := range []string{storetest.SQLite, storetest.Postgres} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.URL(t, engine)
			a, b := storetest.OpenURL(t, dsn), storetest.OpenURL(t, dsn)
			err := a.WithTx(ctx, func(ctx context.Context) error {
				_, err := a.ExecContext(ctx, `INSERT INTO rate_limits (key, window_start, hits) VALUES ('k', 0, 1)`)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			var hits int
			if err := b.QueryRowContext(ctx, `SELECT hits FROM rate_limits WHERE key = 'k'`).Scan(&hits); err != nil {
				t.Fatalf("the second handle does not see the first one's write: %v", err)
			}
		})
	}
}

func TestEmptyURLHasNoSchema(t *testing.T) {
	for _, engine := range []string{storetest.SQLite, storetest.Postgres} {
		t.Run(engine, func(t *testing.T) {
			db := storetest.OpenURL(t, storetest.EmptyURL(t, engine))
			var n int
			err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM users`).Scan(&n)
			if err == nil {
				t.Fatal("an empty database has a users table")
			}
		})
	}
}

// BenchmarkNewDatabase measures what a test pays for its database.
func BenchmarkNewDatabase(b *testing.B) {
	for _, engine := range []string{storetest.SQLite, storetest.Postgres} {
		b.Run(engine, func(b *testing.B) {
			for b.Loop() {
				storetest.URL(b, engine)
			}
		})
	}
}
