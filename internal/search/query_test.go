package search_test

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	_ "modernc.org/sqlite" // the "sqlite" driver, for FuzzParse's in-memory FTS5 table

	"cultivate/internal/search"
	"cultivate/internal/storetest"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in, str, fts5, tsMatch, tsExclude string
	}{
		{"", "", "", "", ""},
		{"   ", "", "", "", ""},
		{"flaky tests", "flaky tests", `"flaky" AND "tests"`, `('flaky') & ('tests')`, ""},
		{`"flaky tests" ci`, `"flaky tests" ci`, `"flaky tests" AND "ci"`, `('flaky tests') & ('ci')`, ""},
		{"a OR b", "b", `"b"`, `('b')`, ""}, // "a" is a stop word
		{"ci OR cd build", "ci OR cd build", `("ci" OR "cd") AND "build"`, `('ci' | 'cd') & ('build')`, ""},
		{"ci OR cd OR qa", "ci OR cd OR qa", `("ci" OR "cd" OR "qa")`, `('ci' | 'cd' | 'qa')`, ""},
		{"OR ci OR", "ci", `"ci"`, `('ci')`, ""},
		{"ci or cd", "ci cd", `"ci" AND "cd"`, `('ci') & ('cd')`, ""},
		{"flaky -retry", "flaky -retry", `("flaky") NOT ("retry")`, `('flaky')`, `'retry'`},
		{`flaky -"ci server" -x`, `flaky -"ci server" -x`, `("flaky") NOT ("ci server" OR "x")`, `('flaky')`, `'ci server' | 'x'`},
		{"mutat*", "mutat*", `"mutat"*`, `('mutat':*)`, ""},
		{`"contract test"*`, `"contract test"*`, `"contract test"*`, `('contract test':*)`, ""},
		{"the*", "the*", `"the"*`, `('the':*)`, ""},
		{`o'reilly a say"what "x""y"`, `o'reilly say"what "x" "y"`, `"o'reilly" AND "say""what" AND "x" AND "y"`, `('o''reilly') & ('say"what') & ('x') & ('y')`, ""},
		{`a\b`, `a\b`, `"a\b"`, `('a\\b')`, ""},
		{`"unclosed phrase`, "unclosed phrase", `"unclosed" AND "phrase"`, `('unclosed') & ('phrase')`, ""},
		{"title:x NEAR(a b) ^c", "title:x NEAR(a b) ^c", `"title:x" AND "NEAR(a" AND "b)" AND "^c"`, `('title:x') & ('NEAR(a') & ('b)') & ('^c')`, ""},
		{"the of and", "", "", "", ""},
		{"!!! ... -", "", "", "", ""},
		{"-flaky", "-flaky", "", "", ""},
		{"a\x00b\x01c", "b c", `"b" AND "c"`, `('b') & ('c')`, ""},
		{"caf\xc3 ok", "caf ok", `"caf" AND "ok"`, `('caf') & ('ok')`, ""},
	} {
		q := search.Parse(tc.in)
		if got := q.String(); got != tc.str {
			t.Errorf("Parse(%q).String() = %q, want %q", tc.in, got, tc.str)
		}
		if got := q.FTS5(); got != tc.fts5 {
			t.Errorf("Parse(%q).FTS5() = %q, want %q", tc.in, got, tc.fts5)
		}
		m, x := q.TSQuery()
		if m != tc.tsMatch || x != tc.tsExclude {
			t.Errorf("Parse(%q).TSQuery() = %q, %q; want %q, %q", tc.in, m, x, tc.tsMatch, tc.tsExclude)
		}
		if blank := strings.TrimSpace(tc.in) == ""; q.IsBlank() != blank {
			t.Errorf("Parse(%q).IsBlank() = %v", tc.in, q.IsBlank())
		}
	}
	if !(search.Query{}).IsBlank() {
		t.Error("the zero Query is not blank")
	}
}

func TestParseBoundsTerms(t *testing.T) {
	q := search.Parse(strings.Repeat("word ", 100) + strings.Repeat("-x ", 100))
	n := len(q.Excluded())
	for _, g := range q.Groups() {
		n += len(g)
	}
	if n != search.MaxTerms {
		t.Errorf("kept %d terms, want %d", n, search.MaxTerms)
	}
	if q := search.Parse(strings.Repeat("é", 10_000)); len(q.FTS5()) > search.MaxQueryBytes+10 {
		t.Errorf("FTS5 text of %d bytes from a long word", len(q.FTS5()))
	}
}

