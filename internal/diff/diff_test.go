package diff_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"cultivate/internal/diff"
)

// compact writes ops as "=a +b -c" for tables.
func compact(ops []diff.Op) string {
	var parts []string
	for _, op := range ops {
		sign := map[diff.OpKind]string{diff.Equal: "=", diff.Insert: "+", diff.Delete: "-"}[op.Kind]
		parts = append(parts, sign+op.Text)
	}
	return strings.Join(parts, " ")
}

func TestLinesTable(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want string
	}{
		{"both empty", "", "", ""},
		{"from empty", "", "a\nb\n", "+a +b"},
		{"to empty", "a\nb\n", "", "-a -b"},
		{"identical", "a\nb\nc\n", "a\nb\nc\n", "=a =b =c"},
		{"CRLF and LF are the same lines", "a\r\nb\r\nc\r\n", "a\nb\nc\n", "=a =b =c"},
		{"a missing final newline is no change", "a\nb", "a\nb\n", "=a =b"},
		{"a blank last line is a line", "a\n\n", "a\n", "=a -"},
		{"insertion in the middle", "a\nc\n", "a\nb\nc\n", "=a +b =c"},
		{"insertion at the start", "b\nc\n", "a\nb\nc\n", "+a =b =c"},
		{"insertion at the end", "a\nb\n", "a\nb\nc\n", "=a =b +c"},
		{"deletion in the middle", "a\nb\nc\n", "a\nc\n", "=a -b =c"},
		{"deletions at both ends", "x\na\nb\ny\n", "a\nb\n", "-x =a =b -y"},
		{"replacement: deletion before insertion", "a\nold\nc\n", "a\nnew\nc\n", "=a -old +new =c"},
		{"move to the end", "m\na\nb\nc\n", "a\nb\nc\nm\n", "-m =a =b =c +m"},
		{"move to the start", "a\nb\nc\nm\n", "m\na\nb\nc\n", "+m =a =b =c -m"},
		{"swap of two blocks keeps the longer", "a\nb\nc\nx\n", "x\na\nb\nc\n", "+x =a =b =c -x"},
		{"nothing in common", "a\nb\n", "c\nd\n", "-a -b +c +d"},
		{"repeated lines", "a\na\na\n", "a\na\n", "=a =a -a"},
		{"whitespace matters inside a line", "a b\n", "a  b\n", "-a b +a  b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ops := diff.Lines(tt.a, tt.b)
			if got := compact(ops); got != tt.want {
				t.Errorf("Lines(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
			}
			checkOps(t, tt.a, tt.b, ops)
		})
	}
}

func TestLinesNumbersLines(t *testing.T) {
	ops := diff.Lines("a\nb\nc\nd\n", "a\nx\nc\nd\ne\n")
	want := []diff.Op{
		{Kind: diff.Equal, Text: "a", OldLine: 1, NewLine: 1},
		{Kind: diff.Delete, Text: "b", OldLine: 2},
		{Kind: diff.Insert, Text: "x", NewLine: 2},
		{Kind: diff.Equal, Text: "c", OldLine: 3, NewLine: 3},
		{Kind: diff.Equal, Text: "d", OldLine: 4, NewLine: 4},
		{Kind: diff.Insert, Text: "e", NewLine: 5},
	}
	if !slices.Equal(ops, want) {
		t.Errorf("got  %+v\nwant %+v", ops, want)
	}
	if ins, del := diff.Count(ops); ins != 2 || del != 1 {
		t.Errorf("Count = +%d -%d, want +2 -1", ins, del)
	}
}

// checkOps verifies that ops take a to b: the Equal and Delete lines are a's
// lines in order, the Equal and Insert lines b's, with the right numbers.
func checkOps(t testing.TB, a, b string, ops []diff.Op) {
	t.Helper()
	old, cur := apply(ops)
	if la := diff.SplitLines(a); !slices.Equal(old, la) {
		t.Fatalf("ops do not reproduce the old text:\n got %q\nwant %q", old, la)
	}
	if lb := diff.SplitLines(b); !slices.Equal(cur, lb) {
		t.Fatalf("ops do not reproduce the new text:\n got %q\nwant %q", cur, lb)
	}
	oi, ni := 0, 0
	for _, op := range ops {
		wantOld, wantNew := 0, 0
		if op.Kind != diff.Insert {
			oi++
			wantOld = oi
		}
		if op.Kind != diff.Delete {
			ni++
			wantNew = ni
		}
		if op.OldLine != wantOld || op.NewLine != wantNew {
			t.Fatalf("op %+v: lines %d/%d, want %d/%d", op, op.OldLine, op.NewLine, wantOld, wantNew)
		}
	}
}

