package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// HashParams are argon2id's cost settings. The defaults follow RFC 9106's
// second recommended option (64 MiB, 3 passes); tests use cheaper ones.
type HashParams struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultHashParams is what production uses.
func DefaultHashParams() HashParams { return HashParams{Memory: 64 * 1024, Time: 3, Threads: 2} }

// FastHashParams is for tests only: a fraction of a millisecond per hash.
func FastHashParams() HashParams { return HashParams{Memory: 1024, Time: 1, Threads: 1} }

const (
	saltLen = 16
	keyLen  = 32
)

// HashPassword returns a PHC-formatted argon2id hash of password.
func HashPassword(password string, p HashParams) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("account: salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, keyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

var errBadHash = errors.New("account: malformed password hash")

// CheckPassword reports whether password matches the PHC hash. The
// comparison takes constant time in the length of the key.
func CheckPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var p HashParams
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false, errBadHash
	}
	// argon2 panics on zero passes or threads; and a stored hash must not
	// be able to ask for unbounded work.
	if p.Time < 1 || p.Time > 16 || p.Threads < 1 || p.Memory < 8*uint32(p.Threads) || p.Memory > 1<<20 {
		return false, errBadHash
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := enc.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// MinPasswordLength is the shortest password accepted. NIST SP 800-63B asks
// for length and a check against known-bad passwords, not composition rules.
const MinPasswordLength = 10

// MaxPasswordLength bounds the work one login can ask of argon2.
const MaxPasswordLength = 256

// common holds passwords that appear at the top of every breach list and
// pass the length rule; anything containing one of the stems is refused.
var commonStems = []string{
	"password", "passw0rd", "123456", "qwerty", "azerty", "letmein", "welcome",
	"iloveyou", "admin", "abc123", "monkey", "dragon", "football", "baseball",
	"sunshine", "princess", "trustno1", "master", "changeme", "cultivate",
}

// PasswordProblem returns why password is too weak for the person with
// email and name, or "" when it is acceptable.
func PasswordProblem(password, email, name string) string {
	if !utf8.ValidString(password) {
		return "Password contains characters that are not valid text."
	}
	n := utf8.RuneCountInString(password)
	if n < MinPasswordLength {
		return fmt.Sprintf("Use at least %d characters; a few unrelated words make a strong password.", MinPasswordLength)
	}
	if n > MaxPasswordLength {
		return fmt.Sprintf("Use at most %d characters.", MaxPasswordLength)
	}
	lower := strings.ToLower(password)
	distinct := map[rune]bool{}
	for _, r := range lower {
		distinct[r] = true
	}
	if len(distinct) < 4 {
		return "This password repeats too few characters to be safe."
	}
	for _, s := range commonStems {
		if strings.Contains(lower, s) && len(lower) < len(s)+6 {
			return "This password is among the most common ones attackers try first."
		}
	}
	if local, _, ok := strings.Cut(strings.ToLower(email), "@"); ok && len(local) >= 4 && strings.Contains(lower, local) {
		return "Don't build your password from your email address."
	}
	if nm := strings.ToLower(strings.ReplaceAll(name, " ", "")); len(nm) >= 4 && strings.Contains(strings.ReplaceAll(lower, " ", ""), nm) {
		return "Don't build your password from your name."
	}
	return ""
}
