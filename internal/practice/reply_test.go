package practice_test

import (
	"strings"
	"testing"
	"time"

	"cultivate/internal/errs"
	"cultivate/internal/practice"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// TestReplyingToALockedClosedOrDeletedRequestIsRefused: a clear error and
// nothing changed, for replies, comments and edits by members.
func TestReplyingToALockedClosedOrDeletedRequestIsRefused(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		locked := w.ask(t, w.ana, "review a test plan")
		lockedReply := w.reply(t, w.ben, locked.ID, "Send it over.")
		if err := w.svc.Lock(w.ctx, w.chloe, w.c.Slug, locked.ID); err != nil {
			t.Fatalf("Lock: %v", err)
		}
		closed := w.ask(t, w.ana, "pick a load-testing tool")
		closedReply := w.reply(t, w.ben, closed.ID, "k6.")
		if err := w.svc.Close(w.ctx, w.lea, w.c.Slug, closed.ID, "A duplicate of the k6 thread from March."); err != nil {
			t.Fatalf("Close: %v", err)
		}
		deleted := w.ask(t, w.ana, "write a good bug report")
		deletedReply := w.reply(t, w.ben, deleted.ID, "Steps, expected, actual.")
		if err := w.svc.Delete(w.ctx, w.chloe, w.c.Slug, deleted.ID); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		before := w.snapshot(t)
		tests := []struct {
			name    string
			id      int64
			replyID int64
			kind    errs.Kind
			message string
		}{
			{"locked", locked.ID, lockedReply.ID, errs.Conflict, "This request is locked; replies are closed."},
			{"closed", closed.ID, closedReply.ID, errs.Conflict, "This request is closed; replies are closed."},
			{"deleted", deleted.ID, deletedReply.ID, errs.NotFound, "no such help request"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := w.svc.Reply(w.ctx, w.ben, w.c.Slug, tt.id, "One more idea.")
				wantKind(t, err, tt.kind, "")
				wantMessage(t, err, tt.message)
				_, err = w.svc.Comment(w.ctx, w.ana, w.c.Slug, tt.replyID, "Thanks!")
				wantKind(t, err, tt.kind, "")
				_, err = w.svc.EditReply(w.ctx, w.ben, w.c.Slug, tt.replyID, "Edited advice.")
				wantKind(t, err, tt.kind, "")
				_, err = w.svc.EditRequest(w.ctx, w.ana, w.c.Slug, tt.id, "An edited title here", strings.Repeat("b", 30), "", "")
				wantKind(t, err, tt.kind, "")
				err = w.svc.DeleteReply(w.ctx, w.ben, w.c.Slug, tt.replyID)
				wantKind(t, err, tt.kind, "")
				_, err = w.svc.Claim(w.ctx, w.ben, w.c.Slug, tt.id)
				if errs.KindOf(err) != errs.Conflict && errs.KindOf(err) != errs.NotFound {
					t.Errorf("Claim: %v", err)
				}
			})
		}
		// The core group gets a Conflict that says why, not NotFound.
		_, err := w.svc.Reply(w.ctx, w.chloe, w.c.Slug, deleted.ID, "One more idea.")
		wantKind(t, err, errs.Conflict, "")
		wantMessage(t, err, "This request was deleted; replies are closed.")
		_, err = w.svc.Reply(w.ctx, w.chloe, w.c.Slug, locked.ID, "Moderators too.")
		wantKind(t, err, errs.Conflict, "")
		w.unchanged(t, before, "replies to locked, closed and deleted requests")

		// Unlocked, it takes replies again.
		if err := w.svc.Unlock(w.ctx, w.chloe, w.c.Slug, locked.ID); err != nil {
			t.Fatal(err)
		}
		w.reply(t, w.ben, locked.ID, "Now it works.")
	})
}

// TestBadRepliesAndCommentsAreRefused: empty, oversized and broken text,
// unknown targets, and comments on comments' deleted parents.
func TestBadRepliesAndCommentsAreRefused(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		r := w.ask(t, w.ana, "test accessibility")
		p := w.reply(t, w.ben, r.ID, "Start with a screen reader.")
		before := w.snapshot(t)
		for _, body := range []string{"", "   ", strings.Repeat("r", 20001), "bad \xff", "bell \a"} {
			_, err := w.svc.Reply(w.ctx, w.ben, w.c.Slug, r.ID, body)
			wantKind(t, err, errs.Invalid, "body")
		}
		for _, body := range []string{"", strings.Repeat("c", 4001), "bad \xff"} {
			_, err := w.svc.Comment(w.ctx, w.ben, w.c.Slug, p.ID, body)
			wantKind(t, err, errs.Invalid, "body")
		}
		_, err := w.svc.Reply(w.ctx, w.ben, w.c.Slug, 999999, "Hello there")
		wantKind(t, err, errs.NotFound, "")
		_, err = w.svc.Comment(w.ctx, w.ben, w.c.Slug, 999999, "Hello there")
		wantKind(t, err, errs.NotFound, "")
		w.unchanged(t, before, "bad replies")

		// A deleted reply takes no comments: NotFound to members, a
		// Conflict that says why to the core group, who can still see it.
		gone := w.reply(t, w.ben, r.ID, "A reply I regret.")
		if err := w.svc.DeleteReply(w.ctx, w.ben, w.c.Slug, gone.ID); err != nil {
			t.Fatal(err)
		}
		before = w.snapshot(t)
		_, err = w.svc.Comment(w.ctx, w.ana, w.c.Slug, gone.ID, "What did it say?")
		wantKind(t, err, errs.NotFound, "")
		_, err = w.svc.Comment(w.ctx, w.chloe, w.c.Slug, gone.ID, "What did it say?")
		wantKind(t, err, errs.Conflict, "")
		wantKind(t, w.svc.DeleteReply(w.ctx, w.ben, w.c.Slug, gone.ID), errs.NotFound, "")
		w.unchanged(t, before, "comments on a deleted reply")
	})
}

