package practice

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cultivate/internal/community"
	"cultivate/internal/notify"
	"cultivate/internal/store"
)

// SweepReport counts what one Sweep did.
type SweepReport struct {
	Reminded         int // requests the leader and core group were reminded of
	FollowupsAsked   int // askers asked how it turned out
	FollowupsReasked int // askers asked once more
	LoopsClosed      int // loops closed as "no outcome"
}

// sweepBatch is how many candidates one query of Sweep reads.
const sweepBatch = 200

// Sweep does the work that time brings, and is meant to run every minute
// or so:
//
//  1. Reminders: once per request, the leader and the core group (and
//     whoever holds a claim) are told when an open request without a reply
//     comes within RemindBeforeMinutes of its due time, or is overdue.
//  2. Follow-ups: once FollowupDays have passed since a request was solved
//     with no outcome reported, the asker is asked how it turned out; if
//     still nothing ReaskAfter later, asked once more; if still nothing the
//     same time after that, the loop closes as "no outcome".
//
// Any number of replicas may sweep at once: each effect is claimed by a
// conditional UPDATE, in the transaction that writes its notes, and acted
// on only by the sweeper whose UPDATE changed the row, so it happens
// exactly once. A failure on one request does not stop the others; the
// errors are returned together.
func (s *Service) Sweep(ctx context.Context) (SweepReport, error) {
	var rep SweepReport
	now := s.clock.Now()
	sw := &sweeper{s: s, now: now, settings: s.settingsCache(), teams: map[int64][]int64{}, slugs: map[int64]string{}, rep: &rep}
	err := errors.Join(sw.reminders(ctx), sw.followups(ctx))
	return rep, err
}

type sweeper struct {
	s        *Service
	now      time.Time
	settings *settingsCache
	teams    map[int64][]int64 // community → leader and core group
	slugs    map[int64]string  // community → its web address
	rep      *SweepReport
	errs     []error
}

// candidate is a request Sweep may act on.
type candidate struct {
	id, communityID, authorID int64
	title                     string
	key                       int64 // the keyset column: due_at or followup_due_at
	createdAt                 int64
	claimedBy                 int64
	claimedUntil              sql.NullInt64
	askedAt, reaskedAt        sql.NullInt64
}

func (w *sweeper) reminders(ctx context.Context) error {
	var afterKey, afterID int64 = -1 << 62, 0
	for {
		// Every open request without a reply that was not reminded: the
		// partial index requests_due_reminder holds exactly these, so the
		// scan is as long as the waiting queue, not the table.
		rows, err := w.s.db.QueryContext(ctx, `SELECT r.id, r.community_id, COALESCE(r.author_id, 0), r.title, r.due_at, r.created_at,
				COALESCE(r.claimed_by, 0), r.claimed_until
			FROM requests r
			WHERE r.first_reply_at IS NULL AND r.reminded_at IS NULL AND r.status = 'open' AND r.deleted_at IS NULL
			AND r.due_at >= $1 AND (r.due_at > $1 OR r.id > $2)
			ORDER BY r.due_at, r.id LIMIT $3`, afterKey, afterID, sweepBatch)
		if err != nil {
			return fmt.Errorf("practice: sweep reminders: %w", err)
		}
		batch, err := scanCandidates(rows, false)
		if err != nil {
			return fmt.Errorf("practice: sweep reminders: %w", err)
		}
		for _, c := range batch {
			if err := w.remind(ctx, c); err != nil {
				w.errs = append(w.errs, err)
			}
		}
		if len(batch) < sweepBatch {
			return errors.Join(w.errs...)
		}
		last := batch[len(batch)-1]
		afterKey, afterID = last.key, last.id
	}
}

