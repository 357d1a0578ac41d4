package api_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/api"
	"cultivate/internal/app"
	"cultivate/internal/clock"
	"cultivate/internal/knowledge"
	"cultivate/internal/practice"
	"cultivate/internal/storetest"
)

// newHandler builds the API alone, for tests of its routing and document.
func newHandler(t *testing.T) http.Handler {
	t.Helper()
	a, err := app.New(storetest.Open(t, storetest.SQLite), clock.NewFake(time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)),
		app.Options{PasswordHash: account.FastHashParams()})
	if err != nil {
		t.Fatal(err)
	}
	h, err := api.New(a, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// document fetches and decodes the OpenAPI document h serves.
func document(t *testing.T, h http.Handler) map[string]any {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("openapi.json: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	var doc map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return doc
}

// operations lists the document's operations as "METHOD /path".
func operations(doc map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	paths, _ := doc["paths"].(map[string]any)
	for path, item := range paths {
		for method, op := range item.(map[string]any) {
			out[strings.ToUpper(method)+" "+path], _ = op.(map[string]any)
		}
	}
	return out
}

// resolve follows a local JSON pointer ("#/components/schemas/User").
func resolve(doc map[string]any, ref string) (any, bool) {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, false
	}
	var v any = doc
	for part := range strings.SplitSeq(rest, "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[part]; !ok || v == nil {
			return nil, false
		}
	}
	return v, true
}

func TestOpenAPIDocumentIsComplete(t *testing.T) {
	doc := document(t, newHandler(t))
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.1.") {
		t.Errorf("openapi = %q, want 3.1.x", v)
	}
	for _, key := range []string{"info.title", "info.version", "servers.0.url",
		"components.securitySchemes.bearer.scheme", "components.securitySchemes.cookie.in"} {
		if get(doc, key) == "<absent>" {
			t.Errorf("the document lacks %s", key)
		}
	}
	for _, name := range []string{"User", "PublicUser", "Token", "CreatedToken", "Community", "Membership", "Person", "Invitation",
		"JoinRequest", "ActivityEntry", "Error", "CommunityPage", "PersonPage", "TokenPage", "InvitationPage", "JoinRequestPage", "ActivityPage",
		"HelpRequest", "HelpRequestItem", "HelpRequestPage", "Thread", "ThreadReply", "Reply", "ResponseClock", "Commitment", "Triage",
		"RequestRevisionList", "ReplyRevisionList", "TagCountList", "Artefact", "ArtefactItem", "ArtefactPage", "VersionList",
		"Comparison", "AdopterList", "KnowledgeKinds", "ArtefactDraft", "SearchResult", "SearchResultPage", "SearchResultList",
		"Notification", "NotificationPage", "UnreadCount"} {
		if _, ok := resolve(doc, "#/components/schemas/"+name); !ok {
			t.Errorf("no schema %s", name)
		}
	}
	if get(doc, "components.schemas.Community.properties.request_code.type.1") != "null" {
		t.Error("Community.request_code is not documented as nullable")
	}
	if get(doc, "components.schemas.User.properties.created_at.format") != "date-time" {
		t.Error("times are not documented as date-time")
	}
	if get(doc, "components.schemas.Artefact.properties.author.anyOf.1.type") != "null" {
		t.Error("Artefact.author is not documented as nullable (an anonymous reflection hides it)")
	}
	if d, _ := get(doc, "components.schemas.SearchResult.properties.snippet_html.description").(string); !strings.Contains(d, "<mark>") {
		t.Error("SearchResult.snippet_html does not say it is HTML with <mark>")
	}
	if get(doc, "paths./api/v1/communities/{slug}/artefacts/{id}.patch.responses.409") == "<absent>" {
		t.Error("editArtefact does not document its 409 for a stale base_revision")
	}

	// Every $ref resolves.
	var refs int
	var visit func(v any, at string)
	visit = func(v any, at string) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				if k == "$ref" {
					refs++
					if _, ok := resolve(doc, c.(string)); !ok {
						t.Errorf("%s: $ref %v does not resolve", at, c)
					}
					continue
				}
				visit(c, at+"/"+k)
			}
		case []any:
			for i, c := range x {
				visit(c, at+"/"+strconv.Itoa(i))
			}
		}
	}
	visit(doc, "#")
	if refs < 50 {
		t.Errorf("only %d $refs; the document looks truncated", refs)
	}

	// Every operation is whole: a unique id, its path values declared,
	// a success and the error shape for failures; bodies refuse unknown
	// fields, as the decoder does.
	ids := map[string]bool{}
	for name, op := range operations(doc) {
		id, _ := op["operationId"].(string)
		if id == "" || ids[id] {
			t.Errorf("%s: operationId %q missing or repeated", name, id)
		}
		ids[id] = true
		if s, _ := op["summary"].(string); s == "" {
			t.Errorf("%s: no summary", name)
		}
		path := strings.SplitN(name, " ", 2)[1]
		declared := map[string]bool{}
		params, _ := op["parameters"].([]any)
		for _, p := range params {
			pm := p.(map[string]any)
			if ref, ok := pm["$ref"].(string); ok {
				r, _ := resolve(doc, ref)
				pm, _ = r.(map[string]any)
			}
			if pm["in"] == "path" {
				declared[pm["name"].(string)] = true
				if pm["required"] != true {
					t.Errorf("%s: path value %v is not required", name, pm["name"])
				}
			}
		}
		for _, seg := range strings.Split(path, "/") {
			if v, ok := strings.CutPrefix(seg, "{"); ok {
				v = strings.TrimSuffix(v, "}")
				if !declared[v] {
					t.Errorf("%s: path value %s is not declared", name, v)
				}
				delete(declared, v)
			}
		}
		for v := range declared {
			t.Errorf("%s: declares path value %s that the path lacks", name, v)
		}
		responses, _ := op["responses"].(map[string]any)
		var success int
		for code := range responses {
			if n, err := strconv.Atoi(code); err == nil && n < 300 {
				success++
			}
		}
		if success != 1 || responses["default"] == nil {
			t.Errorf("%s: responses %v, want one success and a default", name, responses)
		}
		if ref, _ := get(op, "requestBody.content.application/json.schema.$ref").(string); ref != "<absent>" {
			schema, _ := resolve(doc, ref)
			if get(schema, "additionalProperties") != false {
				t.Errorf("%s: request schema %s accepts unknown fields", name, ref)
			}
			if responses["400"] == nil || responses["415"] == nil || responses["413"] == nil {
				t.Errorf("%s: takes a body but does not document 400, 413 and 415", name)
			}
		}
		if op["security"] != nil && responses["401"] == nil {
			t.Errorf("%s: needs a signed-in caller but does not document 401", name)
		}
	}
}

