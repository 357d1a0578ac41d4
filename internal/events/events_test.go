package events_test

import (
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/events"
	"cultivate/internal/ical"
	"cultivate/internal/notify"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestWeeklySeriesKeepsLocalTimeAcrossSummerTime(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		for _, tc := range []struct {
			zone, start string
			// local dates of the occurrences, all at 12:00, and the UTC hour of each
			want    []string
			utcHour []int
		}{
			{"Europe/London", "2026-03-17T12:00", []string{"2026-03-17", "2026-03-24", "2026-03-31", "2026-04-07"}, []int{12, 12, 11, 11}},
			{"America/New_York", "2026-03-03T12:00", []string{"2026-03-03", "2026-03-10", "2026-03-17"}, []int{17, 16, 16}},
		} {
			in := brownBag()
			in.TimeZone, in.Start, in.End = tc.zone, tc.start, strings.Replace(tc.start, "12:00", "13:00", 1)
			in.Recurrence.Count = len(tc.want)
			e := f.create(t, w.leader, w.c.Slug, in)
			occ, err := f.ev.Occurrences(f.ctx, w.alice, w.c.Slug, e.ID, t0, t0.AddDate(1, 0, 0))
			if err != nil {
				t.Fatal(err)
			}
			if len(occ) != len(tc.want) {
				t.Fatalf("%s: %d occurrences, want %d", tc.zone, len(occ), len(tc.want))
			}
			for i, o := range occ {
				local := o.Local()
				if local.Format("2006-01-02 15:04") != tc.want[i]+" 12:00" || o.Start.UTC().Hour() != tc.utcHour[i] || o.End.Sub(o.Start) != time.Hour {
					t.Errorf("%s occurrence %d: %s (UTC %s), want %s 12:00 local, %02d:00 UTC", tc.zone, i, local, o.Start.UTC(), tc.want[i], tc.utcHour[i])
				}
			}
		}
	})
}

func TestRecurrenceRules(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		for _, tc := range []struct {
			name  string
			start string
			rule  events.Recurrence
			want  []string // local dates, from t0 on, capped at five
		}{
			{"every two weeks until a date", "2026-03-03T12:00", events.Recurrence{Freq: events.Weekly, Interval: 2, Until: "2026-04-14"},
				[]string{"2026-03-03", "2026-03-17", "2026-03-31", "2026-04-14"}},
			{"monthly on the second Tuesday", "2026-03-10T18:00", events.Recurrence{Freq: events.Monthly, Interval: 1, Week: 2, Count: 4},
				[]string{"2026-03-10", "2026-04-14", "2026-05-12", "2026-06-09"}},
			{"monthly on the last Thursday", "2026-03-26T18:00", events.Recurrence{Freq: events.Monthly, Interval: 1, Week: events.LastWeek},
				[]string{"2026-03-26", "2026-04-30", "2026-05-28", "2026-06-25", "2026-07-30"}},
			{"every three months on the first Monday", "2026-03-02T18:00", events.Recurrence{Freq: events.Monthly, Interval: 3, Week: 1, Count: 3},
				[]string{"2026-03-02", "2026-06-01", "2026-09-07"}},
			{"once", "2026-03-05T10:00", events.Recurrence{}, []string{"2026-03-05"}},
		} {
			in := brownBag()
			in.Start, in.End, in.Recurrence = tc.start, tc.start[:11]+"23:00", tc.rule
			e := f.create(t, w.leader, w.c.Slug, in)
			occ, err := f.ev.Occurrences(f.ctx, w.alice, w.c.Slug, e.ID, t0, t0.AddDate(1, 0, 0))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range occ {
				if len(got) < 5 {
					got = append(got, o.Local().Format(time.DateOnly))
				}
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
			}
		}
	})
}

