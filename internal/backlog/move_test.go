package backlog_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/backlog"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestVotesAreOneAMemberAndCanBeWithdrawnAndGivenAgain(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		it := f.propose(t, w.alice, w.c.Slug, "A brown bag on contract tests")
		since := storetest.LastActivity(t, db)
		steps := []struct {
			who   account.User
			vote  bool
			votes int
			voted bool
		}{
			{w.bob, true, 1, true},
			{w.bob, true, 1, true}, // twice is once
			{w.alice, true, 2, true},
			{w.bob, false, 1, false},
			{w.bob, false, 1, false}, // withdrawing nothing changes nothing
			{w.bob, true, 2, true},
			{w.core, true, 3, true},
		}
		for i, s := range steps {
			var got backlog.Item
			var err error
			if s.vote {
				got, err = f.b.Vote(f.ctx, s.who, w.c.Slug, it.ID)
			} else {
				got, err = f.b.Unvote(f.ctx, s.who, w.c.Slug, it.ID)
			}
			if err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
			if got.Votes != s.votes || got.Voted != s.voted {
				t.Errorf("step %d: %d votes, voted %v; want %d, %v", i, got.Votes, got.Voted, s.votes, s.voted)
			}
		}
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM backlog_votes WHERE item_id = $1`, it.ID); n != 3 {
			t.Errorf("%d vote rows, want 3", n)
		}
		// Votes are not logged (see the package doc).
		storetest.WantLog(t, db, since)

		before := f.snapshot(t)
		_, err := f.b.Vote(f.ctx, w.outsider, w.c.Slug, it.ID)
		wantKind(t, err, errs.Forbidden, "")
		_, err = f.b.Vote(f.ctx, account.User{}, w.c.Slug, it.ID)
		wantKind(t, err, errs.Unauthorized, "")
		_, err = f.b.Vote(f.ctx, w.lead2, w.other.Slug, it.ID)
		wantKind(t, err, errs.NotFound, "")
		if f.snapshot(t) != before {
			t.Error("a refused vote changed the database")
		}
		if _, err := f.b.Move(f.ctx, w.leader, w.c.Slug, it.ID, backlog.Done, ""); err != nil {
			t.Fatal(err)
		}
		before = f.snapshot(t)
		_, err = f.b.Vote(f.ctx, w.outsider, w.c.Slug, it.ID)
		wantKind(t, err, errs.Forbidden, "")
		_, err = f.b.Unvote(f.ctx, w.bob, w.c.Slug, it.ID)
		wantKind(t, err, errs.Conflict, "")
		if f.snapshot(t) != before {
			t.Error("a refused vote changed the database")
		}
	})
}

func TestTheCoreGroupMovesItemsAndTellsTheProposerAndVoters(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		it := f.propose(t, w.alice, w.c.Slug, "Exploratory testing charters")
		f.vote(t, w.bob, it)
		f.vote(t, w.core, it)
		moves := []struct {
			by     account.User
			to     backlog.Status
			reason string
			note   string // the notification's title
		}{
			{w.core, backlog.Planned, "", "“Exploratory testing charters” is now planned"},
			{w.leader, backlog.InProgress, "", "“Exploratory testing charters” is now in progress"},
			{w.core, backlog.Declined, "We covered it at the March workshop.\nSee the minutes.", "“Exploratory testing charters” is now declined: We covered it at the March workshop."},
			{w.leader, backlog.Proposed, "", "“Exploratory testing charters” was reopened"},
			{w.leader, backlog.Done, "", "“Exploratory testing charters” is now done"},
		}
		for _, m := range moves {
			f.clock.Advance(time.Hour)
			since := storetest.LastActivity(t, db)
			notesBefore := storetest.Count(t, db, `SELECT COUNT(*) FROM notifications WHERE kind = $1`, notify.BacklogMoved)
			got, err := f.b.Move(f.ctx, m.by, w.c.Slug, it.ID, m.to, m.reason)
			if err != nil {
				t.Fatalf("move to %s: %v", m.to, err)
			}
			if got.Status != m.to || !got.StatusChangedAt.Equal(f.clock.Now()) {
				t.Errorf("moved to %s at %s, want %s now", got.Status, got.StatusChangedAt, m.to)
			}
			if m.to == backlog.Declined && got.DeclineReason != m.reason || m.to != backlog.Declined && got.DeclineReason != "" {
				t.Errorf("decline reason %q after moving to %s", got.DeclineReason, m.to)
			}
			storetest.WantLog(t, db, since, storetest.LogLine{Kind: backlog.ActivityMoved, Actor: m.by.ID, Subject: it.ID})
			// The proposer and the voters, except whoever moved it.
			want := 3
			if m.by.ID == w.core.ID {
				want = 2
			}
			if n := storetest.Count(t, db, `SELECT COUNT(*) FROM notifications WHERE kind = $1`, notify.BacklogMoved) - notesBefore; n != want {
				t.Errorf("move to %s by %s sent %d notes, want %d", m.to, m.by.Name, n, want)
			}
			if n := storetest.Count(t, db, `SELECT COUNT(*) FROM notifications WHERE kind = $1 AND user_id = $2 AND title = $3 AND link = $4`,
				notify.BacklogMoved, w.alice.ID, m.note, it.Path()); n != 1 {
				t.Errorf("the proposer did not get %q", m.note)
			}
		}
	})
}

func TestBadMovesAreRefusedAndChangeNothing(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		open := f.propose(t, w.alice, w.c.Slug, "Test data builders kata")
		done := f.propose(t, w.alice, w.c.Slug, "Flaky test amnesty")
		if _, err := f.b.Move(f.ctx, w.core, w.c.Slug, done.ID, backlog.Done, ""); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name   string
			by     account.User
			item   backlog.Item
			to     backlog.Status
			reason string
			kind   errs.Kind
			field  string
		}{
			{"decline without a reason", w.core, open, backlog.Declined, "  ", errs.Invalid, "reason"},
			{"an unknown status", w.core, open, "someday", "", errs.Invalid, "status"},
			{"an overlong reason", w.core, open, backlog.Declined, strings.Repeat("r", backlog.ReasonMax+1), errs.Invalid, "reason"},
			{"to where it already is", w.core, open, backlog.Proposed, "", errs.Conflict, ""},
			{"from done to in progress", w.core, done, backlog.InProgress, "", errs.Conflict, ""},
			{"from done to declined", w.core, done, backlog.Declined, "Changed our minds", errs.Conflict, ""},
			{"by a plain member", w.bob, open, backlog.Planned, "", errs.Forbidden, ""},
			{"by the proposer", w.alice, open, backlog.Planned, "", errs.Forbidden, ""},
			{"by a non-member", w.outsider, open, backlog.Planned, "", errs.Forbidden, ""},
			{"by nobody", account.User{}, open, backlog.Planned, "", errs.Unauthorized, ""},
		}
		before := f.snapshot(t)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.b.Move(f.ctx, tt.by, w.c.Slug, tt.item.ID, tt.to, tt.reason)
				wantKind(t, err, tt.kind, tt.field)
			})
		}
		if f.snapshot(t) != before {
			t.Error("a refused move changed the database")
		}
	})
}

func TestItemsLinkToAnArtefactOfTheirCommunity(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		it := f.propose(t, w.alice, w.c.Slug, "Write down our flaky-test playbook")
		mine := f.artefact(t, w.core, w.c.Slug, "Our flaky-test playbook")
		theirs := f.artefact(t, w.lead2, w.other.Slug, "Their playbook")
		gone := f.artefact(t, w.core, w.c.Slug, "A playbook we deleted")
		if err := f.app.Knowledge.Delete(f.ctx, w.core, w.c.Slug, gone.ID); err != nil {
			t.Fatal(err)
		}
		before := f.snapshot(t)
		bad := []struct {
			name  string
			by    account.User
			kind  string
			id    int64
			err   errs.Kind
			field string
		}{
			{"an artefact of another community", w.core, backlog.LinkArtefact, theirs.ID, errs.Invalid, "link_id"},
			{"a missing artefact", w.core, backlog.LinkArtefact, 999999, errs.Invalid, "link_id"},
			{"a deleted artefact", w.core, backlog.LinkArtefact, gone.ID, errs.Invalid, "link_id"},
			{"no id", w.core, backlog.LinkArtefact, 0, errs.Invalid, "link_id"},
			{"an unknown kind", w.core, "wiki", 1, errs.Invalid, "link_type"},
			{"by a plain member", w.bob, backlog.LinkArtefact, mine.ID, errs.Forbidden, ""},
		}
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.b.Link(f.ctx, tt.by, w.c.Slug, it.ID, tt.kind, tt.id)
				wantKind(t, err, tt.err, tt.field)
			})
		}
		// A kind whose area registered no lookup is refused too.
		bare := backlog.New(db, f.clock, f.app.Activity, f.app.Communities, f.app.Inbox)
		_, err := bare.Link(f.ctx, w.core, w.c.Slug, it.ID, backlog.LinkEvent, 1)
		wantKind(t, err, errs.Invalid, "link_type")
		if f.snapshot(t) != before {
			t.Fatal("a refused link changed the database")
		}

		since := storetest.LastActivity(t, db)
		got, err := f.b.Link(f.ctx, w.core, w.c.Slug, it.ID, backlog.LinkArtefact, mine.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := backlog.Link{Type: backlog.LinkArtefact, ID: mine.ID, Title: "Our flaky-test playbook", URL: mine.Path()}
		if got.Link == nil || *got.Link != want {
			t.Errorf("link %+v, want %+v", got.Link, want)
		}
		storetest.WantLog(t, db, since, storetest.LogLine{Kind: backlog.ActivityLinked, Actor: w.core.ID, Subject: it.ID})

		// Lists show the title it had; the item's page notices it is gone.
		if err := f.app.Knowledge.Delete(f.ctx, w.core, w.c.Slug, mine.ID); err != nil {
			t.Fatal(err)
		}
		got, err = f.b.Get(f.ctx, w.bob, w.c.Slug, it.ID)
		if err != nil || got.Link == nil || !got.Link.Gone || got.Link.URL != "" {
			t.Errorf("after the artefact was deleted: %+v, %v", got.Link, err)
		}
		got, err = f.b.Unlink(f.ctx, w.leader, w.c.Slug, it.ID)
		if err != nil || got.Link != nil {
			t.Errorf("unlinked: %+v, %v", got.Link, err)
		}
	})
}

func TestEventLinksGoThroughTheLookupTheEventsAreaRegisters(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		f.b.SetLinkLookup(backlog.LinkEvent, func(_ context.Context, communityID, id int64) (string, string, error) {
			if communityID == w.c.ID && id == 42 {
				return "Brown bag: contract tests", "/c/testing-guild/events/42", nil
			}
			return "", "", errs.E(errs.NotFound, "no such event")
		})
		it := f.propose(t, w.alice, w.c.Slug, "A brown bag on contract tests")
		_, err := f.b.Link(f.ctx, w.core, w.c.Slug, it.ID, backlog.LinkEvent, 43)
		wantKind(t, err, errs.Invalid, "link_id")
		got, err := f.b.Link(f.ctx, w.core, w.c.Slug, it.ID, backlog.LinkEvent, 42)
		if err != nil || got.Link == nil || got.Link.Title != "Brown bag: contract tests" || got.Link.URL != "/c/testing-guild/events/42" {
			t.Errorf("linked %+v, %v", got.Link, err)
		}
	})
}