// TestCommitmentIsMetOrMissedByTheFirstReplyFromSomeoneElse: the asker's
// own replies do not stop the clock; a late first reply counts as missed.
func TestCommitmentIsMetOrMissedByTheFirstReplyFromSomeoneElse(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		r := w.ask(t, w.ana, "size a test team")
		w.clock.Advance(2 * time.Hour)
		w.reply(t, w.ana, r.ID, "Adding context: we are 40 developers.")
		if got := w.get(t, w.ana, r.ID).Clock; got.State != practice.ClockWaiting || !got.FirstReplyAt.IsZero() {
			t.Errorf("after the asker's own reply the clock is %+v", got)
		}
		w.clock.Advance(20 * time.Hour)
		if got := w.get(t, w.ana, r.ID).Clock; got.State != practice.ClockAtRisk || got.Left != 2*time.Hour {
			t.Errorf("two hours before due the clock is %+v, want at risk", got)
		}
		w.clock.Advance(3 * time.Hour)
		if got := w.get(t, w.ana, r.ID).Clock; got.State != practice.ClockOverdue || got.Left != -time.Hour {
			t.Errorf("an hour after due the clock is %+v, want overdue", got)
		}
		since := w.mark(t)
		w.reply(t, w.ben, r.ID, "One tester for eight developers is a start.")
		got := w.get(t, w.ana, r.ID).Clock
		if got.State != practice.ClockMissed || got.TimeToFirstReply != 25*time.Hour || got.FirstReplyBy != w.ben.ID {
			t.Errorf("after a late reply the clock is %+v, want missed after 25 h", got)
		}
		var detail string
		if err := w.db.QueryRowContext(w.ctx, `SELECT detail FROM activity WHERE id > $1`, since).Scan(&detail); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(detail, `"first":true`) || !strings.Contains(detail, `"met":false`) || !strings.Contains(detail, `"minutes_to_first_reply":1500`) {
			t.Errorf("reply logged with %s", detail)
		}
		// A second reply changes nothing about the clock.
		w.reply(t, w.chloe, r.ID, "And pair them with developers.")
		if again := w.get(t, w.ana, r.ID).Clock; again != got {
			t.Errorf("a second reply changed the clock to %+v", again)
		}
		// Closed without a reply, the clock stops.
		q := w.ask(t, w.ben, "mock a SOAP service")
		if err := w.svc.Close(w.ctx, w.ben, w.c.Slug, q.ID, "Found it in the wiki."); err != nil {
			t.Fatal(err)
		}
		w.clock.Advance(48 * time.Hour)
		if got := w.get(t, w.ben, q.ID); got.Clock.State != practice.ClockStopped || got.CloseReason != "Found it in the wiki." || got.ClosedBy.ID != w.ben.ID {
			t.Errorf("closed request %+v", got)
		}
	})
}

// TestCommitmentFollowsTheCommunitySettings: a community that counts
// working hours in Paris gets a request made on Friday 16:50 answered by
// Monday 09:50.
func TestCommitmentFollowsTheCommunitySettings(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		paris := mustZone(t, "Europe/Paris")
		st := practice.DefaultSettings()
		st.ResponseMinutes, st.WorkingHoursOnly, st.TimeZone, st.RemindBeforeMinutes = 60, true, "Europe/Paris", 15
		if _, err := w.svc.UpdateSettings(w.ctx, w.chloe, w.c.Slug, st); err != nil {
			t.Fatalf("UpdateSettings: %v", err)
		}
		w.clock.Set(time.Date(2025, 3, 14, 16, 50, 0, 0, paris))
		r := w.ask(t, w.ana, "test on Fridays")
		if want := time.Date(2025, 3, 17, 9, 50, 0, 0, paris); !r.Clock.DueAt.Equal(want) {
			t.Errorf("due %s, want %s", r.Clock.DueAt.In(paris), want)
		}
	})
}
