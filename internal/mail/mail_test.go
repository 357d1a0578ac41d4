package mail_test

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"sync"
	"testing"
	"time"

	"cultivate/internal/clock"
	"cultivate/internal/errs"
	"cultivate/internal/jobs"
	"cultivate/internal/knowledge"
	"cultivate/internal/mail"
	"cultivate/internal/notify"
	"cultivate/internal/practice"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// textPart is the decoded plain-text part of a message that arrived.
func textPart(t *testing.T, r received) string {
	t.Helper()
	m := r.parse(t)
	_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart() // decodes quoted-printable
		if err != nil {
			t.Fatalf("no text/plain part: %v", err)
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
			b, err := io.ReadAll(p)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
}

func subject(t *testing.T, r received) string {
	t.Helper()
	s, err := new(mime.WordDecoder).DecodeHeader(r.parse(t).Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func bothEngines(t *testing.T, fn func(t *testing.T, url string)) {
	for _, engine := range []string{storetest.SQLite, storetest.Postgres} {
		t.Run(engine, func(t *testing.T) { fn(t, storetest.URL(t, engine)) })
	}
}

func TestAtOnceNoteArrivesOnceWithTwoReplicas(t *testing.T) {
	bothEngines(t, func(t *testing.T, url string) {
		srv := startSMTP(t, false, "", "")
		clk := clock.NewFake(t0)
		a := newFixture(t, storetest.OpenURL(t, url), clk, smtpTo(srv))
		b := newFixture(t, storetest.OpenURL(t, url), clk, smtpTo(srv))
		w := a.world(t)
		a.note(t, notify.Note{Kind: notify.Reply, ActorID: w.bob.ID, CommunityID: w.c.ID, Title: "Bob replied to “Flaky login test”",
			Link: "/c/testing/requests/7"}, w.ann.ID)

		a.run(t)
		if n := len(srv.messages()); n != 0 {
			t.Fatalf("%d messages before the minute is up, want 0", n)
		}
		clk.Advance(time.Minute)
		var wg sync.WaitGroup
		for _, f := range []*fixture{a, b} {
			wg.Add(1)
			go func() { defer wg.Done(); _, _ = f.queue.RunDue(f.ctx) }()
		}
		wg.Wait()
		a.run(t)
		b.run(t)

		got := srv.messages()
		if len(got) != 1 {
			t.Fatalf("%d messages arrived, want exactly 1", len(got))
		}
		r := got[0]
		if r.To != "ann@example.org" || r.From != "cop@example.org" {
			t.Errorf("envelope %s → %s, want cop@example.org → ann@example.org", r.From, r.To)
		}
		if s := subject(t, r); s != "Bob replied to “Flaky login test”" {
			t.Errorf("subject %q", s)
		}
		h := r.parse(t).Header
		out := a.outbox(t)
		if len(out) != 1 || out[0].Status != mail.Sent {
			t.Fatalf("outbox = %+v, want one sent message", out)
		}
		if want := "<" + jobs.FormatID(out[0].JobID) + "@cop.example.org>"; h.Get("Message-Id") != want {
			t.Errorf("Message-ID %q, want %q", h.Get("Message-Id"), want)
		}
		unsub := h.Get("List-Unsubscribe")
		if !strings.HasPrefix(unsub, "<"+base+"/unsubscribe/") || h.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
			t.Errorf("unsubscribe headers %q / %q", unsub, h.Get("List-Unsubscribe-Post"))
		}
		body := textPart(t, r)
		for _, want := range []string{"Hello Ann,", "Bob replied to “Flaky login test”", base + "/c/testing/requests/7",
			strings.Trim(unsub, "<>"), base + "/me/notifications"} {
			if !strings.Contains(body, want) {
				t.Errorf("body lacks %q:\n%s", want, body)
			}
		}
		// The link in the header unsubscribes from replies only.
		tok := strings.TrimPrefix(strings.Trim(unsub, "<>"), base+"/unsubscribe/")
		u, err := a.mail.CheckUnsubscribe(a.ctx, tok)
		if err != nil || u.Scope != notify.Reply || u.UserID != w.ann.ID {
			t.Errorf("header link = %+v, %v; want ann's reply scope", u, err)
		}
	})
}

func TestBurstOfNotesBecomesOneEmail(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		srv := startSMTP(t, false, "", "")
		f := newFixture(t, db, clock.NewFake(t0), smtpTo(srv))
		w := f.world(t)
		for i := range 20 {
			f.clock.Advance(time.Second)
			kind := notify.Reply
			if i%2 == 1 {
				kind = notify.Mention
			}
			f.note(t, notify.Note{Kind: kind, ActorID: w.bob.ID, Title: "Note " + string(rune('A'+i)), Link: "/inbox"}, w.ann.ID)
		}
		f.clock.Advance(time.Minute)
		f.run(t)
		got := srv.messages()
		if len(got) != 1 {
			t.Fatalf("%d messages, want the 20 notes in one", len(got))
		}
		body := textPart(t, got[0])
		if strings.Count(body, "\n* Note ") != 20 {
			t.Errorf("the message carries %d notes, want 20:\n%s", strings.Count(body, "\n* Note "), body)
		}
		if s := subject(t, got[0]); !strings.HasPrefix(s, "20 updates on cultivate") {
			t.Errorf("subject %q", s)
		}
		// Mixed kinds: the one-click link stops all email.
		if !strings.Contains(got[0].parse(t).Header.Get("List-Unsubscribe"), ".all.") {
			t.Errorf("List-Unsubscribe of a mixed message should stop all mail: %s", got[0].parse(t).Header.Get("List-Unsubscribe"))
		}
	})
}

