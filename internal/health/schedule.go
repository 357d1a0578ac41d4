package health

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"cultivate/internal/errs"
	"cultivate/internal/jobs"
	"cultivate/internal/store"
)

// Kinds of the jobs this package runs.
const (
	// JobSchedule runs hourly: it closes the rounds whose last day passed
	// and enqueues a JobOpen for every scheduled round now due.
	JobSchedule = "health.schedule"
	// JobOpen opens one scheduled round; its dedupe key is the community
	// and the slot, so a slot opens one round however many replicas run.
	JobOpen = "health.open_round"
	// JobOverdue runs daily: it tells the owners of retrospective actions
	// that became overdue.
	JobOverdue = "retro.overdue"
)

// Register wires the package's jobs into q.
func (s *Service) Register(q *jobs.Queue) {
	s.jobs = q
	q.Every(JobSchedule, jobs.Interval(time.Hour))
	q.Handle(JobSchedule, func(ctx context.Context, _ jobs.Job) error {
		if _, err := s.CloseDue(ctx); err != nil {
			return err
		}
		_, err := s.Schedule(ctx)
		return err
	})
	q.Handle(JobOpen, s.openScheduled)
	q.Every(JobOverdue, jobs.Interval(24*time.Hour))
	q.Handle(JobOverdue, func(ctx context.Context, _ jobs.Job) error {
		_, err := s.NotifyOverdue(ctx)
		return err
	})
}

type openPayload struct {
	CommunityID int64 `json:"community_id"`
	Slot        int64 `json:"slot"` // the scheduled time, in ms
}

// Schedule enqueues a JobOpen for each community whose next scheduled
// round is due. It runs inside the scheduler job's transaction.
func (s *Service) Schedule(ctx context.Context) (int, error) {
	if s.jobs == nil {
		return 0, fmt.Errorf("health: Schedule before Register")
	}
	rows, err := s.db.QueryContext(ctx, `SELECT community_id, next_round_at FROM health_settings
		WHERE every_months > 0 AND next_round_at IS NOT NULL AND next_round_at <= $1 ORDER BY community_id`, store.Millis(s.clock.Now()))
	if err != nil {
		return 0, fmt.Errorf("health: schedule: %w", err)
	}
	var due []openPayload
	for rows.Next() {
		var p openPayload
		if err := rows.Scan(&p.CommunityID, &p.Slot); err != nil {
			rows.Close()
			return 0, fmt.Errorf("health: schedule: %w", err)
		}
		due = append(due, p)
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	added := 0
	for _, p := range due {
		key := strconv.FormatInt(p.CommunityID, 10) + "@" + strconv.FormatInt(p.Slot, 10)
		ok, err := s.jobs.Enqueue(ctx, JobOpen, p, jobs.Options{Key: key})
		if err != nil {
			return added, err
		}
		if ok {
			added++
		}
	}
	return added, nil
}

// openScheduled opens the round of one slot, unless one is already open,
// and moves the schedule on to its next slot after now.
func (s *Service) openScheduled(ctx context.Context, j jobs.Job) error {
	var p openPayload
	if err := j.Decode(&p); err != nil {
		return err
	}
	set, err := s.settings(ctx, p.CommunityID)
	if err != nil {
		return err
	}
	if set.EveryMonths == 0 || set.NextRoundAt.IsZero() || store.Millis(set.NextRoundAt) != p.Slot {
		return nil // the schedule changed since the slot was enqueued
	}
	c, err := s.communities.ByID(ctx, p.CommunityID)
	if err != nil {
		if isNotFound(err) {
			return nil
		}
		return err
	}
	now := s.clock.Now()
	if _, err := s.openRound(ctx, c.ID, c.Name, c.Slug, 0, now.AddDate(0, 0, set.OpenDays)); err != nil && errs.KindOf(err) != errs.Conflict {
		return err
	}
	next := set.NextRoundAt
	for !next.After(now) {
		next = next.AddDate(0, set.EveryMonths, 0)
	}
	_, err = s.db.ExecContext(ctx, `UPDATE health_settings SET next_round_at = $1 WHERE community_id = $2`, store.Millis(next), c.ID)
	return err
}