// TestDocumentedEnumsAreTheAreas checks the enums written into the JSON
// types' tags against the lists the areas keep.
func TestDocumentedEnumsAreTheAreas(t *testing.T) {
	doc := document(t, newHandler(t))
	enum := func(path string) []string {
		var out []string
		list, _ := get(doc, path).([]any)
		for _, v := range list {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	var kinds, statuses []string
	for _, k := range knowledge.Kinds() {
		kinds = append(kinds, string(k.Kind))
	}
	for _, s := range knowledge.PracticeStatuses() {
		statuses = append(statuses, string(s.Status))
	}
	for _, c := range []struct {
		path string
		want []string
	}{
		{"components.schemas.Artefact.properties.kind.enum", kinds},
		{"components.schemas.ArtefactItem.properties.kind.enum", kinds},
		{"components.schemas.ArtefactRequest.properties.kind.enum", kinds},
		{"components.schemas.KnowledgeKind.properties.kind.enum", kinds},
		{"components.schemas.SearchResult.properties.subkind.enum", kinds},
		{"components.schemas.Artefact.properties.practice_status.enum", statuses},
		{"components.schemas.PracticeStatusRequest.properties.status.enum", statuses},
		{"components.schemas.HelpRequest.properties.outcome.enum", []string{string(practice.Worked), string(practice.Partly), string(practice.DidNot), string(practice.NoOutcome)}},
		{"components.schemas.OutcomeReport.properties.outcome.enum", []string{string(practice.Worked), string(practice.Partly), string(practice.DidNot)}},
	} {
		if got := enum(c.path); !slices.Equal(got, c.want) {
			t.Errorf("%s = %v, want %v", c.path, got, c.want)
		}
	}
}

// TestMuxServesExactlyTheDocumentedRoutes walks the mux on its own, with
// ServeMux.Handler, against the served document: every documented
// operation reaches the pattern of the same method and path, every
// registered pattern is documented, and no documented path answers a
// method the document does not list.
func TestMuxServesExactlyTheDocumentedRoutes(t *testing.T) {
	h := newHandler(t)
	mux, patterns := api.Mux(h)
	ops := operations(document(t, h))
	sample := strings.NewReplacer("{slug}", "testing", "{id}", "7", "{user_id}", "42", "{reply_id}", "9")

	for name := range ops {
		method, path, _ := strings.Cut(name, " ")
		req := httptest.NewRequest(method, sample.Replace(path), nil)
		if _, pattern := mux.Handler(req); pattern != name {
			t.Errorf("documented %s reaches pattern %q", name, pattern)
		}
	}
	for _, p := range patterns {
		if p == "/api/v1/" {
			continue // the JSON 404/405 for everything else
		}
		if _, ok := ops[p]; !ok {
			t.Errorf("registered pattern %q is not in the document", p)
		}
	}
	if len(patterns) != len(ops)+1 {
		t.Errorf("%d patterns registered, %d documented (+1 fallback)", len(patterns), len(ops))
	}
	for name := range ops {
		_, path, _ := strings.Cut(name, " ")
		for _, m := range []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} {
			_, pattern := mux.Handler(httptest.NewRequest(m, sample.Replace(path), nil))
			if pattern == "/api/v1/" {
				continue
			}
			documented := m
			if m == "HEAD" {
				documented = "GET"
			}
			if pattern != documented+" "+path {
				t.Errorf("%s %s reaches %q, which the document does not list for %s", m, path, pattern, m)
			}
		}
	}
	for _, path := range []string{"/api/v1/", "/api/v1/nothing", "/api/v1/communities/testing/nothing", "/api/v1/me/tokens/7/extra"} {
		if _, pattern := mux.Handler(httptest.NewRequest("GET", path, nil)); pattern != "/api/v1/" {
			t.Errorf("GET %s reaches %q, want the fallback", path, pattern)
		}
	}
	want := []string{
		"GET /api/v1/openapi.json",
		"POST /api/v1/users", "GET /api/v1/users/{id}", "GET /api/v1/me", "PATCH /api/v1/me",
		"GET /api/v1/me/tokens", "POST /api/v1/me/tokens", "DELETE /api/v1/me/tokens/{id}",
		"GET /api/v1/communities", "POST /api/v1/communities", "GET /api/v1/communities/{slug}", "PATCH /api/v1/communities/{slug}",
		"POST /api/v1/communities/{slug}/join", "POST /api/v1/communities/{slug}/leave",
		"GET /api/v1/communities/{slug}/members", "PUT /api/v1/communities/{slug}/members/{user_id}/role", "DELETE /api/v1/communities/{slug}/members/{user_id}",
		"GET /api/v1/communities/{slug}/invitations", "POST /api/v1/communities/{slug}/invitations", "DELETE /api/v1/communities/{slug}/invitations/{id}",
		"GET /api/v1/me/invitations", "POST /api/v1/me/invitations/{id}/accept",
		"GET /api/v1/communities/{slug}/join-requests", "POST /api/v1/communities/{slug}/join-requests/{id}/approve",
		"POST /api/v1/communities/{slug}/join-requests/{id}/decline", "POST /api/v1/join-requests",
		"GET /api/v1/communities/{slug}/activity",

		"GET /api/v1/communities/{slug}/requests", "POST /api/v1/communities/{slug}/requests", "GET /api/v1/requests",
		"GET /api/v1/communities/{slug}/requests/{id}", "PATCH /api/v1/communities/{slug}/requests/{id}", "DELETE /api/v1/communities/{slug}/requests/{id}",
		"POST /api/v1/communities/{slug}/requests/{id}/replies", "POST /api/v1/communities/{slug}/replies/{reply_id}/comments",
		"PATCH /api/v1/communities/{slug}/replies/{reply_id}", "DELETE /api/v1/communities/{slug}/replies/{reply_id}",
		"POST /api/v1/communities/{slug}/requests/{id}/accept", "POST /api/v1/communities/{slug}/requests/{id}/unaccept",
		"POST /api/v1/communities/{slug}/requests/{id}/claim", "DELETE /api/v1/communities/{slug}/requests/{id}/claim",
		"POST /api/v1/communities/{slug}/requests/{id}/outcome", "POST /api/v1/communities/{slug}/requests/{id}/lock",
		"POST /api/v1/communities/{slug}/requests/{id}/unlock", "POST /api/v1/communities/{slug}/requests/{id}/close",
		"POST /api/v1/communities/{slug}/requests/{id}/reopen",
		"GET /api/v1/communities/{slug}/requests/{id}/revisions", "GET /api/v1/communities/{slug}/replies/{reply_id}/revisions",
		"GET /api/v1/communities/{slug}/request-tags", "GET /api/v1/communities/{slug}/triage",
		"GET /api/v1/communities/{slug}/help-settings", "PUT /api/v1/communities/{slug}/help-settings",
		"GET /api/v1/communities/{slug}/similar",

		"GET /api/v1/knowledge-kinds", "GET /api/v1/communities/{slug}/artefacts", "POST /api/v1/communities/{slug}/artefacts",
		"GET /api/v1/communities/{slug}/artefacts/{id}", "PATCH /api/v1/communities/{slug}/artefacts/{id}", "DELETE /api/v1/communities/{slug}/artefacts/{id}",
		"GET /api/v1/communities/{slug}/artefacts/{id}/revisions", "GET /api/v1/communities/{slug}/artefacts/{id}/compare",
		"POST /api/v1/communities/{slug}/artefacts/{id}/restore", "PUT /api/v1/communities/{slug}/artefacts/{id}/status",
		"PUT /api/v1/communities/{slug}/artefacts/{id}/adoption", "DELETE /api/v1/communities/{slug}/artefacts/{id}/adoption",
		"GET /api/v1/communities/{slug}/artefacts/{id}/adopters", "GET /api/v1/communities/{slug}/requests/{id}/draft-artefact",

		"GET /api/v1/search",

		"GET /api/v1/me/notifications", "GET /api/v1/me/notifications/unread-count",
		"POST /api/v1/me/notifications/read", "POST /api/v1/me/notifications/{id}/read",

		// The backlog and announcements.
		"GET /api/v1/communities/{slug}/backlog", "POST /api/v1/communities/{slug}/backlog",
		"GET /api/v1/communities/{slug}/backlog/{id}", "PATCH /api/v1/communities/{slug}/backlog/{id}", "DELETE /api/v1/communities/{slug}/backlog/{id}",
		"PUT /api/v1/communities/{slug}/backlog/{id}/vote", "DELETE /api/v1/communities/{slug}/backlog/{id}/vote",
		"PUT /api/v1/communities/{slug}/backlog/{id}/status",
		"PUT /api/v1/communities/{slug}/backlog/{id}/link", "DELETE /api/v1/communities/{slug}/backlog/{id}/link",
		"GET /api/v1/communities/{slug}/announcements", "POST /api/v1/communities/{slug}/announcements",
		"GET /api/v1/communities/{slug}/announcements/{id}", "PATCH /api/v1/communities/{slug}/announcements/{id}",
		"DELETE /api/v1/communities/{slug}/announcements/{id}",

		// Events and calendars.
		"GET /api/v1/event-formats", "GET /api/v1/me/calendar",
		"GET /api/v1/communities/{slug}/events", "POST /api/v1/communities/{slug}/events",
		"GET /api/v1/communities/{slug}/events/{id}", "PUT /api/v1/communities/{slug}/events/{id}",
		"POST /api/v1/communities/{slug}/events/{id}/cancel", "GET /api/v1/communities/{slug}/events/{id}/occurrences",
		"POST /api/v1/communities/{slug}/events/{id}/occurrence-changes", "POST /api/v1/communities/{slug}/events/{id}/occurrence-cancellations",
		"PUT /api/v1/communities/{slug}/events/{id}/rsvp", "PUT /api/v1/communities/{slug}/events/{id}/attendance",
		"PUT /api/v1/communities/{slug}/events/{id}/feedback", "GET /api/v1/communities/{slug}/events/{id}/feedback",

		// Email settings.
		"GET /api/v1/me/notification-settings", "PUT /api/v1/me/notification-settings",

		// Webhooks.
		"GET /api/v1/communities/{slug}/webhooks", "POST /api/v1/communities/{slug}/webhooks",
		"GET /api/v1/communities/{slug}/webhooks/{id}", "PUT /api/v1/communities/{slug}/webhooks/{id}", "DELETE /api/v1/communities/{slug}/webhooks/{id}",
		"POST /api/v1/communities/{slug}/webhooks/{id}/ping", "POST /api/v1/communities/{slug}/webhooks/{id}/rotate-secret",
		"GET /api/v1/communities/{slug}/webhooks/{id}/deliveries",

		// Cultivate: canvas, workshops, health checks, retrospectives, maturity, dimensions, targets, bootstrap.
		"GET /api/v1/communities/{slug}/bootstrap", "PUT /api/v1/communities/{slug}/bootstrap", "GET /api/v1/communities/{slug}/canvas",
		"PUT /api/v1/communities/{slug}/canvas/{section}", "GET /api/v1/communities/{slug}/canvas/{section}/revisions", "GET /api/v1/communities/{slug}/dimensions",
		"POST /api/v1/communities/{slug}/dimensions", "PUT /api/v1/communities/{slug}/dimensions/wording", "GET /api/v1/communities/{slug}/health/rounds",
		"POST /api/v1/communities/{slug}/health/rounds", "GET /api/v1/communities/{slug}/health/rounds/{id}", "PUT /api/v1/communities/{slug}/health/rounds/{id}/answer",
		"POST /api/v1/communities/{slug}/health/rounds/{id}/close", "GET /api/v1/communities/{slug}/health/settings", "PUT /api/v1/communities/{slug}/health/settings",
		"GET /api/v1/communities/{slug}/health/template", "PUT /api/v1/communities/{slug}/health/template", "GET /api/v1/communities/{slug}/maturity",
		"GET /api/v1/communities/{slug}/maturity/assessments", "POST /api/v1/communities/{slug}/maturity/assessments", "GET /api/v1/communities/{slug}/maturity/evidence",
		"GET /api/v1/communities/{slug}/retros", "POST /api/v1/communities/{slug}/retros", "GET /api/v1/communities/{slug}/retros/{id}",
		"POST /api/v1/communities/{slug}/retros/{id}/actions", "PUT /api/v1/communities/{slug}/retros/{id}/actions/{action}/status", "POST /api/v1/communities/{slug}/retros/{id}/cards",
		"DELETE /api/v1/communities/{slug}/retros/{id}/cards/{card}/vote", "PUT /api/v1/communities/{slug}/retros/{id}/cards/{card}/vote", "POST /api/v1/communities/{slug}/retros/{id}/close",
		"GET /api/v1/communities/{slug}/targets", "POST /api/v1/communities/{slug}/targets", "DELETE /api/v1/communities/{slug}/targets/{id}",
		"GET /api/v1/communities/{slug}/targets/{id}", "PUT /api/v1/communities/{slug}/targets/{id}", "POST /api/v1/communities/{slug}/targets/{id}/values",
		"GET /api/v1/communities/{slug}/workshops", "POST /api/v1/communities/{slug}/workshops", "GET /api/v1/communities/{slug}/workshops/{id}",
		"POST /api/v1/communities/{slug}/workshops/{id}/advance", "POST /api/v1/communities/{slug}/workshops/{id}/apply", "PUT /api/v1/communities/{slug}/workshops/{id}/ballot",
		"POST /api/v1/communities/{slug}/workshops/{id}/close", "POST /api/v1/communities/{slug}/workshops/{id}/groups", "POST /api/v1/communities/{slug}/workshops/{id}/join",
		"POST /api/v1/communities/{slug}/workshops/{id}/notes", "PUT /api/v1/communities/{slug}/workshops/{id}/notes/{note}/group", "POST /api/v1/communities/{slug}/workshops/{id}/send",
		"PUT /api/v1/communities/{slug}/workshops/{id}/votes", "GET /api/v1/maturity/metrics", "GET /api/v1/maturity/model",
		"POST /api/v1/workshops/join",
	}
	for _, name := range want {
		if _, ok := ops[name]; !ok {
			t.Errorf("the API lacks %s", name)
		}
	}
	if len(ops) != len(want) {
		var extra []string
		for name := range ops {
			if !slices.Contains(want, name) {
				extra = append(extra, name)
			}
		}
		t.Errorf("the API has %d routes, this test knows %d; new: %v", len(ops), len(want), extra)
	}
}
