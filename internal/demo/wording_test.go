package demo_test

import (
	"strings"
	"testing"

	"cultivate/internal/activity"
	"cultivate/internal/feed"
)

// TestEveryActivityKindIsWorded: the transparency log and the feeds say
// each thing the demo's history did in words, not by the fallback that
// spells out the kind ("health: round opened").
func TestEveryActivityKindIsWorded(t *testing.T) {
	db := sharedDemo(t)
	rows, err := db.QueryContext(t.Context(), `SELECT DISTINCT kind FROM activity ORDER BY kind`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var kind string
		if err := rows.Scan(&kind); err != nil {
			t.Fatal(err)
		}
		n++
		area, verb, _ := strings.Cut(kind, ".")
		fallback := strings.ReplaceAll(area, "_", " ") + ": " + strings.ReplaceAll(verb, "_", " ")
		if got := feed.Phrase(activity.Entry{Kind: kind}); got == fallback || strings.HasPrefix(got, "did ") {
			t.Errorf("%s is not worded: %q", kind, got)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 30 {
		t.Fatalf("only %d kinds of activity in the demo", n)
	}
}
