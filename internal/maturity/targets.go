package maturity

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// TargetsSource credits the idea, shown in "What is this?".
const TargetsSource = "Setting measures of progress comes from the vision canvas's “how & measures” in “How to run a Community of Practices” " +
	"(seed 004 of cultivate's sources), which also asks to check regularly whether the goals are met and to show progress openly. " +
	"Setting ambitious targets together, as a community, comes from Knoco's “When communities of practice become strategic” (seed 001)."

// Metric is a live number a target can follow.
type Metric struct {
	Key         string `json:"key"`
	Label       string `json:"label"`
	Unit        string `json:"unit"`
	Description string `json:"description"`
}

// Metrics lists the live metrics, in the order forms offer them.
func Metrics() []Metric {
	return []Metric{
		{Key: "first_reply_hours", Label: "Median time to first reply", Unit: "hours",
			Description: "The median time from asking to the first reply by someone else, over the requests asked in the last 90 days."},
		{Key: "commitment_hit_rate", Label: "Requests answered within the commitment", Unit: "%",
			Description: "The share of requests of the last 90 days whose first reply came within the community's response commitment."},
		{Key: "solved_share", Label: "Requests solved", Unit: "%",
			Description: "The share of requests asked in the last 90 days that are solved."},
		{Key: "event_attendance", Label: "Event attendance", Unit: "people per event",
			Description: "People per event held in the last 90 days: recorded attendance, or RSVPs where none was recorded."},
		{Key: "active_members", Label: "Members active in 30 days", Unit: "people",
			Description: "People who did anything in the community (asked, replied, wrote, voted, answered an invitation…) in the last 30 days."},
		{Key: "outcomes_reported", Label: "Outcomes reported", Unit: "answers",
			Description: "Answers to “how did it turn out?” in the last 90 days."},
	}
}

// MetricByKey returns the metric with key.
func MetricByKey(key string) (Metric, bool) {
	for _, m := range Metrics() {
		if m.Key == key {
			return m, true
		}
	}
	return Metric{}, false
}

// Target is a goal with a baseline, a target value and a due date.
type Target struct {
	ID          int64     `json:"id"`
	CommunityID int64     `json:"community_id"`
	Name        string    `json:"name"`
	Unit        string    `json:"unit"`
	Metric      string    `json:"metric,omitempty"` // "" when updated by hand
	Baseline    float64   `json:"baseline"`
	Target      float64   `json:"target"`
	Due         time.Time `json:"due"`
	CreatedAt   time.Time `json:"created_at"`
	// Current is the live metric's value now, or the latest value
	// recorded by hand (the baseline while none was).
	Current float64 `json:"current"`
	// Known is false when the metric has no data yet.
	Known bool `json:"known"`
	// CurrentAt is when the hand-recorded value was recorded.
	CurrentAt time.Time `json:"current_at,omitzero"`
	// Progress is the share of the way from baseline to target, 0 to 1.
	Progress float64 `json:"progress"`
	Values   []Value `json:"values"`
}

// Value is a value recorded by hand.
type Value struct {
	Value    float64   `json:"value"`
	Note     string    `json:"note"`
	ByName   string    `json:"by_name,omitzero"`
	Recorded time.Time `json:"recorded_at"`
}

// Live reports whether the target follows a metric.
func (t Target) Live() bool { return t.Metric != "" }

// MetricLabel names the target's metric.
func (t Target) MetricLabel() string {
	m, _ := MetricByKey(t.Metric)
	return m.Label
}

// Percent is the progress in whole percent.
func (t Target) Percent() int { return int(math.Round(t.Progress * 100)) }

// Reached reports whether the target is met.
func (t Target) Reached() bool { return t.Known && t.Progress >= 1 }

// Overdue reports whether the due date passed before the target was met.
func (t Target) Overdue(now time.Time) bool {
	return !t.Reached() && now.After(t.Due.Add(24*time.Hour))
}

