package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cultivate/internal/clock"
	"cultivate/internal/jobs"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // a Monday

// effects is a table the test handlers write to: one row per effect.
func effects(t *testing.T, db *store.DB) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), `CREATE TABLE IF NOT EXISTS job_effects (job_id BIGINT NOT NULL, note TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
}

func effect(db *store.DB) jobs.Handler {
	return func(ctx context.Context, j jobs.Job) error {
		var p struct{ Note string }
		if err := j.Decode(&p); err != nil {
			return err
		}
		_, err := db.ExecContext(ctx, `INSERT INTO job_effects (job_id, note) VALUES ($1, $2)`, j.ID, p.Note)
		return err
	}
}

func enqueue(t *testing.T, q *jobs.Queue, kind, key, note string) bool {
	t.Helper()
	added, err := q.Enqueue(context.Background(), kind, map[string]string{"Note": note}, jobs.Options{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	return added
}

func run(t *testing.T, q *jobs.Queue) jobs.Report {
	t.Helper()
	rep, err := q.RunDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestEnqueueWithAKeyIsIdempotent(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		effects(t, db)
		q := jobs.New(db, clock.NewFake(start))
		q.Handle("note", effect(db))
		if !enqueue(t, q, "note", "k1", "first") {
			t.Fatal("the first enqueue with a key was not added")
		}
		if enqueue(t, q, "note", "k1", "second") {
			t.Fatal("a second enqueue with the same key was added")
		}
		if !enqueue(t, q, "other", "k1", "x") {
			t.Fatal("the same key of another kind was refused")
		}
		enqueue(t, q, "note", "", "no key 1")
		enqueue(t, q, "note", "", "no key 2")
		q.Handle("other", effect(db))
		if rep := run(t, q); rep.Done != 4 {
			t.Fatalf("done %d, want 4", rep.Done)
		}
		if got := storetest.Count(t, db, `SELECT COUNT(*) FROM job_effects WHERE note = 'first'`); got != 1 {
			t.Fatalf("first ran %d times", got)
		}
		if enqueue(t, q, "note", "k1", "third") {
			t.Fatal("a done job's key let the same job in again")
		}
		if rep := run(t, q); rep.Total() != 0 {
			t.Fatalf("a second run did %+v", rep)
		}
	})
}

func TestEnqueueCommitsWithTheAction(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		q := jobs.New(db, clock.NewFake(start))
		boom := errors.New("the action failed")
		err := db.WithTx(context.Background(), func(ctx context.Context) error {
			if _, err := q.Enqueue(ctx, "note", nil, jobs.Options{}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM jobs`); n != 0 {
			t.Fatalf("a rolled-back action left %d jobs", n)
		}
	})
}

func TestAJobWaitsUntilDue(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		effects(t, db)
		c := clock.NewFake(start)
		q := jobs.New(db, c)
		q.Handle("note", effect(db))
		if _, err := q.Enqueue(context.Background(), "note", map[string]string{"Note": "later"}, jobs.Options{RunAt: start.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if rep := run(t, q); rep.Total() != 0 {
			t.Fatalf("a job due in an hour ran now: %+v", rep)
		}
		c.Advance(time.Hour)
		if rep := run(t, q); rep.Done != 1 {
			t.Fatalf("the due job did not run: %+v", rep)
		}
	})
}

