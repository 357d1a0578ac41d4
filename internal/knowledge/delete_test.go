package knowledge_test

import (
	"testing"

	"cultivate/internal/errs"
	"cultivate/internal/knowledge"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestDeleteHidesFromMembersAndSearchAndRestoreBringsItBack(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		a := f.create(t, w.alice, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.Insight, Title: "Mutation testing finds dead asserts"})
		inSearch := func() int {
			return f.count(t, `SELECT COUNT(*) FROM search_docs WHERE kind = 'artefact' AND ref_id = $1`, a.ID)
		}

		before := f.snapshot(t)
		err := f.k.Delete(f.ctx, w.bob, w.c.Slug, a.ID)
		wantKind(t, err, errs.Forbidden, "")
		err = f.k.Delete(f.ctx, w.outsider, w.c.Slug, a.ID)
		wantKind(t, err, errs.Forbidden, "")
		_, err = f.k.Restore(f.ctx, w.alice, w.c.Slug, a.ID) // restoring is the core group's
		wantKind(t, err, errs.Forbidden, "")
		if f.snapshot(t) != before {
			t.Fatal("refused deletes changed the database")
		}

		mark := f.mark(t)
		if err := f.k.Delete(f.ctx, w.alice, w.c.Slug, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.k.Delete(f.ctx, w.core, w.c.Slug, a.ID); err != nil {
			t.Errorf("deleting again: %v", err)
		}
		f.wantLog(t, mark, line{knowledge.ActivityDeleted, w.alice.ID, a.ID})
		if inSearch() != 0 {
			t.Error("a deleted artefact is still in search")
		}
		_, err = f.k.Get(f.ctx, w.alice, w.c.Slug, a.ID)
		wantKind(t, err, errs.NotFound, "")
		_, err = f.k.Get(f.ctx, w.bob, w.c.Slug, a.ID)
		wantKind(t, err, errs.NotFound, "")
		_, err = f.k.Revisions(f.ctx, w.bob, w.c.Slug, a.ID)
		wantKind(t, err, errs.NotFound, "")
		_, err = f.k.Edit(f.ctx, w.alice, w.c.Slug, a.ID, "Edited after deletion", body("Too late"), "")
		wantKind(t, err, errs.NotFound, "")
		if page, _ := f.k.List(f.ctx, w.core, knowledge.Filter{CommunitySlug: w.c.Slug}); len(page.Items) != 0 {
			t.Error("a deleted artefact is listed")
		}
		if counts, _ := f.k.CountsByKind(f.ctx, w.c.ID); counts[knowledge.Insight] != 0 {
			t.Error("a deleted artefact is counted")
		}

		seen, err := f.k.Get(f.ctx, w.core, w.c.Slug, a.ID)
		if err != nil {
			t.Fatalf("the core group no longer sees a deleted artefact: %v", err)
		}
		if seen.DeletedAt.IsZero() || seen.Can != (knowledge.Permissions{Restore: true}) {
			t.Errorf("core sees deleted at %v, may %+v", seen.DeletedAt, seen.Can)
		}
		_, err = f.k.Edit(f.ctx, w.core, w.c.Slug, a.ID, "Edited while deleted", body("Restore first"), "")
		wantKind(t, err, errs.Conflict, "")

		mark = f.mark(t)
		back, err := f.k.Restore(f.ctx, w.leader, w.c.Slug, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !back.DeletedAt.IsZero() || inSearch() != 1 {
			t.Errorf("restored: deleted at %v, in search %d", back.DeletedAt, inSearch())
		}
		f.wantLog(t, mark, line{knowledge.ActivityRestored, w.leader.ID, a.ID})
		if _, err := f.k.Get(f.ctx, w.bob, w.c.Slug, a.ID); err != nil {
			t.Errorf("members do not see the restored artefact: %v", err)
		}
	})
}

func TestPrivateCommunitysKnowledgeIsHiddenFromOutsiders(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		secret := f.community(t, w.leader, "Security Champions", "private")
		a := f.create(t, w.leader, secret.Slug, knowledge.NewArtefact{Kind: knowledge.CaseStory, Title: "The incident we handled"})
		for _, call := range []func() error{
			func() error { _, err := f.k.Get(f.ctx, w.outsider, secret.Slug, a.ID); return err },
			func() error { _, err := f.k.Revisions(f.ctx, w.outsider, secret.Slug, a.ID); return err },
			func() error { _, err := f.k.Adopters(f.ctx, w.outsider, secret.Slug, a.ID); return err },
			func() error {
				_, err := f.k.List(f.ctx, w.outsider, knowledge.Filter{CommunitySlug: secret.Slug})
				return err
			},
			func() error { _, err := f.k.Get(f.ctx, w.outsider, w.c.Slug, a.ID); return err }, // through an open community
		} {
			wantKind(t, call(), errs.NotFound, "")
		}
	})
}
