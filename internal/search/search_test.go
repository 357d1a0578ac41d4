package search_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"cultivate/internal/errs"
	"cultivate/internal/search"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// base is the creation time of the first fixture document; each next one
// is an hour later.
var base = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// newCommunity inserts a community row for the search_docs foreign key.
func newCommunity(t testing.TB, db *store.DB, slug string) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.WithTx(ctx, func(ctx context.Context) error {
		return db.QueryRowContext(ctx, `INSERT INTO communities (slug, name, domain, visibility, request_code, created_at, updated_at)
			VALUES ($1, $2, 'testing', 'open', $3, $4, $4) RETURNING id`, slug, slug, "code-"+slug, store.Millis(base)).Scan(&id)
	})
	if err != nil {
		t.Fatalf("insert community %s: %v", slug, err)
	}
	return id
}

// put indexes docs in one transaction.
func put(t testing.TB, db *store.DB, ix *search.Index, docs ...search.Doc) {
	t.Helper()
	err := db.WithTx(context.Background(), func(ctx context.Context) error {
		for _, d := range docs {
			if err := ix.Put(ctx, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("put: %v", err)
	}
}

// fixture is a small corpus in two communities.
type fixture struct {
	db     *store.DB
	ix     *search.Index
	c1, c2 int64
}

// The fixture's documents, by RefID. Requests 1–7 and artefacts 101–103 live
// in community c1; request 50 in c2.
func newFixture(t *testing.T, db *store.DB) fixture {
	t.Helper()
	f := fixture{db: db, ix: search.New(db), c1: newCommunity(t, db, "testers"), c2: newCommunity(t, db, "secret")}
	at := func(h int) time.Time { return base.Add(time.Duration(h) * time.Hour) }
	req := func(id int64, h int, solved bool, tags []string, title, body string) search.Doc {
		return search.Doc{Kind: search.KindRequest, RefID: id, CommunityID: f.c1, Solved: solved, Tags: tags, CreatedAt: at(h), Title: title, Body: body}
	}
	art := func(id int64, h int, sub string, tags []string, title, body string) search.Doc {
		return search.Doc{Kind: search.KindArtefact, RefID: id, CommunityID: f.c1, Subkind: sub, Tags: tags, CreatedAt: at(h), Title: title, Body: body}
	}
	put(t, db, f.ix,
		req(1, 1, true, []string{"flaky", "ci"}, "Flaky integration tests in the pipeline",
			"Our end-to-end suite fails one run in five. We retried, but the retries hide the cause."),
		req(2, 2, false, []string{"ci"}, "How do we speed up the build?",
			"The build takes forty minutes. Caching dependencies helped a little; flaky tests make it worse."),
		req(3, 3, false, []string{"exploratory"}, "Charters for exploratory sessions",
			"How long should a charter be? We tried ninety-minute sessions with a debrief afterwards."),
		req(4, 4, true, []string{"tools"}, "Choosing a mutation testing tool",
			"We compared mutation frameworks for the payment service; pitest was the fastest."),
		req(5, 5, false, nil, "Meeting at the café",
			"Let us meet at the café near the office to pair on the test plan."),
		req(6, 6, false, nil, "Snippet safety",
			"<script>alert(1)</script> needle in a body that tries to inject markup."),
		req(7, 7, false, []string{"ci"}, "Pipeline stages",
			"Which stages belong before deploy? Lint, unit tests, contract tests, then a smoke run."),
		art(101, 8, "faq", []string{"flaky"}, "FAQ: quarantine flaky tests",
			"Move a flaky test to quarantine, open a ticket, and fix the cause within a week."),
		art(102, 9, "practice", []string{"exploratory"}, "Session-based test management",
			"Time-boxed exploratory sessions with a charter, notes and a debrief."),
		art(103, 10, "case_story", nil, "How mutation scores changed our reviews",
			"After we published mutation scores, reviewers asked for tests of the edge cases."),
		search.Doc{Kind: search.KindRequest, RefID: 50, CommunityID: f.c2, CreatedAt: at(11),
			Title: "Secret flaky tests", Body: "Private community: flaky quarantine pipeline mutation café needle."},
	)
	return f
}

// search runs q in community c1 (and whatever q already names) and fails
// the test on error.
func (f fixture) search(t *testing.T, q search.Q) search.Results {
	t.Helper()
	if q.CommunityIDs == nil {
		q.CommunityIDs = []int64{f.c1}
	}
	res, err := f.ix.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	return res
}

// refs lists the results as "r1", "a101"… in order.
func refs(res search.Results) []string {
	out := []string{}
	for _, r := range res.Items {
		out = append(out, fmt.Sprintf("%c%d", r.Kind[0], r.RefID))
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestSearchRanksTitleHitsAboveBodyHits(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		// "pipeline" is in the titles of r1 and r7 and only in the body of
		// nothing else in c1; "flaky" is in r1's and a101's titles and r2's body.
		got := refs(f.search(t, search.Q{Text: "flaky"}))
		if len(got) != 3 || got[2] != "r2" {
			t.Errorf("flaky: got %v, want r1 and a101 (title hits) before r2 (body hit)", got)
		}
		res := f.search(t, search.Q{Text: "flaky"})
		for i := 1; i < len(res.Items); i++ {
			if res.Items[i].Score > res.Items[i-1].Score {
				t.Errorf("scores not descending: %v", res.Items)
			}
		}
	})
}

func TestSearchSyntax(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, tc := range []struct {
			name, text string
			want       []string
		}{
			{"word", "debrief", []string{"a102", "r3"}},
			{"words are ANDed", "exploratory charter", []string{"a102", "r3"}},
			{"stemming", "sessions", []string{"a102", "r3"}},
			{"phrase", `"mutation scores"`, []string{"a103"}},
			{"phrase order matters", `"scores mutation"`, []string{}},
			{"exclusion", "mutation -pitest", []string{"a103"}},
			{"excluded phrase", `flaky -"fix the cause"`, []string{"r1", "r2"}},
			{"OR", "pitest OR debrief", []string{"a102", "r3", "r4"}},
			{"OR binds tighter than AND", "tests pitest OR quarantine", []string{"a101", "r4"}},
			{"prefix", "mutat*", []string{"a103", "r4"}},
			{"prefix of a phrase", `"contract test"*`, []string{"r7"}},
			{"tags are searched", "exploratory", []string{"a102", "r3"}},
			{"case does not matter", "DEBRIEF", []string{"a102", "r3"}},
			{"stop words are ignored", "the debrief", []string{"a102", "r3"}},
			{"only stop words", "the and of", []string{}},
			{"only punctuation", "!!! ... ???", []string{}},
			{"only exclusions", "-flaky", []string{}},
			{"operators are words", "flaky AND NOT pipeline", []string{"r1"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got := sorted(refs(f.search(t, search.Q{Text: tc.text})))
				if !slices.Equal(got, tc.want) {
					t.Errorf("%q: got %v, want %v", tc.text, got, tc.want)
				}
			})
		}
	})
}

// TestSearchDiacritics pins what each engine does with accents. SQLite's
// tokenizer folds them (remove_diacritics 2), so "cafe" finds "café".
// PostgreSQL's english configuration does not: "café" finds "café" but
// "cafe" does not. Folding there needs the unaccent extension in a custom
// text search configuration, which a managed PostgreSQL may not allow, so
// the schema does not require it.
func TestSearchDiacritics(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		if got := refs(f.search(t, search.Q{Text: "café"})); !slices.Equal(got, []string{"r5"}) {
			t.Errorf("café: got %v, want [r5]", got)
		}
		want := []string{"r5"}
		if db.Dialect() == store.Postgres {
			want = []string{}
		}
		if got := refs(f.search(t, search.Q{Text: "cafe"})); !slices.Equal(got, want) {
			t.Errorf("cafe: got %v, want %v", got, want)
		}
	})
}

