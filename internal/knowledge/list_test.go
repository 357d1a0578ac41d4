package knowledge_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"cultivate/internal/errs"
	"cultivate/internal/knowledge"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestListPagesNewestFirstWithoutGapsOrRepeats(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		kinds := []knowledge.Kind{knowledge.FAQ, knowledge.Insight, knowledge.Practice}
		want := map[string][]int64{} // filter name → ids, newest first
		for i := range 23 {
			f.clock.Advance(time.Minute)
			kind := kinds[i%3]
			tags := "common"
			if i%2 == 0 {
				tags += " even"
			}
			a := f.create(t, w.alice, w.c.Slug, knowledge.NewArtefact{Kind: kind, Title: fmt.Sprintf("Artefact number %d", i), Tags: tags})
			want["all"] = append([]int64{a.ID}, want["all"]...)
			want[string(kind)] = append([]int64{a.ID}, want[string(kind)]...)
			if i%2 == 0 {
				want["even"] = append([]int64{a.ID}, want["even"]...)
			}
			if kind == knowledge.FAQ && i%2 == 0 {
				want["faq+even"] = append([]int64{a.ID}, want["faq+even"]...)
			}
		}
		f.create(t, w.lead2, w.other.Slug, knowledge.NewArtefact{Kind: knowledge.FAQ, Title: "In another community", Tags: "common even"})

		filters := map[string]knowledge.Filter{
			"all":      {},
			"faq":      {Kind: knowledge.FAQ},
			"insight":  {Kind: knowledge.Insight},
			"practice": {Status: knowledge.Proposed},
			"even":     {Tag: " Even "},
			"faq+even": {Kind: knowledge.FAQ, Tag: "even"},
		}
		for name, filter := range filters {
			for _, limit := range []int{1, 4, 7, 100} {
				t.Run(fmt.Sprintf("%s/limit %d", name, limit), func(t *testing.T) {
					filter := filter
					filter.CommunitySlug, filter.Limit = w.c.Slug, limit
					var got []int64
					for pages := 0; ; pages++ {
						if pages > 30 {
							t.Fatal("paging does not end")
						}
						page, err := f.k.List(f.ctx, w.bob, filter)
						if err != nil {
							t.Fatal(err)
						}
						if len(page.Items) > limit {
							t.Fatalf("page of %d items, limit %d", len(page.Items), limit)
						}
						for _, it := range page.Items {
							got = append(got, it.ID)
						}
						if page.NextCursor == "" {
							break
						}
						filter.Cursor = page.NextCursor
					}
					if !slices.Equal(got, want[name]) {
						t.Errorf("got  %v\nwant %v", got, want[name])
					}
				})
			}
		}

		// No limit means 20; more than 100 means 100.
		if page, err := f.k.List(f.ctx, w.bob, knowledge.Filter{CommunitySlug: w.c.Slug}); err != nil || len(page.Items) != 20 || page.NextCursor == "" {
			t.Errorf("default page: %d items, cursor %q, %v", len(page.Items), page.NextCursor, err)
		}
		if page, err := f.k.List(f.ctx, w.bob, knowledge.Filter{CommunitySlug: w.c.Slug, Limit: 1000}); err != nil || len(page.Items) != 23 {
			t.Errorf("large limit: %d items, %v", len(page.Items), err)
		}

		// Artefacts added while someone pages do not shift later pages.
		page, err := f.k.List(f.ctx, w.bob, knowledge.Filter{CommunitySlug: w.c.Slug, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		f.create(t, w.alice, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.FAQ, Title: "Added while paging"})
		next, err := f.k.List(f.ctx, w.bob, knowledge.Filter{CommunitySlug: w.c.Slug, Limit: 10, Cursor: page.NextCursor})
		if err != nil {
			t.Fatal(err)
		}
		if next.Items[0].ID != want["all"][10] {
			t.Errorf("second page starts at %d, want %d", next.Items[0].ID, want["all"][10])
		}

		it := page.Items[0]
		if it.Title != "Artefact number 22" || it.Kind != knowledge.Insight || it.AuthorName != "Alice Member" ||
			!slices.Equal(it.Tags, []string{"common", "even"}) || it.Excerpt != "About Artefact number 22 — with enough words to be a real body of text." ||
			it.CommunitySlug != w.c.Slug || it.CommunityName != "Testing Guild" || it.Revision != 1 || !it.UpdatedAt.Equal(t0.Add(23*time.Minute)) {
			t.Errorf("item %+v", it)
		}
	})
}

