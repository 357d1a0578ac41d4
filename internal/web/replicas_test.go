package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"cultivate/internal/storetest"
	"cultivate/internal/web"
)

// TestReplicasShareSessionsAndLimits runs two servers on one PostgreSQL
// database, as two replicas behind a load balancer would: a session opened
// on one works on the other, logging out on one ends it on both, and failed
// logins count together.
func TestReplicasShareSessionsAndLimits(t *testing.T) {
	dsn := storetest.URL(t, storetest.Postgres)
	one := newSite(t, storetest.OpenURL(t, dsn), web.Config{})
	two := newSite(t, storetest.OpenURL(t, dsn), web.Config{})

	b := one.browser()
	b.signup("lea@example.org", "Léa")
	u1, _ := url.Parse(one.url)
	u2, _ := url.Parse(two.url)
	onTwo := two.browser()
	onTwo.c.Jar.SetCookies(u2, b.c.Jar.Cookies(u1))
	wantStatus(t, onTwo.get("/me"), http.StatusOK, "Your profile")

	wantStatus(t, onTwo.post("/logout", nil), http.StatusSeeOther)
	if r := b.get("/me"); r.status != http.StatusSeeOther {
		t.Fatalf("logged out on replica two, still signed in on replica one (status %d)", r.status)
	}

	for i := 0; i < 10; i++ {
		site := one
		if i%2 == 1 {
			site = two
		}
		wantStatus(t, site.browser().post("/login", url.Values{"email": {"lea@example.org"}, "password": {"not the password"}}), http.StatusUnprocessableEntity)
	}
	wantStatus(t, one.browser().post("/login", url.Values{"email": {"lea@example.org"}, "password": {goodPassword}}), http.StatusTooManyRequests)
	wantStatus(t, two.browser().post("/login", url.Values{"email": {"lea@example.org"}, "password": {goodPassword}}), http.StatusTooManyRequests)
}
