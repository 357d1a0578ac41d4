package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds on what a person can make the engine do with one query. A query
// is cut to MaxQueryBytes before parsing and keeps at most MaxTerms terms
// (words and phrases, included and excluded together); the rest is ignored.
const (
	MaxQueryBytes = 1024
	MaxTerms      = 32
)

// Term is one word or phrase of a query.
type Term struct {
	// Text is what the person typed: one word (which may hold punctuation,
	// as in "node.js" or "title:x") or the inside of a quoted phrase. It
	// is valid UTF-8 without control characters and holds at least one
	// letter or digit.
	Text   string
	Phrase bool // typed in double quotes: the words must be adjacent
	Prefix bool // typed with a trailing *: the last word is a prefix
}

// Query is a parsed search query: every group must match (AND), a group
// matches when any of its terms does (OR), and no excluded term may match.
// The zero Query is blank.
//
// A Query is only ever rendered into engine syntax by FTS5 and TSQuery,
// which quote every term, so nothing a person types is read as an engine
// operator.
type Query struct {
	groups [][]Term
	not    []Term
	blank  bool
	set    bool // built by Parse or Similar, so the zero Query reads as blank
}

// Parse reads what a person typed into a search box. It understands
//
//	word other       both words (AND)
//	"a phrase"       the words next to each other
//	-word -"phrase"  documents without it
//	word OR other    either (OR binds tighter than AND, as on the web)
//	prog*            a prefix
//
// Everything else — engine operators (AND, NOT, NEAR, ^, :, parentheses),
// an unclosed quote, control characters, invalid UTF-8 — is read as plain
// words, so no input can make the query fail. English stop words are
// dropped (a phrase only if all its words are), as PostgreSQL drops them,
// so both engines agree that a query of only "the" or punctuation matches
// nothing.
func Parse(q string) Query {
	q = clean(q)
	out := Query{set: true, blank: strings.TrimFunc(q, unicode.IsSpace) == ""}
	if out.blank {
		return out
	}
	rs := []rune(q)
	n := 0           // terms kept
	or := false      // an OR was seen since the last term
	prevPos := false // the last item kept was an included term
	for i := 0; i < len(rs) && n < MaxTerms; {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		neg := false
		if rs[i] == '-' && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
			neg = true
			i++
		}
		var t Term
		if rs[i] == '"' {
			if end := indexRune(rs, i+1, '"'); end >= 0 {
				t = Term{Text: string(rs[i+1 : end]), Phrase: true}
				i = end + 1
				if i < len(rs) && rs[i] == '*' {
					t.Prefix = true
					for i < len(rs) && rs[i] == '*' {
						i++
					}
				}
			} else {
				// An unclosed quote is a plain character: skip it and read
				// what follows as words.
				i++
				continue
			}
		} else {
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) {
				j++
			}
			word := string(rs[i:j])
			i = j
			if word == "OR" && !neg {
				or = true
				continue
			}
			trimmed := strings.TrimRight(word, "*")
			t = Term{Text: trimmed, Prefix: trimmed != word}
		}
		if !keep(&t) {
			continue
		}
		n++
		if neg {
			out.not = append(out.not, t)
			or, prevPos = false, false
			continue
		}
		if or && prevPos {
			last := len(out.groups) - 1
			out.groups[last] = append(out.groups[last], t)
		} else {
			out.groups = append(out.groups, []Term{t})
		}
		or, prevPos = false, true
	}
	return out
}

// keep trims t and reports whether it can match anything: it needs a letter
// or digit, and a word (or phrase) of only stop words is dropped. A prefix
// stays: "the*" is a fair search for "theory".
func keep(t *Term) bool {
	t.Text = strings.TrimFunc(t.Text, unicode.IsSpace)
	words := wordsOf(t.Text)
	if len(words) == 0 {
		return false
	}
	if t.Prefix {
		return true
	}
	for _, w := range words {
		if !isStopWord(w) {
			return true
		}
	}
	return false
}

// clean makes q safe to hand to either engine: valid UTF-8, no NUL or other
// control characters (PostgreSQL rejects NUL in text; the snippet markers
// are control characters), at most MaxQueryBytes long.
func clean(q string) string {
	if len(q) > 4*MaxQueryBytes {
		q = q[:4*MaxQueryBytes]
	}
	q = strings.ToValidUTF8(q, " ")
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, q)
	if len(q) > MaxQueryBytes {
		cut := MaxQueryBytes
		for cut > 0 && !utf8.RuneStart(q[cut]) {
			cut--
		}
		q = q[:cut]
	}
	return q
}

func indexRune(rs []rune, from int, r rune) int {
	for i := from; i < len(rs); i++ {
		if rs[i] == r {
			return i
		}
	}
	return -1
}

