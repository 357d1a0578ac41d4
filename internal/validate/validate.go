// Package validate checks what people type before it reaches the database,
// so every area rejects bad input the same way and with the same words.
package validate

import (
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"cultivate/internal/errs"
)

// Text trims value and checks that it is valid UTF-8 without control
// characters (newlines and tabs allowed when multiline), between min and max
// characters long. It records a problem in f under field and returns the
// trimmed value.
func Text(f *errs.Fields, field, label, value string, min, max int, multiline bool) string {
	if !utf8.ValidString(value) {
		f.Add(field, label+" contains characters that are not valid text (invalid UTF-8).")
		return ""
	}
	value = strings.TrimSpace(value)
	if multiline {
		value = strings.ReplaceAll(value, "\r\n", "\n")
	}
	for _, r := range value {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t')) {
			f.Add(field, label+" contains control characters.")
			return value
		}
	}
	n := utf8.RuneCountInString(value)
	switch {
	case n == 0 && min > 0:
		f.Add(field, label+" is required.")
	case n < min:
		f.Add(field, label+" must be at least "+strconv.Itoa(min)+" characters.")
	case n > max:
		f.Add(field, label+" must be at most "+strconv.Itoa(max)+" characters (it has "+strconv.Itoa(n)+").")
	}
	return value
}

// Email normalizes an address to lower case and checks its form.
func Email(f *errs.Fields, field, value string) string {
	v := Text(f, field, "Email", value, 1, 254, false)
	if v == "" {
		return ""
	}
	addr, err := mail.ParseAddress(v)
	if err != nil || addr.Address != v || !strings.Contains(v[strings.LastIndexByte(v, '@')+1:], ".") {
		f.Add(field, "Enter an email address like name@example.org.")
		return v
	}
	return strings.ToLower(v)
}

var slugRE = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$`)

// Slug checks a URL name: 2 to 48 lower-case letters, digits and inner hyphens.
func Slug(f *errs.Fields, field, value string) string {
	v := strings.TrimSpace(value)
	if !utf8.ValidString(v) || !slugRE.MatchString(v) || len(v) < 2 {
		f.Add(field, "Use 2 to 48 lower-case letters, digits or hyphens, starting and ending with a letter or digit.")
	}
	return v
}

// Slugify turns a name into a slug candidate: accents are dropped
// ("Léa" → "lea"), anything else that is not a letter or digit becomes a
// hyphen.
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 48 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if len(s) < 2 {
		return "" // too short to be a web address: let the caller choose
	}
	return s
}

// Clean reports whether s can be stored and compared as text on every
// engine: valid UTF-8 without NUL. Input that is not (a mangled link, a
// forged cursor) matches nothing, rather than reaching the database.
func Clean(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// Contains turns what someone typed into a LIKE pattern matching it
// anywhere, lower-cased, with LIKE's own wildcards escaped; use it with
// "LIKE $n ESCAPE '\'".
func Contains(q string) string {
	q = strings.ToLower(strings.TrimSpace(q))
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(q) + "%"
}

// Tags parses a comma- or space-separated list of tags: lower case,
// letters, digits, '-', '+', '.', '#'; at most max tags of 32 characters.
func Tags(f *errs.Fields, field, value string, max int) []string {
	if !utf8.ValidString(value) {
		f.Add(field, "Tags contain characters that are not valid text.")
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, t := range strings.FieldsFunc(strings.ToLower(value), func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
		t = strings.Trim(t, "-.")
		if t == "" || seen[t] {
			continue
		}
		for _, r := range t {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-+.#", r)) {
				f.Add(field, "Tag “"+t+"” may hold only letters, digits and - + . #")
				return out
			}
		}
		if utf8.RuneCountInString(t) > 32 {
			f.Add(field, "Tag “"+string([]rune(t)[:16])+"…” is longer than 32 characters.")
			return out
		}
		seen[t] = true
		out = append(out, t)
	}
	if len(out) > max {
		f.Add(field, "Use at most "+strconv.Itoa(max)+" tags.")
		return out[:max]
	}
	return out
}
