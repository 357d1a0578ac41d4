package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// addUser inserts a user with the given email; the other columns are
// filler. It runs in ctx's transaction if there is one.
func addUser(ctx context.Context, db *store.DB, email string) error {
	_, err := db.ExecContext(ctx, `INSERT INTO users (email, name, password_hash, created_at, updated_at)
		VALUES ($1, 'Ada', 'x', 0, 0)`, email)
	return err
}

// countUsers counts the users with the given email, outside any transaction.
func countUsers(t *testing.T, db *store.DB, email string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM users WHERE email = $1`, email).Scan(&n); err != nil {
		t.Fatalf("count users: %v", err)
	}
	return n
}

var errBoom = errors.New("boom")

func TestWithTx(t *testing.T) {
	tests := []struct {
		name string
		// fn writes a@x, and maybe more, inside db.WithTx.
		fn        func(ctx context.Context, db *store.DB) error
		wantErr   error // nil for success
		wantPanic bool
		wantA     int // rows with a@x afterwards
		wantB     int // rows with b@x afterwards
	}{
		{
			name:  "commits when fn returns nil",
			fn:    func(ctx context.Context, db *store.DB) error { return addUser(ctx, db, "a@x") },
			wantA: 1,
		},
		{
			name: "rolls back when fn returns an error",
			fn: func(ctx context.Context, db *store.DB) error {
				if err := addUser(ctx, db, "a@x"); err != nil {
					return err
				}
				return errBoom
			},
			wantErr: errBoom,
		},
		{
			name: "rolls back and re-panics when fn panics",
			fn: func(ctx context.Context, db *store.DB) error {
				if err := addUser(ctx, db, "a@x"); err != nil {
					return err
				}
				panic("boom")
			},
			wantPanic: true,
		},
		{
			name: "nested WithTx joins the outer transaction and commits with it",
			fn: func(ctx context.Context, db *store.DB) error {
				if err := addUser(ctx, db, "a@x"); err != nil {
					return err
				}
				return db.WithTx(ctx, func(ctx context.Context) error { return addUser(ctx, db, "b@x") })
			},
			wantA: 1, wantB: 1,
		},
		{
			name: "outer rollback undoes work the inner WithTx finished",
			fn: func(ctx context.Context, db *store.DB) error {
				if err := db.WithTx(ctx, func(ctx context.Context) error { return addUser(ctx, db, "b@x") }); err != nil {
					return err
				}
				if err := addUser(ctx, db, "a@x"); err != nil {
					return err
				}
				return errBoom
			},
			wantErr: errBoom,
		},
		{
			name: "inner error returned by the outer rolls back both",
			fn: func(ctx context.Context, db *store.DB) error {
				if err := addUser(ctx, db, "a@x"); err != nil {
					return err
				}
				return db.WithTx(ctx, func(ctx context.Context) error {
					if err := addUser(ctx, db, "b@x"); err != nil {
						return err
					}
					return fmt.Errorf("inner: %w", errBoom)
				})
			},
			wantErr: errBoom,
		},
		{
			name: "inner panic rolls back the outer transaction",
			fn: func(ctx context.Context, db *store.DB) error {
				if err := addUser(ctx, db, "a@x"); err != nil {
					return err
				}
				return db.WithTx(ctx, func(ctx context.Context) error {
					if err := addUser(ctx, db, "b@x"); err != nil {
						return err
					}
					panic("boom")
				})
			},
			wantPanic: true,
		},
	}
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ctx := context.Background()
				t.Cleanup(func() {
					if _, err := db.ExecContext(ctx, `DELETE FROM users`); err != nil {
						t.Fatalf("clean up: %v", err)
					}
				})
				var err error
				panicked := func() (panicked bool) {
					defer func() { panicked = recover() != nil }()
					err = db.WithTx(ctx, func(ctx context.Context) error { return tt.fn(ctx, db) })
					return false
				}()
				if panicked != tt.wantPanic {
					t.Fatalf("panicked = %v, want %v", panicked, tt.wantPanic)
				}
				if tt.wantErr == nil && err != nil {
					t.Fatalf("WithTx: %v", err)
				}
				if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
					t.Fatalf("WithTx error = %v, want %v", err, tt.wantErr)
				}
				if got := countUsers(t, db, "a@x"); got != tt.wantA {
					t.Errorf("rows for a@x = %d, want %d", got, tt.wantA)
				}
				if got := countUsers(t, db, "b@x"); got != tt.wantB {
					t.Errorf("rows for b@x = %d, want %d", got, tt.wantB)
				}
				// The writer must be free again: a leaked transaction would
				// hold SQLite's only writer connection and hang this.
				if err := db.WithTx(ctx, func(ctx context.Context) error { return addUser(ctx, db, "c@x") }); err != nil {
					t.Fatalf("write after WithTx: %v", err)
				}
			})
		}
	})
}

func TestWithTxCarriesTheTransactionInTheContext(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if store.InTx(ctx) {
			t.Fatal("InTx is true outside WithTx")
		}
		err := db.WithTx(ctx, func(ctx context.Context) error {
			if !store.InTx(ctx) {
				t.Error("InTx is false inside WithTx")
			}
			if err := addUser(ctx, db, "a@x"); err != nil {
				return err
			}
			// A read on the same context sees the uncommitted write: it
			// runs in the transaction, not on a reader.
			var n int
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE email = 'a@x'`).Scan(&n); err != nil {
				return err
			}
			if n != 1 {
				t.Errorf("inside the transaction, rows for a@x = %d, want 1", n)
			}
			rows, err := db.QueryContext(ctx, `SELECT email FROM users`)
			if err != nil {
				return err
			}
			defer rows.Close()
			var emails []string
			for rows.Next() {
				var e string
				if err := rows.Scan(&e); err != nil {
					return err
				}
				emails = append(emails, e)
			}
			if err := rows.Err(); err != nil {
				return err
			}
			if len(emails) != 1 || emails[0] != "a@x" {
				t.Errorf("QueryContext inside the transaction = %q, want [a@x]", emails)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// On PostgreSQL a failed statement aborts the whole transaction, so fn must
// return a statement's error rather than swallow it and carry on; SQLite
// keeps the transaction usable. This protects the rule area code relies on:
// an error inside WithTx is returned, never worked around in place.
func TestWithTxAfterASwallowedStatementError(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.WithTx(ctx, func(ctx context.Context) error {
			if err := addUser(ctx, db, "a@x"); err != nil {
				return err
			}
			if err := addUser(ctx, db, "a@x"); !store.IsUniqueViolation(err) {
				return fmt.Errorf("second insert: got %v, want a unique violation", err)
			}
			return nil // swallowed
		})
		switch db.Dialect() {
		case store.Postgres:
			if err == nil {
				t.Fatal("WithTx committed a transaction PostgreSQL had aborted")
			}
			if got := countUsers(t, db, "a@x"); got != 0 {
				t.Errorf("rows for a@x = %d, want 0: the aborted transaction must not commit", got)
			}
		case store.SQLite:
			if err != nil {
				t.Fatalf("WithTx: %v", err)
			}
			if got := countUsers(t, db, "a@x"); got != 1 {
				t.Errorf("rows for a@x = %d, want 1", got)
			}
		}
	})
}

