package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"cultivate/internal/activity"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/web"
)

func TestSignupRejectsBadInputAndChangesNothing(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		s.browser().signup("taken@example.org", "Already Here")
		cases := []struct {
			name, email, person, password, want string
		}{
			{"duplicate email", "taken@example.org", "Someone", goodPassword, "already exists"},
			{"duplicate email other case", "TAKEN@example.org", "Someone", goodPassword, "already exists"},
			{"weak password", "a@example.org", "Ann", "short", "at least 10 characters"},
			{"common password", "a@example.org", "Ann", "password123", "most common"},
			{"empty name", "a@example.org", "  ", goodPassword, "Name is required"},
			{"overlong name", "a@example.org", strings.Repeat("n", 81), goodPassword, "at most 80 characters"},
			{"invalid utf-8", "a@example.org", "Ann\xff\xfe", goodPassword, "not valid text"},
			{"control character", "a@example.org", "Ann\x07", goodPassword, "control characters"},
			{"bad email", "not-an-email", "Ann", goodPassword, "name@example.org"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := s.countUsers()
				r := s.browser().post("/signup", url.Values{"email": {c.email}, "name": {c.person}, "password": {c.password}})
				wantStatus(t, r, http.StatusUnprocessableEntity, c.want, `aria-invalid="true"`)
				// What the person typed is still in the form (except the password).
				if c.email != "" && !strings.Contains(r.body, `value="`+c.email+`"`) {
					t.Errorf("email %q not kept in the form", c.email)
				}
				if strings.Contains(r.body, c.password) && len(c.password) > 6 {
					t.Error("the password was echoed back")
				}
				if after := s.countUsers(); after != before {
					t.Errorf("users %d → %d: a rejected sign-up changed data", before, after)
				}
			})
		}
	})
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		b := s.browser()
		b.signup("lea@example.org", "Léa")
		before := s.countCommunities(t)
		form := url.Values{"name": {"Evil Guild"}, "domain": {"Forgery"}, "visibility": {"open"}, "code_of_conduct": {strings.Repeat("be nice ", 5)}}
		for _, h := range []map[string]string{
			{"Sec-Fetch-Site": "cross-site"},
			{"Origin": "https://evil.example"},
		} {
			r := b.do("POST", "/communities", form, h)
			wantStatus(t, r, http.StatusForbidden, "came from another site")
		}
		if after := s.countCommunities(t); after != before {
			t.Fatalf("communities %d → %d after forged requests", before, after)
		}
		// The same request from our own pages goes through.
		r := b.do("POST", "/communities", form, map[string]string{"Sec-Fetch-Site": "same-origin"})
		wantStatus(t, r, http.StatusSeeOther)
	})
}