// checkQuery asserts what Parse promises for any input.
func checkQuery(t *testing.T, in string, q search.Query) {
	t.Helper()
	n := len(q.Excluded())
	for _, g := range q.Groups() {
		n += len(g)
		if len(g) == 0 {
			t.Fatalf("Parse(%q): empty group", in)
		}
	}
	if n > search.MaxTerms {
		t.Fatalf("Parse(%q): %d terms", in, n)
	}
	m, x := q.TSQuery()
	for _, s := range []string{q.FTS5(), m, x, q.String()} {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\x00\x01\x02") {
			t.Fatalf("Parse(%q) rendered %q", in, s)
		}
		if len(s) > 4*search.MaxQueryBytes {
			t.Fatalf("Parse(%q) rendered %d bytes", in, len(s))
		}
	}
	if (q.FTS5() == "") != !q.Matchable() || (m == "") != !q.Matchable() {
		t.Fatalf("Parse(%q): Matchable %v but FTS5 %q, tsquery %q", in, q.Matchable(), q.FTS5(), m)
	}
	// Parsing what the query says it understood gives the same query.
	if s := q.String(); len(s) > search.MaxQueryBytes {
		return
	}
	if again := search.Parse(q.String()); again.FTS5() != q.FTS5() {
		t.Fatalf("Parse(%q).String() = %q, which parses to %q, not %q", in, q.String(), again.FTS5(), q.FTS5())
	}
}

// FuzzParse checks that no input makes Parse panic or produce FTS5 text
// that SQLite cannot parse. Its seed corpus is testdata/fuzz/FuzzParse and
// hostileQueries.
func FuzzParse(f *testing.F) {
	for _, s := range hostileQueries {
		f.Add(s)
	}
	// One in-memory FTS5 table per fuzzing process, with the tokenizer of
	// the real one (migration 0002).
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		f.Fatal(err)
	}
	db.SetMaxOpenConns(1) // one connection: one :memory: database
	f.Cleanup(func() { db.Close() })
	ctx := context.Background()
	for _, stmt := range []string{
		`CREATE VIRTUAL TABLE fts USING fts5 (title, body, tags, tokenize = 'porter unicode61 remove_diacritics 2')`,
		`INSERT INTO fts VALUES ('Flaky tests in the café', 'quarantine "quoted" text: NEAR(a b) ^caret', 'ci')`,
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			f.Fatal(err)
		}
	}
	stmt, err := db.PrepareContext(ctx, `SELECT count(*) FROM fts WHERE fts MATCH ?`)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q := search.Parse(in)
		checkQuery(t, in, q)
		if !q.Matchable() {
			return
		}
		var n int
		if err := stmt.QueryRowContext(ctx, q.FTS5()).Scan(&n); err != nil {
			t.Fatalf("Parse(%q).FTS5() = %q: %v", in, q.FTS5(), err)
		}
	})
}

// TestTSQueryAlwaysParses is FuzzParse's check for PostgreSQL, which a fuzz
// target cannot reach cheaply: the hostile queries and thousands of random
// ones (random bytes, and random picks of syntax-laden pieces) through
// to_tsquery, in one round trip per batch.
func TestTSQueryAlwaysParses(t *testing.T) {
	db := storetest.Open(t, storetest.Postgres)
	inputs := append([]string{}, hostileQueries...)
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{`"`, `'`, `\`, `-`, `*`, `:`, `:*`, `&`, `|`, `!`, `(`, `)`, `<->`, `<3>`, ` `, ` OR `, `a`, `the`,
		`flaky`, `node.js`, `é`, "\x00", "\xff", `''`, `\'`, `'\`, `--`, `<b>`, `&amp;`, `1`, `:A`, `:*B`, `x:y`}
	for range 3000 {
		var b strings.Builder
		for range 1 + r.IntN(12) {
			if r.IntN(4) == 0 {
				b.WriteByte(byte(r.IntN(256)))
			} else {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
		}
		inputs = append(inputs, b.String())
	}
	ctx := context.Background()
	for i, in := range inputs {
		q := search.Parse(in)
		checkQuery(t, in, q)
		m, x := q.TSQuery()
		var n int
		err := db.QueryRowContext(ctx, `SELECT count(*) FROM search_docs d
			WHERE d.tsv @@ to_tsquery('english', $1) AND NOT d.tsv @@ to_tsquery('english', $2)`, m, x).Scan(&n)
		if err != nil {
			t.Fatalf("input %d %q: to_tsquery(%q) / (%q): %v", i, in, m, x, err)
		}
	}
}
