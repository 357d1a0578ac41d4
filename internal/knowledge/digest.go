package knowledge

import (
	"context"
	"time"

	"cultivate/internal/account"
)

// NewIn returns up to limit artefacts created in [since, until) in the
// communities userID belongs to, by others, newest first: "what my
// communities learned this week", as the weekly digest shows it.
func (s *Service) NewIn(ctx context.Context, userID int64, since, until time.Time, limit int) ([]Item, error) {
	if limit <= 0 {
		limit = 10
	}
	viewer := account.User{ID: userID}
	f := Filter{Since: since, Limit: 100}
	var out []Item
	for {
		page, err := s.List(ctx, viewer, f)
		if err != nil {
			return nil, err
		}
		for _, it := range page.Items {
			// Newest first: those after until (written while the digest
			// ran late) are skipped, not the end of the list.
			if !it.CreatedAt.Before(until) || it.AuthorID == userID {
				continue
			}
			if out = append(out, it); len(out) == limit {
				return out, nil
			}
		}
		if page.NextCursor == "" {
			return out, nil
		}
		f.Cursor = page.NextCursor
	}
}
