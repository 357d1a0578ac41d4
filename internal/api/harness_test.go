package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/api"
	"cultivate/internal/app"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/web"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// world is a small instance, served exactly as in production (web.New with
// the API mounted, behind the real middleware), with people in known
// places:
//
//   - alice leads "testing" (open) and "secret" (private); she also has a
//     browser session;
//   - dave is in testing's core group; bob is a plain member of testing;
//   - erin is a member of secret; carol belongs nowhere and has a pending
//     invitation to secret; frank has asked to join secret;
//   - bob also has a revoked token.
type world struct {
	db      *store.DB
	app     *app.App
	clock   *clock.Fake
	srv     *httptest.Server
	users   map[string]account.User
	tokens  map[string]string // person → token secret
	cookies map[string]string // person → session cookie value
	ids     map[string]int64  // named rows: "invitation", "request", "revoked" (bob's old token), "token:<person>"
	code    string            // secret's join-link code
}

// people are the world's inhabitants, by first name.
func people() []string { return []string{"alice", "bob", "carol", "dave", "erin", "frank"} }

func email(name string) string { return name + "@example.org" }

// start is when every world begins.
var start = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// stack is an instance on one database, served exactly as in production.
// Building one (the OpenAPI document, the templates) costs as much as
// seeding a world, and nothing in it remembers a world, so a test builds a
// stack per engine and seeds each scenario's world on it.
type stack struct {
	db    *store.DB
	app   *app.App
	clock *clock.Fake
	srv   *httptest.Server
}

func newStack(t *testing.T, db *store.DB) *stack {
	t.Helper()
	fake := clock.NewFake(start)
	a, err := app.New(db, fake, app.Options{PasswordHash: account.FastHashParams()})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	apiHandler, err := api.New(a, log)
	if err != nil {
		t.Fatal(err)
	}
	h, err := web.New(a, log, web.Config{API: apiHandler, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	st := &stack{db: db, app: a, clock: fake, srv: httptest.NewServer(h)}
	t.Cleanup(st.srv.Close)
	return st
}

// newWorld seeds a world on db, a fresh database.
func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	return newStack(t, db).world(t)
}

// world seeds a world on the stack's database, which must be empty, with
// the clock back at the start.
func (st *stack) world(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	st.clock.Set(start)
	a := st.app
	w := &world{db: st.db, app: a, clock: st.clock, srv: st.srv, users: map[string]account.User{},
		tokens: map[string]string{}, cookies: map[string]string{}, ids: map[string]int64{}}

	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seeding the world: %v", err)
		}
	}
	for _, name := range people() {
		u, err := a.Accounts.Create(ctx, account.SignUp{Email: email(name), Name: strings.ToUpper(name[:1]) + name[1:] + " Example", Password: "plum velvet orbit 4821"})
		must(err)
		tok, err := a.Accounts.CreateToken(ctx, u.ID, "tests")
		must(err)
		// Use each token once now: its first use records last_used_at,
		// and the clock does not move, so later calls write nothing.
		u, err = a.Accounts.TokenUser(ctx, tok.Secret)
		must(err)
		w.users[name], w.tokens[name], w.ids["token:"+name] = u, tok.Secret, tok.ID
	}
	old, err := a.Accounts.CreateToken(ctx, w.users["bob"].ID, "old laptop")
	must(err)
	must(a.Accounts.RevokeToken(ctx, w.users["bob"].ID, old.ID))
	w.tokens["bob-revoked"], w.ids["revoked"] = old.Secret, old.ID
	sess, err := a.Accounts.NewSession(ctx, w.users["alice"].ID, "127.0.0.1", "test")
	must(err)
	w.cookies["alice"] = sess.Token

	alice := w.users["alice"]
	_, err = a.Communities.Create(ctx, alice, community.Settings{Name: "Testing", Slug: "testing", Domain: "Software testing", Visibility: "open"})
	must(err)
	_, err = a.Communities.Create(ctx, alice, community.Settings{Name: "Secret", Slug: "secret", Domain: "Security champions", Visibility: "private"})
	must(err)
	for _, name := range []string{"bob", "dave"} {
		_, err = a.Communities.Join(ctx, w.users[name], "testing", true, "Hello from "+name)
		must(err)
	}
	must(a.Communities.SetRole(ctx, alice, "testing", w.users["dave"].ID, community.Core))
	inv, err := a.Communities.Invite(ctx, alice, "secret", email("erin"), community.Member)
	must(err)
	_, err = a.Communities.AcceptInvitation(ctx, w.users["erin"], inv.ID, "", true)
	must(err)
	inv, err = a.Communities.Invite(ctx, alice, "secret", email("carol"), community.Member)
	must(err)
	w.ids["invitation"] = inv.ID
	c, _, err := a.Communities.BySlug(ctx, "secret", alice)
	must(err)
	w.code = c.RequestCode
	jr, err := a.Communities.RequestToJoin(ctx, w.users["frank"], w.code, "I run the threat-modelling guild", true)
	must(err)
	w.ids["request"] = jr.ID
	return w
}

