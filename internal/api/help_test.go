package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// jsonOf encodes v as a request body, for bodies that hold quotes and
// markup.
func jsonOf(t testing.TB, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// helpPath is a path under testing's help requests.
func helpPath(rest string) string { return "/api/v1/communities/testing/requests" + rest }

func TestHelpRequestLists(t *testing.T) {
	get := func(as, path string) request { return request{method: "GET", path: path, as: as} }
	runIn(t, seedPractice, []scenario{
		{name: "anyone lists an open community's requests, latest activity first, without deleted ones", request: get("", helpPath("")),
			status: http.StatusOK, notWant: []string{"Forgotten question"},
			fields: map[string]any{"items.#": 5, "items.0.id": "{open}", "items.1.id": "{locked}", "items.2.id": "{answered}", "items.3.id": "{reported}",
				"items.4.id": "{solved}", "next_cursor": nil, "items.0.author.id": "{bob}", "items.0.clock.state": "waiting", "items.0.tags.#": 2,
				"items.2.reply_count": 2, "items.3.outcome": "worked", "items.4.status": "solved", "items.0.claim": nil}},
		{name: "unanswered lists requests without a reply, oldest due first", request: get("", helpPath("?view=unanswered")),
			status: http.StatusOK, fields: map[string]any{"items.#": 2, "items.0.id": "{locked}", "items.1.id": "{open}"}},
		{name: "solved lists solved requests", request: get("", helpPath("?view=solved")),
			status: http.StatusOK, fields: map[string]any{"items.#": 2, "items.0.id": "{reported}", "items.1.id": "{solved}"}},
		{name: "mine lists the caller's requests", request: get("frank", helpPath("?view=mine")),
			status: http.StatusOK, fields: map[string]any{"items.#": 2, "items.0.id": "{answered}", "items.1.id": "{reported}"}},
		{name: "waiting_followup lists the outcomes the caller owes", request: get("bob", helpPath("?view=waiting_followup")),
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.id": "{solved}", "items.0.outcome": nil}},
		{name: "a personal view needs a signed-in caller", request: get("", helpPath("?view=mine")),
			status: http.StatusUnauthorized},
		{name: "a tag selects its requests", request: get("", helpPath("?tag=ci")),
			status: http.StatusOK, fields: map[string]any{"items.#": 2, "items.0.id": "{open}", "items.1.id": "{reported}"}},
		{name: "an unknown view is refused", request: get("", helpPath("?view=hot")),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "view"}},
		{name: "markup in a tag filter is refused", request: get("", helpPath("?tag=%3Cscript%3E")),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "tag"}},
		{name: "a cursor of another view is refused", request: get("", helpPath("?view=unanswered&cursor=cmVxdWVzdHMuYWxsOng")), // "requests.all:x"
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "cursor"}},
		{name: "a damaged cursor of the right list is refused", request: get("", helpPath("?cursor=cmVxdWVzdHMuYWxsOng")),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "cursor"}},
		{name: "a private community's requests are not found by non-members", request: get("carol", "/api/v1/communities/secret/requests"),
			status: http.StatusNotFound},
		{name: "a member lists a private community's requests", request: get("erin", "/api/v1/communities/secret/requests"),
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.id": "{private}", "items.0.community_slug": "secret"}},
		{name: "across my communities", request: get("alice", "/api/v1/requests"),
			status: http.StatusOK, fields: map[string]any{"items.#": 6, "items.0.id": "{private}", "items.0.community_name": "Secret", "items.1.community_slug": "testing"}},
		{name: "across my communities, a view", request: get("alice", "/api/v1/requests?view=unanswered"),
			status: http.StatusOK, fields: map[string]any{"items.#": 3}},
		{name: "across my communities needs a signed-in caller", request: get("", "/api/v1/requests"),
			status: http.StatusUnauthorized},
		{name: "someone who belongs nowhere has no requests", request: get("carol", "/api/v1/requests"),
			status: http.StatusOK, want: []string{`"items":[]`}},

		{name: "the tag set, most used first", request: get("", "/api/v1/communities/testing/request-tags"),
			status: http.StatusOK, fields: map[string]any{"items.#": 8, "items.0.tag": "ci", "items.0.count": 2, "items.1.tag": "database"}},
		{name: "a private tag set is not found by non-members", request: get("carol", "/api/v1/communities/secret/request-tags"),
			status: http.StatusNotFound},
	})
}

