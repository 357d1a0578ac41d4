package markdown_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"cultivate/internal/markdown"
)

func TestRendersCommonMarkAndGFM(t *testing.T) {
	r := markdown.New()
	for _, tc := range []struct{ in, want string }{
		{"# Title", "<h1>Title</h1>"},
		{"**bold** and *em* and ~~gone~~", "<strong>bold</strong> and <em>em</em> and <del>gone</del>"},
		{"- one\n- two", "<li>one</li>"},
		{"3. three\n4. four", `<ol start="3">`},
		{"- [x] done\n- [ ] todo", `<input checked="" disabled="" type="checkbox"`},
		{"| a | b |\n|:--|--:|\n| 1 | 2 |", `<th align="left">a</th>`},
		{"line one\nline two", "line one<br>\nline two"},
		{"> quoted", "<blockquote>"},
		{"`code`", "<code>code</code>"},
		{"![alt text](/img/a.png \"t\")", `<img src="/img/a.png" alt="alt text" title="t">`},
		{"a &amp; b < c", "a &amp; b &lt; c"},
	} {
		if got := string(r.HTML(tc.in)); !strings.Contains(got, tc.want) {
			t.Errorf("HTML(%q) = %q, want it to contain %q", tc.in, got, tc.want)
		}
	}
}

func TestOutsideLinksAreNofollowUGC(t *testing.T) {
	r := markdown.New()
	const rel = ` rel="nofollow ugc noopener"`
	for _, tc := range []struct {
		in, href string
		outside  bool
	}{
		{"[x](https://example.com/a?b=c)", "https://example.com/a?b=c", true},
		{"[x](http://example.com)", "http://example.com", true},
		{"[x](//example.com/x)", "//example.com/x", true},
		{"<https://example.com>", "https://example.com", true},
		{"see https://example.com/page.", "https://example.com/page", true},
		{"see www.example.com", "http://www.example.com", true},
		{"[x][r]\n\n[r]: https://example.com/ref", "https://example.com/ref", true},
		{"[x](/c/testers/requests/1)", "/c/testers/requests/1", false},
		{"[x](#section)", "#section", false},
		{"[x](mailto:a@example.com)", "mailto:a@example.com", false},
		{"write to a@example.com", "mailto:a@example.com", false},
	} {
		got := string(r.HTML(tc.in))
		if !strings.Contains(got, `href="`+strings.ReplaceAll(tc.href, "&", "&amp;")+`"`) {
			t.Errorf("HTML(%q) = %q, want a link to %s", tc.in, got, tc.href)
		}
		if strings.Contains(got, rel) != tc.outside {
			t.Errorf("HTML(%q) = %q; outside link: %v", tc.in, got, tc.outside)
		}
		if strings.Count(got, "rel=") > 1 || strings.Contains(got, "target=") {
			t.Errorf("HTML(%q) = %q: one rel, no target", tc.in, got)
		}
	}
}

