package practice_test

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/practice"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func ids(items []practice.Item) []int64 {
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}

func reqIDs(rs ...practice.Request) []int64 {
	out := make([]int64, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

// listAll reads every page of f, limit rows at a time.
func (w *world) listAll(t *testing.T, viewer account.User, f practice.Filter) []int64 {
	t.Helper()
	var out []int64
	for range 1000 {
		page, err := w.svc.List(w.ctx, viewer, f)
		if err != nil {
			t.Fatalf("List %+v: %v", f, err)
		}
		if f.Limit > 0 && len(page.Items) > f.Limit {
			t.Fatalf("page of %d, limit %d", len(page.Items), f.Limit)
		}
		out = append(out, ids(page.Items)...)
		if page.Next == "" {
			return out
		}
		f.Cursor = page.Next
	}
	t.Fatal("List never ended")
	return nil
}

// TestListViewsShowTheRightRequestsInOrder: each view selects what its name
// says, in one community or across the viewer's communities, newest
// activity first (unanswered: oldest due first).
func TestListViewsShowTheRightRequestsInOrder(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		if _, err := w.app.Accounts.UpdateProfile(w.ctx, w.ana.ID, account.Profile{Name: w.ana.Name, TimeZone: "UTC", Expertise: "cypress api"}); err != nil {
			t.Fatal(err)
		}
		analysts := w.community(t, w.otto, "Data Analysts", community.Open)
		w.add(t, w.otto, analysts, w.ana, community.Member)
		step := func() { w.clock.Advance(time.Minute) }
		accept := func(u account.User, r practice.Request, p practice.Reply) {
			if err := w.svc.Accept(w.ctx, u, w.c.Slug, r.ID, p.ID); err != nil {
				t.Fatal(err)
			}
		}
		step()
		a1 := w.ask(t, w.ana, "stabilize Cypress", "cypress")
		step()
		a2 := w.ask(t, w.ben, "version an API", "api")
		step()
		a3 := w.ask(t, w.ben, "script k6", "k6")
		step()
		a4 := w.ask(t, w.chloe, "run Cypress in CI", "cypress", "ci")
		step()
		w.reply(t, w.ana, a4.ID, "Use the official image.")
		step()
		a5 := w.ask(t, w.ben, "document an API", "api")
		step()
		p5 := w.reply(t, w.ana, a5.ID, "OpenAPI first.")
		step()
		accept(w.ben, a5, p5)
		step()
		a6 := w.ask(t, w.ana, "test on old phones", "mobile")
		step()
		p6 := w.reply(t, w.ben, a6.ID, "A device farm.")
		step()
		accept(w.ana, a6, p6)
		step()
		a7 := w.ask(t, w.ana, "delete me", "cypress")
		step()
		if err := w.svc.Delete(w.ctx, w.ana, w.c.Slug, a7.ID); err != nil {
			t.Fatal(err)
		}
		step()
		a8 := w.ask(t, w.ana, "close me soon", "ci")
		step()
		if err := w.svc.Close(w.ctx, w.ana, w.c.Slug, a8.ID, "Solved it myself."); err != nil {
			t.Fatal(err)
		}
		step()
		b1, err := w.svc.Ask(w.ctx, w.otto, analysts.Slug, practice.NewRequest{Title: "Which API for the warehouse?", Body: "We need to pull sales data nightly.", Tags: "api"})
		if err != nil {
			t.Fatal(err)
		}
		step()
		if _, err := w.svc.Claim(w.ctx, w.ana, w.c.Slug, a3.ID); err != nil {
			t.Fatal(err)
		}

		all := practice.Filter{}
		in := practice.Filter{CommunitySlug: w.c.Slug}
		with := func(f practice.Filter, v practice.View, tag string) practice.Filter {
			f.View, f.Tag = v, tag
			return f
		}
		tests := []struct {
			name   string
			viewer account.User
			f      practice.Filter
			want   []int64
		}{
			{"all in the guild", w.ben, in, reqIDs(a8, a6, a5, a4, a3, a2, a1)},
			{"all of Ana's communities", w.ana, all, reqIDs(b1, a8, a6, a5, a4, a3, a2, a1)},
			{"all of Ben's communities", w.ben, all, reqIDs(a8, a6, a5, a4, a3, a2, a1)},
			{"a visitor in the guild", account.User{}, in, reqIDs(a8, a6, a5, a4, a3, a2, a1)},
			{"unanswered, oldest due first", w.ben, with(in, practice.ViewUnanswered, ""), reqIDs(a1, a2, a3)},
			{"unanswered everywhere", w.ana, with(all, practice.ViewUnanswered, ""), reqIDs(a1, a2, a3, b1)},
			{"solved", w.ana, with(in, practice.ViewSolved, ""), reqIDs(a6, a5)},
			{"mine", w.ana, with(in, practice.ViewMine, ""), reqIDs(a8, a6, a1)},
			{"mine everywhere", w.ana, with(all, practice.ViewMine, ""), reqIDs(a8, a6, a1)},
			{"Otto's, in the guild he is not in", w.otto, with(in, practice.ViewMine, ""), nil},
			{"waiting for my follow-up", w.ana, with(all, practice.ViewWaitingFollowup, ""), reqIDs(a6)},
			{"in my expertise", w.ana, with(all, practice.ViewExpertise, ""), reqIDs(b1, a4, a2, a1)},
			{"in my expertise, one community", w.ana, with(in, practice.ViewExpertise, ""), reqIDs(a4, a2, a1)},
			{"no expertise, no list", w.ben, with(all, practice.ViewExpertise, ""), nil},
			{"claimed by me", w.ana, with(all, practice.ViewClaimedByMe, ""), reqIDs(a3)},
			{"tag", w.ben, with(in, practice.ViewAll, "cypress"), reqIDs(a4, a1)},
			{"tag, in capitals", w.ben, with(in, practice.ViewAll, " Cypress "), reqIDs(a4, a1)},
			{"tag everywhere", w.ana, with(all, practice.ViewAll, "api"), reqIDs(b1, a5, a2)},
			{"tag and unanswered", w.ana, with(all, practice.ViewUnanswered, "api"), reqIDs(a2, b1)},
			{"tag and solved", w.ana, with(in, practice.ViewSolved, "mobile"), reqIDs(a6)},
			{"unknown tag", w.ana, with(in, practice.ViewAll, "cobol"), nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page, err := w.svc.List(w.ctx, tt.viewer, tt.f)
				if err != nil {
					t.Fatalf("List: %v", err)
				}
				if got := ids(page.Items); !slices.Equal(got, tt.want) {
					t.Errorf("got %v, want %v", got, tt.want)
				}
				if page.Next != "" {
					t.Errorf("one page, but Next = %q", page.Next)
				}
				f := tt.f
				f.Limit = 2
				if got := w.listAll(t, tt.viewer, f); !slices.Equal(got, tt.want) {
					t.Errorf("two at a time: got %v, want %v", got, tt.want)
				}
			})
		}

		// What a row carries.
		page, err := w.svc.List(w.ctx, w.ana, practice.Filter{CommunitySlug: w.c.Slug, View: practice.ViewSolved})
		if err != nil {
			t.Fatal(err)
		}
		it := page.Items[0]
		if it.Title != "How do we test on old phones?" || it.Author.Name != "Ana Silva" || !slices.Equal(it.Tags, []string{"mobile"}) ||
			it.ReplyCount != 1 || it.Status != practice.Solved || it.Clock.State != practice.ClockMet || it.CommunitySlug != w.c.Slug ||
			it.CommunityName != "Testers Guild" || it.SolvedAt.IsZero() || it.Link() != practice.RequestLink(w.c.Slug, a6.ID) {
			t.Errorf("row %+v", it)
		}
		page, _ = w.svc.List(w.ctx, w.ana, practice.Filter{View: practice.ViewClaimedByMe})
		if c := page.Items[0].Claim; c.By.ID != w.ana.ID || c.By.Name != "Ana Silva" {
			t.Errorf("claimed row %+v", page.Items[0])
		}
		page, _ = w.svc.List(w.ctx, w.ana, practice.Filter{})
		if page.Items[0].CommunitySlug != analysts.Slug || page.Items[0].CommunityName != "Data Analysts" {
			t.Errorf("first row across communities %+v", page.Items[0])
		}

		tags, err := w.svc.Tags(w.ctx, w.otto, w.c.Slug)
		want := []practice.TagCount{{"api", 2}, {"ci", 2}, {"cypress", 2}, {"k6", 1}, {"mobile", 1}}
		if err != nil || !slices.Equal(tags, want) {
			t.Errorf("Tags = %v, %v; want %v (the deleted request's tag not counted)", tags, err, want)
		}
		w.wantTagsInStep(t)
	})
}