// TestTwoReplicasRunEveryJobOnce is the proof: two servers, one
// database, every job's effect happens once.
func TestTwoReplicasRunEveryJobOnce(t *testing.T) {
	for _, engine := range []string{storetest.SQLite, storetest.Postgres} {
		t.Run(engine, func(t *testing.T) {
			dsn := storetest.URL(t, engine)
			one, two := storetest.OpenURL(t, dsn), storetest.OpenURL(t, dsn)
			effects(t, one)
			c := clock.NewFake(start)
			var outside sync.Map // job id → runs
			queues := []*jobs.Queue{jobs.New(one, c), jobs.New(two, c)}
			for i, q := range queues {
				db := []*store.DB{one, two}[i]
				q.Handle("note", effect(db))
				q.HandleOutside("send", func(_ context.Context, j jobs.Job) error {
					n, _ := outside.LoadOrStore(j.ID, new(atomic.Int32))
					n.(*atomic.Int32).Add(1)
					return nil
				})
			}
			const n = 120
			for i := range n {
				enqueue(t, queues[i%2], "note", "", fmt.Sprint("note ", i))
				enqueue(t, queues[i%2], "send", fmt.Sprint("send-", i), "")
			}
			var wg sync.WaitGroup
			reps := make([]jobs.Report, 4)
			errs := make([]error, 4)
			for i := range 4 { // two workers per replica
				wg.Add(1)
				go func() {
					defer wg.Done()
					reps[i], errs[i] = queues[i%2].RunDue(context.Background())
				}()
			}
			wg.Wait()
			done := 0
			for i := range reps {
				if errs[i] != nil {
					t.Fatal(errs[i])
				}
				done += reps[i].Done
			}
			if done != 2*n {
				t.Fatalf("the workers did %d jobs, want %d", done, 2*n)
			}
			if got := storetest.Count(t, one, `SELECT COUNT(*) FROM job_effects`); got != n {
				t.Fatalf("%d effects for %d jobs", got, n)
			}
			if got := storetest.Count(t, one, `SELECT COUNT(*) FROM (SELECT job_id FROM job_effects GROUP BY job_id HAVING COUNT(*) > 1) d`); got != 0 {
				t.Fatalf("%d jobs had their effect more than once", got)
			}
			sends := 0
			outside.Range(func(_, v any) bool {
				if v.(*atomic.Int32).Load() != 1 {
					t.Errorf("an outside job ran %d times", v.(*atomic.Int32).Load())
				}
				sends++
				return true
			})
			if sends != n {
				t.Fatalf("%d outside jobs ran, want %d", sends, n)
			}
			if got := storetest.Count(t, one, `SELECT COUNT(*) FROM jobs WHERE done_at IS NULL`); got != 0 {
				t.Fatalf("%d jobs are not marked done", got)
			}
		})
	}
}

func TestAFailingJobIsRetriedWithBackoffThenFails(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		c := clock.NewFake(start)
		q := jobs.New(db, c)
		var runs int
		q.HandleOutside("flaky", func(context.Context, jobs.Job) error {
			runs++
			return errors.New("the receiver is down")
		})
		if _, err := q.Enqueue(context.Background(), "flaky", nil, jobs.Options{MaxAttempts: 3}); err != nil {
			t.Fatal(err)
		}
		if rep := run(t, q); rep.Retried != 1 {
			t.Fatalf("first run: %+v", rep)
		}
		c.Advance(jobs.Backoff(1) - time.Second)
		if rep := run(t, q); rep.Total() != 0 {
			t.Fatalf("retried before the backoff ran out: %+v", rep)
		}
		c.Advance(time.Second)
		if rep := run(t, q); rep.Retried != 1 {
			t.Fatalf("second run: %+v", rep)
		}
		c.Advance(jobs.Backoff(2))
		if rep := run(t, q); rep.Failed != 1 {
			t.Fatalf("third run should fail the job: %+v", rep)
		}
		c.Advance(24 * time.Hour)
		if rep := run(t, q); rep.Total() != 0 || runs != 3 {
			t.Fatalf("a failed job ran again: %+v, %d runs", rep, runs)
		}
		list, err := q.List(context.Background(), jobs.Failed, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].LastError != "the receiver is down" || list[0].Attempts != 3 {
			t.Fatalf("failed list: %+v", list)
		}
		if err := q.Retry(context.Background(), list[0].ID); err != nil {
			t.Fatal(err)
		}
		if rep := run(t, q); rep.Retried != 1 || runs != 4 {
			t.Fatalf("after the admin's retry: %+v, %d runs", rep, runs)
		}
		if err := q.Retry(context.Background(), list[0].ID); !errors.Is(err, jobs.ErrNotFailed) {
			t.Fatalf("retrying a job that is not failed: %v", err)
		}
	})
}