func TestBadInputIsRefusedAndChangesNothing(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		e := f.create(t, w.leader, w.c.Slug, func() events.Input { in := brownBag(); in.Capacity = 5; return in }())
		orig := e.Start
		for _, u := range []account.User{w.alice, w.bob} {
			if _, err := f.ev.RSVP(f.ctx, u, w.c.Slug, e.ID, orig, events.Going); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			name  string
			edit  func(in *events.Input)
			field string
		}{
			{"end before start", func(in *events.Input) { in.End = "2026-03-03T11:00" }, "end"},
			{"end equal to start", func(in *events.Input) { in.End = in.Start }, "end"},
			{"unknown time zone", func(in *events.Input) { in.TimeZone = "Mars/Olympus" }, "time_zone"},
			{"no time zone", func(in *events.Input) { in.TimeZone = "" }, "time_zone"},
			{"interval 0", func(in *events.Input) { in.Recurrence.Interval = 0 }, "recur_interval"},
			{"count and until both", func(in *events.Input) { in.Recurrence.Count = 3; in.Recurrence.Until = "2026-06-01" }, "recur_until"},
			{"monthly week 5", func(in *events.Input) { in.Recurrence = events.Recurrence{Freq: events.Monthly, Interval: 1, Week: 5} }, "recur_week"},
			{"monthly week 0", func(in *events.Input) { in.Recurrence = events.Recurrence{Freq: events.Monthly, Interval: 1} }, "recur_week"},
			{"monthly week not the start's", func(in *events.Input) { in.Recurrence = events.Recurrence{Freq: events.Monthly, Interval: 1, Week: 2} }, "recur_week"},
			{"unknown frequency", func(in *events.Input) { in.Recurrence.Freq = "daily" }, "recur_freq"},
			{"until before the start", func(in *events.Input) { in.Recurrence.Until = "2026-01-01" }, "recur_until"},
			{"javascript link", func(in *events.Input) { in.Link = "javascript:alert(1)" }, "link"},
			{"ftp link", func(in *events.Input) { in.Link = "ftp://files.example.org/x" }, "link"},
			{"no place and no link", func(in *events.Input) { in.Place, in.Link = "", "" }, "place"},
			{"unknown format", func(in *events.Input) { in.Format = "party" }, "format"},
			{"negative capacity", func(in *events.Input) { in.Capacity = -1 }, "capacity"},
			{"capacity below the people going", func(in *events.Input) { in.Capacity = 1 }, "capacity"},
			{"a host who is not a member", func(in *events.Input) { in.Hosts = []int64{w.outsider.ID} }, "hosts"},
			{"shared with a community one does not lead", func(in *events.Input) { in.Shared = []string{"nowhere"} }, "shared"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := storetest.Snapshot(t, db, tables...)
				in := events.InputOf(e)
				tc.edit(&in)
				_, err := f.ev.Update(f.ctx, w.leader, w.c.Slug, e.ID, in)
				wantField(t, err, tc.field)
				in = brownBag()
				tc.edit(&in)
				if tc.field != "capacity" || in.Capacity < 0 {
					_, err = f.ev.Create(f.ctx, w.leader, w.c.Slug, in)
					wantField(t, err, tc.field)
				}
				if after := storetest.Snapshot(t, db, tables...); after != before {
					t.Errorf("a refused change changed the data")
				}
			})
		}
		t.Run("RSVP to a past or cancelled occurrence", func(t *testing.T) {
			second := e.Start.AddDate(0, 0, 7)
			if err := f.ev.CancelOccurrence(f.ctx, w.leader, w.c.Slug, e.ID, second); err != nil {
				t.Fatal(err)
			}
			before := storetest.Snapshot(t, db, tables...)
			_, err := f.ev.RSVP(f.ctx, w.carol, w.c.Slug, e.ID, second, events.Going)
			wantField(t, err, "answer")
			if !strings.Contains(err.Error(), "cancelled") {
				t.Errorf("unclear error: %v", err)
			}
			f.clock.Set(e.Start.Add(10 * time.Minute))
			_, err = f.ev.RSVP(f.ctx, w.carol, w.c.Slug, e.ID, e.Start, events.Going)
			wantField(t, err, "answer")
			_, err = f.ev.RSVP(f.ctx, w.carol, w.c.Slug, e.ID, e.Start.Add(time.Hour), events.Going)
			wantKind(t, err, errs.NotFound)
			_, err = f.ev.RSVP(f.ctx, w.carol, w.c.Slug, e.ID, e.Start.AddDate(0, 0, 14), "perhaps")
			wantField(t, err, "answer")
			if after := storetest.Snapshot(t, db, tables...); after != before {
				t.Errorf("a refused answer changed the data")
			}
		})
		t.Run("feedback from someone who did not attend, or out of range", func(t *testing.T) {
			f.clock.Set(e.End.Add(time.Hour))
			before := storetest.Snapshot(t, db, tables...)
			wantKind(t, f.ev.GiveFeedback(f.ctx, w.carol, w.c.Slug, e.ID, e.Start, 4, "Nice"), errs.Forbidden)
			wantField(t, f.ev.GiveFeedback(f.ctx, w.alice, w.c.Slug, e.ID, e.Start, 0, ""), "rating")
			wantField(t, f.ev.GiveFeedback(f.ctx, w.alice, w.c.Slug, e.ID, e.Start, 6, ""), "rating")
			if after := storetest.Snapshot(t, db, tables...); after != before {
				t.Errorf("refused feedback changed the data")
			}
		})
	})
}