// TestListRefusesBadFilters: bad views, tags, cursors and limits get a
// clear error; personal lists need a signed-in viewer.
func TestListRefusesBadFilters(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		for i := range 3 {
			w.ask(t, w.ana, fmt.Sprintf("do thing %d", i))
		}
		page, err := w.svc.List(w.ctx, w.ana, practice.Filter{CommunitySlug: w.c.Slug, Limit: 1})
		if err != nil || page.Next == "" {
			t.Fatalf("List = %+v, %v", page, err)
		}
		for _, tt := range []struct {
			name  string
			f     practice.Filter
			field string
		}{
			{"unknown view", practice.Filter{View: "popular"}, "view"},
			{"bad tag", practice.Filter{Tag: "<b>"}, "tag"},
			{"two tags", practice.Filter{Tag: "a b"}, "tag"},
			{"garbage cursor", practice.Filter{Cursor: "%%%"}, "cursor"},
			{"forged cursor", practice.Filter{Cursor: "YS54LjA"}, "cursor"},
			{"cursor of another order", practice.Filter{View: practice.ViewUnanswered, Cursor: page.Next}, "cursor"},
			{"negative limit", practice.Filter{Limit: -1}, "limit"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				tt.f.CommunitySlug = w.c.Slug
				_, err := w.svc.List(w.ctx, w.ana, tt.f)
				wantKind(t, err, errs.Invalid, tt.field)
			})
		}
		if page, err := w.svc.List(w.ctx, w.ana, practice.Filter{CommunitySlug: w.c.Slug, Limit: 1000}); err != nil || len(page.Items) != 3 {
			t.Errorf("a limit above %d: %v, %v", practice.MaxLimit, page, err)
		}
		_, err = w.svc.List(w.ctx, account.User{}, practice.Filter{})
		wantKind(t, err, errs.Unauthorized, "")
		_, err = w.svc.List(w.ctx, account.User{}, practice.Filter{CommunitySlug: w.c.Slug, View: practice.ViewMine})
		wantKind(t, err, errs.Unauthorized, "")
		if page, err := w.svc.List(w.ctx, w.otto, practice.Filter{}); err != nil || len(page.Items) != 0 {
			t.Errorf("someone in no community lists %+v, %v", page, err)
		}
	})
}

