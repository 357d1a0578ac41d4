package account_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/store"
)

func (f *fixture) session(t *testing.T, userID int64) account.Session {
	t.Helper()
	s, err := f.acc.NewSession(f.ctx, userID, f.addr("192.0.2.1"), "test-agent")
	if err != nil {
		t.Fatalf("NewSession: %v", err)
	}
	return s
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// stored returns a session row's last-seen and expiry times, and whether it
// exists.
func (f *fixture) stored(t *testing.T, token string) (lastSeen, expires time.Time, ok bool) {
	t.Helper()
	var ls, ex int64
	rows, err := f.db.QueryContext(f.ctx, `SELECT id, last_seen_at, expires_at FROM sessions`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id, &ls, &ex); err != nil {
			t.Fatal(err)
		}
		if id == token {
			t.Fatal("the sessions table holds the cookie's secret itself")
		}
		if id == sha256Hex(token) {
			return store.Time(ls), store.Time(ex), true
		}
	}
	return time.Time{}, time.Time{}, false
}

// testSessionExpirySlidesWithUse walks one session through time: its
// last-seen time is written at most every 10 minutes, and it ends 30 days
// after the last write.
func TestSessions(t *testing.T) {
	runScenarios(t,
		// First: PruneSessions deletes every expired session of the database.
		scenario{"prune deletes only expired sessions", testPruneSessionsDeletesOnlyExpiredOnes},
		scenario{"expiry slides with use", testSessionExpirySlidesWithUse},
		scenario{"unused session ends 30 days after creation", testUnusedSessionEndsThirtyDaysAfterCreation},
		scenario{"unknown, ended and malformed tokens are refused", testSessionUserRefusesUnknownEndedAndMalformedTokens},
		scenario{"any user agent can be stored", testNewSessionStoresAnyUserAgent},
		scenario{"disabled account loses sessions, tokens and login", testDisabledAccountLosesSessionsTokensAndLogin},
	)
}

func testSessionExpirySlidesWithUse(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	u := f.user(t, f.email("ada"), "Ada")
	s := f.session(t, u.ID)
	if s.UserID != u.ID || !s.CreatedAt.Equal(t0) || !s.ExpiresAt.Equal(t0.Add(account.SessionTTL)) || len(s.Token) < 40 {
		t.Fatalf("NewSession = %+v", s)
	}
	touched := t0.Add(10*time.Minute + time.Millisecond)
	lastUse := touched.Add(account.SessionTTL - time.Millisecond)
	steps := []struct {
		name         string
		at           time.Time
		ok           bool
		wantLastSeen time.Time
	}{
		{"used after 9 minutes: valid, no write", t0.Add(9 * time.Minute), true, t0},
		{"used at exactly 10 minutes: valid, no write", t0.Add(10 * time.Minute), true, t0},
		{"used just after 10 minutes: touched", touched, true, touched},
		{"used again 5 minutes later: no write", touched.Add(5 * time.Minute), true, touched},
		{"used a millisecond before expiry: touched", lastUse, true, lastUse},
		{"30 days after that use exactly: still valid", lastUse.Add(account.SessionTTL), true, lastUse.Add(account.SessionTTL)},
		{"30 days and 1 ms after the last touch: ended", lastUse.Add(2*account.SessionTTL + time.Millisecond), false, lastUse.Add(account.SessionTTL)},
	}
	for _, st := range steps {
		f.clock.Set(st.at)
		got, err := f.acc.SessionUser(f.ctx, s.Token)
		if st.ok && (err != nil || got.ID != u.ID) {
			t.Fatalf("%s: SessionUser = %d, %v; want user %d", st.name, got.ID, err, u.ID)
		}
		if !st.ok {
			wantKind(t, err, errs.Unauthorized, "")
		}
		lastSeen, expires, ok := f.stored(t, s.Token)
		if !ok {
			t.Fatalf("%s: session row is gone", st.name)
		}
		if !lastSeen.Equal(st.wantLastSeen) || !expires.Equal(st.wantLastSeen.Add(account.SessionTTL)) {
			t.Errorf("%s: stored last seen %v, expires %v; want %v, %v", st.name, lastSeen, expires, st.wantLastSeen, st.wantLastSeen.Add(account.SessionTTL))
		}
	}
}

func testUnusedSessionEndsThirtyDaysAfterCreation(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	u := f.user(t, f.email("ada"), "Ada")
	s := f.session(t, u.ID)
	f.clock.Set(t0.Add(account.SessionTTL + time.Millisecond))
	_, err := f.acc.SessionUser(f.ctx, s.Token)
	wantKind(t, err, errs.Unauthorized, "")
	// Refusing must not revive it.
	if _, expires, _ := f.stored(t, s.Token); !expires.Equal(t0.Add(account.SessionTTL)) {
		t.Errorf("refused session's expiry moved to %v", expires)
	}
}

