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

func TestTokens(t *testing.T) {
	runScenarios(t,
		scenario{"secret is shown once and stored hashed", testTokenSecretIsShownOnceAndStoredHashed},
		scenario{"only live tokens are accepted", testTokenUserAcceptsOnlyLiveTokens},
		scenario{"name is validated", testTokenNameIsValidated},
		scenario{"at most twenty active", testTokenCapOfTwentyActive},
		scenario{"cap holds under concurrent creation", testTokenCapHoldsUnderConcurrentCreation},
	)
}

// testTokenSecretIsShownOnceAndStoredHashed: the secret comes back from
// CreateToken and nowhere else, and no column of api_tokens holds it.
func testTokenSecretIsShownOnceAndStoredHashed(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	ada := f.user(t, f.email("ada"), "Ada")
	tok, err := f.acc.CreateToken(f.ctx, ada.ID, "  CI pipeline ")
	if err != nil {
		t.Fatalf("CreateToken: %v", err)
	}
	if !strings.HasPrefix(tok.Secret, account.TokenPrefix) || len(tok.Secret) < len(account.TokenPrefix)+40 {
		t.Errorf("secret %q: want %q and at least 40 random characters", tok.Secret, account.TokenPrefix)
	}
	if tok.Name != "CI pipeline" || tok.UserID != ada.ID || tok.ID == 0 || !tok.CreatedAt.Equal(t0) {
		t.Errorf("token = %+v", tok)
	}
	if tok.Prefix != tok.Secret[:len(account.TokenPrefix)+6] {
		t.Errorf("prefix %q is not the secret's first characters", tok.Prefix)
	}
	var name, hash, prefix string
	if err := db.QueryRowContext(f.ctx, `SELECT name, token_hash, prefix FROM api_tokens WHERE id = $1`, tok.ID).Scan(&name, &hash, &prefix); err != nil {
		t.Fatal(err)
	}
	for col, v := range map[string]string{"name": name, "token_hash": hash, "prefix": prefix} {
		if strings.Contains(v, tok.Secret) || strings.Contains(v, tok.Secret[len(account.TokenPrefix):]) {
			t.Errorf("column %s holds the secret", col)
		}
	}
	if hash != sha256Hex(tok.Secret) {
		t.Errorf("token_hash %q is not the SHA-256 of the secret", hash)
	}
	list, err := f.acc.Tokens(f.ctx, ada.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("Tokens = %v, %v", list, err)
	}
	if list[0].Secret != "" || list[0].Prefix != tok.Prefix || list[0].Name != "CI pipeline" {
		t.Errorf("listed token = %+v: want the prefix and no secret", list[0])
	}
	other, err := f.acc.CreateToken(f.ctx, ada.ID, "CI pipeline")
	if err != nil {
		t.Fatal(err)
	}
	if other.Secret == tok.Secret {
		t.Error("two tokens share a secret")
	}
}

