package events

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// LocalLayout is how start and end are written in Input: local wall-clock
// time in the event's zone, as an HTML datetime-local field sends it.
const LocalLayout = "2006-01-02T15:04"

// Input is what a leader, core member or host fills in to create or
// change an event. Field errors use these names: title, format,
// description, start, end, time_zone, place, link, hosts, capacity,
// shared, recur_freq, recur_interval, recur_week, recur_until, recur_count.
type Input struct {
	Title       string
	Format      Format
	Description string
	Start, End  string // LocalLayout, in TimeZone
	TimeZone    string // IANA, e.g. Europe/London
	Place       string
	Link        string // http or https
	Hosts       []int64
	Capacity    int      // 0: no limit
	Shared      []string // slugs of other communities to show it in
	Recurrence  Recurrence
}

// clean is an Input that passed validation.
type clean struct {
	in         Input
	start, end time.Time
	loc        *time.Location
}

// checkLink accepts an http or https address with a host, or "".
func checkLink(f *errs.Fields, field, link string) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(link) > LinkMax {
		f.Add(field, "A link must be a web address starting with http:// or https://.")
	}
	return link
}

// ParseLocal reads a LocalLayout time in loc.
func ParseLocal(s string, loc *time.Location) (time.Time, error) {
	return time.ParseInLocation(LocalLayout, strings.TrimSpace(s), loc)
}

// check validates in, reporting every problem at once under its field.
func check(in Input) (clean, error) {
	var f errs.Fields
	out := clean{in: in}
	out.in.Title = validate.Text(&f, "title", "Title", in.Title, TitleMin, TitleMax, false)
	if _, ok := in.Format.Info(); !ok {
		f.Add("format", "Choose a format: brown bag, lightning talks, problem clinic, kata, workshop, retrospective, open door, cross-community meetup or other.")
	}
	out.in.Description = validate.Text(&f, "description", "Description", in.Description, 0, DescriptionMax, true)
	out.in.Place = validate.Text(&f, "place", "Place", in.Place, 0, PlaceMax, false)
	out.in.Link = checkLink(&f, "link", in.Link)
	out.in.TimeZone = strings.TrimSpace(in.TimeZone)
	loc, err := time.LoadLocation(out.in.TimeZone)
	if out.in.TimeZone == "" || err != nil || out.in.TimeZone == "Local" {
		f.Add("time_zone", "Choose a time zone by its IANA name, e.g. Europe/London or America/New_York.")
		loc = nil
	}
	out.loc = loc
	if loc != nil {
		if out.start, err = ParseLocal(in.Start, loc); err != nil {
			f.Add("start", "Give the start as a date and time (YYYY-MM-DDTHH:MM).")
		}
		if out.end, err = ParseLocal(in.End, loc); err != nil {
			f.Add("end", "Give the end as a date and time (YYYY-MM-DDTHH:MM).")
		}
		switch {
		case out.start.IsZero() || out.end.IsZero():
		case !out.end.After(out.start):
			f.Add("end", "The end must be after the start.")
		case out.end.Sub(out.start) > MaxDuration:
			f.Add("end", "An event lasts at most a week; make a series for something longer.")
		}
	}
	if out.in.Place == "" && out.in.Link == "" {
		f.Add("place", "Say where it happens: a place, a link to join, or both.")
	}
	if in.Capacity < 0 || in.Capacity > MaxCapacity {
		f.Add("capacity", fmt.Sprintf("Capacity is a number of people from 0 (no limit) to %d.", MaxCapacity))
	}
	if len(in.Hosts) > MaxHosts {
		f.Add("hosts", fmt.Sprintf("Name at most %d hosts.", MaxHosts))
	}
	if len(in.Shared) > MaxShared {
		f.Add("shared", fmt.Sprintf("Share with at most %d other communities.", MaxShared))
	}
	first := out.start
	out.in.Recurrence = checkRecurrence(&f, in.Recurrence, first)
	return out, f.Err()
}

// resolveHosts checks that every host is a member of the host community.
// With none given, the creator hosts.
func (s *Service) resolveHosts(ctx context.Context, f *errs.Fields, communityID int64, hosts []int64, creator int64) ([]int64, error) {
	if len(hosts) == 0 {
		hosts = []int64{creator}
	}
	var out []int64
	for _, h := range hosts {
		if slices.Contains(out, h) {
			continue
		}
		m, err := s.communities.Membership(ctx, communityID, h)
		if err != nil {
			return nil, err
		}
		if !m.IsMember() {
			f.Add("hosts", "Every host must be a member of the community.")
			return nil, nil
		}
		out = append(out, h)
	}
	return out, nil
}

