package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"cultivate/internal/errs"
	"cultivate/internal/store"
)

// Session lifetimes: a session lives for SessionTTL after its last use and
// its last-seen time is written at most once per sessionTouch, so reading a
// page is not a write.
const (
	SessionTTL   = 30 * 24 * time.Hour
	sessionTouch = 10 * time.Minute
)

// Login limits: failures per account and per client address in a window.
const (
	loginWindow      = 15 * time.Minute
	maxFailsAccount  = 10
	maxFailsAddress  = 50
	loginLimitPrefix = "login:"
)

// Session is a signed-in browser.
type Session struct {
	Token     string // the cookie's secret; only known right after creation
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

func newSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("account: random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Login checks email and password and opens a session. Failed attempts are
// limited per account and per address; the previous session (if the browser
// had one) is ended so a session id is never reused across a login.
func (s *Service) Login(ctx context.Context, email, password, addr, userAgent, previous string) (User, Session, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	accountKey := loginLimitPrefix + "account:" + email
	addrKey := loginLimitPrefix + "addr:" + addr
	tooMany := errs.E(errs.TooMany, "Too many failed attempts. Wait a few minutes and try again, or reset your password.")
	// Every attempt takes its place in the count before the password is
	// checked, atomically, so concurrent guesses cannot slip past the limit.
	// A successful login gives its place back below.
	nAccount, err := s.limiter.Hit(ctx, accountKey, loginWindow)
	if err != nil {
		return User{}, Session{}, err
	}
	nAddr, err := s.limiter.Hit(ctx, addrKey, loginWindow)
	if err != nil {
		return User{}, Session{}, err
	}
	if nAccount > maxFailsAccount || nAddr > maxFailsAddress {
		return User{}, Session{}, tooMany
	}
	fail := func() (User, Session, error) {
		return User{}, Session{}, errs.Field("password", "That email and password do not match an account.")
	}
	if len(password) > MaxPasswordLength*4 {
		return fail()
	}
	var hash string
	var disabled sql.NullInt64
	var id int64
	err = s.db.QueryRowContext(ctx, `SELECT id, password_hash, disabled_at FROM users WHERE email = $1`, email).Scan(&id, &hash, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		// Spend the same effort as for a real account, so timing does not
		// tell which emails have accounts.
		_, _ = CheckPassword(s.dummyPwd, password)
		return fail()
	}
	if err != nil {
		return User{}, Session{}, fmt.Errorf("account: login: %w", err)
	}
	ok, err := CheckPassword(hash, password)
	if err != nil {
		return User{}, Session{}, fmt.Errorf("account: login %d: %w", id, err)
	}
	if !ok {
		return fail()
	}
	if disabled.Valid {
		return User{}, Session{}, errs.E(errs.Forbidden, "This account is disabled. Ask an administrator.")
	}
	if err := s.limiter.Reset(ctx, accountKey); err != nil {
		return User{}, Session{}, err
	}
	if err := s.limiter.Undo(ctx, addrKey); err != nil {
		return User{}, Session{}, err
	}
	if previous != "" {
		if err := s.Logout(ctx, previous); err != nil {
			return User{}, Session{}, err
		}
	}
	sess, err := s.NewSession(ctx, id, addr, userAgent)
	if err != nil {
		return User{}, Session{}, err
	}
	u, err := s.Get(ctx, id)
	return u, sess, err
}

// NewSession opens a session for userID (after sign-up or login).
func (s *Service) NewSession(ctx context.Context, userID int64, addr, userAgent string) (Session, error) {
	token, err := newSecret()
	if err != nil {
		return Session{}, err
	}
	now := s.clock.Now()
	sess := Session{Token: token, UserID: userID, CreatedAt: now, ExpiresAt: now.Add(SessionTTL)}
	userAgent = clip(userAgent, 300)
	addr = clip(addr, 100)
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, user_agent, ip)
			VALUES ($1, $2, $3, $3, $4, $5, $6)`, hashToken(token), userID, store.Millis(now), store.Millis(sess.ExpiresAt), userAgent, addr)
		return err
	})
	if err != nil {
		return Session{}, fmt.Errorf("account: new session: %w", err)
	}
	return sess, nil
}

// SessionUser returns the user a session token belongs to. It slides the
// session's expiry forward when it was last touched long enough ago.
func (s *Service) SessionUser(ctx context.Context, token string) (User, error) {
	if token == "" || len(token) > 100 {
		return User{}, errs.E(errs.Unauthorized, "Please log in.")
	}
	now := s.clock.Now()
	var userID, lastSeen, expires int64
	err := s.db.QueryRowContext(ctx, `SELECT user_id, last_seen_at, expires_at FROM sessions WHERE id = $1`, hashToken(token)).
		Scan(&userID, &lastSeen, &expires)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && store.Time(expires).Before(now)) {
		return User{}, errs.E(errs.Unauthorized, "Your session has ended. Please log in again.")
	}
	if err != nil {
		return User{}, fmt.Errorf("account: session: %w", err)
	}
	if now.Sub(store.Time(lastSeen)) > sessionTouch {
		err := s.db.WithTx(ctx, func(ctx context.Context) error {
			_, err := s.db.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3`,
				store.Millis(now), store.Millis(now.Add(SessionTTL)), hashToken(token))
			return err
		})
		if err != nil {
			return User{}, fmt.Errorf("account: touch session: %w", err)
		}
	}
	u, err := s.Get(ctx, userID)
	if err != nil {
		return User{}, err
	}
	if !u.DisabledAt.IsZero() {
		return User{}, errs.E(errs.Unauthorized, "This account is disabled.")
	}
	return u, nil
}

// Logout ends the session with token.
func (s *Service) Logout(ctx context.Context, token string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, hashToken(token))
	if err != nil {
		return fmt.Errorf("account: logout: %w", err)
	}
	return nil
}

// PruneSessions deletes expired sessions.
func (s *Service) PruneSessions(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1`, store.Millis(s.clock.Now()))
	if err != nil {
		return 0, fmt.Errorf("account: prune sessions: %w", err)
	}
	return res.RowsAffected()
}

// clip makes a client-supplied header safe to store: valid UTF-8 (which
// PostgreSQL insists on) and at most max bytes, cut at a rune boundary.
func clip(s string, max int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= max {
		return s
	}
	for max > 0 && !utf8.RuneStart(s[max]) {
		max--
	}
	return s[:max]
}
