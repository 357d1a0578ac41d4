package events

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// RSVP records userID's answer to one occurrence. A "going" beyond the
// capacity goes on the waitlist; when someone going changes their mind,
// the first person on the waitlist moves up and is told. Only members of
// one of the event's communities answer, and only before the occurrence
// starts. It returns the occurrence with the answer as stored.
func (s *Service) RSVP(ctx context.Context, user account.User, slug string, id int64, orig time.Time, answer Answer) (Occurrence, error) {
	if user.ID == 0 {
		return Occurrence{}, errs.E(errs.Unauthorized, "Sign in to answer.")
	}
	if answer != Going && answer != Maybe && answer != NotGoing {
		return Occurrence{}, errs.Field("answer", "Answer going, maybe or not going.")
	}
	sc, err := s.scope(ctx, user, slug, id)
	if err != nil {
		return Occurrence{}, err
	}
	o, err := s.one(ctx, sc.e, orig)
	if err != nil {
		return Occurrence{}, err
	}
	now := s.clock.Now()
	switch {
	case !sc.e.Can.RSVP:
		return Occurrence{}, errs.E(errs.Forbidden, "Join the community to answer.")
	case o.Cancelled:
		return Occurrence{}, errs.Field("answer", "This occurrence is cancelled; there is nothing to answer.")
	case !o.Start.After(now):
		return Occurrence{}, errs.Field("answer", "This occurrence has already started; answers are closed.")
	}
	key := store.Millis(orig)
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.db.LockKey(ctx, fmt.Sprintf("event:%d:%d", id, key)); err != nil {
			return err
		}
		prev, err := s.answerOf(ctx, id, key, user.ID)
		if err != nil {
			return err
		}
		stored := answer
		if answer == Going && (prev == Going || prev == Waitlist) {
			return nil // already counted; keep the seat or the place in line
		}
		if answer == Going && sc.e.Capacity > 0 {
			var going int
			if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_rsvps WHERE event_id = $1 AND occurrence = $2 AND answer = 'going'`, id, key).Scan(&going); err != nil {
				return fmt.Errorf("events: rsvp: %w", err)
			}
			if going >= sc.e.Capacity {
				stored = Waitlist
			}
		}
		if prev == stored {
			return nil
		}
		if _, err := s.db.ExecContext(ctx, `INSERT INTO event_rsvps (event_id, occurrence, user_id, answer, seq, answered_at) VALUES ($1, $2, $3, $4, $5, $5)
			ON CONFLICT (event_id, occurrence, user_id) DO UPDATE SET answer = $4, seq = $5, answered_at = $5`, id, key, user.ID, string(stored), store.Millis(now)); err != nil {
			return fmt.Errorf("events: rsvp: %w", err)
		}
		if err := s.record(ctx, sc.e, user.ID, ActivityRSVP, map[string]any{"title": sc.e.Title, "occurrence": Key(orig), "answer": string(stored)}); err != nil {
			return err
		}
		if prev == Going {
			return s.promote(ctx, sc.e, o, now)
		}
		return nil
	})
	if err != nil {
		return Occurrence{}, err
	}
	_, out, err := s.Occurrence(ctx, user, slug, id, orig)
	return out, err
}

func (s *Service) answerOf(ctx context.Context, id, key, userID int64) (Answer, error) {
	var a string
	err := s.db.QueryRowContext(ctx, `SELECT answer FROM event_rsvps WHERE event_id = $1 AND occurrence = $2 AND user_id = $3`, id, key, userID).Scan(&a)
	if err != nil && !isNoRows(err) {
		return "", fmt.Errorf("events: answer: %w", err)
	}
	return Answer(a), nil
}

// promote moves people from the waitlist of occurrence o to going while
// seats are free, first come first served, and tells each.
func (s *Service) promote(ctx context.Context, e Event, o Occurrence, now time.Time) error {
	key := store.Millis(o.Original)
	for {
		var going int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_rsvps WHERE event_id = $1 AND occurrence = $2 AND answer = 'going'`, e.ID, key).Scan(&going); err != nil {
			return fmt.Errorf("events: promote: %w", err)
		}
		if e.Capacity > 0 && going >= e.Capacity {
			return nil
		}
		next, err := s.userIDs(ctx, `SELECT user_id FROM event_rsvps WHERE event_id = $1 AND occurrence = $2 AND answer = 'waitlist' ORDER BY seq, user_id LIMIT 1`, e.ID, key)
		if err != nil || len(next) == 0 {
			return err
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE event_rsvps SET answer = 'going' WHERE event_id = $1 AND occurrence = $2 AND user_id = $3`, e.ID, key, next[0]); err != nil {
			return fmt.Errorf("events: promote: %w", err)
		}
		if err := s.inbox.Send(ctx, notify.Note{Kind: notify.EventWaitlist, CommunityID: e.Community.ID,
			Title: "A seat freed up: you are going to “" + e.Title + "” on " + o.Local().Format("Mon 2 Jan 15:04"), Link: o.Path()}, next[0]); err != nil {
			return err
		}
	}
}

// promoteAll fills the seats a raised capacity freed, on every coming occurrence.
func (s *Service) promoteAll(ctx context.Context, before Event, now time.Time) error {
	e, err := s.load(ctx, before.ID)
	if err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT occurrence FROM event_rsvps WHERE event_id = $1 AND answer = 'waitlist' AND occurrence > $2`, e.ID, store.Millis(now))
	if err != nil {
		return fmt.Errorf("events: promote: %w", err)
	}
	var keys []int64
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return err
		}
		keys = append(keys, k)
	}
	rows.Close()
	for _, k := range keys {
		o, err := s.one(ctx, e, store.Time(k))
		if err != nil {
			continue // its occurrence left the series
		}
		if err := s.promote(ctx, e, o, now); err != nil {
			return err
		}
	}
	return nil
}

