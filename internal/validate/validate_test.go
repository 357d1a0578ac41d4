package validate_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"cultivate/internal/errs"
	"cultivate/internal/validate"
)

// problem returns the message f holds for field, or "".
func problem(f errs.Fields, field string) string {
	return errs.ByField(f.Err())[field]
}

func TestTextTrimsAndChecksLengthAndCharacters(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		min, max  int
		multiline bool
		want      string
		problem   string // substring of the message; "" for none
	}{
		{name: "trims surrounding space", in: "  Ada Lovelace \t", min: 1, max: 80, want: "Ada Lovelace"},
		{name: "required when empty", in: "", min: 1, max: 80, want: "", problem: "is required"},
		{name: "required when only spaces", in: " \t\n ", min: 1, max: 80, want: "", problem: "is required"},
		{name: "optional may be empty", in: "   ", min: 0, max: 80, want: ""},
		{name: "too short", in: "ab", min: 3, max: 80, want: "ab", problem: "at least 3 characters"},
		{name: "exactly min", in: "abc", min: 3, max: 80, want: "abc"},
		{name: "exactly max in runes, not bytes", in: strings.Repeat("é", 80), min: 1, max: 80, want: strings.Repeat("é", 80)},
		{name: "too long", in: strings.Repeat("x", 81), min: 1, max: 80, want: strings.Repeat("x", 81), problem: "at most 80 characters (it has 81)"},
		{name: "invalid UTF-8", in: "Ann\xff\xfe", min: 1, max: 80, want: "", problem: "invalid UTF-8"},
		{name: "truncated multibyte rune", in: "caf\xc3", min: 1, max: 80, want: "", problem: "invalid UTF-8"},
		{name: "NUL", in: "a\x00b", min: 1, max: 80, want: "a\x00b", problem: "control characters"},
		{name: "bell", in: "Ann\x07", min: 1, max: 80, want: "Ann\x07", problem: "control characters"},
		{name: "escape", in: "a\x1b[31mred", min: 1, max: 80, want: "a\x1b[31mred", problem: "control characters"},
		{name: "DEL", in: "a\x7fb", min: 1, max: 80, want: "a\x7fb", problem: "control characters"},
		{name: "C1 control", in: "a\u0085b", min: 1, max: 80, want: "a\u0085b", problem: "control characters"},
		{name: "newline refused on one line", in: "a\nb", min: 1, max: 80, want: "a\nb", problem: "control characters"},
		{name: "tab refused on one line", in: "a\tb", min: 1, max: 80, want: "a\tb", problem: "control characters"},
		{name: "newline and tab allowed when multiline", in: "a\n\tb", min: 1, max: 80, multiline: true, want: "a\n\tb"},
		{name: "CRLF becomes LF when multiline", in: "one\r\ntwo\r\n", min: 1, max: 80, multiline: true, want: "one\ntwo"},
		{name: "lone CR refused even when multiline", in: "one\rtwo", min: 1, max: 80, multiline: true, want: "one\rtwo", problem: "control characters"},
		{name: "NUL refused when multiline", in: "a\n\x00", min: 1, max: 80, multiline: true, want: "a\n\x00", problem: "control characters"},
		{name: "non-Latin text", in: "データ分析", min: 3, max: 5, want: "データ分析"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f errs.Fields
			got := validate.Text(&f, "field", "Label", tt.in, tt.min, tt.max, tt.multiline)
			if got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
			msg := problem(f, "field")
			switch {
			case tt.problem == "" && msg != "":
				t.Errorf("Text(%q): unexpected problem %q", tt.in, msg)
			case tt.problem != "" && !strings.Contains(msg, tt.problem):
				t.Errorf("Text(%q): problem %q, want one containing %q", tt.in, msg, tt.problem)
			case tt.problem != "" && !strings.HasPrefix(msg, "Label "):
				t.Errorf("Text(%q): problem %q does not name the label", tt.in, msg)
			}
		})
	}
}

