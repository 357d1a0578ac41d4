// Package store opens the database, runs migrations and transactions, and
// holds the few places where SQLite and PostgreSQL differ.
//
// Conventions every area follows:
//   - SQL is hand-written with $1-style placeholders, which both engines accept.
//   - Times are BIGINT milliseconds since the Unix epoch (UTC). The same
//     comparisons and day buckets (ms / 86400000) then run unchanged on both
//     engines, and indexes stay compact on tables meant for 10^8 rows.
//   - Writes happen inside WithTx; the transaction travels in the context,
//     so a nested WithTx and every Exec/Query on the same context join it.
//   - Outside a transaction, reads go to a reader pool. On SQLite the readers
//     are opened read-only, so a write that forgot WithTx fails loudly.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNotFound is returned by lookups that find no row.
var ErrNotFound = errors.New("not found")

// Dialect names the SQL engine behind a DB.
type Dialect int

// The supported engines.
const (
	SQLite Dialect = iota + 1
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// DB is the database handle every area receives.
type DB struct {
	dialect Dialect
	write   *sql.DB
	read    *sql.DB
	dsn     string
}

// Open connects to dsn: a postgres:// or postgresql:// URL selects
// PostgreSQL, anything else is a SQLite file path (an optional "sqlite:"
// prefix is stripped). It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if dsn == "" {
		return nil, errors.New("store: empty database address")
	}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, strings.TrimPrefix(dsn, "sqlite:"))
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.PingContext(pctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: connect to postgres: %w", err)
	}
	return &DB{dialect: Postgres, write: pool, read: pool, dsn: dsn}, nil
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create directory for %s: %w", path, err)
		}
	}
	// busy_timeout comes before journal_mode so that switching to WAL waits
	// for other openers instead of failing with SQLITE_BUSY.
	pragmas := url.Values{}
	pragmas.Add("_pragma", "busy_timeout(10000)")
	pragmas.Add("_pragma", "journal_mode(WAL)")
	pragmas.Add("_pragma", "foreign_keys(ON)")
	pragmas.Add("_pragma", "synchronous(NORMAL)")
	pragmas.Add("_time_format", "sqlite")

	w := url.Values{}
	for k, v := range pragmas {
		w[k] = v
	}
	w.Set("_txlock", "immediate")
	write, err := sql.Open("sqlite", "file:"+path+"?"+w.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	// One writer: SQLite serializes writes anyway, and one connection turns
	// lock contention into a queue in Go instead of SQLITE_BUSY errors.
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}

	r := url.Values{}
	for k, v := range pragmas {
		r[k] = v
	}
	r.Set("mode", "ro")
	read, err := sql.Open("sqlite", "file:"+path+"?"+r.Encode())
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open sqlite readers %s: %w", path, err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	return &DB{dialect: SQLite, write: write, read: read, dsn: path}, nil
}

// Dialect reports the engine.
func (db *DB) Dialect() Dialect { return db.dialect }

// Close closes every pool.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return db.write.PingContext(ctx)
}

type txKey struct{}

// WithTx runs fn in a transaction carried by the context fn receives. If ctx
// already carries one, fn joins it and the outer WithTx decides the commit.
// An error or panic from fn rolls the transaction back.
func (db *DB) WithTx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if _, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return fn(ctx)
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(context.WithValue(ctx, txKey{}, tx)); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// InTx reports whether ctx carries a transaction.
func InTx(ctx context.Context) bool {
	_, ok := ctx.Value(txKey{}).(*sql.Tx)
	return ok
}

// ExecContext runs a statement in ctx's transaction, or on the writer.
func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return tx.ExecContext(ctx, query, args...)
	}
	return db.write.ExecContext(ctx, query, args...)
}

// QueryContext runs a query in ctx's transaction, or on a reader.
func (db *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return tx.QueryContext(ctx, query, args...)
	}
	return db.read.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a one-row query in ctx's transaction, or on a reader.
// INSERT … RETURNING must run inside WithTx.
func (db *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return tx.QueryRowContext(ctx, query, args...)
	}
	return db.read.QueryRowContext(ctx, query, args...)
}

// Stats returns the writer pool's statistics, for metrics.
func (db *DB) Stats() sql.DBStats { return db.write.Stats() }

// IsUniqueViolation reports whether err is a unique or primary-key
// constraint failure, on either engine.
func IsUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		c := sqErr.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// IsUniqueViolationOf reports whether err is a unique violation of the
// index named index (PostgreSQL) on table.column (SQLite names columns).
func IsUniqueViolationOf(err error, table, column, index string) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505" && pgErr.ConstraintName == index
	}
	return IsUniqueViolation(err) && strings.Contains(err.Error(), table+"."+column)
}

// NotFound maps sql.ErrNoRows to ErrNotFound and wraps other errors with what.
func NotFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// Millis converts t to the stored representation.
func Millis(t time.Time) int64 { return t.UnixMilli() }

// Time converts a stored value back to a UTC time.
func Time(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// NullTime converts a nullable stored value; the zero time stands for NULL.
func NullTime(ms sql.NullInt64) time.Time {
	if !ms.Valid {
		return time.Time{}
	}
	return Time(ms.Int64)
}

// NullMillis converts t for storage; the zero time becomes NULL.
func NullMillis(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

// ForUpdate is the clause that locks the rows a SELECT reads until the
// transaction ends: " FOR UPDATE" on PostgreSQL, "" on SQLite, whose write
// transactions are already serialized (immediate, one writer).
func (db *DB) ForUpdate() string {
	if db.dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// LockKey takes a lock named key until ctx's transaction ends, so that
// concurrent transactions doing the same check-then-write take turns:
// a PostgreSQL advisory lock; nothing on SQLite, whose writers are
// serialized already. It must run inside WithTx.
func (db *DB) LockKey(ctx context.Context, key string) error {
	if !InTx(ctx) {
		return fmt.Errorf("store: LockKey %q outside a transaction", key)
	}
	if db.dialect != Postgres {
		return nil
	}
	_, err := db.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, key)
	return err
}
