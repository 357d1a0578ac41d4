package backlog

import (
	"context"
	"fmt"
	"strings"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/store"
)

// Vote gives user's vote to an open item. Voting again changes nothing: a
// member has one vote per item.
func (s *Service) Vote(ctx context.Context, user account.User, slug string, id int64) (Item, error) {
	return s.setVote(ctx, user, slug, id, true)
}

// Unvote withdraws user's vote from an open item; withdrawing a vote one
// did not give changes nothing.
func (s *Service) Unvote(ctx context.Context, user account.User, slug string, id int64) (Item, error) {
	return s.setVote(ctx, user, slug, id, false)
}

func (s *Service) setVote(ctx context.Context, user account.User, slug string, id int64, on bool) (Item, error) {
	sc, err := s.memberScope(ctx, user, slug, "vote on the backlog")
	if err != nil {
		return Item{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		it, err := s.load(ctx, sc, id)
		if err != nil {
			return err
		}
		if !it.Status.Open() {
			return errs.E(errs.Conflict, "This item is %s, so votes on it are closed.", strings.ToLower(it.Status.Label()))
		}
		if on == it.Voted {
			return nil
		}
		if on {
			res, err := s.db.ExecContext(ctx, `INSERT INTO backlog_votes (item_id, user_id, created_at) VALUES ($1, $2, $3)
				ON CONFLICT (item_id, user_id) DO NOTHING`, id, user.ID, store.Millis(s.clock.Now()))
			if err != nil {
				return fmt.Errorf("backlog: vote: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // a vote given meanwhile, from another tab
			}
			_, err = s.db.ExecContext(ctx, `UPDATE backlog_items SET votes = votes + 1 WHERE id = $1`, id)
			return err
		}
		res, err := s.db.ExecContext(ctx, `DELETE FROM backlog_votes WHERE item_id = $1 AND user_id = $2`, id, user.ID)
		if err != nil {
			return fmt.Errorf("backlog: unvote: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		_, err = s.db.ExecContext(ctx, `UPDATE backlog_items SET votes = votes - 1 WHERE id = $1`, id)
		return err
	})
	if err != nil {
		return Item{}, err
	}
	return s.Get(ctx, user, slug, id)
}
