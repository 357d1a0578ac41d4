package workshop_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/canvas"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/workshop"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

var t0 = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

type fixture struct {
	ctx   context.Context
	db    *store.DB
	clock *clock.Fake
	acc   *account.Service
	com   *community.Service
	cv    *canvas.Service
	ws    *workshop.Service
	hash  string
}

func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	clk := clock.NewFake(t0)
	log := activity.New(db)
	acc, err := account.New(db, clk, log, account.Options{Hash: account.FastHashParams()})
	if err != nil {
		t.Fatal(err)
	}
	hash, err := account.HashPassword("correct horse battery staple", account.FastHashParams())
	if err != nil {
		t.Fatal(err)
	}
	com := community.New(db, clk, log)
	cv := canvas.New(db, clk, log, com)
	return &fixture{ctx: context.Background(), db: db, clock: clk, acc: acc, com: com, cv: cv,
		ws: workshop.New(db, clk, log, com, notify.New(db, clk), cv), hash: hash}
}

func (f *fixture) user(t testing.TB, name string) account.User {
	t.Helper()
	u, err := f.acc.CreateWithHash(f.ctx, strings.ToLower(strings.Fields(name)[0])+"@example.org", name, f.hash)
	if err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	return u
}

// world: a private community with a leader, a core member, two members
// and a sponsor; an outsider belongs to none.
type world struct {
	c                                           community.Community
	leader, core, alice, bob, sponsor, outsider account.User
	lead, coreV, aliceV, bobV                   workshop.Viewer
}

func (f *fixture) world(t testing.TB) world {
	t.Helper()
	var w world
	w.leader, w.core, w.alice, w.bob = f.user(t, "Léa Leader"), f.user(t, "Corentin Core"), f.user(t, "Alice Member"), f.user(t, "Bob Member")
	w.sponsor, w.outsider = f.user(t, "Sam Sponsor"), f.user(t, "Oscar Outsider")
	var err error
	if w.c, err = f.com.Create(f.ctx, w.leader, community.Settings{Name: "Platform Circle", Domain: "Platform engineering", Visibility: "private",
		CodeOfConduct: "Be kind and credit your sources."}); err != nil {
		t.Fatal(err)
	}
	roles := map[int64]community.Role{w.core.ID: community.Core, w.alice.ID: community.Member, w.bob.ID: community.Member, w.sponsor.ID: community.Sponsor}
	for _, u := range []account.User{w.core, w.alice, w.bob, w.sponsor} {
		inv, err := f.com.Invite(f.ctx, w.leader, w.c.Slug, u.Email, roles[u.ID])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.com.AcceptInvitation(f.ctx, u, 0, inv.Token, true); err != nil {
			t.Fatal(err)
		}
	}
	w.lead, w.coreV, w.aliceV, w.bobV = workshop.Viewer{User: w.leader}, workshop.Viewer{User: w.core}, workshop.Viewer{User: w.alice}, workshop.Viewer{User: w.bob}
	return w
}

func (f *fixture) open(t testing.TB, w world, dots int, sections ...string) workshop.Workshop {
	t.Helper()
	ws, err := f.ws.Create(f.ctx, w.core, w.c.Slug, workshop.NewWorkshop{Title: "Our vision", Sections: sections, Dots: dots})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []account.User{w.alice, w.bob} {
		if _, err := f.ws.Join(f.ctx, u, w.c.Slug, ws.ID); err != nil {
			t.Fatal(err)
		}
	}
	st, err := f.ws.State(f.ctx, w.c.Slug, ws.ID, workshop.Viewer{User: w.core})
	if err != nil {
		t.Fatal(err)
	}
	return st.Workshop
}

func (f *fixture) snapshot(t testing.TB) string {
	t.Helper()
	return storetest.Snapshot(t, f.db, "workshops", "workshop_participants", "workshop_notes", "workshop_groups", "workshop_votes",
		"workshop_ballots", "canvas_revisions", "memberships", "activity", "notifications")
}

func wantKind(t testing.TB, err error, k errs.Kind, field string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v", k)
	}
	if got := errs.KindOf(err); got != k {
		t.Fatalf("error %q is %v, want %v", err, got, k)
	}
	if field != "" {
		if _, ok := errs.ByField(err)[field]; !ok {
			t.Fatalf("error %q is not about field %q (fields: %v)", err, field, errs.ByField(err))
		}
	}
}
