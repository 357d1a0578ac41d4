package maturity

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/backlog"
	"cultivate/internal/community"
	"cultivate/internal/events"
	"cultivate/internal/store"
)

// Facts are the numbers the evidence is made of, for one community over
// the last WindowDays. They are computed on demand (Evidence) from a few
// bounded reads: one range of the community's activity log, its
// occurrences through the events area, its backlog counts.
type Facts struct {
	Slug  string
	Since time.Time
	Now   time.Time

	Purpose       string
	CodeOfConduct bool
	CanvasVision  bool // the canvas's vision section is written
	CanvasHow     bool // its "how & measures" section is written
	Sponsors      int
	CoreSize      int // the leader and the core group

	Held        []events.Occurrence // occurrences held in the window, oldest first
	Formats     int                 // distinct formats among them
	OpenDoor    int                 // open-door or cross-community ones, or hosted by another community
	Attendance  float64             // people per held occurrence (recorded attendance, else RSVPs)
	MaxGapDays  int                 // the longest stretch without one, window edges included
	EventsEver  int                 // occurrences held in the last year (at most 3 counted)
	Announced   int
	Artefacts   int
	Minutes     int // minutes and summaries among the artefacts
	CaseStories int
	Adoptions   int
	Feedback    int // "was it worth your time?" answers
	HealthDone  int // health-check rounds closed
	Outcomes    int // "how did it turn out?" answers
	Asked       int
	Replies     int
	// Newcomers joined in the window at least a week before now; Welcomed
	// of them, within their first week, got a reply from someone else to a
	// request of theirs or took part themselves.
	Newcomers, Welcomed int
	// Moderators: leader and core members who triaged (claimed), locked,
	// closed, reopened or deleted requests or replies, or moved backlog items.
	Moderators []string
	// TopTwoShare is the share of replies and events created that came
	// from the two most active people; Contributions is the total.
	TopTwoShare   float64
	Contributions int
	TopTwo        []string
	topTwoIDs     []int64
	// Contributors outside the leader and core group who asked, replied,
	// wrote, proposed or hosted.
	Contributors int
	Organizers   int // distinct people who created events, posted announcements or moved backlog items
	Proposals    int // backlog items proposed by members outside the core group
	Backlog      backlog.Counts
	Targets      int
	Areas        int // of help, knowledge, events, backlog: how many saw activity
}

// kinds the activity scan reads.
var factKinds = []string{
	"member.joined", "member.join_approved",
	"request.asked", "request.replied", "request.claimed", "request.locked", "request.unlocked", "request.closed",
	"request.reopened", "request.deleted", "reply.deleted", "request.outcome",
	"event.created", "event.feedback", "event.attendance", "event.rsvp",
	"announcement.posted", "artefact.created", "artefact.adopted",
	"backlog.proposed", "backlog.moved", "health.round_closed",
}

type entry struct {
	at      int64
	actor   int64
	kind    string
	subject int64
	detail  string
}

