package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"cultivate/internal/health"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// healthTables are the tables of internal/health, which the shared
// harness's tables() does not list: these tests seed a fresh world per
// scenario instead of restoring a captured one, and check these tables
// too when a call must change nothing.
var healthTables = []string{"health_settings", "health_cards", "health_rounds", "health_round_cards", "health_answered", "health_answers",
	"retros", "retro_cards", "retro_votes", "retro_actions"}

// seedHealth adds to the world: frank joins testing (so alice, dave, bob
// and frank can answer); alice opens a round ("round") that bob and dave
// answered; alice starts a retrospective ("retro") following it, with
// bob's card ("card").
func seedHealth(t *testing.T, w *world) {
	t.Helper()
	ctx := context.Background()
	h, u := w.app.Health, w.users
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seeding health: %v", err)
		}
	}
	_, err := w.app.Communities.Join(ctx, u["frank"], "testing", true, "")
	must(err)
	r, err := h.OpenRound(ctx, u["alice"], "testing", health.OpenInput{ClosesOn: "2026-03-20"})
	must(err)
	w.ids["round"] = r.ID
	for _, who := range []string{"bob", "dave"} {
		_, err := h.Answer(ctx, u[who], "testing", r.ID, healthAnswers(r.Cards, "green", "better", who+" says hi"))
		must(err)
	}
	retro, err := h.CreateRetro(ctx, u["alice"], "testing", health.NewRetro{Title: "Spring retrospective", RoundID: r.ID})
	must(err)
	w.ids["retro"] = retro.ID
	card, err := h.AddCard(ctx, u["bob"], "testing", retro.ID, health.NewCard{Column: health.WentWell, Body: "The kata night"})
	must(err)
	w.ids["card"] = card.ID
}

func healthAnswers(cards []health.Card, rating, trend, comment string) []health.CardAnswer {
	out := make([]health.CardAnswer, len(cards))
	for i, c := range cards {
		out[i] = health.CardAnswer{Key: c.Key, Rating: health.Rating(rating), Trend: health.Trend(trend), Comment: comment}
	}
	return out
}

// answerBody is a JSON answer to the eleven default cards.
func answerBody(rating, trend string) string {
	var parts []string
	for _, c := range health.DefaultCards() {
		parts = append(parts, fmt.Sprintf(`{"key":%q,"rating":%q,"trend":%q}`, c.Key, rating, trend))
	}
	return `{"cards":[` + strings.Join(parts, ",") + `]}`
}

