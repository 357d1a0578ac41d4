package api_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"cultivate/internal/practice"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func searchFor(as, query string) request {
	return request{method: "GET", path: "/api/v1/search?" + query, as: as}
}

// onlyMarks checks that every title_html and snippet_html of a list is
// escaped text with <mark> and </mark> as its only markup.
func onlyMarks(t *testing.T, res response) {
	t.Helper()
	items, _ := get(res.json, "items").([]any)
	for _, it := range items {
		for _, field := range []string{"title_html", "snippet_html"} {
			s, _ := get(it, field).(string)
			if rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s); strings.ContainsAny(rest, "<>\"") {
				t.Errorf("%s holds markup other than <mark>: %q", field, s)
			}
		}
	}
}

// found reads what a search found, as "kind:id".
func found(res response) map[string]bool {
	out := map[string]bool{}
	items, _ := get(res.json, "items").([]any)
	for _, it := range items {
		out[fmt.Sprintf("%v:%v", get(it, "kind"), get(it, "id"))] = true
	}
	return out
}

// marked reports whether any title or snippet has a highlighted word.
func marked(res response) bool {
	items, _ := get(res.json, "items").([]any)
	for _, it := range items {
		for _, field := range []string{"title_html", "snippet_html"} {
			if s, _ := get(it, field).(string); strings.Contains(s, "<mark>") {
				return true
			}
		}
	}
	return false
}

