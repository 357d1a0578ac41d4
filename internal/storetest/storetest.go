// Package storetest gives tests a real, migrated database on both engines:
// a SQLite file in the test's temporary directory, and a fresh database on a
// PostgreSQL server.
//
// The PostgreSQL server is the one CULTIVATE_TEST_POSTGRES_URL names (an
// administrator's postgres:// URL; scripts/test.sh starts one for the whole
// run), or else a throwaway cluster this package starts from the machine's
// initdb the first time a test asks for PostgreSQL. A package that uses
// PostgreSQL stops that cluster by calling Main from its TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }
//
// When no PostgreSQL can be had, PostgreSQL tests are skipped, unless
// CULTIVATE_REQUIRE_POSTGRES=1, which turns the skip into a failure.
package storetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"cultivate/internal/store"
)

// The engine names Open, URL and EmptyURL accept; they are also the names of
// the subtests Engines runs.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Engines runs fn as the subtests "sqlite" and "postgres", each with a fresh,
// migrated database that is closed when the subtest ends.
func Engines(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, engine := range []string{SQLite, Postgres} {
		t.Run(engine, func(t *testing.T) {
			fn(t, Open(t, engine))
		})
	}
}

// Open returns a handle on a fresh, migrated database of engine, closed at
// the end of the test.
func Open(t testing.TB, engine string) *store.DB {
	t.Helper()
	return OpenURL(t, URL(t, engine))
}

// OpenURL opens one more handle on the database at dsn (as returned by URL,
// EmptyURL or PostgresURL), closed at the end of the test. It does not
// migrate. Two handles on one database stand for two server replicas.
func OpenURL(t testing.TB, dsn string) *store.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("storetest: open %s: %v", dsn, err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("storetest: close %s: %v", dsn, err)
		}
	})
	return db
}

// URL returns the address of a fresh, migrated database of engine, removed
// at the end of the test: a file path for SQLite, a postgres:// URL for
// PostgreSQL.
func URL(t testing.TB, engine string) string {
	t.Helper()
	switch engine {
	case SQLite:
		// Migrating costs seconds under -race (FTS tables, triggers); copy
		// a template migrated once per test binary instead.
		tmpl, err := sqliteTemplate()
		if err != nil {
			t.Fatalf("storetest: %v", err)
		}
		dsn := EmptyURL(t, SQLite)
		if err := os.WriteFile(dsn, tmpl, 0o600); err != nil {
			t.Fatalf("storetest: copy the SQLite template: %v", err)
		}
		return dsn
	case Postgres:
		return postgresDatabase(t, true)
	}
	t.Fatalf("storetest: unknown engine %q (want %q or %q)", engine, SQLite, Postgres)
	return ""
}

// EmptyURL returns the address of a fresh database of engine with no schema
// at all, removed at the end of the test.
func EmptyURL(t testing.TB, engine string) string {
	t.Helper()
	switch engine {
	case SQLite:
		return filepath.Join(t.TempDir(), "cultivate.db")
	case Postgres:
		return postgresDatabase(t, false)
	}
	t.Fatalf("storetest: unknown engine %q (want %q or %q)", engine, SQLite, Postgres)
	return ""
}

// PostgresURL returns the postgres:// URL of a fresh, empty PostgreSQL
// database, dropped at the end of the test. It is EmptyURL(t, Postgres).
func PostgresURL(t testing.TB) string {
	t.Helper()
	return postgresDatabase(t, false)
}

var sqliteOnce struct {
	sync.Once
	file []byte
	err  error
}

// sqliteTemplate returns the bytes of a freshly migrated SQLite database,
// made once per test binary (checkpointed, so the file alone holds it).
func sqliteTemplate() ([]byte, error) {
	sqliteOnce.Do(func() {
		dir, err := os.MkdirTemp("", "cultivate-sqlite-template-")
		if err != nil {
			sqliteOnce.err = err
			return
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "template.db")
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		db, err := store.Open(ctx, path)
		if err != nil {
			sqliteOnce.err = err
			return
		}
		if err := db.Migrate(ctx); err != nil {
			db.Close()
			sqliteOnce.err = fmt.Errorf("migrate the SQLite template: %w", err)
			return
		}
		if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			db.Close()
			sqliteOnce.err = err
			return
		}
		if err := db.Close(); err != nil {
			sqliteOnce.err = err
			return
		}
		sqliteOnce.file, sqliteOnce.err = os.ReadFile(path)
	})
	return sqliteOnce.file, sqliteOnce.err
}

// Main runs the tests, then stops the PostgreSQL cluster this package
// started (if any) and removes its files. Call it from TestMain.
func Main(m *testing.M) int {
	code := m.Run()
	if err := shutdown(); err != nil {
		os.Stderr.WriteString("storetest: " + err.Error() + "\n")
		if code == 0 {
			code = 1
		}
	}
	return code
}