func (s *site) countCommunities(t *testing.T) int {
	t.Helper()
	var n int
	if err := s.app.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM communities`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSessions(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		b := s.browser()
		b.signup("lea@example.org", "Léa")

		t.Run("cookie flags", func(t *testing.T) {
			r := s.browser().post("/login", url.Values{"email": {"lea@example.org"}, "password": {goodPassword}})
			wantStatus(t, r, http.StatusSeeOther)
			c := r.header.Get("Set-Cookie")
			for _, want := range []string{"cultivate_session=", "HttpOnly", "SameSite=Lax", "Path=/"} {
				if !strings.Contains(c, want) {
					t.Errorf("Set-Cookie %q lacks %q", c, want)
				}
			}
		})

		t.Run("forged session is anonymous", func(t *testing.T) {
			f := s.browser()
			u, _ := url.Parse(s.url)
			f.c.Jar.SetCookies(u, []*http.Cookie{{Name: "cultivate_session", Value: "forged-value-that-is-not-a-session"}})
			r := f.get("/me")
			wantStatus(t, r, http.StatusSeeOther)
			if loc := r.header.Get("Location"); !strings.HasPrefix(loc, "/login") {
				t.Fatalf("forged session went to %q, want the login page", loc)
			}
		})

		t.Run("rotation at login", func(t *testing.T) {
			c := s.browser()
			r := c.post("/login", url.Values{"email": {"lea@example.org"}, "password": {goodPassword}})
			wantStatus(t, r, http.StatusSeeOther)
			u, _ := url.Parse(s.url)
			old := c.c.Jar.Cookies(u)
			r = c.post("/login", url.Values{"email": {"lea@example.org"}, "password": {goodPassword}})
			wantStatus(t, r, http.StatusSeeOther)
			stale := s.browser()
			stale.c.Jar.SetCookies(u, old)
			if r := stale.get("/me"); r.status != http.StatusSeeOther {
				t.Fatalf("the session from before the second login still works (status %d)", r.status)
			}
			wantStatus(t, c.get("/me"), 200, "Your profile")
		})

		t.Run("expired session", func(t *testing.T) {
			wantStatus(t, b.get("/me"), 200, "Your profile")
			s.clock.Advance(31 * 24 * time.Hour)
			r := b.get("/me")
			if r.status != http.StatusSeeOther {
				t.Fatalf("a 31-day-old session still works (status %d)", r.status)
			}
		})

		t.Run("logout ends the session", func(t *testing.T) {
			c := s.browser()
			c.post("/login", url.Values{"email": {"lea@example.org"}, "password": {goodPassword}})
			wantStatus(t, c.post("/logout", nil), http.StatusSeeOther)
			if r := c.get("/me"); r.status != http.StatusSeeOther {
				t.Fatalf("after logout /me answered %d", r.status)
			}
		})
	})
}

func TestLoginIsRateLimited(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		s.browser().signup("lea@example.org", "Léa")
		b := s.browser()
		for i := 0; i < 10; i++ {
			r := b.post("/login", url.Values{"email": {"lea@example.org"}, "password": {"wrong password " + strings.Repeat("x", i)}})
			wantStatus(t, r, http.StatusUnprocessableEntity, "do not match")
		}
		// The right password is refused too while the account is locked…
		r := b.post("/login", url.Values{"email": {"lea@example.org"}, "password": {goodPassword}})
		wantStatus(t, r, http.StatusTooManyRequests, "Too many failed attempts")
		// …and accepted once the window has passed.
		s.clock.Advance(16 * time.Minute)
		wantStatus(t, b.post("/login", url.Values{"email": {"lea@example.org"}, "password": {goodPassword}}), http.StatusSeeOther)
	})
}

func TestPrivateCommunityDoesNotLeak(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		lead := s.browser()
		lead.signup("lea@example.org", "Léa")
		wantStatus(t, lead.post("/communities", url.Values{"name": {"Security Champions"}, "slug": {"sec"}, "domain": {"Application security"},
			"visibility": {"private"}, "code_of_conduct": {strings.Repeat("keep it confidential ", 3)}}), http.StatusSeeOther)

		outsider := s.browser()
		outsider.signup("omar@example.org", "Omar")
		missing := outsider.get("/c/no-such-community")
		for _, path := range []string{"/c/sec", "/c/sec/members", "/c/sec/activity", "/c/sec/conduct"} {
			r := outsider.get(path)
			wantStatus(t, r, http.StatusNotFound)
			if strings.Contains(r.body, "Security Champions") {
				t.Errorf("%s shows the private community's name", path)
			}
			if msg := "There is no community at this address, or it is private."; !strings.Contains(r.body, msg) || !strings.Contains(missing.body, msg) {
				t.Errorf("%s: private and missing communities must answer alike", path)
			}
		}
		wantStatus(t, s.browser().get("/c/sec"), http.StatusNotFound)
		if strings.Contains(outsider.get("/communities").body, "Security Champions") {
			t.Error("the private community is listed to an outsider")
		}
		wantStatus(t, outsider.post("/c/sec/join", url.Values{"accept_coc": {"yes"}}), http.StatusNotFound)
		wantStatus(t, lead.get("/c/sec"), 200, "Security Champions")
	})
}

func TestOversizedBodyIsRefused(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{MaxBodyBytes: 4096})
		before := s.countUsers()
		r := s.browser().post("/signup", url.Values{"email": {"big@example.org"}, "name": {"Big"}, "password": {goodPassword}, "pad": {strings.Repeat("x", 8192)}})
		wantStatus(t, r, http.StatusRequestEntityTooLarge, "too large")
		if s.countUsers() != before {
			t.Fatal("an oversized sign-up created an account")
		}
	})
}

func TestJoiningAnOpenCommunity(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		lead := s.browser()
		lead.signup("lea@example.org", "Léa")
		lead.post("/communities", url.Values{"name": {"Testing Guild"}, "domain": {"Software testing"}, "visibility": {"open"},
			"code_of_conduct": {strings.Repeat("be kind to testers ", 3)}})
		n := s.browser()
		n.signup("nia@example.org", "Nia Okafor")

		r := n.post("/c/testing-guild/join", url.Values{"intro": {"I test mobile apps."}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "accept the code of conduct", "I test mobile apps.")
		if s.isMember(t, "testing-guild", "nia@example.org") {
			t.Fatal("joined without accepting the code of conduct")
		}
		wantStatus(t, n.post("/c/testing-guild/join", url.Values{"accept_coc": {"yes"}, "intro": {"I test mobile apps."}}), http.StatusSeeOther)
		wantStatus(t, n.get("/c/testing-guild/members"), 200, "Nia Okafor", "I test mobile apps.")
		wantStatus(t, n.post("/c/testing-guild/join", url.Values{"accept_coc": {"yes"}}), http.StatusConflict, "already a member")

		// The leader sees the newcomer to welcome; the log has the join.
		wantStatus(t, lead.get("/"), 200, "Welcome 1 newcomer", "Nia Okafor")
		entries, _, err := s.app.Activity.List(context.Background(), activity.Query{CommunityID: 1, KindPrefix: "member."})
		if err != nil || len(entries) != 1 || entries[0].Kind != activity.MemberJoined {
			t.Fatalf("activity after join: %v %v", entries, err)
		}

		// The leader cannot leave without handing over; the member can.
		wantStatus(t, lead.post("/c/testing-guild/leave", nil), http.StatusConflict, "Hand the leadership")
		wantStatus(t, n.post("/c/testing-guild/leave", nil), http.StatusSeeOther)
		if s.isMember(t, "testing-guild", "nia@example.org") || strings.Contains(lead.get("/c/testing-guild/members").body, "Nia Okafor") {
			t.Fatal("still a member after leaving")
		}
	})
}

func TestMetricsAndHealth(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		b := s.browser()
		wantStatus(t, b.get("/healthz"), 200, "ok")
		wantStatus(t, b.get("/readyz"), 200, "ready")
		b.get("/communities")
		r := b.get("/metrics")
		wantStatus(t, r, 200, `cultivate_http_requests_total{code="200",method="GET",route="GET /communities"}`, "cultivate_http_request_duration_seconds")
	})
}

func (s *site) isMember(t *testing.T, slug, email string) bool {
	t.Helper()
	ctx := context.Background()
	u, err := s.app.Accounts.ByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	c, _, err := s.app.Communities.BySlug(ctx, slug, u)
	if err != nil {
		return false
	}
	m, err := s.app.Communities.Membership(ctx, c.ID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return m.IsMember()
}

func TestSignupsPerAddressAreLimited(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		for i := 0; i < 20; i++ {
			s.browser().signup("person"+strconv.Itoa(i)+"@example.org", "Person "+strconv.Itoa(i))
		}
		r := s.browser().post("/signup", url.Values{"email": {"one-more@example.org"}, "name": {"One More"}, "password": {goodPassword}})
		wantStatus(t, r, http.StatusTooManyRequests, "Too many accounts")
		if n := s.countUsers(); n != 20 {
			t.Fatalf("%d accounts, want 20", n)
		}
		s.clock.Advance(61 * time.Minute)
		s.browser().signup("one-more@example.org", "One More")
	})
}
