package webhook_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/feed"
	"cultivate/internal/jobs"
	"cultivate/internal/knowledge"
	"cultivate/internal/notify"
	"cultivate/internal/search"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/webhook"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

var t0 = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

const baseURL = "https://cop.example.org"

// fixture is one replica: the services webhooks need on one database
// handle, built here rather than through internal/app so these tests
// depend on nothing else.
type fixture struct {
	ctx   context.Context
	db    *store.DB
	clock *clock.Fake
	acc   *account.Service
	com   *community.Service
	k     *knowledge.Service
	queue *jobs.Queue
	hooks *webhook.Service
	hash  string
}

func newFixture(t testing.TB, db *store.DB, clk *clock.Fake, opts webhook.Options) *fixture {
	t.Helper()
	if clk == nil {
		clk = clock.NewFake(t0)
	}
	if opts.BaseURL == "" {
		opts.BaseURL = baseURL
	}
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
	queue := jobs.New(db, clk)
	hooks := webhook.New(db, clk, log, com, queue, feed.NewDescriber(db), opts)
	log.Observe(hooks.Observe)
	return &fixture{ctx: context.Background(), db: db, clock: clk, acc: acc, com: com, queue: queue, hooks: hooks, hash: hash,
		k: knowledge.New(db, clk, log, com, inbox, search.New(db))}
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

// world is a community with a leader, a core member and a member, and an
// outsider.
type world struct {
	c                             community.Community
	leader, core, alice, outsider account.User
}

func (f *fixture) world(t testing.TB, vis community.Visibility) world {
	t.Helper()
	var w world
	w.leader = f.user(t, "Léa Leader")
	w.core = f.user(t, "Corentin Core")
	w.alice = f.user(t, "Alice Member")
	w.outsider = f.user(t, "Oscar Outsider")
	c, err := f.com.Create(f.ctx, w.leader, community.Settings{Name: "Testing & <Guild>", Domain: "Software testing", Visibility: string(vis),
		CodeOfConduct: "Be kind, share what you tried, credit your sources."})
	if err != nil {
		t.Fatal(err)
	}
	w.c = c
	for _, m := range []struct {
		u    account.User
		role community.Role
	}{{w.core, community.Core}, {w.alice, community.Member}} {
		inv, err := f.com.Invite(f.ctx, w.leader, c.Slug, m.u.Email, m.role)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.com.AcceptInvitation(f.ctx, m.u, 0, inv.Token, true); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// publish creates a knowledge artefact, an entry of the knowledge topic.
func (f *fixture) publish(t testing.TB, u account.User, slug, title string) knowledge.Artefact {
	t.Helper()
	a, err := f.k.Create(f.ctx, u, slug, knowledge.NewArtefact{Kind: knowledge.FAQ, Title: title,
		Body: "A body long enough to be a real answer, which webhooks never send."})
	if err != nil {
		t.Fatalf("publish %q: %v", title, err)
	}
	return a
}

func (f *fixture) create(t testing.TB, u account.User, slug string, in webhook.Input) (webhook.Webhook, string) {
	t.Helper()
	w, secret, err := f.hooks.Create(f.ctx, u, slug, in)
	if err != nil {
		t.Fatalf("create webhook: %v", err)
	}
	return w, secret
}

func (f *fixture) runDue(t testing.TB) jobs.Report {
	t.Helper()
	rep, err := f.queue.RunDue(f.ctx)
	if err != nil {
		t.Fatalf("RunDue: %v", err)
	}
	return rep
}

// receiver is a real HTTP server that records what arrives and answers
// with the statuses it is given, in turn (the last one repeats).
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	got      []received
	statuses []int
}

type received struct {
	header http.Header
	body   []byte
}

func newReceiver(t testing.TB, statuses ...int) *receiver {
	t.Helper()
	if len(statuses) == 0 {
		statuses = []int{http.StatusOK}
	}
	r := &receiver{statuses: statuses}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, received{header: req.Header.Clone(), body: body})
		status := r.statuses[min(len(r.got), len(r.statuses))-1]
		r.mu.Unlock()
		w.WriteHeader(status)
		_, _ = io.WriteString(w, "answer from the receiver")
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

// localURL is the receiver's address under the name localhost, which a
// service without AllowLoopback refuses.
func (r *receiver) localURL(path string) string {
	return strings.Replace(r.URL, "127.0.0.1", "localhost", 1) + path
}
