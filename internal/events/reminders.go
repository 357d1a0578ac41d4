package events

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cultivate/internal/errs"
	"cultivate/internal/jobs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
)

// Kinds of the jobs this package runs.
const (
	// JobSchedule runs hourly and enqueues a reminder for each occurrence
	// starting within RemindBefore and a feedback ask for each that ended
	// within FeedbackWithin.
	JobSchedule = "events.schedule"
	// JobRemind tells everyone going to one occurrence that it starts soon.
	JobRemind = "events.remind"
	// JobFeedback asks everyone who took part in one occurrence whether it
	// was worth their time.
	JobFeedback = "events.feedback"
)

// RemindBefore is how long before an occurrence its reminder goes out.
const RemindBefore = 24 * time.Hour

// FeedbackWithin is how long after an occurrence its feedback may still
// be asked for (when the scheduler was not running when it ended).
const FeedbackWithin = 3 * 24 * time.Hour

// occurrenceJob is the payload of JobRemind and JobFeedback.
type occurrenceJob struct {
	EventID  int64 `json:"event_id"`
	Original int64 `json:"original"` // the occurrence's original start, in ms
}

// jobKey is the dedupe key of an occurrence's job: one reminder and one
// feedback ask per occurrence, ever.
func jobKey(eventID int64, orig time.Time, what string) string {
	return fmt.Sprintf("event:%d:%s:%s", eventID, Key(orig), what)
}

// Register adds the events jobs to q: the hourly scheduler and the two
// per-occurrence handlers. Their database effects run in the job's
// transaction, so each happens exactly once.
func (s *Service) Register(q *jobs.Queue) {
	q.Every(JobSchedule, jobs.Interval(time.Hour))
	q.Handle(JobSchedule, func(ctx context.Context, _ jobs.Job) error {
		_, err := s.Schedule(ctx)
		return err
	})
	q.Handle(JobRemind, s.remind)
	q.Handle(JobFeedback, s.askFeedback)
}

// Schedule enqueues the reminders and feedback asks now due, each keyed by
// its occurrence so enqueueing twice adds nothing. It reports how many
// jobs it added. It runs inside the scheduler job's transaction.
func (s *Service) Schedule(ctx context.Context) (int, error) {
	now := s.clock.Now()
	evs, err := s.eventsIn(ctx, `TRUE`, nil, now.Add(-FeedbackWithin), now.Add(RemindBefore), false)
	if err != nil {
		return 0, err
	}
	occ, err := s.expand(ctx, evs, now.Add(-FeedbackWithin), now.Add(RemindBefore))
	if err != nil {
		return 0, err
	}
	added := 0
	for _, o := range occ {
		if o.Cancelled {
			continue
		}
		payload := occurrenceJob{EventID: o.EventID, Original: store.Millis(o.Original)}
		var kind, what string
		switch {
		case o.Start.After(now) && !o.Start.After(now.Add(RemindBefore)):
			kind, what = JobRemind, "remind"
		case !o.End.After(now) && o.End.After(now.Add(-FeedbackWithin)):
			kind, what = JobFeedback, "feedback"
		default:
			continue
		}
		ok, err := s.queue.Enqueue(ctx, kind, payload, jobs.Options{Key: jobKey(o.EventID, o.Original, what)})
		if err != nil {
			return added, err
		}
		if ok {
			added++
		}
	}
	return added, nil
}

// current reads the occurrence a job is about, as it is now; ok is false
// when it is gone or cancelled, and the job has nothing to do.
func (s *Service) current(ctx context.Context, j jobs.Job) (Event, Occurrence, bool, error) {
	var p occurrenceJob
	if err := j.Decode(&p); err != nil {
		return Event{}, Occurrence{}, false, err
	}
	e, err := s.load(ctx, p.EventID)
	if errs.Is(err, errs.NotFound) {
		return Event{}, Occurrence{}, false, nil
	}
	if err != nil {
		return Event{}, Occurrence{}, false, err
	}
	o, err := s.one(ctx, e, store.Time(p.Original))
	if err != nil || o.Cancelled {
		return Event{}, Occurrence{}, false, nil
	}
	return e, o, true, nil
}

func (s *Service) remind(ctx context.Context, j jobs.Job) error {
	e, o, ok, err := s.current(ctx, j)
	if err != nil || !ok {
		return err
	}
	people, err := s.userIDs(ctx, `SELECT user_id FROM event_rsvps WHERE event_id = $1 AND occurrence = $2 AND answer = 'going'`, e.ID, store.Millis(o.Original))
	if err != nil {
		return err
	}
	where := o.Place
	if where == "" {
		where = "online"
	}
	return s.inbox.Send(ctx, notify.Note{Kind: notify.EventReminder, CommunityID: e.Community.ID,
		Title: "Coming up: “" + e.Title + "”, " + o.Local().Format("Mon 2 Jan 15:04 MST") + ", " + where, Link: o.Path()}, people...)
}

func (s *Service) askFeedback(ctx context.Context, j jobs.Job) error {
	e, o, ok, err := s.current(ctx, j)
	if err != nil || !ok {
		return err
	}
	q := `SELECT user_id FROM event_rsvps WHERE event_id = $1 AND occurrence = $2 AND answer = 'going'`
	if !o.AttendanceAt.IsZero() {
		q = `SELECT user_id FROM event_attendance WHERE event_id = $1 AND occurrence = $2`
	}
	people, err := s.userIDs(ctx, q, e.ID, store.Millis(o.Original))
	if err != nil {
		return err
	}
	return s.inbox.Send(ctx, notify.Note{Kind: notify.EventFeedback, CommunityID: e.Community.ID,
		Title: "Was “" + e.Title + "” worth your time? Tell the hosts in one click", Link: o.Path() + "#feedback"}, people...)
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
