package practice_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/practice"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// TestHelpFromAskingToOutcome follows one request through its whole life:
// asked, claimed, answered within the commitment, commented on, accepted,
// followed up and its outcome reported to the helpers.
func TestHelpFromAskingToOutcome(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		since := w.mark(t)
		r, err := w.svc.Ask(w.ctx, w.ana, w.c.Slug, practice.NewRequest{
			Title: "  Flaky end-to-end tests in CI ",
			Body:  "Our Cypress suite fails one run in five.\r\nIt is always a different test. @ben-okafor, you fought this last year? (Not @otto-outsider, not @nobody-at-all.)",
			Tried: "Retries, and `@not-a-mention` longer timeouts.",
			Tags:  "Cypress, flaky-tests ci cypress",
		})
		if err != nil {
			t.Fatalf("Ask: %v", err)
		}
		if r.ID == 0 || r.Title != "Flaky end-to-end tests in CI" || r.Author.ID != w.ana.ID || r.Author.Name != "Ana Silva" ||
			r.Status != practice.Open || r.Revision != 1 || r.CommunitySlug != w.c.Slug || r.CommunityName != w.c.Name {
			t.Errorf("asked %+v", r)
		}
		if !strings.Contains(r.Body, "in five.\nIt is") {
			t.Errorf("body %q: CRLF not normalized", r.Body)
		}
		if want := []string{"ci", "cypress", "flaky-tests"}; !slices.Equal(r.Tags, want) {
			t.Errorf("tags %v, want %v", r.Tags, want)
		}
		if !r.Clock.DueAt.Equal(t0.Add(24*time.Hour)) || r.Clock.State != practice.ClockWaiting || r.Clock.Left != 24*time.Hour {
			t.Errorf("clock %+v, want due in 24 h by default", r.Clock)
		}
		if got := w.notes(t, w.ben, notify.Mention); len(got) != 1 || got[0] != "Ana Silva mentioned you in “Flaky end-to-end tests in CI”" {
			t.Errorf("Ben's mention notes %q", got)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM notifications WHERE kind = 'mention'`); n != 1 {
			t.Errorf("%d mention notes, want only Ben's (code is no mention, Otto is no member)", n)
		}
		if r.Link() != "/c/testers-guild/requests/"+strconv.FormatInt(r.ID, 10) {
			t.Errorf("link %q", r.Link())
		}
		w.wantLog(t, since, line{practice.ActivityAsked, w.ana.ID, r.ID})

		// Ben takes it, then answers in time; Chloé answers too.
		w.clock.Advance(2 * time.Hour)
		claim, err := w.svc.Claim(w.ctx, w.ben, w.c.Slug, r.ID)
		if err != nil || claim.By.ID != w.ben.ID || !claim.Until.Equal(w.clock.Now().Add(2*time.Hour)) {
			t.Fatalf("Claim = %+v, %v", claim, err)
		}
		if got := w.notes(t, w.ana, notify.Claimed); len(got) != 1 || !strings.HasPrefix(got[0], "Ben Okafor is on it") {
			t.Errorf("Ana's claimed notes %q", got)
		}
		w.clock.Advance(time.Hour)
		first := w.reply(t, w.ben, r.ID, "Quarantine the flaky ones and fix the waits: cy.intercept, never cy.wait(ms). cc @chloe-dubois")
		w.clock.Advance(time.Hour)
		second := w.reply(t, w.chloe, r.ID, "Record the runs and compare the failing ones.")
		own := w.reply(t, w.ana, r.ID, "Thanks both, trying now.")
		comment, err := w.svc.Comment(w.ctx, w.ana, w.c.Slug, first.ID, "Which waits do you mean?")
		if err != nil {
			t.Fatalf("Comment: %v", err)
		}
		reply2, err := w.svc.Comment(w.ctx, w.ben, w.c.Slug, comment.ID, "The ones on network calls.")
		if err != nil {
			t.Fatalf("Comment on a comment: %v", err)
		}
		if comment.ParentID != first.ID || reply2.ParentID != first.ID {
			t.Errorf("comments under %d and %d, want both under reply %d", comment.ParentID, reply2.ParentID, first.ID)
		}
		if got := w.notes(t, w.ana, notify.Reply); len(got) != 2 || got[0] != "Ben Okafor replied to “Flaky end-to-end tests in CI”" {
			t.Errorf("Ana's reply notes %q", got)
		}
		if got := w.notes(t, w.ben, notify.Comment); len(got) != 1 || got[0] != "Ana Silva commented on your reply to “Flaky end-to-end tests in CI”" {
			t.Errorf("Ben's comment notes %q", got)
		}
		if got := w.notes(t, w.ana, notify.Comment); len(got) != 1 {
			t.Errorf("Ana's comment notes %q: Ben answered her comment", got)
		}
		if got := w.notes(t, w.chloe, notify.Mention); len(got) != 1 || !strings.Contains(got[0], "in a reply to") {
			t.Errorf("Chloé's mention notes %q", got)
		}

		th := w.thread(t, w.otto, r.ID)
		req := th.Request
		if req.Clock.State != practice.ClockMet || !req.Clock.FirstReplyAt.Equal(t0.Add(3*time.Hour)) || req.Clock.FirstReplyBy != w.ben.ID ||
			req.Clock.TimeToFirstReply != 3*time.Hour {
			t.Errorf("clock after the first reply %+v", req.Clock)
		}
		if req.Claim.Active() {
			t.Errorf("claim %+v still running after Ben replied", req.Claim)
		}
		if req.ReplyCount != 3 || len(th.Replies) != 3 || th.Replies[0].ID != first.ID || th.Replies[1].ID != second.ID || th.Replies[2].ID != own.ID {
			t.Fatalf("replies %+v (count %d)", th.Replies, req.ReplyCount)
		}
		if c := th.Replies[0].Comments; len(c) != 2 || c[0].ID != comment.ID || c[1].ID != reply2.ID || c[1].Author.Name != "Ben Okafor" {
			t.Errorf("comments of the first reply %+v", c)
		}
		if len(th.Helpers) != 2 || th.Helpers[0].ID != w.ben.ID || th.Helpers[1].ID != w.chloe.ID {
			t.Errorf("helpers %+v, want Ben then Chloé (not Ana, who asked)", th.Helpers)
		}
		if th.Can != (practice.Permissions{}) {
			t.Errorf("an outsider may %+v", th.Can)
		}

		// Ana accepts Ben's reply; the loop starts.
		w.clock.Advance(time.Hour)
		since = w.mark(t)
		if err := w.svc.Accept(w.ctx, w.ana, w.c.Slug, r.ID, first.ID); err != nil {
			t.Fatalf("Accept: %v", err)
		}
		solvedAt := w.clock.Now()
		th = w.thread(t, w.ana, r.ID)
		if th.Request.Status != practice.Solved || th.Request.AcceptedReplyID != first.ID || !th.Request.SolvedAt.Equal(solvedAt) ||
			!th.Request.FollowupDueAt.Equal(solvedAt.Add(14*24*time.Hour)) || !th.Replies[0].Accepted || th.Replies[1].Accepted {
			t.Errorf("after accepting: %+v", th.Request)
		}
		if !th.Can.ReportOutcome || th.Can.Claim {
			t.Errorf("Ana may %+v", th.Can)
		}
		if got := w.notes(t, w.ben, notify.Accepted); len(got) != 1 || got[0] != "Your reply solved “Flaky end-to-end tests in CI”" {
			t.Errorf("Ben's accepted notes %q", got)
		}
		w.wantLog(t, since, line{practice.ActivityAccepted, w.ana.ID, r.ID})

		// Two weeks later the follow-up comes; Ana answers it.
		w.clock.Advance(14 * 24 * time.Hour)
		rep, err := w.svc.Sweep(w.ctx)
		if err != nil || rep.FollowupsAsked != 1 {
			t.Fatalf("Sweep = %+v, %v", rep, err)
		}
		if got := w.notes(t, w.ana, notify.FollowUp); len(got) != 1 || !strings.HasPrefix(got[0], "How did it turn out?") {
			t.Errorf("Ana's follow-up notes %q", got)
		}
		since = w.mark(t)
		if err := w.svc.ReportOutcome(w.ctx, w.ana, w.c.Slug, r.ID, practice.Worked, "Intercepts fixed 9 of 10; we quarantine the last one."); err != nil {
			t.Fatalf("ReportOutcome: %v", err)
		}
		got := w.get(t, w.ana, r.ID)
		if got.Outcome != practice.Worked || got.OutcomeNote != "Intercepts fixed 9 of 10; we quarantine the last one." || !got.OutcomeAt.Equal(w.clock.Now()) {
			t.Errorf("outcome %q %q %s", got.Outcome, got.OutcomeNote, got.OutcomeAt)
		}
		for _, helper := range []account.User{w.ben, w.chloe} {
			if got := w.notes(t, helper, notify.Outcome); len(got) != 1 || got[0] != "How your advice turned out: “Flaky end-to-end tests in CI”: It worked" {
				t.Errorf("%s's outcome notes %q", helper.Name, got)
			}
		}
		if got := w.notes(t, w.ana, notify.Outcome); len(got) != 0 {
			t.Errorf("Ana was told her own outcome: %q", got)
		}
		w.wantLog(t, since, line{practice.ActivityOutcome, w.ana.ID, r.ID})

		// Search finds the thread by what a reply said.
		var title, body, tags string
		var solved bool
		if err := w.db.QueryRowContext(w.ctx, `SELECT title, body, tags, solved FROM search_docs WHERE kind = 'request' AND ref_id = $1`, r.ID).
			Scan(&title, &body, &tags, &solved); err != nil {
			t.Fatal(err)
		}
		if title != r.Title || !strings.Contains(body, "cy.intercept") || !strings.Contains(body, "Retries") || !strings.Contains(body, "network calls") ||
			tags != "ci cypress flaky-tests" || !solved {
			t.Errorf("search doc %q %q %q %v", title, body, tags, solved)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM activity WHERE kind = $1 AND subject_id = $2`, practice.ActivityReplied, r.ID); n != 3 {
			t.Errorf("%d replies logged, want 3", n)
		}
		w.wantTagsInStep(t)
	})
}

