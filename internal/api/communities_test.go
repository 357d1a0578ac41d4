package api_test

import (
	"net/http"
	"testing"
)

func TestCommunities(t *testing.T) {
	create := func(as, body string) request {
		return request{method: "POST", path: "/api/v1/communities", as: as, body: body}
	}
	patch := func(as, slug, body string) request {
		return request{method: "PATCH", path: "/api/v1/communities/" + slug, as: as, body: body}
	}
	run(t, []scenario{
		{name: "anonymous discovery shows open communities only", request: request{method: "GET", path: "/api/v1/communities"},
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.slug": "testing", "items.0.viewer_role": nil, "items.0.request_code": nil, "next_cursor": nil}},
		{name: "a member discovers the private communities they belong to", request: request{method: "GET", path: "/api/v1/communities", as: "erin"},
			status: http.StatusOK, fields: map[string]any{"items.#": 2, "items.0.slug": "secret", "items.0.viewer_role": "member", "items.1.slug": "testing"}},
		{name: "discovery never shows the join code, even to the leader", request: request{method: "GET", path: "/api/v1/communities", as: "alice"},
			status: http.StatusOK, fields: map[string]any{"items.0.slug": "secret", "items.0.viewer_role": "leader", "items.0.request_code": nil}},
		{name: "discovery searches", request: request{method: "GET", path: "/api/v1/communities?q=SOFTWARE"},
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.slug": "testing"}},
		{name: "a limit out of bounds is refused", request: request{method: "GET", path: "/api/v1/communities?limit=101"},
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "limit"}},
		{name: "a limit that is not a number is refused", request: request{method: "GET", path: "/api/v1/communities?limit=ten"},
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "limit"}},
		{name: "a zero limit is refused", request: request{method: "GET", path: "/api/v1/communities?limit=0"},
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "limit"}},
		{name: "a malformed cursor is refused", request: request{method: "GET", path: "/api/v1/communities?cursor=!!not-base64!!"},
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "cursor"}},
		{name: "a malformed query string is refused", request: request{method: "GET", path: "/api/v1/communities?cursor=%%%21"},
			status: http.StatusBadRequest, want: []string{"query string is malformed"}},
		{name: "a cursor from another list is refused", request: request{method: "GET", path: "/api/v1/communities?cursor=bWVtYmVyczo1"}, // "members:5"
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "cursor"}},

		{name: "creating a community makes the caller its leader", request: create("carol", `{"name":"Data Analysts","domain":"Analytics","visibility":"private"}`),
			status: http.StatusCreated, emails: []string{"carol"},
			fields: map[string]any{"slug": "data-analysts", "viewer_role": "leader", "leader_id": "{carol}", "member_count": 1, "visibility": "private", "code_of_conduct_version": 1},
			after: func(t *testing.T, w *world, res response) {
				if code, _ := get(res.json, "request_code").(string); code == "" {
					t.Errorf("the new leader does not get the join code: %s", res.body)
				}
			}},
		{name: "a taken web address is refused", request: create("carol", `{"name":"Testing again","slug":"testing","domain":"Software testing","visibility":"open"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "slug"}, want: []string{"Another community"}},
		{name: "a reserved web address is refused", request: create("carol", `{"name":"The API","slug":"api","domain":"Interfaces","visibility":"open"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "slug"}, want: []string{"reserved"}},
		{name: "a visibility that does not exist is refused", request: create("carol", `{"name":"Hidden","domain":"Secrets","visibility":"closed"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "visibility"}},
		{name: "anonymous callers cannot create communities", request: create("", `{"name":"Nobody's","domain":"Nothing","visibility":"open"}`),
			status: http.StatusUnauthorized},

		{name: "anyone can read an open community", request: request{method: "GET", path: "/api/v1/communities/testing"},
			status: http.StatusOK, fields: map[string]any{"name": "Testing", "member_count": 3, "leader_name": "Alice Example", "request_code": nil, "viewer_role": nil}},
		{name: "a private community is not found by anonymous callers", request: request{method: "GET", path: "/api/v1/communities/secret"},
			status: http.StatusNotFound},
		{name: "a private community is not found by non-members", request: request{method: "GET", path: "/api/v1/communities/secret", as: "carol"},
			status: http.StatusNotFound, want: []string{"or it is private"}},
		{name: "a member reads a private community without its join code", request: request{method: "GET", path: "/api/v1/communities/secret", as: "erin"},
			status: http.StatusOK, fields: map[string]any{"viewer_role": "member", "request_code": nil}},
		{name: "the leader reads the join code", request: request{method: "GET", path: "/api/v1/communities/secret", as: "alice"},
			status: http.StatusOK, fields: map[string]any{"request_code": "{code}"}},
		{name: "a community that does not exist is not found", request: request{method: "GET", path: "/api/v1/communities/nowhere"},
			status: http.StatusNotFound},

		{name: "a partial update keeps the fields left out", request: patch("alice", "testing", `{"purpose":"Learn from each other's bugs."}`),
			status: http.StatusOK, fields: map[string]any{"purpose": "Learn from each other's bugs.", "name": "Testing", "domain": "Software testing", "visibility": "open", "code_of_conduct_version": 1}},
		{name: "a new code of conduct gets a new version", request: patch("alice", "testing", `{"code_of_conduct":"Be kind, be curious, be specific about what you saw."}`),
			status: http.StatusOK, fields: map[string]any{"code_of_conduct_version": 2}},
		{name: "a member cannot change the settings", request: patch("bob", "testing", `{"name":"Bob's testing"}`),
			status: http.StatusForbidden, fields: map[string]any{"error.code": "forbidden"}},
		{name: "the core group cannot change the settings", request: patch("dave", "testing", `{"name":"Dave's testing"}`),
			status: http.StatusForbidden},
		{name: "a non-member cannot change a private community, nor learn it exists", request: patch("carol", "secret", `{"name":"Mine"}`),
			status: http.StatusNotFound},
		{name: "a bad visibility is refused", request: patch("alice", "testing", `{"visibility":"closed"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "visibility"}},
		{name: "moving onto a taken web address is refused", request: patch("alice", "testing", `{"slug":"secret"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "slug"}},
		{name: "a field of the wrong type is refused", request: patch("alice", "testing", `{"name":["Testing"]}`),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "name"}},
	})
}

func TestMembership(t *testing.T) {
	join := func(as, slug, body string) request {
		return request{method: "POST", path: "/api/v1/communities/" + slug + "/join", as: as, body: body}
	}
	leave := func(as, slug string) request {
		return request{method: "POST", path: "/api/v1/communities/" + slug + "/leave", as: as}
	}
	role := func(as, target, body string) request {
		return request{method: "PUT", path: "/api/v1/communities/testing/members/" + target + "/role", as: as, body: body}
	}
	run(t, []scenario{
		{name: "joining without accepting the code of conduct is refused", request: join("carol", "testing", `{"intro":"Hi"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "accept_code_of_conduct"}, want: []string{"code of conduct"}},
		{name: "joining an open community", request: join("carol", "testing", `{"accept_code_of_conduct":true,"intro":"I test payment flows."}`),
			status: http.StatusCreated, fields: map[string]any{"role": "member", "user_id": "{carol}", "intro": "I test payment flows.", "code_of_conduct_version": 1}},
		{name: "accepting the code of conduct takes a boolean", request: join("carol", "testing", `{"accept_code_of_conduct":"yes"}`),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "accept_code_of_conduct"}, want: []string{"true or false"}},
		{name: "joining twice is a conflict", request: join("bob", "testing", `{"accept_code_of_conduct":true}`),
			status: http.StatusConflict, fields: map[string]any{"error.code": "conflict"}},
		{name: "a private community cannot be joined, nor seen", request: join("carol", "secret", `{"accept_code_of_conduct":true}`),
			status: http.StatusNotFound},
		{name: "joining needs a body", request: request{method: "POST", path: "/api/v1/communities/testing/join", as: "carol"},
			status: http.StatusUnsupportedMediaType},
		{name: "anonymous callers cannot join", request: join("", "testing", `{"accept_code_of_conduct":true}`),
			status: http.StatusUnauthorized},
		{name: "the last leader cannot leave", request: leave("alice", "testing"),
			status: http.StatusConflict, want: []string{"Hand the leadership"}},
		{name: "a member leaves", request: leave("bob", "testing"),
			status: http.StatusNoContent},
		{name: "a non-member cannot leave", request: leave("carol", "testing"),
			status: http.StatusConflict},

		{name: "anyone reads an open community's directory", request: request{method: "GET", path: "/api/v1/communities/testing/members"},
			status: http.StatusOK, fields: map[string]any{"items.#": 3, "items.0.name": "Alice Example", "items.0.role": "leader", "items.1.intro": "Hello from bob", "next_cursor": nil}},
		{name: "the directory filters by role", request: request{method: "GET", path: "/api/v1/communities/testing/members?role=core"},
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.user_id": "{dave}"}},
		{name: "the directory searches", request: request{method: "GET", path: "/api/v1/communities/testing/members?q=from+bob"},
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.user_id": "{bob}"}},
		{name: "an unknown role filter is refused", request: request{method: "GET", path: "/api/v1/communities/testing/members?role=king"},
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "role"}},
		{name: "a private directory is not found by non-members", request: request{method: "GET", path: "/api/v1/communities/secret/members", as: "carol"},
			status: http.StatusNotFound},
		{name: "a cursor that is not an id is refused", request: request{method: "GET", path: "/api/v1/communities/testing/members?cursor=bWVtYmVyczp4"}, // "members:x"
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "cursor"}},

		{name: "a member cannot change roles", request: role("bob", "{dave}", `{"role":"member"}`),
			status: http.StatusForbidden},
		{name: "the core group cannot change roles", request: role("dave", "{bob}", `{"role":"core"}`),
			status: http.StatusForbidden},
		{name: "the leader changes a role", request: role("alice", "{bob}", `{"role":"core"}`),
			status: http.StatusOK, fields: map[string]any{"user_id": "{bob}", "role": "core"}},
		{name: "the leader hands over the leadership", request: role("alice", "{dave}", `{"role":"leader"}`),
			status: http.StatusOK, fields: map[string]any{"role": "leader"},
			after: func(t *testing.T, w *world, _ response) {
				r := w.do(t, request{method: "GET", path: "/api/v1/communities/testing", as: "alice"})
				if get(r.json, "viewer_role") != "core" || get(r.json, "leader_name") != "Dave Example" {
					t.Errorf("after handing over: %s", r.body)
				}
			}},
		{name: "an unknown role is refused", request: role("alice", "{bob}", `{"role":"king"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "role"}},
		{name: "the leader cannot step down by changing their own role", request: role("alice", "{alice}", `{"role":"member"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "role"}},
		{name: "a non-member's role cannot be set", request: role("alice", "{carol}", `{"role":"core"}`),
			status: http.StatusNotFound},
		{name: "the leader removes a member", request: request{method: "DELETE", path: "/api/v1/communities/testing/members/{bob}", as: "alice"},
			status: http.StatusNoContent},
		{name: "the core group cannot remove members", request: request{method: "DELETE", path: "/api/v1/communities/testing/members/{bob}", as: "dave"},
			status: http.StatusForbidden},
		{name: "the leader cannot be removed", request: request{method: "DELETE", path: "/api/v1/communities/testing/members/{alice}", as: "alice"},
			status: http.StatusConflict},
	})
}