// resolveShared finds the communities to share with; the actor must lead
// or be in the core group of each.
func (s *Service) resolveShared(ctx context.Context, f *errs.Fields, actor account.User, hostID int64, slugs []string) ([]int64, error) {
	var out []int64
	for _, slug := range slugs {
		slug = strings.TrimSpace(slug)
		if slug == "" {
			continue
		}
		c, m, err := s.communities.BySlug(ctx, slug, actor)
		if errs.Is(err, errs.NotFound) {
			f.Add("shared", "There is no community at /c/"+slug+" that you can see.")
			continue
		}
		if err != nil {
			return nil, err
		}
		if c.ID == hostID || slices.Contains(out, c.ID) {
			continue
		}
		if !m.CanModerate() {
			f.Add("shared", "To share an event with "+c.Name+" you must lead it or be in its core group.")
			continue
		}
		out = append(out, c.ID)
	}
	return out, nil
}

// seriesOf is the schedule a clean input describes.
func (c clean) series() series {
	return series{first: c.start, dur: c.end.Sub(c.start), loc: c.loc, rule: c.in.Recurrence}
}

// Create adds an event to the community at slug. The actor must lead it
// or be in its core group (and likewise in every community it is shared
// with). Hosts default to the actor.
func (s *Service) Create(ctx context.Context, actor account.User, slug string, in Input) (Event, error) {
	if actor.ID == 0 {
		return Event{}, errs.E(errs.Unauthorized, "Sign in to schedule an event.")
	}
	c, m, err := s.communities.BySlug(ctx, slug, actor)
	if err != nil {
		return Event{}, err
	}
	if !m.CanModerate() {
		return Event{}, errs.E(errs.Forbidden, "Only the leader and the core group can schedule events.")
	}
	cl, err := check(in)
	if err != nil {
		return Event{}, err
	}
	var f errs.Fields
	hosts, err := s.resolveHosts(ctx, &f, c.ID, in.Hosts, actor.ID)
	if err != nil {
		return Event{}, err
	}
	shared, err := s.resolveShared(ctx, &f, actor, c.ID, in.Shared)
	if err != nil {
		return Event{}, err
	}
	if err := f.Err(); err != nil {
		return Event{}, err
	}
	now := s.clock.Now()
	var id int64
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		r := cl.in.Recurrence
		if r.Interval == 0 {
			r.Interval = 1
		}
		err := s.db.QueryRowContext(ctx, `INSERT INTO events (community_id, title, format, description, start_at, end_at, time_zone, place, link, capacity,
				recur_freq, recur_interval, recur_week, recur_until, recur_count, series_end_at, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18) RETURNING id`,
			c.ID, cl.in.Title, string(cl.in.Format), cl.in.Description, store.Millis(cl.start), store.Millis(cl.end), cl.in.TimeZone,
			cl.in.Place, cl.in.Link, cl.in.Capacity, string(r.Freq), r.Interval, r.Week, r.Until, r.Count,
			store.NullMillis(cl.series().last()), actor.ID, store.Millis(now)).Scan(&id)
		if err != nil {
			return fmt.Errorf("events: create: %w", err)
		}
		if err := s.setLinks(ctx, id, hosts, shared); err != nil {
			return err
		}
		e, err := s.load(ctx, id)
		if err != nil {
			return err
		}
		return s.record(ctx, e, actor.ID, ActivityCreated, map[string]any{"title": e.Title, "format": string(e.Format)})
	})
	if err != nil {
		return Event{}, err
	}
	return s.Get(ctx, actor, slug, id)
}

func (s *Service) setLinks(ctx context.Context, id int64, hosts, shared []int64) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM event_hosts WHERE event_id = $1`, id); err != nil {
		return fmt.Errorf("events: hosts: %w", err)
	}
	for _, h := range hosts {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO event_hosts (event_id, user_id) VALUES ($1, $2)`, id, h); err != nil {
			return fmt.Errorf("events: hosts: %w", err)
		}
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM event_communities WHERE event_id = $1`, id); err != nil {
		return fmt.Errorf("events: shared: %w", err)
	}
	for _, c := range shared {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO event_communities (event_id, community_id) VALUES ($1, $2)`, id, c); err != nil {
			return fmt.Errorf("events: shared: %w", err)
		}
	}
	return nil
}

// InputOf is the Input that would save e unchanged: the start of an edit form.
func InputOf(e Event) Input {
	loc := e.location()
	in := Input{Title: e.Title, Format: e.Format, Description: e.Description, Start: e.Start.In(loc).Format(LocalLayout),
		End: e.End.In(loc).Format(LocalLayout), TimeZone: e.TimeZone, Place: e.Place, Link: e.Link, Capacity: e.Capacity, Recurrence: e.Recurrence}
	for _, h := range e.Hosts {
		in.Hosts = append(in.Hosts, h.ID)
	}
	for _, c := range e.SharedWith {
		in.Shared = append(in.Shared, c.Slug)
	}
	return in
}

