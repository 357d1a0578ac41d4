package account_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/store"
)

const wrongPassword = "wrong horse battery staple"

// login tries email and password from addr and reports the error kind
// (Internal for success, to keep tables short).
func (f *fixture) login(t *testing.T, email, password, addr string) (account.Session, error) {
	t.Helper()
	_, s, err := f.acc.Login(f.ctx, email, password, addr, "test-agent", "")
	return s, err
}

// TestLogin covers logging in and changing passwords.
func TestLogin(t *testing.T) {
	runScenarios(t,
		scenario{"succeeds with any case of the email", testLoginSucceedsWithAnyCaseOfTheEmail},
		scenario{"failures do not reveal which emails have accounts", testLoginFailuresDoNotRevealWhichEmailsHaveAccounts},
		scenario{"locks an account after ten failures", testLoginLocksAnAccountAfterTenFailures},
		scenario{"success resets the account counter", testLoginSuccessResetsTheAccountCounter},
		scenario{"limits failures per address", testLoginLimitsFailuresPerAddress},
		scenario{"concurrent guesses stay within the limit", testLoginConcurrentGuessesStayWithinTheLimit},
		scenario{"ends the previous session", testLoginEndsThePreviousSession},
		scenario{"change password checks the current one and keeps only this session", testChangePassword},
		scenario{"set password ends every session", testSetPasswordEndsEverySession},
	)
}

func testLoginSucceedsWithAnyCaseOfTheEmail(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	ada := f.user(t, f.email("ada"), "Ada")
	u, s, err := f.acc.Login(f.ctx, "  "+strings.ToUpper(f.email("ada"))+" ", goodPassword, f.addr("192.0.2.1"), "ua", "")
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if u.ID != ada.ID || s.UserID != ada.ID {
		t.Errorf("Login = user %d, session of %d; want %d", u.ID, s.UserID, ada.ID)
	}
	if got, err := f.acc.SessionUser(f.ctx, s.Token); err != nil || got.ID != ada.ID {
		t.Errorf("the new session does not work: %d, %v", got.ID, err)
	}
}

// testLoginFailuresDoNotRevealWhichEmailsHaveAccounts: a wrong password
// and an unknown email are refused in exactly the same words.
func testLoginFailuresDoNotRevealWhichEmailsHaveAccounts(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	f.user(t, f.email("ada"), "Ada")
	type answer struct {
		kind           errs.Kind
		field, message string
	}
	answers := map[string]answer{}
	for name, c := range map[string][2]string{
		"wrong password":           {f.email("ada"), wrongPassword},
		"unknown email":            {f.email("nobody"), goodPassword},
		"empty password":           {f.email("ada"), ""},
		"empty email":              {"", goodPassword},
		"absurdly long password":   {f.email("ada"), string(make([]byte, 5000))},
		"email with invalid UTF-8": {"ada\xff@" + f.domain, goodPassword},
	} {
		s, err := f.login(t, c[0], c[1], f.addr("192.0.2.1"))
		if s.Token != "" {
			t.Errorf("%s: got a session", name)
		}
		k, field, msg := errs.Public(err)
		answers[name] = answer{k, field, msg}
	}
	want := answers["wrong password"]
	if want.kind != errs.Invalid || want.field != "password" {
		t.Fatalf("wrong password answered %+v, want an invalid password field", want)
	}
	for name, a := range answers {
		if a != want {
			t.Errorf("%s answered %+v; wrong password answered %+v", name, a, want)
		}
	}
}