func TestNeverSendsNothing(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		srv := startSMTP(t, false, "", "")
		f := newFixture(t, db, clock.NewFake(t0), smtpTo(srv))
		w := f.world(t)
		if _, err := f.mail.SetPreferences(f.ctx, w.ann.ID, mail.Update{Choices: map[string]string{notify.Reply: "never"}}); err != nil {
			t.Fatal(err)
		}
		f.note(t, notify.Note{Kind: notify.Reply, ActorID: w.bob.ID, Title: "Bob replied", Link: "/inbox"}, w.ann.ID)
		f.clock.Advance(2 * time.Minute)
		f.run(t)
		if n := len(srv.messages()); n != 0 {
			t.Errorf("%d messages for a kind set to never", n)
		}
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM mail_notes`) + storetest.Count(t, db, `SELECT COUNT(*) FROM mail_outbox`) +
			storetest.Count(t, db, `SELECT COUNT(*) FROM jobs WHERE kind = 'mail.send'`); n != 0 {
			t.Errorf("%d rows queued for a kind set to never", n)
		}
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM notifications WHERE user_id = $1`, w.ann.ID); n != 1 {
			t.Errorf("the inbox has %d notes, want it to keep the note", n)
		}
	})
}

func TestWeeklyDigest(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		srv := startSMTP(t, false, "", "")
		f := newFixture(t, db, clock.NewFake(t0), smtpTo(srv))
		// The lead plugs events in like this; a fake stands for it, with an
		// event for Ann only.
		var annID int64
		f.mail.AddSource(mail.RankEvents, func(ctx context.Context, userID int64, since, until time.Time) (mail.Section, error) {
			if until.Sub(since) != mail.DigestPeriod || until.Weekday() != time.Monday {
				t.Errorf("source asked for [%v, %v)", since, until)
			}
			if userID != annID {
				return mail.Section{Title: "Upcoming events"}, nil
			}
			return mail.Section{Title: "Upcoming events", Items: []mail.Item{{Title: "Brown bag: contract tests", Link: "/c/testing/events/1"}}}, nil
		})
		w := f.world(t)
		annID = w.ann.ID
		carl := f.user(t, "Carl Quiet", "") // in no community: nothing to tell
		f.run(t)                            // the slot of 2 March is days old: skipped
		if _, err := f.prac.Ask(f.ctx, w.bob, "testing", practice.NewRequest{Title: "Our login test is flaky on CI",
			Body: "It fails one run in five, only on CI, never locally.", Tags: "flaky-tests"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.know.Create(f.ctx, w.lea, "testing", knowledge.NewArtefact{Kind: knowledge.FAQ, Title: "How we quarantine flaky tests",
			Body: "Tag them, move them to a nightly job, and fix them within a week."}); err != nil {
			t.Fatal(err)
		}
		f.note(t, notify.Note{Kind: notify.Comment, ActorID: w.bob.ID, Title: "Bob commented on your reply", Link: "/c/testing/requests/1"}, w.ann.ID)
		f.note(t, notify.Note{Kind: notify.Reply, ActorID: w.bob.ID, Title: "Bob replied at once", Link: "/c/testing/requests/1"}, w.ann.ID)
		f.run(t)
		f.clock.Advance(time.Minute)
		f.run(t) // the at-once reply goes out now
		before := len(srv.messages())

		f.clock.Set(time.Date(2026, 3, 9, 7, 0, 5, 0, time.UTC))
		f.run(t)
		f.clock.Advance(time.Hour)
		f.run(t) // nothing twice
		digests := map[string][]received{}
		for _, r := range srv.messages()[before:] {
			digests[r.To] = append(digests[r.To], r)
		}
		if len(digests["ann@example.org"]) != 1 || len(digests["bob@example.org"]) != 1 {
			t.Fatalf("digests: ann %d, bob %d; want one each", len(digests["ann@example.org"]), len(digests["bob@example.org"]))
		}
		if n := len(digests[carl.Email]); n != 0 {
			t.Errorf("carl got %d empty digests:\n%s", n, textPart(t, digests[carl.Email][0]))
		}
		body := textPart(t, digests["ann@example.org"][0])
		order := []string{"Requests in your expertise that need help", "Our login test is flaky on CI", "Upcoming events", "Brown bag: contract tests",
			"New knowledge in your communities", "How we quarantine flaky tests", "From your inbox", "Bob commented on your reply"}
		at := 0
		for _, want := range order {
			i := strings.Index(body[at:], want)
			if i < 0 {
				t.Fatalf("ann's digest lacks %q after byte %d:\n%s", want, at, body)
			}
			at += i
		}
		if strings.Contains(body, "Bob replied at once") {
			t.Errorf("a note already mailed at once is in the digest too")
		}
		h := digests["ann@example.org"][0].parse(t).Header
		if !strings.Contains(h.Get("List-Unsubscribe"), ".digest.") {
			t.Errorf("the digest's List-Unsubscribe %q should stop the digest", h.Get("List-Unsubscribe"))
		}
		// Bob asked the request himself: his digest has no request section.
		if b := textPart(t, digests["bob@example.org"][0]); strings.Contains(b, "need help") || !strings.Contains(b, "How we quarantine flaky tests") {
			t.Errorf("bob's digest:\n%s", b)
		}

		// With the digest off, the next week sends nothing to Ann.
		off := false
		if _, err := f.mail.SetPreferences(f.ctx, w.ann.ID, mail.Update{WeeklyDigest: &off}); err != nil {
			t.Fatal(err)
		}
		n := len(srv.messages())
		f.clock.Set(time.Date(2026, 3, 16, 7, 1, 0, 0, time.UTC))
		f.run(t)
		for _, r := range srv.messages()[n:] {
			if r.To == "ann@example.org" {
				t.Errorf("ann got a digest she turned off")
			}
		}
	})
}