// Update changes event id: the leader or core group of its host
// community, or its hosts, may. When the schedule changes, answers,
// attendance, feedback and single-occurrence changes follow their
// occurrence by its position in the series; those whose position no
// longer exists are dropped. Capacity may not fall below the number of
// people going to any future occurrence. Everyone who answered a future
// occurrence is told when the time or place changes.
func (s *Service) Update(ctx context.Context, actor account.User, slug string, id int64, in Input) (Event, error) {
	sc, err := s.scope(ctx, actor, slug, id)
	if err != nil {
		return Event{}, err
	}
	if !sc.manages() {
		return Event{}, errs.E(errs.Forbidden, "Only the hosts, the leader and the core group can change this event.")
	}
	if sc.e.Cancelled() {
		return Event{}, errs.E(errs.Conflict, "This event was cancelled; it can no longer be changed.")
	}
	cl, err := check(in)
	if err != nil {
		return Event{}, err
	}
	var f errs.Fields
	hosts, err := s.resolveHosts(ctx, &f, sc.e.Community.ID, in.Hosts, actor.ID)
	if err != nil {
		return Event{}, err
	}
	// Sharing needs the actor to moderate each community; communities it is
	// already shared with stay, whoever edits.
	var kept []string
	var fresh []string
	for _, slug := range in.Shared {
		if slices.ContainsFunc(sc.e.SharedWith, func(c CommunityRef) bool { return c.Slug == strings.TrimSpace(slug) }) {
			kept = append(kept, strings.TrimSpace(slug))
		} else {
			fresh = append(fresh, slug)
		}
	}
	shared, err := s.resolveShared(ctx, &f, actor, sc.e.Community.ID, fresh)
	if err != nil {
		return Event{}, err
	}
	for _, c := range sc.e.SharedWith {
		if slices.Contains(kept, c.Slug) {
			shared = append(shared, c.ID)
		}
	}
	if err := f.Err(); err != nil {
		return Event{}, err
	}
	now := s.clock.Now()
	old := sc.e.series()
	next := cl.series()
	scheduleChanged := !old.first.Equal(next.first) || old.dur != next.dur || old.loc.String() != next.loc.String() || old.rule != next.rule
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.db.LockKey(ctx, fmt.Sprintf("event:%d", id)); err != nil {
			return err
		}
		if scheduleChanged {
			if err := s.remap(ctx, id, old, next); err != nil {
				return err
			}
		}
		if err := s.checkCapacity(ctx, id, cl.in.Capacity, now); err != nil {
			return err
		}
		r := cl.in.Recurrence
		if r.Interval == 0 {
			r.Interval = 1
		}
		_, err := s.db.ExecContext(ctx, `UPDATE events SET title = $1, format = $2, description = $3, start_at = $4, end_at = $5, time_zone = $6,
				place = $7, link = $8, capacity = $9, recur_freq = $10, recur_interval = $11, recur_week = $12, recur_until = $13, recur_count = $14,
				series_end_at = $15, revision = revision + 1, updated_at = $16 WHERE id = $17`,
			cl.in.Title, string(cl.in.Format), cl.in.Description, store.Millis(cl.start), store.Millis(cl.end), cl.in.TimeZone,
			cl.in.Place, cl.in.Link, cl.in.Capacity, string(r.Freq), r.Interval, r.Week, r.Until, r.Count,
			store.NullMillis(next.last()), store.Millis(now), id)
		if err != nil {
			return fmt.Errorf("events: update: %w", err)
		}
		if err := s.setLinks(ctx, id, hosts, shared); err != nil {
			return err
		}
		if cl.in.Capacity > sc.e.Capacity || cl.in.Capacity == 0 {
			if err := s.promoteAll(ctx, sc.e, now); err != nil {
				return err
			}
		}
		if err := s.record(ctx, sc.e, actor.ID, ActivityUpdated, map[string]any{"title": cl.in.Title}); err != nil {
			return err
		}
		if scheduleChanged || cl.in.Place != sc.e.Place || cl.in.Link != sc.e.Link {
			people, err := s.answeredFuture(ctx, id, now)
			if err != nil {
				return err
			}
			return s.inbox.Send(ctx, notify.Note{Kind: notify.EventChanged, CommunityID: sc.e.Community.ID, ActorID: actor.ID,
				Title: "“" + cl.in.Title + "” changed: check the new time and place", Link: Path(sc.e.Community.Slug, id)}, people...)
		}
		return nil
	})
	if err != nil {
		return Event{}, err
	}
	return s.Get(ctx, actor, slug, id)
}