// Format writes a value of the target for people.
func Format(v float64) string {
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// progress is the share of the way from baseline to target, clamped to 0–1.
func progress(baseline, target, current float64) float64 {
	if target == baseline {
		return 0
	}
	return math.Max(0, math.Min(1, (current-baseline)/(target-baseline)))
}

// TargetInput is what the core group writes.
type TargetInput struct {
	Name     string
	Unit     string
	Metric   string
	Baseline string
	Target   string
	Due      string // YYYY-MM-DD
}

// DateLayout is the form of due dates.
const DateLayout = "2006-01-02"

type cleanTarget struct {
	name, unit, metric string
	baseline, target   float64
	due                time.Time
}

func checkTarget(in TargetInput) (cleanTarget, error) {
	var f errs.Fields
	var c cleanTarget
	c.name = validate.Text(&f, "name", "Name", in.Name, 1, 200, false)
	c.unit = validate.Text(&f, "unit", "Unit", in.Unit, 0, 40, false)
	c.metric = strings.TrimSpace(in.Metric)
	if c.metric != "" {
		m, ok := MetricByKey(c.metric)
		if !ok {
			f.Add("metric", "There is no such metric. Choose one from the list, or none to update it by hand.")
		} else if c.unit == "" {
			c.unit = m.Unit
		}
	}
	numbers := true
	num := func(field, label, s string) float64 {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			f.Add(field, label+" must be a number, such as 12 or 0.5.")
			numbers = false
			return 0
		}
		return v
	}
	c.baseline = num("baseline", "The baseline", in.Baseline)
	c.target = num("target", "The target", in.Target)
	if numbers && c.baseline == c.target {
		f.Add("target", "The target must differ from the baseline, or there is nothing to reach.")
	}
	due, err := time.Parse(DateLayout, strings.TrimSpace(in.Due))
	if err != nil {
		f.Add("due", "Give the due date as a date, such as 2026-06-30.")
	}
	c.due = due.UTC()
	return c, f.Err()
}

// CreateTarget adds a target (leader and core group).
func (s *Service) CreateTarget(ctx context.Context, user account.User, slug string, in TargetInput) (Target, error) {
	sc, err := s.coreScope(ctx, user, slug, "set targets")
	if err != nil {
		return Target{}, err
	}
	c, err := checkTarget(in)
	if err != nil {
		return Target{}, err
	}
	now := s.clock.Now()
	var id int64
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.db.QueryRowContext(ctx, `INSERT INTO targets (community_id, name, unit, metric, baseline, target, due_at, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			sc.c.ID, c.name, c.unit, c.metric, c.baseline, c.target, store.Millis(c.due), user.ID, store.Millis(now)).Scan(&id); err != nil {
			return fmt.Errorf("maturity: create target: %w", err)
		}
		return s.record(ctx, sc, ActivityTargetCreated, "target", id, map[string]any{"name": c.name, "metric": c.metric})
	})
	if err != nil {
		return Target{}, err
	}
	return s.target(ctx, sc, id)
}

// UpdateTarget changes a target's definition (leader and core group).
func (s *Service) UpdateTarget(ctx context.Context, user account.User, slug string, id int64, in TargetInput) (Target, error) {
	sc, err := s.coreScope(ctx, user, slug, "change targets")
	if err != nil {
		return Target{}, err
	}
	if _, err := s.target(ctx, sc, id); err != nil {
		return Target{}, err
	}
	c, err := checkTarget(in)
	if err != nil {
		return Target{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.ExecContext(ctx, `UPDATE targets SET name = $1, unit = $2, metric = $3, baseline = $4, target = $5, due_at = $6, updated_at = $7
			WHERE id = $8 AND community_id = $9`, c.name, c.unit, c.metric, c.baseline, c.target, store.Millis(c.due), store.Millis(s.clock.Now()), id, sc.c.ID); err != nil {
			return fmt.Errorf("maturity: update target: %w", err)
		}
		return s.record(ctx, sc, ActivityTargetUpdated, "target", id, map[string]any{"name": c.name, "metric": c.metric})
	})
	if err != nil {
		return Target{}, err
	}
	return s.target(ctx, sc, id)
}

// DeleteTarget removes a target and its recorded values.
func (s *Service) DeleteTarget(ctx context.Context, user account.User, slug string, id int64) error {
	sc, err := s.coreScope(ctx, user, slug, "remove targets")
	if err != nil {
		return err
	}
	t, err := s.target(ctx, sc, id)
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.ExecContext(ctx, `DELETE FROM targets WHERE id = $1 AND community_id = $2`, id, sc.c.ID); err != nil {
			return fmt.Errorf("maturity: delete target: %w", err)
		}
		return s.record(ctx, sc, ActivityTargetDeleted, "target", id, map[string]any{"name": t.Name})
	})
}

// RecordValue records a value by hand for a target without a live metric.
func (s *Service) RecordValue(ctx context.Context, user account.User, slug string, id int64, value, note string) (Target, error) {
	sc, err := s.coreScope(ctx, user, slug, "update targets")
	if err != nil {
		return Target{}, err
	}
	t, err := s.target(ctx, sc, id)
	if err != nil {
		return Target{}, err
	}
	if t.Live() {
		return Target{}, errs.E(errs.Conflict, "This target follows “%s” and updates by itself.", t.MetricLabel())
	}
	var f errs.Fields
	v, perr := strconv.ParseFloat(strings.TrimSpace(value), 64)
	if perr != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		f.Add("value", "The value must be a number, such as 12 or 0.5.")
	}
	note = validate.Text(&f, "note", "Note", note, 0, NoteMax, true)
	if err := f.Err(); err != nil {
		return Target{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO target_values (target_id, value, note, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5)`,
			id, v, note, user.ID, store.Millis(s.clock.Now())); err != nil {
			return fmt.Errorf("maturity: record value: %w", err)
		}
		return s.record(ctx, sc, ActivityTargetValue, "target", id, map[string]any{"name": t.Name, "value": v})
	})
	if err != nil {
		return Target{}, err
	}
	return s.target(ctx, sc, id)
}