// TestAskRefusesBadInputAndWritesNothing: each field's problem is named
// for the form, and nothing reaches the database.
func TestAskRefusesBadInputAndWritesNothing(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		ok := practice.NewRequest{Title: "Flaky end-to-end tests", Body: "Our suite fails one run in five, always a different test.", Tags: "ci"}
		with := func(change func(r *practice.NewRequest)) practice.NewRequest {
			r := ok
			change(&r)
			return r
		}
		before := w.snapshot(t)
		tests := []struct {
			name  string
			in    practice.NewRequest
			field string
		}{
			{"empty title", with(func(r *practice.NewRequest) { r.Title = "   " }), "title"},
			{"title of 7 characters", with(func(r *practice.NewRequest) { r.Title = "Flakey?" }), "title"},
			{"title of 161 characters", with(func(r *practice.NewRequest) { r.Title = strings.Repeat("t", 161) }), "title"},
			{"title on two lines", with(func(r *practice.NewRequest) { r.Title = "Flaky tests\nin CI" }), "title"},
			{"title with a control character", with(func(r *practice.NewRequest) { r.Title = "Flaky tests \x1b[31m" }), "title"},
			{"title with invalid UTF-8", with(func(r *practice.NewRequest) { r.Title = "Flaky tests \xff\xfe" }), "title"},
			{"body of 19 characters", with(func(r *practice.NewRequest) { r.Body = strings.Repeat("b", 19) }), "body"},
			{"body of 20001 characters", with(func(r *practice.NewRequest) { r.Body = strings.Repeat("b", 20001) }), "body"},
			{"body with a NUL", with(func(r *practice.NewRequest) { r.Body = "Our suite fails one run\x00 in five." }), "body"},
			{"tried of 10001 characters", with(func(r *practice.NewRequest) { r.Tried = strings.Repeat("t", 10001) }), "tried"},
			{"six tags", with(func(r *practice.NewRequest) { r.Tags = "a1 b2 c3 d4 e5 f6" }), "tags"},
			{"tag with markup", with(func(r *practice.NewRequest) { r.Tags = "<script>" }), "tags"},
			{"tag of 33 characters", with(func(r *practice.NewRequest) { r.Tags = strings.Repeat("x", 33) }), "tags"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := w.svc.Ask(w.ctx, w.ana, w.c.Slug, tt.in)
				wantKind(t, err, errs.Invalid, tt.field)
			})
		}
		_, err := w.svc.Ask(w.ctx, w.ana, w.c.Slug, practice.NewRequest{Title: "x", Body: "y", Tried: strings.Repeat("t", 10001), Tags: "a b c d e f"})
		if fields := errs.ByField(err); len(fields) != 4 {
			t.Errorf("all bad fields at once reported %v, want title, body, tried and tags together", fields)
		}

		_, err = w.svc.Ask(w.ctx, w.otto, w.c.Slug, ok)
		wantKind(t, err, errs.Forbidden, "")
		wantMessage(t, err, "Join Testers Guild to ask for help")
		_, err = w.svc.Ask(w.ctx, account.User{}, w.c.Slug, ok)
		wantKind(t, err, errs.Unauthorized, "")
		_, err = w.svc.Ask(w.ctx, w.ana, "no-such-community", ok)
		wantKind(t, err, errs.NotFound, "")
		w.unchanged(t, before, "refused requests")

		// A sponsor belongs to the community and may ask.
		if _, err := w.svc.Ask(w.ctx, w.sam, w.c.Slug, ok); err != nil {
			t.Errorf("sponsor asks: %v", err)
		}
	})
}

