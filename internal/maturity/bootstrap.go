package maturity

import (
	"context"
	"fmt"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// BootstrapSource credits the steps, shown in "What is this?".
const BootstrapSource = "The steps follow the way of introducing a community of practice in “How to run a Community of Practices” " +
	"(seed 004 of cultivate's sources), which treats it as a change process: agree the goals with the people who see the need, " +
	"win a sponsor, start a backlog, kick off, run the first events, then keep improving."

// Step is one bootstrap step.
type Step struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	Hint  string `json:"hint"`
	// Link is where to do it, relative to the community ("/canvas").
	Link string `json:"link"`
}

// Steps lists the bootstrap steps in order.
func Steps() []Step {
	return []Step{
		{Key: "goals", Title: "Define the goals together", Link: "/canvas",
			Hint: "Write the vision with the people who asked for the community, ideally in a vision workshop."},
		{Key: "sponsor", Title: "Find a sponsor", Link: "/members",
			Hint: "Someone in management who backs the community with time and support; give them the sponsor role."},
		{Key: "backlog", Title: "Start a backlog", Link: "/backlog",
			Hint: "List the topics and problems members want to work on, so everyone can vote."},
		{Key: "kickoff", Title: "Kick off", Link: "/events",
			Hint: "Hold a first meeting where members meet and hear what the community is for."},
		{Key: "first_events", Title: "Run the first events", Link: "/events",
			Hint: "Three events or more, in varied formats, to find a rhythm."},
		{Key: "improve", Title: "Keep improving", Link: "/health/checks",
			Hint: "Gather feedback regularly: a health check or a retrospective, then act on it."},
	}
}

// StepState is a step as it stands for one community.
type StepState struct {
	Step
	Done bool `json:"done"`
	// ByEvidence is true when data ticked it; Evidence says what.
	ByEvidence bool   `json:"by_evidence"`
	Evidence   string `json:"evidence"`
	// A tick by hand: its note, who and when.
	ByHand   bool      `json:"by_hand"`
	Note     string    `json:"note,omitempty"`
	TickedBy string    `json:"ticked_by,omitempty"`
	TickedAt time.Time `json:"ticked_at,omitzero"`
	URL      string    `json:"url"`
}

// Bootstrap is a community's bootstrap checklist.
type Bootstrap struct {
	Steps   []StepState `json:"steps"`
	Done    int         `json:"done"`
	CanEdit bool        `json:"can_edit"`
	// Show is true while the checklist belongs on the community's
	// overview: a community younger than about six months, or with steps
	// left to do.
	Show bool `json:"show"`
}

// Young is the age under which the overview shows the checklist anyway.
const Young = 183 * 24 * time.Hour

// Bootstrap returns the community's bootstrap steps, as viewer may see them.
func (s *Service) Bootstrap(ctx context.Context, viewer account.User, slug string) (Bootstrap, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return Bootstrap{}, err
	}
	return s.bootstrap(ctx, sc)
}