func TestIsUniqueViolation(t *testing.T) {
	tests := []struct {
		name string
		// do returns the error of some statement run inside WithTx on a
		// database holding the user a@x.
		do   func(ctx context.Context, db *store.DB) error
		want bool
	}{
		{
			name: "duplicate users.email",
			do:   func(ctx context.Context, db *store.DB) error { return addUser(ctx, db, "a@x") },
			want: true,
		},
		{
			name: "duplicate users.email, wrapped",
			do: func(ctx context.Context, db *store.DB) error {
				if err := addUser(ctx, db, "a@x"); err != nil {
					return fmt.Errorf("create user: %w", err)
				}
				return nil
			},
			want: true,
		},
		{
			name: "duplicate primary key",
			do: func(ctx context.Context, db *store.DB) error {
				_, err := db.ExecContext(ctx, `INSERT INTO rate_limits (key, window_start, hits) VALUES ('k', 0, 1), ('k', 0, 2)`)
				return err
			},
			want: true,
		},
		{
			name: "NOT NULL violation",
			do: func(ctx context.Context, db *store.DB) error {
				_, err := db.ExecContext(ctx, `INSERT INTO users (email, name, password_hash, created_at, updated_at) VALUES ('n@x', NULL, 'x', 0, 0)`)
				return err
			},
		},
		{
			name: "foreign key violation",
			do: func(ctx context.Context, db *store.DB) error {
				_, err := db.ExecContext(ctx, `INSERT INTO user_expertise (user_id, tag) VALUES (999999, 'go')`)
				return err
			},
		},
		{
			name: "CHECK violation",
			do: func(ctx context.Context, db *store.DB) error {
				_, err := db.ExecContext(ctx, `INSERT INTO communities (slug, name, domain, visibility, created_at, updated_at)
					VALUES ('s', 'S', 'd', 'secret', 0, 0)`)
				return err
			},
		},
		{
			name: "syntax error",
			do: func(ctx context.Context, db *store.DB) error {
				_, err := db.ExecContext(ctx, `INSERT INTO nowhere VALUES (1)`)
				return err
			},
		},
		{
			name: "no rows",
			do: func(ctx context.Context, db *store.DB) error {
				var id int64
				return db.QueryRowContext(ctx, `SELECT id FROM users WHERE email = 'nobody@x'`).Scan(&id)
			},
		},
	}
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.WithTx(ctx, func(ctx context.Context) error { return addUser(ctx, db, "a@x") }); err != nil {
			t.Fatal(err)
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var stmtErr error
				txErr := db.WithTx(ctx, func(ctx context.Context) error {
					stmtErr = tt.do(ctx, db)
					return stmtErr
				})
				if stmtErr == nil {
					t.Fatal("the statement succeeded; the case needs an error")
				}
				if !errors.Is(txErr, stmtErr) {
					t.Errorf("WithTx returned %v, want fn's error %v", txErr, stmtErr)
				}
				if got := store.IsUniqueViolation(stmtErr); got != tt.want {
					t.Errorf("IsUniqueViolation(%v) = %v, want %v", stmtErr, got, tt.want)
				}
			})
		}
	})
	t.Run("non-database errors", func(t *testing.T) {
		for _, err := range []error{nil, errBoom, sql.ErrNoRows, store.ErrNotFound, context.Canceled} {
			if store.IsUniqueViolation(err) {
				t.Errorf("IsUniqueViolation(%v) = true, want false", err)
			}
		}
	})
}

