package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"cultivate/internal/announce"
	"cultivate/internal/backlog"
)

// seedBacklog adds to seedPractice's world: in testing, bob's idea
// ("idea", dave voted for it) and frank's planned one ("planned"); in
// secret, erin's ("secretidea"); and alice's pinned announcement in
// testing ("news").
func seedBacklog(t *testing.T, w *world) {
	t.Helper()
	seedPractice(t, w)
	ctx := context.Background()
	b, u := w.app.Backlog, w.users
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seeding the backlog: %v", err)
		}
	}
	propose := func(who, slug, name, title string) int64 {
		t.Helper()
		w.clock.Advance(time.Minute)
		it, err := b.Create(ctx, u[who], slug, backlog.NewItem{Title: title, Description: "Because we keep asking about " + strings.ToLower(title) + "."})
		must(err)
		w.ids[name] = it.ID
		return it.ID
	}
	idea := propose("bob", "testing", "idea", "A kata on property-based testing")
	_, err := b.Vote(ctx, u["dave"], "testing", idea)
	must(err)
	planned := propose("frank", "testing", "planned", "Lightning talks on CI speed")
	_, err = b.Move(ctx, u["dave"], "testing", planned, backlog.Planned, "")
	must(err)
	propose("erin", "secret", "secretidea", "Threat-model the login flow")
	w.clock.Advance(time.Minute)
	a, err := w.app.Announcements.Post(ctx, u["alice"], "testing", announce.Draft{Title: "Quality week is back", Body: "From **3 to 7 March**.", Pinned: true})
	must(err)
	w.ids["news"] = a.ID
}

func backlogPath(rest string) string { return "/api/v1/communities/testing/backlog" + rest }

