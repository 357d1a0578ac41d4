// Package jobs is cultivate's durable background work: reminders,
// follow-ups, digests, webhook deliveries and rollups are rows of the jobs
// table, run when due by whichever `cultivate serve` replica gets there
// first, retried with backoff on failure, and done once.
//
// # Exactly once
//
// A replica leases a due job with a conditional UPDATE (only one UPDATE can
// move a free job to leased) and commits the lease before running it. Then:
//
//   - A handler registered with Handle runs inside a transaction that also
//     marks the job done, on the condition that the lease is still this
//     replica's (its attempt number). If the lease expired and another
//     replica took the job, the done-mark changes no row, the transaction
//     rolls back and the handler's database effects vanish with it. So the
//     database effects of a job commit exactly once.
//   - A handler registered with HandleOutside runs outside any transaction,
//     for work that leaves the database (sending mail, calling a webhook),
//     which no transaction can take back. It runs once unless a replica dies
//     or stalls past the lease mid-run, when another replica runs it again:
//     such handlers pass Job.ID to the receiver as an idempotency key (the
//     mail's Message-ID, the webhook's delivery id) so a repeat is
//     recognisable.
//
// # Retries
//
// A failed run is retried after a backoff that doubles from a minute to six
// hours; after MaxAttempts runs (8 unless enqueued otherwise) the job is
// marked failed and keeps its last error for the admin to read. A handler
// returns Permanent(err) to fail at once, without retrying.
//
// # Periodic work
//
// Every registers work that recurs (the weekly digest, the minute sweep).
// Each slot becomes a job whose dedupe key is the slot's time, so replicas
// that schedule the same slot at the same moment add one job.
package jobs

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"cultivate/internal/clock"
	"cultivate/internal/store"
)

// MaxAttempts is how many times a job runs before it is marked failed,
// unless Enqueue says otherwise.
const MaxAttempts = 8

// DefaultLease is how long a replica holds a job it runs before others may
// take it over.
const DefaultLease = 5 * time.Minute

// Job is one piece of work as its handler sees it.
type Job struct {
	ID      int64
	Kind    string
	Key     string          // the dedupe key, "" if none
	Payload json.RawMessage // what Enqueue was given, as JSON
	RunAt   time.Time       // when it was due
	Attempt int             // 1 on the first run
}

// Decode reads the job's payload into v.
func (j Job) Decode(v any) error {
	if err := json.Unmarshal(j.Payload, v); err != nil {
		return Permanent(fmt.Errorf("jobs: %s %d: payload: %w", j.Kind, j.ID, err))
	}
	return nil
}

// Handler does one job. Return nil when done, an error to retry later,
// Permanent(err) to give up.
type Handler func(ctx context.Context, j Job) error

type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent marks err as one that retrying cannot fix.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanent{err}
}

// Options of one enqueued job.
type Options struct {
	// Key makes the enqueue idempotent: while a job of the same kind and key
	// exists (done or not), another is not added.
	Key string
	// RunAt is when the job is due; zero means now.
	RunAt time.Time
	// MaxAttempts overrides MaxAttempts.
	MaxAttempts int
}

type registration struct {
	handle  Handler
	outside bool
}

type periodic struct {
	kind string
	slot func(now time.Time) time.Time
}

// Queue enqueues jobs and runs the due ones.
type Queue struct {
	db     *store.DB
	clock  clock.Clock
	worker string
	lease  time.Duration

	mu       sync.RWMutex
	handlers map[string]registration
	periodic []periodic
}

// New returns the Queue on db. Each Queue is one worker: its leases carry
// a name made of the host, the process and a random suffix.
func New(db *store.DB, c clock.Clock) *Queue {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return &Queue{db: db, clock: c, lease: DefaultLease, handlers: map[string]registration{},
		worker: fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))}
}

// Worker names this queue's leases.
func (q *Queue) Worker() string { return q.worker }

// Handle registers h for kind; it runs inside the transaction that marks the
// job done, so its database effects happen exactly once.
func (q *Queue) Handle(kind string, h Handler) { q.register(kind, registration{handle: h}) }

// HandleOutside registers h for kind; it runs outside any transaction, for
// work that leaves the database (see the package comment).
func (q *Queue) HandleOutside(kind string, h Handler) {
	q.register(kind, registration{handle: h, outside: true})
}

func (q *Queue) register(kind string, r registration) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, dup := q.handlers[kind]; dup {
		panic("jobs: two handlers for " + kind)
	}
	q.handlers[kind] = r
}

