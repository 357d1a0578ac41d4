package practice_test

import (
	"strings"
	"testing"
	"time"

	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/practice"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// TestAcceptingAReplyOnSomeoneElsesRequestIsForbidden: only the asker and
// the core group may mark the solving reply; a member gets Forbidden and
// nothing changes.
func TestAcceptingAReplyOnSomeoneElsesRequestIsForbidden(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		r := w.ask(t, w.ana, "test a data pipeline")
		p := w.reply(t, w.ben, r.ID, "Property-based tests on the transforms.")
		before := w.snapshot(t)
		err := w.svc.Accept(w.ctx, w.ben, w.c.Slug, r.ID, p.ID)
		wantKind(t, err, errs.Forbidden, "")
		wantMessage(t, err, "Only the person who asked")
		err = w.svc.Accept(w.ctx, w.sam, w.c.Slug, r.ID, p.ID)
		wantKind(t, err, errs.Forbidden, "")
		w.unchanged(t, before, "accepting on someone else's request")

		// The core group may, to tidy up.
		if err := w.svc.Accept(w.ctx, w.chloe, w.c.Slug, r.ID, p.ID); err != nil {
			t.Fatalf("core accepts: %v", err)
		}
		if got := w.get(t, w.ana, r.ID); got.Status != practice.Solved || got.AcceptedReplyID != p.ID {
			t.Errorf("after the core group accepted: %+v", got)
		}
		// …and a member still may not unaccept.
		before = w.snapshot(t)
		wantKind(t, w.svc.Unaccept(w.ctx, w.ben, w.c.Slug, r.ID), errs.Forbidden, "")
		w.unchanged(t, before, "unaccepting on someone else's request")
	})
}