// wordsOf splits s into lower-case runs of letters and digits: roughly the
// words either engine's tokenizer finds.
func wordsOf(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// IsBlank reports whether nothing was typed: a search then lists documents
// newest first instead of ranking them.
func (q Query) IsBlank() bool { return !q.set || q.blank }

// Matchable reports whether the query has anything to look for. A query
// that is not blank but not matchable either ("the", "-x", "!!!") finds
// nothing.
func (q Query) Matchable() bool { return len(q.groups) > 0 }

// Groups returns the included terms: each inner slice is a set of
// alternatives (OR), and every set must match (AND).
func (q Query) Groups() [][]Term { return q.groups }

// Excluded returns the terms no result may match.
func (q Query) Excluded() []Term { return q.not }

// String renders the query back in the syntax Parse reads, normalized: what
// the search understood, suitable to show the person.
func (q Query) String() string {
	var b strings.Builder
	write := func(t Term) {
		if t.Phrase {
			b.WriteString(`"` + strings.ReplaceAll(t.Text, `"`, " ") + `"`)
		} else {
			b.WriteString(t.Text)
		}
		if t.Prefix {
			b.WriteString("*")
		}
	}
	for gi, g := range q.groups {
		if gi > 0 {
			b.WriteString(" ")
		}
		for ti, t := range g {
			if ti > 0 {
				b.WriteString(" OR ")
			}
			write(t)
		}
	}
	for _, t := range q.not {
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		b.WriteString("-")
		write(t)
	}
	return b.String()
}

// FTS5 renders the query as the text of an SQLite FTS5 MATCH: every term
// is a double-quoted string (inner quotes doubled), so the only operators
// are the AND, OR, NOT and prefix * written here. It returns "" for a query
// that is not Matchable.
func (q Query) FTS5() string {
	if !q.Matchable() {
		return ""
	}
	var b strings.Builder
	quote := func(t Term) {
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(t.Text, `"`, `""`))
		b.WriteByte('"')
		if t.Prefix {
			b.WriteByte('*')
		}
	}
	if len(q.not) > 0 {
		b.WriteByte('(')
	}
	for gi, g := range q.groups {
		if gi > 0 {
			b.WriteString(" AND ")
		}
		if len(g) > 1 {
			b.WriteByte('(')
		}
		for ti, t := range g {
			if ti > 0 {
				b.WriteString(" OR ")
			}
			quote(t)
		}
		if len(g) > 1 {
			b.WriteByte(')')
		}
	}
	if len(q.not) > 0 {
		b.WriteString(") NOT (")
		for ti, t := range q.not {
			if ti > 0 {
				b.WriteString(" OR ")
			}
			quote(t)
		}
		b.WriteByte(')')
	}
	return b.String()
}

// TSQuery renders the query for PostgreSQL's to_tsquery('english', …): match
// is what a result must match, exclude (possibly "") what it must not, kept
// apart so that a query whose included words are all stop words matches
// nothing rather than everything without the excluded ones. Every term is a
// single-quoted tsquery value (quotes doubled, backslashes escaped) that
// PostgreSQL's parser splits into words itself, exactly as it split the
// documents; a quoted value of several words becomes a phrase (<->).
// match is "" for a query that is not Matchable.
func (q Query) TSQuery() (match, exclude string) {
	if !q.Matchable() {
		return "", ""
	}
	var b strings.Builder
	quote := func(t Term) {
		b.WriteByte('\'')
		b.WriteString(strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(t.Text))
		b.WriteByte('\'')
		if t.Prefix {
			b.WriteString(":*")
		}
	}
	for gi, g := range q.groups {
		if gi > 0 {
			b.WriteString(" & ")
		}
		b.WriteByte('(')
		for ti, t := range g {
			if ti > 0 {
				b.WriteString(" | ")
			}
			quote(t)
		}
		b.WriteByte(')')
	}
	match = b.String()
	b.Reset()
	for ti, t := range q.not {
		if ti > 0 {
			b.WriteString(" | ")
		}
		quote(t)
	}
	return match, b.String()
}

// isStopWord reports whether w (lower case) is one of the English stop
// words PostgreSQL's english configuration ignores (its english.stop).
func isStopWord(w string) bool {
	switch w {
	case "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you",
		"your", "yours", "yourself", "yourselves", "he", "him", "his", "himself",
		"she", "her", "hers", "herself", "it", "its", "itself", "they", "them",
		"their", "theirs", "themselves", "what", "which", "who", "whom", "this",
		"that", "these", "those", "am", "is", "are", "was", "were", "be", "been",
		"being", "have", "has", "had", "having", "do", "does", "did", "doing", "a",
		"an", "the", "and", "but", "if", "or", "because", "as", "until", "while",
		"of", "at", "by", "for", "with", "about", "against", "between", "into",
		"through", "during", "before", "after", "above", "below", "to", "from",
		"up", "down", "in", "out", "on", "off", "over", "under", "again",
		"further", "then", "once", "here", "there", "when", "where", "why", "how",
		"all", "any", "both", "each", "few", "more", "most", "other", "some",
		"such", "no", "nor", "not", "only", "own", "same", "so", "than", "too",
		"very", "s", "t", "can", "will", "just", "don", "should", "now":
		return true
	}
	return false
}
