package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/web"
)

// tags finds the real tags in a page (escaped text shows as &lt;…, so it
// is not matched); dangerous finds what would run script inside one.
var (
	tags      = regexp.MustCompile(`<[a-zA-Z][^>]*>`)
	dangerous = regexp.MustCompile(`(?i)^<(script|iframe|object|embed)\b|\son\w+\s*=|(href|src|action)\s*=\s*["']?\s*(javascript|data|vbscript):`)
)

// executable returns the first tag in html that would run script.
func executable(html string) string {
	for _, tag := range tags.FindAllString(html, -1) {
		if dangerous.MatchString(tag) {
			return tag
		}
	}
	return ""
}

// TestHostileTextIsRenderedHarmless posts known XSS vectors as a help
// request's title, body, tried and tags, and as a search query, and checks
// every page that shows them.
func TestHostileTextIsRenderedHarmless(t *testing.T) {
	for _, bad := range []string{`<p><img src=x onerror=alert(1)></p>`, `<a href="javascript:alert(1)">x</a>`, `<script>x</script>`} {
		if executable(bad) == "" {
			t.Fatalf("the detector misses %s", bad)
		}
	}
	if got := executable(`<p>&lt;img src=x onerror=alert(1)&gt;</p>`); got != "" {
		t.Fatalf("the detector flags escaped text: %s", got)
	}
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		b := s.browser()
		b.signup("lea@example.org", "Léa Martin")
		wantStatus(t, b.post("/communities", url.Values{"name": {"Testing Guild"}, "slug": {"tg"}, "domain": {"Software testing"},
			"visibility": {"open"}, "code_of_conduct": {"Be kind and share what you really saw work."}}), http.StatusSeeOther)
		vectors := []string{
			`<script>alert(1)</script>`,
			`<img src=x onerror=alert(1)>`,
			`<svg onload=alert(1)>`,
			`[click](javascript:alert(1))`,
			`![x](javascript:alert(1))`,
			`<a href="javascript:alert(1)">x</a>`,
			`<iframe src="https://evil.example"></iframe>`,
			`"><script>alert(1)</script>`,
			`<javascript:alert(1)>`,
		}
		var links []string
		for i, v := range vectors {
			r := b.post("/c/tg/requests", url.Values{
				"title": {"Help with " + v}, "body": {"Here is my body text with " + v + " inside it, long enough."},
				"tried": {"I tried " + v}, "tags": {"xss"},
			})
			if r.status != http.StatusSeeOther {
				t.Fatalf("vector %d: ask answered %d:\n%s", i, r.status, snippet(r.body))
			}
			links = append(links, r.header.Get("Location"))
		}
		pages := append(links, "/c/tg/requests", "/c/tg/triage", "/requests", "/c/tg/requests?tag=xss",
			"/search?q="+url.QueryEscape(`<script>alert(1)</script> help`), "/search?q=help", "/c/tg", "/c/tg/activity", "/inbox")
		for _, p := range pages {
			r := b.get(p)
			if r.status != http.StatusOK {
				t.Fatalf("%s answered %d", p, r.status)
			}
			main := r.body[strings.Index(r.body, "<main"):]
			if m := executable(main); m != "" {
				t.Errorf("%s renders executable markup %q", p, m)
			}
		}
	})
}