// TestAcceptMovesBetweenRepliesAndUnacceptReopens: the mark can move, only
// to a live reply of this request, never a comment.
func TestAcceptMovesBetweenRepliesAndUnacceptReopens(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		r := w.ask(t, w.ana, "choose test data")
		first := w.reply(t, w.ben, r.ID, "Synthetic data.")
		second := w.reply(t, w.chloe, r.ID, "Anonymized production data.")
		comment, err := w.svc.Comment(w.ctx, w.ana, w.c.Slug, first.ID, "Synthetic how?")
		if err != nil {
			t.Fatal(err)
		}
		elsewhere := w.ask(t, w.ben, "test a migration")
		elsewhereReply := w.reply(t, w.ana, elsewhere.ID, "Run it on a copy.")

		before := w.snapshot(t)
		wantKind(t, w.svc.Accept(w.ctx, w.ana, w.c.Slug, r.ID, comment.ID), errs.Invalid, "reply_id")
		wantKind(t, w.svc.Accept(w.ctx, w.ana, w.c.Slug, r.ID, elsewhereReply.ID), errs.Invalid, "reply_id")
		wantKind(t, w.svc.Accept(w.ctx, w.ana, w.c.Slug, r.ID, 999999), errs.NotFound, "")
		wantKind(t, w.svc.Unaccept(w.ctx, w.ana, w.c.Slug, r.ID), errs.Conflict, "")
		w.unchanged(t, before, "accepting what cannot be accepted")

		if err := w.svc.Accept(w.ctx, w.ana, w.c.Slug, r.ID, first.ID); err != nil {
			t.Fatal(err)
		}
		solved := w.get(t, w.ana, r.ID)
		// Accepting the same reply again changes nothing.
		before = w.snapshot(t)
		if err := w.svc.Accept(w.ctx, w.ana, w.c.Slug, r.ID, first.ID); err != nil {
			t.Fatal(err)
		}
		w.unchanged(t, before, "accepting the same reply twice")

		w.clock.Advance(24 * time.Hour)
		if err := w.svc.Accept(w.ctx, w.ana, w.c.Slug, r.ID, second.ID); err != nil {
			t.Fatalf("moving the mark: %v", err)
		}
		moved := w.get(t, w.ana, r.ID)
		if moved.AcceptedReplyID != second.ID || !moved.SolvedAt.Equal(solved.SolvedAt) || !moved.FollowupDueAt.Equal(solved.FollowupDueAt) {
			t.Errorf("after moving the mark: %+v, want the loop's dates kept", moved)
		}
		if got := w.notes(t, w.chloe, notify.Accepted); len(got) != 1 {
			t.Errorf("Chloé's accepted notes %q", got)
		}
		// The accepted reply cannot be deleted while it is marked.
		wantKind(t, w.svc.DeleteReply(w.ctx, w.chloe, w.c.Slug, second.ID), errs.Conflict, "")
		wantKind(t, w.svc.DeleteReply(w.ctx, w.lea, w.c.Slug, second.ID), errs.Conflict, "")

		if err := w.svc.Unaccept(w.ctx, w.ana, w.c.Slug, r.ID); err != nil {
			t.Fatalf("Unaccept: %v", err)
		}
		reopened := w.get(t, w.ana, r.ID)
		if reopened.Status != practice.Open || reopened.AcceptedReplyID != 0 || !reopened.SolvedAt.IsZero() || !reopened.FollowupDueAt.IsZero() {
			t.Errorf("after Unaccept: %+v", reopened)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM search_docs WHERE ref_id = $1 AND solved = $2`, r.ID, false); n != 1 {
			t.Errorf("search still says solved")
		}
		// Closed requests accept nothing.
		if err := w.svc.Close(w.ctx, w.ana, w.c.Slug, r.ID, "We gave up on it."); err != nil {
			t.Fatal(err)
		}
		wantKind(t, w.svc.Accept(w.ctx, w.ana, w.c.Slug, r.ID, first.ID), errs.Conflict, "")
	})
}

// TestAFollowUpAnsweredTwiceIsRefused: the outcome is told once, by the
// asker, on a solved request; a second report is a Conflict and changes
// nothing.
func TestAFollowUpAnsweredTwiceIsRefused(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		r := w.ask(t, w.ana, "estimate testing effort")
		p := w.reply(t, w.ben, r.ID, "Use three-point estimates.")

		before := w.snapshot(t)
		err := w.svc.ReportOutcome(w.ctx, w.ana, w.c.Slug, r.ID, practice.Worked, "")
		wantKind(t, err, errs.Conflict, "")
		wantMessage(t, err, "Accept the reply that solved your request first")
		w.unchanged(t, before, "an outcome before solving")

		if err := w.svc.Accept(w.ctx, w.ana, w.c.Slug, r.ID, p.ID); err != nil {
			t.Fatal(err)
		}
		before = w.snapshot(t)
		for _, tt := range []struct {
			outcome practice.Outcome
			note    string
			field   string
		}{
			{"", "no choice", "outcome"},
			{"great", "made up", "outcome"},
			{practice.NoOutcome, "the system's word", "outcome"},
			{practice.Worked, strings.Repeat("n", 4001), "note"},
			{practice.Worked, "bad \xff", "note"},
		} {
			wantKind(t, w.svc.ReportOutcome(w.ctx, w.ana, w.c.Slug, r.ID, tt.outcome, tt.note), errs.Invalid, tt.field)
		}
		err = w.svc.ReportOutcome(w.ctx, w.ben, w.c.Slug, r.ID, practice.Worked, "It worked for her, I'm sure.")
		wantKind(t, err, errs.Forbidden, "")
		wantKind(t, w.svc.ReportOutcome(w.ctx, w.lea, w.c.Slug, r.ID, practice.Worked, ""), errs.Forbidden, "")
		w.unchanged(t, before, "bad outcome reports")

		if err := w.svc.ReportOutcome(w.ctx, w.ana, w.c.Slug, r.ID, practice.Partly, "Good for small stories, not for epics."); err != nil {
			t.Fatalf("ReportOutcome: %v", err)
		}
		before = w.snapshot(t)
		err = w.svc.ReportOutcome(w.ctx, w.ana, w.c.Slug, r.ID, practice.DidNot, "Changed my mind.")
		wantKind(t, err, errs.Conflict, "")
		wantMessage(t, err, "You already told us how it turned out")
		w.unchanged(t, before, "a follow-up answered twice")
		if got := w.get(t, w.ana, r.ID); got.Outcome != practice.Partly || got.OutcomeNote != "Good for small stories, not for epics." {
			t.Errorf("outcome now %q %q", got.Outcome, got.OutcomeNote)
		}
		if th := w.thread(t, w.ana, r.ID); th.Can.ReportOutcome {
			t.Errorf("the thread still offers to report an outcome")
		}
	})
}
