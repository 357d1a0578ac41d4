package api_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestRoutingAndBrowsers(t *testing.T) {
	evil := map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
	run(t, []scenario{
		{name: "an unknown path is a JSON 404", request: request{method: "GET", path: "/api/v1/nothing/here"},
			status: http.StatusNotFound, fields: map[string]any{"error.code": "not_found"}, want: []string{"openapi.json"}},
		{name: "the API root is a JSON 404", request: request{method: "GET", path: "/api/v1/"},
			status: http.StatusNotFound, fields: map[string]any{"error.code": "not_found"}},
		{name: "a wrong method is a JSON 405 that says what is allowed", request: request{method: "DELETE", path: "/api/v1/communities", as: "alice"},
			status: http.StatusMethodNotAllowed, fields: map[string]any{"error.code": "method_not_allowed"},
			after: func(t *testing.T, _ *world, res response) {
				if got := res.header.Get("Allow"); got != "GET, HEAD, POST" {
					t.Errorf("Allow = %q, want GET, HEAD, POST", got)
				}
			}},
		{name: "a wrong method on a path with values is a 405 too", request: request{method: "POST", path: "/api/v1/communities/testing"},
			status: http.StatusMethodNotAllowed,
			after: func(t *testing.T, _ *world, res response) {
				if got := res.header.Get("Allow"); got != "GET, HEAD, PATCH" {
					t.Errorf("Allow = %q, want GET, HEAD, PATCH", got)
				}
			}},
		{name: "a wrong method on a help request says what is allowed", request: request{method: "PUT", path: "/api/v1/communities/testing/requests/5", as: "alice"},
			status: http.StatusMethodNotAllowed,
			after: func(t *testing.T, _ *world, res response) {
				if got := res.header.Get("Allow"); got != "GET, HEAD, PATCH, DELETE" {
					t.Errorf("Allow = %q, want GET, HEAD, PATCH, DELETE", got)
				}
			}},
		{name: "HEAD answers where GET does", request: request{method: "HEAD", path: "/api/v1/communities"},
			status: http.StatusOK},
		{name: "the OpenAPI document is public", request: request{method: "GET", path: "/api/v1/openapi.json"},
			status: http.StatusOK, want: []string{`"openapi": "3.1.0"`}},

		{name: "a cross-site browser request with a session is refused", request: request{method: "POST", path: "/api/v1/communities", cookie: "alice", header: evil,
			body: `{"name":"Evil Twins","domain":"Phishing","visibility":"open"}`},
			status: http.StatusForbidden, fields: map[string]any{"error.code": "forbidden"}, want: []string{"another site"}},
		{name: "a cross-site browser request cannot revoke tokens", request: request{method: "DELETE", path: "/api/v1/me/tokens/{token:alice}", cookie: "alice", header: evil},
			status: http.StatusForbidden},
		{name: "a cross-site browser request cannot change a profile", request: request{method: "PATCH", path: "/api/v1/me", cookie: "alice", header: evil, body: `{"name":"Pwned"}`},
			status: http.StatusForbidden},
		{name: "a cross-site browser request cannot ask for help", request: request{method: "POST", path: "/api/v1/communities/testing/requests", cookie: "alice", header: evil,
			body: `{"title":"Forged question here","body":"Sent from another site by a forged form."}`},
			status: http.StatusForbidden},
		{name: "a cross-site browser request cannot mark notifications read", request: request{method: "POST", path: "/api/v1/me/notifications/read", cookie: "alice", header: evil},
			status: http.StatusForbidden},
		{name: "an Origin from elsewhere without fetch metadata is refused", request: request{method: "POST", path: "/api/v1/communities/testing/leave", cookie: "alice",
			header: map[string]string{"Origin": "https://evil.example"}},
			status: http.StatusForbidden},
		{name: "the same request from the same site goes through", request: request{method: "POST", path: "/api/v1/communities", cookie: "alice",
			header: map[string]string{"Sec-Fetch-Site": "same-origin"}, body: `{"name":"Evil Twins","domain":"Phishing","visibility":"open"}`},
			status: http.StatusCreated, emails: []string{"alice"}, fields: map[string]any{"slug": "evil-twins"}},
	})
}

// TestMetricsNameTheRoute checks that the API's patterns reach the web
// layer's metrics: a request is counted under its route, not under the
// mount point or its raw path.
func TestMetricsNameTheRoute(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		if r := w.do(t, request{method: "GET", path: "/api/v1/communities/testing"}); r.status != http.StatusOK {
			t.Fatalf("status %d", r.status)
		}
		res, err := w.srv.Client().Get(w.srv.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if want := `route="GET /api/v1/communities/{slug}"`; !strings.Contains(string(b), want) {
			t.Errorf("metrics lack %s", want)
		}
		if strings.Contains(string(b), `route="/api/v1/communities/testing"`) {
			t.Error("metrics are labelled with a raw path")
		}
	})
}

// TestServerStaysUpOnBadBodies sends bodies that must each be refused,
// then checks the instance still answers: nothing malformed takes it down
// or leaves a transaction open.
func TestServerStaysUpOnBadBodies(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		before := snapshot(t, w.db)
		for _, body := range []string{"{", "}", `{"name":}`, `{"name":"\ud800"`, "\x00", `{"name":1e999}`, `{"name":{"a":[1,2,{}]}}`,
			strings.Repeat("[", 10000), manyTags(5000), "{\"exp\xffertise\":[]}"} {
			r := w.do(t, request{method: "PATCH", path: "/api/v1/me", as: "bob", body: body})
			if r.status != http.StatusBadRequest && r.status != http.StatusUnprocessableEntity {
				t.Errorf("%.40q: status %d, want 400 or 422: %.300s", body, r.status, r.body)
			}
		}
		if after := snapshot(t, w.db); after != before {
			t.Errorf("refused bodies changed the database:\n%s", firstDiff(before, after))
		}
		if err := w.db.Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
		if r := w.do(t, request{method: "GET", path: "/api/v1/me", as: "bob"}); r.status != http.StatusOK {
			t.Errorf("after the bad bodies, GET /me answers %d", r.status)
		}
	})
}

// manyTags is a profile update with n distinct expertise tags.
func manyTags(n int) string {
	tags := make([]string, n)
	for i := range tags {
		tags[i] = fmt.Sprintf("%q", fmt.Sprintf("tag%d", i))
	}
	return `{"expertise":[` + strings.Join(tags, ",") + `]}`
}