func TestUnsubscribeLink(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clock.NewFake(t0), mail.Options{})
		w := f.world(t)
		tok, err := f.mail.UnsubscribeToken(f.ctx, w.ann.ID, notify.Mention)
		if err != nil {
			t.Fatal(err)
		}
		other, _ := f.mail.UnsubscribeToken(f.ctx, w.bob.ID, notify.Mention)
		parts := strings.Split(tok, ".")
		flip := func(s string) string {
			b := []byte(s)
			if b[len(b)-1] == 'A' {
				b[len(b)-1] = 'B'
			} else {
				b[len(b)-1] = 'A'
			}
			return string(b)
		}
		for name, bad := range map[string]string{
			"tampered signature": flip(tok),
			"truncated":          tok[:len(tok)-5],
			"no signature":       parts[0] + "." + parts[1],
			"another user":       strings.Replace(tok, parts[0]+".", "99999.", 1),
			"another scope":      parts[0] + ".all." + parts[2],
			"someone else's sig": parts[0] + "." + parts[1] + "." + strings.Split(other, ".")[2],
			"unknown scope":      parts[0] + ".nonsense." + parts[2],
			"empty":              "",
		} {
			before := storetest.Snapshot(t, db, mailTables...)
			if _, err := f.mail.Unsubscribe(f.ctx, bad); !errs.Is(err, errs.NotFound) {
				t.Errorf("%s: err = %v, want not found", name, err)
			}
			if after := storetest.Snapshot(t, db, mailTables...); after != before {
				t.Errorf("%s changed the data", name)
			}
		}
		prefs, _ := f.mail.Preferences(f.ctx, w.ann.ID)
		u, err := f.mail.Unsubscribe(f.ctx, tok)
		if err != nil || u.Scope != notify.Mention || u.Email != "a…n@example.org" {
			t.Fatalf("unsubscribe = %+v, %v", u, err)
		}
		after, _ := f.mail.Preferences(f.ctx, w.ann.ID)
		for k, c := range prefs.Choices {
			want := c
			if k == notify.Mention {
				want = mail.Never
			}
			if after.Choices[k] != want {
				t.Errorf("%s = %s after unsubscribing from mentions, want %s", k, after.Choices[k], want)
			}
		}
		if !after.WeeklyDigest {
			t.Errorf("unsubscribing from mentions turned the digest off")
		}
		// The same link again is harmless.
		if _, err := f.mail.Unsubscribe(f.ctx, tok); err != nil {
			t.Errorf("a second click: %v", err)
		}
		dtok, _ := f.mail.UnsubscribeToken(f.ctx, w.ann.ID, mail.ScopeDigest)
		if _, err := f.mail.Unsubscribe(f.ctx, dtok); err != nil {
			t.Fatal(err)
		}
		if p, _ := f.mail.Preferences(f.ctx, w.ann.ID); p.WeeklyDigest || p.Choices[notify.Reply] != mail.Now {
			t.Errorf("after the digest link: %+v", p)
		}
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM activity WHERE kind = $1 AND actor_id = $2`, mail.Unsubscribed, w.ann.ID); n != 3 {
			t.Errorf("%d unsubscribe entries in the log, want 3", n)
		}
	})
}

func TestSMTPDownRetriesThenSends(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		srv := startSMTP(t, false, "", "")
		srv.setDown(true)
		f := newFixture(t, db, clock.NewFake(t0), smtpTo(srv))
		w := f.world(t)
		f.note(t, notify.Note{Kind: notify.Mention, ActorID: w.bob.ID, Title: "Bob mentioned you", Link: "/inbox"}, w.ann.ID)
		f.clock.Advance(time.Minute)
		if rep := f.run(t); rep.Retried != 1 {
			t.Fatalf("report %+v, want the send retried", rep)
		}
		out := f.outbox(t)
		if len(out) != 1 || out[0].Status != mail.Failed || !strings.Contains(out[0].LastError, "421") {
			t.Fatalf("outbox %+v, want one failed message with the server's answer", out)
		}
		srv.setDown(false)
		f.clock.Advance(jobs.Backoff(1))
		if rep := f.run(t); rep.Done != 1 {
			t.Fatalf("report %+v, want the retry done", rep)
		}
		again := f.outbox(t)
		if len(again) != 1 || again[0].Status != mail.Sent || again[0].Attempts != 2 || again[0].LastError != "" || again[0].MessageID != out[0].MessageID {
			t.Errorf("outbox %+v, want the same message sent on the second attempt", again)
		}
		if n := len(srv.messages()); n != 1 {
			t.Errorf("%d messages arrived, want 1", n)
		}
	})
}

func TestWithoutSMTPTheOutboxKeepsMail(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clock.NewFake(t0), mail.Options{})
		if f.mail.Configured() {
			t.Fatal("no SMTP address, yet configured")
		}
		w := f.world(t)
		f.note(t, notify.Note{Kind: notify.FollowUp, Title: "How did it turn out?", Link: "/c/testing/requests/3"}, w.ann.ID)
		f.clock.Advance(time.Minute)
		f.run(t)
		out := f.outbox(t)
		if len(out) != 1 || out[0].Status != mail.Kept || out[0].To != "ann@example.org" {
			t.Fatalf("outbox %+v, want one kept message", out)
		}
		m, err := f.mail.Message(f.ctx, out[0].ID)
		if err != nil || !strings.Contains(m.Raw, "List-Unsubscribe-Post: List-Unsubscribe=One-Click") ||
			!strings.Contains(m.Text, base+"/c/testing/requests/3") {
			t.Errorf("message %d: %v\n%s", out[0].ID, err, m.Raw)
		}
		if _, err := f.mail.Message(f.ctx, out[0].ID+100); !errs.Is(err, errs.NotFound) {
			t.Errorf("a missing message: %v", err)
		}
	})
}

func TestSTARTTLSAndAuth(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	srv := startSMTP(t, true, "cop", "s3cret pass")
	opts := mail.Options{SMTP: mail.SMTP{Addr: srv.addr(), Username: "cop", Password: "s3cret pass", TLS: mail.StartTLS,
		TLSConfig: srv.clientTLS()}}
	f := newFixture(t, db, clock.NewFake(t0), opts)
	w := f.world(t)
	f.note(t, notify.Note{Kind: notify.AtRisk, Title: "A request nears its commitment", Link: "/c/testing/triage"}, w.ann.ID)
	f.clock.Advance(time.Minute)
	f.run(t)
	got := srv.messages()
	if len(got) != 1 || !got[0].TLS || got[0].AuthUser != "cop" {
		t.Fatalf("arrived %+v, want one message over TLS, authenticated", got)
	}

	// STARTTLS required, but the server does not offer it: nothing is sent
	// in the clear.
	plain := startSMTP(t, false, "", "")
	db2 := storetest.Open(t, storetest.SQLite)
	g := newFixture(t, db2, clock.NewFake(t0), mail.Options{SMTP: mail.SMTP{Addr: plain.addr(), TLS: mail.StartTLS}})
	w2 := g.world(t)
	g.note(t, notify.Note{Kind: notify.AtRisk, Title: "At risk", Link: "/"}, w2.ann.ID)
	g.clock.Advance(time.Minute)
	g.run(t)
	if out := g.outbox(t); len(out) != 1 || out[0].Status != mail.Failed || !strings.Contains(out[0].LastError, "STARTTLS") {
		t.Errorf("outbox %+v, want failed for want of STARTTLS", out)
	}
	if len(plain.messages()) != 0 {
		t.Error("a message went in the clear")
	}

	// Implicit TLS (port 465).
	tlsSrv := startImplicitTLS(t)
	h := newFixture(t, storetest.Open(t, storetest.SQLite), clock.NewFake(t0),
		mail.Options{SMTP: mail.SMTP{Addr: tlsSrv.addr(), TLS: mail.ImplicitTLS, TLSConfig: tlsSrv.clientTLS()}})
	w3 := h.world(t)
	h.note(t, notify.Note{Kind: notify.AtRisk, Title: "At risk", Link: "/"}, w3.ann.ID)
	h.clock.Advance(time.Minute)
	h.run(t)
	if got := tlsSrv.messages(); len(got) != 1 || !got[0].TLS {
		t.Errorf("implicit TLS: arrived %+v", got)
	}
}

func TestPreferences(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clock.NewFake(t0), mail.Options{})
		w := f.world(t)
		p, err := f.mail.Preferences(f.ctx, w.ann.ID)
		if err != nil {
			t.Fatal(err)
		}
		for kind, want := range map[string]mail.Choice{notify.Mention: mail.Now, notify.Reply: mail.Now, notify.FollowUp: mail.Now,
			notify.AtRisk: mail.Now, notify.EventReminder: mail.Now, notify.EventChanged: mail.Now,
			notify.Comment: mail.Digest, notify.Announcement: mail.Digest, notify.BacklogMoved: mail.Digest} {
			if p.Choices[kind] != want {
				t.Errorf("default for %s = %s, want %s", kind, p.Choices[kind], want)
			}
		}
		if !p.WeeklyDigest {
			t.Error("the digest is off by default")
		}
		for _, tc := range []struct {
			name  string
			in    map[string]string
			field string
		}{
			{"unknown kind", map[string]string{"gossip": "now"}, "kind.gossip"},
			{"unknown choice", map[string]string{notify.Reply: "sometimes"}, "kind.reply"},
			{"one good, one bad", map[string]string{notify.Reply: "never", notify.Mention: "loud"}, "kind.mention"},
		} {
			before := storetest.Snapshot(t, db, mailTables...)
			_, err := f.mail.SetPreferences(f.ctx, w.ann.ID, mail.Update{Choices: tc.in})
			if errs.ByField(err)[tc.field] == "" {
				t.Errorf("%s: err = %v, want one on %s", tc.name, err, tc.field)
			}
			if storetest.Snapshot(t, db, mailTables...) != before {
				t.Errorf("%s changed the data", tc.name)
			}
		}
		off := false
		p, err = f.mail.SetPreferences(f.ctx, w.ann.ID, mail.Update{WeeklyDigest: &off, Choices: map[string]string{notify.Comment: "now"}})
		if err != nil || p.WeeklyDigest || p.Choices[notify.Comment] != mail.Now || p.Choices[notify.Reply] != mail.Now {
			t.Errorf("after saving: %+v, %v", p, err)
		}
		if bob, _ := f.mail.Preferences(f.ctx, w.bob.ID); !bob.WeeklyDigest || bob.Choices[notify.Comment] != mail.Digest {
			t.Errorf("ann's choice changed bob's: %+v", bob)
		}
	})
}
