package practice

import (
	"context"
	"fmt"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// moderate runs change on request id for the leader or the core group,
// inside one transaction. change returns whether it changed anything; the
// activity entry kind is written only then.
func (s *Service) moderate(ctx context.Context, user account.User, slug string, id int64, doing, kind string, detail map[string]any,
	change func(ctx context.Context, r row) (bool, error)) error {
	c, m, err := s.member(ctx, user, slug, doing)
	if err != nil {
		return err
	}
	if !m.CanModerate() {
		return errs.E(errs.Forbidden, "Only the leader and the core group can %s.", doing)
	}
	now := s.clock.Now()
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.loadVisible(ctx, m, c.ID, id)
		if err != nil {
			return err
		}
		if r.deleted() {
			return errs.E(errs.Conflict, "This request was deleted.")
		}
		changed, err := change(ctx, r)
		if err != nil || !changed {
			return err
		}
		return s.record(ctx, now, c.ID, user.ID, kind, SubjectRequest, id, detail)
	})
}

// Lock stops replies, comments and the asker's edits on a request (the
// leader and the core group may); the thread stays readable. Locking a
// locked request changes nothing.
func (s *Service) Lock(ctx context.Context, user account.User, slug string, id int64) error {
	return s.setLocked(ctx, user, slug, id, true)
}

// Unlock opens a locked request to replies again.
func (s *Service) Unlock(ctx context.Context, user account.User, slug string, id int64) error {
	return s.setLocked(ctx, user, slug, id, false)
}

func (s *Service) setLocked(ctx context.Context, user account.User, slug string, id int64, locked bool) error {
	kind, doing := ActivityLocked, "lock requests"
	if !locked {
		kind, doing = ActivityUnlocked, "unlock requests"
	}
	return s.moderate(ctx, user, slug, id, doing, kind, nil, func(ctx context.Context, r row) (bool, error) {
		if r.locked == locked {
			return false, nil
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE requests SET locked = $1 WHERE id = $2`, locked, id); err != nil {
			return false, fmt.Errorf("practice: lock %d: %w", id, err)
		}
		return true, nil
	})
}

// Close closes an open request with a reason people will read on the
// thread (a duplicate, no longer needed, out of the community's domain…).
// The asker may close their own; the leader and the core group any. Its
// clock stops and replies are closed. A solved request stays solved: lock it
// instead.
func (s *Service) Close(ctx context.Context, user account.User, slug string, id int64, reason string) error {
	c, m, err := s.member(ctx, user, slug, "close requests")
	if err != nil {
		return err
	}
	var f errs.Fields
	reason = validate.Text(&f, "reason", "Reason", reason, 3, MaxReason, true)
	if err := f.Err(); err != nil {
		return err
	}
	now := s.clock.Now()
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.loadVisible(ctx, m, c.ID, id)
		if err != nil {
			return err
		}
		if r.authorID != user.ID && !m.CanModerate() {
			return errs.E(errs.Forbidden, "Only the person who asked, the leader or the core group can close this request.")
		}
		switch {
		case r.deleted():
			return errs.E(errs.Conflict, "This request was deleted.")
		case r.status == Closed:
			return errs.E(errs.Conflict, "This request is already closed.")
		case r.status == Solved:
			return errs.E(errs.Conflict, "This request is solved; lock it if the discussion should stop.")
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE requests SET status = 'closed', closed_at = $1, closed_by = $2, close_reason = $3,
				claimed_by = NULL, claimed_until = NULL
			WHERE id = $4`, store.Millis(now), user.ID, reason, id); err != nil {
			return fmt.Errorf("practice: close %d: %w", id, err)
		}
		if err := s.reindex(ctx, id); err != nil {
			return err
		}
		return s.record(ctx, now, c.ID, user.ID, ActivityClosed, SubjectRequest, id,
			map[string]any{"reason": reason, "moderated": r.authorID != user.ID})
	})
}

// Reopen opens a closed request again (the leader and the core group may).
// It keeps the due time it was given.
func (s *Service) Reopen(ctx context.Context, user account.User, slug string, id int64) error {
	return s.moderate(ctx, user, slug, id, "reopen requests", ActivityReopened, nil, func(ctx context.Context, r row) (bool, error) {
		if r.status != Closed {
			return false, errs.E(errs.Conflict, "This request is not closed.")
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE requests SET status = 'open', closed_at = NULL, closed_by = NULL, close_reason = ''
			WHERE id = $1`, id); err != nil {
			return false, fmt.Errorf("practice: reopen %d: %w", id, err)
		}
		return true, s.reindex(ctx, id)
	})
}

// Delete deletes a request softly: it leaves lists and search, and only
// the leader and the core group can still open it. The asker may delete
// their own request while it has no replies; the leader and the core group
// any request.
func (s *Service) Delete(ctx context.Context, user account.User, slug string, id int64) error {
	c, m, err := s.member(ctx, user, slug, "delete requests")
	if err != nil {
		return err
	}
	now := s.clock.Now()
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.loadVisible(ctx, m, c.ID, id)
		if err != nil {
			return err
		}
		if r.deleted() {
			return errs.E(errs.Conflict, "This request was already deleted.")
		}
		if !m.CanModerate() {
			if r.authorID != user.ID {
				return errs.E(errs.Forbidden, "Only the person who asked, the leader or the core group can delete this request.")
			}
			if r.replyCount > 0 {
				return errs.E(errs.Conflict, "This request has replies, so it stays: the replies are someone else's work. Close it instead, or ask the core group.")
			}
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE requests SET deleted_at = $1, claimed_by = NULL, claimed_until = NULL WHERE id = $2`,
			store.Millis(now), id); err != nil {
			return fmt.Errorf("practice: delete %d: %w", id, err)
		}
		// The request keeps its tags (the core group still sees them), but
		// they no longer count in the community's tag set.
		tags, err := s.tagsOf(ctx, id)
		if err != nil {
			return err
		}
		for _, t := range tags {
			if err := s.countTag(ctx, c.ID, t, -1); err != nil {
				return err
			}
		}
		if err := s.reindex(ctx, id); err != nil {
			return err
		}
		return s.record(ctx, now, c.ID, user.ID, ActivityDeleted, SubjectRequest, id, map[string]any{"moderated": r.authorID != user.ID})
	})
}
