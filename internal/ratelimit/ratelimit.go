// Package ratelimit counts attempts in fixed windows kept in the database,
// so that every replica behind a load balancer sees the same counts.
package ratelimit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cultivate/internal/clock"
	"cultivate/internal/store"
)

// Limiter counts hits per key.
type Limiter struct {
	db    *store.DB
	clock clock.Clock
}

// New returns a Limiter on db.
func New(db *store.DB, c clock.Clock) *Limiter { return &Limiter{db: db, clock: c} }

// Count reports how many hits key has in its current window, and when that
// window ends.
func (l *Limiter) Count(ctx context.Context, key string, window time.Duration) (int, time.Time, error) {
	now := l.clock.Now()
	var hits int
	var start int64
	err := l.db.QueryRowContext(ctx, `SELECT hits, window_start FROM rate_limits WHERE key = $1`, key).Scan(&hits, &start)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, now, nil
	}
	if err != nil {
		return 0, now, fmt.Errorf("ratelimit: count %s: %w", key, err)
	}
	end := store.Time(start).Add(window)
	if !end.After(now) {
		return 0, now, nil
	}
	return hits, end, nil
}

// Hit adds one to key's count, starting a new window when the old one has
// ended, and returns the new count.
func (l *Limiter) Hit(ctx context.Context, key string, window time.Duration) (int, error) {
	now := l.clock.Now()
	var hits int
	err := l.db.WithTx(ctx, func(ctx context.Context) error {
		return l.db.QueryRowContext(ctx, `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
			ON CONFLICT (key) DO UPDATE SET
				hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END,
				window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END
			RETURNING hits`,
			key, store.Millis(now), store.Millis(now.Add(-window))).Scan(&hits)
	})
	if err != nil {
		return 0, fmt.Errorf("ratelimit: hit %s: %w", key, err)
	}
	return hits, nil
}

// Reset forgets key's count.
func (l *Limiter) Reset(ctx context.Context, key string) error {
	if _, err := l.db.ExecContext(ctx, `DELETE FROM rate_limits WHERE key = $1`, key); err != nil {
		return fmt.Errorf("ratelimit: reset %s: %w", key, err)
	}
	return nil
}

// Undo gives back one hit of key (an attempt that turned out legitimate).
func (l *Limiter) Undo(ctx context.Context, key string) error {
	err := l.db.WithTx(ctx, func(ctx context.Context) error {
		_, err := l.db.ExecContext(ctx, `UPDATE rate_limits SET hits = hits - 1 WHERE key = $1 AND hits > 0`, key)
		return err
	})
	if err != nil {
		return fmt.Errorf("ratelimit: undo %s: %w", key, err)
	}
	return nil
}

// Prune deletes counters whose window ended before cutoff.
func (l *Limiter) Prune(ctx context.Context, cutoff time.Time) error {
	_, err := l.db.ExecContext(ctx, `DELETE FROM rate_limits WHERE window_start < $1`, store.Millis(cutoff))
	return err
}