func TestRawHTMLIsShownAsText(t *testing.T) {
	r := markdown.New()
	for _, tc := range []struct{ in, want string }{
		{"Why does <input> lose focus?", "Why does &lt;input&gt; lose focus?"},
		{"<div class=\"x\">\nhello\n</div>", "<p>&lt;div class=&#34;x&#34;&gt;<br>\nhello<br>\n&lt;/div&gt;</p>"},
		{"a <!-- comment --> b", "a &lt;!-- comment --&gt; b"},
	} {
		if got := string(r.HTML(tc.in)); !strings.Contains(got, tc.want) {
			t.Errorf("HTML(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCodeBlocksAreHighlightedWithClasses(t *testing.T) {
	r := markdown.New()
	got := string(r.HTML("```go\nfunc main() { fmt.Println(\"<hi>\") }\n```"))
	for _, want := range []string{`<pre class="hl-chroma"><code class="language-go">`, `<span class="hl-kd">func</span>`, `&lt;hi&gt;`} {
		if !strings.Contains(got, want) {
			t.Errorf("go block = %q, want %q in it", got, want)
		}
	}
	if strings.Contains(got, "style=") {
		t.Errorf("inline style in %q", got)
	}
	for _, tc := range []struct{ in, want string }{
		{"```nosuchlanguage\n<x>\n```", `<pre><code class="language-nosuchlanguage">&lt;x&gt;`},
		{"```\nplain <x>\n```", `<pre><code>plain &lt;x&gt;`},
		{"    indented <x>", `<pre><code>indented &lt;x&gt;`},
		{"```\" onclick=\"x\nbad info\n```", `<pre><code>bad info`},
	} {
		if got := string(r.HTML(tc.in)); !strings.Contains(got, tc.want) {
			t.Errorf("HTML(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	big := "```go\n" + strings.Repeat("x := 1\n", 10_000) + "```"
	if got := string(r.HTML(big)); !strings.HasPrefix(got, `<pre><code class="language-go">x := 1`) {
		t.Errorf("a huge block should be shown plain, got %.80q", got)
	}
	// Past the per-document budget, new blocks stay plain.
	var many strings.Builder
	for i := range 5 {
		fmt.Fprintf(&many, "```text\nblock %d\n%s```\n\n", i, strings.Repeat("x := 1\n", 3000))
	}
	got = string(r.HTML(many.String()))
	if n := strings.Count(got, `<pre class="hl-chroma">`); n != 3 {
		t.Errorf("%d of 5 blocks of 21 KB highlighted, want 3 (64 KB budget)", n)
	}
}

func TestHighlightCSSHasBothThemes(t *testing.T) {
	css := markdown.HighlightCSS()
	if !strings.Contains(css, ".hl-chroma .hl-kd") || !strings.Contains(css, "@media (prefers-color-scheme: dark)") {
		t.Errorf("HighlightCSS lacks a theme:\n%.300s", css)
	}
}

func TestMentions(t *testing.T) {
	r := markdown.New()
	link := func(h string) string { return `<a href="/people/@` + h + `" class="mention">@` + h + `</a>` }
	for _, tc := range []struct {
		in    string
		links []string // handles linked, in order
	}{
		{"@lea-martin can you look?", []string{"lea-martin"}},
		{"thanks @bob, @ann and (@member-12).", []string{"bob", "ann", "member-12"}},
		{"**@bob** and _@ann_", []string{"bob", "ann"}},
		{"# Hi @bob\n\n- @ann", []string{"bob", "ann"}},
		{"line\n@bob", []string{"bob"}},
		{"@bob-- dashes trail", []string{"bob"}},
		{"`@bob` in code", nil},
		{"```\n@bob\n```", nil},
		{"[ask @bob](/x)", nil},
		{"mail bob@example.com", nil},
		{"a@bob", nil},
		{`\@bob`, nil},
		{"@Bob", nil},
		{"@bobSmith", nil},
		{"@b alone", nil},
		{"@-bob", nil},
		{"@" + strings.Repeat("a", 40) + " ok", []string{strings.Repeat("a", 40)}},
		{"@" + strings.Repeat("a", 41) + " too long", nil},
		{"@" + strings.Repeat("a", 40) + "-x too long", nil},
		{"@example.com is a domain", nil},
		{"@bob_x", nil},
		{"@bob@example.com", nil},
		{"@bob's turn", []string{"bob"}},
		{"@bob. Next", []string{"bob"}},
		{"@bob\" onmouseover=\"x", []string{"bob"}},
		{"<b>@bob</b>", []string{"bob"}}, // raw HTML is text; the mention in it still counts
	} {
		got := string(r.HTML(tc.in))
		var want []string
		for _, h := range tc.links {
			want = append(want, link(h))
		}
		if n := strings.Count(got, `class="mention"`); n != len(want) {
			t.Errorf("HTML(%q) = %q: %d mentions, want %d", tc.in, got, n, len(want))
		}
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("HTML(%q) = %q, want %s", tc.in, got, w)
			}
		}
		if m := r.Mentions(tc.in); !slices.Equal(m, tc.links) {
			t.Errorf("Mentions(%q) = %q, want %q", tc.in, m, tc.links)
		}
	}
	// Text around a mention survives, in order.
	if got := string(r.HTML("before @bob after")); got != "<p>before "+link("bob")+" after</p>\n" {
		t.Errorf("got %q", got)
	}
}

func TestHTMLWithMentionsLinksOnlyKnownHandles(t *testing.T) {
	r := markdown.New()
	asked := map[string]int{}
	known := func(h string) bool { asked[h]++; return h == "ann" }
	got := string(r.HTMLWithMentions("@ann and @ghost, again @ann and @ghost", known))
	want := `<p><a href="/people/@ann" class="mention">@ann</a> and @ghost, again <a href="/people/@ann" class="mention">@ann</a> and @ghost</p>` + "\n"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if asked["ann"] != 1 || asked["ghost"] != 1 {
		t.Errorf("known asked %v, want once per handle", asked)
	}
	if got := string(r.HTMLWithMentions("@ann", nil)); strings.Contains(got, "mention") {
		t.Errorf("nil known linked: %q", got)
	}
	if m := r.Mentions("@ann @bob @ann"); !slices.Equal(m, []string{"ann", "bob"}) {
		t.Errorf("Mentions = %v", m)
	}
}

// xssVectors are known ways to get script into a page through Markdown or
// HTML. None may leave anything executable in the output.
var xssVectors = []string{
	`<script>alert(1)</script>`,
	`<SCRIPT SRC=//evil.example/x.js></SCRIPT>`,
	`<scr<script>ipt>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`<IMG SRC="javascript:alert(1)">`,
	`<img src="x` + "\n" + `onerror=alert(1)>`,
	`<svg onload=alert(1)>`,
	`<svg><script>alert(1)</script></svg>`,
	`<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
	`<style>body{background:url(javascript:alert(1))}</style>`,
	`<div style="background:url(javascript:alert(1))">x</div>`,
	`<a href="javascript:alert(1)">x</a>`,
	`<a href="&#x6A;avascript:alert(1)">x</a>`,
	`<a href="https://ok.example" onclick="alert(1)">x</a>`,
	`<body onload=alert(1)>`,
	`<input autofocus onfocus=alert(1)>`,
	`<details open ontoggle=alert(1)>`,
	`<x onmouseover=alert(1)>hover</x>`,
	`<object data="javascript:alert(1)"></object>`,
	`<embed src="javascript:alert(1)">`,
	`<form action="javascript:alert(1)"><button>x</button></form>`,
	`<base href="javascript:alert(1)//">`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<link rel=stylesheet href="javascript:alert(1)">`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	`<!-- <script>alert(1)</script> -->`,
	`<![CDATA[<script>alert(1)</script>]]>`,
	`[x](javascript:alert(1))`,
	`[x](JaVaScRiPt:alert(1))`,
	`[x](  javascript:alert(1))`,
	`[x](<javascript:alert(1)>)`,
	`[x](javascript&#58;alert(1))`,
	`[x](&#106;avascript:alert(1))`,
	`[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))`,
	`[x](javascript&colon;alert(1))`,
	`[x](javascript:alert&#40;1&#41;)`,
	`[x](javascript://%0aalert(1))`,
	`[x](javas%63ript:alert(1))`,
	"[x](java\u0000script:alert(1))",
	`[x](vbscript:msgbox(1))`,
	`[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`[x](javascript:alert(1) "title")`,
	`[x](https://ok.example "\" onmouseover=\"alert(1)")`,
	"[x]: javascript:alert(1)\n\n[x]",
	"![x][y]\n\n[y]: javascript:alert(1)",
	`![x](javascript:alert(1))`,
	`![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)`,
	`![x" onerror="alert(1)](https://ok.example/a.png)`,
	`<javascript:alert(1)>`,
	`<JAVASCRIPT:alert(1)>`,
	`<vbscript:msgbox(1)>`,
	`<data:text/html,<script>alert(1)</script>>`,
	`www.example.com/<script>alert(1)</script>`,
	`https://example.com/"onmouseover="alert(1)`,
	`&lt;script&gt;alert(1)&lt;/script&gt;`,
	`\u003cscript\u003ealert(1)\u003c/script\u003e`,
	"<scr\u0130pt>alert(1)</scr\u0130pt>",
	"```html\n<script>alert(1)</script>\n```",
	"```\" onmouseover=\"alert(1)\ncode\n```",
	"```javascript:alert(1)\ncode\n```",
	"`<script>alert(1)</script>`",
	`@bob" onmouseover="alert(1)`,
	"| <script>alert(1)</script> | [x](javascript:alert(1)) |\n|---|---|\n| <img src=x onerror=alert(1)> | b |",
	"- [x] <img src=x onerror=alert(1)>",
}

// unsafeHTML says what in out could run script, or "" if nothing could.
func unsafeHTML(out string) string {
	if strings.Contains(strings.ToLower(out), "<script") {
		return "a <script"
	}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "iframe", "frame", "style", "object", "embed", "svg", "math", "form",
				"base", "link", "meta", "body", "noscript", "details", "button", "textarea", "select":
				return "a <" + tok.Data + "> element"
			}
			for _, a := range tok.Attr {
				name := strings.ToLower(a.Key)
				if strings.HasPrefix(name, "on") {
					return "an event handler " + name
				}
				if name == "style" || name == "srcdoc" || name == "formaction" {
					return "an attribute " + name
				}
				if tok.Data == "input" && name == "type" && a.Val != "checkbox" {
					return "an input of type " + a.Val
				}
				v := strings.ToLower(strings.Map(func(r rune) rune {
					if r <= ' ' || r == 0x7f {
						return -1 // browsers ignore these in a URL's scheme
					}
					return r
				}, a.Val))
				for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
					if strings.Contains(v, scheme) && (name == "href" || name == "src" || name == "action" || name == "xlink:href" || name == "srcset") {
						return fmt.Sprintf("%s=%q", name, a.Val)
					}
				}
			}
		}
	}
}

func TestXSSCorpusIsHarmless(t *testing.T) {
	if len(xssVectors) < 40 {
		t.Fatalf("only %d vectors", len(xssVectors))
	}
	r := markdown.New()
	for _, v := range xssVectors {
		for _, variant := range []string{v, "text before\n\n" + v + "\n\nafter", "> " + v, "- " + v, "**" + v + "**"} {
			for name, out := range map[string]string{
				"HTML":             string(r.HTML(variant)),
				"HTMLWithMentions": string(r.HTMLWithMentions(variant, func(string) bool { return true })),
			} {
				if why := unsafeHTML(out); why != "" {
					t.Errorf("%s(%q) leaves %s:\n%s", name, variant, why, out)
				}
			}
		}
	}
}

// FuzzRender checks that no input makes the renderer panic or emit
// anything executable. Its seeds are the XSS corpus.
func FuzzRender(f *testing.F) {
	for _, v := range xssVectors {
		f.Add(v)
	}
	f.Add("# t\n\n```go\nfunc f() {}\n```\n\n@ann [x](https://example.com) | a |\n|--|\n| b |")
	r := markdown.New()
	f.Fuzz(func(t *testing.T, src string) {
		for _, out := range []string{string(r.HTML(src)), string(r.HTMLWithMentions(src, func(h string) bool { return len(h)%2 == 0 }))} {
			if why := unsafeHTML(out); why != "" {
				t.Fatalf("HTML(%q) leaves %s:\n%s", src, why, out)
			}
		}
		r.Mentions(src)
	})
}

// BenchmarkRender renders a 20 KB post: prose, lists, links, mentions, a
// table and code blocks in three languages. "new post" renders a different
// post each time, so every code block is highlighted afresh; "same post"
// renders one post again, as a thread's every view does, and finds its
// highlighted blocks in the renderer's cache.
func BenchmarkRender(b *testing.B) {
	r := markdown.New()
	r.HTML(post(20<<10, -1)) // load the lexers once
	b.Run("new post", func(b *testing.B) {
		b.SetBytes(int64(len(post(20<<10, 0))))
		i := 0
		for b.Loop() {
			i++
			r.HTML(post(20<<10, i))
		}
	})
	b.Run("same post", func(b *testing.B) {
		src := post(20<<10, 0)
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			r.HTML(src)
		}
	})
}