// testLoginLocksAnAccountAfterTenFailures: the eleventh attempt in 15
// minutes is refused even with the right password and from another
// address, and the lock lifts when the window ends.
func testLoginLocksAnAccountAfterTenFailures(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	f.user(t, f.email("ada"), "Ada")
	f.user(t, f.email("bob"), "Bob")
	for i := range 10 {
		f.clock.Advance(time.Minute)
		_, err := f.login(t, f.email("ada"), wrongPassword, f.addr(fmt.Sprintf("192.0.2.%d", i)))
		wantKind(t, err, errs.Invalid, "password")
	}
	for _, addr := range []string{f.addr("192.0.2.1"), f.addr("198.51.100.7")} {
		_, err := f.login(t, f.email("ada"), goodPassword, addr)
		wantKind(t, err, errs.TooMany, "")
		_, err = f.login(t, strings.ToUpper(f.email("ada")), goodPassword, addr)
		wantKind(t, err, errs.TooMany, "")
	}
	// Another account from the same addresses is not affected.
	if _, err := f.login(t, f.email("bob"), goodPassword, f.addr("192.0.2.1")); err != nil {
		t.Errorf("another account is locked too: %v", err)
	}
	// The window opened with the first failure, 1 minute after t0.
	f.clock.Set(t0.Add(time.Minute + 15*time.Minute - time.Millisecond))
	_, err := f.login(t, f.email("ada"), goodPassword, f.addr("192.0.2.1"))
	wantKind(t, err, errs.TooMany, "")
	f.clock.Set(t0.Add(time.Minute + 15*time.Minute))
	if _, err := f.login(t, f.email("ada"), goodPassword, f.addr("192.0.2.1")); err != nil {
		t.Errorf("still locked after the window: %v", err)
	}
}

// testLoginSuccessResetsTheAccountCounter: a person who mistypes nine
// times, then gets in, starts again from zero.
func testLoginSuccessResetsTheAccountCounter(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	f.user(t, f.email("ada"), "Ada")
	for round := range 2 {
		for i := range 9 {
			_, err := f.login(t, f.email("ada"), wrongPassword, f.addr("192.0.2.1"))
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("round %d, failure %d: %v; want an ordinary refusal", round, i+1, err)
			}
		}
		if _, err := f.login(t, f.email("ada"), goodPassword, f.addr("192.0.2.1")); err != nil {
			t.Fatalf("round %d: right password refused: %v", round, err)
		}
	}
}

// testLoginLimitsFailuresPerAddress: fifty failures from one address, spread
// over many accounts so no account is locked, lock that address for
// everyone; other addresses are unaffected.
func testLoginLimitsFailuresPerAddress(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	f.user(t, f.email("ada"), "Ada")
	attacker := f.addr("203.0.113.9")
	for i := range 50 {
		_, err := f.login(t, f.email(fmt.Sprintf("guess%d", i%7)), wrongPassword, attacker)
		wantKind(t, err, errs.Invalid, "password")
	}
	_, err := f.login(t, f.email("ada"), goodPassword, attacker)
	wantKind(t, err, errs.TooMany, "")
	if _, err := f.login(t, f.email("ada"), goodPassword, f.addr("192.0.2.1")); err != nil {
		t.Errorf("login from another address refused: %v", err)
	}
	f.clock.Advance(15 * time.Minute)
	if _, err := f.login(t, f.email("ada"), goodPassword, attacker); err != nil {
		t.Errorf("address still locked after the window: %v", err)
	}
}

// testLoginConcurrentGuessesStayWithinTheLimit: an attacker who sends many
// guesses at once must not get more than ten password checks per window.
func testLoginConcurrentGuessesStayWithinTheLimit(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	f.user(t, f.email("ada"), "Ada")
	const attempts = 40
	var mu sync.Mutex
	checked := 0
	var wg sync.WaitGroup
	for i := range attempts {
		wg.Go(func() {
			_, _, err := f.acc.Login(f.ctx, f.email("ada"), fmt.Sprintf("guess number %d!", i), f.addr(fmt.Sprintf("198.51.100.%d", i)), "ua", "")
			switch errs.KindOf(err) {
			case errs.Invalid:
				mu.Lock()
				checked++
				mu.Unlock()
			case errs.TooMany:
			default:
				t.Errorf("Login: %v", err)
			}
		})
	}
	wg.Wait()
	if checked > 10 {
		t.Errorf("%d of %d concurrent guesses were checked against the password; the limit is 10 per 15 minutes", checked, attempts)
	}
}

// testLoginEndsThePreviousSession: a session id never survives a login in
// the same browser (session fixation).
func testLoginEndsThePreviousSession(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	ada := f.user(t, f.email("ada"), "Ada")
	bob := f.user(t, f.email("bob"), "Bob")
	for name, previous := range map[string]account.Session{"own": f.session(t, ada.ID), "someone else's": f.session(t, bob.ID)} {
		t.Run(name, func(t *testing.T) {
			_, s, err := f.acc.Login(f.ctx, f.email("ada"), goodPassword, f.addr("192.0.2.1"), "ua", previous.Token)
			if err != nil {
				t.Fatalf("Login: %v", err)
			}
			if s.Token == previous.Token {
				t.Fatal("Login reused the previous session token")
			}
			_, err = f.acc.SessionUser(f.ctx, previous.Token)
			wantKind(t, err, errs.Unauthorized, "")
			if u, err := f.acc.SessionUser(f.ctx, s.Token); err != nil || u.ID != ada.ID {
				t.Errorf("new session = %d, %v", u.ID, err)
			}
		})
	}
}

