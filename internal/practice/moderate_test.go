package practice_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/practice"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// TestEditsKeepEveryRevision: the asker's and the core group's edits each
// keep the version they replaced; Revisions returns them all, oldest first,
// each with who wrote it and when.
func TestEditsKeepEveryRevision(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		r := w.ask(t, w.ana, "test feature flags", "flags")
		body2 := "We ship behind flags and test only the default. How do you cover both paths?"

		w.clock.Advance(time.Hour)
		since := w.mark(t)
		edited, err := w.svc.EditRequest(w.ctx, w.ana, w.c.Slug, r.ID, "How do we test both sides of a feature flag?", body2,
			"A matrix in CI, too slow.", "flags, ci")
		if err != nil {
			t.Fatalf("EditRequest: %v", err)
		}
		if edited.Revision != 2 || edited.Title != "How do we test both sides of a feature flag?" || edited.Tried != "A matrix in CI, too slow." ||
			!slices.Equal(edited.Tags, []string{"ci", "flags"}) {
			t.Errorf("edited %+v", edited)
		}
		w.wantLog(t, since, line{practice.ActivityEdited, w.ana.ID, r.ID})

		// Saving without a change keeps no revision.
		before := w.snapshot(t)
		if _, err := w.svc.EditRequest(w.ctx, w.ana, w.c.Slug, r.ID, edited.Title, body2, edited.Tried, "ci flags"); err != nil {
			t.Fatal(err)
		}
		w.unchanged(t, before, "an edit without a change")

		w.clock.Advance(time.Hour)
		if _, err := w.svc.EditRequest(w.ctx, w.chloe, w.c.Slug, r.ID, edited.Title, body2+" (Moderated: removed a customer name.)", edited.Tried, "ci flags"); err != nil {
			t.Fatalf("core edits: %v", err)
		}
		before = w.snapshot(t)
		_, err = w.svc.EditRequest(w.ctx, w.ben, w.c.Slug, r.ID, "Ben's better title", body2, "", "")
		wantKind(t, err, errs.Forbidden, "")
		_, err = w.svc.EditRequest(w.ctx, w.ana, w.c.Slug, r.ID, "short", "short", "", "")
		wantKind(t, err, errs.Invalid, "title")
		w.unchanged(t, before, "refused edits")

		revs, err := w.svc.Revisions(w.ctx, w.otto, w.c.Slug, practice.SubjectRequest, r.ID)
		if err != nil {
			t.Fatalf("Revisions: %v", err)
		}
		if len(revs) != 3 {
			t.Fatalf("%d revisions, want 3: %+v", len(revs), revs)
		}
		want := []struct {
			n      int
			editor int64
			at     time.Time
			title  string
			tags   []string
			cur    bool
		}{
			{1, w.ana.ID, t0, "How do we test feature flags?", []string{"flags"}, false},
			{2, w.ana.ID, t0.Add(time.Hour), "How do we test both sides of a feature flag?", []string{"ci", "flags"}, false},
			{3, w.chloe.ID, t0.Add(2 * time.Hour), "How do we test both sides of a feature flag?", []string{"ci", "flags"}, true},
		}
		for i, v := range want {
			got := revs[i]
			if got.Number != v.n || got.Editor.ID != v.editor || !got.At.Equal(v.at) || got.Title != v.title || !slices.Equal(got.Tags, v.tags) || got.Current != v.cur {
				t.Errorf("revision %d = %+v, want %+v", i, got, v)
			}
		}
		if revs[0].Body != r.Body || revs[0].Tried != "" || revs[1].Tried != "A matrix in CI, too slow." || !strings.HasSuffix(revs[2].Body, "customer name.)") {
			t.Errorf("bodies: %q / %q / %q", revs[0].Body, revs[1].Tried, revs[2].Body)
		}
		if revs[0].Editor.Name != "Ana Silva" || revs[2].Editor.Name != "Chloé Dubois" {
			t.Errorf("editors %+v, %+v", revs[0].Editor, revs[2].Editor)
		}

		// Replies keep theirs too, and mentions added by an edit are told.
		p := w.reply(t, w.ben, r.ID, "Test the flag-on path in staging.")
		w.clock.Advance(time.Hour)
		if _, err := w.svc.EditReply(w.ctx, w.ben, w.c.Slug, p.ID, "Test the flag-on path in staging, @ana-silva."); err != nil {
			t.Fatal(err)
		}
		if got, err := w.svc.EditReply(w.ctx, w.ben, w.c.Slug, p.ID, "Test both paths in staging, @ana-silva."); err != nil || got.Revision != 3 {
			t.Fatalf("EditReply = %+v, %v", got, err)
		}
		if got := w.notes(t, w.ana, notify.Mention); len(got) != 1 {
			t.Errorf("Ana's mention notes %q: one edit added the mention, the next kept it", got)
		}
		_, err = w.svc.EditReply(w.ctx, w.ana, w.c.Slug, p.ID, "Ana rewrites Ben")
		wantKind(t, err, errs.Forbidden, "")
		revs, err = w.svc.Revisions(w.ctx, w.ana, w.c.Slug, practice.SubjectReply, p.ID)
		if err != nil || len(revs) != 3 || revs[0].Body != "Test the flag-on path in staging." || !revs[2].Current || revs[2].Body != "Test both paths in staging, @ana-silva." {
			t.Errorf("reply revisions %+v, %v", revs, err)
		}
		_, err = w.svc.Revisions(w.ctx, w.ana, w.c.Slug, "artefact", p.ID)
		wantKind(t, err, errs.Invalid, "subject_type")
		if n := w.count(t, `SELECT COUNT(*) FROM search_docs WHERE ref_id = $1 AND body LIKE '%both paths in staging%'`, r.ID); n != 1 {
			t.Errorf("search does not have the edited reply")
		}
		w.wantTagsInStep(t)
	})
}