func TestAskingAndEditing(t *testing.T) {
	ask := func(as, slug, body string) request {
		return request{method: "POST", path: "/api/v1/communities/" + slug + "/requests", as: as, body: body}
	}
	patch := func(as, id, body string) request {
		return request{method: "PATCH", path: helpPath("/" + id), as: as, body: body}
	}
	xssTitle, xssBody := `<script>alert(1)</script> in a title`, `<img src=x onerror=alert(1)> and [x](javascript:alert(1)) and <svg onload=alert(1)>`
	runIn(t, seedPractice, []scenario{
		{name: "a member asks for help", request: ask("bob", "testing",
			`{"title":"Contract tests between services","body":"How do we keep consumer contracts in step with the provider?","tried":"Pact, *briefly*.","tags":["Contracts","api"]}`),
			status: http.StatusCreated, fields: map[string]any{"status": "open", "author.id": "{bob}", "author.name": "Bob Example", "tags.#": 2, "tags.0": "api",
				"tags.1": "contracts", "tried": "Pact, *briefly*.", "clock.state": "waiting", "clock.due_at": "2026-03-03T09:47:00Z", "clock.seconds_left": 86400,
				"clock.first_reply_at": nil, "reply_count": 0, "revision": 1, "claim": nil, "outcome": nil, "deleted_at": nil},
			after: func(t *testing.T, w *world, res response) {
				r := w.do(t, request{method: "GET", path: "/api/v1/communities/testing/requests?view=unanswered", as: "dave"})
				if get(r.json, "items.#") != 3 {
					t.Errorf("the new request is not in the unanswered list: %s", r.body)
				}
			}},
		{name: "markup in a title and body is stored as written and returned as JSON text", request: ask("bob", "testing",
			jsonOf(t, map[string]any{"title": xssTitle, "body": xssBody})),
			status: http.StatusCreated, fields: map[string]any{"title": xssTitle, "body": xssBody},
			after: func(t *testing.T, w *world, res response) {
				if strings.Contains(string(res.body), "<script") || strings.Contains(string(res.body), "<img") {
					t.Errorf("the JSON carries raw markup: %s", res.body)
				}
				if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
					t.Errorf("Content-Type %q", ct)
				}
			}},
		{name: "markup in a tag is refused", request: ask("bob", "testing", `{"title":"A question with tags","body":"Twenty characters at the very least.","tags":["<script>alert(1)</script>"]}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "tags"}},
		{name: "a tag of two words is refused", request: ask("bob", "testing", `{"title":"A question with tags","body":"Twenty characters at the very least.","tags":["two words"]}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "tags"}},
		{name: "a short title is refused", request: ask("bob", "testing", `{"title":"Help","body":"Twenty characters at the very least."}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "title"}},
		{name: "a missing body is refused", request: ask("bob", "testing", `{"title":"A question without a body"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "body"}},
		{name: "a status cannot be set when asking", request: ask("bob", "testing", `{"title":"A solved question","body":"Twenty characters at the very least.","status":"solved"}`),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "status"}},
		{name: "a non-member of an open community cannot ask", request: ask("carol", "testing", `{"title":"A question from outside","body":"Twenty characters at the very least."}`),
			status: http.StatusForbidden, want: []string{"Join Testing"}},
		{name: "a non-member cannot ask in a private community, nor learn it exists", request: ask("carol", "secret", `{"title":"A question from outside","body":"Twenty characters at the very least."}`),
			status: http.StatusNotFound},
		{name: "anonymous callers cannot ask", request: ask("", "testing", `{"title":"An anonymous question","body":"Twenty characters at the very least."}`),
			status: http.StatusUnauthorized},

		{name: "the asker edits; fields left out keep their value", request: patch("frank", "{answered}", `{"title":"How to mock the clock in Go unit tests"}`),
			status: http.StatusOK, fields: map[string]any{"title": "How to mock the clock in Go unit tests", "revision": 2, "tags.#": 2, "tags.0": "go",
				"body": "Our tests sleep to wait for timeouts, which makes the suite slow and flaky."}},
		{name: "tags can be replaced", request: patch("frank", "{answered}", `{"tags":["go","time"]}`),
			status: http.StatusOK, fields: map[string]any{"tags.1": "time", "revision": 2}},
		{name: "someone else cannot edit a request", request: patch("bob", "{answered}", `{"title":"Bob's title for it"}`),
			status: http.StatusForbidden},
		{name: "the asker cannot edit a locked request", request: patch("bob", "{locked}", `{"title":"Which laptop for testing?"}`),
			status: http.StatusConflict, want: []string{"locked"}},
		{name: "the core group edits a locked request", request: patch("dave", "{locked}", `{"title":"Which laptop for browser testing?"}`),
			status: http.StatusOK, fields: map[string]any{"title": "Which laptop for browser testing?", "locked": true}},
		{name: "an edit to an empty title is refused", request: patch("frank", "{answered}", `{"title":""}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "title"}},
		{name: "an edit by a non-member of a private community finds nothing", request: request{method: "PATCH", path: "/api/v1/communities/secret/requests/{private}", as: "carol", body: `{"title":"Mine now, all mine"}`},
			status: http.StatusNotFound},

		{name: "the asker deletes a request without replies", request: request{method: "DELETE", path: helpPath("/{open}"), as: "bob"},
			status: http.StatusNoContent,
			after: func(t *testing.T, w *world, _ response) {
				if r := w.do(t, request{method: "GET", path: helpPath("/" + w.expand("{open}")), as: "bob"}); r.status != http.StatusNotFound {
					t.Errorf("the deleted request answers %d to its asker", r.status)
				}
			}},
		{name: "the asker cannot delete a request others replied to", request: request{method: "DELETE", path: helpPath("/{answered}"), as: "frank"},
			status: http.StatusConflict, want: []string{"replies"}},
		{name: "a member cannot delete someone else's request", request: request{method: "DELETE", path: helpPath("/{open}"), as: "frank"},
			status: http.StatusForbidden},
		{name: "deleting a deleted request is a conflict", request: request{method: "DELETE", path: helpPath("/{deleted}"), as: "dave"},
			status: http.StatusConflict},
	})
}

func TestThreads(t *testing.T) {
	thread := func(as, id string) request { return request{method: "GET", path: helpPath("/" + id), as: as} }
	runIn(t, seedPractice, []scenario{
		{name: "anyone reads a thread of an open community, with replies and comments", request: thread("", "{answered}"),
			status: http.StatusOK, fields: map[string]any{"request.id": "{answered}", "request.author.id": "{frank}", "request.clock.state": "met",
				"request.clock.first_reply_by": "{dave}", "request.clock.seconds_to_first_reply": 60, "request.clock.seconds_left": nil,
				"replies.#": 2, "replies.0.id": "{reply}", "replies.0.parent_id": nil, "replies.0.author.handle": "dave-example",
				"replies.0.comments.#": 1, "replies.0.comments.0.id": "{comment}", "replies.0.comments.0.parent_id": "{reply}",
				"replies.1.id": "{reply2}", "replies.1.comments.#": 0, "helpers.#": 2, "helpers.0.id": "{dave}",
				"commitment.response_minutes": 1440, "commitment.description": "a first reply within 1 day", "commitment.updated_at": nil,
				"can.reply": false, "can.accept": false, "replies.0.can_edit": false}},
		{name: "the asker may accept and close", request: thread("frank", "{answered}"),
			status: http.StatusOK, fields: map[string]any{"can.accept": true, "can.close": true, "can.report_outcome": false, "can.delete": false, "can.moderate": false}},
		{name: "a member may reply, and edit their own reply", request: thread("bob", "{answered}"),
			status: http.StatusOK, fields: map[string]any{"can.reply": true, "can.accept": false, "can.edit": false, "replies.1.can_edit": true, "replies.0.can_edit": false}},
		{name: "the core group may moderate", request: thread("dave", "{answered}"),
			status: http.StatusOK, fields: map[string]any{"can.moderate": true, "can.accept": true, "replies.1.can_delete": true}},
		{name: "a solved thread shows the reply that solved it", request: thread("bob", "{solved}"),
			status: http.StatusOK, fields: map[string]any{"request.status": "solved", "request.accepted_reply_id": "{solution}", "replies.0.accepted": true,
				"request.followup_due_at": "2026-03-16T09:32:00Z", "can.report_outcome": true, "replies.0.can_delete": false}},
		{name: "a reported outcome shows on the thread", request: thread("", "{reported}"),
			status: http.StatusOK, fields: map[string]any{"request.outcome": "worked", "request.outcome_note": "Pinning the fonts fixed it."}},
		{name: "a locked thread takes no replies", request: thread("bob", "{locked}"),
			status: http.StatusOK, fields: map[string]any{"request.locked": true, "can.reply": false, "can.edit": false}},
		{name: "a deleted request is not found by members", request: thread("bob", "{deleted}"),
			status: http.StatusNotFound},
		{name: "the core group still sees a deleted request", request: thread("dave", "{deleted}"),
			status: http.StatusOK, want: []string{`"deleted_at":"2026-03-02T09:40:00Z"`}, fields: map[string]any{"can.reply": false, "can.delete": false}},
		{name: "a private thread is not found by non-members", request: request{method: "GET", path: "/api/v1/communities/secret/requests/{private}", as: "carol"},
			status: http.StatusNotFound},
		{name: "a request is not found under another community", request: thread("alice", "{private}"),
			status: http.StatusNotFound},
		{name: "an id that is not a number is not found", request: thread("alice", "first"),
			status: http.StatusNotFound},

		{name: "a request's history", request: request{method: "GET", path: helpPath("/{answered}/revisions"), as: "bob"},
			before: func(t *testing.T, w *world) {
				if _, err := w.app.Practice.EditRequest(context.Background(), w.users["dave"], "testing", w.ids["answered"],
					"How to mock the clock in Go", "Our tests sleep to wait for timeouts; the suite is slow.", "", "go"); err != nil {
					t.Fatal(err)
				}
			},
			status: http.StatusOK, fields: map[string]any{"items.#": 2, "items.0.number": 1, "items.0.editor.id": "{frank}", "items.0.current": false,
				"items.0.tags.#": 2, "items.1.current": true, "items.1.editor.id": "{dave}", "items.1.tags.#": 1}},
		{name: "a reply's history", request: request{method: "GET", path: "/api/v1/communities/testing/replies/{reply}/revisions"},
			before: func(t *testing.T, w *world) {
				if _, err := w.app.Practice.EditReply(context.Background(), w.users["dave"], "testing", w.ids["reply"], "Inject a clock; advance a fake one."); err != nil {
					t.Fatal(err)
				}
			},
			status: http.StatusOK, fields: map[string]any{"items.#": 2, "items.1.body": "Inject a clock; advance a fake one.", "items.1.current": true}},
		{name: "a deleted request's history is not found by members", request: request{method: "GET", path: helpPath("/{deleted}/revisions"), as: "bob"},
			status: http.StatusNotFound},
	})
}

func TestReplies(t *testing.T) {
	replyTo := func(as, id, body string) request {
		return request{method: "POST", path: helpPath("/" + id + "/replies"), as: as, body: body}
	}
	onReply := func(method, as, id, rest, body string) request {
		return request{method: method, path: "/api/v1/communities/testing/replies/" + id + rest, as: as, body: body}
	}
	runIn(t, seedPractice, []scenario{
		{name: "a member replies, which stops the clock", request: replyTo("dave", "{open}", `{"body":"Run it with -count=100 and look at the timing."}`),
			status: http.StatusCreated, fields: map[string]any{"request_id": "{open}", "author.id": "{dave}", "parent_id": nil, "revision": 1, "can_edit": true},
			after: func(t *testing.T, w *world, _ response) {
				r := w.do(t, request{method: "GET", path: helpPath("/" + w.expand("{open}")), as: "bob"})
				if get(r.json, "request.clock.state") != "met" || get(r.json, "request.reply_count") != float64(1) {
					t.Errorf("after the first reply: %s", r.body)
				}
				n := w.do(t, request{method: "GET", path: "/api/v1/me/notifications", as: "bob"})
				if get(n.json, "items.0.kind") != "reply" || get(n.json, "items.0.actor_id") != float64(w.users["dave"].ID) {
					t.Errorf("the asker was not told: %s", n.body)
				}
			}},
		{name: "markup in a reply is stored as written", request: replyTo("dave", "{open}", jsonOf(t, map[string]string{"body": `<script>alert(1)</script>`})),
			status: http.StatusCreated, fields: map[string]any{"body": `<script>alert(1)</script>`}},
		{name: "replying to a locked request is a conflict", request: replyTo("frank", "{locked}", `{"body":"Any laptop with 32 GB."}`),
			status: http.StatusConflict, want: []string{"locked"}},
		{name: "replying to a deleted request is a conflict for the core group", request: replyTo("dave", "{deleted}", `{"body":"Too late for this one."}`),
			status: http.StatusConflict, want: []string{"deleted"}},
		{name: "a deleted request is not found by members who reply", request: replyTo("bob", "{deleted}", `{"body":"Too late for this one."}`),
			status: http.StatusNotFound},
		{name: "replying to a closed request is a conflict", request: replyTo("dave", "{open}", `{"body":"Is it still flaky?"}`),
			before: func(t *testing.T, w *world) {
				if err := w.app.Practice.Close(context.Background(), w.users["bob"], "testing", w.ids["open"], "Found it myself"); err != nil {
					t.Fatal(err)
				}
			},
			status: http.StatusConflict, want: []string{"closed"}},
		{name: "an empty reply is refused", request: replyTo("dave", "{open}", `{"body":"   "}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "body"}},
		{name: "a non-member cannot reply", request: replyTo("carol", "{open}", `{"body":"From the outside."}`),
			status: http.StatusForbidden},
		{name: "a non-member cannot reply in a private community", request: request{method: "POST", path: "/api/v1/communities/secret/requests/{private}/replies", as: "carol", body: `{"body":"Let me in."}`},
			status: http.StatusNotFound},

		{name: "a comment goes under its reply", request: onReply("POST", "dave", "{reply2}", "/comments", `{"body":"Agreed, for small packages."}`),
			status: http.StatusCreated, fields: map[string]any{"parent_id": "{reply2}", "request_id": "{answered}", "author.id": "{dave}"}},
		{name: "a comment on a comment joins the reply", request: onReply("POST", "bob", "{comment}", "/comments", `{"body":"Same here."}`),
			status: http.StatusCreated, fields: map[string]any{"parent_id": "{reply}"}},
		{name: "commenting under a locked request is a conflict", request: onReply("POST", "bob", "{reply}", "/comments", `{"body":"Late to the party."}`),
			before: func(t *testing.T, w *world) {
				if err := w.app.Practice.Lock(context.Background(), w.users["dave"], "testing", w.ids["answered"]); err != nil {
					t.Fatal(err)
				}
			},
			status: http.StatusConflict},
		{name: "a comment on a reply that does not exist", request: onReply("POST", "bob", "999999", "/comments", `{"body":"Hello?"}`),
			status: http.StatusNotFound},
		{name: "a reply is not found under another community", request: request{method: "POST", path: "/api/v1/communities/secret/replies/{reply}/comments", as: "alice", body: `{"body":"Wrong place."}`},
			status: http.StatusNotFound},

		{name: "the author edits a reply", request: onReply("PATCH", "dave", "{reply}", "", `{"body":"Inject a clock; advance a fake one by hand."}`),
			status: http.StatusOK, fields: map[string]any{"revision": 2, "body": "Inject a clock; advance a fake one by hand.", "id": "{reply}"}},
		{name: "someone else cannot edit a reply", request: onReply("PATCH", "bob", "{reply}", "", `{"body":"Bob's words now."}`),
			status: http.StatusForbidden},
		{name: "the author deletes a reply", request: onReply("DELETE", "bob", "{reply2}", "", ""),
			status: http.StatusNoContent,
			after: func(t *testing.T, w *world, _ response) {
				r := w.do(t, request{method: "GET", path: helpPath("/" + w.expand("{answered}")), as: "frank"})
				if get(r.json, "replies.#") != 1 || get(r.json, "request.reply_count") != float64(1) {
					t.Errorf("after deleting a reply: %s", r.body)
				}
			}},
		{name: "the accepted reply cannot be deleted", request: onReply("DELETE", "dave", "{solution}", "", ""),
			status: http.StatusConflict, want: []string{"unmark it"}},
		{name: "a member cannot delete someone else's reply", request: onReply("DELETE", "bob", "{reply}", "", ""),
			status: http.StatusForbidden},
	})
}