func TestHealthChecksAndRetrospectives(t *testing.T) {
	round := "/api/v1/communities/testing/health/rounds/{round}"
	retro := "/api/v1/communities/testing/retros/{retro}"
	scenarios := []scenario{
		{name: "the template is the eleven default cards", request: request{method: "GET", path: "/api/v1/communities/testing/health/template"},
			status: http.StatusOK, fields: map[string]any{"cards.#": 11, "custom": false, "cards.0.key": "learning"}},
		{name: "two answers: no results yet, for the leader too", request: request{method: "GET", path: round, as: "alice"},
			status: http.StatusOK, fields: map[string]any{"answered": 2, "needed": 1, "results": nil, "min_answers": 3}, notWant: []string{"says hi"}},
		{name: "the third answer shows the results", request: request{method: "PUT", path: round + "/answer", as: "frank", body: answerBody("amber", "same")},
			status: http.StatusOK, fields: map[string]any{"answered": 3, "you_answered": true, "results.#": 11, "results.0.green": 2, "results.0.amber": 1,
				"results.0.comments.#": 2}},
		{name: "answering twice replaces the first answer and counts once", request: request{method: "PUT", path: round + "/answer", as: "bob", body: answerBody("red", "worse")},
			status: http.StatusOK, fields: map[string]any{"answered": 2, "results": nil},
			after: func(t *testing.T, w *world, _ response) {
				if n := storetest.Count(t, w.db, `SELECT COUNT(*) FROM health_answers WHERE rating = 'red'`); n != 11 {
					t.Errorf("%d red answers, want bob's 11", n)
				}
				if n := storetest.Count(t, w.db, `SELECT COUNT(*) FROM health_answers`); n != 22 {
					t.Errorf("%d answers, want 22 (two members)", n)
				}
			}},
		{name: "a rating outside red, amber, green is refused", request: request{method: "PUT", path: round + "/answer", as: "frank", body: strings.Replace(answerBody("green", "same"), `"green"`, `"purple"`, 1)},
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "rating.learning"}},
		{name: "a trend outside better, same, worse is refused", request: request{method: "PUT", path: round + "/answer", as: "frank", body: answerBody("green", "sideways")},
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.code": "invalid"}},
		{name: "a non-member cannot answer", request: request{method: "PUT", path: round + "/answer", as: "carol", body: answerBody("green", "same")},
			status: http.StatusForbidden},
		{name: "a closed round takes no answer", request: request{method: "PUT", path: round + "/answer", as: "frank", body: answerBody("green", "same")},
			before: func(t *testing.T, w *world) {
				if _, err := w.app.Health.CloseRound(context.Background(), w.users["alice"], "testing", w.ids["round"]); err != nil {
					t.Fatal(err)
				}
			},
			status: http.StatusConflict},
		{name: "K larger than the membership is refused", request: request{method: "PUT", path: "/api/v1/communities/testing/health/settings", as: "alice", body: `{"min_answers":9}`},
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "min_answers"}, want: []string{"4 people who can answer"}},
		{name: "K below 1 is refused", request: request{method: "PUT", path: "/api/v1/communities/testing/health/settings", as: "alice", body: `{"min_answers":0}`},
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "min_answers"}},
		{name: "K up to the membership is fine", request: request{method: "PUT", path: "/api/v1/communities/testing/health/settings", as: "dave", body: `{"min_answers":4,"every_months":3}`},
			status: http.StatusOK, fields: map[string]any{"min_answers": 4, "every_months": 3}},
		{name: "a second open round is refused", request: request{method: "POST", path: "/api/v1/communities/testing/health/rounds", as: "alice", body: `{"closes_on":"2026-03-25"}`},
			status: http.StatusConflict},
		{name: "the retrospective shows its round and its card", request: request{method: "GET", path: retro, as: "bob"},
			status: http.StatusOK, fields: map[string]any{"round_id": "{round}", "cards.0.author.id": "{bob}", "cards.#": 1, "actions.#": 0}},
		{name: "a member votes; voting twice is voting once", request: request{method: "PUT", path: retro + "/cards/{card}/vote", as: "frank"},
			before: func(t *testing.T, w *world) {
				if _, err := w.app.Health.VoteCard(context.Background(), w.users["frank"], "testing", w.ids["retro"], w.ids["card"], true); err != nil {
					t.Fatal(err)
				}
			},
			status: http.StatusOK, fields: map[string]any{"votes": 1, "voted": true}},
		{name: "a non-member cannot vote", request: request{method: "PUT", path: retro + "/cards/{card}/vote", as: "carol"},
			status: http.StatusForbidden},
		{name: "an anonymous card keeps no author", request: request{method: "POST", path: retro + "/cards", as: "frank", body: `{"column":"improve","body":"Too many slides","anonymous":true}`},
			status: http.StatusCreated, fields: map[string]any{"author": nil, "column": "improve"}},
		{name: "an action with its owner and due day", request: request{method: "POST", path: retro + "/actions", as: "dave", body: `{"title":"Share the slides","owner_id":{bob},"due":"2026-03-20"}`},
			status: http.StatusCreated, fields: map[string]any{"owner.id": "{bob}", "status": "open", "due": "2026-03-20", "overdue": false}},
		{name: "an action owned by a non-member is refused", request: request{method: "POST", path: retro + "/actions", as: "alice", body: `{"title":"Share the slides","owner_id":{carol},"due":"2026-03-20"}`},
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "owner_id"}},
		{name: "an action due on a day that isn't a date is refused", request: request{method: "POST", path: retro + "/actions", as: "alice", body: `{"title":"Share the slides","owner_id":{bob},"due":"soon"}`},
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "due"}},
		{name: "a member cannot add actions", request: request{method: "POST", path: retro + "/actions", as: "bob", body: `{"title":"Share the slides","owner_id":{bob},"due":"2026-03-20"}`},
			status: http.StatusForbidden},
		{name: "a private community's rounds are not found by outsiders", request: request{method: "GET", path: "/api/v1/communities/secret/health/rounds", as: "bob"},
			status: http.StatusNotFound},
	}
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		st := newStack(t, db)
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				wipe(t, db)
				w := st.world(t)
				seedHealth(t, w)
				if sc.before != nil {
					sc.before(t, w)
				}
				rq := sc.request
				rq.path, rq.body = w.expand(rq.path), w.expand(rq.body)
				before := snapshot(t, db) + storetest.Snapshot(t, db, healthTables...)
				res := w.do(t, rq)
				if res.status != sc.status {
					t.Fatalf("%s %s: status %d, want %d; body: %.500s", rq.method, rq.path, res.status, sc.status, res.body)
				}
				for _, s := range sc.want {
					if !strings.Contains(string(res.body), w.expand(s)) {
						t.Errorf("the body lacks %q: %.800s", s, res.body)
					}
				}
				for _, s := range sc.notWant {
					if strings.Contains(string(res.body), s) {
						t.Errorf("the body holds %q: %.800s", s, res.body)
					}
				}
				for path, want := range sc.fields {
					if s, ok := want.(string); ok {
						want = w.expand(s)
					}
					if got := get(res.json, path); fmt.Sprint(got) != fmt.Sprint(want) {
						t.Errorf("%s = %v, want %v; body: %.500s", path, got, want, res.body)
					}
				}
				w.checkInvariants(t, rq, res, sc.emails)
				if res.status >= 400 || rq.method == http.MethodGet {
					if after := snapshot(t, db) + storetest.Snapshot(t, db, healthTables...); after != before {
						t.Errorf("%s %s answered %d but changed the database:\n%s", rq.method, rq.path, res.status, firstDiff(before, after))
					}
				}
				if sc.after != nil {
					sc.after(t, w, res)
				}
			})
		}
	})
}
