package practice_test

// Benchmarks at the scale issue 3 names: a community's request list, a
// thread and a search over 10,000 to 1,000,000 requests with three times
// as many replies, on both engines, each reported as the median and 95th
// percentile in milliseconds (p50-ms, p95-ms) and as a ratio of the median
// to that of a SELECT 1 round trip on the same database in the same run
// (x-baseline), which says more across machines than a lone timing.
//
// They run only when CULTIVATE_BENCH_SCALE lists the sizes, so that no
// ordinary `go test` ever generates a million requests. The datasets come
// from demo.Scale and are generated once, then cached:
//
//   - SQLite: files in $CULTIVATE_BENCH_CACHE (default
//     $TMPDIR/cultivate-bench), named by demo.ScaleVersion and size, with
//     what demo.Scale returned in a .json beside each;
//   - PostgreSQL: databases cultivate_bench_v<version>_<size> on the server
//     of CULTIVATE_TEST_POSTGRES_URL, kept between runs (what demo.Scale
//     returned is the database's comment). Without that variable, storetest
//     starts a throwaway cluster and the data last one run.
//
// scripts/bench.sh starts a PostgreSQL cluster whose data directory lives
// in the cache too, and runs
//
//	CULTIVATE_BENCH_SCALE=10000,1000000 go test ./internal/practice/ -run '^$' \
//		-bench '^Benchmark(Baseline|CommunityRequestList|Thread|Search)$' -benchtime 200x -timeout 0
//
// Generating 1,000,000 requests takes minutes on SQLite and longer on
// PostgreSQL (see demo.ScaleInfo.Load in the log); hence -timeout 0.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/app"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/demo"
	"cultivate/internal/practice"
	"cultivate/internal/search"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// BenchmarkBaseline is a SELECT 1 round trip: what the ratios are of.
func BenchmarkBaseline(b *testing.B) {
	scaleBench(b, func(b *testing.B, s *scaleEnv) []scaleCase {
		return []scaleCase{{"select-1", s.selectOne}}
	})
}

// BenchmarkCommunityRequestList lists the biggest community's requests (30%
// of all) as one of its members: the first page and a page halfway
// through, of all requests and of the unanswered ones; and the first page
// across the viewer's five communities.
func BenchmarkCommunityRequestList(b *testing.B) {
	scaleBench(b, func(b *testing.B, s *scaleEnv) []scaleCase {
		list := func(f practice.Filter) func(context.Context) error {
			return func(ctx context.Context) error {
				page, err := s.app.Practice.List(ctx, s.viewer, f)
				if err == nil && len(page.Items) == 0 {
					err = errors.New("an empty page")
				}
				return err
			}
		}
		slug := s.big.Slug
		deepAll := s.halfway(b, practice.ViewAll)
		deepUnanswered := s.halfway(b, practice.ViewUnanswered)
		return []scaleCase{
			{"all-first", list(practice.Filter{CommunitySlug: slug})},
			{"all-halfway", list(practice.Filter{CommunitySlug: slug, Cursor: deepAll})},
			{"unanswered-first", list(practice.Filter{CommunitySlug: slug, View: practice.ViewUnanswered})},
			{"unanswered-halfway", list(practice.Filter{CommunitySlug: slug, View: practice.ViewUnanswered, Cursor: deepUnanswered})},
			{"my-communities-first", list(practice.Filter{})},
		}
	})
}

// BenchmarkThread opens a thread with 3 replies and one with 50 replies
// and 10 comments.
func BenchmarkThread(b *testing.B) {
	scaleBench(b, func(b *testing.B, s *scaleEnv) []scaleCase {
		thread := func(id int64, replies int) func(context.Context) error {
			return func(ctx context.Context) error {
				th, err := s.app.Practice.Thread(ctx, s.viewer, s.big.Slug, id)
				if err == nil && len(th.Replies) != replies {
					err = fmt.Errorf("thread %d has %d replies, want %d", id, len(th.Replies), replies)
				}
				return err
			}
		}
		return []scaleCase{
			{"replies-3", thread(s.info.ShortThread, 3)},
			{"replies-50", thread(s.info.LongThread, 50)},
		}
	})
}

