package events_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/events"
	"cultivate/internal/jobs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// t0 is a Monday morning in March 2026, before summer time starts in
// Europe (29 March) and after it starts in America (8 March).
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// fixture is a database with the services events needs, built here rather
// than through internal/app so these tests depend on nothing else.
type fixture struct {
	ctx   context.Context
	db    *store.DB
	clock *clock.Fake
	acc   *account.Service
	com   *community.Service
	inbox *notify.Inbox
	queue *jobs.Queue
	ev    *events.Service
	hash  string
}

func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	clk := clock.NewFake(t0)
	return newFixtureAt(t, db, clk)
}

func newFixtureAt(t testing.TB, db *store.DB, clk *clock.Fake) *fixture {
	t.Helper()
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
	inbox := notify.New(db, clk)
	q := jobs.New(db, clk)
	ev := events.New(db, clk, log, com, inbox, q)
	ev.Register(q)
	return &fixture{ctx: context.Background(), db: db, clock: clk, acc: acc, com: com, inbox: inbox, queue: q, ev: ev, hash: hash}
}

func (f *fixture) user(t testing.TB, name string) account.User {
	t.Helper()
	email := strings.ToLower(strings.Fields(name)[0]) + "@example.org"
	u, err := f.acc.CreateWithHash(f.ctx, email, name, f.hash)
	if err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	return u
}

func (f *fixture) community(t testing.TB, leader account.User, name string, vis community.Visibility) community.Community {
	t.Helper()
	c, err := f.com.Create(f.ctx, leader, community.Settings{Name: name, Domain: "Software testing", Visibility: string(vis),
		CodeOfConduct: "Be kind, share what you tried, credit your sources."})
	if err != nil {
		t.Fatalf("create community %s: %v", name, err)
	}
	return c
}

func (f *fixture) add(t testing.TB, leader account.User, c community.Community, u account.User, role community.Role) {
	t.Helper()
	inv, err := f.com.Invite(f.ctx, leader, c.Slug, u.Email, role)
	if err != nil {
		t.Fatalf("invite %s: %v", u.Name, err)
	}
	if _, err := f.com.AcceptInvitation(f.ctx, u, 0, inv.Token, true); err != nil {
		t.Fatalf("%s accepts: %v", u.Name, err)
	}
}

// world: an open community with a leader, a core member, three members and
// an outsider; a private community led by someone else.
type world struct {
	c, secret                                 community.Community
	leader, core, alice, bob, carol, outsider account.User
	lead2                                     account.User
}

func (f *fixture) world(t testing.TB) world {
	t.Helper()
	var w world
	w.leader = f.user(t, "Léa Leader")
	w.core = f.user(t, "Corentin Core")
	w.alice = f.user(t, "Alice Member")
	w.bob = f.user(t, "Bob Member")
	w.carol = f.user(t, "Carol Member")
	w.outsider = f.user(t, "Oscar Outsider")
	w.lead2 = f.user(t, "Nina Other")
	w.c = f.community(t, w.leader, "Testing Guild", community.Open)
	f.add(t, w.leader, w.c, w.core, community.Core)
	for _, u := range []account.User{w.alice, w.bob, w.carol} {
		f.add(t, w.leader, w.c, u, community.Member)
	}
	w.secret = f.community(t, w.lead2, "Red Team", community.Private)
	return w
}

// brownBag is a weekly brown bag at 12:00 London time, from Tuesday 3 March 2026.
func brownBag() events.Input {
	return events.Input{Title: "Brown bag: flaky tests", Format: events.BrownBag, Description: "We look at **flaky** tests.",
		Start: "2026-03-03T12:00", End: "2026-03-03T13:00", TimeZone: "Europe/London", Place: "Room 4",
		Recurrence: events.Recurrence{Freq: events.Weekly, Interval: 1}}
}

func (f *fixture) create(t testing.TB, actor account.User, slug string, in events.Input) events.Event {
	t.Helper()
	e, err := f.ev.Create(f.ctx, actor, slug, in)
	if err != nil {
		t.Fatalf("create event: %v", err)
	}
	return e
}

// tables are the tables events writes, for snapshots.
var tables = []string{"events", "event_communities", "event_hosts", "event_occurrences", "event_rsvps", "event_attendance",
	"event_feedback", "activity", "notifications", "jobs"}

func wantKind(t *testing.T, err error, k errs.Kind) {
	t.Helper()
	if !errs.Is(err, k) {
		t.Fatalf("got %v, want a %v error", err, k)
	}
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	if _, ok := errs.ByField(err)[field]; !ok {
		t.Fatalf("got %v, want an error on field %q", err, field)
	}
}

func at(t *testing.T, zone, local string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", local, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// notes counts userID's notes of kind.
func (f *fixture) notes(t testing.TB, userID int64, kind string) int {
	t.Helper()
	return storetest.Count(t, f.db, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = $2`, userID, kind)
}
