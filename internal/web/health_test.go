package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"cultivate/internal/health"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/web"
)

var healthTables = []string{"health_settings", "health_cards", "health_rounds", "health_round_cards", "health_answered", "health_answers",
	"retros", "retro_cards", "retro_votes", "retro_actions", "notifications", "activity"}

// answerForm answers every default card with rating and trend.
func answerForm(rating, trend string) url.Values {
	f := url.Values{}
	for _, c := range health.DefaultCards() {
		f.Set("rating."+c.Key, rating)
		f.Set("trend."+c.Key, trend)
	}
	return f
}

// The health-check and retrospective pages render, empty and full, and a
// refused form comes back with the error next to its field, what was
// typed still in it, and nothing changed.
func TestHealthPagesAndForms(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		lead := s.browser()
		lead.signup("lea@example.org", "Léa Martin")
		wantStatus(t, lead.post("/communities", url.Values{"name": {"Testing Guild"}, "domain": {"Software testing"}, "visibility": {"open"},
			"code_of_conduct": {"Be kind and share what you really saw work."}}), http.StatusSeeOther)
		base := "/c/testing-guild"
		wantStatus(t, lead.get(base+"/health/checks"), 200, "No health check yet", "What is this?", "seed 004")
		wantStatus(t, lead.get(base+"/retros"), 200, "No retrospective yet", "Start a retrospective")
		wantStatus(t, lead.get(base+"/health/checks/history"), 200, "No round yet")
		wantStatus(t, lead.get(base+"/health/checks/template"), 200, "Learning &amp; growth", "Add a card")

		mem := s.browser()
		mem.signup("nia@example.org", "Nia Okafor")
		wantStatus(t, mem.post(base+"/join", url.Values{"accept_coc": {"yes"}}), http.StatusSeeOther)
		wantStatus(t, mem.get(base+"/health/checks/template"), 403)

		snap := func() string { return storetest.Snapshot(t, db, healthTables...) }
		// K above the membership (two people) is refused next to its field.
		before := snap()
		wantStatus(t, lead.post(base+"/health/checks/settings", url.Values{"min_answers": {"5"}, "every_months": {"3"}, "open_days": {"14"}, "first_on": {""}}),
			http.StatusUnprocessableEntity, "no round could reach 5 answers", `value="5"`)
		wantStatus(t, lead.post(base+"/health/checks/settings", url.Values{"min_answers": {"two"}, "every_months": {"0"}, "open_days": {"14"}}),
			http.StatusUnprocessableEntity, "must be a whole number")
		wantStatus(t, lead.post(base+"/health/checks", url.Values{"closes_on": {"someday"}}), http.StatusUnprocessableEntity, "is not a date", `value="someday"`)
		if snap() != before {
			t.Fatal("refused forms changed the database")
		}
		wantStatus(t, lead.post(base+"/health/checks/settings", url.Values{"min_answers": {"1"}, "every_months": {"0"}, "open_days": {"14"}}), http.StatusSeeOther)
		r := lead.post(base+"/health/checks", url.Values{"closes_on": {"2026-03-16"}})
		wantStatus(t, r, http.StatusSeeOther)
		round := r.header.Get("Location")
		wantStatus(t, mem.get(round), 200, "0 of 1 answers needed", "Send my answer")
		wantStatus(t, mem.get("/inbox"), 200, "health check is open")

		// A rating left out: the error by its card, the other choices kept.
		before = snap()
		f := answerForm("green", "same")
		f.Del("rating.safety")
		f.Set("comment.help", "Answers come fast")
		wantStatus(t, mem.post(round+"/answer", f), http.StatusUnprocessableEntity, "Rate “Safety”", "Answers come fast")
		f = answerForm("purple", "same")
		wantStatus(t, mem.post(round+"/answer", f), http.StatusUnprocessableEntity, "is not a rating")
		if snap() != before {
			t.Fatal("a refused answer changed the database")
		}
		wantStatus(t, mem.post(round+"/answer", answerForm("green", "better")), http.StatusSeeOther)
		wantStatus(t, mem.get(round), 200, "you answered", "Replace my answer", "● Green")
		wantStatus(t, mem.post(round+"/answer", answerForm("amber", "same")), http.StatusSeeOther)
		wantStatus(t, mem.get(round), 200, "1 member answered", "▲ Amber")
		wantStatus(t, lead.get(base+"/health/checks/history"), 200, "<svg", "The numbers")

		// Adapting the template: reword one card, remove another, add one.
		tf := url.Values{}
		for i, c := range health.DefaultCards() {
			p := "cards." + strconv.Itoa(i+1) + "."
			tf.Set(p+"key", c.Key)
			tf.Set(p+"title", c.Title)
			tf.Set(p+"red", c.Red)
			tf.Set(p+"green", c.Green)
		}
		tf.Set("cards.1.title", "Learning")
		tf.Set("cards.2.remove", "1")
		tf.Set("cards.12.title", "Tooling")
		tf.Set("cards.12.red", "x")
		tf.Set("cards.12.green", "Our tools help us.")
		wantStatus(t, lead.post(base+"/health/checks/template", tf), http.StatusUnprocessableEntity, "The red pole must be at least 3 characters", `value="Tooling"`)
		tf.Set("cards.12.red", "Our tools fight us.")
		wantStatus(t, lead.post(base+"/health/checks/template", tf), http.StatusSeeOther)
		lea, err := s.app.Accounts.ByEmail(context.Background(), "lea@example.org")
		if err != nil {
			t.Fatal(err)
		}
		cards, custom, err := s.app.Health.Template(context.Background(), lea, "testing-guild")
		if err != nil || !custom || len(cards) != 11 || cards[0].Title != "Learning" || cards[10].Key != "tooling" {
			t.Fatalf("template after saving: %v %v %+v", err, custom, cards)
		}

		// A retrospective following the round, a card, a vote, an action.
		r = lead.post(base+"/retros", url.Values{"title": {"Spring retro"}, "round_id": {round[len(base+"/health/checks/"):]}})
		wantStatus(t, r, http.StatusSeeOther)
		retro := r.header.Get("Location")
		wantStatus(t, lead.post(base+"/retros", url.Values{"title": {"x"}}), http.StatusUnprocessableEntity, "at least 3 characters")
		wantStatus(t, mem.post(retro+"/cards", url.Values{"column": {"well"}, "body": {"The kata night"}, "anonymous": {"1"}}), http.StatusSeeOther)
		page := mem.get(retro)
		wantStatus(t, page, 200, "The kata night", "Anonymous", "The health check it follows")
		wantStatus(t, lead.post(retro+"/actions", url.Values{"title": {"Share slides"}, "owner_id": {"999999"}, "due": {"2026-03-20"}}),
			http.StatusUnprocessableEntity, "must be a member", "Share slides")
		wantStatus(t, lead.post(retro+"/actions", url.Values{"title": {"Share slides"}, "owner_id": {""}, "due": {"31/03"}}),
			http.StatusUnprocessableEntity, "is not a date")
		wantStatus(t, mem.post(retro+"/actions", url.Values{"title": {"Share slides"}, "owner_id": {"1"}, "due": {"2026-03-20"}}), http.StatusForbidden)
	})
}
