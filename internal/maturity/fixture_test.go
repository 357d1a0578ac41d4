package maturity_test

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
	"cultivate/internal/maturity"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

var t0 = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

// fixture is a database with the whole application wired on a fake clock:
// evidence reads events, practice and the backlog.
type fixture struct {
	ctx   context.Context
	db    *store.DB
	clock *clock.Fake
	app   *app.App
	mat   *maturity.Service
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
	return &fixture{ctx: context.Background(), db: db, clock: clk, app: a, mat: a.Maturity, hash: hash}
}

func (f *fixture) user(t testing.TB, name string) account.User {
	t.Helper()
	u, err := f.app.Accounts.CreateWithHash(f.ctx, strings.ToLower(strings.Fields(name)[0])+"@example.org", name, f.hash)
	if err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	return u
}

// world is a community with a leader, a core member, a member and an
// outsider; priv is a private community led by the same leader.
type world struct {
	c, priv                        community.Community
	leader, core, member, outsider account.User
}

func (f *fixture) world(t testing.TB) world {
	t.Helper()
	var w world
	w.leader, w.core, w.member, w.outsider = f.user(t, "Léa Leader"), f.user(t, "Corentin Core"), f.user(t, "Alice Member"), f.user(t, "Oscar Outsider")
	var err error
	if w.c, err = f.app.Communities.Create(f.ctx, w.leader, community.Settings{Name: "Testing Guild", Domain: "Software testing", Visibility: "open",
		Purpose:       "We help each other test software better, share what we learn, and grow the craft of testing across the company.",
		CodeOfConduct: "Be kind and credit your sources."}); err != nil {
		t.Fatal(err)
	}
	if w.priv, err = f.app.Communities.Create(f.ctx, w.leader, community.Settings{Name: "Secret Circle", Domain: "Security", Visibility: "private",
		CodeOfConduct: "What is said here stays here."}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []account.User{w.core, w.member} {
		if _, err := f.app.Communities.Join(f.ctx, u, w.c.Slug, true, ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.app.Communities.SetRole(f.ctx, w.leader, w.c.Slug, w.core.ID, community.Core); err != nil {
		t.Fatal(err)
	}
	return w
}

// tables are everything this package writes.
var tables = []string{"maturity_assessments", "maturity_ratings", "dimension_defs", "dimension_settings", "dimension_values",
	"targets", "target_values", "bootstrap_ticks", "activity"}

func (f *fixture) snapshot(t testing.TB) string {
	t.Helper()
	return storetest.Snapshot(t, f.db, tables...)
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

// allMarks rates every indicator of the first n stages r, the rest not yet.
func allMarks(n int, r maturity.Rating) map[string]maturity.Mark {
	out := map[string]maturity.Mark{}
	for i, st := range maturity.Model() {
		for _, ind := range st.Indicators() {
			if i < n {
				out[ind.Key] = maturity.Mark{Rating: r}
			} else {
				out[ind.Key] = maturity.Mark{Rating: maturity.NotYet}
			}
		}
	}
	return out
}
