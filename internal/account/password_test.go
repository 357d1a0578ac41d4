package account_test

import (
	"fmt"
	"strings"
	"testing"

	"cultivate/internal/account"
)

func TestHashPasswordRoundTrip(t *testing.T) {
	for _, p := range []account.HashParams{account.FastHashParams(), {Memory: 2048, Time: 2, Threads: 2}} {
		t.Run(fmt.Sprintf("m=%d,t=%d,p=%d", p.Memory, p.Time, p.Threads), func(t *testing.T) {
			const pw = "correct horse battery staple"
			h1, err := account.HashPassword(pw, p)
			if err != nil {
				t.Fatalf("HashPassword: %v", err)
			}
			prefix := fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$", p.Memory, p.Time, p.Threads)
			if !strings.HasPrefix(h1, prefix) {
				t.Errorf("hash %q does not start with %q", h1, prefix)
			}
			if strings.Contains(h1, pw) {
				t.Error("the hash contains the password")
			}
			h2, err := account.HashPassword(pw, p)
			if err != nil {
				t.Fatal(err)
			}
			if h1 == h2 {
				t.Error("two hashes of one password are equal: the salt is not random")
			}
			for _, h := range []string{h1, h2} {
				if ok, err := account.CheckPassword(h, pw); !ok || err != nil {
					t.Errorf("CheckPassword(right password) = %v, %v; want true, nil", ok, err)
				}
			}
			for _, wrong := range []string{"", "correct horse battery stapl", "Correct horse battery staple", pw + " ", pw + pw} {
				if ok, err := account.CheckPassword(h1, wrong); ok || err != nil {
					t.Errorf("CheckPassword(%q) = %v, %v; want false, nil", wrong, ok, err)
				}
			}
		})
	}
}

// TestCheckPasswordRejectsMalformedHashes: a corrupt or foreign hash in the
// users table must be an error, never a match and never a panic in the
// login handler.
func TestCheckPasswordRejectsMalformedHashes(t *testing.T) {
	good, err := account.HashPassword("correct horse battery staple", account.FastHashParams())
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, "$") // "", argon2id, v=19, m=…, salt, key
	salt, key := parts[4], parts[5]
	phc := func(alg, version, params, salt, key string) string {
		return strings.Join([]string{"", alg, version, params, salt, key}, "$")
	}
	tests := []struct{ name, hash string }{
		{"empty", ""},
		{"plain text", "correct horse battery staple"},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i, not argon2id", phc("argon2i", "v=19", "m=1024,t=1,p=1", salt, key)},
		{"old version", phc("argon2id", "v=16", "m=1024,t=1,p=1", salt, key)},
		{"version not a number", phc("argon2id", "v=x", "m=1024,t=1,p=1", salt, key)},
		{"params missing", phc("argon2id", "v=19", "", salt, key)},
		{"params garbled", phc("argon2id", "v=19", "t=1,m=1024,p=1", salt, key)},
		{"threads overflow a byte", phc("argon2id", "v=19", "m=1024,t=1,p=300", salt, key)},
		{"negative memory", phc("argon2id", "v=19", "m=-1,t=1,p=1", salt, key)},
		{"salt not base64", phc("argon2id", "v=19", "m=1024,t=1,p=1", "!!!", key)},
		{"key not base64", phc("argon2id", "v=19", "m=1024,t=1,p=1", salt, "***")},
		{"key empty", phc("argon2id", "v=19", "m=1024,t=1,p=1", salt, "")},
		{"too few fields", "$argon2id$v=19$m=1024,t=1,p=1$" + salt},
		{"too many fields", good + "$extra"},
		{"zero passes", phc("argon2id", "v=19", "m=1024,t=0,p=1", salt, key)},
		{"zero threads", phc("argon2id", "v=19", "m=1024,t=1,p=0", salt, key)},
		{"more passes than a login may spend", phc("argon2id", "v=19", "m=1024,t=17,p=1", salt, key)},
		{"memory below 8 KiB per thread", phc("argon2id", "v=19", "m=4,t=1,p=1", salt, key)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("CheckPassword(%q) panicked: %v", tt.hash, p)
				}
			}()
			ok, err := account.CheckPassword(tt.hash, "correct horse battery staple")
			if ok || err == nil {
				t.Errorf("CheckPassword(%q) = %v, %v; want false and an error", tt.hash, ok, err)
			}
		})
	}
}

func TestPasswordProblem(t *testing.T) {
	const email, name = "jsmith@example.org", "Jane Smith"
	tests := []struct {
		name     string
		password string
		email    string
		person   string
		problem  string // substring; "" means accepted
	}{
		{name: "good passphrase", password: "correct horse battery staple"},
		{name: "good mixed", password: "Tr0ub4dor&3xyz"},
		{name: "good non-ASCII", password: "ñandú pájaro azul"},
		{name: "exactly 10 characters", password: "vK8#qz2!Lm"},
		{name: "exactly 256 characters", password: strings.Repeat("abcd", 64)},
		{name: "stem inside a long sentence is fine", password: "my password is a long sentence"},
		{name: "4 distinct characters is enough", password: "abcdabcdabcd"},
		{name: "short email local part not checked", password: "bob-the-builder-42", email: "bob@example.org", person: "B"},
		{name: "short name not checked", password: "kai kai kai kai 77", email: "x@example.org", person: "Kai"},

		{name: "empty", password: "", problem: "at least 10"},
		{name: "9 characters", password: "vK8#qz2!L", problem: "at least 10"},
		{name: "length counts characters not bytes", password: "ééééççççà", problem: "at least 10"},
		{name: "257 characters", password: strings.Repeat("abcd", 64) + "e", problem: "at most 256"},
		{name: "password12", password: "password12", problem: "most common"},
		{name: "Password!!", password: "Password!!", problem: "most common"},
		{name: "qwerty stem", password: "qwertyuiop", problem: "most common"},
		{name: "digits", password: "1234567890", problem: "most common"},
		{name: "letmein", password: "letmein2024", problem: "most common"},
		{name: "the product's name", password: "Cultivate#1", problem: "most common"},
		{name: "one character repeated", password: "aaaaaaaaaaaa", problem: "too few"},
		{name: "two characters", password: "abababababab", problem: "too few"},
		{name: "three characters, any case", password: "abcABCabcABC", problem: "too few"},
		{name: "email local part", password: "jsmith-2024!", problem: "email"},
		{name: "email local part, other case", password: "JSMITH loves tea", problem: "email"},
		{name: "name without spaces", password: "JaneSmith1985", problem: "name"},
		{name: "name with spaces", password: "jane smith 1985", problem: "name"},
		{name: "invalid UTF-8", password: "correct horse\xff battery", problem: "not valid text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, n := email, name
			if tt.email != "" {
				e, n = tt.email, tt.person
			}
			got := account.PasswordProblem(tt.password, e, n)
			switch {
			case tt.problem == "" && got != "":
				t.Errorf("PasswordProblem(%q) = %q, want it accepted", tt.password, got)
			case tt.problem != "" && !strings.Contains(got, tt.problem):
				t.Errorf("PasswordProblem(%q) = %q, want a problem containing %q", tt.password, got, tt.problem)
			}
		})
	}
}