func TestSearch(t *testing.T) {
	// A request whose title and body hold markup, and a word to find it by.
	hostile := func(t *testing.T, w *world) {
		_, err := w.app.Practice.Ask(context.Background(), w.users["bob"], "testing", practice.NewRequest{
			Title: `<script>alert(1)</script> zebra "crossing" & more`,
			Body:  `<img src=x onerror=alert(1)> the zebra <a href="javascript:alert(1)">link</a> and a stray <mark>zebra</mark> </mark>`,
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// finds checks a search found exactly want, each a kind and a named
	// id ("request:solved").
	finds := func(want ...string) func(t *testing.T, w *world, res response) {
		return func(t *testing.T, w *world, res response) {
			got := found(res)
			for _, kn := range want {
				kind, name, _ := strings.Cut(kn, ":")
				if !got[fmt.Sprintf("%s:%d", kind, w.ids[name])] {
					t.Errorf("%s not found: %s", kn, res.body)
				}
			}
			if len(got) != len(want) {
				t.Errorf("found %d, want %d: %s", len(got), len(want), res.body)
			}
			onlyMarks(t, res)
		}
	}
	// escaped checks the hostile request came back escaped and marked.
	escaped := func(t *testing.T, _ *world, res response) {
		onlyMarks(t, res)
		title, _ := get(res.json, "items.0.title_html").(string)
		snippet, _ := get(res.json, "items.0.snippet_html").(string)
		if !strings.Contains(title, "&lt;script&gt;") || !strings.Contains(title, "<mark>zebra</mark>") || !strings.Contains(snippet, "<mark>zebra</mark>") {
			t.Errorf("title_html %q, snippet_html %q", title, snippet)
		}
	}
	scenarios := []scenario{
		{name: "finds requests and artefacts, with marked titles and snippets", request: searchFor("bob", "q=deadlock"),
			status: http.StatusOK, fields: map[string]any{"items.0.community_slug": "testing"},
			after: func(t *testing.T, w *world, res response) {
				finds("request:solved", "artefact:faq")(t, w, res)
				if !marked(res) {
					t.Errorf("no word is marked: %s", res.body)
				}
			}},
		{name: "anonymous callers search open communities", request: searchFor("", "q=deadlock"),
			status: http.StatusOK, after: finds("request:solved", "artefact:faq")},
		{name: "only requests", request: searchFor("", "q=deadlock&kind=request"),
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.kind": "request", "items.0.id": "{solved}", "items.0.solved": true, "items.0.subkind": nil}},
		{name: "only FAQs", request: searchFor("", "q=deadlock&kind=artefact&subkind=faq"),
			status: http.StatusOK, fields: map[string]any{"items.#": 1, "items.0.id": "{faq}", "items.0.subkind": "faq"}},
		{name: "only solved requests", request: searchFor("", "q=deadlock&kind=request&solved=true"),
			status: http.StatusOK, fields: map[string]any{"items.#": 1}},
		{name: "only requests not solved", request: searchFor("", "q=deadlock&kind=request&solved=false"),
			status: http.StatusOK, fields: map[string]any{"items.#": 0}},
		{name: "a member finds what their private community knows", request: searchFor("erin", "q=threat"),
			status: http.StatusOK, after: finds("request:private", "artefact:insight"), fields: map[string]any{"items.0.community_slug": "secret"}},
		{name: "an outsider finds nothing private", request: searchFor("carol", "q=threat"),
			status: http.StatusOK, want: []string{`"items":[]`}},
		{name: "anonymous callers find nothing private", request: searchFor("", "q=threat+model"),
			status: http.StatusOK, want: []string{`"items":[]`}},
		{name: "one community", request: searchFor("erin", "q=threat&community=secret"),
			status: http.StatusOK, after: finds("request:private", "artefact:insight")},
		{name: "one community leaves the others out", request: searchFor("erin", "q=threat&community=testing"),
			status: http.StatusOK, want: []string{`"items":[]`}},
		{name: "a private community is not found by an outsider", request: searchFor("carol", "q=threat&community=secret"),
			status: http.StatusNotFound},
		{name: "a community that does not exist is not found", request: searchFor("", "q=threat&community=nowhere"),
			status: http.StatusNotFound},
		{name: "a blank query lists newest first", request: searchFor("", ""),
			status: http.StatusOK, fields: map[string]any{"items.#": 8, "items.0.id": "{reflection}", "next_cursor": nil}},
		{name: "a tag alone lists what carries it", request: searchFor("", "tag=CI"),
			status: http.StatusOK, after: finds("request:open", "request:reported", "artefact:practice")},
		{name: "from a date and time", request: searchFor("", "from=2026-03-02T09:45:00Z"),
			status: http.StatusOK, after: finds("artefact:practice", "artefact:reflection")},
		{name: "to a date includes that day", request: searchFor("", "to=2026-03-02"),
			status: http.StatusOK, fields: map[string]any{"items.#": 8}},
		{name: "from a later date finds nothing", request: searchFor("", "q=deadlock&from=2026-03-03"),
			status: http.StatusOK, want: []string{`"items":[]`}},
		{name: "a date that is not one is refused", request: searchFor("", "q=deadlock&from=yesterday"),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "from"}},
		{name: "an end before the start is refused", request: searchFor("", "q=deadlock&from=2026-03-03&to=2026-03-01"),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "to"}},
		{name: "an unknown kind is refused", request: searchFor("", "q=deadlock&kind=event"),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "kind"}},
		{name: "an unknown subkind is refused", request: searchFor("", "q=deadlock&subkind=poem"),
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "subkind"}},
		{name: "solved takes a boolean", request: searchFor("", "q=deadlock&solved=maybe"),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "solved"}},
		{name: "an overlong query is refused", request: searchFor("", "q="+strings.Repeat("a", 1025)),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "q"}},
		{name: "a query of invalid UTF-8 is refused", request: searchFor("", "q=%ff%fe"),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "q"}},
		{name: "a cursor of another list is refused", request: searchFor("", "q=deadlock&cursor=YXJ0ZWZhY3RzOjU"), // "artefacts:5"
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "cursor"}},
		{name: "a ranked search's cursor does not page a blank one", request: searchFor("", "cursor=c2VhcmNoOng"), // "search:x"
			status: http.StatusUnprocessableEntity, fields: map[string]any{"error.field": "cursor"}},

		{name: "markup in what was written comes back escaped, with only <mark>", request: searchFor("", "q=zebra"),
			before: hostile, status: http.StatusOK, fields: map[string]any{"items.#": 1}, after: escaped},
		{name: "markup in the query is read as words", request: searchFor("", "q="+url.QueryEscape(`zebra <script>alert(1)</script>`)),
			before: hostile, status: http.StatusOK,
			after: func(t *testing.T, _ *world, res response) {
				// The phrase may be marked across escaped text; what counts is
				// that nothing but <mark> is markup.
				onlyMarks(t, res)
				if title, _ := get(res.json, "items.0.title_html").(string); get(res.json, "items.#") == 1 && !strings.Contains(title, "<mark>zebra</mark>") {
					t.Errorf("title_html %q", title)
				}
			}},
		{name: "the similar requests come escaped too", request: request{method: "GET", path: "/api/v1/communities/testing/similar?q=zebra+crossing"},
			before: hostile, status: http.StatusOK, fields: map[string]any{"items.#": 1}, after: escaped},
	}
	// Whatever a person types is read as words: engine syntax, unbalanced
	// quotes, control characters and SQL never make a search fail.
	for _, q := range []string{`"unclosed deadlock`, `deadlock AND`, `OR`, `AND OR NOT`, `NOT deadlock`, `(deadlock`, `deadlock)`,
		`title:deadlock`, `deadlock^2`, `*`, `-`, `--deadlock`, `-deadlock`, `NEAR(deadlock import)`, `deadlock NEAR/2 import`,
		`'`, `\`, `""`, `"" ""`, `%`, `_`, `deadlock*`, `dead*lock`, `a OR`, "\x00", "\x01deadlock\x02", `{}`, `[a-z]`,
		`&|!:*`, `' OR 1=1 --`, `deadlock:*`, `!!!`, `deadlock <-> import`, `deadlock & import | !x`, `$1`, `?`, "dead\u00adlock",
		`"deadlock" OR "import"`, strings.Repeat(`"a" `, 100), strings.Repeat("deadlock OR ", 60)} {
		scenarios = append(scenarios, scenario{name: "the query " + strings.ToValidUTF8(q[:min(len(q), 30)], "?") + " is read as words",
			request: searchFor("bob", "q="+url.QueryEscape(q)), status: http.StatusOK,
			after: func(t *testing.T, _ *world, res response) {
				if _, ok := get(res.json, "items").([]any); !ok {
					t.Errorf("no items: %s", res.body)
				}
				onlyMarks(t, res)
			}})
	}
	runIn(t, seedPractice, scenarios)
}