func (s *Service) bootstrap(ctx context.Context, sc scope) (Bootstrap, error) {
	f := Facts{Slug: sc.c.Slug, Now: s.clock.Now(), Purpose: sc.c.Purpose}
	f.Since = f.Now.Add(-WindowDays * 24 * time.Hour)
	if err := s.canvasFacts(ctx, sc.c.ID, &f); err != nil {
		return Bootstrap{}, err
	}
	if err := s.eventFacts(ctx, sc, &f); err != nil {
		return Bootstrap{}, err
	}
	team, err := s.communities.Team(ctx, sc.c.ID)
	if err != nil {
		return Bootstrap{}, err
	}
	for _, p := range team {
		if p.Role == "sponsor" {
			f.Sponsors++
		}
	}
	if f.Backlog, err = s.backlog.CountByStatus(ctx, sc.c.ID); err != nil {
		return Bootstrap{}, err
	}
	var rounds, retros int
	if err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM health_rounds WHERE community_id = $1),
		(SELECT COUNT(*) FROM retros WHERE community_id = $1)`, sc.c.ID).Scan(&rounds, &retros); err != nil {
		return Bootstrap{}, fmt.Errorf("maturity: bootstrap: %w", err)
	}
	evidence := map[string]string{}
	if f.CanvasVision {
		evidence["goals"] = "The canvas's vision is written."
	}
	if f.Sponsors > 0 {
		evidence["sponsor"] = plural(f.Sponsors, "sponsor holds", "sponsors hold") + " the role."
	}
	if n := f.Backlog.All(); n > 0 {
		evidence["backlog"] = "The backlog has " + plural(n, "item", "items") + "."
	}
	if f.EventsEver > 0 {
		evidence["kickoff"] = "An event took place."
	}
	if f.EventsEver >= 3 {
		evidence["first_events"] = "Three events or more took place."
	}
	if rounds+retros > 0 {
		evidence["improve"] = plural(rounds, "health-check round", "health-check rounds") + " and " + plural(retros, "retrospective", "retrospectives") + " so far."
	}
	hand := map[string]StepState{}
	rows, err := s.db.QueryContext(ctx, `SELECT b.step, b.done, b.note, COALESCE(u.name, ''), b.ticked_at FROM bootstrap_ticks b
		LEFT JOIN users u ON u.id = b.ticked_by WHERE b.community_id = $1`, sc.c.ID)
	if err != nil {
		return Bootstrap{}, fmt.Errorf("maturity: bootstrap ticks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var st StepState
		var key string
		var at int64
		if err := rows.Scan(&key, &st.ByHand, &st.Note, &st.TickedBy, &at); err != nil {
			return Bootstrap{}, fmt.Errorf("maturity: bootstrap ticks: %w", err)
		}
		st.TickedAt = store.Time(at)
		hand[key] = st
	}
	if err := rows.Err(); err != nil {
		return Bootstrap{}, err
	}
	out := Bootstrap{CanEdit: sc.mayEdit()}
	for _, step := range Steps() {
		st := hand[step.Key]
		st.Step, st.URL = step, "/c/"+sc.c.Slug+step.Link
		if e, ok := evidence[step.Key]; ok {
			st.ByEvidence, st.Evidence = true, e
		}
		st.Done = st.ByEvidence || st.ByHand
		if st.Done {
			out.Done++
		}
		out.Steps = append(out.Steps, st)
	}
	out.Show = out.Done < len(out.Steps) || f.Now.Sub(sc.c.CreatedAt) < Young
	return out, nil
}

// Tick ticks (done) or unticks a bootstrap step by hand, with a note
// (leader and core group). Steps ticked by evidence stay ticked.
func (s *Service) Tick(ctx context.Context, user account.User, slug, step string, done bool, note string) (Bootstrap, error) {
	sc, err := s.coreScope(ctx, user, slug, "tick bootstrap steps")
	if err != nil {
		return Bootstrap{}, err
	}
	found := false
	for _, st := range Steps() {
		found = found || st.Key == step
	}
	if !found {
		return Bootstrap{}, errs.E(errs.NotFound, "There is no bootstrap step “%s”.", clip(step))
	}
	var f errs.Fields
	note = validate.Text(&f, "note", "Note", note, 0, NoteMax, true)
	if err := f.Err(); err != nil {
		return Bootstrap{}, err
	}
	kind := ActivityBootstrapTicked
	if !done {
		kind = ActivityBootstrapUnticked
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO bootstrap_ticks (community_id, step, done, note, ticked_by, ticked_at)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (community_id, step) DO UPDATE SET done = excluded.done, note = excluded.note,
				ticked_by = excluded.ticked_by, ticked_at = excluded.ticked_at`,
			sc.c.ID, step, done, note, user.ID, store.Millis(s.clock.Now())); err != nil {
			return fmt.Errorf("maturity: tick: %w", err)
		}
		return s.record(ctx, sc, kind, "community", sc.c.ID, map[string]any{"step": step})
	})
	if err != nil {
		return Bootstrap{}, err
	}
	return s.bootstrap(ctx, sc)
}

// plural writes n with the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