// Answerer is someone who answered an occurrence.
type Answerer struct {
	Person
	Answer   Answer
	Attended bool
}

// Answers lists who answered occurrence orig (going, then waitlist in
// order, maybe, not going) and whether each attended: for the event
// page's attendee list and the hosts' attendance form.
func (s *Service) Answers(ctx context.Context, viewer account.User, slug string, id int64, orig time.Time) ([]Answerer, error) {
	sc, err := s.scope(ctx, viewer, slug, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.one(ctx, sc.e, orig); err != nil {
		return nil, err
	}
	key := store.Millis(orig)
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, u.name, COALESCE(r.answer, ''),
			CASE WHEN a.user_id IS NULL THEN 0 ELSE 1 END
		FROM users u
		LEFT JOIN event_rsvps r ON r.event_id = $1 AND r.occurrence = $2 AND r.user_id = u.id
		LEFT JOIN event_attendance a ON a.event_id = $1 AND a.occurrence = $2 AND a.user_id = u.id
		WHERE r.user_id IS NOT NULL OR a.user_id IS NOT NULL
		ORDER BY CASE COALESCE(r.answer, '') WHEN 'going' THEN 0 WHEN 'waitlist' THEN 1 WHEN 'maybe' THEN 2 WHEN '' THEN 3 ELSE 4 END, r.seq, u.name, u.id`, sc.e.ID, key)
	if err != nil {
		return nil, fmt.Errorf("events: answers: %w", err)
	}
	defer rows.Close()
	var out []Answerer
	for rows.Next() {
		var a Answerer
		var ans string
		var att int
		if err := rows.Scan(&a.ID, &a.Name, &ans, &att); err != nil {
			return nil, err
		}
		a.Answer, a.Attended = Answer(ans), att == 1
		out = append(out, a)
	}
	return out, rows.Err()
}

// RecordAttendance records who was at occurrence orig, replacing an
// earlier record: its hosts, the leader and the core group may, once it
// has started. Attendees are members of one of the event's communities
// or people who answered.
func (s *Service) RecordAttendance(ctx context.Context, actor account.User, slug string, id int64, orig time.Time, attended []int64) error {
	sc, err := s.scope(ctx, actor, slug, id)
	if err != nil {
		return err
	}
	o, err := s.one(ctx, sc.e, orig)
	if err != nil {
		return err
	}
	switch {
	case !sc.manages():
		return errs.E(errs.Forbidden, "Only the hosts, the leader and the core group record attendance.")
	case o.Cancelled:
		return errs.E(errs.Conflict, "This occurrence was cancelled; nobody attended.")
	case o.Start.After(s.clock.Now()):
		return errs.Field("attended", "Attendance can be recorded once the event has started.")
	}
	key := store.Millis(orig)
	var people []int64
	for _, u := range attended {
		if !slices.Contains(people, u) {
			people = append(people, u)
		}
	}
	now := s.clock.Now()
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		for _, u := range people {
			var n int
			err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND (community_id = $2
				OR community_id IN (SELECT community_id FROM event_communities WHERE event_id = $3))`, u, sc.e.Community.ID, id).Scan(&n)
			if err != nil {
				return fmt.Errorf("events: attendance: %w", err)
			}
			if n == 0 {
				if a, err := s.answerOf(ctx, id, key, u); err != nil || a == "" {
					if err != nil {
						return err
					}
					return errs.Field("attended", "Only members of the event's communities, or people who answered, can be marked as there.")
				}
			}
		}
		if _, err := s.db.ExecContext(ctx, `DELETE FROM event_attendance WHERE event_id = $1 AND occurrence = $2`, id, key); err != nil {
			return fmt.Errorf("events: attendance: %w", err)
		}
		for _, u := range people {
			if _, err := s.db.ExecContext(ctx, `INSERT INTO event_attendance (event_id, occurrence, user_id) VALUES ($1, $2, $3)`, id, key, u); err != nil {
				return fmt.Errorf("events: attendance: %w", err)
			}
		}
		if err := s.upsertOccurrence(ctx, id, orig, now, `attendance_at = $3, attendance_by = $4`, store.Millis(now), actor.ID); err != nil {
			return err
		}
		return s.record(ctx, sc.e, actor.ID, ActivityAttendance, map[string]any{"title": sc.e.Title, "occurrence": Key(orig), "attended": len(people)})
	})
}

