package validate_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"cultivate/internal/errs"
	"cultivate/internal/validate"
)

func checkMessages(t *testing.T, f errs.Fields) {
	t.Helper()
	for _, e := range f {
		if !utf8.ValidString(e.Message) {
			t.Errorf("problem message is not valid UTF-8: %q", e.Message)
		}
	}
}

// FuzzText: whatever people paste, Text never panics, returns valid UTF-8,
// and anything it accepts is trimmed, free of control characters and
// within its bounds.
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "Ada", "  padded  ", "a\r\nb", "a\x00b", "\xff", "caf\xc3", "データ", "a\u0085", "\t\n"} {
		f.Add(s, uint8(1), uint8(20), false)
		f.Add(s, uint8(0), uint8(5), true)
	}
	f.Fuzz(func(t *testing.T, in string, lo, span uint8, multiline bool) {
		min, max := int(lo%10), int(lo%10)+int(span%40)
		var fs errs.Fields
		got := validate.Text(&fs, "f", "Field", in, min, max, multiline)
		checkMessages(t, fs)
		if !utf8.ValidString(got) {
			t.Fatalf("Text(%q) = %q: not valid UTF-8", in, got)
		}
		if !utf8.ValidString(in) && len(fs) == 0 {
			t.Fatalf("Text(%q) accepted invalid UTF-8", in)
		}
		if len(fs) > 0 {
			return
		}
		if got != strings.TrimSpace(got) {
			t.Errorf("Text(%q) = %q: not trimmed", in, got)
		}
		n := utf8.RuneCountInString(got)
		if n < min || n > max {
			t.Errorf("Text(%q) = %q: %d runes, outside [%d, %d]", in, got, n, min, max)
		}
		for _, r := range got {
			if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t')) {
				t.Errorf("Text(%q) = %q accepted control character %U", in, got, r)
			}
		}
	})
}

// FuzzTags: Tags never panics, its problem messages are valid UTF-8, and
// what it accepts is at most max distinct, non-empty, lower-case tags of at
// most 32 runes, each valid UTF-8.
func FuzzTags(f *testing.F) {
	for _, s := range []string{"", "go, sql", "Go GO go", "c++ c# .net", "a;b", "\xff", "тест", strings.Repeat("x", 40), "a b c d e f"} {
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, in string, m uint8) {
		max := int(m % 25)
		var fs errs.Fields
		tags := validate.Tags(&fs, "tags", in, max)
		checkMessages(t, fs)
		if len(fs) > 0 {
			// Callers discard the tags when there is a problem.
			return
		}
		if len(tags) > max {
			t.Errorf("Tags(%q, %d) returned %d tags", in, max, len(tags))
		}
		seen := map[string]bool{}
		for _, tag := range tags {
			switch {
			case tag == "":
				t.Errorf("Tags(%q): empty tag", in)
			case !utf8.ValidString(tag):
				t.Errorf("Tags(%q): tag %q is not valid UTF-8", in, tag)
			case utf8.RuneCountInString(tag) > 32:
				t.Errorf("Tags(%q): tag %q is longer than 32 runes", in, tag)
			case seen[tag]:
				t.Errorf("Tags(%q): duplicate tag %q", in, tag)
			case strings.ContainsAny(tag, ", \t\n"):
				t.Errorf("Tags(%q): tag %q holds a separator", in, tag)
			case strings.ToLower(tag) != tag:
				t.Errorf("Tags(%q): tag %q is not lower case", in, tag)
			}
			seen[tag] = true
		}
	})
}

// FuzzSlugify: Slugify never panics, and what it returns is either empty or
// a slug that Slug accepts.
func FuzzSlugify(f *testing.F) {
	for _, s := range []string{"Testers Guild", "C++ & Go", "データ分析", "", "---", "Sécurité des données", strings.Repeat("ab ", 40), "Go!"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := validate.Slugify(name)
		if !utf8.ValidString(got) {
			t.Fatalf("Slugify(%q) = %q: not valid UTF-8", name, got)
		}
		if got == "" {
			return
		}
		var fs errs.Fields
		if validate.Slug(&fs, "slug", got); len(fs) > 0 {
			t.Errorf("Slugify(%q) = %q, which Slug refuses", name, got)
		}
	})
}