func scanCandidates(rows *sql.Rows, followup bool) ([]candidate, error) {
	defer rows.Close()
	var out []candidate
	for rows.Next() {
		var c candidate
		var err error
		if followup {
			err = rows.Scan(&c.id, &c.communityID, &c.authorID, &c.title, &c.key, &c.askedAt, &c.reaskedAt)
		} else {
			err = rows.Scan(&c.id, &c.communityID, &c.authorID, &c.title, &c.key, &c.createdAt, &c.claimedBy, &c.claimedUntil)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (w *sweeper) remind(ctx context.Context, c candidate) error {
	st, err := w.settings.get(ctx, c.communityID)
	if err != nil {
		return err
	}
	due := store.Time(c.key)
	if w.now.Before(AtRiskFrom(st, due)) {
		return nil
	}
	team, err := w.team(ctx, c.communityID)
	if err != nil {
		return err
	}
	slug, err := w.slug(ctx, c.communityID)
	if err != nil {
		return err
	}
	to := make([]int64, 0, len(team)+1)
	for _, id := range team {
		if id != c.authorID {
			to = append(to, id)
		}
	}
	if c.claimedBy != 0 && c.claimedUntil.Valid && c.claimedUntil.Int64 > store.Millis(w.now) && c.claimedBy != c.authorID {
		to = append(to, c.claimedBy)
	}
	overdue := w.now.After(due)
	title := "Due in " + humanDuration(due.Sub(w.now)) + ": " + quote(c.title) + " is waiting for a first reply"
	if overdue {
		title = "Overdue: " + quote(c.title) + " has waited " + humanDuration(w.now.Sub(store.Time(c.createdAt))) + " for a first reply"
	}
	done := false
	err = w.s.db.WithTx(ctx, func(ctx context.Context) error {
		res, err := w.s.db.ExecContext(ctx, `UPDATE requests SET reminded_at = $1
			WHERE id = $2 AND reminded_at IS NULL AND first_reply_at IS NULL AND status = 'open' AND deleted_at IS NULL`,
			store.Millis(w.now), c.id)
		if err != nil {
			return fmt.Errorf("practice: remind %d: %w", c.id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil // another sweeper did it, or the request moved on
		}
		if err := w.s.record(ctx, w.now, c.communityID, 0, ActivityReminded, SubjectRequest, c.id,
			map[string]any{"overdue": overdue, "recipients": len(to)}); err != nil {
			return err
		}
		done = true
		return w.s.inbox.Send(ctx, notify.Note{Kind: notify.AtRisk, CommunityID: c.communityID, Title: title,
			Link: RequestLink(slug, c.id)}, to...)
	})
	if err == nil && done {
		w.rep.Reminded++
	}
	return err
}

// team returns the leader and core group of a community, once per sweep.
func (w *sweeper) team(ctx context.Context, communityID int64) ([]int64, error) {
	if t, ok := w.teams[communityID]; ok {
		return t, nil
	}
	people, err := w.s.communities.Team(ctx, communityID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, p := range people {
		if p.Role == community.Leader || p.Role == community.Core {
			ids = append(ids, p.UserID)
		}
	}
	w.teams[communityID] = ids
	return ids, nil
}

// slug returns a community's web address, once per sweep.
func (w *sweeper) slug(ctx context.Context, communityID int64) (string, error) {
	if s, ok := w.slugs[communityID]; ok {
		return s, nil
	}
	c, err := w.s.communities.ByID(ctx, communityID)
	if err != nil {
		return "", err
	}
	w.slugs[communityID] = c.Slug
	return c.Slug, nil
}

func (w *sweeper) followups(ctx context.Context) error {
	w.errs = nil
	var afterKey, afterID int64 = -1 << 62, 0
	for {
		// The partial index requests_followup holds the solved requests
		// whose loop is not closed.
		rows, err := w.s.db.QueryContext(ctx, `SELECT r.id, r.community_id, COALESCE(r.author_id, 0), r.title, r.followup_due_at,
				r.followup_asked_at, r.followup_reasked_at
			FROM requests r
			WHERE r.outcome IS NULL AND r.followup_due_at IS NOT NULL AND r.followup_due_at <= $1
			AND r.status = 'solved' AND r.deleted_at IS NULL
			AND r.followup_due_at >= $2 AND (r.followup_due_at > $2 OR r.id > $3)
			ORDER BY r.followup_due_at, r.id LIMIT $4`, store.Millis(w.now), afterKey, afterID, sweepBatch)
		if err != nil {
			return fmt.Errorf("practice: sweep follow-ups: %w", err)
		}
		batch, err := scanCandidates(rows, true)
		if err != nil {
			return fmt.Errorf("practice: sweep follow-ups: %w", err)
		}
		for _, c := range batch {
			if err := w.followup(ctx, c); err != nil {
				w.errs = append(w.errs, err)
			}
		}
		if len(batch) < sweepBatch {
			return errors.Join(w.errs...)
		}
		last := batch[len(batch)-1]
		afterKey, afterID = last.key, last.id
	}
}

// followup moves one request's loop on by at most one step.
func (w *sweeper) followup(ctx context.Context, c candidate) error {
	st, err := w.settings.get(ctx, c.communityID)
	if err != nil {
		return err
	}
	gap := st.ReaskAfter()
	now := store.Millis(w.now)
	var step, kind, update, title string
	switch {
	case !c.askedAt.Valid:
		step, kind, title = "ask", ActivityFollowupAsked, "How did it turn out? Tell your community what happened with "+quote(c.title)
		update = `UPDATE requests SET followup_asked_at = $1 WHERE id = $2 AND followup_asked_at IS NULL AND outcome IS NULL AND status = 'solved'`
	case !c.reaskedAt.Valid && w.now.Sub(store.Time(c.askedAt.Int64)) >= gap:
		step, kind, title = "reask", ActivityFollowupReasked, "Still curious: how did "+quote(c.title)+" turn out? A few words help the people who helped you."
		update = `UPDATE requests SET followup_reasked_at = $1 WHERE id = $2 AND followup_reasked_at IS NULL AND outcome IS NULL AND status = 'solved'`
	case c.reaskedAt.Valid && w.now.Sub(store.Time(c.reaskedAt.Int64)) >= gap:
		step, kind = "close", ActivityNoOutcome
		update = `UPDATE requests SET outcome = 'no_outcome', outcome_at = $1 WHERE id = $2 AND outcome IS NULL AND followup_reasked_at IS NOT NULL`
	default:
		return nil
	}
	var link string
	if step != "close" {
		slug, err := w.slug(ctx, c.communityID)
		if err != nil {
			return err
		}
		link = RequestLink(slug, c.id) + "#outcome"
	}
	done := false
	err = w.s.db.WithTx(ctx, func(ctx context.Context) error {
		res, err := w.s.db.ExecContext(ctx, update, now, c.id)
		if err != nil {
			return fmt.Errorf("practice: follow-up %s %d: %w", step, c.id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		if err := w.s.record(ctx, w.now, c.communityID, 0, kind, SubjectRequest, c.id, nil); err != nil {
			return err
		}
		done = true
		if step == "close" {
			return nil
		}
		return w.s.inbox.Send(ctx, notify.Note{Kind: notify.FollowUp, CommunityID: c.communityID, Title: title, Link: link}, c.authorID)
	})
	if err != nil || !done {
		return err
	}
	switch step {
	case "ask":
		w.rep.FollowupsAsked++
	case "reask":
		w.rep.FollowupsReasked++
	case "close":
		w.rep.LoopsClosed++
	}
	return nil
}