func TestInvitations(t *testing.T) {
	run(t, []scenario{
		{name: "the leader lists pending invitations", request: request{method: "GET", path: "/api/v1/communities/secret/invitations", as: "alice"},
			status: http.StatusOK, emails: []string{"carol"}, fields: map[string]any{"items.#": 1, "items.0.id": "{invitation}", "items.0.email": "carol@example.org", "items.0.token": nil}},
		{name: "a member cannot list invitations", request: request{method: "GET", path: "/api/v1/communities/secret/invitations", as: "erin"},
			status: http.StatusForbidden},
		{name: "a non-member cannot list a private community's invitations", request: request{method: "GET", path: "/api/v1/communities/secret/invitations", as: "carol"},
			status: http.StatusNotFound},
		{name: "inviting shows the link's token once", request: request{method: "POST", path: "/api/v1/communities/secret/invitations", as: "alice", body: `{"email":"gail@example.org"}`},
			status: http.StatusCreated, emails: []string{"gail"}, fields: map[string]any{"role": "member", "email": "gail@example.org", "invited_by": "Alice Example"},
			after: func(t *testing.T, w *world, res response) {
				if tok, _ := get(res.json, "token").(string); tok == "" {
					t.Errorf("no token: %s", res.body)
				}
				if coc, _ := get(res.json, "code_of_conduct").(string); coc == "" {
					t.Errorf("no code of conduct: %s", res.body)
				}
			}},
		{name: "a member cannot invite", request: request{method: "POST", path: "/api/v1/communities/secret/invitations", as: "erin", body: `{"email":"gail@example.org"}`},
			status: http.StatusForbidden},
		{name: "nobody is invited as leader", request: request{method: "POST", path: "/api/v1/communities/secret/invitations", as: "alice", body: `{"email":"gail@example.org","role":"leader"}`},
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "role"}},
		{name: "a member is not invited again", request: request{method: "POST", path: "/api/v1/communities/secret/invitations", as: "alice", body: `{"email":"erin@example.org"}`},
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "email"}, emails: []string{"erin"}},
		{name: "the leader withdraws an invitation", request: request{method: "DELETE", path: "/api/v1/communities/secret/invitations/{invitation}", as: "alice"},
			status: http.StatusNoContent},
		{name: "a member cannot withdraw an invitation", request: request{method: "DELETE", path: "/api/v1/communities/secret/invitations/{invitation}", as: "erin"},
			status: http.StatusForbidden},
		{name: "withdrawing an invitation of another community finds nothing", request: request{method: "DELETE", path: "/api/v1/communities/testing/invitations/{invitation}", as: "alice"},
			status: http.StatusNotFound},

		{name: "the invited person sees the invitation", request: request{method: "GET", path: "/api/v1/me/invitations", as: "carol"},
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.community_slug": "secret", "items.0.role": "member"}},
		{name: "others see no invitation", request: request{method: "GET", path: "/api/v1/me/invitations", as: "bob"},
			status: http.StatusOK, want: []string{`"items":[]`}},
		{name: "accepting without the code of conduct is refused", request: request{method: "POST", path: "/api/v1/me/invitations/{invitation}/accept", as: "carol", body: `{"accept_code_of_conduct":false}`},
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "accept_code_of_conduct"}},
		{name: "accepting makes a member, who does not get the join code", request: request{method: "POST", path: "/api/v1/me/invitations/{invitation}/accept", as: "carol", body: `{"accept_code_of_conduct":true}`},
			status: http.StatusOK, fields: map[string]any{"slug": "secret", "viewer_role": "member", "request_code": nil}},
		{name: "someone else's invitation cannot be accepted", request: request{method: "POST", path: "/api/v1/me/invitations/{invitation}/accept", as: "bob", body: `{"accept_code_of_conduct":true}`},
			status: http.StatusNotFound},
	})
}