func TestSearchFilters(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		yes, no := true, false
		for _, tc := range []struct {
			name string
			q    search.Q
			want []string
		}{
			{"kind request", search.Q{Text: "flaky", Kind: search.KindRequest}, []string{"r1", "r2"}},
			{"kind artefact", search.Q{Text: "flaky", Kind: search.KindArtefact}, []string{"a101"}},
			{"subkind", search.Q{Text: "mutation", Subkind: "case_story"}, []string{"a103"}},
			{"tag", search.Q{Text: "tests", Tag: "ci"}, []string{"r1", "r2", "r7"}},
			{"tag is whole", search.Q{Text: "tests", Tag: "c"}, []string{}},
			{"tag with a space", search.Q{Text: "tests", Tag: "ci flaky"}, []string{}},
			{"solved", search.Q{Text: "tests", Solved: &yes}, []string{"r1", "r4"}},
			{"unsolved", search.Q{Text: "flaky", Solved: &no}, []string{"a101", "r2"}},
			{"from", search.Q{Text: "flaky", From: base.Add(2 * time.Hour)}, []string{"a101", "r2"}},
			{"to", search.Q{Text: "flaky", To: base.Add(2 * time.Hour)}, []string{"r1"}},
			{"from and to", search.Q{Text: "flaky", From: base.Add(2 * time.Hour), To: base.Add(3 * time.Hour)}, []string{"r2"}},
			{"blank lists newest first", search.Q{Tag: "ci"}, []string{"r7", "r2", "r1"}},
			{"blank with kind", search.Q{Kind: search.KindArtefact}, []string{"a103", "a102", "a101"}},
			{"blank with solved", search.Q{Solved: &yes}, []string{"r4", "r1"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got := refs(f.search(t, tc.q))
				if tc.q.Text != "" {
					got = sorted(got)
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("got %v, want %v", got, tc.want)
				}
			})
		}
		for _, bad := range []search.Q{
			{Kind: "event"},
			{From: base, To: base.Add(-time.Hour)},
			{Cursor: "not a cursor"},
			{Cursor: "cjk5OTk5"}, // r99999: past MaxRanked
		} {
			bad.CommunityIDs = []int64{f.c1}
			if _, err := f.ix.Search(context.Background(), bad); !errs.Is(err, errs.Invalid) {
				t.Errorf("Search(%+v) = %v, want an errs.Invalid error", bad, err)
			}
		}
	})
}

