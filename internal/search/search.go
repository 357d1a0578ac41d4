package search

import (
	"cmp"
	"context"
	"encoding/base64"
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"cultivate/internal/errs"
	"cultivate/internal/store"
)

// Page sizes and the depth a ranked search may be paged to.
const (
	DefaultLimit = 20
	MaxLimit     = 100
	// MaxRanked bounds how deep a ranked search can be paged. Ranked pages
	// are addressed by offset (the cursor holds it), which costs the engine
	// the skipped rows each time and could skip or repeat a result if the
	// index changes between pages; nobody reads past the first pages of a
	// ranked list, so the offset is capped rather than made keyset-stable
	// on a floating-point score. Newest-first listings (a blank query) use
	// a true keyset and have no such bound.
	MaxRanked = 1000
)

// Markers the engines put around matched words in snippets. They are
// control characters, which Parse strips from queries and which people do
// not type; markup turns them into <mark> after escaping everything else,
// and keeps <mark> balanced even if a document holds a stray one.
const (
	markOpen  = "\x01"
	markClose = "\x02"
)

// Q is a search: what to look for and where.
type Q struct {
	// Text is what the person typed (see Parse). Blank lists newest first.
	Text string
	// CommunityIDs are the communities the viewer may read; the caller
	// decides them. Nothing outside them is ever returned, and an empty
	// slice finds nothing.
	CommunityIDs []int64
	Kind         string // KindRequest, KindArtefact, or "" for both
	Subkind      string // an artefact's kind; "" for any
	Tag          string // one whole tag; "" for any
	Solved       *bool  // nil for either; artefacts are never solved
	// From and To bound the creation time: at or after From, before To;
	// the zero time leaves that side open.
	From, To time.Time
	// Cursor is Results.Next of the previous page; "" for the first.
	Cursor string
	Limit  int // DefaultLimit when 0, at most MaxLimit
}

// Result is one document found.
type Result struct {
	Kind        string
	RefID       int64
	CommunityID int64
	Subkind     string
	Solved      bool
	Tags        []string
	CreatedAt   time.Time
	// Title is the document's title with matched words in <mark>, and
	// Snippet the best passage of its body, marked the same way. Both are
	// escaped text plus <mark> and </mark> only, so they are safe to put in
	// a page whatever the document holds.
	Title   template.HTML
	Snippet template.HTML
	// Score orders ranked results: higher is better. It is 0 when listing
	// newest first, and comparable only within one engine.
	Score float64
}

// Results is one page of a search.
type Results struct {
	Items []Result
	// Next is the cursor of the following page; "" when there is none.
	Next string
}