// mayGiveFeedback reports whether userID took part in occurrence (id,
// key): attended it, or, when no attendance was recorded, said going.
func (s *Service) mayGiveFeedback(ctx context.Context, o Occurrence, key, userID int64) (bool, error) {
	q := `SELECT COUNT(*) FROM event_rsvps WHERE event_id = $1 AND occurrence = $2 AND user_id = $3 AND answer = 'going'`
	if !o.AttendanceAt.IsZero() {
		q = `SELECT COUNT(*) FROM event_attendance WHERE event_id = $1 AND occurrence = $2 AND user_id = $3`
	}
	var n int
	if err := s.db.QueryRowContext(ctx, q, o.EventID, key, userID).Scan(&n); err != nil {
		return false, fmt.Errorf("events: feedback eligibility: %w", err)
	}
	return n > 0, nil
}

// Feedback is one answer to "was it worth your time?".
type Feedback struct {
	Person
	Rating    int
	Comment   string
	UpdatedAt time.Time
}

// GiveFeedback records user's answer to "was it worth your time?" for
// occurrence orig: a rating from 1 to 5 and a comment. Only people who
// attended (or, when no attendance was recorded, said going) answer, once
// it has ended; answering again replaces the answer.
func (s *Service) GiveFeedback(ctx context.Context, user account.User, slug string, id int64, orig time.Time, rating int, comment string) error {
	if user.ID == 0 {
		return errs.E(errs.Unauthorized, "Sign in to give feedback.")
	}
	var f errs.Fields
	if rating < 1 || rating > 5 {
		f.Add("rating", "Rate it from 1 (not worth it) to 5 (very much worth it).")
	}
	comment = validate.Text(&f, "comment", "Comment", comment, 0, CommentMax, true)
	if err := f.Err(); err != nil {
		return err
	}
	sc, err := s.scope(ctx, user, slug, id)
	if err != nil {
		return err
	}
	o, err := s.one(ctx, sc.e, orig)
	if err != nil {
		return err
	}
	if o.Cancelled {
		return errs.E(errs.Conflict, "This occurrence was cancelled.")
	}
	if o.End.After(s.clock.Now()) {
		return errs.Field("rating", "Feedback opens when the event is over.")
	}
	key := store.Millis(orig)
	ok, err := s.mayGiveFeedback(ctx, o, key, user.ID)
	if err != nil {
		return err
	}
	if !ok {
		return errs.E(errs.Forbidden, "Only people who attended can say whether it was worth their time.")
	}
	now := store.Millis(s.clock.Now())
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO event_feedback (event_id, occurrence, user_id, rating, comment, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (event_id, occurrence, user_id) DO UPDATE SET rating = $4, comment = $5, updated_at = $6`,
			id, key, user.ID, rating, comment, now); err != nil {
			return fmt.Errorf("events: feedback: %w", err)
		}
		// The rating stays out of the log, which every member reads.
		return s.record(ctx, sc.e, user.ID, ActivityFeedback, map[string]any{"title": sc.e.Title, "occurrence": Key(orig)})
	})
}

// FeedbackSummary is what hosts read about an occurrence.
type FeedbackSummary struct {
	Count   int
	Average float64
	Answers []Feedback
}

// AverageText is the average for pages, e.g. "4.3".
func (f FeedbackSummary) AverageText() string {
	return strings.TrimSuffix(fmt.Sprintf("%.1f", f.Average), ".0")
}

// FeedbackFor returns the feedback on occurrence orig: for its hosts, the
// leader and the core group only.
func (s *Service) FeedbackFor(ctx context.Context, viewer account.User, slug string, id int64, orig time.Time) (FeedbackSummary, error) {
	sc, err := s.scope(ctx, viewer, slug, id)
	if err != nil {
		return FeedbackSummary{}, err
	}
	if !sc.manages() {
		return FeedbackSummary{}, errs.E(errs.Forbidden, "Only the hosts, the leader and the core group read the feedback.")
	}
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, u.name, f.rating, f.comment, f.updated_at FROM event_feedback f JOIN users u ON u.id = f.user_id
		WHERE f.event_id = $1 AND f.occurrence = $2 ORDER BY f.updated_at DESC, u.id`, id, store.Millis(orig))
	if err != nil {
		return FeedbackSummary{}, fmt.Errorf("events: feedback: %w", err)
	}
	defer rows.Close()
	var out FeedbackSummary
	sum := 0
	for rows.Next() {
		var fb Feedback
		var at int64
		if err := rows.Scan(&fb.ID, &fb.Name, &fb.Rating, &fb.Comment, &at); err != nil {
			return FeedbackSummary{}, err
		}
		fb.UpdatedAt = store.Time(at)
		sum += fb.Rating
		out.Answers = append(out.Answers, fb)
	}
	out.Count = len(out.Answers)
	if out.Count > 0 {
		out.Average = float64(sum) / float64(out.Count)
	}
	return out, rows.Err()
}

// MyFeedback returns user's own feedback on occurrence orig, if any.
func (s *Service) MyFeedback(ctx context.Context, user account.User, id int64, orig time.Time) (Feedback, bool, error) {
	var fb Feedback
	var at int64
	err := s.db.QueryRowContext(ctx, `SELECT rating, comment, updated_at FROM event_feedback WHERE event_id = $1 AND occurrence = $2 AND user_id = $3`,
		id, store.Millis(orig), user.ID).Scan(&fb.Rating, &fb.Comment, &at)
	if isNoRows(err) {
		return Feedback{}, false, nil
	}
	if err != nil {
		return Feedback{}, false, fmt.Errorf("events: my feedback: %w", err)
	}
	fb.Person, fb.UpdatedAt = Person{ID: user.ID, Name: user.Name}, store.Time(at)
	return fb, true, nil
}

// MayGiveFeedback reports whether user may answer "was it worth your
// time?" for occurrence o now.
func (s *Service) MayGiveFeedback(ctx context.Context, user account.User, o Occurrence) (bool, error) {
	if user.ID == 0 || o.Cancelled || o.End.After(s.clock.Now()) {
		return false, nil
	}
	return s.mayGiveFeedback(ctx, o, store.Millis(o.Original), user.ID)
}