func TestEmailNormalizesAndRejectsMalformedAddresses(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"ada@example.org", "ada@example.org", true},
		{"  Ada.Lovelace@Example.ORG ", "ada.lovelace@example.org", true},
		{"first+tag@sub.example.co.uk", "first+tag@sub.example.co.uk", true},
		{"", "", false},
		{"   ", "", false},
		{"not-an-email", "", false},
		{"ada@", "", false},
		{"@example.org", "", false},
		{"ada@example", "", false}, // no dot in the domain
		{"ada@@example.org", "", false},
		{"ada example@example.org", "", false},
		{"Ada <ada@example.org>", "", false}, // a display name is not an address
		{"ada@example.org, bob@example.org", "", false},
		{"ada@example.org.", "", false},
		{"ada@.example.org", "", false},
		{"ada@example.org\x00", "", false},
		{"ada\n@example.org", "", false},
		{"ada@exa\xffmple.org", "", false},
		{strings.Repeat("a", 250) + "@example.org", "", false}, // longer than 254
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var f errs.Fields
			got := validate.Email(&f, "email", tt.in)
			msg := problem(f, "email")
			if tt.ok {
				if msg != "" {
					t.Fatalf("Email(%q): unexpected problem %q", tt.in, msg)
				}
				if got != tt.want {
					t.Errorf("Email(%q) = %q, want %q", tt.in, got, tt.want)
				}
				return
			}
			if msg == "" {
				t.Errorf("Email(%q) = %q accepted, want a problem", tt.in, got)
			}
		})
	}
}

func TestSlugAcceptsOnlyShortLowerCaseHyphenatedNames(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"qa", true},
		{"testers-guild", true},
		{"data-2024", true},
		{"  ux-research  ", true}, // trimmed
		{strings.Repeat("a", 48), true},
		{strings.Repeat("a", 49), false},
		{"a", false},
		{"", false},
		{"-qa", false},
		{"qa-", false},
		{"Testers", false},
		{"testers guild", false},
		{"testers_guild", false},
		{"tést", false},
		{"qa\n", true}, // surrounding space, trimmed
		{"q\na", false},
		{"qa\xff", false},
		{"../etc", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var f errs.Fields
			got := validate.Slug(&f, "slug", tt.in)
			msg := problem(f, "slug")
			if tt.ok && msg != "" {
				t.Errorf("Slug(%q): unexpected problem %q", tt.in, msg)
			}
			if !tt.ok && msg == "" {
				t.Errorf("Slug(%q) = %q accepted, want a problem", tt.in, got)
			}
			if tt.ok && got != strings.TrimSpace(tt.in) {
				t.Errorf("Slug(%q) = %q, want it trimmed", tt.in, got)
			}
		})
	}
}

