package announce_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/announce"
	"cultivate/internal/app"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

var t0 = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

type fixture struct {
	ctx   context.Context
	db    *store.DB
	clock *clock.Fake
	app   *app.App
	s     *announce.Service
}

// world: leader Léa and core Corentin lead an open community with two
// members; a private one holds Léa and Erin; Oscar belongs nowhere.
type world struct {
	c, secret                                community.Community
	leader, core, alice, bob, outsider, erin account.User
}

func setup(t *testing.T, db *store.DB) (*fixture, world) {
	t.Helper()
	clk := clock.NewFake(t0)
	a, err := app.New(db, clk, app.Options{PasswordHash: account.FastHashParams()})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{ctx: context.Background(), db: db, clock: clk, app: a, s: a.Announcements}
	hash, err := account.HashPassword("correct horse battery staple", account.FastHashParams())
	if err != nil {
		t.Fatal(err)
	}
	user := func(name string) account.User {
		u, err := a.Accounts.CreateWithHash(f.ctx, strings.ToLower(strings.Fields(name)[0])+"@example.org", name, hash)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	var w world
	w.leader, w.core, w.alice, w.bob, w.outsider, w.erin = user("Léa Leader"), user("Corentin Core"), user("Alice Member"),
		user("Bob Member"), user("Oscar Outsider"), user("Erin Secret")
	mk := func(name string, vis community.Visibility) community.Community {
		c, err := a.Communities.Create(f.ctx, w.leader, community.Settings{Name: name, Domain: "Testing", Visibility: string(vis), CodeOfConduct: "Be kind, share what you tried."})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	add := func(c community.Community, u account.User, role community.Role) {
		inv, err := a.Communities.Invite(f.ctx, w.leader, c.Slug, u.Email, role)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Communities.AcceptInvitation(f.ctx, u, 0, inv.Token, true); err != nil {
			t.Fatal(err)
		}
	}
	w.c, w.secret = mk("Testing Guild", community.Open), mk("Secret Circle", community.Private)
	add(w.c, w.core, community.Core)
	add(w.c, w.alice, community.Member)
	add(w.c, w.bob, community.Member)
	add(w.secret, w.erin, community.Member)
	return f, w
}

var tables = []string{"announcements", "activity", "notifications"}

func wantKind(t *testing.T, err error, k errs.Kind, field string) {
	t.Helper()
	if errs.KindOf(err) != k || err == nil {
		t.Fatalf("error %v, want kind %v", err, k)
	}
	if field != "" {
		if _, ok := errs.ByField(err)[field]; !ok {
			t.Fatalf("error %v does not name %q", err, field)
		}
	}
}

func TestTheCoreGroupPostsAndEveryMemberIsTold(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f, w := setup(t, db)
		since := storetest.LastActivity(t, db)
		a, err := f.s.Post(f.ctx, w.core, w.c.Slug, announce.Draft{Title: " Quality week is back ", Body: "From **3 to 7 March**.", Pinned: true})
		if err != nil {
			t.Fatal(err)
		}
		if a.Title != "Quality week is back" || !a.Pinned || a.AuthorID != w.core.ID || !a.Can.Edit || a.Edited() {
			t.Errorf("posted %+v", a)
		}
		storetest.WantLog(t, db, since, storetest.LogLine{Kind: announce.ActivityPosted, Actor: w.core.ID, Subject: a.ID})
		var got []int64
		rows, err := db.QueryContext(f.ctx, `SELECT user_id FROM notifications WHERE kind = $1 AND link = $2 ORDER BY user_id`, notify.Announcement, a.Path())
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			got = append(got, id)
		}
		rows.Close()
		if want := []int64{w.leader.ID, w.alice.ID, w.bob.ID}; !slices.Equal(got, want) {
			t.Errorf("told %v, want %v (everyone but the author)", got, want)
		}
	})
}