func TestSingleOccurrenceChangesLeaveTheSeries(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		in := brownBag()
		in.Recurrence.Count = 4
		e := f.create(t, w.leader, w.c.Slug, in)
		second, third := e.Start.AddDate(0, 0, 7), e.Start.AddDate(0, 0, 14)
		if _, err := f.ev.RSVP(f.ctx, w.alice, w.c.Slug, e.ID, second, events.Going); err != nil {
			t.Fatal(err)
		}
		if _, err := f.ev.RSVP(f.ctx, w.bob, w.c.Slug, e.ID, third, events.Maybe); err != nil {
			t.Fatal(err)
		}
		since := storetest.LastActivity(t, db)
		moved, err := f.ev.ChangeOccurrence(f.ctx, w.core, w.c.Slug, e.ID, second, events.Change{Start: "2026-03-11T15:00", End: "2026-03-11T16:30", Place: "The big room"})
		if err != nil {
			t.Fatal(err)
		}
		if !moved.Moved || moved.Local().Format("2006-01-02 15:04") != "2026-03-11 15:00" || moved.Place != "The big room" || moved.MyAnswer != "" {
			t.Errorf("moved occurrence: %+v", moved)
		}
		if err := f.ev.CancelOccurrence(f.ctx, w.core, w.c.Slug, e.ID, third); err != nil {
			t.Fatal(err)
		}
		storetest.WantLog(t, db, since, storetest.LogLine{Kind: events.ActivityOccurrenceChange, Actor: w.core.ID, Subject: e.ID},
			storetest.LogLine{Kind: events.ActivityOccurrenceCancel, Actor: w.core.ID, Subject: e.ID})
		if f.notes(t, w.alice.ID, notify.EventChanged) != 1 || f.notes(t, w.bob.ID, notify.EventChanged) != 1 || f.notes(t, w.carol.ID, notify.EventChanged) != 0 {
			t.Errorf("the people who answered were not told (or others were)")
		}
		occ, err := f.ev.Occurrences(f.ctx, w.alice, w.c.Slug, e.ID, t0, t0.AddDate(0, 2, 0))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range occ {
			s := o.Local().Format("01-02 15:04") + " " + o.Place
			if o.Cancelled {
				s += " cancelled"
			}
			if o.MyAnswer != "" {
				s += " " + string(o.MyAnswer)
			}
			got = append(got, s)
		}
		want := "03-03 12:00 Room 4|03-11 15:00 The big room going|03-17 12:00 Room 4 cancelled|03-24 12:00 Room 4"
		if strings.Join(got, "|") != want {
			t.Errorf("occurrences:\n got %s\nwant %s", strings.Join(got, "|"), want)
		}

		// The calendar says the same: a rule, an EXDATE and a RECURRENCE-ID.
		cal, err := f.ev.CommunityCalendar(f.ctx, w.alice, w.c.Slug, "cop.example.org", "https://cop.example.org")
		if err != nil {
			t.Fatal(err)
		}
		text := string(cal.Bytes())
		for _, want := range []string{"UID:event-", "RRULE:FREQ=WEEKLY;INTERVAL=1;COUNT=4\r\n", "EXDATE;TZID=Europe/London:20260317T120000\r\n",
			"RECURRENCE-ID;TZID=Europe/London:20260310T120000\r\n", "DTSTART;TZID=Europe/London:20260311T150000\r\n", "LOCATION:The big room\r\n",
			"BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"} {
			if !strings.Contains(text, want) {
				t.Errorf("the calendar lacks %q:\n%s", want, text)
			}
		}
		root, err := ical.Parse(cal.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if n := len(root.All("VEVENT")); n != 2 {
			t.Errorf("%d VEVENTs, want the series and the moved one", n)
		}

		// Changing an occurrence that is over is refused.
		f.clock.Set(e.End.Add(time.Hour))
		_, err = f.ev.ChangeOccurrence(f.ctx, w.core, w.c.Slug, e.ID, e.Start, events.Change{Place: "Elsewhere"})
		wantKind(t, err, errs.Conflict)
	})
}