// TestModerationLocksClosesAndDeletes: who may do what, and that each
// change is logged.
func TestModerationLocksClosesAndDeletes(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		r := w.ask(t, w.ana, "run a bug bash")
		p := w.reply(t, w.ben, r.ID, "Snacks and a leaderboard.")

		before := w.snapshot(t)
		wantKind(t, w.svc.Lock(w.ctx, w.ben, w.c.Slug, r.ID), errs.Forbidden, "")
		wantKind(t, w.svc.Lock(w.ctx, w.ana, w.c.Slug, r.ID), errs.Forbidden, "")
		wantKind(t, w.svc.Close(w.ctx, w.ben, w.c.Slug, r.ID, "Not my request but still."), errs.Forbidden, "")
		wantKind(t, w.svc.Close(w.ctx, w.ana, w.c.Slug, r.ID, ""), errs.Invalid, "reason")
		wantKind(t, w.svc.Delete(w.ctx, w.ben, w.c.Slug, r.ID), errs.Forbidden, "")
		err := w.svc.Delete(w.ctx, w.ana, w.c.Slug, r.ID)
		wantKind(t, err, errs.Conflict, "")
		wantMessage(t, err, "has replies")
		wantKind(t, w.svc.DeleteReply(w.ctx, w.ana, w.c.Slug, p.ID), errs.Forbidden, "")
		wantKind(t, w.svc.Reopen(w.ctx, w.chloe, w.c.Slug, r.ID), errs.Conflict, "")
		w.unchanged(t, before, "refused moderation")

		since := w.mark(t)
		if err := w.svc.Lock(w.ctx, w.chloe, w.c.Slug, r.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Lock(w.ctx, w.chloe, w.c.Slug, r.ID); err != nil {
			t.Fatalf("locking twice: %v", err)
		}
		if th := w.thread(t, w.ben, r.ID); !th.Request.Locked || th.Can.Reply || th.Replies[0].CanEdit {
			t.Errorf("locked thread offers %+v", th.Can)
		}
		if err := w.svc.Unlock(w.ctx, w.lea, w.c.Slug, r.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Close(w.ctx, w.lea, w.c.Slug, r.ID, "Answered in the March clinic."); err != nil {
			t.Fatal(err)
		}
		wantKind(t, w.svc.Close(w.ctx, w.lea, w.c.Slug, r.ID, "Again."), errs.Conflict, "")
		if err := w.svc.Reopen(w.ctx, w.chloe, w.c.Slug, r.ID); err != nil {
			t.Fatal(err)
		}
		if got := w.get(t, w.ana, r.ID); got.Status != practice.Open || got.CloseReason != "" || !got.ClosedAt.IsZero() {
			t.Errorf("reopened %+v", got)
		}
		if err := w.svc.DeleteReply(w.ctx, w.ben, w.c.Slug, p.ID); err != nil {
			t.Fatalf("author deletes reply: %v", err)
		}
		w.wantLog(t, since,
			line{practice.ActivityLocked, w.chloe.ID, r.ID},
			line{practice.ActivityUnlocked, w.lea.ID, r.ID},
			line{practice.ActivityClosed, w.lea.ID, r.ID},
			line{practice.ActivityReopened, w.chloe.ID, r.ID},
			line{practice.ActivityReplyDeleted, w.ben.ID, p.ID},
		)
		th := w.thread(t, w.ana, r.ID)
		if th.Request.ReplyCount != 0 || len(th.Replies) != 0 || len(th.Helpers) != 0 {
			t.Errorf("after deleting the only reply: count %d, replies %+v, helpers %+v", th.Request.ReplyCount, th.Replies, th.Helpers)
		}
		if th := w.thread(t, w.chloe, r.ID); len(th.Replies) != 1 || !th.Replies[0].Deleted() || th.Replies[0].Body == "" {
			t.Errorf("the core group sees deleted replies as %+v", th.Replies)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM search_docs WHERE ref_id = $1 AND body LIKE '%leaderboard%'`, r.ID); n != 0 {
			t.Errorf("a deleted reply is still searchable")
		}

		// With no replies left the asker may delete; then only the core group sees it.
		if err := w.svc.Delete(w.ctx, w.ana, w.c.Slug, r.ID); err != nil {
			t.Fatalf("asker deletes: %v", err)
		}
		_, err = w.svc.Thread(w.ctx, w.ana, w.c.Slug, r.ID)
		wantKind(t, err, errs.NotFound, "")
		if th := w.thread(t, w.chloe, r.ID); !th.Request.Deleted() || th.Can.Reply || th.Can.Delete {
			t.Errorf("core sees deleted request %+v, may %+v", th.Request, th.Can)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM search_docs WHERE ref_id = $1`, r.ID); n != 0 {
			t.Errorf("a deleted request is still searchable")
		}
		wantKind(t, w.svc.Delete(w.ctx, w.chloe, w.c.Slug, r.ID), errs.Conflict, "")
		if page, _ := w.svc.List(w.ctx, w.chloe, practice.Filter{CommunitySlug: w.c.Slug}); len(page.Items) != 0 {
			t.Errorf("a deleted request is listed")
		}

		// The core group may delete a request with replies.
		q := w.ask(t, w.ben, "test a CLI")
		w.reply(t, w.ana, q.ID, "Golden files.")
		if err := w.svc.Delete(w.ctx, w.lea, w.c.Slug, q.ID); err != nil {
			t.Fatalf("leader deletes: %v", err)
		}
	})
}

