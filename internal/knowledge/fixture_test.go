package knowledge_test

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
	"cultivate/internal/knowledge"
	"cultivate/internal/notify"
	"cultivate/internal/search"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

var t0 = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

// fixture is a database with the services knowledge needs, built here
// rather than through internal/app so these tests depend on nothing else.
type fixture struct {
	ctx   context.Context
	db    *store.DB
	clock *clock.Fake
	acc   *account.Service
	com   *community.Service
	inbox *notify.Inbox
	k     *knowledge.Service
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
	inbox := notify.New(db, clk)
	return &fixture{ctx: context.Background(), db: db, clock: clk, acc: acc, com: com, inbox: inbox,
		k: knowledge.New(db, clk, log, com, inbox, search.New(db)), hash: hash}
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

// add makes u a member of c with role (member or core), by invitation.
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

// world is one open community with a leader, a core member, two members
// and an outsider, and a second community led by someone else.
type world struct {
	c, other                                  community.Community
	leader, core, alice, bob, outsider, lead2 account.User
}

func (f *fixture) world(t testing.TB) world {
	t.Helper()
	var w world
	w.leader = f.user(t, "Léa Leader")
	w.core = f.user(t, "Corentin Core")
	w.alice = f.user(t, "Alice Member")
	w.bob = f.user(t, "Bob Member")
	w.outsider = f.user(t, "Oscar Outsider")
	w.lead2 = f.user(t, "Nina Other")
	w.c = f.community(t, w.leader, "Testing Guild", community.Open)
	f.add(t, w.leader, w.c, w.core, community.Core)
	f.add(t, w.leader, w.c, w.alice, community.Member)
	f.add(t, w.leader, w.c, w.bob, community.Member)
	w.other = f.community(t, w.lead2, "Data Circle", community.Open)
	return w
}

func body(s string) string { return s + " — with enough words to be a real body of text." }

// create makes an artefact or fails the test.
func (f *fixture) create(t testing.TB, u account.User, slug string, in knowledge.NewArtefact) knowledge.Artefact {
	t.Helper()
	if in.Body == "" {
		in.Body = body("About " + in.Title)
	}
	a, err := f.k.Create(f.ctx, u, slug, in)
	if err != nil {
		t.Fatalf("Create(%q): %v", in.Title, err)
	}
	return a
}

// request inserts a help request with plain SQL, as internal/practice
// would store it, and returns its id.
func (f *fixture) request(t testing.TB, c community.Community, asker account.User, title, text, tried string, tags ...string) int64 {
	t.Helper()
	now := store.Millis(f.clock.Now())
	var id int64
	err := f.db.WithTx(f.ctx, func(ctx context.Context) error {
		if err := f.db.QueryRowContext(ctx, `INSERT INTO requests (community_id, author_id, title, body, tried, status,
				created_at, updated_at, last_activity_at, due_at)
			VALUES ($1, $2, $3, $4, $5, 'open', $6, $6, $6, $7) RETURNING id`,
			c.ID, asker.ID, title, text, tried, now, now+86400000).Scan(&id); err != nil {
			return err
		}
		for _, tag := range tags {
			if _, err := f.db.ExecContext(ctx, `INSERT INTO request_tags (request_id, community_id, tag) VALUES ($1, $2, $3)`, id, c.ID, tag); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("insert request: %v", err)
	}
	return id
}

// reply inserts a reply (or, with parent, a comment) and returns its id.
func (f *fixture) reply(t testing.TB, requestID int64, author account.User, text string, parent int64) int64 {
	t.Helper()
	now := store.Millis(f.clock.Now())
	var parentID any
	if parent != 0 {
		parentID = parent
	}
	var id int64
	err := f.db.WithTx(f.ctx, func(ctx context.Context) error {
		if err := f.db.QueryRowContext(ctx, `INSERT INTO replies (request_id, parent_id, author_id, body, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, requestID, parentID, author.ID, text, now).Scan(&id); err != nil {
			return err
		}
		_, err := f.db.ExecContext(ctx, `UPDATE requests SET reply_count = reply_count + 1 WHERE id = $1`, requestID)
		return err
	})
	if err != nil {
		t.Fatalf("insert reply: %v", err)
	}
	return id
}

// solve accepts replyID on the request, and records an outcome if given.
func (f *fixture) solve(t testing.TB, requestID, replyID int64, outcome, note string) {
	t.Helper()
	now := store.Millis(f.clock.Now())
	err := f.db.WithTx(f.ctx, func(ctx context.Context) error {
		if _, err := f.db.ExecContext(ctx, `UPDATE requests SET status = 'solved', accepted_reply_id = $1, solved_at = $2 WHERE id = $3`,
			replyID, now, requestID); err != nil {
			return err
		}
		if outcome == "" {
			return nil
		}
		_, err := f.db.ExecContext(ctx, `UPDATE requests SET outcome = $1, outcome_note = $2, outcome_at = $3 WHERE id = $4`,
			outcome, note, now, requestID)
		return err
	})
	if err != nil {
		t.Fatalf("solve request: %v", err)
	}
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

// snapshot counts the rows knowledge writes, to prove a refused action
// changed nothing.
func (f *fixture) snapshot(t testing.TB) string {
	t.Helper()
	return storetest.Snapshot(t, f.db, "artefacts", "artefact_tags", "artefact_links", "adoptions", "revisions", "search_docs", "notifications", "activity")
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
