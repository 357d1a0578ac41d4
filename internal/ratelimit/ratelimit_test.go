package ratelimit_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"cultivate/internal/clock"
	"cultivate/internal/ratelimit"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

var t0 = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

const window = 15 * time.Minute

func TestLimiter(t *testing.T) {
	t.Parallel()
	// One database per engine for every scenario: migrating a fresh SQLite
	// database takes a second or more under -race. Each scenario uses keys
	// of its own; pruning, which deletes anyone's old keys, comes last.
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		for _, s := range []struct {
			name string
			run  func(t *testing.T, db *store.DB)
		}{
			{"window counts hits and rolls over", testWindowCountsHitsAndRollsOver},
			{"keys are counted separately and reset forgets one", testKeysAreCountedSeparatelyAndResetForgetsOne},
			{"concurrent hits count exactly", testConcurrentHitsCountExactly},
			{"prune deletes only ended windows", testPruneDeletesOnlyEndedWindows},
		} {
			t.Run(s.name, func(t *testing.T) { s.run(t, db) })
		}
	})
}

// key returns the test's own name for k.
func key(t *testing.T, k string) string { return t.Name() + "/" + k }

// testWindowCountsHitsAndRollsOver walks one key through its windows with
// the fake clock: each step either hits or only counts, and says what the
// count and the window's end must be afterwards.
func testWindowCountsHitsAndRollsOver(t *testing.T, db *store.DB) {
	ctx := context.Background()
	clk := clock.NewFake(t0)
	l := ratelimit.New(db, clk)
	steps := []struct {
		name    string
		at      time.Duration // since t0
		hit     bool
		want    int       // count after the step
		wantEnd time.Time // end of the window Count reports
	}{
		{name: "unknown key counts zero", at: 0, want: 0, wantEnd: t0},
		{name: "first hit opens a window", at: 0, hit: true, want: 1, wantEnd: t0.Add(window)},
		{name: "second hit in the window", at: 5 * time.Minute, hit: true, want: 2, wantEnd: t0.Add(window)},
		{name: "third hit just before the end", at: window - time.Millisecond, hit: true, want: 3, wantEnd: t0.Add(window)},
		{name: "count just before the end still sees them", at: window - time.Millisecond, want: 3, wantEnd: t0.Add(window)},
		{name: "at the end the window is over", at: window, want: 0, wantEnd: t0.Add(window)},
		{name: "a hit at the end opens a new window at 1", at: window, hit: true, want: 1, wantEnd: t0.Add(2 * window)},
		{name: "the new window counts on", at: window + 2*time.Minute, hit: true, want: 2, wantEnd: t0.Add(2 * window)},
		{name: "long after, zero again", at: 24 * time.Hour, want: 0, wantEnd: t0.Add(24 * time.Hour)},
		{name: "and a hit starts from 1", at: 24 * time.Hour, hit: true, want: 1, wantEnd: t0.Add(24*time.Hour + window)},
	}
	for _, s := range steps {
		clk.Set(t0.Add(s.at))
		if s.hit {
			n, err := l.Hit(ctx, key(t, "k"), window)
			if err != nil {
				t.Fatalf("%s: Hit: %v", s.name, err)
			}
			if n != s.want {
				t.Errorf("%s: Hit = %d, want %d", s.name, n, s.want)
			}
		}
		n, end, err := l.Count(ctx, key(t, "k"), window)
		if err != nil {
			t.Fatalf("%s: Count: %v", s.name, err)
		}
		if n != s.want {
			t.Errorf("%s: Count = %d, want %d", s.name, n, s.want)
		}
		if s.want > 0 && !end.Equal(s.wantEnd) {
			t.Errorf("%s: window ends %v, want %v", s.name, end, s.wantEnd)
		}
	}
}

func testKeysAreCountedSeparatelyAndResetForgetsOne(t *testing.T, db *store.DB) {
	ctx := context.Background()
	l := ratelimit.New(db, clock.NewFake(t0))
	for range 3 {
		if _, err := l.Hit(ctx, key(t, "a"), window); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := l.Hit(ctx, key(t, "b"), window); err != nil {
		t.Fatal(err)
	}
	if err := l.Reset(ctx, key(t, "a")); err != nil {
		t.Fatalf("Reset: %v", err)
	}
	if err := l.Reset(ctx, key(t, "never-seen")); err != nil {
		t.Fatalf("Reset of an unknown key: %v", err)
	}
	for k, want := range map[string]int{"a": 0, "b": 1} {
		if n, _, err := l.Count(ctx, key(t, k), window); err != nil || n != want {
			t.Errorf("Count(%s) = %d, %v; want %d", k, n, err, want)
		}
	}
	if n, err := l.Hit(ctx, key(t, "a"), window); err != nil || n != 1 {
		t.Errorf("Hit after Reset = %d, %v; want 1", n, err)
	}
}

func testPruneDeletesOnlyEndedWindows(t *testing.T, db *store.DB) {
	ctx := context.Background()
	clk := clock.NewFake(t0)
	l := ratelimit.New(db, clk)
	if _, err := l.Hit(ctx, key(t, "old"), window); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	if _, err := l.Hit(ctx, key(t, "new"), window); err != nil {
		t.Fatal(err)
	}
	if err := l.Prune(ctx, clk.Now().Add(-window)); err != nil {
		t.Fatalf("Prune: %v", err)
	}
	var keys []string
	rows, err := db.QueryContext(ctx, `SELECT key FROM rate_limits ORDER BY key`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(k, t.Name()+"/") {
			keys = append(keys, k)
		}
	}
	if fmt.Sprint(keys) != fmt.Sprint([]string{key(t, "new")}) {
		t.Errorf("keys after Prune = %v, want [new]", keys)
	}
}

// testConcurrentHitsCountExactly: replicas and goroutines hit the same key
// at once; no hit may be lost or counted twice, and the counts returned
// are exactly 1..N.
func testConcurrentHitsCountExactly(t *testing.T, db *store.DB) {
	ctx := context.Background()
	l := ratelimit.New(db, clock.NewFake(t0))
	const workers, each = 8, 10
	results := make(chan int, workers*each)
	errc := make(chan error, workers*each)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				n, err := l.Hit(ctx, key(t, "shared"), window)
				if err != nil {
					errc <- err
					return
				}
				results <- n
			}
		})
	}
	wg.Wait()
	close(results)
	close(errc)
	for err := range errc {
		t.Fatalf("Hit: %v", err)
	}
	seen := map[int]bool{}
	for n := range results {
		if seen[n] {
			t.Errorf("two hits both returned %d", n)
		}
		seen[n] = true
	}
	for i := 1; i <= workers*each; i++ {
		if !seen[i] {
			t.Errorf("no hit returned %d", i)
		}
	}
	if n, _, err := l.Count(ctx, key(t, "shared"), window); err != nil || n != workers*each {
		t.Errorf("Count = %d, %v; want %d", n, err, workers*each)
	}
}
