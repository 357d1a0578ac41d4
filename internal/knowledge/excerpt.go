package knowledge

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The Markdown that Excerpt strips. Compiled once; a Regexp is safe for
// concurrent use and never changes.
var (
	mdImage    = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdRefLink  = regexp.MustCompile(`\[([^\]]*)\]\[[^\]]*\]`)
	mdAutolink = regexp.MustCompile(`<((?:https?|mailto):[^>\s]*)>`)
	mdTag      = regexp.MustCompile(`</?[A-Za-z][^>]*>`)
	mdBlock    = regexp.MustCompile(`^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?:\[[ xX]\]\s+)?|\d{1,9}[.)]\s+)`)
	mdRule     = regexp.MustCompile(`^\s{0,3}(?:[-*_]\s*){3,}$`)
	mdEmphasis = regexp.MustCompile("(\\*{1,3}|~~|`+)")
)

// Excerpt turns the start of a Markdown text into about max characters of
// plain text for lists and previews: headings, quotes, list markers,
// emphasis, links (their text stays), images (their description stays),
// HTML tags and code fences go; lines run together; a cut falls between
// words and ends with "…".
func Excerpt(markdown string, max int) string {
	var b strings.Builder
	fenced := false
	for line := range strings.Lines(markdown) {
		line = strings.TrimRight(line, "\r\n")
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fenced = !fenced
			continue
		}
		if !fenced {
			if mdRule.MatchString(line) || strings.HasPrefix(t, "|") && strings.Trim(t, "|-: ") == "" {
				continue
			}
			for {
				stripped := mdBlock.ReplaceAllString(line, "")
				if stripped == line {
					break
				}
				line = stripped
			}
			line = mdImage.ReplaceAllString(line, "$1")
			line = mdLink.ReplaceAllString(line, "$1")
			line = mdRefLink.ReplaceAllString(line, "$1")
			line = mdAutolink.ReplaceAllString(line, "$1")
			line = mdTag.ReplaceAllString(line, "")
			line = mdEmphasis.ReplaceAllString(line, "")
			line = stripUnderscores(line)
			line = strings.ReplaceAll(line, "|", " ")
		}
		b.WriteString(line)
		b.WriteByte(' ')
		if b.Len() > 8*max+64 {
			break // enough to cut from
		}
	}
	text := strings.Join(strings.Fields(b.String()), " ")
	if utf8.RuneCountInString(text) <= max {
		return text
	}
	cut := 0
	for i := range text {
		if cut == max {
			text = text[:i]
			break
		}
		cut++
	}
	if i := strings.LastIndexFunc(text, unicode.IsSpace); i > len(text)/2 {
		text = text[:i]
	}
	return strings.TrimRightFunc(text, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
}

// stripUnderscores removes _emphasis_ markers but keeps the underscores
// inside words, such as snake_case names.
func stripUnderscores(s string) string {
	if !strings.Contains(s, "_") {
		return s
	}
	var b strings.Builder
	runes := []rune(s)
	for i := 0; i < len(runes); {
		if runes[i] != '_' {
			b.WriteRune(runes[i])
			i++
			continue
		}
		j := i
		for j < len(runes) && runes[j] == '_' {
			j++
		}
		inWord := i > 0 && j < len(runes) && isWordRune(runes[i-1]) && isWordRune(runes[j])
		if inWord {
			b.WriteString(string(runes[i:j]))
		}
		i = j
	}
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