// TestPrivateCommunityRequestsAreHidden: outsiders get NotFound for a
// private community's requests, lists and actions, as if none existed.
func TestPrivateCommunityRequestsAreHidden(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorldOn(t, newFixture(t, db), community.Private)
		r := w.ask(t, w.ana, "threat-model a legacy monolith", "threat-modeling")
		p := w.reply(t, w.ben, r.ID, "Start from the data flows.")
		before := w.snapshot(t)
		for _, viewer := range []account.User{w.otto, {}} {
			_, err := w.svc.Thread(w.ctx, viewer, w.c.Slug, r.ID)
			wantKind(t, err, errs.NotFound, "")
			_, err = w.svc.Get(w.ctx, viewer, w.c.Slug, r.ID)
			wantKind(t, err, errs.NotFound, "")
			_, err = w.svc.List(w.ctx, viewer, practice.Filter{CommunitySlug: w.c.Slug})
			wantKind(t, err, errs.NotFound, "")
			_, err = w.svc.Tags(w.ctx, viewer, w.c.Slug)
			wantKind(t, err, errs.NotFound, "")
			_, err = w.svc.Revisions(w.ctx, viewer, w.c.Slug, practice.SubjectRequest, r.ID)
			wantKind(t, err, errs.NotFound, "")
			_, err = w.svc.Reply(w.ctx, viewer, w.c.Slug, r.ID, "Let me in")
			wantKind(t, err, errs.NotFound, "")
			_, err = w.svc.Comment(w.ctx, viewer, w.c.Slug, p.ID, "Let me in")
			wantKind(t, err, errs.NotFound, "")
			_, err = w.svc.Claim(w.ctx, viewer, w.c.Slug, r.ID)
			wantKind(t, err, errs.NotFound, "")
		}
		w.unchanged(t, before, "outsiders")
		if th := w.thread(t, w.ben, r.ID); th.Request.ID != r.ID || len(th.Replies) != 1 {
			t.Errorf("a member sees %+v", th)
		}
	})
}