// Search finds the documents matching q in the communities q allows,
// ranked by relevance with the title weighing most, or newest first when
// q.Text is blank. A query of only stop words or punctuation finds nothing;
// bad filters or a bad cursor are an errs.Invalid error.
func (ix *Index) Search(ctx context.Context, q Q) (Results, error) {
	switch q.Kind {
	case "", KindRequest, KindArtefact:
	default:
		return Results{}, errs.Field("kind", "Choose requests, artefacts, or both.")
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return Results{}, errs.Field("to", "The end date is before the start date.")
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	cur, err := parseCursor(q.Cursor)
	if err != nil {
		return Results{}, err
	}
	if len(q.CommunityIDs) == 0 || !filterValue(q.Tag) || !filterValue(q.Subkind) {
		return Results{}, nil
	}
	pq := Parse(q.Text)
	if pq.IsBlank() {
		if cur.ranked {
			return Results{}, errBadCursor()
		}
		return ix.newest(ctx, q, limit, cur)
	}
	if q.Cursor != "" && !cur.ranked {
		return Results{}, errBadCursor()
	}
	if !pq.Matchable() {
		return Results{}, nil
	}
	return ix.ranked(ctx, engineQueryOf(pq), q, limit, cur.offset)
}

// Similar finds requests and artefacts like text, for "has this been asked
// before?" while someone writes a new request. It takes the salient words
// of text (see SalientWords), matches any of them and ranks by how well
// they match, so documents sharing more and rarer words come first. As it
// runs while someone types, it ranks only the similarCandidates newest
// matches: a recent similar question is the likelier duplicate.
func (ix *Index) Similar(ctx context.Context, text string, communityIDs []int64, limit int) ([]Result, error) {
	words := SalientWords(text, maxSimilarWords)
	if len(words) == 0 || len(communityIDs) == 0 {
		return nil, nil
	}
	if limit <= 0 {
		limit = 5
	}
	limit = min(limit, MaxLimit)
	g := make([]Term, len(words))
	for i, w := range words {
		g[i] = Term{Text: w}
	}
	eq := engineQueryOf(Query{set: true, groups: [][]Term{g}})
	eq.candidates = similarCandidates
	res, err := ix.ranked(ctx, eq, Q{CommunityIDs: communityIDs}, limit, 0)
	return res.Items, err
}

// similarCandidates is MaxCandidates for Similar.
const similarCandidates = 500

const maxSimilarWords = 8

// SalientWords returns up to n words of text that say what it is about:
// letters and digits, lower case, at least three characters, no stop words
// or plain numbers, each once, longest first (long words are, as a rule,
// the rarer ones), ties in the order they appear.
func SalientWords(text string, n int) []string {
	text = clean(text)
	seen := map[string]bool{}
	var words []string
	for _, w := range wordsOf(text) {
		if utf8.RuneCountInString(w) < 3 || seen[w] || isStopWord(w) || isNumber(w) {
			continue
		}
		seen[w] = true
		words = append(words, w)
	}
	// A stable insertion sort by length, descending: the list is short.
	for i := 1; i < len(words); i++ {
		for j := i; j > 0 && utf8.RuneCountInString(words[j]) > utf8.RuneCountInString(words[j-1]); j-- {
			words[j], words[j-1] = words[j-1], words[j]
		}
	}
	if len(words) > n {
		words = words[:n]
	}
	return words
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// filterValue reports whether a tag or subkind filter could match a
// stored value: no value holds a space (tags are stored space-separated)
// or a control character, and PostgreSQL would reject invalid UTF-8. A
// filter that cannot match finds nothing rather than failing.
func filterValue(s string) bool {
	return len(s) <= 200 && utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	})
}