// TestListPagesWithoutGapsOrDuplicates: with many requests sharing the
// same activity and due times across communities, reading page after page
// returns each request exactly once, in order.
func TestListPagesWithoutGapsOrDuplicates(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		second := w.community(t, w.ana, "Security Champions", community.Open)
		third := w.community(t, w.ben, "Accessibility Circle", community.Private)
		w.add(t, w.ben, third, w.ana, community.Member)
		type made struct {
			id       int64
			act, due time.Time
			open     bool
		}
		var mine []made
		slugs := []string{w.c.Slug, second.Slug, third.Slug}
		for i := range 30 {
			if i%4 == 0 {
				w.clock.Advance(time.Second) // four requests share each time
			}
			r, err := w.svc.Ask(w.ctx, w.ana, slugs[i%3], practice.NewRequest{Title: fmt.Sprintf("Question number %02d", i), Body: "Some context that is long enough."})
			if err != nil {
				t.Fatal(err)
			}
			m := made{id: r.ID, act: r.LastActivityAt, due: r.Clock.DueAt, open: true}
			if i%5 == 0 && slugs[i%3] == w.c.Slug {
				w.reply(t, w.ben, r.ID, "An answer.") // answered: moves on in activity, leaves unanswered
				m.act, m.open = w.clock.Now(), false
			}
			mine = append(mine, m)
		}
		byActivity := slices.Clone(mine)
		slices.SortFunc(byActivity, func(a, b made) int { return -cmp.Or(a.act.Compare(b.act), cmp.Compare(a.id, b.id)) })
		var want []int64
		for _, m := range byActivity {
			want = append(want, m.id)
		}
		var wantDue []int64
		byDue := slices.Clone(mine)
		slices.SortFunc(byDue, func(a, b made) int { return cmp.Or(a.due.Compare(b.due), cmp.Compare(a.id, b.id)) })
		for _, m := range byDue {
			if m.open {
				wantDue = append(wantDue, m.id)
			}
		}
		for _, limit := range []int{4, 7, 100} {
			if got := w.listAll(t, w.ana, practice.Filter{Limit: limit}); !slices.Equal(got, want) {
				t.Errorf("all, %d at a time:\ngot  %v\nwant %v", limit, got, want)
			}
			if got := w.listAll(t, w.ana, practice.Filter{Limit: limit, View: practice.ViewMine}); !slices.Equal(got, want) {
				t.Errorf("mine, %d at a time:\ngot  %v\nwant %v", limit, got, want)
			}
			if got := w.listAll(t, w.ana, practice.Filter{Limit: limit, View: practice.ViewUnanswered}); !slices.Equal(got, wantDue) {
				t.Errorf("unanswered, %d at a time:\ngot  %v\nwant %v", limit, got, wantDue)
			}
		}
		// Ben is not in the second community: its requests are not his to list.
		for _, id := range w.listAll(t, w.ben, practice.Filter{Limit: 5}) {
			for i, m := range mine {
				if m.id == id && slugs[i%3] == second.Slug {
					t.Errorf("Ben lists %d of a community he is not in", id)
				}
			}
		}
	})
}