func TestSlugifyMakesAWebAddressFromAName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Testers Guild", "testers-guild"},
		{"  UX  Research!! ", "ux-research"},
		{"C++ & Go", "c-go"},
		{"Data — Analysts 2024", "data-analysts-2024"},
		{"Sécurité", "securite"},
		{"Léa Martin", "lea-martin"},
		{"Crème brûlée Ωmega", "creme-brulee-mega"},
		{"データ分析", ""},
		{"---", ""},
		{"", ""},
		{strings.Repeat("ab ", 40), strings.TrimSuffix(strings.Repeat("ab-", 16), "-")},
		{strings.Repeat("x", 100), strings.Repeat("x", 48)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := validate.Slugify(tt.in); got != tt.want {
				t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestSlugifyOutputIsAValidSlugOrEmpty: community.Create uses Slugify's
// output as the web address when the creator leaves it blank, so anything
// but "" must pass Slug, or the creator is told off about a field they did
// not fill in.
func TestSlugifyOutputIsAValidSlugOrEmpty(t *testing.T) {
	for _, in := range []string{"X", "A !", "Q&A", "Ωmega z", "é a", "Go", strings.Repeat("word ", 30), "a-b"} {
		got := validate.Slugify(in)
		if got == "" {
			continue
		}
		var f errs.Fields
		validate.Slug(&f, "slug", got)
		if msg := problem(f, "slug"); msg != "" {
			t.Errorf("Slugify(%q) = %q, which Slug refuses: %s", in, got, msg)
		}
	}
}

func TestTagsNormalizeDeduplicateAndBound(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		max     int
		want    []string
		problem string
	}{
		{name: "comma and space separated", in: "go, sql  testing", max: 20, want: []string{"go", "sql", "testing"}},
		{name: "lower-cased and deduplicated keeping first order", in: "Go, GO go SQL sql", max: 20, want: []string{"go", "sql"}},
		{name: "newlines and tabs separate too", in: "a11y\nux\tresearch", max: 20, want: []string{"a11y", "ux", "research"}},
		{name: "allowed punctuation", in: "c++ c# node.js ci-cd", max: 20, want: []string{"c++", "c#", "node.js", "ci-cd"}},
		{name: "leading and trailing dots and hyphens trimmed", in: "-go- .net.", max: 20, want: []string{"go", "net"}},
		{name: "empty pieces skipped", in: " , ,, -- ..", max: 20, want: nil},
		{name: "non-Latin letters", in: "тестирование データ", max: 20, want: []string{"тестирование", "データ"}},
		{name: "exactly max", in: "a b c", max: 3, want: []string{"a", "b", "c"}},
		{name: "duplicates do not count toward max", in: "a b a c b", max: 3, want: []string{"a", "b", "c"}},
		{name: "more than max", in: "a b c d", max: 3, want: []string{"a", "b", "c"}, problem: "at most 3 tags"},
		{name: "forbidden punctuation", in: "go, sql;drop", max: 20, want: []string{"go"}, problem: "may hold only"},
		{name: "control character", in: "go a\x00b", max: 20, want: []string{"go"}, problem: "may hold only"},
		{name: "32 characters is fine", in: strings.Repeat("a", 32), max: 20, want: []string{strings.Repeat("a", 32)}},
		{name: "33 characters is too long", in: strings.Repeat("a", 33), max: 20, want: nil, problem: "longer than 32"},
		{name: "length counts runes", in: strings.Repeat("é", 32), max: 20, want: []string{strings.Repeat("é", 32)}},
		{name: "invalid UTF-8", in: "go \xff", max: 20, want: nil, problem: "not valid text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f errs.Fields
			got := validate.Tags(&f, "tags", tt.in, tt.max)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Tags(%q) = %q, want %q", tt.in, got, tt.want)
			}
			msg := problem(f, "tags")
			if tt.problem == "" && msg != "" {
				t.Errorf("Tags(%q): unexpected problem %q", tt.in, msg)
			}
			if tt.problem != "" && !strings.Contains(msg, tt.problem) {
				t.Errorf("Tags(%q): problem %q, want one containing %q", tt.in, msg, tt.problem)
			}
		})
	}
}

// TestTagsProblemMessageIsValidText: the message quotes the start of an
// over-long tag; cutting it mid-rune would put invalid UTF-8 in the page
// (and in a PostgreSQL column if it is ever stored).
func TestTagsProblemMessageIsValidText(t *testing.T) {
	for _, in := range []string{
		strings.Repeat("a", 40),
		strings.Repeat("é", 40), // 2 bytes a rune: byte 16 is a boundary
		strings.Repeat("日", 40), // 3 bytes a rune: byte 16 is not
		strings.Repeat("😀", 40), // 4 bytes, a symbol: refused as a non-letter
		"a" + strings.Repeat("ü", 40),
	} {
		var f errs.Fields
		validate.Tags(&f, "tags", in, 20)
		msg := problem(f, "tags")
		if msg == "" {
			t.Errorf("Tags(%.12q…): no problem reported for an over-long or invalid tag", in)
			continue
		}
		if !utf8.ValidString(msg) {
			t.Errorf("Tags(%.12q…): problem message is not valid UTF-8: %q", in, msg)
		}
	}
}
