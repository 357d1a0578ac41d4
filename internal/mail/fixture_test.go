package mail_test

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
	"cultivate/internal/jobs"
	"cultivate/internal/knowledge"
	"cultivate/internal/mail"
	"cultivate/internal/notify"
	"cultivate/internal/practice"
	"cultivate/internal/search"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// t0 is a Wednesday morning; the next digest slot is Monday 9 March 07:00 UTC.
var t0 = time.Date(2026, 3, 4, 10, 0, 30, 0, time.UTC)

const base = "https://cop.example.org"

// fixture is one replica: a database handle with the services mail needs,
// built here rather than through internal/app so these tests depend on
// nothing else.
type fixture struct {
	ctx   context.Context
	db    *store.DB
	clock *clock.Fake
	acc   *account.Service
	com   *community.Service
	inbox *notify.Inbox
	prac  *practice.Service
	know  *knowledge.Service
	queue *jobs.Queue
	mail  *mail.Service
	hash  string
}

func newFixture(t testing.TB, db *store.DB, clk *clock.Fake, opts mail.Options) *fixture {
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
	idx := search.New(db)
	q := jobs.New(db, clk)
	if opts.BaseURL == "" {
		opts.BaseURL = base
	}
	m, err := mail.New(db, clk, q, log, opts)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{ctx: context.Background(), db: db, clock: clk, acc: acc, com: com, inbox: inbox, queue: q, mail: m, hash: hash,
		prac: practice.New(db, clk, log, com, acc, inbox, idx), know: knowledge.New(db, clk, log, com, inbox, idx)}
	inbox.OnSend(m.Noted)
	m.AddSource(mail.RankRequests, mail.PracticeSource(f.prac))
	m.AddSource(mail.RankKnowledge, mail.KnowledgeSource(f.know))
	m.Register(q)
	return f
}

// smtpTo is the options of a replica that sends to srv without TLS.
func smtpTo(srv *smtpServer) mail.Options {
	return mail.Options{SMTP: mail.SMTP{Addr: srv.addr(), TLS: mail.NoTLS}, From: "Cultivate <cop@example.org>"}
}

func (f *fixture) user(t testing.TB, name, expertise string) account.User {
	t.Helper()
	email := strings.ToLower(strings.Fields(name)[0]) + "@example.org"
	u, err := f.acc.CreateWithHash(f.ctx, email, name, f.hash)
	if err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	if expertise != "" {
		if u, err = f.acc.UpdateProfile(f.ctx, u.ID, account.Profile{Name: name, TimeZone: "UTC", Expertise: expertise}); err != nil {
			t.Fatal(err)
		}
	}
	return u
}

// note sends n to users in a transaction, as an action would.
func (f *fixture) note(t testing.TB, n notify.Note, users ...int64) {
	t.Helper()
	if err := f.db.WithTx(f.ctx, func(ctx context.Context) error { return f.inbox.Send(ctx, n, users...) }); err != nil {
		t.Fatal(err)
	}
}

// run runs the due jobs and returns what ran.
func (f *fixture) run(t testing.TB) jobs.Report {
	t.Helper()
	rep, err := f.queue.RunDue(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func (f *fixture) outbox(t testing.TB) []mail.Message {
	t.Helper()
	list, _, err := f.mail.Outbox(f.ctx, "", 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// world is a community with a leader (Léa) and two members: Ann knows
// test-automation, Bob knows nothing yet.
type world struct {
	c             community.Community
	lea, ann, bob account.User
}

func (f *fixture) world(t testing.TB) world {
	t.Helper()
	var w world
	w.lea = f.user(t, "Léa Leader", "")
	w.ann = f.user(t, "Ann Example", "test-automation, flaky-tests")
	w.bob = f.user(t, "Bob Example", "")
	c, err := f.com.Create(f.ctx, w.lea, community.Settings{Name: "Testing Guild", Slug: "testing", Domain: "Software testing",
		Visibility: string(community.Open), CodeOfConduct: "Be kind, share what you tried, credit your sources."})
	if err != nil {
		t.Fatal(err)
	}
	w.c = c
	for _, u := range []account.User{w.ann, w.bob} {
		if _, err := f.com.Join(f.ctx, u, "testing", true, ""); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// mailTables are the tables these tests compare before and after a
// refused action.
var mailTables = []string{"mail_preferences", "mail_settings", "mail_notes", "mail_outbox", "jobs", "activity"}
