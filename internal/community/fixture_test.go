package community_test

import (
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/app"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/validate"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

var t0 = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

const coc = "Be kind, share what you tried, credit your sources."

// Migrating a fresh SQLite database takes a second or more under -race, so
// the scenarios of one group share a database per engine and run one after
// the other. Each scenario keeps to its own people and communities: its
// emails are at its own domain and the slugs f.create makes end in its own
// suffix, both taken from its name.
type scenario struct {
	name string
	run  func(t *testing.T, db *store.DB)
}

func runScenarios(t *testing.T, scenarios ...scenario) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		for _, s := range scenarios {
			t.Run(s.name, func(t *testing.T) { s.run(t, db) })
		}
	})
}

type fixture struct {
	ctx    context.Context
	db     *store.DB
	clock  *clock.Fake
	acc    *account.Service
	com    *community.Service
	hash   string
	ns     string // this scenario's suffix
	domain string // of this scenario's emails
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	clk := clock.NewFake(t0)
	a, err := app.New(db, clk, app.Options{PasswordHash: account.FastHashParams()})
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	hash, err := account.HashPassword("correct horse battery staple", account.FastHashParams())
	if err != nil {
		t.Fatal(err)
	}
	h := fnv.New32a()
	h.Write([]byte(t.Name()))
	ns := strconv.FormatUint(uint64(h.Sum32()), 36)
	return &fixture{ctx: context.Background(), db: db, clock: clk, acc: a.Accounts, com: a.Communities, hash: hash, ns: ns, domain: ns + ".example.org"}
}

// user creates a person called name, with email <first word>@<scenario domain>.
func (f *fixture) user(t *testing.T, name string) account.User {
	t.Helper()
	email := strings.ToLower(strings.Fields(name)[0]) + "@" + f.domain
	u, err := f.acc.CreateWithHash(f.ctx, email, name, f.hash)
	if err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	return u
}

func (f *fixture) admin(t *testing.T, name string) account.User {
	t.Helper()
	u := f.user(t, name)
	if err := f.acc.SetRoles(f.ctx, u.ID, true, false); err != nil {
		t.Fatal(err)
	}
	u.IsAdmin = true
	return u
}

// create makes a community called name, led by leader, at the slug made
// from name and the scenario's suffix.
func (f *fixture) create(t *testing.T, leader account.User, name string, vis community.Visibility) community.Community {
	t.Helper()
	c, err := f.com.Create(f.ctx, leader, community.Settings{Name: name, Slug: f.slug(name), Domain: "Software testing", Visibility: string(vis), CodeOfConduct: coc})
	if err != nil {
		t.Fatalf("Create(%s): %v", name, err)
	}
	return c
}

// add makes u a member of c with role, by invitation (so it works for
// private communities too), as c's leader.
func (f *fixture) add(t *testing.T, leader account.User, c community.Community, u account.User, role community.Role) {
	t.Helper()
	invRole := role
	if role == community.Leader {
		invRole = community.Core
	}
	inv, err := f.com.Invite(f.ctx, leader, c.Slug, u.Email, invRole)
	if err != nil {
		t.Fatalf("invite %s: %v", u.Name, err)
	}
	if _, err := f.com.AcceptInvitation(f.ctx, u, 0, inv.Token, true); err != nil {
		t.Fatalf("%s accepts: %v", u.Name, err)
	}
	if role == community.Leader {
		if err := f.com.SetRole(f.ctx, leader, c.Slug, u.ID, community.Leader); err != nil {
			t.Fatal(err)
		}
	}
}

// slug is the scenario's web address for a community called name.
func (f *fixture) slug(name string) string { return validate.Slugify(name) + "-" + f.ns }

func (f *fixture) role(t *testing.T, c community.Community, u account.User) community.Role {
	t.Helper()
	m, err := f.com.Membership(f.ctx, c.ID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return m.Role
}

func (f *fixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.QueryRowContext(f.ctx, query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// leaders counts c's leaders, which must always be exactly one.
func (f *fixture) wantOneLeader(t *testing.T, c community.Community, leader account.User) {
	t.Helper()
	var n int
	var id int64
	if err := f.db.QueryRowContext(f.ctx, `SELECT COUNT(*), MAX(user_id) FROM memberships WHERE community_id = $1 AND role = 'leader'`, c.ID).Scan(&n, &id); err != nil {
		t.Fatal(err)
	}
	if n != 1 || id != leader.ID {
		t.Errorf("%d leaders (max id %d), want exactly %s (%d)", n, id, leader.Name, leader.ID)
	}
}

// line is an activity entry as the tests compare it.
type line struct {
	Community   int64
	Kind        string
	Actor       int64
	SubjectType string
	Subject     int64
}

func (l line) String() string {
	return fmt.Sprintf("{c%d %s by %d on %s %d}", l.Community, l.Kind, l.Actor, l.SubjectType, l.Subject)
}

// mark returns the id of the newest activity entry.
func (f *fixture) mark(t *testing.T) int64 {
	t.Helper()
	var id int64
	if err := f.db.QueryRowContext(f.ctx, `SELECT COALESCE(MAX(id), 0) FROM activity`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// wantLog checks that exactly want was logged, in order, since mark, in any
// community.
func (f *fixture) wantLog(t *testing.T, since int64, want ...line) {
	t.Helper()
	rows, err := f.db.QueryContext(f.ctx, `SELECT COALESCE(community_id, 0), kind, COALESCE(actor_id, 0), subject_type, COALESCE(subject_id, 0)
		FROM activity WHERE id > $1 ORDER BY id`, since)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []line
	for rows.Next() {
		var l line
		if err := rows.Scan(&l.Community, &l.Kind, &l.Actor, &l.SubjectType, &l.Subject); err != nil {
			t.Fatal(err)
		}
		got = append(got, l)
	}
	if !slices.Equal(got, want) {
		t.Errorf("logged %v\nwant   %v", got, want)
	}
}

// detail returns the detail JSON of the newest entry.
func (f *fixture) detail(t *testing.T) string {
	t.Helper()
	var d string
	if err := f.db.QueryRowContext(f.ctx, `SELECT detail FROM activity ORDER BY id DESC LIMIT 1`).Scan(&d); err != nil {
		t.Fatal(err)
	}
	return d
}

func wantKind(t *testing.T, err error, k errs.Kind, field string) {
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
