package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"cultivate/internal/community"
	"cultivate/internal/ical"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/web"
)

// eventForm is a weekly brown bag at 12:00 London time from Tuesday 3 March 2026.
func eventForm() url.Values {
	return url.Values{"title": {"Brown bag: flaky tests"}, "format": {"brown_bag"}, "description": {"We look at **flaky** tests."},
		"start": {"2026-03-03T12:00"}, "end": {"2026-03-03T13:00"}, "time_zone": {"Europe/London"}, "place": {"Room 4"},
		"capacity": {"1"}, "recur_freq": {"weekly"}, "recur_interval": {"1"}, "recur_week": {"0"}, "recur_count": {"5"}}
}

func joinAs(t *testing.T, s *site, email, name, slug string) *browser {
	t.Helper()
	b := s.browser()
	b.signup(email, name)
	wantStatus(t, b.post("/c/"+slug+"/join", url.Values{"accept_coc": {"yes"}}), http.StatusSeeOther)
	return b
}

func TestEventPagesFormsAndCalendars(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{BaseURL: "https://cop.example.org"})
		lead := s.browser()
		lead.signup("lea@example.org", "Léa Martin")
		wantStatus(t, lead.post("/communities", url.Values{"name": {"Testing Guild"}, "domain": {"Software testing"}, "visibility": {"open"},
			"code_of_conduct": {community.DefaultCodeOfConduct}}), http.StatusSeeOther)
		base := "/c/testing-guild/events"

		// The empty Events tab teaches the formats of seed 004.
		wantStatus(t, lead.get(base), http.StatusOK, "Nothing is planned yet", "Lightning talks", "Problem clinic", "Running a CoP", "Schedule the first one")
		wantStatus(t, lead.get(base+"?format=kata"), http.StatusOK, "What is this?", "No kata / hands-on is planned")
		wantStatus(t, lead.get(base+"/new"), http.StatusOK, `id="event-form"`, `name="recur_freq"`, `name="time_zone"`)

		// Bad input comes back with the error next to its field and the text kept.
		bad := eventForm()
		bad.Set("end", "2026-03-03T11:00")
		bad.Set("link", "javascript:alert(1)")
		before := storetest.Snapshot(t, db, "events", "activity")
		r := lead.post(base, bad)
		wantStatus(t, r, http.StatusUnprocessableEntity, "The end must be after the start", "must be a web address starting with http", `value="Brown bag: flaky tests"`)
		bad = eventForm()
		bad.Set("capacity", "lots")
		wantStatus(t, lead.post(base, bad), http.StatusUnprocessableEntity, "Capacity must be a whole number")
		bad = eventForm()
		bad.Set("recur_freq", "monthly")
		bad.Set("recur_week", "7")
		wantStatus(t, lead.post(base, bad), http.StatusUnprocessableEntity, "first, second, third, fourth or last week")
		if storetest.Snapshot(t, db, "events", "activity") != before {
			t.Fatal("a refused form changed the data")
		}

		r = lead.post(base, eventForm())
		wantStatus(t, r, http.StatusSeeOther)
		eventPath := r.header.Get("Location")
		if !strings.HasPrefix(eventPath, base+"/") {
			t.Fatalf("created at %q", eventPath)
		}
		first := eventPath + "/20260303T120000Z"
		wantStatus(t, lead.get(eventPath), http.StatusOK, "Brown bag: flaky tests", "<strong>flaky</strong>", "Every week on Tuesday, 5 times",
			`id="rsvp-going"`, `id="add-to-calendar"`, "Coming dates", `id="edit-occurrence"`)
		// The tab shows two dates per series; each date keeps 12:00 London time.
		r = lead.get(base)
		wantStatus(t, r, http.StatusOK, "Coming up", "Tue 3 Mar 2026, 12:00–13:00 GMT", "Tue 10 Mar 2026, 12:00–13:00 GMT")
		if strings.Contains(r.body, "Tue 17 Mar 2026") {
			t.Error("the Events tab lists a third date of one series")
		}
		wantStatus(t, lead.get(eventPath+"/20260331T110000Z"), http.StatusOK, "Tuesday 31 March 2026, 12:00–13:00 BST")

		// A member answers with plain form posts; the one seat goes to
		// the first, the second joins the waitlist.
		ana := joinAs(t, s, "ana@example.org", "Ana Member", "testing-guild")
		ben := joinAs(t, s, "ben@example.org", "Ben Member", "testing-guild")
		wantStatus(t, ana.post(first+"/rsvp", url.Values{"answer": {"going"}}), http.StatusSeeOther)
		wantStatus(t, ben.post(first+"/rsvp", url.Values{"answer": {"going"}}), http.StatusSeeOther)
		wantStatus(t, ben.get(first), http.StatusOK, `id="waitlist-place">1<`, "On the waitlist")
		wantStatus(t, ana.get(first), http.StatusOK, "You answered: <strong>Going</strong>", "1 of 1 taken, 1 waiting")
		wantStatus(t, ana.post(first+"/rsvp", url.Values{"answer": {"later"}}), http.StatusUnprocessableEntity, "Answer going, maybe or not going")
		wantStatus(t, ana.post(first+"/rsvp", url.Values{"answer": {"not_going"}}), http.StatusSeeOther)
		wantStatus(t, ben.get(first), http.StatusOK, "You answered: <strong>Going</strong>")
		wantStatus(t, ben.get("/inbox"), http.StatusOK, "A seat freed up")
		wantStatus(t, ana.get(first+"/edit"), http.StatusForbidden)

		// Add to calendar: one occurrence as a calendar of its own.
		r = ana.get(first + "/event.ics")
		wantStatus(t, r, http.StatusOK, "BEGIN:VCALENDAR\r\n", "DTSTART;TZID=Europe/London:20260303T120000\r\n", "UID:event-")
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") || !strings.Contains(r.header.Get("Content-Disposition"), "attachment") {
			t.Errorf("headers: %v", r.header)
		}
		if _, err := ical.Parse([]byte(r.body)); err != nil {
			t.Errorf("the download does not parse: %v", err)
		}

		// Change one date only; a bad link is refused in the form.
		second := eventPath + "/20260310T120000Z"
		wantStatus(t, lead.get(second+"/edit"), http.StatusOK, `id="occurrence-form"`, `value="2026-03-10T12:00"`)
		wantStatus(t, lead.post(second+"/edit", url.Values{"start": {"2026-03-11T15:00"}, "end": {"2026-03-11T16:00"}, "link": {"ftp://x"}}),
			http.StatusUnprocessableEntity, "starting with http", `value="2026-03-11T15:00"`)
		wantStatus(t, lead.post(second+"/edit", url.Values{"start": {"2026-03-11T15:00"}, "end": {"2026-03-11T16:00"}, "place": {"The big room"}}), http.StatusSeeOther)
		third := eventPath + "/20260317T120000Z"
		wantStatus(t, lead.post(third+"/cancel", nil), http.StatusSeeOther)
		wantStatus(t, lead.get(third), http.StatusOK, "This date was cancelled")
		wantStatus(t, ana.post(third+"/rsvp", url.Values{"answer": {"going"}}), http.StatusUnprocessableEntity, "cancelled")

		// The community's feed: the series, its cancelled date, its moved one.
		r = s.browser().get(base + ".ics")
		wantStatus(t, r, http.StatusOK, "RRULE:FREQ=WEEKLY;INTERVAL=1;COUNT=5\r\n", "EXDATE;TZID=Europe/London:20260317T120000\r\n",
			"RECURRENCE-ID;TZID=Europe/London:20260310T120000\r\n", "LOCATION:The big room\r\n", "@cop.example.org\r\n", "URL:https://cop.example.org/c/testing-guild/events/")
		if _, err := ical.Parse([]byte(r.body)); err != nil {
			t.Errorf("the community feed does not parse: %v", err)
		}

		// A member's own feed holds what they said going to; a new address
		// replaces the old one.
		benUser, err := s.app.Accounts.ByEmail(context.Background(), "ben@example.org")
		if err != nil {
			t.Fatal(err)
		}
		tok, err := s.app.Events.CalendarToken(context.Background(), benUser.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantStatus(t, ben.get(base), http.StatusOK, "/calendar/"+tok+".ics")
		wantStatus(t, s.browser().get("/calendar/"+tok+".ics"), http.StatusOK, "X-WR-CALNAME:My events", "UID:event-", "20260303T120000Z@cop.example.org")
		wantStatus(t, ben.post("/me/calendar", url.Values{"next": {base}}), http.StatusSeeOther)
		wantStatus(t, s.browser().get("/calendar/"+tok+".ics"), http.StatusNotFound)
		wantStatus(t, s.browser().get("/calendar/"+tok), http.StatusNotFound)

		// After the start the host records attendance; after the end the
		// attendee rates it, and the hosts read the ratings.
		s.clock.Set(time.Date(2026, 3, 3, 12, 30, 0, 0, time.UTC))
		wantStatus(t, lead.get(first), http.StatusOK, `id="attendance-form"`, "Ben Member", "Someone came without answering?", `id="write-minutes"`)
		wantStatus(t, lead.post(first+"/attendance", url.Values{"attended": {itoa(benUser.ID)}}), http.StatusSeeOther)
		s.clock.Set(time.Date(2026, 3, 3, 14, 0, 0, 0, time.UTC))
		wantStatus(t, ben.get(first), http.StatusOK, `id="feedback-form"`, "Was it worth your time?")
		wantStatus(t, ana.get(first), http.StatusOK)
		if strings.Contains(ana.get(first).body, `id="feedback-form"`) {
			t.Error("someone who did not attend is asked for feedback")
		}
		wantStatus(t, ben.post(first+"/feedback", url.Values{"rating": {"9"}, "comment": {"Loved the demo"}}), http.StatusUnprocessableEntity,
			"Rate it from 1", "Loved the demo")
		wantStatus(t, ana.post(first+"/feedback", url.Values{"rating": {"4"}}), http.StatusForbidden)
		wantStatus(t, ben.post(first+"/feedback", url.Values{"rating": {"4"}, "comment": {"Loved the demo"}}), http.StatusSeeOther)
		wantStatus(t, lead.get(first), http.StatusOK, `id="average-rating">4<`, "Loved the demo")
		if strings.Contains(ben.get(first).body, `id="average-rating"`) {
			t.Error("an attendee reads everyone's ratings")
		}

		// Minutes: the knowledge form, linked to the event.
		r = lead.get(strings.TrimPrefix(linkIn(t, lead.get(first).body, `id="write-minutes" href="`), "https://cop.example.org"))
		wantStatus(t, r, http.StatusOK, "Write the minutes", `name="from" value="event:`, `value="Minutes: Brown bag: flaky tests, 3 Mar 2026"`)
		id := strings.TrimPrefix(eventPath, base+"/")
		r = lead.post("/c/testing-guild/knowledge", url.Values{"kind": {"minutes"}, "title": {"Minutes: Brown bag, 3 March"},
			"body": {"We agreed to quarantine flaky tests within a day."}, "from": {"event:" + id}})
		wantStatus(t, r, http.StatusSeeOther)
		wantStatus(t, lead.get(first), http.StatusOK, "Minutes: Brown bag, 3 March")

		// Cancelling the series.
		wantStatus(t, ana.post(eventPath+"/cancel", nil), http.StatusForbidden)
		wantStatus(t, lead.post(eventPath+"/cancel", nil), http.StatusSeeOther)
		wantStatus(t, lead.get(eventPath), http.StatusOK, "This event was cancelled")
		wantStatus(t, lead.get(eventPath+"/20260303T130000Z"), http.StatusNotFound)
		wantStatus(t, lead.get(eventPath+"/not-a-date"), http.StatusNotFound)
	})
}

