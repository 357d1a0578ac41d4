package practice

import (
	"context"
	"fmt"
	"sort"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/store"
)

// maxTriage bounds the triage queue a page shows; Total still counts all.
const maxTriage = 300

// Triage is the core group's queue: every open request still waiting for a
// first reply, most urgent first, with who has taken what.
type Triage struct {
	Overdue   []Item // past their due time, oldest due first
	AtRisk    []Item // due soon (reminders have gone out)
	Waiting   []Item // due later
	Total     int    // requests waiting, even beyond those listed
	Truncated bool   // only the maxTriage most urgent are listed
	Settings  Settings
}

// Triage returns the triage queue of the community at slug, for its leader
// and core group.
func (s *Service) Triage(ctx context.Context, viewer account.User, slug string) (Triage, error) {
	c, m, err := s.member(ctx, viewer, slug, "see the triage queue")
	if err != nil {
		return Triage{}, err
	}
	if !m.CanModerate() {
		return Triage{}, errs.E(errs.Forbidden, "Only the leader and the core group see the triage queue.")
	}
	st, err := s.Settings(ctx, c.ID)
	if err != nil {
		return Triage{}, err
	}
	// The partial index requests_waiting holds exactly this queue.
	const waiting = ` FROM requests r WHERE r.community_id = $1 AND r.first_reply_at IS NULL AND r.status = 'open' AND r.deleted_at IS NULL`
	t := Triage{Settings: st}
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*)`+waiting, c.ID).Scan(&t.Total); err != nil {
		return Triage{}, fmt.Errorf("practice: triage count: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT r.id`+waiting+` ORDER BY r.due_at, r.id LIMIT $2`, c.ID, maxTriage)
	if err != nil {
		return Triage{}, fmt.Errorf("practice: triage: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return Triage{}, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Triage{}, err
	}
	t.Truncated = t.Total > len(ids)
	items, err := s.items(ctx, []scope{{id: c.ID, slug: c.Slug, name: c.Name}}, ids)
	if err != nil {
		return Triage{}, err
	}
	for _, it := range items {
		switch it.Clock.State {
		case ClockOverdue:
			t.Overdue = append(t.Overdue, it)
		case ClockAtRisk:
			t.AtRisk = append(t.AtRisk, it)
		default:
			t.Waiting = append(t.Waiting, it)
		}
	}
	return t, nil
}

// CommitmentStats is how a community kept its response commitment over a
// period: for insights and the community's own dashboard.
type CommitmentStats struct {
	Since    time.Time
	Asked    int // requests asked since Since (not deleted)
	Answered int // of which got a first reply from someone else
	Met      int // answered within the commitment
	Missed   int // answered late
	Overdue  int // still open, no reply, past due
	Waiting  int // still open, no reply, not yet due
	// MedianFirstReply is the median time from asking to the first reply,
	// over the answered requests; zero if none.
	MedianFirstReply time.Duration
	// HitRate is Met / (Met + Missed + Overdue), between 0 and 1; see Rated.
	HitRate float64
}

// Rated reports whether any request has been decided yet, so HitRate means
// something.
func (c CommitmentStats) Rated() bool { return c.Met+c.Missed+c.Overdue > 0 }

// Commitment measures how communityID kept its response commitment for the
// requests asked since since. It checks no permission: callers show it to
// whoever may see the community's insights.
func (s *Service) Commitment(ctx context.Context, communityID int64, since time.Time) (CommitmentStats, error) {
	now := store.Millis(s.clock.Now())
	out := CommitmentStats{Since: since}
	// last_activity_at >= created_at, so the bound on it lets the scan use
	// requests_community_activity and stop at the period's start.
	rows, err := s.db.QueryContext(ctx, `SELECT r.created_at, r.due_at, r.first_reply_at, r.commitment_met, r.status
		FROM requests r
		WHERE r.community_id = $1 AND r.last_activity_at >= $2 AND r.created_at >= $2 AND r.deleted_at IS NULL`,
		communityID, store.Millis(since))
	if err != nil {
		return out, fmt.Errorf("practice: commitment: %w", err)
	}
	defer rows.Close()
	var waits []int64
	for rows.Next() {
		var created, due int64
		var first row
		var status string
		if err := rows.Scan(&created, &due, &first.firstReplyAt, &first.commitmentMet, &status); err != nil {
			return out, fmt.Errorf("practice: commitment: %w", err)
		}
		out.Asked++
		switch {
		case first.firstReplyAt.Valid:
			out.Answered++
			waits = append(waits, first.firstReplyAt.Int64-created)
			if first.commitmentMet.Valid && first.commitmentMet.Bool {
				out.Met++
			} else {
				out.Missed++
			}
		case Status(status) != Open:
		case now > due:
			out.Overdue++
		default:
			out.Waiting++
		}
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	if n := len(waits); n > 0 {
		sort.Slice(waits, func(i, j int) bool { return waits[i] < waits[j] })
		med := waits[n/2]
		if n%2 == 0 {
			med = (waits[n/2-1] + waits[n/2]) / 2
		}
		out.MedianFirstReply = time.Duration(med) * time.Millisecond
	}
	if out.Rated() {
		out.HitRate = float64(out.Met) / float64(out.Met+out.Missed+out.Overdue)
	}
	return out, nil
}