func TestAcceptingAndTheLearningLoop(t *testing.T) {
	act := func(as, id, action, body string) request {
		return request{method: "POST", path: helpPath("/" + id + "/" + action), as: as, body: body}
	}
	runIn(t, seedPractice, []scenario{
		{name: "the asker accepts the reply that solved it", request: act("frank", "{answered}", "accept", `{"reply_id":{reply}}`),
			status: http.StatusOK, fields: map[string]any{"status": "solved", "accepted_reply_id": "{reply}", "solved_at": "2026-03-02T09:47:00Z",
				"followup_due_at": "2026-03-16T09:47:00Z", "id": "{answered}"},
			after: func(t *testing.T, w *world, _ response) {
				n := w.do(t, request{method: "GET", path: "/api/v1/me/notifications?unread=true", as: "dave"})
				if get(n.json, "items.0.kind") != "accepted" {
					t.Errorf("the helper was not told: %s", n.body)
				}
			}},
		{name: "the core group accepts too", request: act("dave", "{answered}", "accept", `{"reply_id":{reply2}}`),
			status: http.StatusOK, fields: map[string]any{"accepted_reply_id": "{reply2}"}},
		{name: "accepting a reply on someone else's request is forbidden", request: act("bob", "{answered}", "accept", `{"reply_id":{reply}}`),
			status: http.StatusForbidden, fields: map[string]any{"error.code": "forbidden"}},
		{name: "a comment cannot be accepted", request: act("frank", "{answered}", "accept", `{"reply_id":{comment}}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "reply_id"}},
		{name: "a reply of another request cannot be accepted", request: act("frank", "{answered}", "accept", `{"reply_id":{solution}}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "reply_id"}},
		{name: "accepting needs a reply id", request: act("frank", "{answered}", "accept", `{}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "reply_id"}},
		{name: "a reply id is a number", request: act("frank", "{answered}", "accept", `{"reply_id":"first"}`),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "reply_id"}},
		{name: "accepting on a deleted request is a conflict for the core group", request: act("dave", "{deleted}", "accept", `{"reply_id":{reply}}`),
			status: http.StatusConflict},

		{name: "the asker takes an acceptance back", request: act("bob", "{solved}", "unaccept", ""),
			status: http.StatusOK, fields: map[string]any{"status": "open", "accepted_reply_id": nil, "followup_due_at": nil}},
		{name: "taking back what was never accepted is a conflict", request: act("frank", "{answered}", "unaccept", ""),
			status: http.StatusConflict},
		{name: "a member cannot take back someone else's acceptance", request: act("frank", "{solved}", "unaccept", ""),
			status: http.StatusForbidden},

		{name: "the asker says how it turned out", request: act("bob", "{solved}", "outcome", `{"outcome":"partly","note":"It helped with half of the workers."}`),
			status: http.StatusOK, fields: map[string]any{"outcome": "partly", "outcome_note": "It helped with half of the workers.", "outcome_at": "2026-03-02T09:47:00Z"},
			after: func(t *testing.T, w *world, _ response) {
				n := w.do(t, request{method: "GET", path: "/api/v1/me/notifications", as: "dave"})
				if get(n.json, "items.0.kind") != "outcome" || !strings.Contains(get(n.json, "items.0.title").(string), "partly") {
					t.Errorf("the helper did not hear how it turned out: %s", n.body)
				}
			}},
		{name: "a follow-up answered twice is a conflict", request: act("frank", "{reported}", "outcome", `{"outcome":"did_not"}`),
			status: http.StatusConflict, want: []string{"already"}},
		{name: "an outcome that does not exist is refused", request: act("bob", "{solved}", "outcome", `{"outcome":"great"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "outcome"}},
		{name: "no_outcome is the system's to record", request: act("bob", "{solved}", "outcome", `{"outcome":"no_outcome"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "outcome"}},
		{name: "an outcome needs a value", request: act("bob", "{solved}", "outcome", `{"note":"It went fine."}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "outcome"}},
		{name: "only the asker reports the outcome", request: act("dave", "{solved}", "outcome", `{"outcome":"worked"}`),
			status: http.StatusForbidden},
		{name: "an outcome before anything solved it is a conflict", request: act("bob", "{open}", "outcome", `{"outcome":"worked"}`),
			status: http.StatusConflict},

		{name: "the asker drafts an FAQ from a solved thread", request: request{method: "GET", path: helpPath("/{solved}/draft-artefact"), as: "bob"},
			status: http.StatusOK, fields: map[string]any{"kind": "faq", "title": "Database deadlock in the nightly import", "sources.#": 1,
				"sources.0.type": "request", "sources.0.id": "{solved}", "tags.0": "database", "anonymous": false, "practice_status": nil},
			want: []string{"sort the order ids"}},
		{name: "the core group drafts too", request: request{method: "GET", path: helpPath("/{solved}/draft-artefact"), as: "dave"},
			status: http.StatusOK},
		{name: "a thread not solved yet cannot be drafted", request: request{method: "GET", path: helpPath("/{answered}/draft-artefact"), as: "frank"},
			status: http.StatusConflict},
		{name: "a member who did not ask cannot draft", request: request{method: "GET", path: helpPath("/{solved}/draft-artefact"), as: "frank"},
			status: http.StatusForbidden},
		{name: "drafting needs a signed-in caller", request: request{method: "GET", path: helpPath("/{solved}/draft-artefact")},
			status: http.StatusUnauthorized},
	})
}

func TestClaimsModerationAndCommitment(t *testing.T) {
	act := func(method, as, id, action, body string) request {
		return request{method: method, path: helpPath("/" + id + "/" + action), as: as, body: body}
	}
	daveClaims := func(t *testing.T, w *world) {
		if _, err := w.app.Practice.Claim(context.Background(), w.users["dave"], "testing", w.ids["open"]); err != nil {
			t.Fatal(err)
		}
	}
	settings := func(as, slug, body string) request {
		method := "GET"
		if body != "" {
			method = "PUT"
		}
		return request{method: method, path: "/api/v1/communities/" + slug + "/help-settings", as: as, body: body}
	}
	runIn(t, seedPractice, []scenario{
		{name: "a member takes an unanswered request", request: act("POST", "dave", "{open}", "claim", ""),
			status: http.StatusOK, fields: map[string]any{"claim.by.id": "{dave}", "claim.until": "2026-03-02T11:47:00Z"},
			after: func(t *testing.T, w *world, _ response) {
				r := w.do(t, request{method: "GET", path: "/api/v1/communities/testing/requests?view=claimed_by_me", as: "dave"})
				if get(r.json, "items.#") != 1 {
					t.Errorf("claimed_by_me: %s", r.body)
				}
			}},
		{name: "the asker cannot take their own request", request: act("POST", "bob", "{open}", "claim", ""),
			status: http.StatusConflict},
		{name: "someone else's running claim is a conflict naming them", request: act("POST", "frank", "{open}", "claim", ""),
			before: daveClaims, status: http.StatusConflict, want: []string{"Dave Example is already on it"}},
		{name: "a request with a reply cannot be taken", request: act("POST", "dave", "{answered}", "claim", ""),
			status: http.StatusConflict},
		{name: "a non-member cannot take a request", request: act("POST", "carol", "{open}", "claim", ""),
			status: http.StatusForbidden},
		{name: "the holder gives a claim back", request: act("DELETE", "dave", "{open}", "claim", ""),
			before: daveClaims, status: http.StatusNoContent},
		{name: "another member cannot give someone's claim back", request: act("DELETE", "frank", "{open}", "claim", ""),
			before: daveClaims, status: http.StatusForbidden},
		{name: "giving back what nobody took is a conflict", request: act("DELETE", "dave", "{open}", "claim", ""),
			status: http.StatusConflict},
		{name: "a claim lapses", request: request{method: "GET", path: helpPath("/{open}"), as: "bob"},
			before: func(t *testing.T, w *world) {
				daveClaims(t, w)
				w.clock.Advance(3 * time.Hour)
				retouch(t, w)
			},
			status: http.StatusOK, fields: map[string]any{"request.claim": nil, "can.claim": false}},

		{name: "the core group locks a request", request: act("POST", "dave", "{open}", "lock", ""),
			status: http.StatusOK, fields: map[string]any{"locked": true}},
		{name: "a member cannot lock", request: act("POST", "bob", "{open}", "lock", ""),
			status: http.StatusForbidden},
		{name: "the core group unlocks", request: act("POST", "dave", "{locked}", "unlock", ""),
			status: http.StatusOK, fields: map[string]any{"locked": false}},
		{name: "the asker closes with a reason", request: act("POST", "bob", "{open}", "close", `{"reason":"Found it myself: a race in the fixture."}`),
			status: http.StatusOK, fields: map[string]any{"status": "closed", "close_reason": "Found it myself: a race in the fixture.", "closed_by.id": "{bob}",
				"clock.state": "stopped"}},
		{name: "closing needs a reason", request: act("POST", "bob", "{open}", "close", `{"reason":""}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "reason"}},
		{name: "a solved request is locked, not closed", request: act("POST", "bob", "{solved}", "close", `{"reason":"Done and dusted."}`),
			status: http.StatusConflict},
		{name: "the core group reopens", request: act("POST", "dave", "{open}", "reopen", ""),
			before: func(t *testing.T, w *world) {
				if err := w.app.Practice.Close(context.Background(), w.users["bob"], "testing", w.ids["open"], "Found it myself"); err != nil {
					t.Fatal(err)
				}
			},
			status: http.StatusOK, fields: map[string]any{"status": "open", "closed_by": nil, "close_reason": ""}},
		{name: "reopening an open request is a conflict", request: act("POST", "dave", "{open}", "reopen", ""),
			status: http.StatusConflict},
		{name: "a member cannot reopen", request: act("POST", "bob", "{open}", "reopen", ""),
			status: http.StatusForbidden},
		{name: "moderation needs a signed-in caller", request: act("POST", "", "{open}", "lock", ""),
			status: http.StatusUnauthorized},

		{name: "the core group sees the triage queue", request: request{method: "GET", path: "/api/v1/communities/testing/triage", as: "dave"},
			status: http.StatusOK, fields: map[string]any{"total": 2, "truncated": false, "waiting.#": 2, "waiting.0.id": "{locked}", "overdue.#": 0,
				"commitment.response_minutes": 1440}},
		{name: "the triage queue shows what is overdue", request: request{method: "GET", path: "/api/v1/communities/testing/triage", as: "alice"},
			before: func(t *testing.T, w *world) {
				w.clock.Advance(25 * time.Hour)
				retouch(t, w)
			},
			status: http.StatusOK, fields: map[string]any{"overdue.#": 2, "waiting.#": 0, "overdue.0.clock.state": "overdue"}},
		{name: "a member cannot see the triage queue", request: request{method: "GET", path: "/api/v1/communities/testing/triage", as: "bob"},
			status: http.StatusForbidden},
		{name: "a non-member of a private community cannot see its triage queue", request: request{method: "GET", path: "/api/v1/communities/secret/triage", as: "carol"},
			status: http.StatusNotFound},

		{name: "anyone reads the commitment", request: settings("", "testing", ""),
			status: http.StatusOK, fields: map[string]any{"response_minutes": 1440, "working_hours_only": false, "time_zone": "UTC", "day_start_minute": 540,
				"followup_days": 14, "claim_minutes": 120, "remind_before_minutes": 240, "updated_at": nil, "description": "a first reply within 1 day"}},
		{name: "the core group changes the commitment; fields left out keep their value",
			request: settings("dave", "testing", `{"response_minutes":240,"working_hours_only":true,"time_zone":"Europe/Paris","remind_before_minutes":60}`),
			status:  http.StatusOK, fields: map[string]any{"response_minutes": 240, "working_hours_only": true, "time_zone": "Europe/Paris", "followup_days": 14,
				"day_end_minute": 1020, "updated_at": "2026-03-02T09:47:00Z",
				"description": "a first reply within 4 working hours (Monday to Friday, 09:00–17:00 Europe/Paris)"},
			after: func(t *testing.T, w *world, _ response) {
				r := w.do(t, request{method: "GET", path: "/api/v1/communities/testing/help-settings"})
				if get(r.json, "response_minutes") != float64(240) {
					t.Errorf("the change did not stay: %s", r.body)
				}
			}},
		{name: "a member cannot change the commitment", request: settings("bob", "testing", `{"response_minutes":60}`),
			status: http.StatusForbidden},
		{name: "an unknown time zone is refused", request: settings("dave", "testing", `{"time_zone":"Mars/Olympus"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "time_zone"}},
		{name: "a response time out of bounds is refused", request: settings("dave", "testing", `{"response_minutes":5}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "response_minutes"}},
		{name: "a commitment field of the wrong type is refused", request: settings("dave", "testing", `{"working_hours_only":"yes"}`),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "working_hours_only"}},
		{name: "a private commitment is not found by non-members", request: settings("carol", "secret", ""),
			status: http.StatusNotFound},

		{name: "similar requests and artefacts", request: request{method: "GET", path: "/api/v1/communities/testing/similar?q=deadlock+in+the+import+workers"},
			status: http.StatusOK,
			after: func(t *testing.T, w *world, res response) {
				kinds := map[string]bool{}
				items, _ := get(res.json, "items").([]any)
				for _, it := range items {
					kinds[get(it, "kind").(string)] = true
					if get(it, "community_slug") != "testing" {
						t.Errorf("a suggestion from elsewhere: %v", it)
					}
				}
				if !kinds["request"] || !kinds["artefact"] {
					t.Errorf("want both a request and an artefact: %s", res.body)
				}
			}},
		{name: "nothing is similar to stop words", request: request{method: "GET", path: "/api/v1/communities/testing/similar?q=the+and+of"},
			status: http.StatusOK, want: []string{`"items":[]`}},
		{name: "a private community's similar requests are not found by non-members", request: request{method: "GET", path: "/api/v1/communities/secret/similar?q=threat", as: "carol"},
			status: http.StatusNotFound},
	})
}
