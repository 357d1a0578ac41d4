package api_test

import (
	"cmp"
	"context"
	"net/http"
	"testing"
)

// artefactPath is a path under testing's knowledge.
func artefactPath(rest string) string { return "/api/v1/communities/testing/artefacts" + rest }

func TestKnowledge(t *testing.T) {
	read := func(as, path string) request { return request{method: "GET", path: path, as: as} }
	create := func(as, body string) request {
		return request{method: "POST", path: artefactPath(""), as: as, body: body}
	}
	patch := func(as, id, body string) request {
		return request{method: "PATCH", path: artefactPath("/" + id), as: as, body: body}
	}
	daveDeletesFAQ := func(t *testing.T, w *world) {
		if err := w.app.Knowledge.Delete(context.Background(), w.users["dave"], "testing", w.ids["faq"]); err != nil {
			t.Fatal(err)
		}
	}
	xss := `<img src=x onerror=alert(1)><script>alert(1)</script>`
	runIn(t, seedPractice, []scenario{
		{name: "the kinds of knowledge", request: read("", "/api/v1/knowledge-kinds"),
			status: http.StatusOK, fields: map[string]any{"kinds.#": 7, "kinds.0.kind": "faq", "practice_statuses.#": 3, "practice_statuses.0.status": "proposed"}},

		{name: "anyone lists an open community's knowledge, newest first", request: read("", artefactPath("")),
			status: http.StatusOK, fields: map[string]any{"items.#": 3, "items.0.id": "{reflection}", "items.1.id": "{practice}", "items.2.id": "{faq}",
				"items.2.revision": 2, "items.2.author.id": "{dave}", "items.1.practice_status": "proposed", "items.1.adopters": 1, "items.2.practice_status": nil,
				"items.2.community_name": "Testing", "next_cursor": nil},
			want: []string{`"excerpt":"Workers that update the same rows must take their locks in one order. Sort the ids first."`}},
		{name: "the list filters by kind", request: read("", artefactPath("?kind=practice")),
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.id": "{practice}"}},
		{name: "the list filters by a practice's status", request: read("", artefactPath("?status=proposed")),
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.id": "{practice}"}},
		{name: "the list filters by tag", request: read("", artefactPath("?tag=database")),
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.id": "{faq}"}},
		{name: "the caller's adoption shows in the list", request: read("bob", artefactPath("?kind=practice")),
			status: http.StatusOK, fields: map[string]any{"items.0.adopted": true}},
		{name: "an unknown kind is refused", request: read("", artefactPath("?kind=poem")),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "kind"}},
		{name: "a status of another kind is refused", request: read("", artefactPath("?kind=faq&status=tried")),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "status"}},
		{name: "a cursor that is not an id is refused", request: read("", artefactPath("?cursor=YXJ0ZWZhY3RzOng")), // "artefacts:x"
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "cursor"}},
		{name: "a private community's knowledge is not found by non-members", request: read("carol", "/api/v1/communities/secret/artefacts"),
			status: http.StatusNotFound},
		{name: "a member reads a private community's knowledge", request: read("erin", "/api/v1/communities/secret/artefacts"),
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.id": "{insight}"}},

		{name: "a member adds an insight", request: create("frank", `{"kind":"insight","title":"Short feedback loops win","body":"Teams that run tests on every save fix bugs in minutes.","tags":["feedback"]}`),
			status: http.StatusCreated, fields: map[string]any{"kind": "insight", "author.id": "{frank}", "author.name": "Frank Example", "revision": 1, "anonymous": false,
				"practice_status": nil, "tags.0": "feedback", "sources.#": 0, "can.edit": true, "can.set_status": false, "deleted_at": nil}},
		{name: "a promoted thread cites its source, and its people are told", request: create("bob",
			`{"kind":"faq","title":"Pinning fonts for stable screenshots","body":"Pin the browser and fonts in the CI image.","sources":[{"type":"request","id":{reported}}]}`),
			status: http.StatusCreated, fields: map[string]any{"sources.#": 1, "sources.0.type": "request", "sources.0.id": "{reported}",
				"sources.0.title": "Screenshots differ between CI and laptops", "sources.0.gone": false},
			after: func(t *testing.T, w *world, _ response) {
				n := w.do(t, request{method: "GET", path: "/api/v1/me/notifications", as: "frank"})
				if get(n.json, "items.0.kind") != "artefact_source" {
					t.Errorf("the asker was not told: %s", n.body)
				}
			}},
		{name: "a practice starts as proposed", request: create("bob", `{"kind":"practice","title":"Write the test first","body":"Write a failing test before the fix, every time."}`),
			status: http.StatusCreated, fields: map[string]any{"practice_status": "proposed", "can.adopt": true}},
		{name: "markup in a title and body is stored as written", request: create("bob", jsonOf(t, map[string]string{"kind": "insight", "title": xss, "body": xss + " and more words"})),
			status: http.StatusCreated, fields: map[string]any{"title": xss, "body": xss + " and more words"}},
		{name: "markup in a tag is refused", request: create("bob", `{"kind":"insight","title":"Tagged insight","body":"Twenty characters at the very least.","tags":["<b>x</b>"]}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "tags"}},
		{name: "only a failure reflection can be anonymous", request: create("bob", `{"kind":"insight","title":"Nameless insight","body":"Twenty characters at the very least.","anonymous":true}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "anonymous"}},
		{name: "a source in another community is refused", request: create("alice", `{"kind":"faq","title":"Borrowed from secret","body":"Twenty characters at the very least.","sources":[{"type":"request","id":{private}}]}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "sources"}},
		{name: "a source takes only a type and an id", request: create("bob", `{"kind":"faq","title":"Extra source field","body":"Twenty characters at the very least.","sources":[{"type":"request","id":1,"title":"x"}]}`),
			status: http.StatusBadRequest},
		{name: "an unknown kind is refused when creating", request: create("bob", `{"kind":"poem","title":"A poem on tests","body":"Twenty characters at the very least."}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "kind"}},
		{name: "a non-member cannot add knowledge", request: create("carol", `{"kind":"insight","title":"From outside","body":"Twenty characters at the very least."}`),
			status: http.StatusForbidden},
		{name: "anonymous callers cannot add knowledge", request: create("", `{"kind":"insight","title":"From nobody","body":"Twenty characters at the very least."}`),
			status: http.StatusUnauthorized},

		{name: "an artefact with its sources", request: read("bob", artefactPath("/{faq}")),
			status: http.StatusOK, fields: map[string]any{"id": "{faq}", "revision": 2, "title": "Avoiding deadlocks in nightly imports", "sources.0.id": "{solved}",
				"sources.0.title": "Database deadlock in the nightly import", "can.edit": false, "can.delete": false, "author.id": "{dave}"}},
		{name: "an artefact of another community is not found here", request: read("alice", artefactPath("/{insight}")),
			status: http.StatusNotFound},

		{name: "an edit from the current revision", request: patch("dave", "{faq}", `{"base_revision":2,"title":"Deadlocks in nightly imports"}`),
			status: http.StatusOK, fields: map[string]any{"revision": 3, "title": "Deadlocks in nightly imports", "tags.0": "database"},
			want: []string{"Sort the ids first."}},
		{name: "an edit from a stale revision is a conflict, and nothing changes", request: patch("alice", "{faq}", `{"base_revision":1,"body":"An older text that would overwrite the newer one."}`),
			status: http.StatusConflict, fields: map[string]any{"error.code": "conflict"}, want: []string{"newer version", "has not been saved"}},
		{name: "an edit must say which revision it started from", request: patch("dave", "{faq}", `{"title":"Deadlocks everywhere"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "base_revision"}},
		{name: "a member cannot edit someone else's artefact", request: patch("frank", "{faq}", `{"base_revision":2,"title":"Frank's deadlocks"}`),
			status: http.StatusForbidden},
		{name: "an edit to an empty body is refused", request: patch("dave", "{faq}", `{"base_revision":2,"body":""}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "body"}},
		{name: "a deleted artefact cannot be edited", request: patch("dave", "{faq}", `{"base_revision":2,"title":"Deadlocks again"}`),
			before: daveDeletesFAQ, status: http.StatusConflict, want: []string{"Restore it first"}},

		{name: "the author deletes an artefact", request: request{method: "DELETE", path: artefactPath("/{faq}"), as: "dave"},
			status: http.StatusNoContent,
			after: func(t *testing.T, w *world, _ response) {
				if r := w.do(t, request{method: "GET", path: artefactPath("/" + w.expand("{faq}")), as: "bob"}); r.status != http.StatusNotFound {
					t.Errorf("a member still sees the deleted artefact: %d", r.status)
				}
				r := w.do(t, request{method: "GET", path: artefactPath("/" + w.expand("{faq}")), as: "alice"})
				if get(r.json, "deleted_at") == nil || get(r.json, "can.restore") != true {
					t.Errorf("the leader does not see the deleted artefact as such: %s", r.body)
				}
			}},
		{name: "a member cannot delete someone else's artefact", request: request{method: "DELETE", path: artefactPath("/{faq}"), as: "frank"},
			status: http.StatusForbidden},
		{name: "the core group restores", request: request{method: "POST", path: artefactPath("/{faq}/restore"), as: "alice"},
			before: daveDeletesFAQ, status: http.StatusOK, fields: map[string]any{"deleted_at": nil, "can.restore": false}},
		{name: "a member cannot restore", request: request{method: "POST", path: artefactPath("/{faq}/restore"), as: "bob"},
			before: daveDeletesFAQ, status: http.StatusForbidden},

		{name: "an artefact's history", request: read("", artefactPath("/{faq}/revisions")),
			status: http.StatusOK, fields: map[string]any{"items.#": 2, "items.0.revision": 1, "items.0.title": "Avoiding deadlocks in imports",
				"items.0.editor.id": "{dave}", "items.0.current": false, "items.1.current": true}},
		{name: "what changed between two revisions", request: read("", artefactPath("/{faq}/compare?from=1&to=2")),
			status: http.StatusOK, fields: map[string]any{"title_changed": true, "from.revision": 1, "to.revision": 2, "inserted": 2, "deleted": 0,
				"hunks.#": 1, "hunks.0.header": "@@ -1,1 +1,3 @@", "hunks.0.lines.0.op": "equal", "hunks.0.lines.1.op": "insert", "hunks.0.lines.1.old_line": nil,
				"hunks.0.lines.2.text": "Sort the ids first.", "tags_added.#": 0}},
		{name: "comparing with a revision that does not exist is refused", request: read("", artefactPath("/{faq}/compare?from=1&to=9")),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "to"}},
		{name: "comparing needs both revisions", request: read("", artefactPath("/{faq}/compare?to=2")),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "from"}},

		{name: "the core group moves a practice on", request: request{method: "PUT", path: artefactPath("/{practice}/status"), as: "dave", body: `{"status":"tried"}`},
			status: http.StatusOK, fields: map[string]any{"practice_status": "tried"}},
		{name: "a member cannot change a practice's status", request: request{method: "PUT", path: artefactPath("/{practice}/status"), as: "bob", body: `{"status":"recommended"}`},
			status: http.StatusForbidden},
		{name: "only a practice has a status", request: request{method: "PUT", path: artefactPath("/{faq}/status"), as: "dave", body: `{"status":"tried"}`},
			status: http.StatusConflict},
		{name: "a status that does not exist is refused", request: request{method: "PUT", path: artefactPath("/{practice}/status"), as: "dave", body: `{"status":"great"}`},
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "status"}},

		{name: "a member says they use a practice", request: request{method: "PUT", path: artefactPath("/{practice}/adoption"), as: "frank"},
			status: http.StatusOK, fields: map[string]any{"adopted": true, "adopters": 2}},
		{name: "saying it twice is the same as once", request: request{method: "PUT", path: artefactPath("/{practice}/adoption"), as: "bob"},
			status: http.StatusOK, fields: map[string]any{"adopted": true, "adopters": 1}},
		{name: "only a practice can be adopted", request: request{method: "PUT", path: artefactPath("/{faq}/adoption"), as: "frank"},
			status: http.StatusConflict},
		{name: "a non-member cannot adopt", request: request{method: "PUT", path: artefactPath("/{practice}/adoption"), as: "carol"},
			status: http.StatusForbidden},
		{name: "a member withdraws", request: request{method: "DELETE", path: artefactPath("/{practice}/adoption"), as: "bob"},
			status: http.StatusNoContent,
			after: func(t *testing.T, w *world, _ response) {
				r := w.do(t, request{method: "GET", path: artefactPath("/" + w.expand("{practice}/adopters"))})
				if get(r.json, "items.#") != 0 {
					t.Errorf("adopters after withdrawing: %s", r.body)
				}
			}},
		{name: "who uses a practice", request: read("", artefactPath("/{practice}/adopters")),
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.user_id": "{bob}", "items.0.name": "Bob Example", "items.0.since": "2026-03-02T09:45:00Z"}},
	})
}