func testSessionUserRefusesUnknownEndedAndMalformedTokens(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	ada := f.user(t, f.email("ada"), "Ada")
	kept := f.session(t, ada.ID)
	ended := f.session(t, ada.ID)
	if err := f.acc.Logout(f.ctx, ended.Token); err != nil {
		t.Fatalf("Logout: %v", err)
	}
	if err := f.acc.Logout(f.ctx, "never-existed"); err != nil {
		t.Errorf("Logout of an unknown token: %v", err)
	}
	for name, token := range map[string]string{
		"empty":            "",
		"unknown":          strings.Repeat("A", 43),
		"logged out":       ended.Token,
		"over 100 chars":   kept.Token + strings.Repeat("x", 60),
		"prefix of a real": kept.Token[:20],
		"invalid UTF-8":    "\xff\xfe" + kept.Token[2:],
	} {
		t.Run(name, func(t *testing.T) {
			u, err := f.acc.SessionUser(f.ctx, token)
			wantKind(t, err, errs.Unauthorized, "")
			if u.ID != 0 {
				t.Errorf("refused token returned user %d", u.ID)
			}
		})
	}
	// Logging one session out leaves the others alone.
	if u, err := f.acc.SessionUser(f.ctx, kept.Token); err != nil || u.ID != ada.ID {
		t.Errorf("other session after logout = %d, %v", u.ID, err)
	}
}

func testPruneSessionsDeletesOnlyExpiredOnes(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	u := f.user(t, f.email("ada"), "Ada")
	old1, old2, used := f.session(t, u.ID), f.session(t, u.ID), f.session(t, u.ID)
	f.clock.Set(t0.Add(20 * 24 * time.Hour))
	if _, err := f.acc.SessionUser(f.ctx, used.Token); err != nil {
		t.Fatal(err)
	}
	fresh := f.session(t, u.ID)
	f.clock.Set(t0.Add(account.SessionTTL))
	if n, err := f.acc.PruneSessions(f.ctx); err != nil || n != 0 {
		t.Errorf("PruneSessions at the expiry instant = %d, %v; want 0", n, err)
	}
	f.clock.Set(t0.Add(account.SessionTTL + time.Millisecond))
	n, err := f.acc.PruneSessions(f.ctx)
	if err != nil || n != 2 {
		t.Fatalf("PruneSessions = %d, %v; want 2", n, err)
	}
	for _, s := range []account.Session{old1, old2} {
		if _, _, ok := f.stored(t, s.Token); ok {
			t.Error("an expired session survived pruning")
		}
	}
	for _, s := range []account.Session{used, fresh} {
		if _, err := f.acc.SessionUser(f.ctx, s.Token); err != nil {
			t.Errorf("a live session was pruned: %v", err)
		}
	}
}

// testNewSessionStoresAnyUserAgent: the User-Agent header is the client's
// to choose. A long non-ASCII one is cut to 300 bytes, and header bytes
// need not be UTF-8; neither may stop a person from signing in on
// PostgreSQL, whose TEXT refuses invalid UTF-8.
func testNewSessionStoresAnyUserAgent(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	u := f.user(t, f.email("ada"), "Ada")
	for name, ua := range map[string]string{
		"ASCII over 300 bytes":           strings.Repeat("Mozilla/5.0 ", 40),
		"multibyte rune across byte 300": strings.Repeat("a", 299) + "é and more",
		"Latin-1 bytes":                  "Navigateur\xe9 1.0",
	} {
		t.Run(name, func(t *testing.T) {
			s, err := f.acc.NewSession(f.ctx, u.ID, f.addr("192.0.2.1"), ua)
			if err != nil {
				t.Fatalf("NewSession with User-Agent %.40q…: %v", ua, err)
			}
			if got, err := f.acc.SessionUser(f.ctx, s.Token); err != nil || got.ID != u.ID {
				t.Errorf("SessionUser = %d, %v", got.ID, err)
			}
		})
	}
}

func testDisabledAccountLosesSessionsTokensAndLogin(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	u := f.user(t, f.email("ada"), "Ada")
	s := f.session(t, u.ID)
	tok, err := f.acc.CreateToken(f.ctx, u.ID, "ci")
	if err != nil {
		t.Fatal(err)
	}
	f.disable(t, u.ID)
	_, err = f.acc.SessionUser(f.ctx, s.Token)
	wantKind(t, err, errs.Unauthorized, "")
	_, err = f.acc.TokenUser(f.ctx, tok.Secret)
	wantKind(t, err, errs.Unauthorized, "")
	_, sess, err := f.acc.Login(f.ctx, f.email("ada"), goodPassword, f.addr("192.0.2.1"), "ua", "")
	wantKind(t, err, errs.Forbidden, "")
	if sess.Token != "" {
		t.Error("a disabled account got a session")
	}
	if n := f.count(t, `SELECT COUNT(*) FROM sessions WHERE user_id = $1`, u.ID); n != 1 {
		t.Errorf("%d sessions, want only the old one", n)
	}
	// A wrong password tells nothing about the account being disabled.
	_, _, err = f.acc.Login(f.ctx, f.email("ada"), "wrong horse battery staple", f.addr("192.0.2.1"), "ua", "")
	wantKind(t, err, errs.Invalid, "password")
}