func TestAPermanentErrorFailsAtOnceAndRollsBack(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		effects(t, db)
		q := jobs.New(db, clock.NewFake(start))
		q.Handle("note", func(ctx context.Context, j jobs.Job) error {
			if err := effect(db)(ctx, j); err != nil {
				return err
			}
			return jobs.Permanent(errors.New("this can never work"))
		})
		enqueue(t, q, "note", "", "doomed")
		if rep := run(t, q); rep.Failed != 1 {
			t.Fatalf("%+v", rep)
		}
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM job_effects`); n != 0 {
			t.Fatalf("a failed job left %d effects", n)
		}
	})
}

func TestAPanickingHandlerIsRetriedNotFatal(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		q := jobs.New(db, clock.NewFake(start))
		q.Handle("bad", func(context.Context, jobs.Job) error { panic("nil map") })
		enqueue(t, q, "bad", "", "")
		if rep := run(t, q); rep.Retried != 1 {
			t.Fatalf("%+v", rep)
		}
	})
}

// TestALostLeaseUndoesTheEffect: when another replica has taken the job over
// (its lease expired), the first one's done-mark changes nothing and its
// effect rolls back; the job runs again and takes effect once.
func TestALostLeaseUndoesTheEffect(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		effects(t, db)
		c := clock.NewFake(start)
		q := jobs.New(db, c)
		first := true
		q.Handle("note", func(ctx context.Context, j jobs.Job) error {
			if err := effect(db)(ctx, j); err != nil {
				return err
			}
			if first {
				first = false
				// Another replica took the job over meanwhile.
				_, err := db.ExecContext(ctx, `UPDATE jobs SET attempts = attempts + 1 WHERE id = $1`, j.ID)
				return err
			}
			return nil
		})
		enqueue(t, q, "note", "", "once")
		run(t, q)
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM job_effects`); n != 0 {
			t.Fatalf("the run that lost its lease left %d effects", n)
		}
		c.Advance(jobs.DefaultLease + time.Second)
		if rep := run(t, q); rep.Done != 1 {
			t.Fatalf("the job was not run again after its lease expired: %+v", rep)
		}
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM job_effects`); n != 1 {
			t.Fatalf("%d effects, want 1", n)
		}
	})
}

func TestPeriodicWorkRunsOncePerSlot(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		c := clock.NewFake(start.Add(30 * time.Minute)) // Monday 09:30
		a, b := jobs.New(db, c), jobs.New(db, c)
		var slots []time.Time
		for _, q := range []*jobs.Queue{a, b} {
			q.Every("digest", jobs.Weekly(time.Monday, 7))
			q.Handle("digest", func(_ context.Context, j jobs.Job) error {
				var p struct{ Slot time.Time }
				if err := j.Decode(&p); err != nil {
					return err
				}
				slots = append(slots, p.Slot)
				return nil
			})
		}
		run(t, a)
		run(t, b)
		c.Advance(3 * 24 * time.Hour)
		run(t, b)
		c.Advance(4 * 24 * time.Hour) // the next Monday 09:30
		run(t, a)
		run(t, b)
		want := []time.Time{time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC), time.Date(2026, 3, 9, 7, 0, 0, 0, time.UTC)}
		if fmt.Sprint(slots) != fmt.Sprint(want) {
			t.Fatalf("slots %v, want %v", slots, want)
		}
	})
}

func TestWeeklySlots(t *testing.T) {
	slot := jobs.Weekly(time.Monday, 7)
	for _, tc := range []struct{ now, want string }{
		{"2026-03-02T07:00:00Z", "2026-03-02T07:00:00Z"},
		{"2026-03-02T06:59:59Z", "2026-02-23T07:00:00Z"},
		{"2026-03-08T23:00:00Z", "2026-03-02T07:00:00Z"},
		{"2026-03-04T12:00:00+09:00", "2026-03-02T07:00:00Z"},
	} {
		now, _ := time.Parse(time.RFC3339, tc.now)
		if got := slot(now).Format(time.RFC3339); got != tc.want {
			t.Errorf("Weekly(Monday, 7)(%s) = %s, want %s", tc.now, got, tc.want)
		}
	}
}

func TestAJobOfAnUnknownKindWaitsForAVersionThatKnowsIt(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		c := clock.NewFake(start)
		q := jobs.New(db, c)
		enqueue(t, q, "from.the.future", "", "")
		if rep := run(t, q); rep.Total() != 0 {
			t.Fatalf("%+v", rep)
		}
		list, err := q.List(context.Background(), jobs.Pending, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].Attempts != 0 || !list[0].RunAt.Equal(start.Add(time.Hour)) {
			t.Fatalf("%+v", list)
		}
		sum, err := q.Summary(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(sum) != 1 || sum[0] != (jobs.Counts{Kind: "from.the.future", Pending: 1}) {
			t.Fatalf("summary %+v", sum)
		}
	})
}

func TestPruneDeletesOnlyOldDoneJobs(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		c := clock.NewFake(start)
		q := jobs.New(db, c)
		q.Handle("note", func(context.Context, jobs.Job) error { return nil })
		enqueue(t, q, "note", "old", "")
		run(t, q)
		c.Advance(31 * 24 * time.Hour)
		enqueue(t, q, "note", "recent", "")
		run(t, q)
		if _, err := q.Enqueue(context.Background(), "note", nil, jobs.Options{Key: "future", RunAt: c.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		n, err := q.PruneDone(context.Background(), c.Now().Add(-30*24*time.Hour))
		if err != nil || n != 1 {
			t.Fatalf("pruned %d, %v; want 1", n, err)
		}
		if got := storetest.Count(t, db, `SELECT COUNT(*) FROM jobs WHERE dedupe_key IN ('recent', 'future')`); got != 2 {
			t.Fatalf("%d of the recent and pending jobs are left, want 2", got)
		}
	})
}
