package practice_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/app"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/notify"
	"cultivate/internal/practice"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func (w *world) sweep(t *testing.T) practice.SweepReport {
	t.Helper()
	rep, err := w.svc.Sweep(w.ctx)
	if err != nil {
		t.Fatalf("Sweep: %v", err)
	}
	return rep
}

// TestSweepRemindsTheCoreGroupOnceBeforeABreach: four hours before the due
// time, the leader and the core group hear of each request still without a
// reply, once; a request found overdue is reminded as overdue.
func TestSweepRemindsTheCoreGroupOnceBeforeABreach(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		r1 := w.ask(t, w.ana, "test an API contract")
		r2 := w.ask(t, w.chloe, "coach a new tester")
		answered := w.ask(t, w.ben, "mutation testing")
		w.reply(t, w.ana, answered.ID, "Try Stryker.")
		closed := w.ask(t, w.ben, "test printing")
		if err := w.svc.Close(w.ctx, w.ben, w.c.Slug, closed.ID, "We dropped printing."); err != nil {
			t.Fatal(err)
		}
		deleted := w.ask(t, w.ben, "test faxes")
		if err := w.svc.Delete(w.ctx, w.ben, w.c.Slug, deleted.ID); err != nil {
			t.Fatal(err)
		}
		if rep := w.sweep(t); rep != (practice.SweepReport{}) {
			t.Errorf("right after asking, Sweep did %+v", rep)
		}
		w.clock.Set(t0.Add(20*time.Hour - time.Millisecond))
		if rep := w.sweep(t); rep != (practice.SweepReport{}) {
			t.Errorf("just before the reminder time, Sweep did %+v", rep)
		}
		// Ben takes r1 and holds it when the reminder comes: he hears too.
		w.clock.Set(t0.Add(19 * time.Hour))
		if _, err := w.svc.Claim(w.ctx, w.ben, w.c.Slug, r1.ID); err != nil {
			t.Fatal(err)
		}
		w.clock.Set(t0.Add(20 * time.Hour))
		since := w.mark(t)
		if rep := w.sweep(t); rep.Reminded != 2 {
			t.Errorf("at the reminder time, Sweep did %+v, want 2 reminders", rep)
		}
		w.wantLog(t, since, line{practice.ActivityReminded, 0, r1.ID}, line{practice.ActivityReminded, 0, r2.ID})
		if got := w.notes(t, w.lea, notify.AtRisk); len(got) != 2 || got[0] != "Due in 4 h: “How do we test an API contract?” is waiting for a first reply" {
			t.Errorf("Léa's notes %q", got)
		}
		if got := w.notes(t, w.chloe, notify.AtRisk); len(got) != 1 {
			t.Errorf("Chloé's notes %q: one, not about her own request", got)
		}
		if got := w.notes(t, w.ben, notify.AtRisk); len(got) != 1 {
			t.Errorf("Ben, who holds r1, got %q", got)
		}
		for _, u := range []account.User{w.ana, w.sam, w.otto} {
			if got := w.notes(t, u, notify.AtRisk); len(got) != 0 {
				t.Errorf("%s got %q", u.Name, got)
			}
		}
		if rep := w.sweep(t); rep != (practice.SweepReport{}) {
			t.Errorf("a second Sweep did %+v", rep)
		}
		w.clock.Advance(10 * time.Hour)
		if rep := w.sweep(t); rep != (practice.SweepReport{}) {
			t.Errorf("once overdue, Sweep reminded again: %+v", rep)
		}

		// A request first seen when already overdue is reminded as overdue.
		late := w.ask(t, w.ana, "load-test a queue")
		w.clock.Advance(26 * time.Hour)
		if rep := w.sweep(t); rep.Reminded != 1 {
			t.Errorf("Sweep did %+v", rep)
		}
		got := w.notes(t, w.lea, notify.AtRisk)
		if len(got) != 3 || got[2] != "Overdue: “How do we load-test a queue?” has waited 26 h for a first reply" {
			t.Errorf("Léa's notes %q", got)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM requests WHERE reminded_at IS NOT NULL`); n != 3 {
			t.Errorf("%d requests reminded, want r1, r2 and %d", n, late.ID)
		}
	})
}

// TestSweepRemindsInWorkingHours: with a working-hours commitment the
// reminder comes four working hours before the due time.
func TestSweepRemindsInWorkingHours(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		st := practice.DefaultSettings()
		st.WorkingHoursOnly, st.ResponseMinutes = true, 8*60
		if _, err := w.svc.UpdateSettings(w.ctx, w.lea, w.c.Slug, st); err != nil {
			t.Fatal(err)
		}
		w.clock.Set(time.Date(2025, 3, 14, 15, 0, 0, 0, time.UTC)) // Friday 15:00: due Monday 15:00
		r := w.ask(t, w.ana, "test time zones")
		if want := time.Date(2025, 3, 17, 15, 0, 0, 0, time.UTC); !r.Clock.DueAt.Equal(want) {
			t.Fatalf("due %s, want %s", r.Clock.DueAt, want)
		}
		w.clock.Set(time.Date(2025, 3, 16, 12, 0, 0, 0, time.UTC)) // Sunday: 8 working hours left, not yet
		if rep := w.sweep(t); rep.Reminded != 0 {
			t.Errorf("on Sunday Sweep did %+v", rep)
		}
		w.clock.Set(time.Date(2025, 3, 17, 11, 0, 0, 0, time.UTC)) // Monday 11:00: four working hours left
		if rep := w.sweep(t); rep.Reminded != 1 {
			t.Errorf("on Monday 11:00 Sweep did %+v", rep)
		}
	})
}

// TestSweepFollowsUpAsksAgainThenClosesTheLoop: FollowupDays after solving
// the asker is asked how it turned out; ReaskAfter later once more; the
// same time after that the loop closes as no outcome. A late answer is
// still welcome.
func TestSweepFollowsUpAsksAgainThenClosesTheLoop(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		solve := func(u, helper account.User, what string) practice.Request {
			r := w.ask(t, u, what)
			p := w.reply(t, helper, r.ID, "Here is what worked for us.")
			if err := w.svc.Accept(w.ctx, u, w.c.Slug, r.ID, p.ID); err != nil {
				t.Fatal(err)
			}
			return r
		}
		r := solve(w.ana, w.ben, "test an ETL job")
		told := solve(w.ben, w.ana, "test a cron job")
		if err := w.svc.ReportOutcome(w.ctx, w.ben, w.c.Slug, told.ID, practice.Worked, "Fine."); err != nil {
			t.Fatal(err)
		}
		day := 24 * time.Hour

		w.clock.Set(t0.Add(14*day - time.Millisecond))
		if rep := w.sweep(t); rep != (practice.SweepReport{}) {
			t.Errorf("before the follow-up is due, Sweep did %+v", rep)
		}
		w.clock.Set(t0.Add(14 * day))
		since := w.mark(t)
		if rep := w.sweep(t); rep != (practice.SweepReport{FollowupsAsked: 1}) {
			t.Errorf("Sweep did %+v, want one follow-up (Ben already answered his)", rep)
		}
		if rep := w.sweep(t); rep != (practice.SweepReport{}) {
			t.Errorf("a second Sweep did %+v", rep)
		}
		w.clock.Set(t0.Add(21*day - time.Millisecond))
		if rep := w.sweep(t); rep != (practice.SweepReport{}) {
			t.Errorf("before the re-ask, Sweep did %+v", rep)
		}
		w.clock.Set(t0.Add(21 * day))
		if rep := w.sweep(t); rep != (practice.SweepReport{FollowupsReasked: 1}) {
			t.Errorf("Sweep did %+v, want one re-ask", rep)
		}
		if got := w.get(t, w.ana, r.ID); !got.FollowupAskedAt.Equal(t0.Add(14*day)) || !got.FollowupReaskedAt.Equal(t0.Add(21*day)) || got.Outcome != "" {
			t.Errorf("loop %+v", got)
		}
		w.clock.Set(t0.Add(28 * day))
		if rep := w.sweep(t); rep != (practice.SweepReport{LoopsClosed: 1}) {
			t.Errorf("Sweep did %+v, want the loop closed", rep)
		}
		if rep := w.sweep(t); rep != (practice.SweepReport{}) {
			t.Errorf("a last Sweep did %+v", rep)
		}
		w.wantLog(t, since, line{practice.ActivityFollowupAsked, 0, r.ID}, line{practice.ActivityFollowupReasked, 0, r.ID}, line{practice.ActivityNoOutcome, 0, r.ID})
		got := w.notes(t, w.ana, notify.FollowUp)
		if len(got) != 2 || !strings.HasPrefix(got[0], "How did it turn out?") || !strings.HasPrefix(got[1], "Still curious") {
			t.Errorf("Ana's follow-up notes %q", got)
		}
		if got := w.get(t, w.ana, r.ID); got.Outcome != practice.NoOutcome || !got.OutcomeAt.Equal(t0.Add(28*day)) {
			t.Errorf("closed loop %q at %s", got.Outcome, got.OutcomeAt)
		}
		if page, _ := w.svc.List(w.ctx, w.ana, practice.Filter{View: practice.ViewWaitingFollowup}); len(page.Items) != 0 {
			t.Errorf("a closed loop still waits for Ana's follow-up")
		}
		// Ana answers late: welcome, and the helpers hear it.
		if err := w.svc.ReportOutcome(w.ctx, w.ana, w.c.Slug, r.ID, practice.DidNot, "The job was retired before we tried."); err != nil {
			t.Fatalf("late outcome: %v", err)
		}
		if got := w.notes(t, w.ben, notify.Outcome); len(got) != 1 {
			t.Errorf("Ben's outcome notes %q", got)
		}
	})
}

// TestSweepReasksAfterAtLeastThreeDays: with a two-day follow-up, the
// re-ask and the close each wait the three-day minimum, and one Sweep after
// a long pause moves a loop on by one step only.
func TestSweepReasksAfterAtLeastThreeDays(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		st := practice.DefaultSettings()
		st.FollowupDays = 2
		if _, err := w.svc.UpdateSettings(w.ctx, w.lea, w.c.Slug, st); err != nil {
			t.Fatal(err)
		}
		r := w.ask(t, w.ana, "test an email")
		p := w.reply(t, w.ben, r.ID, "MailHog.")
		if err := w.svc.Accept(w.ctx, w.ana, w.c.Slug, r.ID, p.ID); err != nil {
			t.Fatal(err)
		}
		day := 24 * time.Hour
		w.clock.Set(t0.Add(100 * day))
		want := []practice.SweepReport{{FollowupsAsked: 1}, {}, {}}
		for i, rep := range want {
			if got := w.sweep(t); got != rep {
				t.Errorf("Sweep %d after a long pause did %+v, want %+v", i, got, rep)
			}
		}
		w.clock.Advance(3*day - time.Millisecond)
		if got := w.sweep(t); got != (practice.SweepReport{}) {
			t.Errorf("before three days, Sweep did %+v", got)
		}
		w.clock.Advance(time.Millisecond)
		if got := w.sweep(t); got != (practice.SweepReport{FollowupsReasked: 1}) {
			t.Errorf("after three days, Sweep did %+v", got)
		}
		w.clock.Advance(3 * day)
		if got := w.sweep(t); got != (practice.SweepReport{LoopsClosed: 1}) {
			t.Errorf("after three more days, Sweep did %+v", got)
		}
	})
}

// TestSweepIsExactlyOnceAcrossReplicas: several replicas sweeping one
// database at the same moment send each reminder and follow-up once.
func TestSweepIsExactlyOnceAcrossReplicas(t *testing.T) {
	t.Parallel()
	for _, engine := range []string{storetest.Postgres, storetest.SQLite} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			dsn := storetest.URL(t, engine)
			clk := clock.NewFake(t0)
			w := newWorldOn(t, newFixtureAt(t, storetest.OpenURL(t, dsn), clk), community.Open)
			replica := func() *practice.Service {
				db := storetest.OpenURL(t, dsn)
				a, err := app.New(db, clk, app.Options{PasswordHash: account.FastHashParams()})
				if err != nil {
					t.Fatal(err)
				}
				return practice.New(db, clk, a.Activity, a.Communities, a.Accounts, a.Inbox, a.Search)
			}
			services := []*practice.Service{w.svc, replica(), replica()}

			// SQLite serializes writers itself, and its waiting writers back
			// off by sleeping: fewer rows keep that run short.
			n := 12
			if engine == storetest.SQLite {
				n = 4
			}
			for i := range n {
				w.ask(t, w.ana, fmt.Sprintf("handle case %d", i))
				solved := w.ask(t, w.ben, fmt.Sprintf("settle question %d", i))
				p := w.reply(t, w.ana, solved.ID, "This worked for us.")
				if err := w.svc.Accept(w.ctx, w.ben, w.c.Slug, solved.ID, p.ID); err != nil {
					t.Fatal(err)
				}
			}
			w.clock.Advance(15 * 24 * time.Hour)

			var mu sync.Mutex
			var total practice.SweepReport
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range 6 {
				svc := services[i%len(services)]
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					rep, err := svc.Sweep(w.ctx)
					if err != nil {
						t.Errorf("Sweep: %v", err)
					}
					mu.Lock()
					total.Reminded += rep.Reminded
					total.FollowupsAsked += rep.FollowupsAsked
					total.FollowupsReasked += rep.FollowupsReasked
					total.LoopsClosed += rep.LoopsClosed
					mu.Unlock()
				}()
			}
			close(start)
			wg.Wait()
			if total != (practice.SweepReport{Reminded: n, FollowupsAsked: n}) {
				t.Errorf("six concurrent sweeps did %+v in all, want %d reminders and %d follow-ups", total, n, n)
			}
			for _, c := range []struct {
				u    account.User
				kind string
				want int
			}{
				{w.lea, notify.AtRisk, n}, {w.chloe, notify.AtRisk, n}, {w.ana, notify.AtRisk, 0},
				{w.ben, notify.FollowUp, n}, {w.ana, notify.FollowUp, 0},
			} {
				if got := len(w.notes(t, c.u, c.kind)); got != c.want {
					t.Errorf("%s has %d %s notes, want %d", c.u.Name, got, c.kind, c.want)
				}
			}
			if got := w.count(t, `SELECT COUNT(*) FROM activity WHERE kind IN ($1, $2)`, practice.ActivityReminded, practice.ActivityFollowupAsked); got != 2*n {
				t.Errorf("%d sweep entries logged, want %d", got, 2*n)
			}
		})
	}
}