func testChangePassword(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	ada := f.user(t, f.email("ada"), "Ada Lovelace")
	current := f.session(t, ada.ID)
	other := f.session(t, ada.ID)
	const next = "analytical engine notes"

	failures := []struct {
		name, current, next, field string
	}{
		{"wrong current password", wrongPassword, next, "current_password"},
		{"new password too short", goodPassword, "short", "new_password"},
		{"new password common", goodPassword, "password123", "new_password"},
		{"new password from the name", goodPassword, "adalovelace-1815", "new_password"},
	}
	for _, tt := range failures {
		t.Run(tt.name, func(t *testing.T) {
			err := f.acc.ChangePassword(f.ctx, ada.ID, tt.current, tt.next, current.Token)
			wantKind(t, err, errs.Invalid, tt.field)
			if n := f.count(t, `SELECT COUNT(*) FROM sessions WHERE user_id = $1`, ada.ID); n != 2 {
				t.Errorf("a refused change left %d sessions, want 2", n)
			}
		})
	}
	if _, err := f.login(t, f.email("ada"), goodPassword, f.addr("192.0.2.1")); err != nil {
		t.Fatalf("the old password stopped working after refused changes: %v", err)
	}
	newest := f.count(t, `SELECT COUNT(*) FROM sessions WHERE user_id = $1`, ada.ID)
	if newest != 3 {
		t.Fatalf("%d sessions, want 3", newest)
	}

	if err := f.acc.ChangePassword(f.ctx, ada.ID, goodPassword, next, current.Token); err != nil {
		t.Fatalf("ChangePassword: %v", err)
	}
	if u, err := f.acc.SessionUser(f.ctx, current.Token); err != nil || u.ID != ada.ID {
		t.Errorf("the session that changed the password was ended: %v", err)
	}
	_, err := f.acc.SessionUser(f.ctx, other.Token)
	wantKind(t, err, errs.Unauthorized, "")
	if n := f.count(t, `SELECT COUNT(*) FROM sessions WHERE user_id = $1`, ada.ID); n != 1 {
		t.Errorf("%d sessions left, want only the current one", n)
	}
	_, err = f.login(t, f.email("ada"), goodPassword, f.addr("192.0.2.1"))
	wantKind(t, err, errs.Invalid, "password")
	if _, err := f.login(t, f.email("ada"), next, f.addr("192.0.2.1")); err != nil {
		t.Errorf("the new password does not work: %v", err)
	}
	wantKind(t, f.acc.ChangePassword(f.ctx, ada.ID+1000, next, goodPassword, ""), errs.NotFound, "")
}

func testSetPasswordEndsEverySession(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	ada := f.user(t, f.email("ada"), "Ada Lovelace")
	s1, s2 := f.session(t, ada.ID), f.session(t, ada.ID)
	wantKind(t, f.acc.SetPassword(f.ctx, ada.ID, "qwerty1234"), errs.Invalid, "password")
	if n := f.count(t, `SELECT COUNT(*) FROM sessions WHERE user_id = $1`, ada.ID); n != 2 {
		t.Fatalf("a refused SetPassword left %d sessions, want 2", n)
	}
	const next = "analytical engine notes"
	if err := f.acc.SetPassword(f.ctx, ada.ID, next); err != nil {
		t.Fatalf("SetPassword: %v", err)
	}
	for _, s := range []account.Session{s1, s2} {
		_, err := f.acc.SessionUser(f.ctx, s.Token)
		wantKind(t, err, errs.Unauthorized, "")
	}
	if _, err := f.login(t, f.email("ada"), next, f.addr("192.0.2.1")); err != nil {
		t.Errorf("the new password does not work: %v", err)
	}
	wantKind(t, f.acc.SetPassword(f.ctx, ada.ID+1000, next), errs.NotFound, "")
}
