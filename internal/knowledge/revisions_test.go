package knowledge_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"cultivate/internal/diff"
	"cultivate/internal/errs"
	"cultivate/internal/knowledge"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestEditKeepsEveryVersion(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		a := f.create(t, w.alice, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.Summary, Title: "March clinic highlights",
			Body: "Three things we learned:\n\n- pin the clock\n- idle network\n- fresh profiles\n", Tags: "clinic"})

		f.clock.Advance(time.Hour)
		mark := f.mark(t)
		b, err := f.k.Edit(f.ctx, w.alice, w.c.Slug, a.ID, "March clinic highlights", "Four things we learned:\n\n- pin the clock\n- idle network\n- fresh profiles\n- seed data per test\n", "clinic, data")
		if err != nil {
			t.Fatal(err)
		}
		if b.Revision != 2 || !b.UpdatedAt.Equal(t0.Add(time.Hour)) || !slices.Equal(b.Tags, []string{"clinic", "data"}) {
			t.Errorf("after edit: revision %d updated %v tags %v", b.Revision, b.UpdatedAt, b.Tags)
		}
		f.clock.Advance(time.Hour)
		c, err := f.k.Edit(f.ctx, w.core, w.c.Slug, a.ID, "Highlights of the March clinic", b.Body, "clinic data")
		if err != nil {
			t.Fatal(err)
		}
		if c.Revision != 3 || c.AuthorID != w.alice.ID {
			t.Errorf("after the core group's edit: revision %d author %d (the author stays the author)", c.Revision, c.AuthorID)
		}
		f.wantLog(t, mark, line{knowledge.ActivityEdited, w.alice.ID, a.ID}, line{knowledge.ActivityEdited, w.core.ID, a.ID})

		// Saving without a change adds nothing.
		before := f.snapshot(t)
		if same, err := f.k.Edit(f.ctx, w.core, w.c.Slug, a.ID, c.Title, c.Body, "data clinic"); err != nil || same.Revision != 3 {
			t.Errorf("unchanged save: revision %d, %v", same.Revision, err)
		}
		if f.snapshot(t) != before {
			t.Error("an unchanged save wrote something")
		}

		versions, err := f.k.Revisions(f.ctx, w.outsider, w.c.Slug, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		type v struct {
			rev     int
			title   string
			tags    string
			editor  string
			at      time.Time
			current bool
		}
		var got []v
		for _, ver := range versions {
			got = append(got, v{ver.Revision, ver.Title, strings.Join(ver.Tags, ","), ver.EditorName, ver.WrittenAt, ver.Current})
		}
		want := []v{
			{1, "March clinic highlights", "clinic", "Alice Member", t0, false},
			{2, "March clinic highlights", "clinic,data", "Alice Member", t0.Add(time.Hour), false},
			{3, "Highlights of the March clinic", "clinic,data", "Corentin Core", t0.Add(2 * time.Hour), true},
		}
		if !slices.Equal(got, want) {
			t.Errorf("versions\n got %+v\nwant %+v", got, want)
		}
		if !strings.HasPrefix(versions[0].Body, "Three things") || versions[2].Body != c.Body {
			t.Errorf("version bodies %q … %q", versions[0].Body, versions[2].Body)
		}

		cmp, err := f.k.Compare(f.ctx, w.bob, w.c.Slug, a.ID, 1, 3)
		if err != nil {
			t.Fatal(err)
		}
		if !cmp.TitleChanged || !slices.Equal(cmp.TagsAdded, []string{"data"}) || len(cmp.TagsRemoved) != 0 || cmp.Inserted != 2 || cmp.Deleted != 1 {
			t.Errorf("comparison: title %v +%v -%v lines +%d -%d", cmp.TitleChanged, cmp.TagsAdded, cmp.TagsRemoved, cmp.Inserted, cmp.Deleted)
		}
		if len(cmp.Hunks) != 1 || cmp.Hunks[0].Ops[0].Kind != diff.Delete || cmp.Hunks[0].Ops[0].Text != "Three things we learned:" {
			t.Errorf("hunks %+v", cmp.Hunks)
		}
		_, err = f.k.Compare(f.ctx, w.bob, w.c.Slug, a.ID, 1, 9)
		wantKind(t, err, errs.Invalid, "to")
	})
}

func TestWhoMayEditAndWhatAnEditChecks(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		a := f.create(t, w.alice, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.CaseStory, Title: "Testing the payments rewrite"})
		before := f.snapshot(t)
		_, err := f.k.Edit(f.ctx, w.bob, w.c.Slug, a.ID, "Bob's take", body("Bob rewrites it"), "")
		wantKind(t, err, errs.Forbidden, "")
		_, err = f.k.Edit(f.ctx, w.outsider, w.c.Slug, a.ID, "Outsider's take", body("Outsider rewrites it"), "")
		wantKind(t, err, errs.Forbidden, "")
		_, err = f.k.Edit(f.ctx, zeroUser, w.c.Slug, a.ID, "Anyone's take", body("Anyone rewrites it"), "")
		wantKind(t, err, errs.Unauthorized, "")
		_, err = f.k.Edit(f.ctx, w.alice, w.c.Slug, a.ID, "Tiny", "short", "a b c d e f g h i")
		wantKind(t, err, errs.Invalid, "title")
		if fields := errs.ByField(err); len(fields) != 3 {
			t.Errorf("fields %v, want title, body and tags at once", fields)
		}
		_, err = f.k.Edit(f.ctx, w.alice, w.other.Slug, a.ID, "Wrong community", body("Edited through another community"), "")
		wantKind(t, err, errs.Forbidden, "") // not a member there
		_, err = f.k.Edit(f.ctx, w.leader, w.c.Slug, 999999, "No such artefact", body("Nothing"), "")
		wantKind(t, err, errs.NotFound, "")
		// A form filled in from revision 1, saved after someone else saved
		// revision 2, is refused.
		if f.snapshot(t) != before {
			t.Fatal("refused edits changed the database")
		}
		if _, err := f.k.EditFrom(f.ctx, w.leader, w.c.Slug, a.ID, 1, "Leader's version", body("The leader's words"), ""); err != nil {
			t.Fatal(err)
		}
		before = f.snapshot(t)
		_, err = f.k.EditFrom(f.ctx, w.alice, w.c.Slug, a.ID, 1, "Alice's stale version", body("Alice's words"), "")
		wantKind(t, err, errs.Conflict, "")
		if f.snapshot(t) != before {
			t.Error("a stale edit changed the database")
		}
		if _, err := f.k.EditFrom(f.ctx, w.alice, w.c.Slug, a.ID, 2, "Alice's fresh version", body("Alice's words"), ""); err != nil {
			t.Errorf("an edit from the current revision: %v", err)
		}
		// The author who left the community can no longer edit.
		if err := f.com.Leave(f.ctx, w.alice, w.c.Slug); err != nil {
			t.Fatal(err)
		}
		_, err = f.k.Edit(f.ctx, w.alice, w.c.Slug, a.ID, "After leaving", body("Alice has left"), "")
		wantKind(t, err, errs.Forbidden, "")
	})
}