func TestSearchNeverLeavesTheViewersCommunities(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, text := range []string{"", "secret", "flaky", "private community", "café", "needle", "-x"} {
			for _, ids := range [][]int64{{f.c1}, {}, nil, {f.c1 + f.c2 + 99}} {
				q := search.Q{Text: text, CommunityIDs: ids}
				if ids == nil {
					q.CommunityIDs = []int64{} // nil means c1 in f.search; test both empties here
				}
				res, err := f.ix.Search(context.Background(), q)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range res.Items {
					if r.CommunityID != f.c1 || !slices.Contains(ids, r.CommunityID) {
						t.Errorf("%q in %v found %s %d of community %d", text, ids, r.Kind, r.RefID, r.CommunityID)
					}
				}
			}
			sim, err := f.ix.Similar(context.Background(), "secret private flaky needle", []int64{f.c1}, 20)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range sim {
				if r.CommunityID != f.c1 {
					t.Errorf("Similar found %s %d of community %d", r.Kind, r.RefID, r.CommunityID)
				}
			}
		}
		// Both communities: the secret one's document appears.
		got := refs(f.search(t, search.Q{Text: "secret", CommunityIDs: []int64{f.c1, f.c2, f.c1}}))
		if !slices.Equal(got, []string{"r50"}) {
			t.Errorf("secret in both communities: got %v, want [r50]", got)
		}
	})
}

func TestSnippetsEscapeHTML(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		put(t, db, f.ix, search.Doc{Kind: search.KindRequest, RefID: 60, CommunityID: f.c1, CreatedAt: base,
			Title: `<img src=x onerror=alert(1)> needle "quoted" & stray` + "\x02\x01" + ` marker`,
			Body:  "<script>alert(1)</script> needle and \x01 more \x02\x02 text"})
		res := f.search(t, search.Q{Text: "needle"})
		if len(res.Items) != 2 {
			t.Fatalf("got %v, want r6 and r60", refs(res))
		}
		for _, r := range res.Items {
			for _, s := range []string{string(r.Title), string(r.Snippet)} {
				if strings.Contains(s, "<script") || strings.Contains(s, "<img") {
					t.Errorf("snippet not escaped: %q", s)
				}
				if strings.Count(s, "<mark>") != strings.Count(s, "</mark>") {
					t.Errorf("unbalanced marks: %q", s)
				}
				if strings.ContainsAny(s, "\x01\x02") {
					t.Errorf("markers left: %q", s)
				}
			}
		}
		// PostgreSQL's parser reads <script> as a tag, and ts_headline
		// leaves tags out of the headline; SQLite keeps the text, escaped.
		want := "&lt;script&gt;alert(1)&lt;/script&gt; <mark>needle</mark>"
		if db.Dialect() == store.Postgres {
			want = "<mark>needle</mark> in a body"
		}
		r6 := res.Items[slices.IndexFunc(res.Items, func(r search.Result) bool { return r.RefID == 6 })]
		if s := string(r6.Snippet); !strings.Contains(s, want) {
			t.Errorf("r6 snippet = %q, want it to hold %q", s, want)
		}
		r60 := res.Items[slices.IndexFunc(res.Items, func(r search.Result) bool { return r.RefID == 60 })]
		if s := string(r60.Title); !strings.Contains(s, "&lt;img src=x onerror=alert(1)&gt; <mark>needle</mark> &#34;quoted&#34; &amp; stray") {
			t.Errorf("r60 title = %q", s)
		}
		// A blank query escapes too.
		list := f.search(t, search.Q{})
		for _, r := range list.Items {
			if strings.Contains(string(r.Title), "<img") || strings.Contains(string(r.Snippet), "<script") {
				t.Errorf("listing not escaped: %q %q", r.Title, r.Snippet)
			}
		}
	})
}