// apply replays ops: the old text's lines (Equal and Delete) and the new
// text's lines (Equal and Insert).
func apply(ops []diff.Op) (old, cur []string) {
	for _, op := range ops {
		if op.Kind != diff.Insert {
			old = append(old, op.Text)
		}
		if op.Kind != diff.Delete {
			cur = append(cur, op.Text)
		}
	}
	return old, cur
}

// lcsLen is the textbook dynamic programme, for checking minimality.
func lcsLen(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func randomText(r *rand.Rand, lines, alphabet int) string {
	var b strings.Builder
	for range lines {
		fmt.Fprintf(&b, "l%d\n", r.IntN(alphabet))
	}
	return b.String()
}

// The property every diff must have, on random texts: replaying the ops
// gives back both texts, and the kept lines are as many as possible.
func TestLinesReproducesBothTextsAndIsMinimal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		a := randomText(r, r.IntN(40), 1+r.IntN(8))
		b := randomText(r, r.IntN(40), 1+r.IntN(8))
		if i%3 == 0 { // an edit of a rather than an unrelated text
			lines := diff.SplitLines(a)
			for range r.IntN(5) {
				if len(lines) > 0 {
					k := r.IntN(len(lines))
					lines = slices.Delete(lines, k, k+1)
				}
				lines = slices.Insert(lines, r.IntN(len(lines)+1), fmt.Sprintf("n%d", r.IntN(4)))
			}
			b = strings.Join(lines, "\n")
		}
		ops := diff.Lines(a, b)
		checkOps(t, a, b, ops)
		kept := 0
		for _, op := range ops {
			if op.Kind == diff.Equal {
				kept++
			}
		}
		if want := lcsLen(diff.SplitLines(a), diff.SplitLines(b)); kept != want {
			t.Fatalf("Lines(%q, %q) keeps %d lines, the longest common subsequence has %d", a, b, kept, want)
		}
	}
}

// Inputs built to make Myers' search slow (two long texts of few
// distinct lines, shuffled) still finish quickly, with a valid diff.
func TestLinesCostIsBounded(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	a := randomText(r, 20000, 2)
	b := randomText(r, 20000, 2)
	start := time.Now()
	ops := diff.Lines(a, b)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Lines took %v on 20,000 shuffled lines", d)
	}
	checkOps(t, a, b, ops)
}

func TestUnifiedGroupsChangesWithContext(t *testing.T) {
	var lines []string
	for i := 1; i <= 30; i++ {
		lines = append(lines, fmt.Sprintf("line %d", i))
	}
	a := strings.Join(lines, "\n") + "\n"
	edited := slices.Clone(lines)
	edited[1] = "line two"                                     // near the start
	edited[5] = "line six"                                     // 4 lines later: same hunk with context 3
	edited = slices.Insert(edited, 20, "inserted")             // far away: its own hunk
	edited = slices.Delete(edited, len(edited)-1, len(edited)) // the last line goes
	b := strings.Join(edited, "\n") + "\n"

	hunks := diff.Unified(a, b, 3)
	var headers []string
	for _, h := range hunks {
		headers = append(headers, h.Header())
	}
	// The insertion and the deletion are 9 unchanged lines apart: more than
	// twice the context, so they make two hunks.
	want := []string{"@@ -1,9 +1,9 @@", "@@ -18,6 +18,7 @@", "@@ -27,4 +28,3 @@"}
	if !slices.Equal(headers, want) {
		t.Fatalf("hunks %v, want %v", headers, want)
	}
	if got := compact(hunks[0].Ops); got != "=line 1 -line 2 +line two =line 3 =line 4 =line 5 -line 6 +line six =line 7 =line 8 =line 9" {
		t.Errorf("first hunk %q", got)
	}
	if got := compact(hunks[1].Ops); got != "=line 18 =line 19 =line 20 +inserted =line 21 =line 22 =line 23" {
		t.Errorf("second hunk %q", got)
	}
	if got := compact(hunks[2].Ops); got != "=line 27 =line 28 =line 29 -line 30" {
		t.Errorf("third hunk %q", got)
	}
}

