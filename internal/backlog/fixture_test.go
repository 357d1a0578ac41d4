package backlog_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/app"
	"cultivate/internal/backlog"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/knowledge"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

var t0 = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

// fixture is the whole application on a database, so that links to
// knowledge artefacts go through the lookup the application wires.
type fixture struct {
	ctx   context.Context
	db    *store.DB
	clock *clock.Fake
	app   *app.App
	b     *backlog.Service
	hash  string
}

func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	clk := clock.NewFake(t0)
	a, err := app.New(db, clk, app.Options{PasswordHash: account.FastHashParams()})
	if err != nil {
		t.Fatal(err)
	}
	hash, err := account.HashPassword("correct horse battery staple", account.FastHashParams())
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{ctx: context.Background(), db: db, clock: clk, app: a, b: a.Backlog, hash: hash}
}

func (f *fixture) user(t testing.TB, name string) account.User {
	t.Helper()
	email := strings.ToLower(strings.Fields(name)[0]) + "@example.org"
	u, err := f.app.Accounts.CreateWithHash(f.ctx, email, name, f.hash)
	if err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	return u
}

func (f *fixture) community(t testing.TB, leader account.User, name string, vis community.Visibility) community.Community {
	t.Helper()
	c, err := f.app.Communities.Create(f.ctx, leader, community.Settings{Name: name, Domain: "Software testing", Visibility: string(vis),
		CodeOfConduct: "Be kind, share what you tried, credit your sources."})
	if err != nil {
		t.Fatalf("create community %s: %v", name, err)
	}
	return c
}

// add makes u a member of c with role, by invitation.
func (f *fixture) add(t testing.TB, leader account.User, c community.Community, u account.User, role community.Role) {
	t.Helper()
	inv, err := f.app.Communities.Invite(f.ctx, leader, c.Slug, u.Email, role)
	if err != nil {
		t.Fatalf("invite %s: %v", u.Name, err)
	}
	if _, err := f.app.Communities.AcceptInvitation(f.ctx, u, 0, inv.Token, true); err != nil {
		t.Fatalf("%s accepts: %v", u.Name, err)
	}
}

// world is an open community with a leader, a core member, two members
// and an outsider; a private community of the same leader with one member;
// and a community led by someone else.
type world struct {
	c, secret, other                                community.Community
	leader, core, alice, bob, outsider, erin, lead2 account.User
}

func (f *fixture) world(t testing.TB) world {
	t.Helper()
	var w world
	w.leader = f.user(t, "Léa Leader")
	w.core = f.user(t, "Corentin Core")
	w.alice = f.user(t, "Alice Member")
	w.bob = f.user(t, "Bob Member")
	w.outsider = f.user(t, "Oscar Outsider")
	w.erin = f.user(t, "Erin Secret")
	w.lead2 = f.user(t, "Nina Other")
	w.c = f.community(t, w.leader, "Testing Guild", community.Open)
	f.add(t, w.leader, w.c, w.core, community.Core)
	f.add(t, w.leader, w.c, w.alice, community.Member)
	f.add(t, w.leader, w.c, w.bob, community.Member)
	w.secret = f.community(t, w.leader, "Secret Circle", community.Private)
	f.add(t, w.leader, w.secret, w.erin, community.Member)
	w.other = f.community(t, w.lead2, "Data Circle", community.Open)
	return w
}

// propose creates an item or fails the test; the clock moves a minute
// first, so items have distinct ages.
func (f *fixture) propose(t testing.TB, u account.User, slug, title string) backlog.Item {
	t.Helper()
	f.clock.Advance(time.Minute)
	it, err := f.b.Create(f.ctx, u, slug, backlog.NewItem{Title: title, Description: "Why: " + title + "."})
	if err != nil {
		t.Fatalf("Create(%q): %v", title, err)
	}
	return it
}

func (f *fixture) vote(t testing.TB, u account.User, it backlog.Item) {
	t.Helper()
	if _, err := f.b.Vote(f.ctx, u, it.CommunitySlug, it.ID); err != nil {
		t.Fatalf("%s votes for %q: %v", u.Name, it.Title, err)
	}
}

func (f *fixture) artefact(t testing.TB, u account.User, slug, title string) knowledge.Artefact {
	t.Helper()
	a, err := f.app.Knowledge.Create(f.ctx, u, slug, knowledge.NewArtefact{Kind: knowledge.Summary, Title: title,
		Body: "What we said, written down so that nobody has to remember it."})
	if err != nil {
		t.Fatalf("create artefact: %v", err)
	}
	return a
}

// tables are the ones a backlog action may write.
var tables = []string{"backlog_items", "backlog_votes", "activity", "notifications"}

func (f *fixture) snapshot(t testing.TB) string {
	t.Helper()
	return storetest.Snapshot(t, f.db, tables...)
}

// wantKind checks err is of kind k and, for Invalid, names field.
func wantKind(t testing.TB, err error, k errs.Kind, field string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v", k)
	}
	if got := errs.KindOf(err); got != k {
		t.Fatalf("error %v is %v, want %v", err, got, k)
	}
	if field == "" {
		return
	}
	if _, ok := errs.ByField(err)[field]; !ok {
		t.Fatalf("error %v does not name field %q", err, field)
	}
}

func titles(items []backlog.Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Title
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