// distinct returns ids without repeats, in order.
func distinct(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// args collects the arguments of a statement and names their placeholders.
type args []any

func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// where renders q's filters on search_docs d, every one of them behind a
// placeholder, and the community filter too if communities is set.
func (ix *Index) where(a *args, q Q, communities bool) string {
	var b strings.Builder
	b.WriteString("TRUE")
	if communities {
		b.WriteString(" AND d.community_id IN (")
		for i, id := range distinct(q.CommunityIDs) {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(a.add(id))
		}
		b.WriteString(")")
	}
	if q.Kind != "" {
		b.WriteString(" AND d.kind = " + a.add(q.Kind))
	}
	if q.Subkind != "" {
		b.WriteString(" AND d.subkind = " + a.add(q.Subkind))
	}
	if q.Tag != "" {
		// Tags are stored space-separated; a padded search finds whole
		// tags only.
		fn := "instr"
		if ix.db.Dialect() == store.Postgres {
			fn = "strpos"
		}
		b.WriteString(" AND " + fn + "(' ' || d.tags || ' ', " + a.add(" "+q.Tag+" ") + ") > 0")
	}
	if q.Solved != nil {
		b.WriteString(" AND d.solved = " + a.add(*q.Solved))
	}
	if !q.From.IsZero() {
		b.WriteString(" AND d.created_at >= " + a.add(store.Millis(q.From)))
	}
	if !q.To.IsZero() {
		b.WriteString(" AND d.created_at < " + a.add(store.Millis(q.To)))
	}
	return b.String()
}

// Weights of the columns in the ranking. On SQLite they are bm25's weights
// of the FTS5 columns (title, body, tags); on PostgreSQL the tsvector holds
// title and tags as weight A, body as B, and ts_rank_cd's array gives the
// weights of D, C, B and A.
const (
	postgresRank = "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.tsv, to_tsquery('english', %s), 1)"
	// Snippet options: the whole title, and up to two passages of the body.
	pgTitleOpts = "HighlightAll=true, StartSel=" + markOpen + ", StopSel=" + markClose
	pgBodyOpts  = `MaxFragments=2, MaxWords=24, MinWords=8, ShortWord=2, FragmentDelimiter=" … ", StartSel=` + markOpen + ", StopSel=" + markClose
)

// engineQuery is a query in each engine's syntax: FTS5 MATCH text, and
// to_tsquery texts for what must and must not match.
type engineQuery struct {
	fts5, tsMatch, tsExclude string
	candidates               int // MaxCandidates when 0
}

func engineQueryOf(pq Query) engineQuery {
	m, x := pq.TSQuery()
	return engineQuery{fts5: pq.FTS5(), tsMatch: m, tsExclude: x}
}

// MaxCandidates bounds the work of ranking. Scoring a match costs the same
// whatever else the query does, so a common word in a large corpus would
// make a search cost O(matches). Instead only the MaxCandidates most
// recently indexed matches (that pass the filters) are scored and ranked:
// a query that matches more finds its best results among the newer
// documents, and the cost stays bounded as the corpus grows. A more
// specific query (more words, a phrase, a filter) reaches further back.
const MaxCandidates = 500

// ranked runs a matchable query, best first, from offset.
func (ix *Index) ranked(ctx context.Context, eq engineQuery, q Q, limit, offset int) (Results, error) {
	if offset >= MaxRanked {
		return Results{}, nil
	}
	limit = min(limit, MaxRanked-offset)
	candidates := strconv.Itoa(cmp.Or(eq.candidates, MaxCandidates))
	var a args
	var stmt string
	filters := ix.where(&a, q, true)
	if ix.db.Dialect() == store.Postgres {
		m := a.add(eq.tsMatch)
		cond := "d.tsv @@ to_tsquery('english', " + m + ")"
		if eq.tsExclude != "" {
			cond += " AND NOT d.tsv @@ to_tsquery('english', " + a.add(eq.tsExclude) + ")"
		}
		rank := fmt.Sprintf(postgresRank, m)
		// The newest candidates, then the page, are chosen first, so
		// ts_rank_cd reads candidates only and ts_headline, which re-parses
		// the whole text, runs on the page's rows only.
		stmt = `WITH candidates AS (
			SELECT d.id FROM search_docs d WHERE ` + cond + ` AND ` + filters + `
			ORDER BY d.id DESC LIMIT ` + candidates + `
		), hits AS (
			SELECT d.id, ` + rank + ` AS score FROM candidates c JOIN search_docs d ON d.id = c.id
			ORDER BY score DESC, d.id LIMIT ` + a.add(limit+1) + ` OFFSET ` + a.add(offset) + `)
		SELECT d.kind, d.ref_id, d.community_id, d.subkind, d.solved, d.tags, d.created_at,
			ts_headline('english', d.title, to_tsquery('english', ` + m + `), ` + a.add(pgTitleOpts) + `),
			ts_headline('english', d.body, to_tsquery('english', ` + m + `), ` + a.add(pgBodyOpts) + `),
			hits.score
		FROM hits JOIN search_docs d ON d.id = hits.id
		ORDER BY hits.score DESC, hits.id`
	} else {
		m := a.add(eq.fts5)
		inTitle := a.add("{title} : (" + eq.fts5 + ")")
		inTags := a.add("{tags} : (" + eq.fts5 + ")")
		open, closing := a.add(markOpen), a.add(markClose)
		// FTS5 walks its doclists newest first (ORDER BY rowid DESC is its
		// own order, no sort) and stops at the candidates. They are ranked
		// by where the words matched, title above tags above body, then
		// newest first. Not by bm25: FTS5 computes bm25's term weights by
		// walking every phrase's whole doclist on each query, which at a
		// million documents costs 40 ms for a common word and 120 ms for a
		// common phrase, growing with the corpus; the title and tag tests
		// below only read the candidates' rowid range. The page is chosen
		// before highlight and snippet run, and CROSS JOIN makes SQLite look
		// the page's rows up in the full-text index one by one.
		stmt = `WITH candidates AS (
			SELECT d.id FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
			WHERE search_fts MATCH ` + m + ` AND ` + filters + `
			ORDER BY search_fts.rowid DESC LIMIT ` + candidates + `
		), oldest AS (
			SELECT COALESCE(MIN(id), 0) AS id FROM candidates
		), scored AS (
			SELECT c.id,
				(CASE WHEN c.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ` + inTitle + ` AND rowid >= (SELECT id FROM oldest)) THEN 10.0 ELSE 0.0 END) +
				(CASE WHEN c.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ` + inTags + ` AND rowid >= (SELECT id FROM oldest)) THEN 5.0 ELSE 0.0 END) +
				1.0 AS score
			FROM candidates c
		), hits AS (
			SELECT id, score FROM scored
			ORDER BY score DESC, id DESC LIMIT ` + a.add(limit+1) + ` OFFSET ` + a.add(offset) + `)
		SELECT d.kind, d.ref_id, d.community_id, d.subkind, d.solved, d.tags, d.created_at,
			highlight(search_fts, 0, ` + open + `, ` + closing + `),
			snippet(search_fts, 1, ` + open + `, ` + closing + `, '…', 24),
			hits.score
		FROM hits CROSS JOIN search_fts CROSS JOIN search_docs d
		WHERE search_fts MATCH ` + m + ` AND search_fts.rowid = hits.id AND d.id = hits.id
		ORDER BY hits.score DESC, hits.id DESC`
	}
	rows, err := ix.db.QueryContext(ctx, stmt, a...)
	if err != nil {
		return Results{}, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	var out Results
	for rows.Next() {
		var r Result
		var tags, title, body string
		var created int64
		if err := rows.Scan(&r.Kind, &r.RefID, &r.CommunityID, &r.Subkind, &r.Solved, &tags, &created, &title, &body, &r.Score); err != nil {
			return Results{}, fmt.Errorf("search: %w", err)
		}
		r.Tags = strings.Fields(tags)
		r.CreatedAt = store.Time(created)
		r.Title = markup(title)
		r.Snippet = markup(body)
		out.Items = append(out.Items, r)
	}
	if err := rows.Err(); err != nil {
		return Results{}, fmt.Errorf("search: %w", err)
	}
	if len(out.Items) > limit {
		out.Items = out.Items[:limit]
		if offset+limit < MaxRanked {
			out.Next = cursor{ranked: true, offset: offset + limit}.String()
		}
	}
	return out, nil
}

// excerptRunes is how much of a body a newest-first listing shows.
const excerptRunes = 200

// newest lists the documents q's filters allow, newest first.
func (ix *Index) newest(ctx context.Context, q Q, limit int, cur cursor) (Results, error) {
	var a args
	after := ""
	if cur.id != 0 {
		after = " AND (d.created_at, d.id) < (" + a.add(cur.created) + ", " + a.add(cur.id) + ")"
	}
	// Enough of the body for the excerpt, not the whole of it.
	cols := `d.id, d.kind, d.ref_id, d.community_id, d.subkind, d.solved, d.tags, d.created_at, d.title,
		substr(d.body, 1, ` + strconv.Itoa(excerptRunes+1) + `) AS excerpt`
	n := a.add(limit + 1)
	var stmt string
	if ix.db.Dialect() == store.Postgres {
		// PostgreSQL would read and sort every document of the viewer's
		// communities; instead it takes the newest of each community from
		// the (community_id, created_at) index and merges those.
		var vals []string
		for _, id := range distinct(q.CommunityIDs) {
			vals = append(vals, "("+a.add(id)+"::bigint)")
		}
		stmt = `SELECT x.* FROM (VALUES ` + strings.Join(vals, ", ") + `) AS c(id)
			CROSS JOIN LATERAL (SELECT ` + cols + ` FROM search_docs d
				WHERE d.community_id = c.id AND ` + ix.where(&a, q, false) + after + `
				ORDER BY d.created_at DESC, d.id DESC LIMIT ` + n + `) x
			ORDER BY x.created_at DESC, x.id DESC LIMIT ` + n
	} else {
		// SQLite walks the (community_id, created_at) index for each
		// community and sorts only what the LIMIT keeps.
		stmt = `SELECT ` + cols + ` FROM search_docs d WHERE ` + ix.where(&a, q, true) + after + `
			ORDER BY d.created_at DESC, d.id DESC LIMIT ` + n
	}
	rows, err := ix.db.QueryContext(ctx, stmt, a...)
	if err != nil {
		return Results{}, fmt.Errorf("search: list: %w", err)
	}
	defer rows.Close()
	var out Results
	var last cursor
	for rows.Next() {
		var r Result
		var id, created int64
		var tags, title, body string
		if err := rows.Scan(&id, &r.Kind, &r.RefID, &r.CommunityID, &r.Subkind, &r.Solved, &tags, &created, &title, &body); err != nil {
			return Results{}, fmt.Errorf("search: list: %w", err)
		}
		if len(out.Items) == limit {
			out.Next = last.String()
			break
		}
		r.Tags = strings.Fields(tags)
		r.CreatedAt = store.Time(created)
		r.Title = markup(title)
		r.Snippet = excerpt(body, excerptRunes)
		out.Items = append(out.Items, r)
		last = cursor{id: id, created: created}
	}
	if err := rows.Err(); err != nil {
		return Results{}, fmt.Errorf("search: list: %w", err)
	}
	return out, nil
}

// markup escapes s for HTML and turns the engine's markers into <mark>
// elements, balanced whatever order the markers come in.
func markup(s string) template.HTML {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	open := false
	for {
		i := strings.IndexAny(s, markOpen+markClose)
		if i < 0 {
			b.WriteString(html.EscapeString(s))
			break
		}
		b.WriteString(html.EscapeString(s[:i]))
		switch {
		case s[i] == markOpen[0] && !open:
			b.WriteString("<mark>")
			open = true
		case s[i] == markClose[0] && open:
			b.WriteString("</mark>")
			open = false
		}
		s = s[i+1:]
	}
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String()) // #nosec: escaped above; only <mark> is added
}

// excerpt returns the first n runes of s (cut at a space where one is near),
// escaped, with an ellipsis when cut.
func excerpt(s string, n int) template.HTML {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > n {
		rs := []rune(s)[:n]
		cut := n
		for i := n - 1; i > n*3/4; i-- {
			if rs[i] == ' ' {
				cut = i
				break
			}
		}
		s = string(rs[:cut]) + "…"
	}
	s = strings.NewReplacer(markOpen, "", markClose, "").Replace(s)
	return markup(s)
}

// cursor is a position in a result list: an offset in a ranked list, or
// the last (created_at, id) seen in a newest-first one.
type cursor struct {
	ranked  bool
	offset  int
	created int64
	id      int64
}

// errBadCursor is a cursor that Search did not make, or made for another
// kind of list.
func errBadCursor() error {
	return errs.Field("cursor", "This page link is out of date; start the search again.")
}

// String encodes c opaquely for a URL.
func (c cursor) String() string {
	var s string
	if c.ranked {
		s = "r" + strconv.Itoa(c.offset)
	} else {
		s = "n" + strconv.FormatInt(c.created, 10) + "." + strconv.FormatInt(c.id, 10)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

func parseCursor(s string) (cursor, error) {
	if s == "" {
		return cursor{}, nil
	}
	if len(s) > 64 {
		return cursor{}, errBadCursor()
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(raw) < 2 {
		return cursor{}, errBadCursor()
	}
	body := string(raw[1:])
	switch raw[0] {
	case 'r':
		off, err := strconv.Atoi(body)
		if err != nil || off <= 0 || off >= MaxRanked {
			return cursor{}, errBadCursor()
		}
		return cursor{ranked: true, offset: off}, nil
	case 'n':
		cs, is, ok := strings.Cut(body, ".")
		created, err1 := strconv.ParseInt(cs, 10, 64)
		id, err2 := strconv.ParseInt(is, 10, 64)
		if !ok || err1 != nil || err2 != nil || id <= 0 {
			return cursor{}, errBadCursor()
		}
		return cursor{created: created, id: id}, nil
	}
	return cursor{}, errBadCursor()
}