func TestNotFound(t *testing.T) {
	other := errors.New("connection reset")
	tests := []struct {
		name         string
		err          error
		wantNil      bool
		wantNotFound bool
		wantIs       error // also matched by errors.Is, if set
	}{
		{name: "nil stays nil", err: nil, wantNil: true},
		{name: "sql.ErrNoRows becomes ErrNotFound", err: sql.ErrNoRows, wantNotFound: true},
		{name: "wrapped sql.ErrNoRows becomes ErrNotFound", err: fmt.Errorf("scan: %w", sql.ErrNoRows), wantNotFound: true},
		{name: "other errors are wrapped, not ErrNotFound", err: other, wantIs: other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := store.NotFound(tt.err, "user 7")
			if tt.wantNil {
				if got != nil {
					t.Fatalf("NotFound(nil) = %v, want nil", got)
				}
				return
			}
			if got == nil {
				t.Fatal("NotFound returned nil for an error")
			}
			if errors.Is(got, store.ErrNotFound) != tt.wantNotFound {
				t.Errorf("errors.Is(%v, ErrNotFound) = %v, want %v", got, !tt.wantNotFound, tt.wantNotFound)
			}
			if tt.wantIs != nil && !errors.Is(got, tt.wantIs) {
				t.Errorf("NotFound(%v) = %v, which lost the cause", tt.err, got)
			}
			if !strings.HasPrefix(got.Error(), "user 7: ") {
				t.Errorf("NotFound message = %q, want it to start with what was looked for", got)
			}
		})
	}

	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		var id int64
		err := store.NotFound(db.QueryRowContext(context.Background(), `SELECT id FROM users WHERE email = $1`, "nobody@x").Scan(&id), "user nobody@x")
		if !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("lookup of a missing user = %v, want ErrNotFound", err)
		}
	})
}

// The convention is that writes go through WithTx. On SQLite the readers
// are opened read-only so that a write that forgot it fails at once instead
// of racing the writer connection.
func TestSQLiteWriteOutsideWithTxFails(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	const insert = `INSERT INTO users (email, name, password_hash, created_at, updated_at)
		VALUES ('a@x', 'Ada', 'x', 0, 0) RETURNING id`
	var id int64
	err := db.QueryRowContext(ctx, insert).Scan(&id)
	if err == nil {
		t.Fatal("INSERT … RETURNING outside WithTx succeeded on a reader")
	}
	if !strings.Contains(err.Error(), "readonly") {
		t.Errorf("error = %v, want SQLite's read-only database error", err)
	}
	if got := countUsers(t, db, "a@x"); got != 0 {
		t.Fatalf("rows for a@x = %d after the failed write, want 0", got)
	}
	err = db.WithTx(ctx, func(ctx context.Context) error { return db.QueryRowContext(ctx, insert).Scan(&id) })
	if err != nil {
		t.Fatalf("the same INSERT inside WithTx: %v", err)
	}
	if got := countUsers(t, db, "a@x"); got != 1 {
		t.Fatalf("rows for a@x = %d after WithTx, want 1", got)
	}
}
