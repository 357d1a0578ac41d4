package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"cultivate/internal/mail"
	"cultivate/internal/notify"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/web"
)

var mailTables = []string{"mail_preferences", "mail_settings", "mail_notes", "mail_outbox", "activity"}

func TestNotificationSettingsPage(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		ann := s.browser()
		ann.signup("ann@example.org", "Ann Example")
		u, err := s.app.Accounts.ByEmail(context.Background(), "ann@example.org")
		if err != nil {
			t.Fatal(err)
		}
		wantStatus(t, ann.get("/me"), 200, `href="/me/notifications"`)
		wantStatus(t, ann.get("/inbox"), 200, `href="/me/notifications"`)
		wantStatus(t, ann.get("/me/notifications"), 200, "Weekly digest", "A reply to my request",
			`name="kind.reply" value="now" checked`, `name="kind.comment" value="digest" checked`, `name="weekly_digest" value="on" checked`,
			"emails wait in the administrators’ outbox")

		for _, tc := range []struct {
			name string
			form url.Values
			want string
		}{
			{"unknown kind", url.Values{"kind.gossip": {"now"}, "kind.reply": {"never"}, "weekly_digest": {"on"}}, "There is no kind of notification called “gossip”"},
			{"unknown choice", url.Values{"kind.reply": {"loudly"}, "weekly_digest": {"on"}}, "Choose now, digest or never for “reply”"},
		} {
			before := storetest.Snapshot(t, db, mailTables...)
			r := ann.post("/me/notifications", tc.form)
			wantStatus(t, r, http.StatusUnprocessableEntity, tc.want)
			if storetest.Snapshot(t, db, mailTables...) != before {
				t.Errorf("%s changed the data", tc.name)
			}
		}

		r := ann.post("/me/notifications", url.Values{"kind.reply": {"never"}, "kind.comment": {"now"}})
		wantStatus(t, r, http.StatusSeeOther)
		if loc := r.header.Get("Location"); loc != "/me/notifications" {
			t.Errorf("saved, then sent to %q", loc)
		}
		p, err := s.app.Mail.Preferences(context.Background(), u.ID)
		if err != nil || p.WeeklyDigest || p.Choices[notify.Reply] != mail.Never || p.Choices[notify.Comment] != mail.Now || p.Choices[notify.Mention] != mail.Now {
			t.Errorf("saved preferences %+v, %v", p, err)
		}
		wantStatus(t, ann.get("/me/notifications"), 200, "Notification settings saved.", `name="kind.reply" value="never" checked`)

		anon := s.browser()
		if r := anon.get("/me/notifications"); r.status != http.StatusSeeOther {
			t.Errorf("anonymous settings page: %d", r.status)
		}
	})
}

func TestUnsubscribeLinkWithoutSession(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		s.browser().signup("ann@example.org", "Ann Example")
		ctx := context.Background()
		u, err := s.app.Accounts.ByEmail(ctx, "ann@example.org")
		if err != nil {
			t.Fatal(err)
		}
		tok, err := s.app.Mail.UnsubscribeToken(ctx, u.ID, notify.Mention)
		if err != nil {
			t.Fatal(err)
		}
		anon := s.browser()

		// Opening the link (as a mail scanner would) changes nothing.
		before := storetest.Snapshot(t, db, mailTables...)
		wantStatus(t, anon.get("/unsubscribe/"+tok), 200, "a…n@example.org", "Stop emails about “Someone mentions me”", `action="/unsubscribe/`+tok+`"`)
		if storetest.Snapshot(t, db, mailTables...) != before {
			t.Error("opening the link changed the data")
		}

		tampered := tok[:len(tok)-1] + "x"
		if tampered == tok {
			tampered = tok[:len(tok)-1] + "A"
		}
		for name, bad := range map[string]string{"tampered": tampered, "truncated": tok[:len(tok)/2], "other scope": strings.Replace(tok, ".mention.", ".all.", 1)} {
			wantStatus(t, anon.get("/unsubscribe/"+bad), 404, "This unsubscribe link is not valid")
			wantStatus(t, anon.do("POST", "/unsubscribe/"+bad, url.Values{"List-Unsubscribe": {"One-Click"}}, nil), 404, "This unsubscribe link is not valid")
			if storetest.Snapshot(t, db, mailTables...) != before {
				t.Errorf("%s link changed the data", name)
			}
		}

		// A mail client's one-click POST (RFC 8058): no cookie, no Origin,
		// no Sec-Fetch-Site, no form token.
		r := anon.do("POST", "/unsubscribe/"+tok, url.Values{"List-Unsubscribe": {"One-Click"}}, nil)
		wantStatus(t, r, 200, "Done", "will no longer be sent")
		p, err := s.app.Mail.Preferences(ctx, u.ID)
		if err != nil || p.Choices[notify.Mention] != mail.Never || p.Choices[notify.Reply] != mail.Now || !p.WeeklyDigest {
			t.Errorf("after one click: %+v, %v; want only mentions off", p, err)
		}
		// A browser form posted from another site is still refused.
		r = anon.do("POST", "/unsubscribe/"+tok, url.Values{}, map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
		wantStatus(t, r, http.StatusForbidden)
	})
}

func TestAdminOutbox(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		admin := s.browser()
		admin.signup("lea@example.org", "Léa Admin")
		ann := s.browser()
		ann.signup("ann@example.org", "Ann Example")
		ctx := context.Background()
		lea, _ := s.app.Accounts.ByEmail(ctx, "lea@example.org")
		annU, _ := s.app.Accounts.ByEmail(ctx, "ann@example.org")

		if err := s.app.Accounts.SetRoles(ctx, lea.ID, true, false); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, admin.get("/admin/outbox"), 200, "No email yet", "No mail server is configured")
		err := db.WithTx(ctx, func(ctx context.Context) error {
			return s.app.Inbox.Send(ctx, notify.Note{Kind: notify.Mention, ActorID: lea.ID, Title: "Léa mentioned you in “Flaky tests”", Link: "/c/x/requests/1"}, annU.ID)
		})
		if err != nil {
			t.Fatal(err)
		}
		s.clock.Advance(time.Minute)
		if _, err := s.app.Jobs.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
		list, _, err := s.app.Mail.Outbox(ctx, "", 0, 10)
		if err != nil || len(list) != 1 {
			t.Fatalf("outbox %v, %v", list, err)
		}
		id := strconv.FormatInt(list[0].ID, 10)
		wantStatus(t, ann.get("/admin/outbox"), 403, "Only administrators")
		wantStatus(t, ann.get("/admin/outbox/"+id), 403)
		wantStatus(t, admin.get("/admin/outbox"), 200, "Léa mentioned you in “Flaky tests”", "ann@example.org", "Kept (no mail server)", `href="/admin/outbox/`+id+`"`)
		wantStatus(t, admin.get("/admin/outbox?status=kept"), 200, "Léa mentioned you")
		wantStatus(t, admin.get("/admin/outbox?status=failed"), 200, "No message is failed")
		wantStatus(t, admin.get("/admin/outbox?status=lost"), 422, "Choose queued, sent, kept or failed")
		wantStatus(t, admin.get("/admin/outbox/"+id), 200, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click", "Hello Ann,",
			"/c/x/requests/1", "The whole message, as sent")
		wantStatus(t, admin.get("/admin/outbox/999999"), 404, "no message 999999")
	})
}