func testTokenUserAcceptsOnlyLiveTokens(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	ada := f.user(t, f.email("ada"), "Ada")
	bob := f.user(t, f.email("bob"), "Bob")
	live, err := f.acc.CreateToken(f.ctx, ada.ID, "live")
	if err != nil {
		t.Fatal(err)
	}
	revoked, err := f.acc.CreateToken(f.ctx, ada.ID, "revoked")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.acc.RevokeToken(f.ctx, ada.ID, revoked.ID); err != nil {
		t.Fatalf("RevokeToken: %v", err)
	}
	wantKind(t, f.acc.RevokeToken(f.ctx, ada.ID, revoked.ID), errs.NotFound, "")
	wantKind(t, f.acc.RevokeToken(f.ctx, bob.ID, live.ID), errs.NotFound, "") // not Bob's to revoke
	sess := f.session(t, ada.ID)

	f.clock.Advance(time.Hour)
	u, err := f.acc.TokenUser(f.ctx, live.Secret)
	if err != nil || u.ID != ada.ID {
		t.Fatalf("TokenUser(live) = %d, %v; want %d", u.ID, err, ada.ID)
	}
	for name, secret := range map[string]string{
		"revoked":              revoked.Secret,
		"unknown":              account.TokenPrefix + strings.Repeat("A", 43),
		"without prefix":       strings.TrimPrefix(live.Secret, account.TokenPrefix),
		"other prefix":         "ghp_" + strings.TrimPrefix(live.Secret, account.TokenPrefix),
		"empty":                "",
		"prefix only":          account.TokenPrefix,
		"too long":             live.Secret + strings.Repeat("x", 100),
		"truncated":            live.Secret[:len(live.Secret)-1],
		"a session token":      sess.Token,
		"prefixed session":     account.TokenPrefix + sess.Token,
		"invalid UTF-8":        account.TokenPrefix + "\xff\xfe",
		"different case match": strings.ToUpper(live.Secret),
	} {
		t.Run(name, func(t *testing.T) {
			u, err := f.acc.TokenUser(f.ctx, secret)
			wantKind(t, err, errs.Unauthorized, "")
			if u.ID != 0 {
				t.Errorf("refused token gave user %d", u.ID)
			}
		})
	}

	list, err := f.acc.Tokens(f.ctx, ada.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("Tokens = %v, %v; want both, revoked included", list, err)
	}
	if list[0].ID != revoked.ID || list[1].ID != live.ID {
		t.Errorf("Tokens order = %d, %d; want newest first (%d, %d)", list[0].ID, list[1].ID, revoked.ID, live.ID)
	}
	if !list[0].RevokedAt.Equal(t0) || !list[1].RevokedAt.IsZero() {
		t.Errorf("revoked at = %v, %v", list[0].RevokedAt, list[1].RevokedAt)
	}
	if !list[1].LastUsedAt.Equal(t0.Add(time.Hour)) || !list[0].LastUsedAt.IsZero() {
		t.Errorf("last used = %v (revoked), %v (live); want zero, %v", list[0].LastUsedAt, list[1].LastUsedAt, t0.Add(time.Hour))
	}
	if bobs, err := f.acc.Tokens(f.ctx, bob.ID); err != nil || len(bobs) != 0 {
		t.Errorf("Bob sees %d tokens, %v", len(bobs), err)
	}
}

func testTokenNameIsValidated(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	ada := f.user(t, f.email("ada"), "Ada")
	for _, name := range []string{"", "   ", strings.Repeat("n", 81), "ci\x00", "ci\xff"} {
		_, err := f.acc.CreateToken(f.ctx, ada.ID, name)
		wantKind(t, err, errs.Invalid, "name")
	}
	if n := f.count(t, `SELECT COUNT(*) FROM api_tokens WHERE user_id = $1`, ada.ID); n != 0 {
		t.Errorf("%d tokens written by refused creations", n)
	}
}

// testTokenCapOfTwentyActive: revoked tokens do not count.
func testTokenCapOfTwentyActive(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	ada := f.user(t, f.email("ada"), "Ada")
	bob := f.user(t, f.email("bob"), "Bob")
	var first account.Token
	for i := range 20 {
		tok, err := f.acc.CreateToken(f.ctx, ada.ID, fmt.Sprintf("t%d", i))
		if err != nil {
			t.Fatalf("token %d: %v", i+1, err)
		}
		if i == 0 {
			first = tok
		}
	}
	_, err := f.acc.CreateToken(f.ctx, ada.ID, "one too many")
	wantKind(t, err, errs.Conflict, "")
	if _, err := f.acc.CreateToken(f.ctx, bob.ID, "bob's"); err != nil {
		t.Errorf("another user is capped by Ada's tokens: %v", err)
	}
	if err := f.acc.RevokeToken(f.ctx, ada.ID, first.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.acc.CreateToken(f.ctx, ada.ID, "after revoking one"); err != nil {
		t.Errorf("cap still reached after revoking a token: %v", err)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL`, ada.ID); n != 20 {
		t.Errorf("%d active tokens, want 20", n)
	}
}

// testTokenCapHoldsUnderConcurrentCreation: two browser tabs (or replicas)
// creating tokens at once must not take a user past 20.
func testTokenCapHoldsUnderConcurrentCreation(t *testing.T, db *store.DB) {
	f := newFixture(t, db)
	ada := f.user(t, f.email("ada"), "Ada")
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Go(func() {
			_, err := f.acc.CreateToken(f.ctx, ada.ID, fmt.Sprintf("t%d", i))
			if err != nil && !errs.Is(err, errs.Conflict) {
				t.Errorf("CreateToken: %v", err)
			}
		})
	}
	wg.Wait()
	if n := f.count(t, `SELECT COUNT(*) FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL`, ada.ID); n != 20 {
		t.Errorf("%d active tokens after 30 concurrent creations, want exactly 20", n)
	}
}
