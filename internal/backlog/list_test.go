package backlog_test

import (
	"slices"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/backlog"
	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// listWorld proposes five items, oldest first, with these votes:
// old 1, older-popular 3, mid 1, new 0, newest-popular 3; "done" is done
// and "declined" declined.
func listWorld(t *testing.T, f *fixture, w world) map[string]backlog.Item {
	t.Helper()
	items := map[string]backlog.Item{}
	voters := []account.User{w.alice, w.bob, w.core}
	for _, p := range []struct {
		title string
		votes int
	}{{"old", 1}, {"older-popular", 3}, {"mid", 1}, {"done", 2}, {"declined", 0}, {"new", 0}, {"newest-popular", 3}} {
		it := f.propose(t, w.alice, w.c.Slug, p.title+" idea")
		for _, u := range voters[:p.votes] {
			f.vote(t, u, it)
		}
		items[p.title] = it
	}
	f.clock.Advance(time.Hour)
	if _, err := f.b.Move(f.ctx, w.core, w.c.Slug, items["done"].ID, backlog.Done, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.b.Move(f.ctx, w.core, w.c.Slug, items["declined"].ID, backlog.Declined, "Out of scope for us."); err != nil {
		t.Fatal(err)
	}
	return items
}

func TestListsRankByVotesThenAgeOrNewestAndFilterByStatus(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		listWorld(t, f, w)
		tests := []struct {
			name   string
			filter backlog.Filter
			want   []string
		}{
			{"open by votes, the oldest first among equals", backlog.Filter{},
				[]string{"older-popular idea", "newest-popular idea", "old idea", "mid idea", "new idea"}},
			{"open, newest first", backlog.Filter{Sort: backlog.SortNewest},
				[]string{"newest-popular idea", "new idea", "mid idea", "older-popular idea", "old idea"}},
			{"done only", backlog.Filter{Status: "done"}, []string{"done idea"}},
			{"declined only", backlog.Filter{Status: "declined"}, []string{"declined idea"}},
			{"planned only", backlog.Filter{Status: "planned"}, []string{}},
			{"everything by votes", backlog.Filter{Status: backlog.FilterAll},
				[]string{"older-popular idea", "newest-popular idea", "done idea", "old idea", "mid idea", "declined idea", "new idea"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.filter.CommunitySlug = w.c.Slug
				p, err := f.b.List(f.ctx, w.bob, tt.filter)
				if err != nil {
					t.Fatal(err)
				}
				if got := titles(p.Items); !slices.Equal(got, tt.want) {
					t.Errorf("got %q, want %q", got, tt.want)
				}
				if p.NextCursor != "" {
					t.Errorf("a cursor after the only page: %q", p.NextCursor)
				}
			})
		}
		counts, err := f.b.CountByStatus(f.ctx, w.c.ID)
		if err != nil || counts.Open() != 5 || counts.All() != 7 || counts[backlog.Done] != 1 || counts[backlog.Planned] != 0 {
			t.Errorf("counts %v, %v", counts, err)
		}
	})
}

func TestPagesFollowEachOtherWithoutGapsOrRepeats(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		listWorld(t, f, w)
		for _, sort := range []string{backlog.SortVotes, backlog.SortNewest} {
			full, err := f.b.List(f.ctx, w.bob, backlog.Filter{CommunitySlug: w.c.Slug, Sort: sort, Status: backlog.FilterAll})
			if err != nil {
				t.Fatal(err)
			}
			var paged []string
			cursor := ""
			for range 10 {
				p, err := f.b.List(f.ctx, w.bob, backlog.Filter{CommunitySlug: w.c.Slug, Sort: sort, Status: backlog.FilterAll, Cursor: cursor, Limit: 2})
				if err != nil {
					t.Fatal(err)
				}
				paged = append(paged, titles(p.Items)...)
				if cursor = p.NextCursor; cursor == "" {
					break
				}
			}
			if !slices.Equal(paged, titles(full.Items)) {
				t.Errorf("%s: pages give %q, the whole list %q", sort, paged, titles(full.Items))
			}
		}
	})
}

func TestBadListFiltersAreRefused(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		for _, tt := range []struct {
			filter backlog.Filter
			field  string
		}{
			{backlog.Filter{Status: "someday"}, "status"},
			{backlog.Filter{Sort: "random"}, "sort"},
			{backlog.Filter{Cursor: "x"}, "cursor"},
			{backlog.Filter{Cursor: "3"}, "cursor"}, // a newest cursor for the ranked list
			{backlog.Filter{Cursor: "3.x"}, "cursor"},
			{backlog.Filter{Sort: backlog.SortNewest, Cursor: "3.4"}, "cursor"},
			{backlog.Filter{Sort: backlog.SortNewest, Cursor: "-1"}, "cursor"},
		} {
			tt.filter.CommunitySlug = w.c.Slug
			_, err := f.b.List(f.ctx, w.bob, tt.filter)
			wantKind(t, err, errs.Invalid, tt.field)
		}
	})
}

func TestTopAndMovedSinceFeedTheHomeAndTheDigest(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		items := listWorld(t, f, w)
		top, err := f.b.Top(f.ctx, w.c.ID, 3)
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(top); !slices.Equal(got, []string{"older-popular idea", "newest-popular idea", "old idea"}) {
			t.Errorf("top %q", got)
		}
		// Only items in bob's communities that changed status since.
		secret := f.propose(t, w.erin, w.secret.Slug, "Secret idea")
		f.clock.Advance(time.Hour)
		since := f.clock.Now()
		if _, err := f.b.Move(f.ctx, w.leader, w.secret.Slug, secret.ID, backlog.Planned, ""); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Hour)
		if _, err := f.b.Move(f.ctx, w.core, w.c.Slug, items["mid"].ID, backlog.Planned, ""); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Hour)
		if _, err := f.b.Move(f.ctx, w.core, w.c.Slug, items["old"].ID, backlog.InProgress, ""); err != nil {
			t.Fatal(err)
		}
		f.propose(t, w.alice, w.c.Slug, "Proposed after since")
		moved, err := f.b.MovedSince(f.ctx, w.bob.ID, since)
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(moved); !slices.Equal(got, []string{"old idea", "mid idea"}) {
			t.Errorf("moved since for bob: %q", got)
		}
		// Only alice voted for "old".
		if moved[0].Voted || moved[0].CommunityName != "Testing Guild" || moved[0].Status != backlog.InProgress {
			t.Errorf("moved item %+v", moved[0])
		}
		if moved, err = f.b.MovedSince(f.ctx, w.alice.ID, since); err != nil || len(moved) != 2 || !moved[0].Voted {
			t.Errorf("moved since for alice: %+v, %v", moved, err)
		}
		moved, err = f.b.MovedSince(f.ctx, w.erin.ID, since)
		if err != nil || !slices.Equal(titles(moved), []string{"Secret idea"}) {
			t.Errorf("moved since for erin: %q, %v", titles(moved), err)
		}
	})
}
