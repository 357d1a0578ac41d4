// Package diff compares two versions of a text line by line, for the
// revision history of requests, replies and knowledge artefacts: which lines
// were kept, inserted or deleted (Lines), grouped into hunks with a few lines
// of context for display (Unified), with the changed words of a changed line
// picked out (Words, Hunk.Lines).
//
// The algorithm is Eugene Myers' O(ND) difference algorithm ("An O(ND)
// Difference Algorithm and Its Variations", Algorithmica 1, 1986) in its
// linear-space form, so memory stays proportional to the texts. Two
// refinements keep it fast on the texts people actually edit: lines that
// occur on one side only are set aside before the search (they can never be
// kept, so they cannot change the result), and a bound on the search's cost
// makes pathological inputs fall back to a correct but not necessarily
// smallest diff instead of taking quadratic time.
//
// Line endings are not compared: "\r\n" and "\n" end a line alike, and a
// missing final newline is not a change. Revisions are about what people
// wrote, not how their editor saved it.
package diff

import (
	"strconv"
	"strings"
)

// OpKind says what happened to a line (or, for Words, a run of words).
type OpKind int

// The kinds of operation.
const (
	Equal  OpKind = iota // in both texts
	Insert               // only in the new text
	Delete               // only in the old text
)

// String names the kind: "equal", "insert" or "delete".
func (k OpKind) String() string {
	switch k {
	case Insert:
		return "insert"
	case Delete:
		return "delete"
	default:
		return "equal"
	}
}

// Op is one line of a diff.
type Op struct {
	Kind OpKind
	// Text is the line without its line ending (for Words, a run of
	// tokens, spaces included).
	Text string
	// OldLine and NewLine are the 1-based numbers of the line in the old
	// and the new text; 0 on the side the line is not in. Words leaves
	// both 0.
	OldLine, NewLine int
}

// SplitLines splits s into lines the way Lines compares them: on "\n", with
// a "\r" before it dropped, and no empty last line for a final newline. An
// empty text has no lines.
func SplitLines(s string) []string {
	if s == "" {
		return nil
	}
	s = strings.TrimSuffix(s, "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// Lines returns the line-by-line difference between a and b: every line of
// a in order as Equal or Delete, every line of b in order as Equal or
// Insert. Between two kept lines, deletions come before insertions.
func Lines(a, b string) []Op {
	la, lb := SplitLines(a), SplitLines(b)
	ids := map[string]int{}
	intern := func(lines []string) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = len(ids)
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	match := lcs(intern(la), intern(lb))

	ops := make([]Op, 0, max(len(la), len(lb)))
	i, j := 0, 0
	for i < len(la) || j < len(lb) {
		switch {
		case i < len(la) && match[i] < 0:
			ops = append(ops, Op{Kind: Delete, Text: la[i], OldLine: i + 1})
			i++
		case j < len(lb) && (i == len(la) || j < match[i]):
			ops = append(ops, Op{Kind: Insert, Text: lb[j], NewLine: j + 1})
			j++
		default:
			ops = append(ops, Op{Kind: Equal, Text: la[i], OldLine: i + 1, NewLine: j + 1})
			i++
			j++
		}
	}
	return ops
}

// Count returns how many lines ops insert and delete, for a summary such as
// "+3 −1".
func Count(ops []Op) (inserted, deleted int) {
	for _, op := range ops {
		switch op.Kind {
		case Insert:
			inserted++
		case Delete:
			deleted++
		}
	}
	return inserted, deleted
}

// Hunk is a run of changes with the unchanged lines around them, as in a
// unified diff.
type Hunk struct {
	// OldStart and NewStart are the 1-based numbers of the hunk's first
	// line in each text; when the hunk has no line on a side (OldLines or
	// NewLines is 0) they are the number of the line before it, as in
	// unified diffs.
	OldStart, OldLines int
	NewStart, NewLines int
	Ops                []Op
}

// Header is the hunk's unified-diff header, such as "@@ -3,7 +3,8 @@".
func (h Hunk) Header() string {
	return "@@ -" + strconv.Itoa(h.OldStart) + "," + strconv.Itoa(h.OldLines) +
		" +" + strconv.Itoa(h.NewStart) + "," + strconv.Itoa(h.NewLines) + " @@"
}

// Unified groups the changes from a to b into hunks, each with up to context
// unchanged lines before and after; changes closer than twice context share
// a hunk. Identical texts have no hunks. A negative context counts as 0.
func Unified(a, b string, context int) []Hunk {
	return group(Lines(a, b), context)
}

func group(ops []Op, context int) []Hunk {
	if context < 0 {
		context = 0
	}
	var hunks []Hunk
	for i := 0; i < len(ops); {
		if ops[i].Kind == Equal {
			i++
			continue
		}
		start := max(i-context, 0)
		// Extend over changes separated by at most 2*context equal lines.
		end := i
		for end < len(ops) {
			if ops[end].Kind != Equal {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].Kind == Equal {
				run++
			}
			if run == len(ops) || run-end > 2*context {
				end = min(end+context, len(ops))
				break
			}
			end = run
		}
		hunks = append(hunks, makeHunk(ops, start, end))
		i = end
	}
	return hunks
}

func makeHunk(ops []Op, start, end int) Hunk {
	h := Hunk{Ops: ops[start:end:end]}
	oldBefore, newBefore := 0, 0 // the last line numbers before the hunk
	for k := start - 1; k >= 0 && (oldBefore == 0 || newBefore == 0); k-- {
		if oldBefore == 0 && ops[k].OldLine > 0 {
			oldBefore = ops[k].OldLine
		}
		if newBefore == 0 && ops[k].NewLine > 0 {
			newBefore = ops[k].NewLine
		}
	}
	h.OldStart, h.NewStart = oldBefore, newBefore
	for _, op := range h.Ops {
		if op.OldLine > 0 {
			if h.OldLines == 0 {
				h.OldStart = op.OldLine
			}
			h.OldLines++
		}
		if op.NewLine > 0 {
			if h.NewLines == 0 {
				h.NewStart = op.NewLine
			}
			h.NewLines++
		}
	}
	return h
}