// TestTriageListsOverdueThenAtRiskThenWaiting, for the core group only.
func TestTriageListsOverdueThenAtRiskThenWaiting(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		overdue := w.ask(t, w.ana, "fix an overdue thing")
		w.clock.Advance(6 * time.Hour)
		atRisk := w.ask(t, w.ben, "fix an urgent thing")
		w.clock.Advance(12 * time.Hour)
		waiting := w.ask(t, w.ana, "fix a calm thing")
		answered := w.ask(t, w.ana, "fix a done thing")
		w.reply(t, w.ben, answered.ID, "Done.")
		w.clock.Advance(7 * time.Hour) // overdue by 1 h; the second due in 5 h… at risk from 4 h
		w.clock.Advance(90 * time.Minute)
		if _, err := w.svc.Claim(w.ctx, w.chloe, w.c.Slug, atRisk.ID); err != nil {
			t.Fatal(err)
		}
		tr, err := w.svc.Triage(w.ctx, w.chloe, w.c.Slug)
		if err != nil {
			t.Fatalf("Triage: %v", err)
		}
		if !slices.Equal(ids(tr.Overdue), reqIDs(overdue)) || !slices.Equal(ids(tr.AtRisk), reqIDs(atRisk)) || !slices.Equal(ids(tr.Waiting), reqIDs(waiting)) ||
			tr.Total != 3 || tr.Truncated {
			t.Errorf("triage overdue %v, at risk %v, waiting %v, total %d", ids(tr.Overdue), ids(tr.AtRisk), ids(tr.Waiting), tr.Total)
		}
		if c := tr.AtRisk[0].Claim; c.By.ID != w.chloe.ID {
			t.Errorf("the claim does not show in triage: %+v", tr.AtRisk[0])
		}
		for _, u := range []account.User{w.ana, w.sam, w.otto} {
			_, err := w.svc.Triage(w.ctx, u, w.c.Slug)
			wantKind(t, err, errs.Forbidden, "")
		}
	})
}