// TestFailureReflectionsHideTheirAuthor: a failure reflection shared
// anonymously names its author to the author, the leader and the core
// group only, wherever the API shows it.
func TestFailureReflectionsHideTheirAuthor(t *testing.T) {
	views := []struct {
		what, path string
		author     string // where the author would be; "" where it never is
	}{
		{"the artefact", artefactPath("/{reflection}"), "author"},
		{"the list", artefactPath("?kind=failure_reflection"), "items.0.author"},
		{"the history", artefactPath("/{reflection}/revisions"), "items.0.editor"},
		{"a comparison", artefactPath("/{reflection}/compare?from=1&to=1"), "from.editor"},
		{"the activity log", "/api/v1/communities/testing/activity?kind=artefact.created", "items.0.actor_id"},
		{"search", "/api/v1/search?q=botched+release", ""},
		{"the similar requests", "/api/v1/communities/testing/similar?q=botched+release+rollback", ""},
	}
	var scenarios []scenario
	for _, v := range views {
		for _, who := range []string{"", "carol", "frank"} {
			sc := scenario{name: v.what + " hides the author from " + cmp.Or(who, "anonymous callers"), request: request{method: "GET", path: v.path, as: who},
				status: http.StatusOK, notWant: []string{"Bob Example", "bob-example"}}
			if v.author != "" {
				sc.fields = map[string]any{v.author: nil}
			}
			scenarios = append(scenarios, sc)
		}
		if v.author == "" || v.what == "the activity log" { // the log never names them
			continue
		}
		for _, who := range []string{"bob", "dave", "alice"} {
			scenarios = append(scenarios, scenario{name: v.what + " names the author to " + who, request: request{method: "GET", path: v.path, as: who},
				status: http.StatusOK, fields: map[string]any{v.author + ".id": "{bob}", v.author + ".name": "Bob Example"}})
		}
	}
	runIn(t, seedPractice, scenarios)
}
