package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// TokenPrefix starts every personal API token, so secret scanners and
// people can recognise one.
const TokenPrefix = "cvt_"

// Token is a personal API token. Secret is only set right after creation;
// the database keeps a SHA-256 of it.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	Prefix     string // the first characters, to tell tokens apart in a list
	Secret     string
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// CreateToken makes a token named name for userID.
func (s *Service) CreateToken(ctx context.Context, userID int64, name string) (Token, error) {
	var f errs.Fields
	name = validate.Text(&f, "name", "Token name", name, 1, 80, false)
	if err := f.Err(); err != nil {
		return Token{}, err
	}
	raw, err := newSecret()
	if err != nil {
		return Token{}, err
	}
	secret := TokenPrefix + raw
	now := s.clock.Now()
	t := Token{UserID: userID, Name: name, Prefix: secret[:len(TokenPrefix)+6], Secret: secret, CreatedAt: now}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		// Lock the owner's row so concurrent creations count in turn.
		var owner int64
		if err := s.db.QueryRowContext(ctx, `SELECT id FROM users WHERE id = $1`+s.db.ForUpdate(), userID).Scan(&owner); err != nil {
			return err
		}
		var active int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL`, userID).Scan(&active); err != nil {
			return err
		}
		if active >= 20 {
			return errs.E(errs.Conflict, "You already have 20 active tokens. Revoke one you no longer use first.")
		}
		return s.db.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, userID, name, hashToken(secret), t.Prefix, store.Millis(now)).Scan(&t.ID)
	})
	if err != nil {
		return Token{}, fmt.Errorf("account: create token: %w", err)
	}
	return t, nil
}

// Tokens lists userID's tokens, newest first, revoked ones included.
func (s *Service) Tokens(ctx context.Context, userID int64) ([]Token, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, prefix, created_at, last_used_at, revoked_at
		FROM api_tokens WHERE user_id = $1 ORDER BY id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("account: tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		t := Token{UserID: userID}
		var created int64
		var used, revoked sql.NullInt64
		if err := rows.Scan(&t.ID, &t.Name, &t.Prefix, &created, &used, &revoked); err != nil {
			return nil, err
		}
		t.CreatedAt, t.LastUsedAt, t.RevokedAt = store.Time(created), store.NullTime(used), store.NullTime(revoked)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes userID's token id.
func (s *Service) RevokeToken(ctx context.Context, userID, id int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL`,
		store.Millis(s.clock.Now()), id, userID)
	if err != nil {
		return fmt.Errorf("account: revoke token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "No such active token.")
	}
	return nil
}

// TokenUser returns the user a token secret belongs to.
func (s *Service) TokenUser(ctx context.Context, secret string) (User, error) {
	bad := errs.E(errs.Unauthorized, "The API token is not valid or was revoked.")
	if !strings.HasPrefix(secret, TokenPrefix) || len(secret) > 100 {
		return User{}, bad
	}
	var id, userID int64
	var used sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT id, user_id, last_used_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
		hashToken(secret)).Scan(&id, &userID, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, bad
	}
	if err != nil {
		return User{}, fmt.Errorf("account: token: %w", err)
	}
	now := s.clock.Now()
	if !used.Valid || now.Sub(store.Time(used.Int64)) > sessionTouch {
		if _, err := s.db.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, store.Millis(now), id); err != nil {
			return User{}, fmt.Errorf("account: token used: %w", err)
		}
	}
	u, err := s.Get(ctx, userID)
	if err != nil {
		return User{}, err
	}
	if !u.DisabledAt.IsZero() {
		return User{}, bad
	}
	return u, nil
}
