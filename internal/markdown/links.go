package markdown

import (
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Handles are 2 to 40 lower-case letters, digits and hyphens, starting with
// a letter or digit (internal/account makes them from names).
const (
	minHandle = 2
	maxHandle = 40
)

// linkTransformer marks links to other sites with OutsideRel and turns
// @handle mentions in text into links. It reads from the parser context:
//
//   - knownKey: a func(string) bool; only handles it accepts become links.
//     Absent, every well-formed handle does.
//   - collectKey: a *[]string to which it appends each distinct handle
//     mentioned; the tree is then left as it is (Mentions).
type linkTransformer struct {
	knownKey, collectKey parser.ContextKey
}

// Transform implements parser.ASTTransformer.
func (t *linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	source := reader.Source()
	known, _ := pc.Get(t.knownKey).(func(string) bool)
	collect, _ := pc.Get(t.collectKey).(*[]string)
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if isOutside(n.Destination) {
				n.SetAttributeString("rel", []byte(OutsideRel))
			}
			return ast.WalkSkipChildren, nil // no mentions inside a link
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL && isOutside(n.URL(source)) {
				n.SetAttributeString("rel", []byte(OutsideRel))
			}
			return ast.WalkSkipChildren, nil
		case *ast.Image, *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			texts = append(texts, n)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range texts {
		mentions(n, source, known, collect)
	}
}

// isOutside reports whether a link destination leads to another site: it
// names a host (https://…, //…). Relative links stay on this one.
func isOutside(dest []byte) bool {
	u, err := url.Parse(string(dest))
	return err != nil || u.Host != "" || (u.Scheme != "" && u.Scheme != "mailto")
}

// mentions finds the @handles in a text node. When collecting, it records
// them; otherwise it splits the node around each one it may link.
func mentions(n *ast.Text, source []byte, known func(string) bool, collect *[]string) {
	seg := n.Segment
	parent := n.Parent()
	start := seg.Start // of what is left of n
	for i := seg.Start; i < seg.Stop; i++ {
		if source[i] != '@' {
			continue
		}
		if !boundaryBefore(n, source, i) {
			continue
		}
		h, ok := handleAt(source[:seg.Stop], i)
		if !ok {
			continue
		}
		end := i + 1 + len(h)
		if collect != nil {
			if !slices.Contains(*collect, h) {
				*collect = append(*collect, h)
			}
			i = end - 1
			continue
		}
		if known != nil && !known(h) {
			i = end - 1
			continue
		}
		if i > start {
			parent.InsertBefore(parent, n, ast.NewTextSegment(text.NewSegment(start, i)))
		}
		link := ast.NewLink()
		link.Destination = []byte("/people/@" + h)
		link.SetAttributeString("class", []byte("mention"))
		link.AppendChild(link, ast.NewTextSegment(text.NewSegment(i, end)))
		parent.InsertBefore(parent, n, link)
		start = end
		i = end - 1
	}
	// n keeps the rest, and with it its line-break flags.
	n.Segment = text.NewSegment(start, seg.Stop)
}

// boundaryBefore reports whether a mention may start at source[at], in
// text node n: not after a letter, digit or one of _.-+@/\:` (so not in
// "a@b.c"), nor after a backslash ("\@x" is an escaped @). The character
// before is looked up in n, or in the text just before n; after any other
// node (emphasis, a link) or at the start of a block, a mention may start.
func boundaryBefore(n *ast.Text, source []byte, at int) bool {
	if at > 0 && source[at-1] == '\\' {
		return false
	}
	var before []byte
	if at > n.Segment.Start {
		before = source[n.Segment.Start:at]
	} else if prev, ok := n.PreviousSibling().(*ast.Text); ok && prev.Segment.Stop == at {
		before = source[prev.Segment.Start:prev.Segment.Stop]
	}
	if len(before) == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRune(before)
	return !isWordRune(r) && !strings.ContainsRune("_.-+@/\\:`", r)
}

// handleAt reads the handle of a mention whose @ is at src[at]: 2 to 40
// handle characters, trailing hyphens left out, not followed by another
// letter, digit, _ or @, nor by a dot and a letter or digit (a domain, as
// in "@example.com").
func handleAt(src []byte, at int) (string, bool) {
	j := at + 1
	for j < len(src) && isHandleByte(src[j]) {
		j++
	}
	for j > at+1 && src[j-1] == '-' {
		j--
	}
	h := src[at+1 : j]
	if len(h) < minHandle || len(h) > maxHandle || h[0] == '-' {
		return "", false
	}
	if j < len(src) {
		r, _ := utf8.DecodeRune(src[j:])
		if isWordRune(r) || r == '_' || r == '@' {
			return "", false
		}
		if r == '.' && j+1 < len(src) {
			if next, _ := utf8.DecodeRune(src[j+1:]); isWordRune(next) {
				return "", false
			}
		}
	}
	return string(h), true
}

func isHandleByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-'
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