func TestJoinRequests(t *testing.T) {
	run(t, []scenario{
		{name: "the leader lists join requests", request: request{method: "GET", path: "/api/v1/communities/secret/join-requests", as: "alice"},
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.id": "{request}", "items.0.user_id": "{frank}", "items.0.message": "I run the threat-modelling guild"}},
		{name: "a member cannot list join requests", request: request{method: "GET", path: "/api/v1/communities/secret/join-requests", as: "erin"},
			status: http.StatusForbidden},
		{name: "approving makes a member", request: request{method: "POST", path: "/api/v1/communities/secret/join-requests/{request}/approve", as: "alice"},
			status: http.StatusNoContent,
			after: func(t *testing.T, w *world, _ response) {
				r := w.do(t, request{method: "GET", path: "/api/v1/communities/secret", as: "frank"})
				if r.status != http.StatusOK || get(r.json, "viewer_role") != "member" {
					t.Errorf("frank after approval: %d %s", r.status, r.body)
				}
			}},
		{name: "declining", request: request{method: "POST", path: "/api/v1/communities/secret/join-requests/{request}/decline", as: "alice"},
			status: http.StatusNoContent,
			after: func(t *testing.T, w *world, _ response) {
				if r := w.do(t, request{method: "GET", path: "/api/v1/communities/secret", as: "frank"}); r.status != http.StatusNotFound {
					t.Errorf("frank after decline: %d", r.status)
				}
			}},
		{name: "a member cannot approve", request: request{method: "POST", path: "/api/v1/communities/secret/join-requests/{request}/approve", as: "erin"},
			status: http.StatusForbidden},
		{name: "a request that does not exist is not found", request: request{method: "POST", path: "/api/v1/communities/secret/join-requests/999999/approve", as: "alice"},
			status: http.StatusNotFound},
		{name: "asking to join with the link's code", request: request{method: "POST", path: "/api/v1/join-requests", as: "carol", body: `{"code":"{code}","message":"Security is my job","accept_code_of_conduct":true}`},
			status: http.StatusCreated, fields: map[string]any{"status": "pending", "user_id": "{carol}", "message": "Security is my job"}},
		{name: "asking without accepting the code of conduct is refused", request: request{method: "POST", path: "/api/v1/join-requests", as: "carol", body: `{"code":"{code}"}`},
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "accept_code_of_conduct"}},
		{name: "asking twice is a conflict", request: request{method: "POST", path: "/api/v1/join-requests", as: "frank", body: `{"code":"{code}","accept_code_of_conduct":true}`},
			status: http.StatusConflict},
		{name: "a wrong code is not found", request: request{method: "POST", path: "/api/v1/join-requests", as: "carol", body: `{"code":"not-the-code","accept_code_of_conduct":true}`},
			status: http.StatusNotFound},
	})
}

