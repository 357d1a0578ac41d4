package mail

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"cultivate/internal/activity"
	"cultivate/internal/errs"
	"cultivate/internal/store"
)

// Scopes an unsubscribe link stops, besides a single kind of notification.
const (
	ScopeAll    = "all"    // every email: each kind set to never, the digest off
	ScopeDigest = "digest" // the weekly digest
)

// secretName is the instance setting holding the key that signs
// unsubscribe links.
const secretName = "mail.unsubscribe_key"

// key returns the signing key, made on first use. Replicas that make one at
// the same moment agree: the first insert wins and everyone reads it back.
// The lock guards only the cached copy, never a database call: holding it
// while waiting for SQLite's one writer could deadlock with a transaction
// that asks for the key.
func (s *Service) key(ctx context.Context) ([]byte, error) {
	s.mu.Lock()
	cached := s.secret
	s.mu.Unlock()
	if cached != nil {
		return cached, nil
	}
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM instance_settings WHERE name = $1`, secretName).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		var b [32]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, fmt.Errorf("mail: make the unsubscribe key: %w", err)
		}
		err = s.db.WithTx(ctx, func(ctx context.Context) error {
			if _, err := s.db.ExecContext(ctx, `INSERT INTO instance_settings (name, value, created_at) VALUES ($1, $2, $3)
				ON CONFLICT (name) DO NOTHING`, secretName, hex.EncodeToString(b[:]), store.Millis(s.clock.Now())); err != nil {
				return err
			}
			return s.db.QueryRowContext(ctx, `SELECT value FROM instance_settings WHERE name = $1`, secretName).Scan(&v)
		})
	}
	if err != nil {
		return nil, fmt.Errorf("mail: the unsubscribe key: %w", err)
	}
	key, err := hex.DecodeString(v)
	if err != nil || len(key) < 16 {
		return nil, fmt.Errorf("mail: the unsubscribe key in instance_settings is damaged")
	}
	// A key made inside a transaction that may still roll back is not
	// remembered: the next call reads whatever committed.
	if !store.InTx(ctx) {
		s.mu.Lock()
		s.secret = key
		s.mu.Unlock()
	}
	return key, nil
}

// sign is the HMAC-SHA256 of a link's payload.
func sign(key []byte, payload string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("cultivate unsubscribe\x00" + payload))
	return m.Sum(nil)
}

// UnsubscribeToken signs (userID, scope): scope is a kind of notification,
// ScopeDigest or ScopeAll. The token is "<user id>.<scope>.<signature>",
// safe in a URL path.
func (s *Service) UnsubscribeToken(ctx context.Context, userID int64, scope string) (string, error) {
	if !validScope(scope) {
		return "", fmt.Errorf("mail: no unsubscribe scope %q", scope)
	}
	key, err := s.key(ctx)
	if err != nil {
		return "", err
	}
	payload := strconv.FormatInt(userID, 10) + "." + scope
	return payload + "." + base64.RawURLEncoding.EncodeToString(sign(key, payload)), nil
}

// UnsubscribeURL is the signed one-click link for (userID, scope).
func (s *Service) UnsubscribeURL(ctx context.Context, userID int64, scope string) (string, error) {
	tok, err := s.UnsubscribeToken(ctx, userID, scope)
	if err != nil {
		return "", err
	}
	return s.link("/unsubscribe/" + tok), nil
}

func validScope(scope string) bool {
	if scope == ScopeAll || scope == ScopeDigest {
		return true
	}
	_, known := kindInfo(scope)
	return known
}

// scopeLabel says what a link stops.
func scopeLabel(scope string) string {
	switch scope {
	case ScopeAll:
		return "Stop all email from cultivate"
	case ScopeDigest:
		return "Stop the weekly digest"
	}
	k, _ := kindInfo(scope)
	return "Stop emails about “" + k.Label + "”"
}

// Unsubscription is what a valid link would stop, for the confirmation
// page.
type Unsubscription struct {
	UserID int64
	Scope  string
	Label  string // "Stop the weekly digest"
	Email  string // the address, partly hidden: a link can be forwarded
}

// errBadLink is the answer to any link that does not verify, whatever the
// reason, so a forger learns nothing.
func errBadLink() error {
	return errs.E(errs.NotFound, "This unsubscribe link is not valid: it may be cut short or changed. Open the whole link from the email, or log in and choose what reaches you under Notifications.")
}

// CheckUnsubscribe verifies token and says what it would stop, changing
// nothing (the confirmation page: mail scanners open every link).
func (s *Service) CheckUnsubscribe(ctx context.Context, token string) (Unsubscription, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || len(token) > 200 {
		return Unsubscription{}, errBadLink()
	}
	userID, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || userID <= 0 || !validScope(parts[1]) {
		return Unsubscription{}, errBadLink()
	}
	got, err := base64.RawURLEncoding.Strict().DecodeString(parts[2])
	if err != nil {
		return Unsubscription{}, errBadLink()
	}
	key, err := s.key(ctx)
	if err != nil {
		return Unsubscription{}, err
	}
	if !hmac.Equal(got, sign(key, parts[0]+"."+parts[1])) {
		return Unsubscription{}, errBadLink()
	}
	r, ok, err := s.recipient(ctx, userID)
	if err != nil {
		return Unsubscription{}, err
	}
	if !ok {
		return Unsubscription{}, errBadLink()
	}
	return Unsubscription{UserID: userID, Scope: parts[1], Label: scopeLabel(parts[1]), Email: maskEmail(r.email)}, nil
}

// Unsubscribe verifies token and applies it: the kind it names goes to
// never, or the digest goes off, or (ScopeAll) both for everything. It
// changes nothing else.
func (s *Service) Unsubscribe(ctx context.Context, token string) (Unsubscription, error) {
	u, err := s.CheckUnsubscribe(ctx, token)
	if err != nil {
		return u, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		switch u.Scope {
		case ScopeDigest:
			if err := s.setDigest(ctx, u.UserID, false); err != nil {
				return err
			}
		case ScopeAll:
			if err := s.setDigest(ctx, u.UserID, false); err != nil {
				return err
			}
			for _, k := range kinds {
				if err := s.setChoice(ctx, u.UserID, k.Kind, Never); err != nil {
					return err
				}
			}
		default:
			if err := s.setChoice(ctx, u.UserID, u.Scope, Never); err != nil {
				return err
			}
		}
		return s.log.Record(ctx, activity.Entry{At: s.clock.Now(), ActorID: u.UserID, Kind: Unsubscribed,
			SubjectType: "user", SubjectID: u.UserID, Detail: map[string]any{"scope": u.Scope}})
	})
	return u, err
}

// maskEmail hides most of the local part: "a…e@example.org".
func maskEmail(e string) string {
	local, domain, ok := strings.Cut(e, "@")
	if !ok {
		return "your address"
	}
	r := []rune(local)
	if len(r) <= 2 {
		return string(r[:1]) + "…@" + domain
	}
	return string(r[0]) + "…" + string(r[len(r)-1]) + "@" + domain
}