func TestWaitlistMovesUpWhenASeatFrees(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		in := brownBag()
		in.Capacity = 2
		e := f.create(t, w.leader, w.c.Slug, in)
		orig := e.Start
		answer := func(u account.User, a events.Answer) events.Occurrence {
			t.Helper()
			o, err := f.ev.RSVP(f.ctx, u, w.c.Slug, e.ID, orig, a)
			if err != nil {
				t.Fatal(err)
			}
			f.clock.Advance(time.Minute)
			return o
		}
		answer(w.alice, events.Going)
		answer(w.bob, events.Going)
		if o := answer(w.carol, events.Going); o.MyAnswer != events.Waitlist || o.WaitlistPlace != 1 || o.Going != 2 || !o.Full() {
			t.Fatalf("carol: %+v", o)
		}
		if o := answer(w.core, events.Going); o.MyAnswer != events.Waitlist || o.WaitlistPlace != 2 {
			t.Fatalf("core: %+v", o)
		}
		// Saying going again keeps one's place.
		if o := answer(w.carol, events.Going); o.WaitlistPlace != 1 {
			t.Fatalf("carol lost her place: %+v", o)
		}
		// Bob frees a seat: Carol moves up and is told; Corentin is next.
		answer(w.bob, events.NotGoing)
		_, o, err := f.ev.Occurrence(f.ctx, w.carol, w.c.Slug, e.ID, orig)
		if err != nil {
			t.Fatal(err)
		}
		if o.MyAnswer != events.Going || o.Going != 2 || o.Waitlisted != 1 {
			t.Errorf("after bob left: %+v", o)
		}
		if f.notes(t, w.carol.ID, notify.EventWaitlist) != 1 || f.notes(t, w.core.ID, notify.EventWaitlist) != 0 {
			t.Errorf("waitlist notes wrong")
		}
		// Raising the capacity moves Corentin up too.
		in2 := events.InputOf(e)
		in2.Capacity = 3
		if _, err := f.ev.Update(f.ctx, w.leader, w.c.Slug, e.ID, in2); err != nil {
			t.Fatal(err)
		}
		_, o, _ = f.ev.Occurrence(f.ctx, w.core, w.c.Slug, e.ID, orig)
		if o.MyAnswer != events.Going || o.Going != 3 || f.notes(t, w.core.ID, notify.EventWaitlist) != 1 {
			t.Errorf("after raising the capacity: %+v", o)
		}
		answers, err := f.ev.Answers(f.ctx, w.leader, w.c.Slug, e.ID, orig)
		if err != nil {
			t.Fatal(err)
		}
		if len(answers) != 4 || answers[3].Answer != events.NotGoing || answers[3].ID != w.bob.ID {
			t.Errorf("answers: %+v", answers)
		}
	})
}