func TestUnifiedEdgeCases(t *testing.T) {
	tests := []struct {
		name    string
		a, b    string
		context int
		want    []string // headers
	}{
		{"identical texts have no hunks", "a\nb\n", "a\nb\n", 3, nil},
		{"both empty", "", "", 3, nil},
		{"from empty", "", "a\nb\n", 3, []string{"@@ -0,0 +1,2 @@"}},
		{"to empty", "a\n", "", 3, []string{"@@ -1,1 +0,0 @@"}},
		{"pure insertion without context starts after its line", "a\nb\n", "a\nx\nb\n", 0, []string{"@@ -1,0 +2,1 @@"}},
		{"negative context is none", "a\nb\nc\n", "a\nx\nc\n", -2, []string{"@@ -2,1 +2,1 @@"}},
		{"context 0 splits adjacent-but-separate changes", "a\nb\nc\n", "x\nb\ny\n", 0, []string{"@@ -1,1 +1,1 @@", "@@ -3,1 +3,1 @@"}},
		{"context 1 joins them", "a\nb\nc\n", "x\nb\ny\n", 1, []string{"@@ -1,3 +1,3 @@"}},
		{"CRLF only is no change", "a\r\nb\r\n", "a\nb", 3, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, h := range diff.Unified(tt.a, tt.b, tt.context) {
				got = append(got, h.Header())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Unified(%q, %q, %d) = %v, want %v", tt.a, tt.b, tt.context, got, tt.want)
			}
		})
	}
}

