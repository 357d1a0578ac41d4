// Package markdown turns what members write into safe HTML: CommonMark with
// GitHub's tables, strikethrough, task lists and autolinks through goldmark,
// then a strict allow-list through bluemonday.
//
// Safety comes in two lines. goldmark never passes raw HTML on: a tag
// someone types is shown as text, escaped (the default would drop it, and a
// question about HTML would lose its subject). Dangerous link targets
// (javascript:, data: …) render empty. bluemonday then keeps only the
// elements and attributes goldmark emits and http, https and mailto URLs,
// so a bug in the first line is not an XSS. Nothing carries a style
// attribute or a script: code is highlighted by chroma with CSS classes
// (highlight.css), which the site's Content-Security-Policy allows.
//
// Links to other sites get rel="nofollow ugc noopener"; @handle mentions
// become links to /people/@handle.
package markdown

import (
	"bytes"
	"html/template"
	"regexp"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// OutsideRel is the rel attribute of every link to another site: search
// engines should not credit it (nofollow), it was written by a user (ugc),
// and the page it opens gets no handle on ours (noopener).
const OutsideRel = "nofollow ugc noopener"

// Renderer renders Markdown. It is safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
	hl     *highlighter
	// keys of the values a conversion passes to the mention transformer
	knownKey, collectKey parser.ContextKey
}

// New returns a Renderer.
func New() *Renderer {
	r := &Renderer{knownKey: parser.NewContextKey(), collectKey: parser.NewContextKey()}
	r.md = goldmark.New(
		goldmark.WithExtensions(
			extension.Strikethrough, extension.Linkify, extension.TaskList,
			// Alignment as an attribute, not an inline style, which the
			// Content-Security-Policy would refuse.
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
		),
		goldmark.WithParserOptions(parser.WithASTTransformers(
			util.Prioritized(&linkTransformer{knownKey: r.knownKey, collectKey: r.collectKey}, 100),
		)),
		goldmark.WithRendererOptions(
			html.WithHardWraps(),
			renderer.WithNodeRenderers(util.Prioritized(nodeRenderer{}, 100)),
		),
	)
	r.policy = newPolicy()
	r.hl = newHighlighter(r.policy)
	return r
}

// newPolicy allows what the goldmark configuration above emits and no more.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	// Parseable http, https, mailto and relative URLs only. (Not
	// AllowStandardURLs: it marks every link nofollow, internal ones too.)
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(true)
	p.AllowURLSchemes("mailto", "http", "https")
	p.AllowElements("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
		"ul", "ol", "li", "pre", "code", "em", "strong", "del", "span", "a", "img")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("title").Matching(bluemonday.Paragraph).OnElements("a", "img")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + OutsideRel + `$`)).OnElements("a")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^mention$`)).OnElements("a")
	p.AllowAttrs("src").OnElements("img")
	p.AllowAttrs("alt").Matching(bluemonday.Paragraph).OnElements("img")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^[a-z0-9+#._ -]{1,64}$`)).OnElements("pre", "code", "span")
	p.AllowTables()
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|right|center)$`)).OnElements("th", "td")
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`^$`)).OnElements("input")
	// A net under the rel the transformer sets: bluemonday adds nofollow to
	// any link with a host that somehow lacks it.
	p.RequireNoFollowOnFullyQualifiedLinks(true)
	return p
}

// HTML renders src to sanitized HTML, turning every @handle into a link to
// the person's page whether or not such a person exists (see
// HTMLWithMentions). Rendering never fails on odd input: a Markdown error
// shows the text escaped instead.
func (r *Renderer) HTML(src string) template.HTML {
	return r.render(src, nil)
}

// HTMLWithMentions is HTML with only the @handles for which known reports
// true made into links; the others stay text. known is called once per
// distinct handle (lower-case letters, digits and hyphens, 2–40 long).
func (r *Renderer) HTMLWithMentions(src string, known func(handle string) bool) template.HTML {
	if known == nil {
		known = func(string) bool { return false }
	}
	return r.render(src, known)
}

// Mentions returns the distinct @handles src mentions, in order of first
// appearance, skipping those in code, in links and in e-mail addresses:
// the people to notify.
func (r *Renderer) Mentions(src string) []string {
	var found []string
	pc := parser.NewContext()
	pc.Set(r.collectKey, &found)
	r.md.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(pc))
	return found
}

func (r *Renderer) render(src string, known func(string) bool) template.HTML {
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/2)
	pc := parser.NewContext()
	if known != nil {
		pc.Set(r.knownKey, memo(known))
	}
	if err := r.md.Convert([]byte(src), &buf, parser.WithContext(pc)); err != nil {
		return template.HTML(template.HTMLEscapeString(src)) // #nosec: escaped
	}
	out := r.hl.highlightAll(r.policy.SanitizeBytes(buf.Bytes()))
	// #nosec: the sanitizer's output, with code blocks replaced by their
	// highlighted form, itself sanitized (see highlighter).
	return template.HTML(out)
}

// memo asks known about each handle once per rendering.
func memo(known func(string) bool) func(string) bool {
	seen := map[string]bool{}
	return func(h string) bool {
		v, ok := seen[h]
		if !ok {
			v = known(h)
			seen[h] = v
		}
		return v
	}
}