// post writes about size bytes of Markdown; salt makes its code blocks
// differ from those of another salt.
func post(size, salt int) string {
	sections := []string{
		"## What we tried\n\nWe ran the **integration suite** nightly and saw *one failure in five*. @lea-martin suggested " +
			"quarantining, and [the FAQ](/c/testers/artefacts/12) describes it; see also https://example.com/flaky-tests.\n\n",
		"- retries hide the cause\n- timeouts were too short on CI\n- [x] moved the database to a container\n- [ ] ask @ann\n\n",
		"```go\n// SALT\nfunc TestCheckout(t *testing.T) {\n\tctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)\n\tdefer cancel()\n\tif err := run(ctx); err != nil {\n\t\tt.Fatalf(\"run: %v\", err)\n\t}\n}\n```\n\n",
		"| runner | failures | median |\n|:--|--:|--:|\n| linux | 12 | 4m |\n| mac | 3 | 6m |\n\n",
		"```python\n# SALT\ndef test_login(client):\n    r = client.post('/login', data={'user': 'a'})\n    assert r.status_code == 200\n```\n\n",
		"> The fix was to wait for the queue to drain, not to sleep. Thanks @bob-smith!\n\n",
		"```sql\n-- SALT\nSELECT id, title FROM requests WHERE community_id = $1 ORDER BY id DESC LIMIT 20;\n```\n\n",
	}
	var sb strings.Builder
	for i := 0; sb.Len() < size; i++ {
		sb.WriteString(strings.ReplaceAll(sections[i%len(sections)], "SALT", fmt.Sprint(salt, i)))
	}
	return sb.String()
}

func TestRendererIsSafeForConcurrentUse(t *testing.T) {
	r := markdown.New()
	src := post(4<<10, 7)
	want := r.HTML(src)
	done := make(chan bool)
	for g := range 4 {
		go func() {
			defer func() { done <- true }()
			for i := range 20 {
				if got := r.HTML(src); got != want {
					t.Errorf("goroutine %d, run %d: output differs", g, i)
					return
				}
				r.HTML(post(1<<10, g*100+i)) // new blocks: the cache grows meanwhile
				r.Mentions(src)
			}
		}()
	}
	for range 4 {
		<-done
	}
}