// activitySince returns the community's entries of the given kinds at or
// after since, oldest first. The log is indexed by (community_id, id), not
// by time, so it first finds the newest entry before since (a backward
// walk over the window only), then reads the ids after it: both are range
// scans bounded by the window.
func (s *Service) activitySince(ctx context.Context, communityID int64, since time.Time, kinds []string) ([]entry, error) {
	var boundary int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM activity WHERE community_id = $1 AND at < $2 ORDER BY id DESC LIMIT 1`,
		communityID, store.Millis(since)).Scan(&boundary)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("maturity: activity boundary: %w", err)
	}
	args := []any{communityID, boundary, store.Millis(since)}
	marks := make([]string, len(kinds))
	for i, k := range kinds {
		args = append(args, k)
		marks[i] = fmt.Sprintf("$%d", len(args))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT at, COALESCE(actor_id, 0), kind, COALESCE(subject_id, 0), detail FROM activity
		WHERE community_id = $1 AND id > $2 AND at >= $3 AND kind IN (`+strings.Join(marks, ", ")+`) ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("maturity: activity: %w", err)
	}
	defer rows.Close()
	var out []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.at, &e.actor, &e.kind, &e.subject, &e.detail); err != nil {
			return nil, fmt.Errorf("maturity: activity: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Facts computes the facts of the community at slug, as viewer may see it.
func (s *Service) Facts(ctx context.Context, viewer account.User, slug string) (Facts, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return Facts{}, err
	}
	return s.facts(ctx, sc)
}

func (s *Service) facts(ctx context.Context, sc scope) (Facts, error) {
	now := s.clock.Now()
	f := Facts{Slug: sc.c.Slug, Now: now, Since: now.Add(-WindowDays * 24 * time.Hour), Purpose: strings.TrimSpace(sc.c.Purpose),
		CodeOfConduct: strings.TrimSpace(sc.c.CodeOfConduct) != ""}
	team, err := s.communities.Team(ctx, sc.c.ID)
	if err != nil {
		return f, err
	}
	core := map[int64]string{}
	for _, p := range team {
		switch p.Role {
		case community.Leader, community.Core:
			core[p.UserID] = p.Name
			f.CoreSize++
		case community.Sponsor:
			f.Sponsors++
		}
	}
	if err := s.canvasFacts(ctx, sc.c.ID, &f); err != nil {
		return f, err
	}
	if err := s.eventFacts(ctx, sc, &f); err != nil {
		return f, err
	}
	if f.Backlog, err = s.backlog.CountByStatus(ctx, sc.c.ID); err != nil {
		return f, err
	}
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM targets WHERE community_id = $1`, sc.c.ID).Scan(&f.Targets); err != nil {
		return f, fmt.Errorf("maturity: targets: %w", err)
	}
	list, err := s.activitySince(ctx, sc.c.ID, f.Since, factKinds)
	if err != nil {
		return f, err
	}
	activityFacts(&f, list, core)
	// The two most active people may be outside the core group: name them.
	for i, id := range f.topTwoIDs {
		if f.TopTwo[i] != "" {
			continue
		}
		var name string
		if err := s.db.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1`, id).Scan(&name); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return f, fmt.Errorf("maturity: name: %w", err)
		}
		if name == "" {
			name = "a former member"
		}
		f.TopTwo[i] = name
	}
	return f, nil
}

func (s *Service) canvasFacts(ctx context.Context, communityID int64, f *Facts) error {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT section FROM canvas_revisions WHERE community_id = $1`, communityID)
	if err != nil {
		return fmt.Errorf("maturity: canvas: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		if err := rows.Scan(&key); err != nil {
			return fmt.Errorf("maturity: canvas: %w", err)
		}
		f.CanvasVision = f.CanvasVision || key == "vision"
		f.CanvasHow = f.CanvasHow || key == "how"
	}
	return rows.Err()
}

// eventFacts reads the occurrences held through the events area, which
// expands recurring series and applies moved and cancelled occurrences.
func (s *Service) eventFacts(ctx context.Context, sc scope, f *Facts) error {
	past, err := s.events.List(ctx, sc.viewer, sc.c.Slug, events.Filter{Past: true, Limit: 200})
	if err != nil {
		return err
	}
	formats := map[events.Format]bool{}
	for _, o := range past {
		if o.Cancelled {
			continue
		}
		f.EventsEver++
		if o.Start.Before(f.Since) {
			continue
		}
		f.Held = append(f.Held, o)
		formats[o.Format] = true
		if o.Format == events.OpenDoor || o.Format == events.CrossCommunity || o.Community.ID != sc.c.ID {
			f.OpenDoor++
		}
	}
	f.Formats = len(formats)
	sort.Slice(f.Held, func(i, j int) bool { return f.Held[i].Start.Before(f.Held[j].Start) })
	// A young community's first gap starts when it was created.
	prev := f.Since
	if sc.c.CreatedAt.After(prev) {
		prev = sc.c.CreatedAt
	}
	for _, o := range f.Held {
		f.MaxGapDays = max(f.MaxGapDays, int(o.Start.Sub(prev).Hours()/24))
		prev = o.Start
	}
	f.MaxGapDays = max(f.MaxGapDays, int(f.Now.Sub(prev).Hours()/24))
	return nil
}

