package practice

import (
	"context"
	"fmt"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// Accept marks reply replyID as the one that solved request requestID. The
// asker may, and the leader and the core group. The request becomes solved
// and its learning loop starts: the asker will be asked how it turned out
// FollowupDays later. Accepting another reply later moves the mark (the
// loop keeps its dates); accepting the same one again changes nothing. The
// reply's author is told.
func (s *Service) Accept(ctx context.Context, user account.User, slug string, requestID, replyID int64) error {
	c, m, err := s.member(ctx, user, slug, "accept a reply")
	if err != nil {
		return err
	}
	st, err := s.Settings(ctx, c.ID)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.loadVisible(ctx, m, c.ID, requestID)
		if err != nil {
			return err
		}
		if r.authorID != user.ID && !m.CanModerate() {
			return errs.E(errs.Forbidden, "Only the person who asked, the leader or the core group can accept a reply to this request.")
		}
		switch {
		case r.deleted():
			return errs.E(errs.Conflict, "This request was deleted.")
		case r.status == Closed:
			return errs.E(errs.Conflict, "This request is closed; reopen it before accepting a reply.")
		}
		p, err := s.loadReply(ctx, c.ID, replyID)
		if err != nil {
			return err
		}
		if p.requestID != r.id || p.deletedAt.Valid {
			return errs.Field("reply_id", "That reply is not on this request (or was deleted).")
		}
		if p.parentID != 0 {
			return errs.Field("reply_id", "Only a reply can be accepted, not a comment.")
		}
		if r.status == Solved && r.acceptedReplyID == p.id {
			return nil
		}
		if r.status == Solved {
			_, err = s.db.ExecContext(ctx, `UPDATE requests SET accepted_reply_id = $1 WHERE id = $2`, p.id, r.id)
		} else {
			_, err = s.db.ExecContext(ctx, `UPDATE requests SET status = 'solved', accepted_reply_id = $1, solved_at = $2,
					followup_due_at = $3, followup_asked_at = NULL, followup_reasked_at = NULL,
					claimed_by = NULL, claimed_until = NULL
				WHERE id = $4`, p.id, store.Millis(now), store.Millis(now.Add(st.FollowupAfter())), r.id)
		}
		if err != nil {
			return fmt.Errorf("practice: accept: %w", err)
		}
		if err := s.touch(ctx, r.id, store.Millis(now)); err != nil {
			return err
		}
		if err := s.reindex(ctx, r.id); err != nil {
			return err
		}
		if err := s.record(ctx, now, c.ID, user.ID, ActivityAccepted, SubjectRequest, r.id,
			map[string]any{"reply_id": p.id, "reply_author": p.authorID, "changed": r.status == Solved}); err != nil {
			return err
		}
		return s.inbox.Send(ctx, notify.Note{Kind: notify.Accepted, CommunityID: c.ID, ActorID: user.ID,
			Title: "Your reply solved " + quote(r.title), Link: ReplyLink(c.Slug, r.id, p.id)}, p.authorID)
	})
}

// Unaccept removes the mark of the solving reply and reopens the request;
// the learning loop stops (an outcome already reported stays). The asker,
// the leader and the core group may.
func (s *Service) Unaccept(ctx context.Context, user account.User, slug string, requestID int64) error {
	c, m, err := s.member(ctx, user, slug, "change the accepted reply")
	if err != nil {
		return err
	}
	now := s.clock.Now()
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.loadVisible(ctx, m, c.ID, requestID)
		if err != nil {
			return err
		}
		if r.authorID != user.ID && !m.CanModerate() {
			return errs.E(errs.Forbidden, "Only the person who asked, the leader or the core group can change the accepted reply.")
		}
		if r.status != Solved || r.deleted() {
			return errs.E(errs.Conflict, "No reply is accepted on this request.")
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE requests SET status = 'open', accepted_reply_id = NULL, solved_at = NULL,
				followup_due_at = NULL, followup_asked_at = NULL, followup_reasked_at = NULL,
				outcome = CASE WHEN outcome = 'no_outcome' THEN NULL ELSE outcome END,
				outcome_at = CASE WHEN outcome = 'no_outcome' THEN NULL ELSE outcome_at END
			WHERE id = $1`, r.id); err != nil {
			return fmt.Errorf("practice: unaccept: %w", err)
		}
		if err := s.touch(ctx, r.id, store.Millis(now)); err != nil {
			return err
		}
		if err := s.reindex(ctx, r.id); err != nil {
			return err
		}
		return s.record(ctx, now, c.ID, user.ID, ActivityUnaccepted, SubjectRequest, r.id, map[string]any{"reply_id": r.acceptedReplyID})
	})
}

// ReportOutcome closes the learning loop of a solved request: the asker
// (only they) says how the advice turned out (worked, partly or did_not)
// and, ideally, what they learned. It is told once; a second report is a
// Conflict. A loop closed as "no outcome" can still be answered late.
// Everyone who replied is told how their advice turned out.
func (s *Service) ReportOutcome(ctx context.Context, user account.User, slug string, requestID int64, outcome Outcome, note string) error {
	c, m, err := s.member(ctx, user, slug, "report how it turned out")
	if err != nil {
		return err
	}
	var f errs.Fields
	if !outcome.Reported() {
		f.Add("outcome", "Choose how it turned out: it worked, it partly worked, or it did not work.")
	}
	note = validate.Text(&f, "note", "What you learned", note, 0, MaxNote, true)
	if err := f.Err(); err != nil {
		return err
	}
	now := s.clock.Now()
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.loadVisible(ctx, m, c.ID, requestID)
		if err != nil {
			return err
		}
		if r.authorID != user.ID {
			return errs.E(errs.Forbidden, "Only the person who asked can say how it turned out.")
		}
		if Outcome(r.outcome.String).Reported() {
			return errs.E(errs.Conflict, "You already told us how it turned out.")
		}
		if r.status != Solved || r.deleted() {
			return errs.E(errs.Conflict, "Accept the reply that solved your request first; then tell us how it turned out.")
		}
		res, err := s.db.ExecContext(ctx, `UPDATE requests SET outcome = $1, outcome_note = $2, outcome_at = $3
			WHERE id = $4 AND (outcome IS NULL OR outcome = 'no_outcome')`, string(outcome), note, store.Millis(now), r.id)
		if err != nil {
			return fmt.Errorf("practice: outcome: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "You already told us how it turned out.")
		}
		if err := s.touch(ctx, r.id, store.Millis(now)); err != nil {
			return err
		}
		if err := s.record(ctx, now, c.ID, user.ID, ActivityOutcome, SubjectRequest, r.id,
			map[string]any{"outcome": string(outcome), "late": r.outcome.String == string(NoOutcome), "with_note": note != ""}); err != nil {
			return err
		}
		helpers, err := s.helperIDs(ctx, r.id, r.authorID)
		if err != nil {
			return err
		}
		return s.inbox.Send(ctx, notify.Note{Kind: notify.Outcome, CommunityID: c.ID, ActorID: user.ID,
			Title: "How your advice turned out: " + quote(r.title) + ": " + outcome.Label(), Link: RequestLink(c.Slug, r.id)}, helpers...)
	})
}

// helperIDs returns who replied to a request (replies, not comments), other
// than the asker.
func (s *Service) helperIDs(ctx context.Context, requestID, askerID int64) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT author_id FROM replies
		WHERE request_id = $1 AND parent_id IS NULL AND deleted_at IS NULL AND author_id IS NOT NULL AND author_id <> $2`, requestID, askerID)
	if err != nil {
		return nil, fmt.Errorf("practice: helpers of %d: %w", requestID, err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