// TestCommitmentStatsCountAnswersAndMedian: asked, answered in time or
// late, still waiting, and the median time to a first reply.
func TestCommitmentStatsCountAnswersAndMedian(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		old := w.ask(t, w.ana, "ask before the period")
		w.clock.Advance(24 * time.Hour)
		since := w.clock.Now()
		w.reply(t, w.ben, old.ID, "Late reply to the old one.")
		for _, wait := range []time.Duration{time.Hour, 3 * time.Hour, 30 * time.Hour} {
			r := w.ask(t, w.ana, "answer after "+wait.String())
			w.clock.Advance(wait)
			w.reply(t, w.ben, r.ID, "Here you go.")
		}
		w.ask(t, w.ana, "wait forever")
		w.clock.Advance(25 * time.Hour)
		w.ask(t, w.ana, "wait a little")
		closed := w.ask(t, w.ana, "close without reply")
		if err := w.svc.Close(w.ctx, w.ana, w.c.Slug, closed.ID, "Not needed."); err != nil {
			t.Fatal(err)
		}
		st, err := w.svc.Commitment(w.ctx, w.c.ID, since)
		if err != nil {
			t.Fatal(err)
		}
		want := practice.CommitmentStats{Since: st.Since, Asked: 6, Answered: 3, Met: 2, Missed: 1, Overdue: 1, Waiting: 1,
			MedianFirstReply: 3 * time.Hour, HitRate: 0.5}
		if st != want || !st.Since.Equal(since) || !st.Rated() {
			t.Errorf("Commitment = %+v\nwant         %+v", st, want)
		}
		if empty, err := w.svc.Commitment(w.ctx, w.c.ID, w.clock.Now().Add(time.Hour)); err != nil || empty.Rated() || empty.Asked != 0 {
			t.Errorf("an empty period: %+v, %v", empty, err)
		}
	})
}

// TestListAcrossManyCommunitiesAndTags: someone in eleven communities with
// twenty expertise tags has more ranges to merge than one query takes; the
// list still holds each request once, in order.
func TestListAcrossManyCommunitiesAndTags(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ana, ben := f.user(t, "Ana Silva"), f.user(t, "Ben Okafor")
		var expertise []string
		for i := range 20 {
			expertise = append(expertise, fmt.Sprintf("skill-%02d", i))
		}
		if _, err := f.app.Accounts.UpdateProfile(f.ctx, ana.ID, account.Profile{Name: ana.Name, TimeZone: "UTC", Expertise: strings.Join(expertise, " ")}); err != nil {
			t.Fatal(err)
		}
		var want []int64
		for i := range 11 {
			c := f.community(t, ana, fmt.Sprintf("Guild number %02d", i), community.Open)
			f.add(t, ana, c, ben, community.Member)
			f.clock.Advance(time.Minute)
			r, err := f.svc.Ask(f.ctx, ben, c.Slug, practice.NewRequest{Title: fmt.Sprintf("Question in guild %02d", i), Body: "Context that is long enough.",
				Tags: expertise[i] + " " + expertise[19-i] + " unrelated"})
			if err != nil {
				t.Fatal(err)
			}
			want = append([]int64{r.ID}, want...)
			if _, err := f.svc.Ask(f.ctx, ben, c.Slug, practice.NewRequest{Title: "Nothing Ana knows about", Body: "Context that is long enough.", Tags: "unrelated"}); err != nil {
				t.Fatal(err)
			}
		}
		w := &world{fixture: f}
		for _, limit := range []int{2, 100} {
			if got := w.listAll(t, ana, practice.Filter{View: practice.ViewExpertise, Limit: limit}); !slices.Equal(got, want) {
				t.Errorf("expertise, %d at a time:\ngot  %v\nwant %v", limit, got, want)
			}
		}
		if got := w.listAll(t, ana, practice.Filter{View: practice.ViewExpertise, Tag: "skill-19", Limit: 100}); !slices.Equal(got, want[len(want)-1:]) {
			t.Errorf("expertise and a tag: %v, want %v", got, want[len(want)-1:])
		}
	})
}
