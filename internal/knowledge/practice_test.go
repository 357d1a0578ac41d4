package knowledge_test

import (
	"testing"
	"time"

	"cultivate/internal/errs"
	"cultivate/internal/knowledge"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestPracticeLifecycleIsTheCoreGroupsCall(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		p := f.create(t, w.alice, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.Practice, Title: "Three amigos before every story"})
		faq := f.create(t, w.alice, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.FAQ, Title: "What is a test charter?"})
		if p.PracticeStatus != knowledge.Proposed || faq.PracticeStatus != "" {
			t.Fatalf("statuses %q %q", p.PracticeStatus, faq.PracticeStatus)
		}
		before := f.snapshot(t)
		_, err := f.k.SetPracticeStatus(f.ctx, w.alice, w.c.Slug, p.ID, knowledge.Tried) // the author is not enough
		wantKind(t, err, errs.Forbidden, "")
		_, err = f.k.SetPracticeStatus(f.ctx, w.outsider, w.c.Slug, p.ID, knowledge.Tried)
		wantKind(t, err, errs.Forbidden, "")
		_, err = f.k.SetPracticeStatus(f.ctx, w.core, w.c.Slug, p.ID, "adopted")
		wantKind(t, err, errs.Invalid, "status")
		_, err = f.k.SetPracticeStatus(f.ctx, w.core, w.c.Slug, faq.ID, knowledge.Tried)
		wantKind(t, err, errs.Conflict, "")
		if f.snapshot(t) != before {
			t.Fatal("refused status changes changed the database")
		}

		mark := f.mark(t)
		f.clock.Advance(time.Minute)
		for _, step := range []knowledge.PracticeStatus{knowledge.Tried, knowledge.Recommended, knowledge.Recommended, knowledge.Tried} {
			got, err := f.k.SetPracticeStatus(f.ctx, w.core, w.c.Slug, p.ID, step)
			if err != nil {
				t.Fatalf("to %s: %v", step, err)
			}
			if got.PracticeStatus != step {
				t.Errorf("status %s, want %s", got.PracticeStatus, step)
			}
		}
		// Setting the same status twice logs it once.
		f.wantLog(t, mark, line{knowledge.ActivityStatusChanged, w.core.ID, p.ID}, line{knowledge.ActivityStatusChanged, w.core.ID, p.ID},
			line{knowledge.ActivityStatusChanged, w.core.ID, p.ID})
		page, err := f.k.List(f.ctx, w.bob, knowledge.Filter{CommunitySlug: w.c.Slug, Status: knowledge.Tried})
		if err != nil || len(page.Items) != 1 || page.Items[0].ID != p.ID {
			t.Errorf("List(status tried) = %+v, %v", page.Items, err)
		}
		got, _ := f.k.Get(f.ctx, w.leader, w.c.Slug, p.ID)
		if !got.Can.SetStatus || !got.UpdatedAt.Equal(t0.Add(time.Minute)) {
			t.Errorf("leader may set status: %v; updated %v", got.Can.SetStatus, got.UpdatedAt)
		}
	})
}

func TestAdoptionIsIdempotentAndForMembersOnly(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		p := f.create(t, w.core, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.Practice, Title: "Exploratory charters for every release"})
		insight := f.create(t, w.core, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.Insight, Title: "Charters beat scripts"})

		mark := f.mark(t)
		for range 2 {
			a, err := f.k.Adopt(f.ctx, w.alice, w.c.Slug, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if a.Adopters != 1 || !a.Adopted {
				t.Errorf("after adopting: %d adopters, adopted %v", a.Adopters, a.Adopted)
			}
		}
		f.clock.Advance(time.Minute)
		if _, err := f.k.Adopt(f.ctx, w.bob, w.c.Slug, p.ID); err != nil {
			t.Fatal(err)
		}
		f.wantLog(t, mark, line{knowledge.ActivityAdopted, w.alice.ID, p.ID}, line{knowledge.ActivityAdopted, w.bob.ID, p.ID})

		adopters, err := f.k.Adopters(f.ctx, w.outsider, w.c.Slug, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(adopters) != 2 || adopters[0].Name != "Alice Member" || !adopters[0].Since.Equal(t0) || adopters[1].Name != "Bob Member" {
			t.Errorf("adopters %+v", adopters)
		}
		seen, _ := f.k.Get(f.ctx, w.leader, w.c.Slug, p.ID)
		if seen.Adopters != 2 || seen.Adopted {
			t.Errorf("leader sees %d adopters, adopted %v", seen.Adopters, seen.Adopted)
		}

		before := f.snapshot(t)
		_, err = f.k.Adopt(f.ctx, w.outsider, w.c.Slug, p.ID)
		wantKind(t, err, errs.Forbidden, "")
		_, err = f.k.Adopt(f.ctx, zeroUser, w.c.Slug, p.ID)
		wantKind(t, err, errs.Unauthorized, "")
		_, err = f.k.Adopt(f.ctx, w.alice, w.c.Slug, insight.ID)
		wantKind(t, err, errs.Conflict, "")
		_, err = f.k.Unadopt(f.ctx, w.alice, w.c.Slug, insight.ID)
		wantKind(t, err, errs.Conflict, "")
		if f.snapshot(t) != before {
			t.Fatal("refused adoptions changed the database")
		}

		mark = f.mark(t)
		for range 2 {
			a, err := f.k.Unadopt(f.ctx, w.alice, w.c.Slug, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if a.Adopters != 1 || a.Adopted {
				t.Errorf("after unadopting: %d adopters, adopted %v", a.Adopters, a.Adopted)
			}
		}
		f.wantLog(t, mark, line{knowledge.ActivityUnadopted, w.alice.ID, p.ID})
		page, err := f.k.List(f.ctx, w.bob, knowledge.Filter{CommunitySlug: w.c.Slug, Kind: knowledge.Practice})
		if err != nil || len(page.Items) != 1 || page.Items[0].Adopters != 1 || !page.Items[0].Adopted {
			t.Errorf("List shows %+v, %v", page.Items, err)
		}
	})
}