// expand fills a scenario's {placeholders}: {alice} … is a person's user
// id, {code} secret's join code, and any name in ids its id.
func (w *world) expand(s string) string {
	var pairs []string
	for name, u := range w.users {
		pairs = append(pairs, "{"+name+"}", strconv.FormatInt(u.ID, 10))
	}
	for name, id := range w.ids {
		pairs = append(pairs, "{"+name+"}", strconv.FormatInt(id, 10))
	}
	pairs = append(pairs, "{code}", w.code)
	return strings.NewReplacer(pairs...).Replace(s)
}

// response is what a call got back.
type response struct {
	status int
	header http.Header
	body   []byte
	json   any // the decoded body, nil when it is empty
}

// request describes one call.
type request struct {
	method, path string
	body         string            // sent as application/json unless header says otherwise
	as           string            // the person whose token is sent; "" for nobody
	cookie       string            // the person whose session cookie is sent
	header       map[string]string // extra headers; "Content-Type": "" sends none
	chunked      bool              // send the body without a Content-Length
}

func (w *world) do(t *testing.T, rq request) response {
	t.Helper()
	var body io.Reader
	if rq.body != "" {
		body = strings.NewReader(rq.body)
		if rq.chunked {
			body = io.MultiReader(body) // hides the length from net/http
		}
	}
	req, err := http.NewRequest(rq.method, w.srv.URL+rq.path, body)
	if err != nil {
		t.Fatal(err)
	}
	if rq.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if rq.as != "" {
		req.Header.Set("Authorization", "Bearer "+w.tokens[rq.as])
	}
	if rq.cookie != "" {
		req.AddCookie(&http.Cookie{Name: "cultivate_session", Value: w.cookies[rq.cookie]})
	}
	for k, v := range rq.header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	res, err := w.srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", rq.method, rq.path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := response{status: res.StatusCode, header: res.Header, body: b}
	if len(bytes.TrimSpace(b)) > 0 {
		if err := json.Unmarshal(b, &out.json); err != nil {
			t.Errorf("%s %s: the body is not JSON (%v): %.300s", rq.method, rq.path, err, b)
		}
	}
	return out
}

// get reads a value out of decoded JSON by a dotted path: "error.field",
// "items.0.name", "items.#" (a list's length).
func get(v any, path string) any {
	for part := range strings.SplitSeq(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[part]; !ok {
				return "<absent>"
			}
		case []any:
			if part == "#" {
				return len(x)
			}
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(x) {
				return "<absent>"
			}
			v = x[i]
		default:
			return "<absent>"
		}
	}
	return v
}

// tables are every table the services write, children before parents.
// (SQLite's full-text index follows search_docs by triggers.)
func tables() []string {
	return []string{"webhook_deliveries", "webhooks", "feed_tokens", "backlog_votes", "backlog_items", "announcements", "notifications", "adoptions", "artefact_links", "artefact_tags", "artefacts", "revisions", "search_docs",
		"request_tag_counts", "request_tags", "replies", "requests", "practice_settings",
		"activity", "invitations", "join_requests", "memberships", "communities", "rate_limits",
		"api_tokens", "sessions", "user_expertise", "users"}
}