func TestListRefusesBadFilters(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		for _, tt := range []struct {
			filter knowledge.Filter
			field  string
		}{
			{knowledge.Filter{Kind: "poem"}, "kind"},
			{knowledge.Filter{Status: "abandoned"}, "status"},
			{knowledge.Filter{Kind: knowledge.FAQ, Status: knowledge.Tried}, "status"},
			{knowledge.Filter{Cursor: "abc"}, "cursor"},
			{knowledge.Filter{Cursor: "-5"}, "cursor"},
		} {
			tt.filter.CommunitySlug = w.c.Slug
			_, err := f.k.List(f.ctx, w.bob, tt.filter)
			wantKind(t, err, errs.Invalid, tt.field)
		}
		_, err := f.k.List(f.ctx, zeroUser, knowledge.Filter{})
		wantKind(t, err, errs.Unauthorized, "")
		page, err := f.k.List(f.ctx, zeroUser, knowledge.Filter{CommunitySlug: w.c.Slug})
		if err != nil || len(page.Items) != 0 || page.Items == nil || page.NextCursor != "" {
			t.Errorf("an empty list: %+v, %v (want an empty, non-nil page)", page, err)
		}
	})
}

func TestListAcrossMyCommunitiesSince(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		f.add(t, w.lead2, w.other, w.bob, "member")
		old := f.create(t, w.alice, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.FAQ, Title: "Last month's FAQ"})
		f.clock.Advance(30 * 24 * time.Hour)
		mine := f.create(t, w.alice, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.FAQ, Title: "This week's FAQ"})
		theirs := f.create(t, w.lead2, w.other.Slug, knowledge.NewArtefact{Kind: knowledge.Insight, Title: "This week's insight"})
		notMine := f.community(t, w.outsider, "Outsiders", "open")
		f.create(t, w.outsider, notMine.Slug, knowledge.NewArtefact{Kind: knowledge.Insight, Title: "Not in Bob's communities"})

		page, err := f.k.List(f.ctx, w.bob, knowledge.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, it := range page.Items {
			ids = append(ids, it.ID)
		}
		if !slices.Equal(ids, []int64{theirs.ID, mine.ID, old.ID}) {
			t.Errorf("Bob's communities' knowledge: %v", ids)
		}
		page, err = f.k.List(f.ctx, w.bob, knowledge.Filter{Since: f.clock.Now().Add(-7 * 24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 2 || page.Items[0].CommunitySlug != w.other.Slug || page.Items[1].CommunitySlug != w.c.Slug {
			t.Errorf("this week: %+v", page.Items)
		}
	})
}

func TestCountsByKindAndTagCounts(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		f.create(t, w.alice, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.FAQ, Title: "First FAQ here", Tags: "ci flaky"})
		f.create(t, w.alice, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.FAQ, Title: "Second FAQ here", Tags: "flaky"})
		f.create(t, w.alice, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.Minutes, Title: "Minutes of March", Tags: "events"})
		f.create(t, w.lead2, w.other.Slug, knowledge.NewArtefact{Kind: knowledge.FAQ, Title: "Elsewhere FAQ", Tags: "flaky"})
		counts, err := f.k.CountsByKind(f.ctx, w.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := map[knowledge.Kind]int{knowledge.FAQ: 2, knowledge.Minutes: 1, knowledge.Summary: 0, knowledge.CaseStory: 0,
			knowledge.FailureReflection: 0, knowledge.Insight: 0, knowledge.Practice: 0}
		if fmt.Sprint(counts) != fmt.Sprint(want) {
			t.Errorf("counts %v, want %v", counts, want)
		}
		tags, err := f.k.TagCounts(f.ctx, w.c.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(tags) != "[{flaky 2} {ci 1} {events 1}]" {
			t.Errorf("tags %v", tags)
		}
	})
}