func TestBadAnnouncementsAreRefusedAndChangeNothing(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f, w := setup(t, db)
		posted, err := f.s.Post(f.ctx, w.core, w.c.Slug, announce.Draft{Title: "Kick-off", Body: "See you there."})
		if err != nil {
			t.Fatal(err)
		}
		good := announce.Draft{Title: "Lightning talks on Friday", Body: "Five minutes each."}
		before := storetest.Snapshot(t, db, tables...)
		for _, tt := range []struct {
			name  string
			err   error
			kind  errs.Kind
			field string
		}{
			{"empty title", func() error {
				_, err := f.s.Post(f.ctx, w.leader, w.c.Slug, announce.Draft{Title: " ", Body: "x"})
				return err
			}(), errs.Invalid, "title"},
			{"overlong title", func() error {
				_, err := f.s.Post(f.ctx, w.leader, w.c.Slug, announce.Draft{Title: strings.Repeat("t", announce.TitleMax+1), Body: "x"})
				return err
			}(), errs.Invalid, "title"},
			{"empty body", func() error {
				_, err := f.s.Post(f.ctx, w.leader, w.c.Slug, announce.Draft{Title: "A title"})
				return err
			}(), errs.Invalid, "body"},
			{"by a plain member", func() error { _, err := f.s.Post(f.ctx, w.alice, w.c.Slug, good); return err }(), errs.Forbidden, ""},
			{"by a non-member", func() error { _, err := f.s.Post(f.ctx, w.outsider, w.c.Slug, good); return err }(), errs.Forbidden, ""},
			{"in a private community by a non-member", func() error { _, err := f.s.Post(f.ctx, w.outsider, w.secret.Slug, good); return err }(), errs.NotFound, ""},
			{"by nobody", func() error { _, err := f.s.Post(f.ctx, account.User{}, w.c.Slug, good); return err }(), errs.Unauthorized, ""},
			{"edited by a member", func() error { _, err := f.s.Edit(f.ctx, w.alice, w.c.Slug, posted.ID, good); return err }(), errs.Forbidden, ""},
			{"edited empty", func() error {
				_, err := f.s.Edit(f.ctx, w.core, w.c.Slug, posted.ID, announce.Draft{Title: "", Body: "x"})
				return err
			}(), errs.Invalid, "title"},
			{"deleted by a member", f.s.Delete(f.ctx, w.bob, w.c.Slug, posted.ID), errs.Forbidden, ""},
			{"deleted twice over", f.s.Delete(f.ctx, w.leader, w.c.Slug, 99999), errs.NotFound, ""},
		} {
			t.Run(tt.name, func(t *testing.T) { wantKind(t, tt.err, tt.kind, tt.field) })
		}
		if storetest.Snapshot(t, db, tables...) != before {
			t.Error("a refused announcement changed the database")
		}
	})
}

func TestTheAuthorAndTheLeaderEditAndDeleteKeepingTheText(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f, w := setup(t, db)
		a, err := f.s.Post(f.ctx, w.core, w.c.Slug, announce.Draft{Title: "Kick-off", Body: "On Monday."})
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Hour)
		edited, err := f.s.Edit(f.ctx, w.leader, w.c.Slug, a.ID, announce.Draft{Title: "Kick-off moved", Body: "On Tuesday.", Pinned: true})
		if err != nil {
			t.Fatal(err)
		}
		if edited.Body != "On Tuesday." || !edited.Pinned || !edited.Edited() {
			t.Errorf("edited %+v", edited)
		}
		entries, _, _ := f.app.Activity.List(f.ctx, activity.Query{CommunityID: w.c.ID, KindPrefix: announce.ActivityEdited, Limit: 1})
		if prev, _ := entries[0].Detail["previous"].(map[string]any); prev["body"] != "On Monday." {
			t.Errorf("the log keeps %v", entries[0].Detail)
		}
		// A second core member may not touch someone else's announcement.
		if err := f.app.Communities.SetRole(f.ctx, w.leader, w.c.Slug, w.alice.ID, community.Core); err != nil {
			t.Fatal(err)
		}
		wantKind(t, f.s.Delete(f.ctx, w.alice, w.c.Slug, a.ID), errs.Forbidden, "")
		since := storetest.LastActivity(t, db)
		if err := f.s.Delete(f.ctx, w.core, w.c.Slug, a.ID); err != nil {
			t.Fatal(err)
		}
		storetest.WantLog(t, db, since, storetest.LogLine{Kind: announce.ActivityDeleted, Actor: w.core.ID, Subject: a.ID})
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM announcements`); n != 0 {
			t.Errorf("%d announcements left", n)
		}
	})
}

func TestListsPutPinnedFirstThenTheNewest(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f, w := setup(t, db)
		for _, d := range []announce.Draft{{Title: "First", Body: "1", Pinned: true}, {Title: "Second", Body: "2"}, {Title: "Third", Body: "3"},
			{Title: "Fourth", Body: "4", Pinned: true}, {Title: "Fifth", Body: "5"}} {
			f.clock.Advance(time.Minute)
			if _, err := f.s.Post(f.ctx, w.leader, w.c.Slug, d); err != nil {
				t.Fatal(err)
			}
		}
		want := []string{"Fourth", "First", "Fifth", "Third", "Second"}
		latest, err := f.s.Latest(f.ctx, w.c.ID, 3)
		if err != nil {
			t.Fatal(err)
		}
		names := func(list []announce.Announcement) []string {
			var out []string
			for _, a := range list {
				out = append(out, a.Title)
			}
			return out
		}
		if !slices.Equal(names(latest), want[:3]) {
			t.Errorf("latest %q", names(latest))
		}
		var paged []string
		cursor := ""
		for range 5 {
			p, err := f.s.List(f.ctx, w.bob, w.c.Slug, cursor, 2)
			if err != nil {
				t.Fatal(err)
			}
			paged = append(paged, names(p.Items)...)
			if cursor = p.NextCursor; cursor == "" {
				break
			}
		}
		if !slices.Equal(paged, want) {
			t.Errorf("pages %q, want %q", paged, want)
		}
		_, err = f.s.List(f.ctx, w.bob, w.c.Slug, "7", 2)
		wantKind(t, err, errs.Invalid, "cursor")
		_, err = f.s.List(f.ctx, w.outsider, w.secret.Slug, "", 2)
		wantKind(t, err, errs.NotFound, "")
	})
}
