package markdown

import (
	"bytes"
	_ "embed"
	"html"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Highlighting. Code blocks get chroma's token classes, prefixed so they
// cannot clash with the site's own ("hl-k" for a keyword); the colours are
// in highlight.css. Only blocks that name a language chroma knows are
// highlighted (guessing is slow and often wrong), and only blocks up to
// maxHighlight bytes and maxHighlightDoc bytes of them per document that
// are not already cached: chroma's lexers are regular expressions with a
// per-match timeout, and huge blocks would cost more than they are worth.
const (
	classPrefix     = "hl-"
	maxHighlight    = 32 << 10
	maxHighlightDoc = 64 << 10
	// highlightCacheBytes bounds the memory of the highlighted-block cache
	// (code and its HTML together).
	highlightCacheBytes = 8 << 20
)

// The chroma styles highlight.css is made from (TestHighlightCSS).
const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

//go:embed highlight.css
var highlightCSS string

// HighlightCSS returns the style sheet for highlighted code: colours for
// light mode, and for dark mode under prefers-color-scheme. It is the
// content of internal/markdown/highlight.css.
func HighlightCSS() string { return highlightCSS }

// highlighter colours the code blocks of sanitized HTML.
//
// It works after the sanitizer, not inside goldmark, for speed: chroma's
// lexers run backtracking regular expressions (some 100 KB/s), and its
// output is a <span> per token, which would triple the sanitizer's work on
// every rendering. So goldmark writes each fenced block plain, the whole
// page is sanitized, and then each block the sanitizer let through is
// replaced by its highlighted form: made by chroma (which escapes every
// token), itself passed through the same sanitizer once, and cached, since
// a thread is rendered again on every view.
type highlighter struct {
	formatter *chromahtml.Formatter
	style     *chroma.Style
	policy    *bluemonday.Policy
	cache     *blockCache
}

func newHighlighter(policy *bluemonday.Policy) *highlighter {
	return &highlighter{
		formatter: chromahtml.New(
			chromahtml.WithClasses(true),
			chromahtml.ClassPrefix(classPrefix),
			chromahtml.PreventSurroundingPre(true), // the <pre><code> is ours
		),
		// With classes, the style only decides which token types get a
		// class of their own; the colours come from highlight.css.
		style:  styles.Get(lightStyle),
		policy: policy,
		cache:  newBlockCache(highlightCacheBytes),
	}
}

// codeOpen starts every fenced block with a language in goldmark's output
// (fencedCode), and so in the sanitized HTML. Nothing else can produce it:
// raw HTML is escaped, and an indented block has no class.
const (
	codeOpen  = `<pre><code class="language-`
	codeClose = `</code></pre>`
)

// highlightAll returns doc, sanitized HTML, with each fenced block whose
// language chroma knows highlighted.
func (h *highlighter) highlightAll(doc []byte) []byte {
	if !bytes.Contains(doc, []byte(codeOpen)) {
		return doc
	}
	var out bytes.Buffer
	out.Grow(len(doc) * 2)
	budget := maxHighlightDoc
	for {
		i := bytes.Index(doc, []byte(codeOpen))
		if i < 0 {
			break
		}
		rest := doc[i+len(codeOpen):]
		q := bytes.IndexByte(rest, '"')
		end := bytes.Index(rest, []byte(codeClose))
		if q < 0 || end < q+2 || rest[q+1] != '>' {
			out.Write(doc[:i+len(codeOpen)])
			doc = rest
			continue
		}
		lang, text := string(rest[:q]), rest[q+2:end]
		hl, ok := []byte(nil), false
		if language([]byte(lang)) == lang && bytes.IndexByte(text, '<') < 0 {
			hl, ok = h.highlight(lang, html.UnescapeString(string(text)), &budget)
		}
		out.Write(doc[:i])
		if ok {
			out.WriteString(`<pre class="` + classPrefix + `chroma"><code class="language-` + lang + `">`)
			out.Write(hl)
			out.WriteString(codeClose)
		} else {
			out.Write(doc[i : i+len(codeOpen)+end+len(codeClose)])
		}
		doc = rest[end+len(codeClose):]
	}
	out.Write(doc)
	return out.Bytes()
}

// highlight returns code as chroma's classed HTML, sanitized, or false when
// it should stay plain. A lexer that fails or panics means plain. Code not
// found in the cache is charged to budget, and left plain if over it.
func (h *highlighter) highlight(lang, code string, budget *int) (out []byte, ok bool) {
	if len(code) > maxHighlight {
		return nil, false
	}
	key := lang + "\x00" + code
	if out, ok := h.cache.get(key); ok {
		return out, true
	}
	if len(code) > *budget {
		return nil, false
	}
	*budget -= len(code)
	lexer := lexers.Get(lang)
	if lexer == nil {
		return nil, false
	}
	defer func() {
		if p := recover(); p != nil {
			out, ok = nil, false
		}
	}()
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return nil, false
	}
	var buf bytes.Buffer
	if err := h.formatter.Format(&buf, h.style, it); err != nil {
		return nil, false
	}
	out = h.policy.SanitizeBytes(buf.Bytes())
	h.cache.put(key, out)
	return out, true
}

// language keeps a fenced block's info word if it looks like a language
// name ("go", "c++", "objective-c", "f#"), lower-cased; else "".
func language(info []byte) string {
	if len(info) == 0 || len(info) > 32 {
		return ""
	}
	for _, b := range info {
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte("+#._-", b) >= 0) {
			return ""
		}
	}
	return strings.ToLower(string(info))
}

// nodeRenderer overrides goldmark's HTML for raw HTML (escaped, not
// dropped) and fenced code (a checked language class, see highlighter).
type nodeRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, fencedCode)
	reg.Register(ast.KindRawHTML, rawHTML)
	reg.Register(ast.KindHTMLBlock, htmlBlock)
}

func fencedCode(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	if lang := language(n.Language(source)); lang != "" {
		_, _ = w.WriteString(codeOpen + lang + `">`)
	} else {
		_, _ = w.WriteString(`<pre><code>`)
	}
	for i := range n.Lines().Len() {
		line := n.Lines().At(i)
		_, _ = w.Write(util.EscapeHTML(line.Value(source)))
	}
	_, _ = w.WriteString(codeClose + "\n")
	return ast.WalkSkipChildren, nil
}

// rawHTML shows inline HTML as the text it is.
func rawHTML(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	for i := range n.Segments.Len() {
		seg := n.Segments.At(i)
		_, _ = w.Write(util.EscapeHTML(seg.Value(source)))
	}
	return ast.WalkSkipChildren, nil
}

// htmlBlock shows a block of HTML as a paragraph of its text, line by line.
func htmlBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	if !entering {
		return ast.WalkContinue, nil
	}
	var lines [][]byte
	for i := range n.Lines().Len() {
		seg := n.Lines().At(i)
		lines = append(lines, seg.Value(source))
	}
	if n.HasClosure() {
		lines = append(lines, n.ClosureLine.Value(source))
	}
	_, _ = w.WriteString("<p>")
	for i, l := range lines {
		if i > 0 {
			_, _ = w.WriteString("<br>\n")
		}
		_, _ = w.Write(util.EscapeHTML(bytes.TrimRight(l, "\r\n")))
	}
	_, _ = w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}
