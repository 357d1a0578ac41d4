package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"cultivate/internal/store"
)

// Count runs a query that returns one number.
func Count(t testing.TB, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// Snapshot returns the content of tables, row by row in a stable order, so
// a test can prove that a refused action changed nothing: take one before,
// one after, and compare.
func Snapshot(t testing.TB, db *store.DB, tables ...string) string {
	t.Helper()
	var b strings.Builder
	for _, table := range tables {
		rows, err := db.QueryContext(context.Background(), `SELECT * FROM `+table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%v", vals))
		}
		rows.Close()
		slices.Sort(lines)
		fmt.Fprintf(&b, "%s (%d)\n%s\n", table, len(lines), strings.Join(lines, "\n"))
	}
	return b.String()
}

// LogLine is an activity entry as tests compare it; Actor 0 is no actor.
type LogLine struct {
	Kind    string
	Actor   int64
	Subject int64
}

func (l LogLine) String() string { return fmt.Sprintf("{%s by %d on %d}", l.Kind, l.Actor, l.Subject) }

// LastActivity returns the id of the newest activity entry (0 for none),
// to pass to WantLog after an action.
func LastActivity(t testing.TB, db *store.DB) int64 {
	t.Helper()
	return int64(Count(t, db, `SELECT COALESCE(MAX(id), 0) FROM activity`))
}

// WantLog checks that exactly want was logged after the entry since.
func WantLog(t testing.TB, db *store.DB, since int64, want ...LogLine) {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), `SELECT kind, COALESCE(actor_id, 0), COALESCE(subject_id, 0) FROM activity WHERE id > $1 ORDER BY id`, since)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []LogLine
	for rows.Next() {
		var l LogLine
		if err := rows.Scan(&l.Kind, &l.Actor, &l.Subject); err != nil {
			t.Fatal(err)
		}
		got = append(got, l)
	}
	if !slices.Equal(got, want) {
		t.Errorf("logged %v\nwant   %v", got, want)
	}
}
