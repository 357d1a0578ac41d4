package practice

import (
	"context"
	"fmt"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
)

// Claim is "I'll take it": a member other than the asker takes an open
// request that has no reply yet, for the community's ClaimMinutes. The
// claim shows on the thread, the lists and the triage queue; the asker is
// told someone is on it. Someone else's running claim is a Conflict naming
// who holds it; claiming one's own again extends it; an expired claim
// counts as none. A reply by anyone but the asker ends the claim. It
// returns the claim.
func (s *Service) Claim(ctx context.Context, user account.User, slug string, id int64) (Claim, error) {
	c, m, err := s.member(ctx, user, slug, "take a request")
	if err != nil {
		return Claim{}, err
	}
	st, err := s.Settings(ctx, c.ID)
	if err != nil {
		return Claim{}, err
	}
	now := s.clock.Now()
	until := now.Add(st.ClaimFor())
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.loadVisible(ctx, m, c.ID, id)
		if err != nil {
			return err
		}
		if r.authorID == user.ID {
			return errs.E(errs.Conflict, "This is your own request; someone else will take it.")
		}
		if err := r.writable(); err != nil {
			return err
		}
		switch {
		case r.status != Open:
			return errs.E(errs.Conflict, "This request is %s; there is nothing left to take.", r.status)
		case r.firstReplyAt.Valid:
			return errs.E(errs.Conflict, "This request already has a reply; join the discussion instead.")
		}
		if holder := r.claimHolder(now); holder != 0 && holder != user.ID {
			people, err := s.people(ctx, holder)
			if err != nil {
				return err
			}
			return errs.E(errs.Conflict, "%s is already on it (for another %s).", people[holder].Name, humanDuration(store.NullTime(r.claimedUntil).Sub(now)))
		}
		renewal := r.claimHolder(now) == user.ID
		// The condition repeats the checks, so two people claiming at once
		// cannot both win even where rows are not locked.
		res, err := s.db.ExecContext(ctx, `UPDATE requests SET claimed_by = $1, claimed_until = $2
			WHERE id = $3 AND (claimed_by IS NULL OR claimed_by = $1 OR claimed_until <= $4)
			AND first_reply_at IS NULL AND status = 'open' AND deleted_at IS NULL`, user.ID, store.Millis(until), id, store.Millis(now))
		if err != nil {
			return fmt.Errorf("practice: claim %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "Someone else took this request a moment ago.")
		}
		if err := s.record(ctx, now, c.ID, user.ID, ActivityClaimed, SubjectRequest, id,
			map[string]any{"until": store.Millis(until), "renewal": renewal}); err != nil {
			return err
		}
		if renewal {
			return nil
		}
		return s.inbox.Send(ctx, notify.Note{Kind: notify.Claimed, CommunityID: c.ID, ActorID: user.ID,
			Title: user.Name + " is on it: " + quote(r.title), Link: RequestLink(c.Slug, id)}, r.authorID)
	})
	if err != nil {
		return Claim{}, err
	}
	return Claim{By: Person{ID: user.ID, Name: user.Name, Handle: user.Handle}, Until: until}, nil
}

// Unclaim gives a claim up: the person holding it may, and the leader and
// the core group.
func (s *Service) Unclaim(ctx context.Context, user account.User, slug string, id int64) error {
	c, m, err := s.member(ctx, user, slug, "give a request back")
	if err != nil {
		return err
	}
	now := s.clock.Now()
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.loadVisible(ctx, m, c.ID, id)
		if err != nil {
			return err
		}
		holder := r.claimHolder(now)
		if holder == 0 {
			return errs.E(errs.Conflict, "Nobody has taken this request.")
		}
		if holder != user.ID && !m.CanModerate() {
			return errs.E(errs.Forbidden, "Only the person who took this request, the leader or the core group can give it back.")
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE requests SET claimed_by = NULL, claimed_until = NULL WHERE id = $1`, id); err != nil {
			return fmt.Errorf("practice: unclaim %d: %w", id, err)
		}
		return s.record(ctx, now, c.ID, user.ID, ActivityUnclaimed, SubjectRequest, id, map[string]any{"holder": holder})
	})
}

// humanDuration says a positive duration in words a note can use: "45
// minutes", "2 h 5 min", "3 days".
func humanDuration(d time.Duration) string {
	m := int((d + time.Minute - 1) / time.Minute)
	switch {
	case m <= 1:
		return "1 minute"
	case m < 60:
		return fmt.Sprintf("%d minutes", m)
	case m < 48*60 && m%60 == 0:
		return fmt.Sprintf("%d h", m/60)
	case m < 48*60:
		return fmt.Sprintf("%d h %d min", m/60, m%60)
	}
	return fmt.Sprintf("%d days", m/(24*60))
}