func TestNotifications(t *testing.T) {
	inbox := func(as, rest string) request {
		return request{method: "GET", path: "/api/v1/me/notifications" + rest, as: as}
	}
	mark := func(as, rest string) request {
		return request{method: "POST", path: "/api/v1/me/notifications" + rest, as: as}
	}
	unread := func(t *testing.T, w *world, who string, want int) {
		t.Helper()
		r := w.do(t, inbox(who, "/unread-count"))
		if get(r.json, "unread") != float64(want) {
			t.Errorf("%s's unread count: %s, want %d", who, r.body, want)
		}
	}
	runIn(t, seedPractice, []scenario{
		{name: "one's notifications, newest first", request: inbox("bob", ""),
			status: http.StatusOK, fields: map[string]any{"items.#": 4, "items.0.id": "{note}", "items.0.kind": "artefact_source", "items.0.actor_id": "{dave}",
				"items.0.actor_name": "Dave Example", "items.0.link": "/c/testing/knowledge/{faq}", "items.0.read_at": nil,
				"items.1.kind": "outcome", "items.2.kind": "accepted", "items.3.kind": "reply", "next_cursor": nil}},
		{name: "only unread ones", request: inbox("bob", "?unread=true"),
			before: func(t *testing.T, w *world) {
				if err := w.app.Inbox.MarkRead(context.Background(), w.users["bob"].ID, w.ids["note"]); err != nil {
					t.Fatal(err)
				}
			},
			status: http.StatusOK, fields: map[string]any{"items.#": 3, "items.0.kind": "outcome"}},
		{name: "unread takes a boolean", request: inbox("bob", "?unread=maybe"),
			status: http.StatusBadRequest, fields: map[string]any{"error.field": "unread"}},
		{name: "the unread count", request: inbox("bob", "/unread-count"),
			status: http.StatusOK, fields: map[string]any{"unread": 4}},
		{name: "nothing for someone nobody wrote to", request: inbox("carol", "/unread-count"),
			status: http.StatusOK, fields: map[string]any{"unread": 0}},
		{name: "marking everything read", request: mark("bob", "/read"),
			status: http.StatusNoContent,
			after: func(t *testing.T, w *world, _ response) {
				unread(t, w, "bob", 0)
				unread(t, w, "frank", 3)
				r := w.do(t, inbox("bob", ""))
				if get(r.json, "items.3.read_at") != "2026-03-02T09:47:00Z" {
					t.Errorf("after marking all read: %s", r.body)
				}
			}},
		{name: "marking one read", request: mark("bob", "/{note}/read"),
			status: http.StatusNoContent,
			after:  func(t *testing.T, w *world, _ response) { unread(t, w, "bob", 3) }},
		{name: "someone else's notification is not found", request: mark("alice", "/{note}/read"),
			status: http.StatusNotFound},
		{name: "a notification id that is not a number is not found", request: mark("bob", "/newest/read"),
			status: http.StatusNotFound},
		{name: "notifications are for signed-in callers", request: inbox("", ""),
			status: http.StatusUnauthorized},
		{name: "marking read is for signed-in callers", request: mark("", "/read"),
			status: http.StatusUnauthorized},
	})
}