func TestPermissions(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		_, err := f.ev.Create(f.ctx, w.alice, w.c.Slug, brownBag())
		wantKind(t, err, errs.Forbidden)
		_, err = f.ev.Create(f.ctx, account.User{}, w.c.Slug, brownBag())
		wantKind(t, err, errs.Unauthorized)

		in := brownBag()
		in.Hosts = []int64{w.alice.ID}
		e := f.create(t, w.core, w.c.Slug, in)
		if len(e.Hosts) != 1 || e.Hosts[0].ID != w.alice.ID || !e.Can.Edit {
			t.Fatalf("hosts: %+v, can %+v", e.Hosts, e.Can)
		}
		// Alice hosts, so she may change it; Bob may not; the outsider can
		// read an open community's event but not answer.
		in = events.InputOf(e)
		in.Title = "Brown bag: flaky tests, part two"
		if _, err := f.ev.Update(f.ctx, w.alice, w.c.Slug, e.ID, in); err != nil {
			t.Fatalf("a host edits: %v", err)
		}
		_, err = f.ev.Update(f.ctx, w.bob, w.c.Slug, e.ID, in)
		wantKind(t, err, errs.Forbidden)
		wantKind(t, f.ev.Cancel(f.ctx, w.bob, w.c.Slug, e.ID), errs.Forbidden)
		got, err := f.ev.Get(f.ctx, w.outsider, w.c.Slug, e.ID)
		if err != nil || got.Can.RSVP || got.Can.Edit {
			t.Fatalf("the outsider: %v %+v", err, got.Can)
		}
		_, err = f.ev.RSVP(f.ctx, w.outsider, w.c.Slug, e.ID, e.Start, events.Going)
		wantKind(t, err, errs.Forbidden)
		_, err = f.ev.FeedbackFor(f.ctx, w.bob, w.c.Slug, e.ID, e.Start)
		wantKind(t, err, errs.Forbidden)

		// Sharing needs the leader or core role in the other community.
		other := f.community(t, w.lead2, "Data Circle", "open")
		f.add(t, w.lead2, other, w.core, "member")
		in = brownBag()
		in.Shared = []string{other.Slug}
		_, err = f.ev.Create(f.ctx, w.core, w.c.Slug, in)
		wantField(t, err, "shared")
		in.Format = events.CrossCommunity
		f.add(t, w.lead2, other, w.leader, "core")
		x := f.create(t, w.leader, w.c.Slug, in)
		if len(x.SharedWith) != 1 || x.SharedWith[0].Slug != other.Slug {
			t.Fatalf("shared with %+v", x.SharedWith)
		}
		// It shows in the other community too, and its members answer.
		dave := f.user(t, "Dave Data")
		f.add(t, w.lead2, other, dave, "member")
		if _, err := f.ev.RSVP(f.ctx, dave, other.Slug, x.ID, x.Start, events.Going); err != nil {
			t.Fatalf("a member of the other community answers: %v", err)
		}
		list, err := f.ev.List(f.ctx, dave, other.Slug, events.Filter{Format: events.CrossCommunity})
		if err != nil || len(list) == 0 || list[0].EventID != x.ID {
			t.Fatalf("the other community's list: %v %+v", err, list)
		}
		title, slug, err := f.ev.Lookup(f.ctx, x.ID)
		if err != nil || title != x.Title || slug != w.c.Slug {
			t.Errorf("Lookup: %q %q %v", title, slug, err)
		}
		if title, err := f.ev.EventTitle(f.ctx, other.ID, x.ID); err != nil || title != x.Title {
			t.Errorf("EventTitle in the other community: %q %v", title, err)
		}
		_, err = f.ev.EventTitle(f.ctx, w.secret.ID, x.ID)
		wantKind(t, err, errs.NotFound)
		if _, url, err := f.ev.Link(f.ctx, other.ID, x.ID); err != nil || url != events.Path(other.Slug, x.ID) {
			t.Errorf("Link: %q %v", url, err)
		}
	})
}