// Targets returns the community's targets with their progress now; every
// member and visitor who may see the community sees them.
func (s *Service) Targets(ctx context.Context, viewer account.User, slug string) ([]Target, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return nil, err
	}
	return s.targets(ctx, sc, 0)
}

// Target returns one target.
func (s *Service) Target(ctx context.Context, viewer account.User, slug string, id int64) (Target, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return Target{}, err
	}
	return s.target(ctx, sc, id)
}

func (s *Service) target(ctx context.Context, sc scope, id int64) (Target, error) {
	list, err := s.targets(ctx, sc, id)
	if err != nil {
		return Target{}, err
	}
	if len(list) == 0 {
		return Target{}, errs.E(errs.NotFound, "There is no such target in %s.", sc.c.Name)
	}
	return list[0], nil
}

// targets reads the community's targets (only id when id is not 0),
// soonest due first, and computes each one's current value.
func (s *Service) targets(ctx context.Context, sc scope, id int64) ([]Target, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, unit, metric, baseline, target, due_at, created_at FROM targets
		WHERE community_id = $1 AND ($2 = 0 OR id = $2) ORDER BY due_at, id LIMIT 100`, sc.c.ID, id)
	if err != nil {
		return nil, fmt.Errorf("maturity: targets: %w", err)
	}
	var out []Target
	for rows.Next() {
		t := Target{CommunityID: sc.c.ID, Values: []Value{}}
		var due, created int64
		if err := rows.Scan(&t.ID, &t.Name, &t.Unit, &t.Metric, &t.Baseline, &t.Target, &due, &created); err != nil {
			rows.Close()
			return nil, fmt.Errorf("maturity: targets: %w", err)
		}
		t.Due, t.CreatedAt = store.Time(due), store.Time(created)
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	live := map[string]metricValue{}
	var cached *Facts
	facts := func() (Facts, error) {
		if cached == nil {
			f, err := s.facts(ctx, sc)
			if err != nil {
				return Facts{}, err
			}
			cached = &f
		}
		return *cached, nil
	}
	for i := range out {
		t := &out[i]
		if t.Live() {
			mv, ok := live[t.Metric]
			if !ok {
				if mv, err = s.metric(ctx, sc, t.Metric, facts); err != nil {
					return nil, err
				}
				live[t.Metric] = mv
			}
			t.Current, t.Known = mv.value, mv.known
		} else {
			if err := s.handValues(ctx, t); err != nil {
				return nil, err
			}
		}
		if t.Known {
			t.Progress = progress(t.Baseline, t.Target, t.Current)
		}
	}
	if out == nil {
		out = []Target{}
	}
	return out, nil
}

func (s *Service) handValues(ctx context.Context, t *Target) error {
	rows, err := s.db.QueryContext(ctx, `SELECT v.value, v.note, COALESCE(u.name, ''), v.recorded_at FROM target_values v
		LEFT JOIN users u ON u.id = v.recorded_by WHERE v.target_id = $1 ORDER BY v.id DESC LIMIT 20`, t.ID)
	if err != nil {
		return fmt.Errorf("maturity: target values: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v Value
		var at int64
		if err := rows.Scan(&v.Value, &v.Note, &v.ByName, &at); err != nil {
			return fmt.Errorf("maturity: target values: %w", err)
		}
		v.Recorded = store.Time(at)
		t.Values = append(t.Values, v)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	t.Current, t.Known = t.Baseline, true
	if len(t.Values) > 0 {
		t.Current, t.CurrentAt = t.Values[0].Value, t.Values[0].Recorded
	}
	return nil
}

type metricValue struct {
	value float64
	known bool
}

// metric computes a live metric for the community now; facts computes
// the evidence facts (once, for all the targets of a page).
func (s *Service) metric(ctx context.Context, sc scope, key string, facts func() (Facts, error)) (metricValue, error) {
	now := s.clock.Now()
	since := now.Add(-WindowDays * 24 * time.Hour)
	switch key {
	case "first_reply_hours", "commitment_hit_rate":
		st, err := s.practice.Commitment(ctx, sc.c.ID, since)
		if err != nil {
			return metricValue{}, err
		}
		if key == "first_reply_hours" {
			return metricValue{math.Round(st.MedianFirstReply.Hours()*10) / 10, st.Answered > 0}, nil
		}
		return metricValue{math.Round(st.HitRate * 100), st.Rated()}, nil
	case "solved_share":
		// The same bounded range as practice's Commitment: last_activity_at
		// is never before created_at, so requests_community_activity stops
		// at the window's start.
		var asked, solved int
		err := s.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'solved' THEN 1 ELSE 0 END), 0) FROM requests
			WHERE community_id = $1 AND last_activity_at >= $2 AND created_at >= $2 AND deleted_at IS NULL`, sc.c.ID, store.Millis(since)).Scan(&asked, &solved)
		if err != nil {
			return metricValue{}, fmt.Errorf("maturity: solved share: %w", err)
		}
		if asked == 0 {
			return metricValue{}, nil
		}
		return metricValue{math.Round(float64(solved) * 100 / float64(asked)), true}, nil
	case "event_attendance", "outcomes_reported":
		f, err := facts()
		if err != nil {
			return metricValue{}, err
		}
		if key == "outcomes_reported" {
			return metricValue{float64(f.Outcomes), true}, nil
		}
		return metricValue{math.Round(f.Attendance*10) / 10, len(f.Held) > 0}, nil
	case "active_members":
		n, err := s.activeMembers(ctx, sc.c.ID, now.Add(-30*24*time.Hour))
		if err != nil {
			return metricValue{}, err
		}
		return metricValue{float64(n), true}, nil
	}
	return metricValue{}, fmt.Errorf("maturity: unknown metric %q", key)
}

// activeMembers counts the distinct people in the community's log since
// since, in the same bounded range as activitySince.
func (s *Service) activeMembers(ctx context.Context, communityID int64, since time.Time) (int, error) {
	var boundary int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM activity WHERE community_id = $1 AND at < $2 ORDER BY id DESC LIMIT 1`,
		communityID, store.Millis(since)).Scan(&boundary)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("maturity: active members: %w", err)
	}
	var n int
	err = s.db.QueryRowContext(ctx, `SELECT COUNT(DISTINCT actor_id) FROM activity WHERE community_id = $1 AND id > $2 AND at >= $3 AND actor_id IS NOT NULL`,
		communityID, boundary, store.Millis(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("maturity: active members: %w", err)
	}
	return n, nil
}

// BaselineText is the baseline for people.
func (t Target) BaselineText() string { return Format(t.Baseline) }

// TargetText is the target value for people.
func (t Target) TargetText() string { return Format(t.Target) }

// CurrentText is the current value for people.
func (t Target) CurrentText() string { return Format(t.Current) }

// Text is the recorded value for people.
func (v Value) Text() string { return Format(v.Value) }