// TestOpenCommunityIsReadableButNotWritableByOutsiders: visitors read,
// members write.
func TestOpenCommunityIsReadableButNotWritableByOutsiders(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		r := w.ask(t, w.ana, "test a payment flow", "payments")
		p := w.reply(t, w.ben, r.ID, "Use the provider's sandbox cards.")
		before := w.snapshot(t)
		for _, viewer := range []account.User{w.otto, {}} {
			th, err := w.svc.Thread(w.ctx, viewer, w.c.Slug, r.ID)
			if err != nil || len(th.Replies) != 1 || th.Can != (practice.Permissions{}) {
				t.Errorf("visitor %q reads %+v, %v", viewer.Name, th.Can, err)
			}
			page, err := w.svc.List(w.ctx, viewer, practice.Filter{CommunitySlug: w.c.Slug})
			if err != nil || len(page.Items) != 1 {
				t.Errorf("visitor %q lists %+v, %v", viewer.Name, page, err)
			}
		}
		want := errs.Forbidden
		for _, viewer := range []account.User{w.otto, {}} {
			_, err := w.svc.Reply(w.ctx, viewer, w.c.Slug, r.ID, "Drive-by advice")
			wantKind(t, err, want, "")
			_, err = w.svc.Comment(w.ctx, viewer, w.c.Slug, p.ID, "Drive-by comment")
			wantKind(t, err, want, "")
			_, err = w.svc.Claim(w.ctx, viewer, w.c.Slug, r.ID)
			wantKind(t, err, want, "")
			err = w.svc.Accept(w.ctx, viewer, w.c.Slug, r.ID, p.ID)
			wantKind(t, err, want, "")
			err = w.svc.Lock(w.ctx, viewer, w.c.Slug, r.ID)
			wantKind(t, err, want, "")
			_, err = w.svc.EditReply(w.ctx, viewer, w.c.Slug, p.ID, "Hijacked")
			wantKind(t, err, want, "")
			want = errs.Unauthorized
		}
		w.unchanged(t, before, "visitors")
	})
}
