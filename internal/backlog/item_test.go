package backlog_test

import (
	"strings"
	"testing"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/backlog"
	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestAMemberProposesAnItemThatStartsProposedWithoutVotes(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		since := storetest.LastActivity(t, db)
		it, err := f.b.Create(f.ctx, w.alice, w.c.Slug, backlog.NewItem{Title: "  A kata on property-based testing ",
			Description: "We keep *talking* about it.", Tags: "Kata, testing kata"})
		if err != nil {
			t.Fatal(err)
		}
		if it.Title != "A kata on property-based testing" || it.Status != backlog.Proposed || it.Votes != 0 || it.Voted ||
			it.AuthorID != w.alice.ID || it.AuthorName != "Alice Member" || strings.Join(it.Tags, ",") != "kata,testing" || it.Link != nil {
			t.Errorf("created %+v", it)
		}
		if !it.Can.Vote || !it.Can.Edit || !it.Can.Delete || it.Can.Move || it.Can.Link {
			t.Errorf("the proposer may %+v", it.Can)
		}
		if it.Path() != "/c/testing-guild/backlog/"+itoa(it.ID) {
			t.Errorf("path %s", it.Path())
		}
		storetest.WantLog(t, db, since, storetest.LogLine{Kind: backlog.ActivityProposed, Actor: w.alice.ID, Subject: it.ID})
	})
}

func TestBadProposalsAreRefusedFieldByFieldAndChangeNothing(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		good := backlog.NewItem{Title: "Lightning talks on flaky tests", Description: "Five minutes each."}
		tests := []struct {
			name  string
			as    func() backlog.NewItem
			field string
		}{
			{"empty title", func() backlog.NewItem { in := good; in.Title = "   "; return in }, "title"},
			{"title too short", func() backlog.NewItem { in := good; in.Title = "ab"; return in }, "title"},
			{"overlong title", func() backlog.NewItem { in := good; in.Title = strings.Repeat("t", backlog.TitleMax+1); return in }, "title"},
			{"title on two lines", func() backlog.NewItem { in := good; in.Title = "Two\nlines"; return in }, "title"},
			{"overlong description", func() backlog.NewItem {
				in := good
				in.Description = strings.Repeat("d", backlog.DescriptionMax+1)
				return in
			}, "description"},
			{"too many tags", func() backlog.NewItem { in := good; in.Tags = "a b c d e f"; return in }, "tags"},
			{"bad tag", func() backlog.NewItem { in := good; in.Tags = "not/ok"; return in }, "tags"},
		}
		before := f.snapshot(t)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.b.Create(f.ctx, w.alice, w.c.Slug, tt.as())
				wantKind(t, err, errs.Invalid, tt.field)
			})
		}
		_, err := f.b.Create(f.ctx, w.outsider, w.c.Slug, good)
		wantKind(t, err, errs.Forbidden, "")
		_, err = f.b.Create(f.ctx, w.outsider, w.secret.Slug, good)
		wantKind(t, err, errs.NotFound, "")
		if after := f.snapshot(t); after != before {
			t.Errorf("refused proposals changed the database:\n%s\n%s", before, after)
		}
	})
}

func TestEditingKeepsThePreviousTextInTheLog(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		it := f.propose(t, w.alice, w.c.Slug, "Mutation testing clinic")
		since := storetest.LastActivity(t, db)
		edited, err := f.b.Edit(f.ctx, w.alice, w.c.Slug, it.ID, backlog.NewItem{Title: "Mutation testing problem clinic", Description: "Bring your code.", Tags: "mutation"})
		if err != nil {
			t.Fatal(err)
		}
		if edited.Title != "Mutation testing problem clinic" || edited.Description != "Bring your code." || edited.Tags[0] != "mutation" {
			t.Errorf("edited %+v", edited)
		}
		storetest.WantLog(t, db, since, storetest.LogLine{Kind: backlog.ActivityEdited, Actor: w.alice.ID, Subject: it.ID})
		entries, _, err := f.app.Activity.List(f.ctx, activity.Query{CommunityID: w.c.ID, KindPrefix: backlog.ActivityEdited, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		prev, _ := entries[0].Detail["previous"].(map[string]any)
		if prev["title"] != "Mutation testing clinic" || prev["description"] != "Why: Mutation testing clinic." {
			t.Errorf("the log keeps %v", entries[0].Detail)
		}

		// Saving the same text again records nothing.
		since = storetest.LastActivity(t, db)
		if _, err := f.b.Edit(f.ctx, w.alice, w.c.Slug, it.ID, backlog.NewItem{Title: edited.Title, Description: edited.Description, Tags: "mutation"}); err != nil {
			t.Fatal(err)
		}
		storetest.WantLog(t, db, since)

		// Another member may not; once planned, neither may the proposer,
		// but the core group may.
		_, err = f.b.Edit(f.ctx, w.bob, w.c.Slug, it.ID, backlog.NewItem{Title: "Bob's title"})
		wantKind(t, err, errs.Forbidden, "")
		if _, err := f.b.Move(f.ctx, w.core, w.c.Slug, it.ID, backlog.Planned, ""); err != nil {
			t.Fatal(err)
		}
		before := f.snapshot(t)
		_, err = f.b.Edit(f.ctx, w.alice, w.c.Slug, it.ID, backlog.NewItem{Title: "Alice changes her mind"})
		wantKind(t, err, errs.Forbidden, "")
		_, err = f.b.Edit(f.ctx, w.core, w.c.Slug, it.ID, backlog.NewItem{Title: ""})
		wantKind(t, err, errs.Invalid, "title")
		if after := f.snapshot(t); after != before {
			t.Error("a refused edit changed the database")
		}
		if _, err := f.b.Edit(f.ctx, w.core, w.c.Slug, it.ID, backlog.NewItem{Title: "Mutation testing clinic, planned"}); err != nil {
			t.Errorf("the core group edits a planned item: %v", err)
		}
	})
}