// Every op of Lines appears in exactly one hunk or is unchanged context
// left out, whatever the context.
func TestUnifiedCoversEveryChangeOnce(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 500 {
		a, b := randomText(r, r.IntN(60), 6), randomText(r, r.IntN(60), 6)
		ctx := r.IntN(5)
		ops := diff.Lines(a, b)
		var changes []diff.Op
		for _, op := range ops {
			if op.Kind != diff.Equal {
				changes = append(changes, op)
			}
		}
		var inHunks []diff.Op
		lastOld, lastNew := 0, 0
		for _, h := range diff.Unified(a, b, ctx) {
			old, cur := 0, 0
			for _, op := range h.Ops {
				if op.Kind != diff.Equal {
					inHunks = append(inHunks, op)
				}
				if op.OldLine > 0 {
					old++
				}
				if op.NewLine > 0 {
					cur++
				}
				if op.OldLine > 0 && op.OldLine <= lastOld || op.NewLine > 0 && op.NewLine <= lastNew {
					t.Fatalf("hunks overlap at %+v", op)
				}
			}
			if old != h.OldLines || cur != h.NewLines {
				t.Fatalf("hunk %s counts %d/%d lines", h.Header(), old, cur)
			}
			for _, op := range h.Ops {
				lastOld, lastNew = max(lastOld, op.OldLine), max(lastNew, op.NewLine)
			}
		}
		if !slices.Equal(changes, inHunks) {
			t.Fatalf("hunks hold %v, want every change %v", inHunks, changes)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		a, b string
		want string
	}{
		{"", "", ""},
		{"the quick fox", "the quick fox", "=[the quick fox]"},
		{"the quick fox", "the slow fox", "=[the ]-[quick]+[slow]=[ fox]"},
		{"x=1", "x = 2", "=[x]+[ ]=[=]-[1]+[ 2]"},
		{"café au lait", "café noir", "=[café ]-[au lait]+[noir]"},
		{"", "new", "+[new]"},
		{"old", "", "-[old]"},
	}
	for _, tt := range tests {
		ops := diff.Words(tt.a, tt.b)
		var b strings.Builder
		for _, op := range ops {
			b.WriteString(map[diff.OpKind]string{diff.Equal: "=", diff.Insert: "+", diff.Delete: "-"}[op.Kind] + "[" + op.Text + "]")
		}
		if got := b.String(); got != tt.want {
			t.Errorf("Words(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
		var old, cur strings.Builder
		for _, op := range ops {
			if op.Kind != diff.Insert {
				old.WriteString(op.Text)
			}
			if op.Kind != diff.Delete {
				cur.WriteString(op.Text)
			}
		}
		if old.String() != tt.a || cur.String() != tt.b {
			t.Errorf("Words(%q, %q) reproduces %q and %q", tt.a, tt.b, old.String(), cur.String())
		}
	}
}

func TestHunkLinesHighlightsChangedWordsOfSimilarLines(t *testing.T) {
	hunks := diff.Unified("keep\nrun the tests before merging\nbanana\n", "keep\nrun the linters before merging\nsomething else entirely\n", 1)
	if len(hunks) != 1 {
		t.Fatalf("%d hunks", len(hunks))
	}
	lines := hunks[0].Lines()
	var got []string
	for _, l := range lines {
		var b strings.Builder
		b.WriteString(l.Kind.String() + ":")
		if l.Segments == nil {
			b.WriteString("whole")
		}
		for _, s := range l.Segments {
			if s.Changed {
				b.WriteString("[" + s.Text + "]")
			} else {
				b.WriteString(s.Text)
			}
		}
		got = append(got, b.String())
	}
	want := []string{
		"equal:whole",
		"delete:run the [tests] before merging",
		"delete:whole", // "banana" shares nothing with its replacement
		"insert:run the [linters] before merging",
		"insert:whole",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func FuzzLines(f *testing.F) {
	f.Add("", "")
	f.Add("a\nb\nc\n", "a\nc\nd\n")
	f.Add("a\r\nb", "a\nb\n")
	f.Add("x\n\n\ny", "\n\nx\ny\n")
	f.Add("same", "same")
	f.Add("\xff\xfe\n", "\xff\n")
	f.Fuzz(func(t *testing.T, a, b string) {
		ops := diff.Lines(a, b)
		checkOps(t, a, b, ops)
		for _, h := range diff.Unified(a, b, 2) {
			_ = h.Header()
			_ = h.Lines()
		}
		// Words on the raw strings must reproduce them byte for byte.
		var old, cur strings.Builder
		for _, op := range diff.Words(a, b) {
			if op.Kind != diff.Insert {
				old.WriteString(op.Text)
			}
			if op.Kind != diff.Delete {
				cur.WriteString(op.Text)
			}
		}
		if old.String() != a || cur.String() != b {
			t.Fatalf("Words does not reproduce its inputs")
		}
	})
}

// fiveThousand returns a 5,000-line text of prose-like lines and a revision
// of it with about one line in twenty changed, inserted or deleted, and a
// block moved.
func fiveThousand() (string, string) {
	r := rand.New(rand.NewPCG(7, 8))
	words := strings.Fields("the tests ran green after we pinned the fixture clock and retried the flaky step twice before release")
	lines := make([]string, 5000)
	for i := range lines {
		n := 4 + r.IntN(10)
		ws := make([]string, n)
		for j := range ws {
			ws[j] = words[r.IntN(len(words))]
		}
		if i%7 == 0 {
			lines[i] = "" // blank lines repeat, as in real Markdown
		} else {
			lines[i] = strings.Join(ws, " ")
		}
	}
	edited := slices.Clone(lines)
	for i := 0; i < len(edited); i += 20 {
		switch r.IntN(3) {
		case 0:
			edited[i] += " (revised)"
		case 1:
			edited = slices.Insert(edited, i, "a new line")
		default:
			edited = slices.Delete(edited, i, i+1)
		}
	}
	block := slices.Clone(edited[100:150])
	edited = slices.Delete(edited, 100, 150)
	edited = append(edited, block...)
	return strings.Join(lines, "\n"), strings.Join(edited, "\n")
}

func BenchmarkLines5000(b *testing.B) {
	a, c := fiveThousand()
	b.ReportAllocs()
	for b.Loop() {
		diff.Lines(a, c)
	}
}

func BenchmarkUnified5000(b *testing.B) {
	a, c := fiveThousand()
	b.ReportAllocs()
	for b.Loop() {
		for _, h := range diff.Unified(a, c, 3) {
			h.Lines()
		}
	}
}

// BenchmarkLines5000Unrelated compares two unrelated 5,000-line texts made
// of few distinct lines, the costliest shape for Myers' search.
func BenchmarkLines5000Unrelated(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	a, c := randomText(r, 5000, 4), randomText(r, 5000, 4)
	b.ReportAllocs()
	for b.Loop() {
		diff.Lines(a, c)
	}
}