// Every schedules a job of kind in each slot: slot(now) returns the start
// of the slot now falls in (see Interval and Weekly). The kind's handler is
// registered separately, with Handle or HandleOutside.
func (q *Queue) Every(kind string, slot func(now time.Time) time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.periodic = append(q.periodic, periodic{kind: kind, slot: slot})
}

// Interval is a slot function for every d, counted from the Unix epoch.
func Interval(d time.Duration) func(time.Time) time.Time {
	return func(now time.Time) time.Time { return now.Truncate(d) }
}

// Weekly is a slot function for once a week, on day at hour:00 UTC.
func Weekly(day time.Weekday, hour int) func(time.Time) time.Time {
	return func(now time.Time) time.Time {
		now = now.UTC()
		t := time.Date(now.Year(), now.Month(), now.Day(), hour, 0, 0, 0, time.UTC)
		t = t.AddDate(0, 0, -((int(now.Weekday()) - int(day) + 7) % 7))
		if t.After(now) {
			t = t.AddDate(0, 0, -7)
		}
		return t
	}
}

// Enqueue adds a job of kind with payload (marshalled to JSON). Inside a
// transaction (ctx from store.WithTx) the job commits or rolls back with
// the action that asked for it. With opts.Key set, it reports false when
// the job already existed.
func (q *Queue) Enqueue(ctx context.Context, kind string, payload any, opts Options) (bool, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return false, fmt.Errorf("jobs: enqueue %s: %w", kind, err)
	}
	if payload == nil {
		body = []byte("{}")
	}
	runAt := opts.RunAt
	if runAt.IsZero() {
		runAt = q.clock.Now()
	}
	max := opts.MaxAttempts
	if max <= 0 {
		max = MaxAttempts
	}
	res, err := q.db.ExecContext(ctx, `INSERT INTO jobs (kind, dedupe_key, payload, run_at, max_attempts, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
		kind, opts.Key, string(body), store.Millis(runAt), max, store.Millis(q.clock.Now()))
	if err != nil {
		return false, fmt.Errorf("jobs: enqueue %s: %w", kind, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("jobs: enqueue %s: %w", kind, err)
	}
	return n == 1, nil
}

// Cancel removes the job of kind and key if it has not run yet.
func (q *Queue) Cancel(ctx context.Context, kind, key string) error {
	_, err := q.db.ExecContext(ctx, `DELETE FROM jobs WHERE kind = $1 AND dedupe_key = $2 AND done_at IS NULL AND failed_at IS NULL
		AND (lease_until IS NULL OR lease_until < $3)`, kind, key, store.Millis(q.clock.Now()))
	if err != nil {
		return fmt.Errorf("jobs: cancel %s %s: %w", kind, key, err)
	}
	return nil
}

// Report counts what one RunDue did.
type Report struct {
	Done, Retried, Failed int
}

// Total is every job RunDue ran.
func (r Report) Total() int { return r.Done + r.Retried + r.Failed }

// batch is how many due jobs one query of RunDue reads.
const batch = 50

// RunDue runs every job that is due now and free, one at a time, until none
// is left or ctx ends. It first schedules the current slot of every
// periodic kind. A failing job is rescheduled, never stops the others; the
// returned error is about the queue itself (the database), not a job.
func (q *Queue) RunDue(ctx context.Context) (Report, error) {
	var rep Report
	if err := q.schedule(ctx); err != nil {
		return rep, err
	}
	skip := map[int64]bool{} // jobs another replica took first, or without a handler
	for {
		now := q.clock.Now()
		rows, err := q.db.QueryContext(ctx, `SELECT id FROM jobs
			WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
			ORDER BY run_at, id LIMIT $2`, store.Millis(now), batch+len(skip))
		if err != nil {
			return rep, fmt.Errorf("jobs: due: %w", err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return rep, fmt.Errorf("jobs: due: %w", err)
			}
			if !skip[id] {
				ids = append(ids, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return rep, fmt.Errorf("jobs: due: %w", err)
		}
		if len(ids) == 0 {
			return rep, nil
		}
		for _, id := range ids {
			if err := ctx.Err(); err != nil {
				return rep, err
			}
			ran, err := q.runOne(ctx, id, &rep)
			if err != nil {
				return rep, err
			}
			if !ran {
				skip[id] = true
			}
		}
	}
}

func (q *Queue) schedule(ctx context.Context) error {
	q.mu.RLock()
	ps := append([]periodic(nil), q.periodic...)
	q.mu.RUnlock()
	now := q.clock.Now()
	for _, p := range ps {
		slot := p.slot(now)
		if _, err := q.Enqueue(ctx, p.kind, struct {
			Slot time.Time `json:"slot"`
		}{slot}, Options{Key: slot.UTC().Format(time.RFC3339), RunAt: slot, MaxAttempts: 3}); err != nil {
			return err
		}
	}
	return nil
}

// runOne leases job id and runs it; it reports false when the job was not
// this worker's to run (another replica leased it first, or no handler).
func (q *Queue) runOne(ctx context.Context, id int64, rep *Report) (bool, error) {
	now := q.clock.Now()
	var j Job
	var runAt int64
	var maxAttempts int
	var payload string
	err := q.db.WithTx(ctx, func(ctx context.Context) error {
		res, err := q.db.ExecContext(ctx, `UPDATE jobs SET leased_by = $1, lease_until = $2, attempts = attempts + 1
			WHERE id = $3 AND done_at IS NULL AND failed_at IS NULL AND run_at <= $4 AND (lease_until IS NULL OR lease_until < $4)`,
			q.worker, store.Millis(now.Add(q.lease)), id, store.Millis(now))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errNotMine
		}
		return q.db.QueryRowContext(ctx, `SELECT kind, dedupe_key, payload, run_at, attempts, max_attempts FROM jobs WHERE id = $1`, id).
			Scan(&j.Kind, &j.Key, &payload, &runAt, &j.Attempt, &maxAttempts)
	})
	if errors.Is(err, errNotMine) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("jobs: lease %d: %w", id, err)
	}
	j.ID, j.Payload, j.RunAt = id, json.RawMessage(payload), store.Time(runAt)

	q.mu.RLock()
	reg, ok := q.handlers[j.Kind]
	q.mu.RUnlock()
	if !ok {
		// Another version of cultivate may know this kind: give the job
		// back and look again in an hour, without spending an attempt.
		_, err := q.db.ExecContext(ctx, `UPDATE jobs SET leased_by = '', lease_until = NULL, attempts = attempts - 1, run_at = $1,
			last_error = $2 WHERE id = $3 AND attempts = $4`, store.Millis(now.Add(time.Hour)), "no handler for "+j.Kind, id, j.Attempt)
		if err != nil {
			return false, fmt.Errorf("jobs: release %d: %w", id, err)
		}
		return false, nil
	}

	runErr := q.run(ctx, reg, j)
	if runErr == nil {
		rep.Done++
		return true, nil
	}
	if errors.Is(runErr, errLeaseLost) {
		return true, nil
	}
	if ctx.Err() != nil {
		return true, ctx.Err()
	}
	var perm permanent
	failed := errors.As(runErr, &perm) || j.Attempt >= maxAttempts
	msg := runErr.Error()
	if len(msg) > 2000 {
		msg = msg[:2000]
	}
	end := q.clock.Now()
	if failed {
		_, err = q.db.ExecContext(ctx, `UPDATE jobs SET failed_at = $1, lease_until = NULL, last_error = $2 WHERE id = $3 AND attempts = $4`,
			store.Millis(end), msg, id, j.Attempt)
		rep.Failed++
	} else {
		_, err = q.db.ExecContext(ctx, `UPDATE jobs SET run_at = $1, lease_until = NULL, leased_by = '', last_error = $2 WHERE id = $3 AND attempts = $4`,
			store.Millis(end.Add(Backoff(j.Attempt))), msg, id, j.Attempt)
		rep.Retried++
	}
	if err != nil {
		return true, fmt.Errorf("jobs: record failure of %d: %w", id, err)
	}
	return true, nil
}

var (
	errNotMine   = errors.New("jobs: leased by another worker")
	errLeaseLost = errors.New("jobs: lease lost before the job was done")
)

// run calls the handler and marks the job done, on the condition that its
// lease is still this attempt's.
func (q *Queue) run(ctx context.Context, reg registration, j Job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("jobs: %s %d panicked: %v", j.Kind, j.ID, p)
		}
	}()
	markDone := func(ctx context.Context) error {
		res, err := q.db.ExecContext(ctx, `UPDATE jobs SET done_at = $1, lease_until = NULL, last_error = '' WHERE id = $2 AND attempts = $3 AND done_at IS NULL`,
			store.Millis(q.clock.Now()), j.ID, j.Attempt)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errLeaseLost
		}
		return nil
	}
	hctx, cancel := context.WithTimeout(ctx, q.lease*4/5)
	defer cancel()
	if reg.outside {
		if err := reg.handle(hctx, j); err != nil {
			return err
		}
		return q.db.WithTx(ctx, markDone)
	}
	return q.db.WithTx(hctx, func(ctx context.Context) error {
		if err := reg.handle(ctx, j); err != nil {
			return err
		}
		return markDone(ctx)
	})
}

// Backoff is how long a job waits after its attempt-th failed run: a
// minute, doubling, at most six hours.
func Backoff(attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	if attempt > 10 {
		return 6 * time.Hour
	}
	return min(time.Minute<<(attempt-1), 6*time.Hour)
}

// Status is a job as the admin's queue page shows it.
type Status struct {
	ID          int64
	Kind        string
	Key         string
	RunAt       time.Time
	Attempts    int
	MaxAttempts int
	LeasedBy    string
	DoneAt      time.Time
	FailedAt    time.Time
	LastError   string
	CreatedAt   time.Time
}

// State filters List.
type State string

// The states of a job.
const (
	Pending State = "pending" // not done, not failed (waiting, retrying or running)
	Done    State = "done"
	Failed  State = "failed"
)

// Counts is how many jobs are in each state, by kind.
type Counts struct {
	Kind                  string
	Pending, Done, Failed int
}

// Summary counts jobs by kind and state.
func (q *Queue) Summary(ctx context.Context) ([]Counts, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT kind,
			SUM(CASE WHEN done_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END),
			SUM(CASE WHEN done_at IS NOT NULL THEN 1 ELSE 0 END),
			SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END)
		FROM jobs GROUP BY kind ORDER BY kind`)
	if err != nil {
		return nil, fmt.Errorf("jobs: summary: %w", err)
	}
	defer rows.Close()
	var out []Counts
	for rows.Next() {
		var c Counts
		if err := rows.Scan(&c.Kind, &c.Pending, &c.Done, &c.Failed); err != nil {
			return nil, fmt.Errorf("jobs: summary: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// List returns up to limit jobs in state (all states when empty), newest
// first, with ids below before (0 for the newest).
func (q *Queue) List(ctx context.Context, state State, before int64, limit int) ([]Status, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	if before <= 0 {
		before = 1<<62 - 1
	}
	cond := "TRUE"
	switch state {
	case Pending:
		cond = "done_at IS NULL AND failed_at IS NULL"
	case Done:
		cond = "done_at IS NOT NULL"
	case Failed:
		cond = "failed_at IS NOT NULL"
	case "":
	default:
		return nil, fmt.Errorf("jobs: unknown state %q", state)
	}
	rows, err := q.db.QueryContext(ctx, `SELECT id, kind, dedupe_key, run_at, attempts, max_attempts, leased_by, done_at, failed_at, last_error, created_at
		FROM jobs WHERE id < $1 AND `+cond+` ORDER BY id DESC LIMIT $2`, before, limit)
	if err != nil {
		return nil, fmt.Errorf("jobs: list: %w", err)
	}
	defer rows.Close()
	var out []Status
	for rows.Next() {
		var s Status
		var runAt, created int64
		var done, failed sql.NullInt64
		if err := rows.Scan(&s.ID, &s.Kind, &s.Key, &runAt, &s.Attempts, &s.MaxAttempts, &s.LeasedBy, &done, &failed, &s.LastError, &created); err != nil {
			return nil, fmt.Errorf("jobs: list: %w", err)
		}
		s.RunAt, s.CreatedAt, s.DoneAt, s.FailedAt = store.Time(runAt), store.Time(created), store.NullTime(done), store.NullTime(failed)
		out = append(out, s)
	}
	return out, rows.Err()
}

// Retry puts a failed job back in the queue, due now, with its attempts
// reset (the admin's "try again").
func (q *Queue) Retry(ctx context.Context, id int64) error {
	res, err := q.db.ExecContext(ctx, `UPDATE jobs SET failed_at = NULL, attempts = 0, run_at = $1, leased_by = '' WHERE id = $2 AND failed_at IS NOT NULL`,
		store.Millis(q.clock.Now()), id)
	if err != nil {
		return fmt.Errorf("jobs: retry %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("jobs: retry %d: %w", id, ErrNotFailed)
	}
	return nil
}

// ErrNotFailed is Retry's answer for a job that is missing or has not failed.
var ErrNotFailed = errors.New("no failed job with that id")

// PruneDone deletes the jobs done before cutoff. A dedupe key only has to
// outlive the moment its work is due (a slot, a minute, an occurrence), so
// a month-old done job guards against nothing any more.
func (q *Queue) PruneDone(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := q.db.ExecContext(ctx, `DELETE FROM jobs WHERE done_at IS NOT NULL AND done_at < $1`, store.Millis(cutoff))
	if err != nil {
		return 0, fmt.Errorf("jobs: prune: %w", err)
	}
	return res.RowsAffected()
}

// FormatID is a job's id as receivers see it (Message-ID, delivery id).
func FormatID(id int64) string { return "job-" + strconv.FormatInt(id, 10) }
