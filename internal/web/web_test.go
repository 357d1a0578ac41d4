package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/app"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/web"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// site is a running cultivate on a real database, with a fake clock.
type site struct {
	t     *testing.T
	url   string
	app   *app.App
	clock *clock.Fake
}

func newSite(t *testing.T, db *store.DB, cfg web.Config) *site {
	t.Helper()
	fake := clock.NewFake(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	a, err := app.New(db, fake, app.Options{PasswordHash: account.FastHashParams()})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Version = "test"
	h, err := web.New(a, slog.New(slog.NewTextHandler(io.Discard, nil)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &site{t: t, url: srv.URL, app: a, clock: fake}
}

// browser is an HTTP client with its own cookies that does not follow
// redirects, so tests see them.
type browser struct {
	s *site
	c *http.Client
}

func (s *site) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{s: s, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type resp struct {
	status int
	body   string
	header http.Header
}

func (b *browser) do(method, path string, form url.Values, header map[string]string) resp {
	b.s.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.s.url+path, body)
	if err != nil {
		b.s.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.s.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, body: string(out), header: res.Header}
}

func (b *browser) get(path string) resp                { return b.do("GET", path, nil, nil) }
func (b *browser) post(path string, f url.Values) resp { return b.do("POST", path, f, nil) }

const goodPassword = "correct horse battery"

func (b *browser) signup(email, name string) {
	b.s.t.Helper()
	r := b.post("/signup", url.Values{"email": {email}, "name": {name}, "password": {goodPassword}})
	if r.status != http.StatusSeeOther {
		b.s.t.Fatalf("signup %s: status %d: %s", email, r.status, r.body)
	}
}

func (s *site) countUsers() int {
	s.t.Helper()
	n, err := s.app.Accounts.Count(context.Background())
	if err != nil {
		s.t.Fatal(err)
	}
	return n
}

func wantStatus(t *testing.T, r resp, status int, contains ...string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body:\n%s", r.status, status, snippet(r.body))
	}
	for _, c := range contains {
		if !strings.Contains(r.body, c) {
			t.Errorf("body lacks %q:\n%s", c, snippet(r.body))
		}
	}
}

func snippet(s string) string {
	if i := strings.Index(s, `<main`); i >= 0 {
		s = s[i:]
	}
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

func TestEveryPageRenders(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{DemoLogins: []web.DemoLogin{{Role: "Leader", Email: "l@example.org", Password: "pw", Note: "look"}}})
		anon := s.browser()
		wantStatus(t, anon.get("/"), 200, "Get better at your craft")
		wantStatus(t, anon.get("/signup"), 200, "Create your account")
		wantStatus(t, anon.get("/login"), 200, "Demo accounts", "l@example.org")
		wantStatus(t, anon.get("/communities"), 200, "There is no community yet")

		lead := s.browser()
		lead.signup("lea@example.org", "Léa Martin")
		r := lead.post("/communities", url.Values{"name": {"Testing Guild"}, "domain": {"Software testing"}, "purpose": {"We **test** things."},
			"visibility": {"open"}, "code_of_conduct": {community.DefaultCodeOfConduct}})
		wantStatus(t, r, http.StatusSeeOther)
		if loc := r.header.Get("Location"); loc != "/c/testing-guild" {
			t.Fatalf("created community at %q", loc)
		}
		pages := []struct{ path, want string }{
			{"/", "Your communities"},
			{"/communities", "Testing Guild"},
			{"/communities/new", "Start a community"},
			{"/c/testing-guild", "<strong>test</strong>"},
			{"/c/testing-guild/conduct", "Code of conduct"},
			{"/c/testing-guild/members", "Léa Martin"},
			{"/c/testing-guild/activity", "started the community"},
			{"/c/testing-guild/settings", "Invite someone"},
			{"/me", "Your profile"},
			{"/me/tokens", "API tokens"},
			{"/inbox", "Nothing here yet"},
			{"/c/testing-guild/requests", "No help requests yet"},
			{"/c/testing-guild/requests/new", "Ask for help"},
			{"/c/testing-guild/triage", "Nobody is waiting for help"},
			{"/c/testing-guild/knowledge", "Nothing captured here yet"},
			{"/c/testing-guild/knowledge/new", "Failure reflection"},
			{"/requests", "Help requests in my communities"},
			{"/search", "Search help requests"},
			{"/search?q=anything", "Nothing matches"},
		}
		for _, p := range pages {
			wantStatus(t, lead.get(p.path), 200, p.want)
		}
		u, err := s.app.Accounts.ByEmail(context.Background(), "lea@example.org")
		if err != nil {
			t.Fatal(err)
		}
		wantStatus(t, lead.get("/u/"+strconv.FormatInt(u.ID, 10)), 200, "Léa Martin", "Testing Guild")
		wantStatus(t, lead.get("/no/such/page"), 404, "nothing at this address")
		wantStatus(t, lead.get("/admin/users"), 403, "Only administrators")
		if err := s.app.Accounts.SetRoles(context.Background(), u.ID, true, false); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, lead.get("/admin/users"), 200, "lea@example.org")

		// Assets are served under hashed names with a long cache.
		home := lead.get("/").body
		j := strings.Index(home, "/static/style.")
		if j < 0 {
			t.Fatal("no stylesheet link")
		}
		href := home[j : j+strings.Index(home[j:], `"`)]
		a := lead.get(href)
		wantStatus(t, a, 200, "--accent")
		if cc := a.header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("stylesheet Cache-Control %q", cc)
		}
	})
}