func TestPrivateCommunityCalendarNeedsAMembersKey(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		ctx := context.Background()
		lead := s.browser()
		lead.signup("lea@example.org", "Léa Martin")
		wantStatus(t, lead.post("/communities", url.Values{"name": {"Red Team"}, "domain": {"Security"}, "visibility": {"private"},
			"code_of_conduct": {community.DefaultCodeOfConduct}}), http.StatusSeeOther)
		wantStatus(t, lead.post("/c/red-team/events", eventForm()), http.StatusSeeOther)
		outsider := s.browser()
		outsider.signup("oscar@example.org", "Oscar Outsider")

		leaUser, _ := s.app.Accounts.ByEmail(ctx, "lea@example.org")
		oscar, _ := s.app.Accounts.ByEmail(ctx, "oscar@example.org")
		leaKey, err := s.app.Events.CalendarToken(ctx, leaUser.ID)
		if err != nil {
			t.Fatal(err)
		}
		oscarKey, err := s.app.Events.CalendarToken(ctx, oscar.ID)
		if err != nil {
			t.Fatal(err)
		}
		missing := s.browser().get("/c/no-such/events.ics")
		for name, r := range map[string]struct {
			b    *browser
			path string
		}{
			"anonymous":         {s.browser(), "/c/red-team/events.ics"},
			"an outsider":       {outsider, "/c/red-team/events.ics"},
			"an outsider's key": {s.browser(), "/c/red-team/events.ics?key=" + oscarKey},
			"a made-up key":     {s.browser(), "/c/red-team/events.ics?key=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
			"the events tab":    {outsider, "/c/red-team/events"},
			"an event page":     {outsider, "/c/red-team/events/1"},
		} {
			got := r.b.get(r.path)
			if got.status != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", name, got.status)
			}
			if name == "anonymous" && (missing.status != http.StatusNotFound || !strings.Contains(got.body, "There is no community at this address") ||
				!strings.Contains(missing.body, "There is no community at this address")) {
				t.Errorf("a private community's feed answers unlike a missing one")
			}
		}
		wantStatus(t, s.browser().get("/c/red-team/events.ics?key="+leaKey), http.StatusOK, "BEGIN:VEVENT", "SUMMARY:Brown bag: flaky tests")
		wantStatus(t, lead.get("/c/red-team/events"), http.StatusOK, "/c/red-team/events.ics?key="+leaKey, "holds your personal key")
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// linkIn returns the attribute value that follows prefix in body.
func linkIn(t *testing.T, body, prefix string) string {
	t.Helper()
	i := strings.Index(body, prefix)
	if i < 0 {
		t.Fatalf("no %q in the page", prefix)
	}
	rest := body[i+len(prefix):]
	return html.UnescapeString(rest[:strings.Index(rest, `"`)])
}