func TestPrivateCommunityEventsAreInvisibleToOutsiders(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		in := brownBag()
		e := f.create(t, w.lead2, w.secret.Slug, in)
		_, missing := f.ev.Get(f.ctx, w.outsider, "no-such-community", e.ID)
		for name, err := range map[string]error{
			"get":  func() error { _, err := f.ev.Get(f.ctx, w.outsider, w.secret.Slug, e.ID); return err }(),
			"list": func() error { _, err := f.ev.List(f.ctx, w.outsider, w.secret.Slug, events.Filter{}); return err }(),
			"rsvp": func() error {
				_, err := f.ev.RSVP(f.ctx, w.outsider, w.secret.Slug, e.ID, e.Start, events.Going)
				return err
			}(),
			"ical": func() error { _, err := f.ev.CommunityCalendar(f.ctx, w.outsider, w.secret.Slug, "h", "b"); return err }(),
		} {
			if !errs.Is(err, errs.NotFound) || err.Error() != missing.Error() {
				t.Errorf("%s: %v, want the same not-found as a missing community (%v)", name, err, missing)
			}
		}
		// Through another community's address it is not found either.
		_, err := f.ev.Get(f.ctx, w.alice, w.c.Slug, e.ID)
		wantKind(t, err, errs.NotFound)
		up, err := f.ev.Upcoming(f.ctx, w.outsider.ID, t0, t0.AddDate(0, 1, 0))
		if err != nil || len(up) != 0 {
			t.Errorf("the outsider's upcoming: %v %+v", err, up)
		}
		up, err = f.ev.Upcoming(f.ctx, w.lead2.ID, t0, t0.AddDate(0, 0, 14))
		if err != nil || len(up) != 2 {
			t.Errorf("the leader's upcoming: %v %d", err, len(up))
		}
	})
}

func TestAttendanceAndFeedback(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		e := f.create(t, w.leader, w.c.Slug, brownBag())
		orig := e.Start
		for _, u := range []account.User{w.alice, w.bob} {
			if _, err := f.ev.RSVP(f.ctx, u, w.c.Slug, e.ID, orig, events.Going); err != nil {
				t.Fatal(err)
			}
		}
		// Before it starts, attendance cannot be recorded; before it ends,
		// feedback is closed.
		wantField(t, f.ev.RecordAttendance(f.ctx, w.leader, w.c.Slug, e.ID, orig, []int64{w.alice.ID}), "attended")
		f.clock.Set(orig.Add(30 * time.Minute))
		wantField(t, f.ev.GiveFeedback(f.ctx, w.alice, w.c.Slug, e.ID, orig, 5, ""), "rating")
		wantKind(t, f.ev.RecordAttendance(f.ctx, w.bob, w.c.Slug, e.ID, orig, []int64{w.alice.ID}), errs.Forbidden)
		wantField(t, f.ev.RecordAttendance(f.ctx, w.leader, w.c.Slug, e.ID, orig, []int64{w.outsider.ID}), "attended")
		since := storetest.LastActivity(t, db)
		if err := f.ev.RecordAttendance(f.ctx, w.leader, w.c.Slug, e.ID, orig, []int64{w.alice.ID, w.carol.ID}); err != nil {
			t.Fatal(err)
		}
		f.clock.Set(e.End.Add(time.Hour))
		// Bob said going but was not there; Carol was there without answering.
		wantKind(t, f.ev.GiveFeedback(f.ctx, w.bob, w.c.Slug, e.ID, orig, 3, ""), errs.Forbidden)
		if err := f.ev.GiveFeedback(f.ctx, w.alice, w.c.Slug, e.ID, orig, 2, "Too long"); err != nil {
			t.Fatal(err)
		}
		if err := f.ev.GiveFeedback(f.ctx, w.alice, w.c.Slug, e.ID, orig, 4, "On reflection, useful"); err != nil {
			t.Fatal(err)
		}
		if err := f.ev.GiveFeedback(f.ctx, w.carol, w.c.Slug, e.ID, orig, 5, ""); err != nil {
			t.Fatal(err)
		}
		storetest.WantLog(t, db, since, storetest.LogLine{Kind: events.ActivityAttendance, Actor: w.leader.ID, Subject: e.ID},
			storetest.LogLine{Kind: events.ActivityFeedback, Actor: w.alice.ID, Subject: e.ID},
			storetest.LogLine{Kind: events.ActivityFeedback, Actor: w.alice.ID, Subject: e.ID},
			storetest.LogLine{Kind: events.ActivityFeedback, Actor: w.carol.ID, Subject: e.ID})
		sum, err := f.ev.FeedbackFor(f.ctx, w.leader, w.c.Slug, e.ID, orig)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Count != 2 || sum.AverageText() != "4.5" {
			t.Errorf("feedback: %+v", sum)
		}
		if mine, ok, err := f.ev.MyFeedback(f.ctx, w.alice, e.ID, orig); err != nil || !ok || mine.Rating != 4 || mine.Comment != "On reflection, useful" {
			t.Errorf("alice's feedback: %+v %v %v", mine, ok, err)
		}
		answers, err := f.ev.Answers(f.ctx, w.leader, w.c.Slug, e.ID, orig)
		if err != nil {
			t.Fatal(err)
		}
		attended := map[int64]bool{}
		for _, a := range answers {
			attended[a.ID] = a.Attended
		}
		if !attended[w.alice.ID] || attended[w.bob.ID] || !attended[w.carol.ID] {
			t.Errorf("attendance: %+v", answers)
		}
	})
}

