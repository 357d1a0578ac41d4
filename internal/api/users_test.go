package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestSignUp(t *testing.T) {
	signUp := func(body string) request {
		return request{method: "POST", path: "/api/v1/users", body: body}
	}
	longName := strings.Repeat("n", 81)
	run(t, []scenario{
		{name: "creates the account without a session", request: signUp(`{"email":"Gail@Example.org","name":"Gail","password":"plum velvet orbit 4821"}`),
			status: http.StatusCreated, emails: []string{"gail"},
			fields:  map[string]any{"email": "gail@example.org", "name": "Gail", "time_zone": "UTC", "is_admin": false, "expertise.#": 0},
			notWant: []string{"password"},
			after: func(t *testing.T, w *world, res response) {
				if c := res.header.Get("Set-Cookie"); c != "" {
					t.Errorf("sign-up set a cookie: %s", c)
				}
				var n int
				if err := w.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM sessions`).Scan(&n); err != nil || n != 1 {
					t.Errorf("sessions = %d (%v), want only alice's", n, err)
				}
				created, _ := get(res.json, "created_at").(string)
				if created != "2026-03-02T09:30:00Z" {
					t.Errorf("created_at = %q, want RFC 3339 in UTC", created)
				}
			}},
		{name: "a taken email, in any case, is refused", request: signUp(`{"email":"ALICE@example.org","name":"Alice Two","password":"plum velvet orbit 4821"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "email", "error.code": "invalid"}, emails: []string{"alice"}},
		{name: "a short password is refused", request: signUp(`{"email":"gail@example.org","name":"Gail","password":"short"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "password"}, want: []string{"at least 10 characters"}},
		{name: "a common password is refused", request: signUp(`{"email":"gail@example.org","name":"Gail","password":"password12"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "password"}, want: []string{"most common"}},
		{name: "an empty name is refused", request: signUp(`{"email":"gail@example.org","name":"  ","password":"plum velvet orbit 4821"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "name"}, want: []string{"Name is required"}},
		{name: "an overlong name is refused", request: signUp(`{"email":"gail@example.org","name":"` + longName + `","password":"plum velvet orbit 4821"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "name"}, want: []string{"at most 80"}},
		{name: "a malformed email is refused", request: signUp(`{"email":"gail at example","name":"Gail","password":"plum velvet orbit 4821"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "email"}},
		{name: "invalid UTF-8 is refused, naming the field", request: signUp("{\"email\":\"gail@example.org\",\"name\":\"G\xffil\",\"password\":\"plum velvet orbit 4821\"}"),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "name", "error.code": "bad_request"}, want: []string{"UTF-8"}},
		{name: "an unknown field is refused", request: signUp(`{"email":"gail@example.org","name":"Gail","password":"plum velvet orbit 4821","is_admin":true}`),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "is_admin"}, want: []string{"Unknown field", "email, name, password"}},
		{name: "a field in another case is unknown", request: signUp(`{"EMAIL":"gail@example.org","name":"Gail","password":"plum velvet orbit 4821"}`),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "EMAIL"}},
		{name: "a repeated field is refused", request: signUp(`{"email":"gail@example.org","email":"x@example.org","name":"Gail","password":"plum velvet orbit 4821"}`),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "email"}, want: []string{"more than once"}},
		{name: "a wrong type is refused, naming the field", request: signUp(`{"email":5,"name":"Gail","password":"plum velvet orbit 4821"}`),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "email"}, want: []string{"must be a string"}},
		{name: "malformed JSON is refused", request: signUp(`{"email":"gail@example.org",`),
			status: http.StatusBadRequest, fields: map[string]any{"error.code": "bad_request"}},
		{name: "a syntax error is located", request: signUp(`{"email" "gail@example.org"}`),
			status: http.StatusBadRequest, want: []string{"not valid JSON at byte"}},
		{name: "an array is not an object", request: signUp(`[{"email":"gail@example.org"}]`),
			status: http.StatusBadRequest, want: []string{"one JSON object"}},
		{name: "null is not an object", request: signUp(`null`),
			status: http.StatusBadRequest, want: []string{"one JSON object"}},
		{name: "a second value after the object is refused", request: signUp(`{"email":"gail@example.org","name":"Gail","password":"plum velvet orbit 4821"} {}`),
			status: http.StatusBadRequest, want: []string{"one JSON object"}},
		{name: "an empty body is refused", request: request{method: "POST", path: "/api/v1/users", header: map[string]string{"Content-Type": "application/json"}},
			status: http.StatusBadRequest, want: []string{"empty"}},
		{name: "a body that is not JSON by its media type is refused",
			request: request{method: "POST", path: "/api/v1/users", body: `{"email":"gail@example.org","name":"Gail","password":"plum velvet orbit 4821"}`,
				header: map[string]string{"Content-Type": "text/plain"}},
			status: http.StatusUnsupportedMediaType, fields: map[string]any{"error.code": "unsupported_media_type"}},
		{name: "a body that says it is UTF-8 is taken",
			request: request{method: "POST", path: "/api/v1/users", body: `{"email":"gail@example.org","name":"Gail","password":"plum velvet orbit 4821"}`,
				header: map[string]string{"Content-Type": "application/json; charset=UTF-8"}},
			status: http.StatusCreated, emails: []string{"gail"}},
		{name: "a body without a media type is refused",
			request: request{method: "POST", path: "/api/v1/users", body: `{"email":"gail@example.org","name":"Gail","password":"plum velvet orbit 4821"}`,
				header: map[string]string{"Content-Type": ""}},
			status: http.StatusUnsupportedMediaType},
		{name: "a body in another charset is refused",
			request: request{method: "POST", path: "/api/v1/users", body: `{"email":"gail@example.org","name":"Gail","password":"plum velvet orbit 4821"}`,
				header: map[string]string{"Content-Type": "application/json; charset=latin1"}},
			status: http.StatusUnsupportedMediaType},
		{name: "an oversized body is refused", request: signUp(`{"email":"gail@example.org","name":"Gail","password":"` + strings.Repeat("x", 600<<10) + `"}`),
			status: http.StatusRequestEntityTooLarge, fields: map[string]any{"error.code": "too_large"}},
		{name: "a body over the server's limit is refused before it is read", request: signUp(`{"name":"` + strings.Repeat("x", 2<<20) + `"}`),
			status: http.StatusRequestEntityTooLarge},
		{name: "an oversized body of unknown length is refused",
			request: request{method: "POST", path: "/api/v1/users", chunked: true,
				body: `{"email":"gail@example.org","name":"Gail","password":"` + strings.Repeat("x", 600<<10) + `"}`},
			status: http.StatusRequestEntityTooLarge},
	})
}

func TestMe(t *testing.T) {
	me := func(as, body string) request {
		method := "GET"
		if body != "" {
			method = "PATCH"
		}
		return request{method: method, path: "/api/v1/me", as: as, body: body}
	}
	run(t, []scenario{
		{name: "anonymous callers must sign in", request: me("", ""),
			status: http.StatusUnauthorized, fields: map[string]any{"error.code": "unauthorized"}},
		{name: "a revoked token is refused", request: me("bob-revoked", ""),
			status: http.StatusUnauthorized, want: []string{"revoked"}},
		{name: "a malformed Authorization header is refused",
			request: request{method: "GET", path: "/api/v1/me", header: map[string]string{"Authorization": "Basic Ym9iOmJvYg=="}},
			status:  http.StatusUnauthorized},
		{name: "the caller sees their own account", request: me("bob", ""),
			status: http.StatusOK, fields: map[string]any{"id": "{bob}", "email": "bob@example.org", "name": "Bob Example"}},
		{name: "the session cookie works too", request: request{method: "GET", path: "/api/v1/me", cookie: "alice"},
			status: http.StatusOK, fields: map[string]any{"email": "alice@example.org"}},
		{name: "a partial update keeps the fields left out", request: me("bob", `{"headline":"Exploratory tester","expertise":["exploratory-testing","sql"]}`),
			status: http.StatusOK, fields: map[string]any{"name": "Bob Example", "headline": "Exploratory tester", "time_zone": "UTC",
				"expertise.#": 2, "expertise.0": "exploratory-testing", "expertise.1": "sql"}},
		{name: "expertise can be emptied", request: me("bob", `{"expertise":[]}`),
			status: http.StatusOK, fields: map[string]any{"expertise.#": 0, "name": "Bob Example"}},
		{name: "a tag with a space is refused", request: me("bob", `{"expertise":["exploratory testing"]}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "expertise"}},
		{name: "expertise must be an array of strings", request: me("bob", `{"expertise":"sql"}`),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "expertise"}, want: []string{"an array of strings"}},
		{name: "invalid UTF-8 inside a list names the list", request: me("bob", "{\"expertise\":[\"sql\",\"s\xffql\"]}"),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "expertise"}, want: []string{"UTF-8"}},
		{name: "an unknown time zone is refused", request: me("bob", `{"time_zone":"Mars/Olympus"}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "time_zone"}},
		{name: "an empty name is refused", request: me("bob", `{"name":""}`),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "name"}},
		{name: "the email cannot be changed here", request: me("bob", `{"email":"bob2@example.org"}`),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "email"}},
		{name: "a profile shows no email", request: request{method: "GET", path: "/api/v1/users/{bob}", as: "alice"},
			status: http.StatusOK, fields: map[string]any{"id": "{bob}", "name": "Bob Example", "email": "<absent>"}},
		{name: "profiles are for signed-in callers", request: request{method: "GET", path: "/api/v1/users/{bob}"},
			status: http.StatusUnauthorized},
		{name: "an unknown user is not found", request: request{method: "GET", path: "/api/v1/users/999999", as: "alice"},
			status: http.StatusNotFound, fields: map[string]any{"error.code": "not_found"}},
		{name: "a user id that is not a number is not found", request: request{method: "GET", path: "/api/v1/users/bob", as: "alice"},
			status: http.StatusNotFound},
	})
}

func TestTokens(t *testing.T) {
	run(t, []scenario{
		{name: "creating a token shows its secret once", request: request{method: "POST", path: "/api/v1/me/tokens", as: "bob", body: `{"name":"CI export"}`},
			status: http.StatusCreated, want: []string{`"secret":"cvt_`}, fields: map[string]any{"name": "CI export", "revoked_at": nil, "last_used_at": nil},
			after: func(t *testing.T, w *world, res response) {
				secret, _ := get(res.json, "secret").(string)
				w.tokens["new"] = secret
				if r := w.do(t, request{method: "GET", path: "/api/v1/me", as: "new"}); r.status != http.StatusOK || get(r.json, "id") != float64(w.users["bob"].ID) {
					t.Errorf("the new token does not sign bob in: %d %s", r.status, r.body)
				}
			}},
		{name: "a token needs a name", request: request{method: "POST", path: "/api/v1/me/tokens", as: "bob", body: `{"name":""}`},
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "name"}},
		{name: "anonymous callers cannot create tokens", request: request{method: "POST", path: "/api/v1/me/tokens", body: `{"name":"x"}`},
			status: http.StatusUnauthorized},
		{name: "the list shows prefixes, never secrets", request: request{method: "GET", path: "/api/v1/me/tokens", as: "bob"},
			status: http.StatusOK, fields: map[string]any{"items.#": 2, "items.0.name": "old laptop", "items.0.id": "{revoked}", "next_cursor": nil},
			notWant: []string{"secret"}, want: []string{`"prefix":"cvt_`}},
		{name: "revoking a token", request: request{method: "DELETE", path: "/api/v1/me/tokens/{token:bob}", as: "bob"},
			status: http.StatusNoContent,
			after: func(t *testing.T, w *world, _ response) {
				if r := w.do(t, request{method: "GET", path: "/api/v1/me", as: "bob"}); r.status != http.StatusUnauthorized {
					t.Errorf("the revoked token still works: %d", r.status)
				}
			}},
		{name: "a revoked token cannot be revoked again", request: request{method: "DELETE", path: "/api/v1/me/tokens/{revoked}", as: "bob"},
			status: http.StatusNotFound},
		{name: "someone else's token cannot be revoked", request: request{method: "DELETE", path: "/api/v1/me/tokens/{token:alice}", as: "bob"},
			status: http.StatusNotFound},
	})
}