// activityFacts folds the window's log entries into f.
func activityFacts(f *Facts, list []entry, core map[int64]string) {
	type joined struct{ user, at int64 }
	var newcomers []joined
	askedBy := map[int64]int64{} // request → asker
	firstAct := map[int64][]int64{}
	repliedTo := map[int64][]int64{} // asker → times someone else replied to them
	contrib := map[int64]int{}
	outside := map[int64]bool{}
	organizers := map[int64]bool{}
	moderators := map[int64]bool{}
	attendance := map[string]int{} // event/occurrence → latest count
	areas := map[string]bool{}
	week := int64(7 * 24 * time.Hour / time.Millisecond)
	cutoff := store.Millis(f.Now) - week
	for _, e := range list {
		_, isCore := core[e.actor]
		switch e.kind {
		case "member.joined", "member.join_approved":
			if e.at <= cutoff && e.subject != 0 {
				newcomers = append(newcomers, joined{e.subject, e.at})
			}
			continue
		case "request.asked":
			askedBy[e.subject] = e.actor
			f.Asked++
			areas["help"] = true
		case "request.replied":
			f.Replies++
			contrib[e.actor]++
			areas["help"] = true
			if asker, ok := askedBy[e.subject]; ok && asker != e.actor {
				repliedTo[asker] = append(repliedTo[asker], e.at)
			}
		case "request.claimed", "request.locked", "request.unlocked", "request.closed", "request.reopened", "request.deleted", "reply.deleted":
			if isCore {
				moderators[e.actor] = true
			}
		case "backlog.moved":
			if isCore {
				moderators[e.actor] = true
			}
			organizers[e.actor] = true
		case "request.outcome":
			f.Outcomes++
		case "event.created":
			contrib[e.actor]++
			organizers[e.actor] = true
			areas["events"] = true
		case "event.feedback":
			f.Feedback++
		case "event.attendance":
			var d struct {
				Occurrence string `json:"occurrence"`
				Attended   int    `json:"attended"`
			}
			if json.Unmarshal([]byte(e.detail), &d) == nil {
				attendance[fmt.Sprintf("%d/%s", e.subject, d.Occurrence)] = d.Attended
			}
		case "event.rsvp":
			areas["events"] = true
		case "announcement.posted":
			f.Announced++
			organizers[e.actor] = true
		case "artefact.created":
			f.Artefacts++
			areas["knowledge"] = true
			var d struct {
				Kind string `json:"kind"`
			}
			_ = json.Unmarshal([]byte(e.detail), &d)
			switch d.Kind {
			case "minutes", "summary":
				f.Minutes++
			case "case_story":
				f.CaseStories++
			}
		case "artefact.adopted":
			f.Adoptions++
		case "backlog.proposed":
			areas["backlog"] = true
			if !isCore && e.actor != 0 {
				f.Proposals++
			}
		case "health.round_closed":
			f.HealthDone++
		}
		if e.actor != 0 {
			firstAct[e.actor] = append(firstAct[e.actor], e.at)
			if !isCore && e.kind != "event.feedback" && e.kind != "request.outcome" {
				outside[e.actor] = true
			}
		}
	}
	for _, n := range newcomers {
		f.Newcomers++
		if within(repliedTo[n.user], n.at, n.at+week) || within(firstAct[n.user], n.at, n.at+week) {
			f.Welcomed++
		}
	}
	for id := range moderators {
		f.Moderators = append(f.Moderators, core[id])
	}
	sort.Strings(f.Moderators)
	f.Organizers = len(organizers)
	f.Contributors = len(outside)
	f.Areas = len(areas)
	type count struct {
		id int64
		n  int
	}
	var counts []count
	for id, n := range contrib {
		counts = append(counts, count{id, n})
		f.Contributions += n
	}
	sort.Slice(counts, func(i, j int) bool {
		if counts[i].n != counts[j].n {
			return counts[i].n > counts[j].n
		}
		return counts[i].id < counts[j].id
	})
	top := 0
	for i := 0; i < len(counts) && i < 2; i++ {
		top += counts[i].n
		f.topTwoIDs = append(f.topTwoIDs, counts[i].id)
		f.TopTwo = append(f.TopTwo, core[counts[i].id])
	}
	if f.Contributions > 0 {
		f.TopTwoShare = float64(top) / float64(f.Contributions)
	}
	people := 0
	for _, o := range f.Held {
		n, ok := attendance[fmt.Sprintf("%d/%s", o.EventID, o.Key())]
		if !ok {
			n = o.Going
		}
		people += n
	}
	if len(f.Held) > 0 {
		f.Attendance = float64(people) / float64(len(f.Held))
	}
}

// within reports whether any of times falls in [from, to].
func within(times []int64, from, to int64) bool {
	for _, t := range times {
		if t >= from && t <= to {
			return true
		}
	}
	return false
}
