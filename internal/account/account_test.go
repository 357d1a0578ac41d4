package account_test

import (
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/app"
	"cultivate/internal/clock"
	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

var t0 = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

const goodPassword = "correct horse battery staple"

// Migrating a fresh SQLite database takes a second or more under -race, so
// the scenarios of one group share a database per engine and run one after
// the other. Each scenario keeps to its own people and rate-limit keys: its
// emails are at its own domain and its client addresses carry its own
// prefix, both taken from its name.
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
	domain string // of every email this scenario uses
	ns     string
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	clk := clock.NewFake(t0)
	a, err := app.New(db, clk, app.Options{PasswordHash: account.FastHashParams()})
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	h := fnv.New32a()
	h.Write([]byte(t.Name()))
	ns := strconv.FormatUint(uint64(h.Sum32()), 36)
	return &fixture{ctx: context.Background(), db: db, clock: clk, acc: a.Accounts, domain: ns + ".example.org", ns: ns}
}

// email is the scenario's address for local.
func (f *fixture) email(local string) string { return local + "@" + f.domain }

// addr is the scenario's client address a.
func (f *fixture) addr(a string) string { return f.ns + "/" + a }

func (f *fixture) user(t *testing.T, email, name string) account.User {
	t.Helper()
	u, err := f.acc.Create(f.ctx, account.SignUp{Email: email, Name: name, Password: goodPassword})
	if err != nil {
		t.Fatalf("Create(%s): %v", email, err)
	}
	return u
}

