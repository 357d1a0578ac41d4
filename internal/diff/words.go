package diff

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Words compares two lines word by word. A word is a run of letters and
// digits; a run of spaces and each other character (punctuation, symbols)
// count as words of their own, so "x=1" against "x = 2" keeps "x" and "=".
// Consecutive words of the same kind are merged into one Op, so the result
// alternates between kept and changed runs; OldLine and NewLine are 0.
// Concatenating the Equal and Delete texts gives a, the Equal and Insert
// texts b.
func Words(a, b string) []Op {
	ta, tb := tokens(a), tokens(b)
	ids := map[string]int{}
	intern := func(toks []string) []int {
		out := make([]int, len(toks))
		for i, t := range toks {
			id, ok := ids[t]
			if !ok {
				id = len(ids)
				ids[t] = id
			}
			out[i] = id
		}
		return out
	}
	match := lcs(intern(ta), intern(tb))

	var ops []Op
	add := func(k OpKind, text string) {
		if n := len(ops); n > 0 && ops[n-1].Kind == k {
			ops[n-1].Text += text
			return
		}
		ops = append(ops, Op{Kind: k, Text: text})
	}
	i, j := 0, 0
	for i < len(ta) || j < len(tb) {
		switch {
		case i < len(ta) && match[i] < 0:
			add(Delete, ta[i])
			i++
		case j < len(tb) && (i == len(ta) || j < match[i]):
			add(Insert, tb[j])
			j++
		default:
			add(Equal, ta[i])
			i++
			j++
		}
	}
	return ops
}

// tokens splits s into words, runs of white space and single other
// characters. Invalid UTF-8 bytes are single tokens, kept as they are.
func tokens(s string) []string {
	var out []string
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		n := size
		class := classOf(r)
		if class != other {
			for n < len(s) {
				r2, size2 := utf8.DecodeRuneInString(s[n:])
				if classOf(r2) != class {
					break
				}
				n += size2
			}
		}
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}

const (
	other = iota
	word
	space
)

func classOf(r rune) int {
	switch {
	case r == utf8.RuneError:
		return other
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
		return word
	case unicode.IsSpace(r):
		return space
	}
	return other
}

// Segment is a piece of a changed line: kept, or changed (to be
// highlighted).
type Segment struct {
	Text    string
	Changed bool
}

// Line is one line of a hunk for display. When a deleted line was replaced
// by a similar inserted one, Segments splits each of the two into kept and
// changed pieces so the page can highlight just the words that changed;
// otherwise Segments is nil and the whole line is shown as it is.
type Line struct {
	Op
	Segments []Segment
}

// Lines returns the hunk's lines for display, with word-level highlights
// on changed line pairs: within a block of deletions followed by a block of
// insertions, the first deleted line pairs with the first inserted one, and
// so on, as long as the two lines share enough to be worth comparing.
func (h Hunk) Lines() []Line {
	out := make([]Line, len(h.Ops))
	for i, op := range h.Ops {
		out[i].Op = op
	}
	for i := 0; i < len(h.Ops); {
		if h.Ops[i].Kind != Delete {
			i++
			continue
		}
		d0 := i
		for i < len(h.Ops) && h.Ops[i].Kind == Delete {
			i++
		}
		i0 := i
		for i < len(h.Ops) && h.Ops[i].Kind == Insert {
			i++
		}
		for p := 0; p < i0-d0 && p < i-i0; p++ {
			oldSeg, newSeg := pairSegments(h.Ops[d0+p].Text, h.Ops[i0+p].Text)
			out[d0+p].Segments, out[i0+p].Segments = oldSeg, newSeg
		}
	}
	return out
}

// pairSegments splits a replaced line and its replacement into segments,
// or returns nils when they have too little in common for highlights to
// help (then the whole line reads better as changed).
func pairSegments(a, b string) (oldSeg, newSeg []Segment) {
	ops := Words(a, b)
	kept := 0
	for _, op := range ops {
		if op.Kind == Equal {
			kept += len(strings.TrimSpace(op.Text))
		}
	}
	total := len(strings.TrimSpace(a)) + len(strings.TrimSpace(b))
	if total == 0 || 2*kept*10 < total*4 { // less than 40% kept
		return nil, nil
	}
	for _, op := range ops {
		switch op.Kind {
		case Equal:
			oldSeg = append(oldSeg, Segment{Text: op.Text})
			newSeg = append(newSeg, Segment{Text: op.Text})
		case Delete:
			oldSeg = append(oldSeg, Segment{Text: op.Text, Changed: true})
		case Insert:
			newSeg = append(newSeg, Segment{Text: op.Text, Changed: true})
		}
	}
	return oldSeg, newSeg
}