func TestActivity(t *testing.T) {
	run(t, []scenario{
		{name: "anyone reads an open community's log, newest first", request: request{method: "GET", path: "/api/v1/communities/testing/activity"},
			status: http.StatusOK, fields: map[string]any{"items.0.kind": "member.role_changed", "items.0.actor_id": "{alice}", "items.0.subject_id": "{dave}",
				"items.0.detail.to": "core", "items.#": 4, "next_cursor": nil}},
		{name: "the log filters by kind prefix", request: request{method: "GET", path: "/api/v1/communities/testing/activity?kind=member.joined"},
			status: http.StatusOK, fields: map[string]any{"items.#": 2, "items.0.actor_id": "{dave}", "items.1.actor_id": "{bob}"}},
		{name: "the log filters by actor", request: request{method: "GET", path: "/api/v1/communities/testing/activity?actor={bob}"},
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.kind": "member.joined"}},
		{name: "a kind with wildcards is refused", request: request{method: "GET", path: "/api/v1/communities/testing/activity?kind=%25"},
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "kind"}},
		{name: "an actor that is not an id is refused", request: request{method: "GET", path: "/api/v1/communities/testing/activity?actor=bob"},
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "actor"}},
		{name: "a private log is not found by non-members", request: request{method: "GET", path: "/api/v1/communities/secret/activity", as: "carol"},
			status: http.StatusNotFound},
		{name: "a member reads a private log", request: request{method: "GET", path: "/api/v1/communities/secret/activity", as: "erin"},
			status: http.StatusOK, fields: map[string]any{"items.0.kind": "member.join_requested"}},
	})
}
