package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// visionTables are internal/canvas's and internal/workshop's, which the
// shared harness's tables() does not list.
var visionTables = []string{"canvas_revisions", "workshops", "workshop_participants", "workshop_notes", "workshop_groups", "workshop_votes", "workshop_ballots"}

// TestCanvasAndWorkshop plays the vision story through the API, in order,
// on one world per engine: the canvas with its conflict, then a workshop
// from hidden notes to the canvas. Every refused call changes nothing.
func TestCanvasAndWorkshop(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		st := newStack(t, db)
		wipe(t, db)
		w := st.world(t)
		canvasPath := "/api/v1/communities/testing/canvas"
		step := func(name string, rq request, status int, fields map[string]any, want ...string) response {
			t.Helper()
			rq.path, rq.body = w.expand(rq.path), w.expand(rq.body)
			before := snapshot(t, db) + storetest.Snapshot(t, db, visionTables...)
			res := w.do(t, rq)
			if res.status != status {
				t.Fatalf("%s: %s %s: status %d, want %d; body: %.600s", name, rq.method, rq.path, res.status, status, res.body)
			}
			for path, v := range fields {
				got := get(res.json, path)
				if s, ok := v.(string); ok {
					v = w.expand(s)
				}
				if fmt.Sprint(got) != fmt.Sprint(v) {
					t.Errorf("%s: %s = %v, want %v; body: %.600s", name, path, got, v, res.body)
				}
			}
			for _, s := range want {
				if !strings.Contains(string(res.body), s) {
					t.Errorf("%s: the body lacks %q: %.600s", name, s, res.body)
				}
			}
			if status >= 400 || rq.method == "GET" {
				if after := snapshot(t, db) + storetest.Snapshot(t, db, visionTables...); after != before {
					t.Errorf("%s: a refused or reading call changed the database", name)
				}
			}
			return res
		}

		step("anyone reads an empty canvas", request{method: "GET", path: canvasPath}, http.StatusOK,
			map[string]any{"sections.#": 7, "sections.0.key": "vision", "sections.0.revision": 0, "sections.0.editor": nil, "filled": 0, "can_edit": false})
		step("the leader writes the vision", request{method: "PUT", path: canvasPath + "/vision", as: "alice", body: `{"base_revision":0,"text":"Every team tests **early**."}`},
			http.StatusOK, map[string]any{"revision": 1, "editor.id": "{alice}", "workshop": nil})
		step("the core group saves on top", request{method: "PUT", path: canvasPath + "/vision", as: "dave", body: `{"base_revision":1,"text":"Every team tests early and often."}`},
			http.StatusOK, map[string]any{"revision": 2})
		step("a save based on an older revision is a conflict with both versions", request{method: "PUT", path: canvasPath + "/vision", as: "alice", body: `{"base_revision":1,"text":"Mine, written meanwhile."}`},
			http.StatusConflict, map[string]any{"error.code": "conflict", "current.revision": 2, "current.text": "Every team tests early and often.", "yours.text": "Mine, written meanwhile.", "yours.base_revision": 1})
		step("a plain member may not edit", request{method: "PUT", path: canvasPath + "/vision", as: "bob", body: `{"base_revision":2,"text":"Mine"}`},
			http.StatusForbidden, nil)
		step("an empty section is refused", request{method: "PUT", path: canvasPath + "/how", as: "dave", body: `{"base_revision":0,"text":"  "}`},
			http.StatusUnprocessableEntity, map[string]any{"error.field": "text"})
		step("a strength outside 1 to 5 is refused", request{method: "PUT", path: canvasPath + "/forces", as: "dave", body: `{"base_revision":0,"forces":[{"direction":"supports","strength":6,"text":"A sponsor"}]}`},
			http.StatusUnprocessableEntity, map[string]any{"error.field": "forces"}, "from 1 (weak) to 5 (strong); it is 6")
		step("the force field", request{method: "PUT", path: canvasPath + "/forces", as: "dave", body: `{"base_revision":0,"forces":[{"direction":"supports","strength":4,"text":"A sponsor"},{"direction":"hinders","strength":2,"text":"No time"}]}`},
			http.StatusOK, map[string]any{"forces.#": 2, "forces.1.direction": "hinders", "forces.1.strength": 2})
		step("the history", request{method: "GET", path: canvasPath + "/vision/revisions"}, http.StatusOK, map[string]any{"items.#": 2, "items.0.revision": 1})
		step("a private community's canvas is hidden from outsiders", request{method: "GET", path: "/api/v1/communities/secret/canvas", as: "bob"}, http.StatusNotFound, nil)

		// A workshop: dave facilitates, bob joins, alice too.
		ws := "/api/v1/communities/testing/workshops/{ws}"
		res := step("the core group opens a workshop", request{method: "POST", path: "/api/v1/communities/testing/workshops", as: "dave", body: `{"title":"Our vision","sections":["vision"],"dots":2}`},
			http.StatusCreated, map[string]any{"step": "write", "participants": 1})
		w.ids["ws"] = int64(get(res.json, "id").(float64))
		code, _ := get(res.json, "code").(string)
		step("a member may not open one", request{method: "POST", path: "/api/v1/communities/testing/workshops", as: "bob", body: `{"title":"Mine","sections":["vision"],"dots":2}`},
			http.StatusForbidden, nil)
		step("bob joins", request{method: "POST", path: ws + "/join", as: "bob"}, http.StatusOK, map[string]any{"me.guest": false})
		step("alice joins by code", request{method: "POST", path: "/api/v1/workshops/join", as: "alice", body: `{"code":"` + code + `"}`}, http.StatusOK, map[string]any{"token": nil})
		step("a wrong code is refused", request{method: "POST", path: "/api/v1/workshops/join", body: `{"code":"ZZZZZZ","name":"Gus"}`}, http.StatusUnprocessableEntity, map[string]any{"error.field": "code"})
		res = step("a guest joins by code", request{method: "POST", path: "/api/v1/workshops/join", body: `{"code":"` + code + `","name":"Gus Guest"}`}, http.StatusOK, map[string]any{"workshop.code": nil})
		token, _ := get(res.json, "token").(string)
		step("bob writes a note", request{method: "POST", path: ws + "/notes", as: "bob", body: `{"section":"vision","text":"Test in production too"}`},
			http.StatusOK, map[string]any{"boards.0.mine.#": 1, "boards.0.count": 1})
		step("the guest writes one", request{method: "POST", path: ws + "/notes", header: map[string]string{"Workshop-Token": token}, body: `{"section":"vision","text":"Pair with QA"}`},
			http.StatusOK, map[string]any{"boards.0.mine.#": 1, "boards.0.count": 2, "me.guest": true})
		step("the facilitator sees counts only", request{method: "GET", path: ws, as: "dave"}, http.StatusOK,
			map[string]any{"boards.0.count": 2, "boards.0.mine.#": 0, "boards.0.loose.#": 0, "facilitates": true})
		step("a member may not reveal", request{method: "POST", path: ws + "/advance", as: "bob", body: `{}`}, http.StatusForbidden, nil)
		step("the facilitator reveals", request{method: "POST", path: ws + "/advance", as: "dave", body: `{}`}, http.StatusOK,
			map[string]any{"workshop.step": "group", "boards.0.loose.#": 2})
		step("no notes after the write step", request{method: "POST", path: ws + "/notes", as: "bob", body: `{"section":"vision","text":"Late"}`}, http.StatusConflict, nil)
		res = step("a group", request{method: "POST", path: ws + "/groups", as: "alice", body: `{"section":"vision","title":"Quality everywhere"}`}, http.StatusOK,
			map[string]any{"boards.0.groups.#": 1})
		w.ids["grp"] = int64(get(res.json, "boards.0.groups.0.id").(float64))
		w.ids["note"] = int64(get(res.json, "boards.0.loose.0.id").(float64))
		step("a note into it", request{method: "PUT", path: ws + "/notes/{note}/group", as: "bob", body: `{"group_id":{grp}}`}, http.StatusOK,
			map[string]any{"boards.0.groups.0.notes.#": 1, "boards.0.loose.#": 1})
		step("the vote starts", request{method: "POST", path: ws + "/advance", as: "dave", body: `{}`}, http.StatusOK, map[string]any{"workshop.step": "vote"})
		step("more dots than allowed are refused", request{method: "PUT", path: ws + "/votes", as: "bob", body: `{"dots":[{"group_id":{grp},"dots":3}]}`},
			http.StatusUnprocessableEntity, map[string]any{"error.field": "dots"}, "You have 2 dots and placed 3")
		step("two dots on one group are fine", request{method: "PUT", path: ws + "/votes", as: "bob", body: `{"dots":[{"group_id":{grp},"dots":2}]}`},
			http.StatusOK, map[string]any{"dots_left": 0, "boards.0.groups.0.my_dots": 2, "boards.0.groups.0.dots": 0})
		step("the result", request{method: "POST", path: ws + "/advance", as: "dave", body: `{}`}, http.StatusOK,
			map[string]any{"workshop.step": "result", "boards.0.groups.0.dots": 2})
		step("the winner goes to the canvas", request{method: "POST", path: ws + "/send", as: "dave", body: `{"group_ids":[{grp}]}`}, http.StatusOK,
			map[string]any{"sections.0": "vision"})
		step("credited to the workshop", request{method: "GET", path: canvasPath}, http.StatusOK,
			map[string]any{"sections.0.revision": 3, "sections.0.workshop.id": "{ws}", "sections.0.text": "- **Quality everywhere**: Test in production too"})
		step("the facilitator closes it", request{method: "POST", path: ws + "/close", as: "dave"}, http.StatusOK, map[string]any{"workshop.step": "closed"})
		step("joining a closed workshop is refused", request{method: "POST", path: "/api/v1/workshops/join", body: `{"code":"` + code + `","name":"Late Guest"}`},
			http.StatusConflict, nil, "closed")
	})
}