// wipe empties every table, so the next world starts from nothing. A
// fresh PostgreSQL database per scenario would cost a checkpoint each
// (~0.4 s); emptying one costs a few milliseconds.
func wipe(t *testing.T, db *store.DB) {
	t.Helper()
	err := db.WithTx(context.Background(), func(ctx context.Context) error {
		for _, table := range tables() {
			if _, err := db.ExecContext(ctx, `DELETE FROM `+table); err != nil {
				return fmt.Errorf("%s: %w", table, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("wipe: %v", err)
	}
}

// clone is a copy of w whose maps a scenario may change.
func (w *world) clone() *world {
	c := *w
	c.users, c.tokens, c.cookies, c.ids = maps.Clone(w.users), maps.Clone(w.tokens), maps.Clone(w.cookies), maps.Clone(w.ids)
	return &c
}

// captured is the content of every table, to put back as it was.
type captured []tableRows

type tableRows struct {
	table   string
	columns []string
	rows    [][]any
}

// capture reads every table but the columns an engine computes itself
// (PostgreSQL's tsvector for search).
func capture(t *testing.T, db *store.DB) captured {
	t.Helper()
	var out captured
	for _, table := range tables() {
		rows, err := db.QueryContext(context.Background(), `SELECT * FROM `+table)
		if err != nil {
			t.Fatalf("capture %s: %v", table, err)
		}
		cols, _ := rows.Columns()
		tr := tableRows{table: table}
		var keep []int
		for i, c := range cols {
			if c != "tsv" {
				keep = append(keep, i)
				tr.columns = append(tr.columns, c)
			}
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("capture %s: %v", table, err)
			}
			row := make([]any, 0, len(keep))
			for _, i := range keep {
				row = append(row, vals[i])
			}
			tr.rows = append(tr.rows, row)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		out = append(out, tr)
	}
	return out
}

// restore writes the captured rows into the emptied database, parents
// before children, in one transaction. SQLite's full-text index follows by
// its triggers; PostgreSQL computes its tsvector column.
func (c captured) restore(t *testing.T, db *store.DB) {
	t.Helper()
	err := db.WithTx(context.Background(), func(ctx context.Context) error {
		for i := len(c) - 1; i >= 0; i-- {
			tr := c[i]
			if len(tr.rows) == 0 {
				continue
			}
			var b strings.Builder
			args := make([]any, 0, len(tr.rows)*len(tr.columns))
			fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", tr.table, strings.Join(tr.columns, ", "))
			for r, row := range tr.rows {
				if r > 0 {
					b.WriteString(", ")
				}
				b.WriteByte('(')
				for j, v := range row {
					if j > 0 {
						b.WriteString(", ")
					}
					args = append(args, v)
					fmt.Fprintf(&b, "$%d", len(args))
				}
				b.WriteByte(')')
			}
			if _, err := db.ExecContext(ctx, b.String(), args...); err != nil {
				return fmt.Errorf("%s: %w", tr.table, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
}

// snapshot is the whole content of every table, in a stable order, so a
// test can tell that a call changed nothing at all. Rows are sorted as
// text: some tables (request_tags, artefact_links) have no column that
// orders them alone.
func snapshot(t *testing.T, db *store.DB) string {
	t.Helper()
	var b strings.Builder
	for _, table := range tables() {
		rows, err := db.QueryContext(context.Background(), `SELECT * FROM `+table)
		if err != nil {
			t.Fatalf("snapshot %s: %v", table, err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("snapshot %s: %v", table, err)
			}
			var line strings.Builder
			fmt.Fprintf(&line, "%s:", table)
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&line, " %v", v)
			}
			lines = append(lines, line.String())
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		slices.Sort(lines)
		for _, l := range lines {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// firstDiff shows where two snapshots part.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("before: %q\n after: %q", x, y)
		}
	}
	return ""
}

// checkInvariants holds for every answer of the API: JSON with the right
// media type, errors in the one shape, and nothing secret in it: no
// password or token hash, no token secret, no one else's email (unless the
// scenario allows it) and the private join code only for secret's leader.
func (w *world) checkInvariants(t *testing.T, rq request, res response, allowEmails []string) {
	t.Helper()
	if res.status != http.StatusNoContent {
		if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type = %q, want application/json", ct)
		}
	} else if len(res.body) != 0 {
		t.Errorf("204 with a body: %q", res.body)
	}
	if res.status >= 400 {
		e, ok := get(res.json, "error").(map[string]any)
		if !ok || len(e) != 3 {
			t.Errorf("error body is not {\"error\":{code,message,field}}: %s", res.body)
		} else if msg, _ := e["message"].(string); msg == "" {
			t.Errorf("error without a message: %s", res.body)
		} else if _, ok := e["field"].(string); !ok {
			t.Errorf("error field is not a string: %s", res.body)
		}
	}
	body := string(res.body)
	for _, secret := range []string{"$argon2id$", "password_hash", "token_hash"} {
		if strings.Contains(body, secret) {
			t.Errorf("the answer leaks %q: %s", secret, body)
		}
	}
	for who, tok := range w.tokens {
		if strings.Contains(body, tok) {
			t.Errorf("the answer leaks %s's token secret", who)
		}
	}
	callers := map[string]bool{rq.as: true, rq.cookie: true}
	for _, a := range allowEmails {
		callers[a] = true
	}
	for _, name := range people() {
		if !callers[name] && strings.Contains(body, email(name)) {
			t.Errorf("the answer to %s shows %s's email: %s", rq.as, name, body)
		}
	}
	if w.code != "" && strings.Contains(body, w.code) && rq.as != "alice" && rq.cookie != "alice" {
		t.Errorf("secret's join code is shown to %q: %s", rq.as, body)
	}
}

// scenario is one API call on a fresh world, and what must come of it.
type scenario struct {
	name string
	request
	status  int
	want    []string       // substrings of the body
	notWant []string       // substrings the body must not hold
	fields  map[string]any // JSON paths (see get) and their values
	// emails lets these people's emails appear in the answer.
	emails []string
	// before changes the world just before the call, for the few
	// scenarios that need a state of their own.
	before func(t *testing.T, w *world)
	// after checks more, on the world after the call.
	after func(t *testing.T, w *world, res response)
}

// run plays each scenario on both engines, each on a world of its own:
// the database is emptied and the world put back before every scenario
// (see runIn). A call that fails, or that only reads, must leave the
// database exactly as it was.
func run(t *testing.T, scenarios []scenario) {
	runIn(t, nil, scenarios)
}

// runIn is run on a world that seed adds to after newWorld.
//
// The world is seeded once per engine, through the services, and its rows
// are captured; before each scenario the database is emptied and the rows
// put back, and the clock set back to where seeding left it. That is the
// same world every time, for a few milliseconds instead of the tenth of a
// second that seeding through the services takes.
func runIn(t *testing.T, seed func(t *testing.T, w *world), scenarios []scenario) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		st := newStack(t, db)
		wipe(t, db)
		seeded := st.world(t)
		if seed != nil {
			seed(t, seeded)
		}
		rows, at := capture(t, db), st.clock.Now()
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				wipe(t, db)
				rows.restore(t, db)
				st.clock.Set(at)
				w := seeded.clone()
				if sc.before != nil {
					sc.before(t, w)
				}
				rq := sc.request
				rq.path, rq.body = w.expand(rq.path), w.expand(rq.body)
				before := snapshot(t, w.db)
				res := w.do(t, rq)
				if res.status != sc.status {
					t.Fatalf("%s %s: status %d, want %d; body: %.500s", rq.method, rq.path, res.status, sc.status, res.body)
				}
				for _, s := range sc.want {
					if !strings.Contains(string(res.body), w.expand(s)) {
						t.Errorf("the body lacks %q: %.800s", w.expand(s), res.body)
					}
				}
				for _, s := range sc.notWant {
					if strings.Contains(string(res.body), w.expand(s)) {
						t.Errorf("the body holds %q: %.800s", w.expand(s), res.body)
					}
				}
				for path, want := range sc.fields {
					if s, ok := want.(string); ok {
						want = w.expand(s)
					}
					if got := get(res.json, path); fmt.Sprint(got) != fmt.Sprint(want) {
						t.Errorf("%s = %v, want %v; body: %.500s", path, got, want, res.body)
					}
				}
				w.checkInvariants(t, rq, res, sc.emails)
				if res.status >= 400 || rq.method == http.MethodGet {
					if after := snapshot(t, w.db); after != before {
						t.Errorf("%s %s answered %d but changed the database:\n%s", rq.method, rq.path, res.status, firstDiff(before, after))
					}
				}
				if sc.after != nil {
					sc.after(t, w, res)
				}
			})
		}
	})
}

// TestRestoreGivesBackTheSeededWorld protects runIn: the rows it puts back
// before each scenario are the world seeding made, to the last column,
// and the services go on writing after them.
func TestRestoreGivesBackTheSeededWorld(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		seedPractice(t, w)
		seeded, rows := snapshot(t, db), capture(t, db)
		wipe(t, db)
		if snapshot(t, db) != "" {
			t.Fatal("wipe left rows behind")
		}
		rows.restore(t, db)
		if restored := snapshot(t, db); restored != seeded {
			t.Fatalf("the restored world differs:\n%s", firstDiff(seeded, restored))
		}
		// New rows get ids of their own, and search still finds what was
		// restored (SQLite's index follows by triggers, PostgreSQL's column
		// is computed).
		r := w.do(t, request{method: "POST", path: "/api/v1/communities/testing/requests", as: "bob",
			body: `{"title":"A question after the restore","body":"Written once the rows were put back."}`})
		if r.status != http.StatusCreated {
			t.Fatalf("asking after a restore: %d %s", r.status, r.body)
		}
		r = w.do(t, request{method: "GET", path: "/api/v1/search?q=deadlock&kind=request"})
		if get(r.json, "items.#") != 1 || get(r.json, "items.0.id") != float64(w.ids["solved"]) {
			t.Errorf("search after a restore: %s", r.body)
		}
	})
}