// xssVectors are known ways to get script into a page (a selection of the
// Markdown renderer's corpus). The API returns what people wrote as JSON
// text, and its only HTML, search results, must hold none of them.
var xssVectors = []string{
	`<script>alert(1)</script>`,
	`<SCRIPT SRC=//evil.example/x.js></SCRIPT>`,
	`<scr<script>ipt>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`<IMG SRC="javascript:alert(1)">`,
	"<img src=\"x\nonerror=alert(1)>",
	`<svg onload=alert(1)>`,
	`<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
	`<div style="background:url(javascript:alert(1))">x</div>`,
	`<a href="&#x6A;avascript:alert(1)">x</a>`,
	`<a href="https://ok.example" onclick="alert(1)">x</a>`,
	`<details open ontoggle=alert(1)>`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	`<!-- <script>alert(1)</script> -->`,
	`<![CDATA[<script>alert(1)</script>]]>`,
	`[x](javascript:alert(1))`,
	`[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))`,
	`[x](https://ok.example "\" onmouseover=\"alert(1)")`,
	`![x" onerror="alert(1)](https://ok.example/a.png)`,
	`<javascript:alert(1)>`,
	`&lt;script&gt;alert(1)&lt;/script&gt;`,
	"```html\n<script>alert(1)</script>\n```",
	"| <script>alert(1)</script> | [x](javascript:alert(1)) |\n|---|---|\n| <img src=x onerror=alert(1)> | b |",
	`</mark><script>alert(1)</script><mark>`,
	"\x01<script>alert(1)</script>\x02",
}

// TestXSSCorpusIsStoredAsWrittenAndSearchedSafely asks a request holding
// each vector, reads it back exactly as written, and searches for it: by a
// word, and with the vector itself as the query.
func TestXSSCorpusIsStoredAsWrittenAndSearchedSafely(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		ids := map[string]string{}
		for i, v := range xssVectors {
			// A title is one line: the vector's first, cut to fit.
			line, _, _ := strings.Cut(v, "\n")
			title := fmt.Sprintf("Vector %02d zebra %s", i, line)
			if r := []rune(title); len(r) > 160 {
				title = string(r[:160])
			}
			body := v + "\n\nThe zebra crossing, vector " + fmt.Sprint(i) + "."
			r := w.do(t, request{method: "POST", path: "/api/v1/communities/testing/requests", as: "bob",
				body: jsonOf(t, map[string]any{"title": title, "body": body, "tried": v})})
			if r.status == http.StatusUnprocessableEntity {
				// Control characters are refused; nothing is stored.
				if !strings.ContainsAny(v, "\x01\x02") {
					t.Errorf("vector %d refused: %s", i, r.body)
				}
				continue
			}
			if r.status != http.StatusCreated {
				t.Fatalf("vector %d: %d %s", i, r.status, r.body)
			}
			id := fmt.Sprint(get(r.json, "id"))
			ids[id] = v
			th := w.do(t, request{method: "GET", path: "/api/v1/communities/testing/requests/" + id})
			if get(th.json, "request.title") != title || get(th.json, "request.body") != body || get(th.json, "request.tried") != v {
				t.Errorf("vector %d is not returned as written: %s", i, th.body)
			}
		}
		found := walk(t, w, "/api/v1/search?q=zebra&kind=request", "", "id", 100)
		once(t, "the vectors, searched by a word", found, slices.Collect(maps.Keys(ids)))
		res := w.do(t, request{method: "GET", path: "/api/v1/search?q=zebra&limit=100"})
		onlyMarks(t, res)
		if !marked(res) {
			t.Errorf("nothing is marked: %.500s", res.body)
		}
		for _, v := range xssVectors {
			res := w.do(t, request{method: "GET", path: "/api/v1/search?limit=100&q=" + url.QueryEscape(v)})
			if res.status != http.StatusOK {
				t.Errorf("searching for %q: %d %s", v, res.status, res.body)
			}
			onlyMarks(t, res)
			res = w.do(t, request{method: "GET", path: "/api/v1/communities/testing/similar?q=" + url.QueryEscape(v)})
			if res.status != http.StatusOK {
				t.Errorf("similar to %q: %d %s", v, res.status, res.body)
			}
			onlyMarks(t, res)
		}
	})
}
