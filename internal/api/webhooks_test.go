package api_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"cultivate/internal/webhook"
)

// seedWebhook adds to the world a webhook of testing, made by alice.
func seedWebhook(t *testing.T, w *world) {
	t.Helper()
	h, _, err := w.app.Webhooks.Create(context.Background(), w.users["alice"], "testing",
		webhook.Input{Name: "Slack #testing", URL: "https://hooks.example.org/services/T/B/x", Format: webhook.Slack, Topics: []string{"help", "knowledge"}, Active: true})
	if err != nil {
		t.Fatalf("seeding a webhook: %v", err)
	}
	w.ids["hook"] = h.ID
}

func hookPath(rest string) string { return "/api/v1/communities/testing/webhooks" + rest }

func TestWebhooksAPI(t *testing.T) {
	read := func(as, path string) request { return request{method: "GET", path: path, as: as} }
	post := func(as, path, body string) request { return request{method: "POST", path: path, as: as, body: body} }
	good := `{"name":"Teams channel","url":"https://teams.example.org/webhook/abc","format":"teams","topics":["events","announcements"]}`
	runIn(t, seedWebhook, []scenario{
		{name: "the leader lists the webhooks, without their secrets", request: read("alice", hookPath("")),
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.id": "{hook}", "items.0.name": "Slack #testing", "items.0.format": "slack",
				"items.0.topics.#": 2, "items.0.active": true, "items.0.last_delivery": nil},
			notWant: []string{"whsec_", "secret"}},
		{name: "the core group lists them too", request: read("dave", hookPath("")), status: http.StatusOK, fields: map[string]any{"items.#": 1}},
		{name: "a member may not", request: read("bob", hookPath("")), status: http.StatusForbidden},
		{name: "an outsider does not see a private community's", request: read("carol", "/api/v1/communities/secret/webhooks"), status: http.StatusNotFound},
		{name: "an anonymous caller must sign in", request: read("", hookPath("")), status: http.StatusUnauthorized},
		{name: "one webhook", request: read("alice", hookPath("/{hook}")), status: http.StatusOK, fields: map[string]any{"url": "https://hooks.example.org/services/T/B/x"}},
		{name: "a webhook of another community is not found", request: read("alice", "/api/v1/communities/secret/webhooks/{hook}"), status: http.StatusNotFound},

		{name: "the core group adds one; the secret is in the answer, once", request: post("dave", hookPath(""), good),
			status: http.StatusCreated, fields: map[string]any{"name": "Teams channel", "format": "teams", "active": true, "topics.0": "events"},
			want: []string{`"secret":"whsec_`},
			after: func(t *testing.T, w *world, res response) {
				id := get(res.json, "id")
				again := w.do(t, read("dave", hookPath("/"+jsonID(id))))
				if strings.Contains(string(again.body), "whsec_") {
					t.Errorf("the secret is shown again: %s", again.body)
				}
			}},
		{name: "a link-local address is refused", request: post("alice", hookPath(""), `{"name":"Meta","url":"http://169.254.169.254/latest/","format":"generic","topics":["help"]}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "url"}, want: []string{"link-local"}},
		{name: "a file address is refused", request: post("alice", hookPath(""), `{"name":"File","url":"file:///etc/passwd","format":"generic","topics":["help"]}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "url"}},
		{name: "loopback is refused", request: post("alice", hookPath(""), `{"name":"Me","url":"http://[::1]:8080/","format":"generic","topics":["help"]}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "url"}},
		{name: "an unknown format is refused", request: post("alice", hookPath(""), `{"name":"IRC","url":"https://irc.example.org/","format":"irc","topics":["help"]}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "format"}},
		{name: "no topic is refused", request: post("alice", hookPath(""), `{"name":"Quiet","url":"https://q.example.org/","format":"slack","topics":[]}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "topics"}},
		{name: "an unknown field is refused", request: post("alice", hookPath(""), `{"name":"X","url":"https://x.example.org/","format":"slack","topics":["help"],"secret":"mine"}`),
			status: http.StatusBadRequest},
		{name: "a member may not add one", request: post("bob", hookPath(""), good), status: http.StatusForbidden},

		{name: "the leader replaces the settings and pauses it", request: request{method: "PUT", path: hookPath("/{hook}"), as: "alice",
			body: `{"name":"Renamed","url":"https://hooks.example.org/v2","format":"generic","topics":["members"],"active":false}`},
			status: http.StatusOK, fields: map[string]any{"name": "Renamed", "format": "generic", "active": false, "topics.#": 1}},
		{name: "a replacement with a bad address changes nothing", request: request{method: "PUT", path: hookPath("/{hook}"), as: "alice",
			body: `{"name":"Renamed","url":"ftp://x.example.org","format":"generic","topics":["members"]}`},
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "url"}},
		{name: "a new secret", request: post("alice", hookPath("/{hook}/rotate-secret"), ""),
			status: http.StatusOK, want: []string{`"secret":"whsec_`}},
		{name: "a member may not rotate it", request: post("bob", hookPath("/{hook}/rotate-secret"), ""), status: http.StatusForbidden},
		{name: "a ping is queued, and its attempt logged", request: post("dave", hookPath("/{hook}/ping"), ""), status: http.StatusNoContent,
			after: func(t *testing.T, w *world, _ response) {
				if _, err := w.app.Jobs.RunDue(context.Background()); err != nil {
					t.Fatal(err)
				}
				res := w.do(t, read("alice", w.expand(hookPath("/{hook}/deliveries"))))
				if res.status != 200 || get(res.json, "items.#") != 1 || get(res.json, "items.0.kind") != "webhook.ping" ||
					get(res.json, "items.0.outcome") != "failed" || get(res.json, "items.0.attempt") != float64(1) {
					t.Errorf("deliveries = %s", res.body)
				}
			}},
		{name: "an empty delivery log", request: read("alice", hookPath("/{hook}/deliveries")), status: http.StatusOK,
			fields: map[string]any{"items.#": 0, "next_cursor": nil}},
		{name: "a member may not read the delivery log", request: read("bob", hookPath("/{hook}/deliveries")), status: http.StatusForbidden},
		{name: "the leader deletes it", request: request{method: "DELETE", path: hookPath("/{hook}"), as: "alice"}, status: http.StatusNoContent,
			after: func(t *testing.T, w *world, _ response) {
				if res := w.do(t, read("alice", w.expand(hookPath("/{hook}")))); res.status != http.StatusNotFound {
					t.Errorf("after delete: %d", res.status)
				}
			}},

		// The transparency log's filters.
		{name: "the log narrowed to an area", request: read("", "/api/v1/communities/testing/activity?area=webhooks"),
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.kind": "webhook.created", "items.0.actor_id": "{alice}"},
			notWant: []string{"hooks.example.org"}},
		{name: "area and person together", request: read("", "/api/v1/communities/testing/activity?area=members&actor={bob}"),
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.kind": "member.joined"}},
		{name: "an area and a kind inside it", request: read("", "/api/v1/communities/testing/activity?area=members&kind=member.role"),
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.kind": "member.role_changed"}},
		{name: "an area and a kind outside it match nothing", request: read("", "/api/v1/communities/testing/activity?area=members&kind=webhook."),
			status: http.StatusOK, fields: map[string]any{"items.#": 0}},
		{name: "an unknown area is refused", request: read("", "/api/v1/communities/testing/activity?area=gossip"),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "area"}},
	})
}

// jsonID is a decoded JSON number as a path segment.
func jsonID(v any) string {
	f, _ := v.(float64)
	return strconv.FormatInt(int64(f), 10)
}
