package practice

import (
	"context"

	"cultivate/internal/account"
)

// NeedingHelp returns up to limit open requests in userID's expertise that
// others asked, latest activity first: the "in my expertise" list of the
// home page, without the person's own requests. The weekly digest shows
// it. Someone without expertise tags gets none.
func (s *Service) NeedingHelp(ctx context.Context, userID int64, limit int) ([]Item, error) {
	if limit <= 0 {
		limit = 10
	}
	// A few more than asked, since the person's own requests are dropped.
	page, err := s.List(ctx, account.User{ID: userID}, Filter{View: ViewExpertise, Limit: min(limit+10, MaxLimit)})
	if err != nil {
		return nil, err
	}
	out := make([]Item, 0, limit)
	for _, it := range page.Items {
		if it.Author.ID == userID {
			continue
		}
		if out = append(out, it); len(out) == limit {
			break
		}
	}
	return out, nil
}
