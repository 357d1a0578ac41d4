package events_test

import (
	"testing"
	"time"

	"cultivate/internal/clock"
	"cultivate/internal/events"
	"cultivate/internal/notify"
	"cultivate/internal/storetest"
)

// Two replicas (two queues on two handles of one database) run the jobs
// side by side, over and over, across a month of a weekly series: each
// person going gets one reminder per occurrence, each attendee one
// feedback ask, and nobody else anything.
func TestRemindersAndFeedbackAsksGoOutOncePerOccurrence(t *testing.T) {
	for _, engine := range []string{storetest.SQLite, storetest.Postgres} {
		t.Run(engine, func(t *testing.T) {
			dsn := storetest.URL(t, engine)
			clk := clock.NewFake(t0)
			a := newFixtureAt(t, storetest.OpenURL(t, dsn), clk)
			b := newFixtureAt(t, storetest.OpenURL(t, dsn), clk)
			w := a.world(t)
			in := brownBag()
			in.Recurrence.Count = 3
			e := a.create(t, w.leader, w.c.Slug, in)
			first, second, third := e.Start, e.Start.AddDate(0, 0, 7), e.Start.AddDate(0, 0, 14)
			for _, o := range []time.Time{first, second, third} {
				if _, err := a.ev.RSVP(a.ctx, w.alice, w.c.Slug, e.ID, o, events.Going); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := a.ev.RSVP(a.ctx, w.bob, w.c.Slug, e.ID, second, events.Going); err != nil {
				t.Fatal(err)
			}
			if _, err := a.ev.RSVP(a.ctx, w.carol, w.c.Slug, e.ID, second, events.Maybe); err != nil {
				t.Fatal(err)
			}
			if err := a.ev.CancelOccurrence(a.ctx, w.leader, w.c.Slug, e.ID, third); err != nil {
				t.Fatal(err)
			}
			// Walk through four weeks in 20-minute steps; at each, both
			// replicas run what is due, twice.
			for clk.Now().Before(t0.AddDate(0, 0, 28)) {
				for range 2 {
					for _, f := range []*fixture{a, b} {
						if _, err := f.queue.RunDue(f.ctx); err != nil {
							t.Fatal(err)
						}
					}
				}
				clk.Advance(20 * time.Minute)
			}
			for _, tc := range []struct {
				who          string
				id           int64
				remind, asks int
			}{
				{"alice (going to the two held)", w.alice.ID, 2, 2},
				{"bob (going to the second)", w.bob.ID, 1, 1},
				{"carol (maybe)", w.carol.ID, 0, 0},
				{"the leader", w.leader.ID, 0, 0},
			} {
				if got := a.notes(t, tc.id, notify.EventReminder); got != tc.remind {
					t.Errorf("%s: %d reminders, want %d", tc.who, got, tc.remind)
				}
				if got := a.notes(t, tc.id, notify.EventFeedback); got != tc.asks {
					t.Errorf("%s: %d feedback asks, want %d", tc.who, got, tc.asks)
				}
			}
			if n := storetest.Count(t, a.db, `SELECT COUNT(*) FROM jobs WHERE kind = $1`, events.JobRemind); n != 2 {
				t.Errorf("%d reminder jobs, want one per occurrence held", n)
			}
			// The reminder came about a day before.
			var sent int64
			if err := a.db.QueryRowContext(a.ctx, `SELECT MIN(created_at) FROM notifications WHERE kind = $1`, notify.EventReminder).Scan(&sent); err != nil {
				t.Fatal(err)
			}
			if ahead := first.Sub(time.UnixMilli(sent)); ahead > events.RemindBefore || ahead < events.RemindBefore-time.Hour {
				t.Errorf("the first reminder came %v ahead", ahead)
			}
		})
	}
}
