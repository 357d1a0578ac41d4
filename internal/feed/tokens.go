package feed

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"

	"cultivate/internal/clock"
	"cultivate/internal/errs"
	"cultivate/internal/store"
)

// Tokens keeps one secret feed token per member. The token stands in for a
// login in the feed address of private communities; whoever holds it reads
// the feeds of the communities its owner belongs to, nothing else, and
// only while the owner is a member.
type Tokens struct {
	db    *store.DB
	clock clock.Clock
}

// NewTokens returns the token store on db.
func NewTokens(db *store.DB, c clock.Clock) *Tokens { return &Tokens{db: db, clock: c} }

// Token returns userID's feed token, making one the first time.
func (t *Tokens) Token(ctx context.Context, userID int64) (string, error) {
	var tok string
	err := t.db.WithTx(ctx, func(ctx context.Context) error {
		err := t.db.QueryRowContext(ctx, `SELECT token FROM feed_tokens WHERE user_id = $1`, userID).Scan(&tok)
		if err == nil || !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		tok = newToken()
		// ON CONFLICT: two first visits at once keep the one that won.
		if _, err := t.db.ExecContext(ctx, `INSERT INTO feed_tokens (user_id, token, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			userID, tok, store.Millis(t.clock.Now())); err != nil {
			return err
		}
		return t.db.QueryRowContext(ctx, `SELECT token FROM feed_tokens WHERE user_id = $1`, userID).Scan(&tok)
	})
	if err != nil {
		return "", fmt.Errorf("feed: token of %d: %w", userID, err)
	}
	return tok, nil
}

// Regenerate replaces userID's token, so every old feed address stops
// working (the member shared it by mistake, or a device was lost).
func (t *Tokens) Regenerate(ctx context.Context, userID int64) (string, error) {
	tok := newToken()
	err := t.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := t.db.ExecContext(ctx, `DELETE FROM feed_tokens WHERE user_id = $1`, userID); err != nil {
			return err
		}
		_, err := t.db.ExecContext(ctx, `INSERT INTO feed_tokens (user_id, token, created_at) VALUES ($1, $2, $3)`,
			userID, tok, store.Millis(t.clock.Now()))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("feed: regenerate token of %d: %w", userID, err)
	}
	return tok, nil
}

// Owner returns the user a token belongs to. An unknown token is
// errs.NotFound, like a missing page.
func (t *Tokens) Owner(ctx context.Context, token string) (int64, error) {
	if len(token) != tokenLen {
		return 0, errNoFeed()
	}
	var id int64
	err := t.db.QueryRowContext(ctx, `SELECT user_id FROM feed_tokens WHERE token = $1`, token).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errNoFeed()
	}
	if err != nil {
		return 0, fmt.Errorf("feed: token owner: %w", err)
	}
	return id, nil
}

func errNoFeed() error {
	return errs.E(errs.NotFound, "There is no feed at this address. Its owner may have made a new one, or left the community.")
}

// tokenLen is the length of a token: 24 random bytes, base64url.
const tokenLen = 32

func newToken() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}