// hostileQueries never make a search fail.
var hostileQueries = []string{
	`"`, `""`, `"""`, `*`, `**`, `"*"`, `NEAR(`, `NEAR(a b, 2)`, `a AND`, `AND`, `OR`, `NOT`, `a OR`, `OR a`,
	`a NOT`, `)))`, `(((`, `(a OR b`, `title:x`, `body:needle`, `{title body}: x`, `-`, `--`, `- -`, `-"`,
	`-*`, `^`, `^a`, `a^`, `+`, `a + b`, `'`, `''`, `it's`, `\`, `a\b`, `\'`, `:*`, `a:*`, `a:*B`,
	`a & b`, `a | b`, `!a`, `!!`, `a <-> b`, `<2>`, `a:A`, `%`, `_`, `a%b_c`, `$1`, `;DROP TABLE search_docs;--`,
	`' OR 1=1 --`, `"flaky`, `flaky"`, `"fl"aky"`, `"a" "b`, `-"unclosed`, `flak* -`, `* flaky`, `f*`, `*f`,
	`"the"`, `the*`, `"the" -flaky`, `the* -flaky`, "\x00", "a\x00b", "\xff\xfe", "flaky\xc3", "\x01needle\x02",
	"\u202enoitcerid", "\ufeffflaky", "🙂", "👨‍👩‍👧 flaky", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ﬂaky", "日本語", "café*", "e\u0301",
	strings.Repeat("flaky ", 2000), strings.Repeat("a", 10<<10), strings.Repeat(`"`, 5000),
	strings.Repeat("(", 3000), strings.Repeat("-x ", 500), strings.Repeat("x OR ", 500), strings.Repeat("é", 5000),
}

func TestHostileQueriesNeverFail(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, text := range hostileQueries {
			for _, q := range []search.Q{{Text: text}, {Text: text, Tag: text, Subkind: text}} {
				q.CommunityIDs = []int64{f.c1}
				if _, err := f.ix.Search(context.Background(), q); err != nil {
					t.Errorf("Search(%.40q): %v", text, err)
				}
			}
			if _, err := f.ix.Similar(context.Background(), text, []int64{f.c1}, 5); err != nil {
				t.Errorf("Similar(%.40q): %v", text, err)
			}
		}
	})
}

func TestPutUpdatesAndDeleteRemoves(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		put(t, db, f.ix, search.Doc{Kind: search.KindRequest, RefID: 3, CommunityID: f.c1, Solved: true, Tags: []string{"heuristics"},
			CreatedAt: base, Title: "Heuristics for exploratory testing", Body: "We settled on SFDPOT."})
		if got := refs(f.search(t, search.Q{Text: "debrief"})); !slices.Equal(got, []string{"a102"}) {
			t.Errorf("old words after Put: got %v, want [a102]", got)
		}
		res := f.search(t, search.Q{Text: "sfdpot"})
		if got := refs(res); !slices.Equal(got, []string{"r3"}) {
			t.Fatalf("new words after Put: got %v, want [r3]", got)
		}
		if r := res.Items[0]; !r.Solved || !slices.Equal(r.Tags, []string{"heuristics"}) {
			t.Errorf("Put did not update solved or tags: %+v", r)
		}
		err := db.WithTx(context.Background(), func(ctx context.Context) error {
			return f.ix.Delete(ctx, search.KindRequest, 3)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := refs(f.search(t, search.Q{Text: "sfdpot"})); len(got) != 0 {
			t.Errorf("after Delete: got %v", got)
		}
		if got := refs(f.search(t, search.Q{Tag: "heuristics"})); len(got) != 0 {
			t.Errorf("listing after Delete: got %v", got)
		}
	})
}

