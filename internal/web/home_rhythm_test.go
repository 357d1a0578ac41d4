package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cultivate/internal/community"
	"cultivate/internal/health"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/web"
)

// TestHomeShowsNextEventsAndTheBacklog: a member's home lists their
// communities' next dates with a one-click answer that comes back home;
// the leader's home shows the top of the backlog.
func TestHomeShowsNextEventsAndTheBacklog(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		lead := s.browser()
		lead.signup("lea@example.org", "Léa Martin")
		wantStatus(t, lead.post("/communities", url.Values{"name": {"Testing Guild"}, "domain": {"Software testing"}, "visibility": {"open"},
			"code_of_conduct": {community.DefaultCodeOfConduct}}), http.StatusSeeOther)
		form := eventForm() // weekly from Tuesday 3 March; the clock reads Monday 2 March
		form.Set("capacity", "0")
		wantStatus(t, lead.post("/c/testing-guild/events", form), http.StatusSeeOther)
		ann := joinAs(t, s, "ann@example.org", "Ann Lee", "testing-guild")
		wantStatus(t, s.browser().get("/c/testing-guild"), http.StatusOK, "When we meet next", "Brown bag: flaky tests", "Tue 3 Mar, 12:00 GMT")
		wantStatus(t, lead.get("/c/testing-guild"), http.StatusOK, "Getting started: ", "Find a sponsor")
		if r := s.browser().get("/c/testing-guild"); strings.Contains(r.body, "Getting started") {
			t.Error("a visitor sees the leader's bootstrap checklist")
		}

		r := ann.get("/")
		wantStatus(t, r, http.StatusOK, "Your next events", "Brown bag: flaky tests", "Tue 3 Mar, 12:00 GMT", "Tue 10 Mar, 12:00 GMT")
		if strings.Contains(r.body, "Tue 17 Mar") {
			t.Error("the home page lists dates more than two weeks ahead")
		}
		r = ann.post("/c/testing-guild/events/1/20260303T120000Z/rsvp", url.Values{"answer": {"going"}, "from": {"home"}})
		wantStatus(t, r, http.StatusSeeOther)
		if loc := r.header.Get("Location"); loc != "/#next-events" {
			t.Fatalf("the one-click answer went to %q, not back home", loc)
		}
		wantStatus(t, ann.get("/"), http.StatusOK, "You're going", "Thanks, you answered: going.")
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM event_rsvps WHERE answer = 'going'`); n != 1 {
			t.Fatalf("%d going answers, want 1", n)
		}

		// A health check waits for Ann's answer on her home.
		lea, err := s.app.Accounts.ByEmail(context.Background(), "lea@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.app.Health.OpenRound(context.Background(), lea, "testing-guild", health.OpenInput{ClosesOn: "2026-03-20"}); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, ann.get("/"), http.StatusOK, "How is Testing Guild doing for you?", "A health check of 11 cards", "Answer it")

		wantStatus(t, ann.post("/c/testing-guild/backlog", url.Values{"title": {"A session on contract tests"}}), http.StatusSeeOther)
		wantStatus(t, lead.get("/"), http.StatusOK, "Top of Testing Guild's backlog", "A session on contract tests", "0 votes")
		if r := ann.get("/"); strings.Contains(r.body, "Top of Testing Guild's backlog") {
			t.Error("a plain member's home shows the backlog planning box")
		}
	})
}
