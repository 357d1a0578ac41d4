package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
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
	"cultivate/internal/webhook"
)

// reachSite is a site with a leader, a member and an outsider, and one
// open and one private community led by the leader.
type reachSite struct {
	*site
	lead, member, outsider    *browser
	leadU, memberU, outsiderU account.User
}

func newReachSite(t *testing.T, db *store.DB) *reachSite {
	t.Helper()
	// As `cultivate serve --base-url` wires it: the web surface and the
	// webhooks both know the instance's address.
	fake := clock.NewFake(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	a, err := app.New(db, fake, app.Options{PasswordHash: account.FastHashParams(), Webhooks: webhook.Options{BaseURL: "https://cop.example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	h, err := web.New(a, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{BaseURL: "https://cop.example.org", Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	s := &site{t: t, url: srv.URL, app: a, clock: fake}
	rs := &reachSite{site: s, lead: s.browser(), member: s.browser(), outsider: s.browser()}
	ctx := context.Background()
	for _, p := range []struct {
		b     *browser
		u     *account.User
		email string
		name  string
	}{{rs.lead, &rs.leadU, "lea@example.org", "Léa Martin"}, {rs.member, &rs.memberU, "max@example.org", "Max Member"},
		{rs.outsider, &rs.outsiderU, "otto@example.org", "Otto Outside"}} {
		p.b.signup(p.email, p.name)
		u, err := s.app.Accounts.ByEmail(ctx, p.email)
		if err != nil {
			t.Fatal(err)
		}
		*p.u = u
	}
	for _, c := range []struct{ name, slug, vis string }{{"Testing Guild", "testing", "open"}, {"Red Team", "red", "private"}} {
		if _, err := s.app.Communities.Create(ctx, rs.leadU, community.Settings{Name: c.name, Slug: c.slug, Domain: "Testing", Visibility: c.vis,
			CodeOfConduct: community.DefaultCodeOfConduct}); err != nil {
			t.Fatal(err)
		}
		inv, err := s.app.Communities.Invite(ctx, rs.leadU, c.slug, "max@example.org", community.Member)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.app.Communities.AcceptInvitation(ctx, rs.memberU, 0, inv.Token, true); err != nil {
			t.Fatal(err)
		}
	}
	return rs
}

func TestWebhookPages(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newReachSite(t, db)
		base := "/c/testing/settings/webhooks"
		wantStatus(t, s.lead.get("/c/testing/settings"), 200, `href="/c/testing/settings/webhooks"`)
		wantStatus(t, s.lead.get(base), 200, "No webhooks yet", "Add a webhook", "What is this?")
		wantStatus(t, s.member.get(base), http.StatusForbidden, "leader and the core group")
		wantStatus(t, s.outsider.get("/c/red/settings/webhooks"), http.StatusNotFound)

		// Bad addresses: the error is next to the field, the input kept,
		// nothing saved.
		tables := []string{"webhooks", "activity", "jobs"}
		for _, bad := range []struct{ url, want string }{
			{"ftp://files.example.org/x", "http:// or https://"},
			{"http://169.254.169.254/latest/meta-data/", "link-local"},
			{"http://localhost:9/", "this machine"},
			{"https://cop.example.org/api/v1/me", "cultivate itself"},
		} {
			before := storetest.Snapshot(t, db, tables...)
			r := s.lead.post(base, url.Values{"name": {"Ops"}, "url": {bad.url}, "format": {"slack"}, "topics": {"help", "events"}, "active": {"yes"}})
			wantStatus(t, r, http.StatusUnprocessableEntity, bad.want, `value="`+bad.url+`"`, `value="Ops"`, `aria-invalid="true"`)
			if !strings.Contains(r.body, `value="events" checked`) {
				t.Errorf("the chosen topics were lost")
			}
			if storetest.Snapshot(t, db, tables...) != before {
				t.Errorf("a refused webhook %s changed the database", bad.url)
			}
		}

		// A good one: the secret is shown once, on the answer.
		r := s.lead.post(base, url.Values{"name": {"#testing on Slack"}, "url": {"https://hooks.example.org/services/T0/B0/x"}, "format": {"generic"},
			"topics": {"help", "knowledge"}, "active": {"yes"}})
		wantStatus(t, r, http.StatusCreated, "Signing secret", "whsec_", "X-Cultivate-Signature")
		hooks, err := s.app.Webhooks.List(context.Background(), s.leadU, "testing")
		if err != nil || len(hooks) != 1 {
			t.Fatalf("List = %v, %v", hooks, err)
		}
		h := hooks[0]
		page := base + "/" + strconv.FormatInt(h.ID, 10)
		p := s.lead.get(page)
		wantStatus(t, p, 200, "#testing on Slack", "Nothing sent yet", "Send a test ping")
		if strings.Contains(p.body, "whsec_") {
			t.Errorf("the secret is shown again")
		}
		wantStatus(t, s.lead.get(base), 200, "#testing on Slack", "help, knowledge", "nothing sent yet")

		// Edit, pause, resume, rotate.
		r = s.lead.post(page, url.Values{"name": {"Renamed"}, "url": {"https://hooks.example.org/v2"}, "format": {"teams"}, "topics": {"events"}})
		wantStatus(t, r, http.StatusSeeOther)
		if h, _ = s.app.Webhooks.Get(context.Background(), s.leadU, "testing", h.ID); h.Name != "Renamed" || h.Format != webhook.Teams || h.Active || !h.Sends("events") {
			t.Errorf("after edit: %+v", h)
		}
		wantStatus(t, s.lead.post(page, url.Values{"name": {"Renamed"}, "url": {"file:///etc/passwd"}, "format": {"teams"}, "topics": {"events"}}),
			http.StatusUnprocessableEntity, "http:// or https://")
		wantStatus(t, s.lead.post(page+"/resume", url.Values{}), http.StatusSeeOther)
		wantStatus(t, s.lead.get(page), 200, "Pause")
		wantStatus(t, s.lead.post(page+"/rotate", url.Values{}), 200, "whsec_", "New signing secret made")
		wantStatus(t, s.member.post(page+"/ping", url.Values{}), http.StatusForbidden)

		// A ping to an address that does not answer shows in the log.
		wantStatus(t, s.lead.post(page+"/ping", url.Values{}), http.StatusSeeOther)
		if _, err := s.app.Jobs.RunDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, s.lead.get(page), 200, "webhook.ping", "Failed", "could not reach the receiver")
		wantStatus(t, s.lead.post(page+"/nonsense", url.Values{}), http.StatusNotFound)
		wantStatus(t, s.lead.post(page+"/delete", url.Values{}), http.StatusSeeOther)
		wantStatus(t, s.lead.get(page), http.StatusNotFound)
	})
}