func TestSearchPages(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := fixture{db: db, ix: search.New(db), c1: newCommunity(t, db, "pages")}
		var docs []search.Doc
		for i := 1; i <= 23; i++ {
			// Pairs share a creation time, to test the keyset's tie-break.
			docs = append(docs, search.Doc{Kind: search.KindRequest, RefID: int64(i), CommunityID: f.c1,
				CreatedAt: base.Add(time.Duration(i/2) * time.Minute),
				Title:     "page test " + strings.Repeat("word ", i), Body: "paging body"})
		}
		put(t, db, f.ix, docs...)
		for _, text := range []string{"", "paging", "page OR paging"} {
			var all []string
			cur := ""
			for pages := 0; ; pages++ {
				if pages > 10 {
					t.Fatalf("%q: too many pages", text)
				}
				res := f.search(t, search.Q{Text: text, Limit: 5, Cursor: cur})
				all = append(all, refs(res)...)
				if res.Next == "" {
					break
				}
				if len(res.Items) != 5 {
					t.Errorf("%q: a page before the last has %d items", text, len(res.Items))
				}
				cur = res.Next
			}
			if len(all) != 23 || len(slices.Compact(sorted(all))) != 23 {
				t.Errorf("%q: pages gave %d results, %d distinct: %v", text, len(all), len(slices.Compact(sorted(all))), all)
			}
		}
		// A ranked cursor does not page a listing, nor the other way round.
		ranked := f.search(t, search.Q{Text: "paging", Limit: 5}).Next
		listed := f.search(t, search.Q{Limit: 5}).Next
		for _, q := range []search.Q{{Cursor: ranked}, {Text: "paging", Cursor: listed}} {
			q.CommunityIDs = []int64{f.c1}
			if _, err := f.ix.Search(context.Background(), q); !errs.Is(err, errs.Invalid) {
				t.Errorf("mismatched cursor: %v, want errs.Invalid", err)
			}
		}
	})
}

func TestSimilar(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		got, err := f.ix.Similar(ctx, "Our tests are flaky in CI; should we quarantine them?", []int64{f.c1}, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 || got[0].Kind != search.KindArtefact || got[0].RefID != 101 {
			t.Errorf("Similar: got %v, want the quarantine FAQ first", got)
		}
		if len(got) > 3 {
			t.Errorf("Similar returned %d results, limit 3", len(got))
		}
		for _, text := range []string{"", "the and of", "?!", "12 34"} {
			if res, err := f.ix.Similar(ctx, text, []int64{f.c1}, 3); err != nil || len(res) != 0 {
				t.Errorf("Similar(%q) = %v, %v; want nothing", text, res, err)
			}
		}
	})
}

func TestSalientWords(t *testing.T) {
	got := search.SalientWords("How do we make the flaky integration tests in our pipeline stable? Tests, tests, tests! 2024", 4)
	want := []string{"integration", "pipeline", "stable", "flaky"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestPutOutsideTransactionFails(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ix := search.New(db)
	err := ix.Put(context.Background(), search.Doc{Kind: search.KindRequest, RefID: 1})
	if err == nil || errors.Is(err, store.ErrNotFound) {
		t.Errorf("Put outside a transaction: %v, want an error", err)
	}
}

func TestRankingConsidersTheNewestMatches(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		ix := search.New(db)
		c := newCommunity(t, db, "many")
		docs := []search.Doc{{Kind: search.KindRequest, RefID: 1, CommunityID: c, CreatedAt: base,
			Title: "Common common common", Body: "The best match for common, and the only special one."}}
		for i := 2; i <= search.MaxCandidates+50; i++ {
			docs = append(docs, search.Doc{Kind: search.KindRequest, RefID: int64(i), CommunityID: c,
				CreatedAt: base.Add(time.Duration(i) * time.Minute),
				Title:     "Another question", Body: "A common word among many other words in a longer body of text."})
		}
		put(t, db, ix, docs...)
		q := search.Q{Text: "common", CommunityIDs: []int64{c}, Limit: 100}
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Items) != 100 || slices.Contains(refs(res), "r1") {
			t.Errorf("common: %d results, r1 among them: %v; want 100 of the newest %d matches only",
				len(res.Items), slices.Contains(refs(res), "r1"), search.MaxCandidates)
		}
		q.Text = "common special"
		if res, err := ix.Search(context.Background(), q); err != nil || !slices.Equal(refs(res), []string{"r1"}) {
			t.Errorf("common special: %v, %v; want [r1]", refs(res), err)
		}
	})
}
