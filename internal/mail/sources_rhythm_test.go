package mail_test

import (
	"strings"
	"testing"
	"time"

	"cultivate/internal/activity"
	"cultivate/internal/backlog"
	"cultivate/internal/clock"
	"cultivate/internal/events"
	"cultivate/internal/mail"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// TestDigestShowsUpcomingEventsAndMovedBacklog runs the events and backlog
// sections on real services: the next two weeks' dates with the reader's
// answer, and the items that changed status during the week.
func TestDigestShowsUpcomingEventsAndMovedBacklog(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clock.NewFake(t0), mail.Options{})
		w := f.world(t)
		log := activity.New(db)
		ev := events.New(db, f.clock, log, f.com, f.inbox, f.queue)
		bl := backlog.New(db, f.clock, log, f.com, f.inbox)

		// A brown bag on Tuesday 10 March (inside the two weeks after the
		// Monday 9 March digest) and one in April (outside them).
		for _, start := range []string{"2026-03-10T12:30", "2026-04-14T12:30"} {
			if _, err := ev.Create(f.ctx, w.lea, "testing", events.Input{Title: "Brown bag " + start[:10], Format: events.BrownBag,
				Start: start, End: start[:11] + "13:30", TimeZone: "Europe/Madrid", Link: "https://meet.example.org/testing"}); err != nil {
				t.Fatal(err)
			}
		}
		item, err := bl.Create(f.ctx, w.ann, "testing", backlog.NewItem{Title: "A session on contract tests"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := bl.Create(f.ctx, w.bob, "testing", backlog.NewItem{Title: "Nobody moved this one"}); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Hour)
		if _, err := bl.Move(f.ctx, w.lea, "testing", item.ID, backlog.Planned, ""); err != nil {
			t.Fatal(err)
		}

		since, until := time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC), time.Date(2026, 3, 9, 7, 0, 0, 0, time.UTC)
		sec, err := mail.EventsSource(ev)(f.ctx, w.ann.ID, since, until)
		if err != nil {
			t.Fatal(err)
		}
		if len(sec.Items) != 1 || sec.Items[0].Title != "Brown bag 2026-03-10" || !strings.Contains(sec.Items[0].Detail, "Tue 10 Mar, 12:30 CET") {
			t.Fatalf("upcoming events: %+v", sec.Items)
		}
		if other, _ := mail.EventsSource(ev)(f.ctx, f.user(t, "Carl Outsider", "").ID, since, until); len(other.Items) != 0 {
			t.Fatalf("someone in no community sees events: %+v", other.Items)
		}
		sec, err = mail.BacklogSource(bl)(f.ctx, w.bob.ID, since, until)
		if err != nil {
			t.Fatal(err)
		}
		if len(sec.Items) != 1 || sec.Items[0].Title != "A session on contract tests" || !strings.HasPrefix(sec.Items[0].Detail, "Planned") {
			t.Fatalf("moved backlog items: %+v", sec.Items)
		}
		// A move after the week ended waits for next week's digest.
		if sec, _ := mail.BacklogSource(bl)(f.ctx, w.bob.ID, since, t0); len(sec.Items) != 0 {
			t.Fatalf("a move after the week's end is in its digest: %+v", sec.Items)
		}
	})
}