// remap moves every row keyed by an occurrence of old to the occurrence
// at the same position in next, and drops those without one.
func (s *Service) remap(ctx context.Context, id int64, old, next series) error {
	keys := map[int64]bool{}
	for _, q := range []string{`SELECT DISTINCT occurrence FROM event_rsvps WHERE event_id = $1`,
		`SELECT DISTINCT occurrence FROM event_attendance WHERE event_id = $1`,
		`SELECT DISTINCT occurrence FROM event_feedback WHERE event_id = $1`,
		`SELECT original_start FROM event_occurrences WHERE event_id = $1`} {
		rows, err := s.db.QueryContext(ctx, q, id)
		if err != nil {
			return fmt.Errorf("events: remap: %w", err)
		}
		for rows.Next() {
			var k int64
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return err
			}
			keys[k] = true
		}
		rows.Close()
	}
	// Move to temporary negative keys first, so a shift never collides
	// with a key not yet moved.
	type move struct{ from, to int64 }
	var moves []move
	for k := range keys {
		i := old.index(store.Time(k))
		var to int64 = -1
		if i >= 0 {
			st := next.nth(i)
			if next.within(i, st) {
				to = store.Millis(st)
			}
		}
		moves = append(moves, move{k, to})
	}
	tables := []struct{ table, col string }{{"event_rsvps", "occurrence"}, {"event_attendance", "occurrence"}, {"event_feedback", "occurrence"}, {"event_occurrences", "original_start"}}
	for _, mv := range moves {
		for _, t := range tables {
			var err error
			if mv.to < 0 {
				_, err = s.db.ExecContext(ctx, `DELETE FROM `+t.table+` WHERE event_id = $1 AND `+t.col+` = $2`, id, mv.from)
			} else {
				_, err = s.db.ExecContext(ctx, `UPDATE `+t.table+` SET `+t.col+` = $1 WHERE event_id = $2 AND `+t.col+` = $3`, -mv.to-1, id, mv.from)
			}
			if err != nil {
				return fmt.Errorf("events: remap %s: %w", t.table, err)
			}
		}
	}
	for _, t := range tables {
		if _, err := s.db.ExecContext(ctx, `UPDATE `+t.table+` SET `+t.col+` = -`+t.col+` - 1 WHERE event_id = $1 AND `+t.col+` < 0`, id); err != nil {
			return fmt.Errorf("events: remap %s: %w", t.table, err)
		}
	}
	return nil
}

// checkCapacity refuses a capacity below the number of people going to a
// future occurrence.
func (s *Service) checkCapacity(ctx context.Context, id int64, capacity int, now time.Time) error {
	if capacity == 0 {
		return nil
	}
	var most int
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM event_rsvps
		WHERE event_id = $1 AND answer = 'going' AND occurrence >= $2 GROUP BY occurrence) g`, id, store.Millis(now)).Scan(&most)
	if err != nil {
		return fmt.Errorf("events: capacity: %w", err)
	}
	if capacity < most {
		return errs.Field("capacity", fmt.Sprintf("%d people already said they are going to one of the coming dates; the capacity cannot be lower than that.", most))
	}
	return nil
}

// answeredFuture lists everyone who answered an occurrence not yet over.
func (s *Service) answeredFuture(ctx context.Context, id int64, now time.Time) ([]int64, error) {
	return s.userIDs(ctx, `SELECT DISTINCT user_id FROM event_rsvps WHERE event_id = $1 AND occurrence >= $2`, id, store.Millis(now.Add(-MaxDuration)))
}

func (s *Service) userIDs(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("events: people: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// Cancel cancels the whole event: every occurrence, past ones kept for the
// record. Everyone who answered a coming occurrence is told.
func (s *Service) Cancel(ctx context.Context, actor account.User, slug string, id int64) error {
	sc, err := s.scope(ctx, actor, slug, id)
	if err != nil {
		return err
	}
	if !sc.manages() {
		return errs.E(errs.Forbidden, "Only the hosts, the leader and the core group can cancel this event.")
	}
	if sc.e.Cancelled() {
		return errs.E(errs.Conflict, "This event is already cancelled.")
	}
	now := s.clock.Now()
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.ExecContext(ctx, `UPDATE events SET cancelled_at = $1, updated_at = $1, revision = revision + 1 WHERE id = $2`, store.Millis(now), id); err != nil {
			return fmt.Errorf("events: cancel: %w", err)
		}
		if err := s.record(ctx, sc.e, actor.ID, ActivityCancelled, map[string]any{"title": sc.e.Title}); err != nil {
			return err
		}
		people, err := s.answeredFuture(ctx, id, now)
		if err != nil {
			return err
		}
		return s.inbox.Send(ctx, notify.Note{Kind: notify.EventChanged, CommunityID: sc.e.Community.ID, ActorID: actor.ID,
			Title: "“" + sc.e.Title + "” was cancelled", Link: Path(sc.e.Community.Slug, id)}, people...)
	})
}
