package account

import (
	"context"
	"database/sql"
	"fmt"

	"cultivate/internal/store"
)

// TokensPage lists userID's tokens like Tokens, newest first and revoked
// ones included, but limit at a time, for the JSON API's cursor paging.
// before is the cursor (0 for the first page); the returned cursor is 0 on
// the last page.
func (s *Service) TokensPage(ctx context.Context, userID, before int64, limit int) ([]Token, int64, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	if before <= 0 {
		before = 1<<62 - 1
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, prefix, created_at, last_used_at, revoked_at
		FROM api_tokens WHERE user_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3`, userID, before, limit+1)
	if err != nil {
		return nil, 0, fmt.Errorf("account: tokens page: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		t := Token{UserID: userID}
		var created int64
		var used, revoked sql.NullInt64
		if err := rows.Scan(&t.ID, &t.Name, &t.Prefix, &created, &used, &revoked); err != nil {
			return nil, 0, fmt.Errorf("account: tokens page: %w", err)
		}
		t.CreatedAt, t.LastUsedAt, t.RevokedAt = store.Time(created), store.NullTime(used), store.NullTime(revoked)
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("account: tokens page: %w", err)
	}
	if len(out) > limit {
		out = out[:limit]
		return out, out[len(out)-1].ID, nil
	}
	return out, 0, nil
}