// BenchmarkSearch searches the viewer's five communities (about half of
// all documents) for a common word, a rare one and a phrase; and the
// common word across every community the viewer may read, as the search
// page does.
func BenchmarkSearch(b *testing.B) {
	scaleBench(b, func(b *testing.B, s *scaleEnv) []scaleCase {
		var all []int64
		for after := ""; ; {
			page, next, err := s.app.Communities.Discover(context.Background(), s.viewer, community.Filter{After: after, Limit: 100})
			if err != nil {
				b.Fatal(err)
			}
			for _, c := range page {
				all = append(all, c.ID)
			}
			if after = next; next == "" {
				break
			}
		}
		find := func(text string, communities []int64, want int) func(context.Context) error {
			return func(ctx context.Context) error {
				res, err := s.app.Search.Search(ctx, search.Q{Text: text, CommunityIDs: communities})
				if err == nil && len(res.Items) != want {
					err = fmt.Errorf("search %s: %d results, want %d", text, len(res.Items), want)
				}
				return err
			}
		}
		rare := min(demo.ScaleRareCount, s.info.Requests)
		return []scaleCase{
			{"common-word", find(demo.ScaleCommonWord, s.info.ViewerCommunities, search.DefaultLimit)},
			{"rare-word", find(demo.ScaleRareWord, s.info.ViewerCommunities, rare)},
			{"phrase", find(`"`+demo.ScalePhrase+`"`, s.info.ViewerCommunities, search.DefaultLimit)},
			{"common-word-all-readable", find(demo.ScaleCommonWord, all, search.DefaultLimit)},
		}
	})
}

// scaleCase is one measured call.
type scaleCase struct {
	name string
	run  func(ctx context.Context) error
}

// scaleEnv is a generated dataset, open, with what the cases need.
type scaleEnv struct {
	db     *store.DB
	info   demo.ScaleInfo
	app    *app.App
	viewer account.User
	big    demo.ScaleCommunity
}

func (s *scaleEnv) selectOne(ctx context.Context) error {
	var one int
	return s.db.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
}

