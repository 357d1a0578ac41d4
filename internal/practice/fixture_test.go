package practice_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/app"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/practice"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// t0 is a Monday morning.
var t0 = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

const coc = "Be kind, share what you tried, credit your sources."

type fixture struct {
	ctx   context.Context
	db    *store.DB
	clock *clock.Fake
	app   *app.App
	svc   *practice.Service
	hash  string
}

func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	return newFixtureAt(t, db, clock.NewFake(t0))
}

func newFixtureAt(t testing.TB, db *store.DB, clk *clock.Fake) *fixture {
	t.Helper()
	a, err := app.New(db, clk, app.Options{PasswordHash: account.FastHashParams()})
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	hash, err := account.HashPassword("correct horse battery staple", account.FastHashParams())
	if err != nil {
		t.Fatal(err)
	}
	svc := practice.New(db, clk, a.Activity, a.Communities, a.Accounts, a.Inbox, a.Search)
	return &fixture{ctx: context.Background(), db: db, clock: clk, app: a, svc: svc, hash: hash}
}

// user creates a person called name, with email <first word>@example.org
// and the handle made from their name ("Léa Martin" → lea-martin).
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
	c, err := f.app.Communities.Create(f.ctx, leader, community.Settings{Name: name, Domain: "Software testing", Visibility: string(vis), CodeOfConduct: coc})
	if err != nil {
		t.Fatalf("create community %s: %v", name, err)
	}
	return c
}

// add makes u a member of c with role, by invitation (so it works for
// private communities too).
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

// world is a community with a leader (Léa), a core member (Chloé), two
// members (Ana, Ben), a sponsor (Sam) and an outsider (Otto).
type world struct {
	*fixture
	c                               community.Community
	lea, chloe, ana, ben, sam, otto account.User
}

func newWorld(t testing.TB, db *store.DB) *world {
	t.Helper()
	return newWorldOn(t, newFixture(t, db), community.Open)
}

func newWorldOn(t testing.TB, f *fixture, vis community.Visibility) *world {
	t.Helper()
	w := &world{fixture: f}
	w.lea = f.user(t, "Léa Martin")
	w.chloe = f.user(t, "Chloé Dubois")
	w.ana = f.user(t, "Ana Silva")
	w.ben = f.user(t, "Ben Okafor")
	w.sam = f.user(t, "Sam Sponsor")
	w.otto = f.user(t, "Otto Outsider")
	w.c = f.community(t, w.lea, "Testers Guild", vis)
	f.add(t, w.lea, w.c, w.chloe, community.Core)
	f.add(t, w.lea, w.c, w.ana, community.Member)
	f.add(t, w.lea, w.c, w.ben, community.Member)
	f.add(t, w.lea, w.c, w.sam, community.Sponsor)
	return w
}

// ask makes a request as u, with a title made from what.
func (w *world) ask(t testing.TB, u account.User, what string, tags ...string) practice.Request {
	t.Helper()
	r, err := w.svc.Ask(w.ctx, u, w.c.Slug, practice.NewRequest{
		Title: "How do we " + what + "?",
		Body:  "We tried a few things for " + what + " and none of them stuck. Any advice?",
		Tags:  strings.Join(tags, ", "),
	})
	if err != nil {
		t.Fatalf("%s asks about %s: %v", u.Name, what, err)
	}
	return r
}

func (w *world) reply(t testing.TB, u account.User, id int64, body string) practice.Reply {
	t.Helper()
	p, err := w.svc.Reply(w.ctx, u, w.c.Slug, id, body)
	if err != nil {
		t.Fatalf("%s replies to %d: %v", u.Name, id, err)
	}
	return p
}

func (w *world) get(t testing.TB, viewer account.User, id int64) practice.Request {
	t.Helper()
	r, err := w.svc.Get(w.ctx, viewer, w.c.Slug, id)
	if err != nil {
		t.Fatalf("Get %d as %s: %v", id, viewer.Name, err)
	}
	return r
}

func (w *world) thread(t testing.TB, viewer account.User, id int64) practice.Thread {
	t.Helper()
	th, err := w.svc.Thread(w.ctx, viewer, w.c.Slug, id)
	if err != nil {
		t.Fatalf("Thread %d as %s: %v", id, viewer.Name, err)
	}
	return th
}

// notes returns the titles of u's notes of kind, oldest first.
func (f *fixture) notes(t testing.TB, u account.User, kind string) []string {
	t.Helper()
	rows, err := f.db.QueryContext(f.ctx, `SELECT title FROM notifications WHERE user_id = $1 AND kind = $2 ORDER BY id`, u.ID, kind)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func (f *fixture) count(t testing.TB, query string, args ...any) int {
	t.Helper()
	return storetest.Count(t, f.db, query, args...)
}

// mark returns the id of the newest activity entry.
func (f *fixture) mark(t testing.TB) int64 {
	t.Helper()
	return storetest.LastActivity(t, f.db)
}

// line is an activity entry as tests compare it; Actor 0 is no actor.
type line struct {
	Kind    string
	Actor   int64
	Subject int64
}

// wantLog checks that exactly want was logged since mark.
func (f *fixture) wantLog(t testing.TB, since int64, want ...line) {
	t.Helper()
	lines := make([]storetest.LogLine, len(want))
	for i, l := range want {
		lines[i] = storetest.LogLine(l)
	}
	storetest.WantLog(t, f.db, since, lines...)
}

// snapshot is the content of every table this package writes, to check
// that a refused action changed nothing.
func (f *fixture) snapshot(t testing.TB) string {
	t.Helper()
	return storetest.Snapshot(t, f.db, "requests", "request_tags", "replies", "revisions", "notifications", "activity", "search_docs", "practice_settings")
}

// unchanged fails t if the tables differ from before.
func (f *fixture) unchanged(t testing.TB, before, what string) {
	t.Helper()
	if after := f.snapshot(t); after != before {
		t.Errorf("%s changed the database:\nbefore:\n%s\nafter:\n%s", what, before, after)
	}
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

// wantMessage checks the message a person would see.
func wantMessage(t testing.TB, err error, contains string) {
	t.Helper()
	_, _, msg := errs.Public(err)
	if !strings.Contains(msg, contains) {
		t.Errorf("message %q does not say %q", msg, contains)
	}
}

// wantTagsInStep checks what the service keeps about tags against the
// requests: each tag's copy of its request's last activity, and the counts
// of each community's tags.
func (f *fixture) wantTagsInStep(t testing.TB) {
	t.Helper()
	if n := f.count(t, `SELECT COUNT(*) FROM request_tags t JOIN requests r ON r.id = t.request_id WHERE t.last_activity_at <> r.last_activity_at`); n != 0 {
		t.Errorf("%d tags have another last activity than their request", n)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM (
			SELECT t.community_id, t.tag, COUNT(*) AS n FROM request_tags t JOIN requests r ON r.id = t.request_id
			WHERE r.deleted_at IS NULL GROUP BY t.community_id, t.tag) c
		FULL OUTER JOIN (SELECT community_id, tag, requests AS n FROM request_tag_counts WHERE requests <> 0) k
		ON k.community_id = c.community_id AND k.tag = c.tag
		WHERE c.n IS NULL OR k.n IS NULL OR c.n <> k.n`); n != 0 {
		t.Errorf("%d tag counts are wrong", n)
	}
}