func TestDeletingKeepsTheTextInTheLogAndRemovesTheVotes(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		it := f.propose(t, w.alice, w.c.Slug, "Pairing on legacy code")
		f.vote(t, w.bob, it)
		before := f.snapshot(t)
		wantKind(t, f.b.Delete(f.ctx, w.bob, w.c.Slug, it.ID), errs.Forbidden, "")
		wantKind(t, f.b.Delete(f.ctx, w.outsider, w.c.Slug, it.ID), errs.Forbidden, "")
		wantKind(t, f.b.Delete(f.ctx, w.alice, w.other.Slug, it.ID), errs.Forbidden, "")
		wantKind(t, f.b.Delete(f.ctx, w.lead2, w.other.Slug, it.ID), errs.NotFound, "")
		if f.snapshot(t) != before {
			t.Fatal("a refused deletion changed the database")
		}
		since := storetest.LastActivity(t, db)
		if err := f.b.Delete(f.ctx, w.alice, w.c.Slug, it.ID); err != nil {
			t.Fatal(err)
		}
		storetest.WantLog(t, db, since, storetest.LogLine{Kind: backlog.ActivityDeleted, Actor: w.alice.ID, Subject: it.ID})
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM backlog_votes`); n != 0 {
			t.Errorf("%d votes left", n)
		}
		_, err := f.b.Get(f.ctx, w.alice, w.c.Slug, it.ID)
		wantKind(t, err, errs.NotFound, "")
		entries, _, _ := f.app.Activity.List(f.ctx, activity.Query{CommunityID: w.c.ID, KindPrefix: backlog.ActivityDeleted, Limit: 1})
		if entries[0].Detail["description"] != "Why: Pairing on legacy code." {
			t.Errorf("the log keeps %v", entries[0].Detail)
		}
	})
}

func TestPrivateBacklogsAreNotFoundByNonMembers(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		it := f.propose(t, w.erin, w.secret.Slug, "Threat-model our login")
		for _, u := range []struct {
			name string
			err  error
		}{
			{"get", func() error { _, err := f.b.Get(f.ctx, w.outsider, w.secret.Slug, it.ID); return err }()},
			{"anonymous get", func() error { _, err := f.b.Get(f.ctx, account.User{}, w.secret.Slug, it.ID); return err }()},
			{"list", func() error {
				_, err := f.b.List(f.ctx, w.alice, backlog.Filter{CommunitySlug: w.secret.Slug})
				return err
			}()},
			{"vote", func() error { _, err := f.b.Vote(f.ctx, w.alice, w.secret.Slug, it.ID); return err }()},
			{"move", func() error {
				_, err := f.b.Move(f.ctx, w.core, w.secret.Slug, it.ID, backlog.Planned, "")
				return err
			}()},
		} {
			if !errs.Is(u.err, errs.NotFound) {
				t.Errorf("%s: %v, want not found", u.name, u.err)
			}
		}
		got, err := f.b.Get(f.ctx, w.erin, w.secret.Slug, it.ID)
		if err != nil || got.Title != "Threat-model our login" {
			t.Errorf("the member reads %+v, %v", got, err)
		}
		// An item of one community is not found through another.
		_, err = f.b.Get(f.ctx, w.erin, w.c.Slug, it.ID)
		wantKind(t, err, errs.NotFound, "")
	})
}