// TestSettingsAreForTheCoreGroupAndValidated: the commitment's limits
// are enforced field by field.
func TestSettingsAreForTheCoreGroupAndValidated(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		def, err := w.svc.Settings(w.ctx, w.c.ID)
		if err != nil || def.ResponseMinutes != 1440 || def.WorkingHoursOnly || def.FollowupDays != 14 || def.ClaimMinutes != 120 ||
			def.RemindBeforeMinutes != 240 || def.TimeZone != "UTC" || !def.UpdatedAt.IsZero() {
			t.Fatalf("defaults %+v, %v", def, err)
		}
		ok := practice.DefaultSettings()
		ok.ResponseMinutes, ok.WorkingHoursOnly, ok.TimeZone, ok.DayStartMinute, ok.DayEndMinute = 480, true, "Europe/Paris", 8*60+30, 18*60
		with := func(change func(s *practice.Settings)) practice.Settings {
			s := ok
			change(&s)
			return s
		}
		before := w.snapshot(t)
		for _, tt := range []struct {
			name  string
			in    practice.Settings
			field string
		}{
			{"59 minutes", with(func(s *practice.Settings) { s.ResponseMinutes = 59 }), "response_minutes"},
			{"15 days", with(func(s *practice.Settings) { s.ResponseMinutes = 15 * 24 * 60 }), "response_minutes"},
			{"no follow-up", with(func(s *practice.Settings) { s.FollowupDays = 0 }), "followup_days"},
			{"follow-up after 91 days", with(func(s *practice.Settings) { s.FollowupDays = 91 }), "followup_days"},
			{"unknown time zone", with(func(s *practice.Settings) { s.TimeZone = "Europe/Atlantis" }), "time_zone"},
			{"Local", with(func(s *practice.Settings) { s.TimeZone = "Local" }), "time_zone"},
			{"a path", with(func(s *practice.Settings) { s.TimeZone = "../../etc/passwd" }), "time_zone"},
			{"day ends before it starts", with(func(s *practice.Settings) { s.DayStartMinute, s.DayEndMinute = 17*60, 9*60 }), "day_end_minute"},
			{"empty day", with(func(s *practice.Settings) { s.DayStartMinute, s.DayEndMinute = 9*60, 9*60 }), "day_end_minute"},
			{"day starts at 24:00", with(func(s *practice.Settings) { s.DayStartMinute = 24 * 60 }), "day_start_minute"},
			{"day ends after 24:00", with(func(s *practice.Settings) { s.DayEndMinute = 24*60 + 1 }), "day_end_minute"},
			{"claim of 5 minutes", with(func(s *practice.Settings) { s.ClaimMinutes = 5 }), "claim_minutes"},
			{"reminder longer than the commitment", with(func(s *practice.Settings) { s.RemindBeforeMinutes = 481 }), "remind_before_minutes"},
			{"negative reminder", with(func(s *practice.Settings) { s.RemindBeforeMinutes = -1 }), "remind_before_minutes"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := w.svc.UpdateSettings(w.ctx, w.lea, w.c.Slug, tt.in)
				wantKind(t, err, errs.Invalid, tt.field)
			})
		}
		_, err = w.svc.UpdateSettings(w.ctx, w.ana, w.c.Slug, ok)
		wantKind(t, err, errs.Forbidden, "")
		_, err = w.svc.UpdateSettings(w.ctx, w.sam, w.c.Slug, ok)
		wantKind(t, err, errs.Forbidden, "")
		w.unchanged(t, before, "refused settings")

		since := w.mark(t)
		saved, err := w.svc.UpdateSettings(w.ctx, w.chloe, w.c.Slug, ok)
		if err != nil {
			t.Fatalf("UpdateSettings: %v", err)
		}
		w.wantLog(t, since, line{practice.ActivitySettingsUpdated, w.chloe.ID, w.c.ID})
		got, err := w.svc.Settings(w.ctx, w.c.ID)
		if err != nil || got.ResponseMinutes != 480 || !got.WorkingHoursOnly || got.TimeZone != "Europe/Paris" || got.DayStartMinute != 510 ||
			got.DayEndMinute != 1080 || !got.UpdatedAt.Equal(t0) || got.Describe() != saved.Describe() {
			t.Errorf("saved %+v, read %+v, %v", saved, got, err)
		}
		if got.Location().String() != "Europe/Paris" {
			t.Errorf("location %s", got.Location())
		}
		// Saving again updates the row.
		ok.FollowupDays = 30
		if _, err := w.svc.UpdateSettings(w.ctx, w.lea, w.c.Slug, ok); err != nil {
			t.Fatal(err)
		}
		if got, _ := w.svc.Settings(w.ctx, w.c.ID); got.FollowupDays != 30 {
			t.Errorf("follow-up after %d days", got.FollowupDays)
		}
	})
}