// halfway returns the cursor of a page halfway through the biggest
// community's list of view, reached by paging as a person would.
func (s *scaleEnv) halfway(b *testing.B, view practice.View) string {
	b.Helper()
	ctx := context.Background()
	where := `deleted_at IS NULL`
	if view == practice.ViewUnanswered {
		where += ` AND first_reply_at IS NULL AND status = 'open'`
	}
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM requests WHERE community_id = $1 AND `+where, s.big.ID).Scan(&total); err != nil {
		b.Fatal(err)
	}
	began := time.Now()
	cursor, seen := "", 0
	step := min(practice.MaxLimit, max(1, total/20))
	for seen < total/2 {
		page, err := s.app.Practice.List(ctx, s.viewer, practice.Filter{CommunitySlug: s.big.Slug, View: view, Cursor: cursor, Limit: step})
		if err != nil {
			b.Fatal(err)
		}
		seen += len(page.Items)
		if page.Next == "" {
			b.Fatalf("the %s list of %s ended after %d of %d requests", view, s.big.Slug, seen, total)
		}
		cursor = page.Next
	}
	b.Logf("%s list: %d of %d requests paged through in %s", view, seen, total, time.Since(began).Round(time.Millisecond))
	return cursor
}

// scaleBench runs the cases mk returns on each engine and size.
func scaleBench(b *testing.B, mk func(b *testing.B, s *scaleEnv) []scaleCase) {
	sizes := scaleSizes(b)
	for _, engine := range []string{storetest.SQLite, storetest.Postgres} {
		b.Run(engine, func(b *testing.B) {
			for _, n := range sizes {
				b.Run(scaleLabel(n), func(b *testing.B) {
					s := scaleOpen(b, engine, n)
					cases := mk(b, s)
					base := scaleBaseline(b, s)
					for _, c := range cases {
						b.Run(c.name, func(b *testing.B) { scaleMeasure(b, base, c.run) })
					}
				})
			}
		})
	}
}

// scaleSizes reads CULTIVATE_BENCH_SCALE, skipping the benchmark when it
// is not set.
func scaleSizes(b *testing.B) []int {
	raw := os.Getenv("CULTIVATE_BENCH_SCALE")
	if raw == "" {
		b.Skip("scale benchmarks generate up to millions of rows: set CULTIVATE_BENCH_SCALE to the numbers of requests, e.g. 10000,1000000 (see scripts/bench.sh)")
	}
	var sizes []int
	for _, f := range strings.Split(raw, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1000 {
			b.Fatalf("CULTIVATE_BENCH_SCALE=%q: want numbers of requests of at least 1000, comma-separated", raw)
		}
		sizes = append(sizes, n)
	}
	return sizes
}

func scaleLabel(n int) string {
	switch {
	case n%1_000_000 == 0:
		return strconv.Itoa(n/1_000_000) + "M"
	case n%1000 == 0:
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

// scaleMeasure times each call and reports the median and 95th percentile
// in milliseconds and the median over the baseline's.
func scaleMeasure(b *testing.B, base time.Duration, run func(context.Context) error) {
	ctx := context.Background()
	for range 3 { // warm caches and connections, untimed
		if err := run(ctx); err != nil {
			b.Fatal(err)
		}
	}
	var took []time.Duration
	for b.Loop() {
		began := time.Now()
		err := run(ctx)
		took = append(took, time.Since(began))
		if err != nil {
			b.Fatal(err)
		}
	}
	p50, p95 := scalePercentiles(took)
	b.ReportMetric(float64(p50)/1e6, "p50-ms")
	b.ReportMetric(float64(p95)/1e6, "p95-ms")
	if base > 0 {
		b.ReportMetric(float64(p50)/float64(base), "x-baseline")
	}
}

func scalePercentiles(d []time.Duration) (p50, p95 time.Duration) {
	if len(d) == 0 {
		return 0, 0
	}
	d = slices.Clone(d)
	slices.Sort(d)
	return d[len(d)/2], d[min(len(d)-1, len(d)*95/100)]
}

// scaleBaseline measures the median SELECT 1 on the dataset's database,
// for the ratios of this run.
func scaleBaseline(b *testing.B, s *scaleEnv) time.Duration {
	ctx := context.Background()
	took := make([]time.Duration, 0, 2000)
	for range cap(took) {
		began := time.Now()
		if err := s.selectOne(ctx); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(began))
	}
	p50, _ := scalePercentiles(took[100:])
	return p50
}

// scaleOpen opens the dataset of n requests on engine, generating it first
// if it is not cached, and the services on it.
func scaleOpen(b *testing.B, engine string, n int) *scaleEnv {
	b.Helper()
	dsn, info := scaleDataset(b, engine, n)
	db := storetest.OpenURL(b, dsn)
	ctx := context.Background()
	// A cached dataset gets the migrations added since (new indexes, say),
	// and the planner statistics to go with them.
	pending, err := db.PendingMigrations(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if pending > 0 {
		began := time.Now()
		if err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s %s: %d new migrations applied to the cached dataset in %s", engine, scaleLabel(n), pending, time.Since(began).Round(time.Millisecond))
	}
	a, err := app.New(db, clock.NewFake(info.Now), app.Options{PasswordHash: account.FastHashParams()})
	if err != nil {
		b.Fatal(err)
	}
	viewer, err := a.Accounts.Get(ctx, info.Viewer)
	if err != nil {
		b.Fatal(err)
	}
	return &scaleEnv{db: db, info: info, app: a, viewer: viewer, big: info.Communities[0]}
}

// scaleSets remembers the datasets this process has found or made.
var scaleSets struct {
	sync.Mutex
	m map[string]scaleSet
}

type scaleSet struct {
	dsn  string
	info demo.ScaleInfo
}

// scaleDataset returns the address of the dataset of n requests on engine
// and what demo.Scale said about it.
func scaleDataset(b *testing.B, engine string, n int) (string, demo.ScaleInfo) {
	b.Helper()
	scaleSets.Lock()
	defer scaleSets.Unlock()
	key := fmt.Sprintf("%s-%d", engine, n)
	if s, ok := scaleSets.m[key]; ok {
		return s.dsn, s.info
	}
	var s scaleSet
	var err error
	if engine == storetest.SQLite {
		s, err = scaleSQLite(b, n)
	} else {
		s, err = scalePostgres(b, n)
	}
	if err != nil {
		b.Fatalf("%s dataset of %d requests: %v", engine, n, err)
	}
	if scaleSets.m == nil {
		scaleSets.m = map[string]scaleSet{}
	}
	scaleSets.m[key] = s
	b.Logf("%s %s: %d requests, %d replies, %d people in %d communities (the biggest has %d requests); loaded in %s, statistics in %s",
		engine, scaleLabel(n), s.info.Requests, s.info.Replies, s.info.Users, len(s.info.Communities), s.info.Communities[0].Requests,
		s.info.Load.Round(time.Millisecond), s.info.Analyze.Round(time.Millisecond))
	return s.dsn, s.info
}

func scaleOptions(b *testing.B, n int) demo.ScaleOptions {
	if n >= 200_000 {
		if t := flag.Lookup("test.timeout"); t != nil {
			if d, err := time.ParseDuration(t.Value.String()); err == nil && d > 0 && d < 3*time.Hour {
				b.Fatalf("generating %d requests takes a long while, and -timeout is %s: run with -timeout 0", n, d)
			}
		}
	}
	return demo.ScaleOptions{Requests: n, Seed: 1, Log: func(format string, args ...any) { b.Logf(format, args...) }}
}

// scaleSQLite finds or makes the SQLite file of n requests.
func scaleSQLite(b *testing.B, n int) (scaleSet, error) {
	dir := os.Getenv("CULTIVATE_BENCH_CACHE")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "cultivate-bench")
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return scaleSet{}, err
	}
	base := filepath.Join(dir, fmt.Sprintf("scale-v%d-%d", demo.ScaleVersion, n))
	s := scaleSet{dsn: base + ".db"}
	// The .json is written last: without it the file is incomplete.
	if raw, err := os.ReadFile(base + ".json"); err == nil {
		if err := json.Unmarshal(raw, &s.info); err == nil {
			if _, err := os.Stat(s.dsn); err == nil {
				return s, nil
			}
		}
	}
	b.Logf("sqlite: generating %d requests into %s", n, s.dsn)
	tmp := base + ".tmp.db"
	for _, f := range []string{tmp, tmp + "-wal", tmp + "-shm", s.dsn, s.dsn + "-wal", s.dsn + "-shm", base + ".json"} {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return s, err
		}
	}
	ctx := context.Background()
	db, err := store.Open(ctx, tmp)
	if err != nil {
		return s, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return s, err
	}
	s.info, err = demo.Scale(ctx, db, scaleOptions(b, n))
	if err = errors.Join(err, db.Close()); err != nil {
		return s, err
	}
	// Scale checkpointed the WAL; if the file is left (empty), it moves
	// with the database, as SQLite finds it by name.
	for _, suffix := range []string{"-wal", "-shm", ""} {
		if err := os.Rename(tmp+suffix, s.dsn+suffix); err != nil && (suffix == "" || !errors.Is(err, os.ErrNotExist)) {
			return s, err
		}
	}
	raw, err := json.MarshalIndent(s.info, "", "  ")
	if err != nil {
		return s, err
	}
	return s, os.WriteFile(base+".json", raw, 0o640)
}

// scalePostgres finds or makes the PostgreSQL database of n requests on
// the server of CULTIVATE_TEST_POSTGRES_URL, or on storetest's own.
func scalePostgres(b *testing.B, n int) (scaleSet, error) {
	raw := os.Getenv("CULTIVATE_TEST_POSTGRES_URL")
	if raw == "" {
		// storetest's throwaway cluster: any of its databases' URLs is a
		// superuser's, good for creating another.
		raw = storetest.PostgresURL(b)
	}
	admin, err := url.Parse(raw)
	if err != nil {
		return scaleSet{}, err
	}
	ctx := context.Background()
	adb, err := store.Open(ctx, admin.String())
	if err != nil {
		return scaleSet{}, err
	}
	defer adb.Close()
	name := fmt.Sprintf("cultivate_bench_v%d_%d", demo.ScaleVersion, n)
	u := *admin
	u.Path = "/" + name
	s := scaleSet{dsn: u.String()}
	// The comment, written last, holds what demo.Scale said: without it
	// the database is incomplete.
	var comment *string
	err = adb.QueryRowContext(ctx, `SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1`, name).Scan(&comment)
	switch {
	case err == nil && comment != nil && json.Unmarshal([]byte(*comment), &s.info) == nil:
		return s, nil
	case err == nil:
		if _, err := adb.ExecContext(ctx, `DROP DATABASE `+name+` WITH (FORCE)`); err != nil {
			return s, err
		}
	case !errors.Is(err, sql.ErrNoRows):
		return s, err
	}
	b.Logf("postgres: generating %d requests into database %s", n, name)
	if _, err := adb.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE template0`); err != nil {
		return s, err
	}
	db, err := store.Open(ctx, s.dsn)
	if err != nil {
		return s, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return s, err
	}
	s.info, err = demo.Scale(ctx, db, scaleOptions(b, n))
	if err = errors.Join(err, db.Close()); err != nil {
		return s, err
	}
	js, err := json.Marshal(s.info)
	if err != nil {
		return s, err
	}
	_, err = adb.ExecContext(ctx, `COMMENT ON DATABASE `+name+` IS '`+strings.ReplaceAll(string(js), "'", "''")+`'`)
	return s, err
}