// count runs a COUNT(*) query outside any transaction.
func (f *fixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.QueryRowContext(f.ctx, query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func (f *fixture) disable(t *testing.T, id int64) {
	t.Helper()
	err := f.db.WithTx(f.ctx, func(ctx context.Context) error {
		_, err := f.db.ExecContext(ctx, `UPDATE users SET disabled_at = $1 WHERE id = $2`, store.Millis(f.clock.Now()), id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// wantKind fails unless err is an *errs.Error of kind k (and, when field is
// not empty, about that field).
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

func TestSignUpAndProfile(t *testing.T) {
	runScenarios(t,
		scenario{"create stores a normalized account and logs the sign-up", testCreateStoresANormalizedAccountAndLogsTheSignUp},
		scenario{"create rejects bad sign-ups and writes nothing", testCreateRejectsBadSignUpsAndWritesNothing},
		scenario{"update profile normalizes expertise and time zone", testUpdateProfileNormalizesExpertiseAndTimeZone},
		scenario{"sign-ups are limited per address", testSignUpsAreLimitedPerAddress},
		scenario{"sign-up limit holds under concurrent sign-ups", testSignUpLimitHoldsUnderConcurrency},
	)
}

// TestHandles has its own database: the "member" fallback handle is shared
// by everyone whose name gives no usable handle.
func TestHandles(t *testing.T) {
	runScenarios(t,
		scenario{"sign-up gives each person a free handle", testSignUpGivesEachPersonAFreeHandle},
		scenario{"concurrent sign-ups with one name all succeed", testConcurrentSignUpsWithOneNameAllSucceed},
	)
}

func testCreateStoresANormalizedAccountAndLogsTheSignUp(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	u, err := f.acc.Create(f.ctx, account.SignUp{Email: "  " + strings.ToUpper(f.email("ada.lovelace")) + " ", Name: "  Ada Lovelace ", Password: goodPassword})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if u.ID == 0 || u.Email != f.email("ada.lovelace") || u.Name != "Ada Lovelace" || u.TimeZone != "UTC" || !u.CreatedAt.Equal(t0) {
		t.Errorf("created %+v", u)
	}
	got, err := f.acc.ByEmail(f.ctx, strings.ToUpper(f.email("ada.lovelace")))
	if err != nil || got.ID != u.ID {
		t.Fatalf("ByEmail in another case = %+v, %v", got, err)
	}
	if got.IsAdmin || got.IsSupport || !got.DisabledAt.IsZero() {
		t.Errorf("new account has site roles or is disabled: %+v", got)
	}
	var hash string
	if err := db.QueryRowContext(f.ctx, `SELECT password_hash FROM users WHERE id = $1`, u.ID).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if ok, err := account.CheckPassword(hash, goodPassword); !ok || err != nil || strings.Contains(hash, goodPassword) {
		t.Errorf("stored hash %q does not verify the password (%v, %v) or contains it", hash, ok, err)
	}
	var actor, subject int64
	var kind, subjectType string
	if err := db.QueryRowContext(f.ctx, `SELECT COALESCE(actor_id, 0), kind, subject_type, COALESCE(subject_id, 0) FROM activity WHERE subject_id = $1`, u.ID).
		Scan(&actor, &kind, &subjectType, &subject); err != nil {
		t.Fatalf("the sign-up was not logged: %v", err)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM activity WHERE actor_id = $1 OR subject_id = $1`, u.ID); n != 1 {
		t.Errorf("%d entries about the new user, want 1", n)
	}
	if actor != u.ID || kind != activity.UserSignedUp || subjectType != "user" || subject != u.ID {
		t.Errorf("logged (%d, %s, %s %d), want (%d, %s, user %d)", actor, kind, subjectType, subject, u.ID, activity.UserSignedUp, u.ID)
	}
}

// testCreateRejectsBadSignUpsAndWritesNothing: every refusal names the
// field at fault and leaves no user and no activity behind.
func testCreateRejectsBadSignUpsAndWritesNothing(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	f.user(t, f.email("taken"), "Already Here")
	tests := []struct {
		name, email, person, password, field string
	}{
		{"duplicate email", f.email("taken"), "Someone", goodPassword, "email"},
		{"duplicate email in another case", strings.ToUpper(f.email("taken")), "Someone", goodPassword, "email"},
		{"duplicate email with spaces", "  " + f.email("taken") + "  ", "Someone", goodPassword, "email"},
		{"email without at", "not-an-email", "Ann", goodPassword, "email"},
		{"email without domain dot", "ann@localhost", "Ann", goodPassword, "email"},
		{"email with display name", "Ann <ann@example.org>", "Ann", goodPassword, "email"},
		{"email with two ats", "ann@@example.org", "Ann", goodPassword, "email"},
		{"email empty", "", "Ann", goodPassword, "email"},
		{"email with control character", "ann\x00@example.org", "Ann", goodPassword, "email"},
		{"email with invalid UTF-8", "ann\xff@example.org", "Ann", goodPassword, "email"},
		{"name empty", f.email("ann"), "   ", goodPassword, "name"},
		{"name 81 characters", f.email("ann"), strings.Repeat("n", 81), goodPassword, "name"},
		{"name with newline", f.email("ann"), "Ann\nBoleyn", goodPassword, "name"},
		{"name with bell", f.email("ann"), "Ann\x07", goodPassword, "name"},
		{"name with invalid UTF-8", f.email("ann"), "Ann\xff\xfe", goodPassword, "name"},
		{"password short", f.email("ann"), "Ann", "short", "password"},
		{"password common", f.email("ann"), "Ann", "password123", "password"},
		{"password from the email", f.email("annabel"), "Ann", "annabel-rocks-42", "password"},
	}
	users := f.count(t, `SELECT COUNT(*) FROM users`)
	entries := f.count(t, `SELECT COUNT(*) FROM activity`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := f.acc.Create(f.ctx, account.SignUp{Email: tt.email, Name: tt.person, Password: tt.password})
			wantKind(t, err, errs.Invalid, tt.field)
			if u.ID != 0 {
				t.Errorf("a refused sign-up returned user %d", u.ID)
			}
			if n := f.count(t, `SELECT COUNT(*) FROM users`); n != users {
				t.Errorf("users %d → %d", users, n)
			}
			if n := f.count(t, `SELECT COUNT(*) FROM activity`); n != entries {
				t.Errorf("activity %d → %d", entries, n)
			}
		})
	}
	// The edges that must pass.
	f.user(t, f.email("eighty"), strings.Repeat("é", 80))
	f.user(t, f.email("x"), "X")
}

func testUpdateProfileNormalizesExpertiseAndTimeZone(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	u := f.user(t, f.email("ada"), "Ada")
	twenty := make([]string, 20)
	for i := range twenty {
		twenty[i] = string(rune('a'+i)) + "x"
	}
	tests := []struct {
		name      string
		p         account.Profile
		wantTags  []string
		wantTZ    string
		wantField string // "" for success
	}{
		{name: "tags lower-cased, deduplicated, sorted", p: account.Profile{Name: "Ada", Expertise: "SQL, go Go  c++,sql", TimeZone: "Europe/Paris"},
			wantTags: []string{"c++", "go", "sql"}, wantTZ: "Europe/Paris"},
		{name: "new tags replace the old ones", p: account.Profile{Name: "Ada", Expertise: "testing", TimeZone: "America/New_York"},
			wantTags: []string{"testing"}, wantTZ: "America/New_York"},
		{name: "twenty tags allowed", p: account.Profile{Name: "Ada", Expertise: strings.Join(twenty, " ")},
			wantTags: twenty, wantTZ: "UTC"},
		{name: "empty tags clear them and empty zone is UTC", p: account.Profile{Name: "Ada", TimeZone: "  "}, wantTZ: "UTC"},
		{name: "twenty-one tags refused", p: account.Profile{Name: "Ada", Expertise: strings.Join(twenty, " ") + " extra"}, wantField: "expertise"},
		{name: "bad tag refused", p: account.Profile{Name: "Ada", Expertise: "go; drop table"}, wantField: "expertise"},
		{name: "Local refused", p: account.Profile{Name: "Ada", TimeZone: "Local"}, wantField: "time_zone"},
		{name: "parent path refused", p: account.Profile{Name: "Ada", TimeZone: "../etc/passwd"}, wantField: "time_zone"},
		{name: "dot-dot inside refused", p: account.Profile{Name: "Ada", TimeZone: "Europe/../../etc/localtime"}, wantField: "time_zone"},
		{name: "absolute path refused", p: account.Profile{Name: "Ada", TimeZone: "/etc/localtime"}, wantField: "time_zone"},
		{name: "garbage refused", p: account.Profile{Name: "Ada", TimeZone: "Mars/Olympus_Mons"}, wantField: "time_zone"},
		{name: "wrong case refused", p: account.Profile{Name: "Ada", TimeZone: "europe/paris"}, wantField: "time_zone"},
		{name: "name required", p: account.Profile{Name: " "}, wantField: "name"},
		{name: "headline too long", p: account.Profile{Name: "Ada", Headline: strings.Repeat("h", 121)}, wantField: "headline"},
		{name: "headline one line", p: account.Profile{Name: "Ada", Headline: "a\nb"}, wantField: "headline"},
		{name: "bio too long", p: account.Profile{Name: "Ada", Bio: strings.Repeat("b", 2001)}, wantField: "bio"},
	}
	last, err := f.acc.Get(f.ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.clock.Advance(time.Minute)
			got, err := f.acc.UpdateProfile(f.ctx, u.ID, tt.p)
			if tt.wantField != "" {
				wantKind(t, err, errs.Invalid, tt.wantField)
				after, err := f.acc.Get(f.ctx, u.ID)
				if err != nil {
					t.Fatal(err)
				}
				if after.TimeZone != last.TimeZone || !slices.Equal(after.Expertise, last.Expertise) || !after.UpdatedAt.Equal(last.UpdatedAt) {
					t.Errorf("a refused update changed the profile: %+v → %+v", last, after)
				}
				return
			}
			if err != nil {
				t.Fatalf("UpdateProfile: %v", err)
			}
			if !slices.Equal(got.Expertise, tt.wantTags) || got.TimeZone != tt.wantTZ || !got.UpdatedAt.Equal(f.clock.Now()) {
				t.Errorf("profile = tags %q, zone %q, updated %v; want %q, %q, %v", got.Expertise, got.TimeZone, got.UpdatedAt, tt.wantTags, tt.wantTZ, f.clock.Now())
			}
			last = got
		})
	}
	_, err = f.acc.UpdateProfile(f.ctx, u.ID+1000, account.Profile{Name: "Ghost"})
	wantKind(t, err, errs.NotFound, "")
}

// testSignUpGivesEachPersonAFreeHandle: @handles come from names and never
// collide: "lea-martin", then "lea-martin-2".
func testSignUpGivesEachPersonAFreeHandle(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	tests := []struct{ email, name, want string }{
		{f.email("lea1"), "Léa Martin", "lea-martin"},
		{f.email("lea2"), "Lea  MARTIN!", "lea-martin-2"},
		{f.email("lea3"), "léa martin", "lea-martin-3"},
		{f.email("x"), "X", "member"},
		{f.email("kana"), "データ", "member-2"},
		{f.email("long"), strings.Repeat("abcde ", 10), "abcde-abcde-abcde-abcde-abcde"},
	}
	for _, tt := range tests {
		u := f.user(t, tt.email, tt.name)
		if u.Handle != tt.want {
			t.Errorf("%q got handle %q, want %q", tt.name, u.Handle, tt.want)
		}
		if got, err := f.acc.ByHandle(f.ctx, strings.ToUpper(tt.want)); err != nil || got.ID != u.ID {
			t.Errorf("ByHandle(%q) = %d, %v; want %d", tt.want, got.ID, err, u.ID)
		}
	}
}

// testConcurrentSignUpsWithOneNameAllSucceed: two colleagues called Léa
// Martin signing up at the same moment both get an account; neither is
// told that their (different) email is taken.
func testConcurrentSignUpsWithOneNameAllSucceed(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	const n = 8
	errc := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, err := f.acc.Create(f.ctx, account.SignUp{Email: f.email(fmt.Sprintf("lea%d", i)), Name: "Léa Martin", Password: goodPassword})
			errc <- err
		})
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Errorf("Create: %v", err)
		}
	}
	if got := f.count(t, `SELECT COUNT(DISTINCT handle) FROM users WHERE email LIKE $1`, "%@"+f.domain); got != n {
		t.Errorf("%d distinct handles for %d people", got, n)
	}
}

// testSignUpsAreLimitedPerAddress: twenty accounts an hour from one
// address; refused sign-ups do not count, and other addresses are free.
func testSignUpsAreLimitedPerAddress(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	signUp := func(email, password, addr string) error {
		_, err := f.acc.Create(f.ctx, account.SignUp{Email: email, Name: "Newcomer", Password: password, Addr: addr})
		return err
	}
	a, b := f.addr("198.51.100.1"), f.addr("198.51.100.2")
	for i := range 19 {
		if err := signUp(f.email(fmt.Sprintf("p%d", i)), goodPassword, a); err != nil {
			t.Fatalf("sign-up %d: %v", i+1, err)
		}
	}
	for i := range 5 {
		wantKind(t, signUp(f.email(fmt.Sprintf("weak%d", i)), "short", a), errs.Invalid, "password")
	}
	if err := signUp(f.email("p19"), goodPassword, a); err != nil {
		t.Fatalf("20th sign-up, after 5 refused ones: %v", err)
	}
	users := f.count(t, `SELECT COUNT(*) FROM users`)
	wantKind(t, signUp(f.email("p20"), goodPassword, a), errs.TooMany, "")
	if n := f.count(t, `SELECT COUNT(*) FROM users`); n != users {
		t.Errorf("a refused sign-up created %d users", n-users)
	}
	if err := signUp(f.email("other"), goodPassword, b); err != nil {
		t.Errorf("sign-up from another address: %v", err)
	}
	if _, err := f.acc.Create(f.ctx, account.SignUp{Email: f.email("cli"), Name: "From the CLI", Password: goodPassword}); err != nil {
		t.Errorf("sign-up without an address (CLI, demo) is limited: %v", err)
	}
	f.clock.Advance(time.Hour)
	if err := signUp(f.email("later"), goodPassword, a); err != nil {
		t.Errorf("sign-up an hour later: %v", err)
	}
}

// testSignUpLimitHoldsUnderConcurrency: a script creating accounts in
// parallel from one address gets no more than twenty.
func testSignUpLimitHoldsUnderConcurrency(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	addr := f.addr("203.0.113.50")
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Go(func() {
			_, err := f.acc.Create(f.ctx, account.SignUp{Email: f.email(fmt.Sprintf("bot%d", i)), Name: "Bot", Password: goodPassword, Addr: addr})
			if err != nil && !errs.Is(err, errs.TooMany) {
				t.Errorf("Create: %v", err)
			}
		})
	}
	wg.Wait()
	if n := f.count(t, `SELECT COUNT(*) FROM users WHERE email LIKE $1`, "bot%@"+f.domain); n > 20 {
		t.Errorf("%d accounts created from one address at once; the limit is 20 an hour", n)
	}
}
