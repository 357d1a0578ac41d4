// Package markdown turns what members write into safe HTML: CommonMark and
// GitHub tables, task lists and autolinks through goldmark, then a strict
// allow-list through bluemonday, with outside links marked nofollow/ugc.
package markdown

import (
	"bytes"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// Renderer renders Markdown. It is safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New returns a Renderer.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		// Raw HTML in a post is escaped rather than passed on; the
		// sanitizer below is a second line, not the only one.
		goldmark.WithRendererOptions(html.WithHardWraps()),
	)
	p := bluemonday.UGCPolicy()
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	p.RequireNoReferrerOnLinks(true)
	p.AllowAttrs("class").Matching(bluemonday.SpaceSeparatedTokens).OnElements("code", "pre", "span")
	p.AllowAttrs("type", "checked", "disabled").OnElements("input")
	return &Renderer{md: md, policy: p}
}

// HTML renders src to sanitized HTML. Rendering never fails on odd input:
// a Markdown error shows the text escaped instead.
func (r *Renderer) HTML(src string) template.HTML {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	// #nosec: the output of the sanitizer is safe to mark as HTML.
	return template.HTML(r.policy.SanitizeBytes(buf.Bytes()))
}