func TestCancellingTheSeriesTellsThoseWhoAnswered(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		e := f.create(t, w.leader, w.c.Slug, brownBag())
		if _, err := f.ev.RSVP(f.ctx, w.alice, w.c.Slug, e.ID, e.Start.AddDate(0, 0, 7), events.Maybe); err != nil {
			t.Fatal(err)
		}
		since := storetest.LastActivity(t, db)
		if err := f.ev.Cancel(f.ctx, w.core, w.c.Slug, e.ID); err != nil {
			t.Fatal(err)
		}
		storetest.WantLog(t, db, since, storetest.LogLine{Kind: events.ActivityCancelled, Actor: w.core.ID, Subject: e.ID})
		if f.notes(t, w.alice.ID, notify.EventChanged) != 1 {
			t.Error("alice was not told")
		}
		wantKind(t, f.ev.Cancel(f.ctx, w.core, w.c.Slug, e.ID), errs.Conflict)
		_, err := f.ev.RSVP(f.ctx, w.bob, w.c.Slug, e.ID, e.Start, events.Going)
		wantField(t, err, "answer")
		up, _ := f.ev.Upcoming(f.ctx, w.alice.ID, t0, t0.AddDate(0, 1, 0))
		if len(up) != 0 {
			t.Errorf("a cancelled series is upcoming: %+v", up)
		}
	})
}

func TestScheduleChangeKeepsAnswersOnTheirOccurrence(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		e := f.create(t, w.leader, w.c.Slug, brownBag())
		second := e.Start.AddDate(0, 0, 7)
		if _, err := f.ev.RSVP(f.ctx, w.alice, w.c.Slug, e.ID, second, events.Going); err != nil {
			t.Fatal(err)
		}
		in := events.InputOf(e)
		in.Start, in.End = "2026-03-04T14:00", "2026-03-04T15:00" // Wednesdays at 14:00 now
		if _, err := f.ev.Update(f.ctx, w.leader, w.c.Slug, e.ID, in); err != nil {
			t.Fatal(err)
		}
		newSecond := at(t, "Europe/London", "2026-03-11 14:00")
		_, o, err := f.ev.Occurrence(f.ctx, w.alice, w.c.Slug, e.ID, newSecond)
		if err != nil || o.MyAnswer != events.Going {
			t.Errorf("alice's answer did not follow: %v %+v", err, o)
		}
		if f.notes(t, w.alice.ID, notify.EventChanged) != 1 {
			t.Error("alice was not told of the new time")
		}
	})
}