func TestBacklog(t *testing.T) {
	read := func(as, path string) request { return request{method: "GET", path: path, as: as} }
	propose := func(as, body string) request {
		return request{method: "POST", path: backlogPath(""), as: as, body: body}
	}
	move := func(as, id, body string) request {
		return request{method: "PUT", path: backlogPath("/" + id + "/status"), as: as, body: body}
	}
	link := func(as, id, body string) request {
		return request{method: "PUT", path: backlogPath("/" + id + "/link"), as: as, body: body}
	}
	runIn(t, seedBacklog, []scenario{
		{name: "anyone lists an open community's backlog by votes", request: read("", backlogPath("")),
			status: http.StatusOK, fields: map[string]any{"items.#": 2, "items.0.id": "{idea}", "items.0.votes": 1, "items.0.voted": false,
				"items.0.author.id": "{bob}", "items.0.status": "proposed", "items.0.decline_reason": nil, "items.0.link": nil,
				"items.1.id": "{planned}", "items.1.status": "planned", "items.0.can.vote": false, "next_cursor": nil}},
		{name: "the newest first", request: read("dave", backlogPath("?sort=newest")),
			status: http.StatusOK, fields: map[string]any{"items.0.id": "{planned}", "items.1.id": "{idea}", "items.1.voted": true, "items.1.can.move": true}},
		{name: "filtered by status", request: read("", backlogPath("?status=planned")),
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.id": "{planned}"}},
		{name: "pages follow each other", request: read("", backlogPath("?limit=1")),
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.id": "{idea}"},
			after: func(t *testing.T, w *world, res response) {
				next, _ := get(res.json, "next_cursor").(string)
				r := w.do(t, request{method: "GET", path: backlogPath("?limit=1&cursor=" + next)})
				if get(r.json, "items.0.id") != float64(w.ids["planned"]) || get(r.json, "next_cursor") != nil {
					t.Errorf("the second page: %s", r.body)
				}
			}},
		{name: "an unknown status filter is refused", request: read("", backlogPath("?status=someday")),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "status"}},
		{name: "an unknown sort is refused", request: read("", backlogPath("?sort=random")),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "sort"}},
		{name: "a private community's backlog is not found by non-members", request: read("carol", "/api/v1/communities/secret/backlog"),
			status: http.StatusNotFound},
		{name: "a private community's item is not found by non-members", request: read("bob", "/api/v1/communities/secret/backlog/{secretidea}"),
			status: http.StatusNotFound},
		{name: "a member reads a private backlog", request: read("erin", "/api/v1/communities/secret/backlog"),
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.id": "{secretidea}"}},

		{name: "a member proposes", request: propose("frank", `{"title":"Pair on flaky tests","description":"Bring *one* flaky test each.","tags":["flaky","pairing"]}`),
			status: http.StatusCreated, fields: map[string]any{"title": "Pair on flaky tests", "status": "proposed", "votes": 0, "author.id": "{frank}",
				"tags.#": 2, "can.edit": true, "can.move": false, "can.vote": true, "link": nil}},
		{name: "an empty title is refused", request: propose("frank", `{"title":"  "}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "title"}},
		{name: "an overlong title is refused", request: propose("frank", `{"title":"`+strings.Repeat("t", 151)+`"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "title"}},
		{name: "a tag with a space is refused", request: propose("frank", `{"title":"Tagged idea","tags":["two words"]}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "tags"}},
		{name: "an unknown field is refused", request: propose("frank", `{"title":"Idea","votes":99}`),
			status: http.StatusBadRequest},
		{name: "a non-member cannot propose", request: propose("carol", `{"title":"From outside"}`),
			status: http.StatusForbidden},
		{name: "anonymous callers cannot propose", request: propose("", `{"title":"From nobody"}`),
			status: http.StatusUnauthorized},

		{name: "an item", request: read("bob", backlogPath("/{idea}")),
			status: http.StatusOK, fields: map[string]any{"id": "{idea}", "title": "A kata on property-based testing", "can.edit": true, "can.delete": true},
			want: []string{"Because we keep asking about a kata on property-based testing."}},
		{name: "an item of another community is not found here", request: read("alice", backlogPath("/{secretidea}")),
			status: http.StatusNotFound},

		{name: "a member votes", request: request{method: "PUT", path: backlogPath("/{idea}/vote"), as: "frank"},
			status: http.StatusOK, fields: map[string]any{"votes": 2, "voted": true}},
		{name: "voting twice is voting once", request: request{method: "PUT", path: backlogPath("/{idea}/vote"), as: "dave"},
			status: http.StatusOK, fields: map[string]any{"votes": 1, "voted": true}},
		{name: "a member withdraws a vote", request: request{method: "DELETE", path: backlogPath("/{idea}/vote"), as: "dave"},
			status: http.StatusOK, fields: map[string]any{"votes": 0, "voted": false}},
		{name: "a non-member cannot vote", request: request{method: "PUT", path: backlogPath("/{idea}/vote"), as: "carol"},
			status: http.StatusForbidden},
		{name: "a non-member of a private community is not told it exists", request: request{method: "PUT", path: "/api/v1/communities/secret/backlog/{secretidea}/vote", as: "bob"},
			status: http.StatusNotFound},

		{name: "the core group plans an item, and its people are told", request: move("dave", "{idea}", `{"status":"planned"}`),
			status: http.StatusOK, fields: map[string]any{"status": "planned", "can.edit": true},
			after: func(t *testing.T, w *world, _ response) {
				n := w.do(t, request{method: "GET", path: "/api/v1/me/notifications", as: "bob"})
				if get(n.json, "items.0.kind") != "backlog_moved" || !strings.Contains(string(n.body), "is now planned") {
					t.Errorf("the proposer was not told: %s", n.body)
				}
			}},
		{name: "declining needs a reason", request: move("dave", "{idea}", `{"status":"declined"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "reason"}},
		{name: "declining with a reason", request: move("alice", "{idea}", `{"status":"declined","reason":"We did one in January."}`),
			status: http.StatusOK, fields: map[string]any{"status": "declined", "decline_reason": "We did one in January.", "can.vote": false}},
		{name: "an unknown status is refused", request: move("dave", "{idea}", `{"status":"someday"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "status"}},
		{name: "the core group reopens a done item", request: move("dave", "{planned}", `{"status":"proposed"}`),
			before: func(t *testing.T, w *world) {
				if _, err := w.app.Backlog.Move(context.Background(), w.users["dave"], "testing", w.ids["planned"], backlog.Done, ""); err != nil {
					t.Fatal(err)
				}
			},
			status: http.StatusOK, fields: map[string]any{"status": "proposed", "can.vote": true}},
		{name: "a move not allowed from the current state is a conflict", request: move("dave", "{planned}", `{"status":"in_progress"}`),
			before: func(t *testing.T, w *world) {
				if _, err := w.app.Backlog.Move(context.Background(), w.users["dave"], "testing", w.ids["planned"], backlog.Done, ""); err != nil {
					t.Fatal(err)
				}
			},
			status: http.StatusConflict, want: []string{"Reopen it first"}},
		{name: "a plain member cannot move an item", request: move("bob", "{idea}", `{"status":"planned"}`),
			status: http.StatusForbidden},

		{name: "the core group links an item to an artefact", request: link("dave", "{idea}", `{"type":"artefact","id":{faq}}`),
			status: http.StatusOK, fields: map[string]any{"link.type": "artefact", "link.id": "{faq}", "link.title": "Avoiding deadlocks in nightly imports",
				"link.url": "/c/testing/knowledge/{faq}", "link.gone": false}},
		{name: "an artefact of another community is refused", request: link("dave", "{idea}", `{"type":"artefact","id":{insight}}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "link_id"}},
		{name: "a missing artefact is refused", request: link("dave", "{idea}", `{"type":"artefact","id":987654}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "link_id"}},
		{name: "an unknown kind of link is refused", request: link("dave", "{idea}", `{"type":"wiki","id":1}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "link_type"}},
		{name: "a plain member cannot link", request: link("bob", "{idea}", `{"type":"artefact","id":{faq}}`),
			status: http.StatusForbidden},

		{name: "the proposer edits while proposed", request: request{method: "PATCH", path: backlogPath("/{idea}"), as: "bob", body: `{"title":"A kata on property-based tests"}`},
			status: http.StatusOK, fields: map[string]any{"title": "A kata on property-based tests"},
			want: []string{"Because we keep asking"}},
		{name: "the proposer cannot edit once planned", request: request{method: "PATCH", path: backlogPath("/{planned}"), as: "frank", body: `{"title":"Frank's new title"}`},
			status: http.StatusForbidden},
		{name: "an edit to an empty title is refused", request: request{method: "PATCH", path: backlogPath("/{idea}"), as: "bob", body: `{"title":""}`},
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "title"}},
		{name: "the proposer deletes", request: request{method: "DELETE", path: backlogPath("/{idea}"), as: "bob"},
			status: http.StatusNoContent},
		{name: "another member cannot delete", request: request{method: "DELETE", path: backlogPath("/{idea}"), as: "frank"},
			status: http.StatusForbidden},
	})
}

func TestAnnouncements(t *testing.T) {
	path := func(rest string) string { return "/api/v1/communities/testing/announcements" + rest }
	runIn(t, seedBacklog, []scenario{
		{name: "anyone reads an open community's announcements", request: request{method: "GET", path: path("")},
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.id": "{news}", "items.0.pinned": true, "items.0.author.id": "{alice}",
				"items.0.can.edit": false, "next_cursor": nil}},
		{name: "a private community's announcements are not found by non-members", request: request{method: "GET", path: "/api/v1/communities/secret/announcements", as: "bob"},
			status: http.StatusNotFound},
		{name: "the core group announces, and every member is told", request: request{method: "POST", path: path(""), as: "dave",
			body: `{"title":"Brown bag on Friday","body":"Bring your lunch."}`},
			status: http.StatusCreated, fields: map[string]any{"title": "Brown bag on Friday", "pinned": false, "author.id": "{dave}", "can.edit": true, "can.delete": true},
			after: func(t *testing.T, w *world, _ response) {
				for _, who := range []string{"alice", "bob", "frank"} {
					n := w.do(t, request{method: "GET", path: "/api/v1/me/notifications", as: who})
					if get(n.json, "items.0.kind") != "announcement" || get(n.json, "items.0.title") != "Testing: Brown bag on Friday" {
						t.Errorf("%s was not told: %s", who, n.body)
					}
				}
			}},
		{name: "a plain member cannot announce", request: request{method: "POST", path: path(""), as: "bob", body: `{"title":"Hello all","body":"From bob."}`},
			status: http.StatusForbidden},
		{name: "an empty title is refused", request: request{method: "POST", path: path(""), as: "dave", body: `{"title":"","body":"Text."}`},
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "title"}},
		{name: "an announcement", request: request{method: "GET", path: path("/{news}"), as: "alice"},
			status: http.StatusOK, fields: map[string]any{"id": "{news}", "can.edit": true}, want: []string{"**3 to 7 March**"}},
		{name: "its author unpins it", request: request{method: "PATCH", path: path("/{news}"), as: "alice", body: `{"pinned":false}`},
			status: http.StatusOK, fields: map[string]any{"pinned": false, "title": "Quality week is back"}},
		{name: "a core member cannot edit the leader's announcement", request: request{method: "PATCH", path: path("/{news}"), as: "dave", body: `{"title":"Dave's title"}`},
			status: http.StatusForbidden},
		{name: "a plain member cannot delete", request: request{method: "DELETE", path: path("/{news}"), as: "bob"},
			status: http.StatusForbidden},
		{name: "the leader deletes", request: request{method: "DELETE", path: path("/{news}"), as: "alice"},
			status: http.StatusNoContent},
	})
}
