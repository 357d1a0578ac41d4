package events

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
)

// Occurrence is one date of an event, with what differs from its series
// applied, as a viewer sees it.
type Occurrence struct {
	EventID       int64
	Original      time.Time // its name: the start the series' rule gives it
	Start, End    time.Time
	TimeZone      string
	Title         string
	Format        Format
	Community     CommunityRef // the host
	Place, Link   string
	Capacity      int
	Cancelled     bool // this occurrence, or the whole event
	Moved         bool // its time differs from the rule's
	Changed       bool // its time, place or link differs from the series'
	Recurring     bool
	AttendanceAt  time.Time // when its attendance was recorded; zero if not yet
	Going         int
	Waitlisted    int
	Maybe         int
	MyAnswer      Answer // the viewer's answer, "" if none
	WaitlistPlace int    // the viewer's place on the waitlist (1 = next), 0 if not on it
}

// Key names the occurrence in URLs.
func (o Occurrence) Key() string { return Key(o.Original) }

// Path is the occurrence's page.
func (o Occurrence) Path() string { return Path(o.Community.Slug, o.EventID) + "/" + o.Key() }

// FormatLabel is the format for people.
func (o Occurrence) FormatLabel() string { return o.Format.Label() }

// Full reports whether every seat is taken.
func (o Occurrence) Full() bool { return o.Capacity > 0 && o.Going >= o.Capacity }

// Local is the start in the event's zone.
func (o Occurrence) Local() time.Time {
	loc, err := time.LoadLocation(o.TimeZone)
	if err != nil {
		return o.Start
	}
	return o.Start.In(loc)
}

// LocalEnd is the end in the event's zone.
func (o Occurrence) LocalEnd() time.Time {
	loc, err := time.LoadLocation(o.TimeZone)
	if err != nil {
		return o.End
	}
	return o.End.In(loc)
}

// override is an event_occurrences row.
type override struct {
	start, end   sql.NullInt64
	place, link  sql.NullString
	cancelled    sql.NullInt64
	attendanceAt sql.NullInt64
}

func (s *Service) overrides(ctx context.Context, eventIDs []int64) (map[int64]map[int64]override, error) {
	out := map[int64]map[int64]override{}
	if len(eventIDs) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT event_id, original_start, start_at, end_at, place, link, cancelled_at, attendance_at
		FROM event_occurrences WHERE event_id IN (`+idList(eventIDs)+`)`)
	if err != nil {
		return nil, fmt.Errorf("events: overrides: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, orig int64
		var o override
		if err := rows.Scan(&id, &orig, &o.start, &o.end, &o.place, &o.link, &o.cancelled, &o.attendanceAt); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[int64]override{}
		}
		out[id][orig] = o
	}
	return out, rows.Err()
}

// idList writes ids for an IN clause; they are int64s from the database,
// never text from a client.
func idList(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprint(id)
	}
	return strings.Join(parts, ",")
}

// occurrence applies ov to the occurrence of e starting at orig.
func occurrence(e Event, orig time.Time, ov override, found bool) Occurrence {
	o := Occurrence{EventID: e.ID, Original: orig, Start: orig, End: orig.Add(e.End.Sub(e.Start)), TimeZone: e.TimeZone, Title: e.Title,
		Format: e.Format, Community: e.Community, Place: e.Place, Link: e.Link, Capacity: e.Capacity, Cancelled: e.Cancelled(),
		Recurring: e.Recurrence.Repeats()}
	if !found {
		return o
	}
	if ov.start.Valid {
		o.Start, o.End, o.Moved, o.Changed = store.Time(ov.start.Int64), store.Time(ov.end.Int64), true, true
	}
	if ov.place.Valid && ov.place.String != e.Place {
		o.Place, o.Changed = ov.place.String, true
	}
	if ov.link.Valid && ov.link.String != e.Link {
		o.Link, o.Changed = ov.link.String, true
	}
	if ov.cancelled.Valid {
		o.Cancelled = true
	}
	o.AttendanceAt = store.NullTime(ov.attendanceAt)
	return o
}

// expand returns the occurrences of events that overlap [from, to) after
// their changes are applied (a moved occurrence counts where it moved to),
// in order of start.
func (s *Service) expand(ctx context.Context, evs []Event, from, to time.Time) ([]Occurrence, error) {
	ids := make([]int64, len(evs))
	for i, e := range evs {
		ids[i] = e.ID
	}
	ovs, err := s.overrides(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []Occurrence
	for _, e := range evs {
		ser := e.series()
		seen := map[int64]bool{}
		for _, st := range ser.starts(from, to, 2000) {
			ov, ok := ovs[e.ID][store.Millis(st)]
			seen[store.Millis(st)] = true
			o := occurrence(e, st, ov, ok)
			if o.End.After(from) && o.Start.Before(to) {
				out = append(out, o)
			}
		}
		// Occurrences moved into the window from outside it.
		for orig, ov := range ovs[e.ID] {
			if seen[orig] || !ov.start.Valid || !ser.has(store.Time(orig)) {
				continue
			}
			o := occurrence(e, store.Time(orig), ov, true)
			if o.End.After(from) && o.Start.Before(to) {
				out = append(out, o)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Start.Equal(out[j].Start) {
			return out[i].Start.Before(out[j].Start)
		}
		return out[i].EventID < out[j].EventID
	})
	return out, nil
}

// fillCounts adds RSVP counts and viewerID's answer to each occurrence.
func (s *Service) fillCounts(ctx context.Context, occ []Occurrence, viewerID int64) error {
	if len(occ) == 0 {
		return nil
	}
	ids := map[int64]bool{}
	var list []int64
	for _, o := range occ {
		if !ids[o.EventID] {
			ids[o.EventID] = true
			list = append(list, o.EventID)
		}
	}
	type k struct{ e, o int64 }
	counts := map[k]map[Answer]int{}
	mine := map[k]Answer{}
	rows, err := s.db.QueryContext(ctx, `SELECT event_id, occurrence, answer, COUNT(*), SUM(CASE WHEN user_id = $1 THEN 1 ELSE 0 END)
		FROM event_rsvps WHERE event_id IN (`+idList(list)+`) GROUP BY event_id, occurrence, answer`, viewerID)
	if err != nil {
		return fmt.Errorf("events: counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key k
		var a string
		var n, me int
		if err := rows.Scan(&key.e, &key.o, &a, &n, &me); err != nil {
			return err
		}
		if counts[key] == nil {
			counts[key] = map[Answer]int{}
		}
		counts[key][Answer(a)] = n
		if me > 0 {
			mine[key] = Answer(a)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range occ {
		key := k{occ[i].EventID, store.Millis(occ[i].Original)}
		c := counts[key]
		occ[i].Going, occ[i].Waitlisted, occ[i].Maybe, occ[i].MyAnswer = c[Going], c[Waitlist], c[Maybe], mine[key]
		if occ[i].MyAnswer == Waitlist {
			p, err := s.waitlistPlace(ctx, occ[i].EventID, key.o, viewerID)
			if err != nil {
				return err
			}
			occ[i].WaitlistPlace = p
		}
	}
	return nil
}

func (s *Service) waitlistPlace(ctx context.Context, eventID, occ, userID int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_rsvps w, event_rsvps me
		WHERE me.event_id = $1 AND me.occurrence = $2 AND me.user_id = $3
		AND w.event_id = $1 AND w.occurrence = $2 AND w.answer = 'waitlist' AND (w.seq < me.seq OR (w.seq = me.seq AND w.user_id <= me.user_id))`,
		eventID, occ, userID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("events: waitlist place: %w", err)
	}
	return n, nil
}

// eventsIn loads the events of the given communities (hosted or shared)
// that may reach [from, to), cancelled ones included when withCancelled.
func (s *Service) eventsIn(ctx context.Context, where string, args []any, from, to time.Time, withCancelled bool) ([]Event, error) {
	n := len(args)
	q := `SELECT ` + eventColumns + ` FROM events e JOIN communities c ON c.id = e.community_id
		WHERE (` + where + `) AND e.start_at < $` + fmt.Sprint(n+1) + ` AND (e.series_end_at IS NULL OR e.series_end_at > $` + fmt.Sprint(n+2) + `
		OR EXISTS (SELECT 1 FROM event_occurrences o WHERE o.event_id = e.id AND o.start_at IS NOT NULL AND o.end_at > $` + fmt.Sprint(n+2) + ` AND o.start_at < $` + fmt.Sprint(n+1) + `))`
	if !withCancelled {
		q += ` AND e.cancelled_at IS NULL`
	}
	q += ` ORDER BY e.id`
	rows, err := s.db.QueryContext(ctx, q, append(args, store.Millis(to), store.Millis(from))...)
	if err != nil {
		return nil, fmt.Errorf("events: in window: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Filter selects a community's occurrences.
type Filter struct {
	Format Format
	Past   bool // the latest ones before now, newest first; else the coming ones
	Limit  int  // default 30
	// PerSeries keeps at most this many occurrences of each event (0: all),
	// so a weekly series does not crowd out everything else.
	PerSeries int
}

// Horizon is how far lists look ahead and back.
const Horizon = 366 * 24 * time.Hour

// List returns the occurrences of the community at slug (hosted or shared
// with it) as viewer may see them: the coming ones (ongoing included) in
// order, or with f.Past the ones that ended, newest first.
func (s *Service) List(ctx context.Context, viewer account.User, slug string, f Filter) ([]Occurrence, error) {
	c, _, err := s.communities.BySlug(ctx, slug, viewer)
	if err != nil {
		return nil, err
	}
	if f.Format != "" {
		if _, ok := f.Format.Info(); !ok {
			return nil, errs.Field("format", "Unknown format.")
		}
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 30
	}
	now := s.clock.Now()
	from, to := now, now.Add(Horizon)
	if f.Past {
		from, to = now.Add(-Horizon), now
	}
	where := `e.community_id = $1 OR e.id IN (SELECT event_id FROM event_communities WHERE community_id = $1)`
	args := []any{c.ID}
	if f.Format != "" {
		where = `(` + where + `) AND e.format = $2`
		args = append(args, string(f.Format))
	}
	evs, err := s.eventsIn(ctx, where, args, from, to, true)
	if err != nil {
		return nil, err
	}
	occ, err := s.expand(ctx, evs, from, to)
	if err != nil {
		return nil, err
	}
	if f.Past {
		var past []Occurrence
		for _, o := range occ {
			if !o.End.After(now) {
				past = append(past, o)
			}
		}
		for i, j := 0, len(past)-1; i < j; i, j = i+1, j-1 {
			past[i], past[j] = past[j], past[i]
		}
		occ = past
	}
	if f.PerSeries > 0 {
		seen := map[int64]int{}
		kept := occ[:0]
		for _, o := range occ {
			if seen[o.EventID] < f.PerSeries {
				seen[o.EventID]++
				kept = append(kept, o)
			}
		}
		occ = kept
	}
	if len(occ) > f.Limit {
		occ = occ[:f.Limit]
	}
	return occ, s.fillCounts(ctx, occ, viewer.ID)
}

// Occurrences returns the occurrences of event id that overlap [from,
// to), as viewer may see them (cancelled ones included, marked).
func (s *Service) Occurrences(ctx context.Context, viewer account.User, slug string, id int64, from, to time.Time) ([]Occurrence, error) {
	sc, err := s.scope(ctx, viewer, slug, id)
	if err != nil {
		return nil, err
	}
	if !to.After(from) || to.Sub(from) > 5*Horizon {
		return nil, errs.Field("to", "The window must end after it starts and span at most five years.")
	}
	occ, err := s.expand(ctx, []Event{sc.e}, from, to)
	if err != nil {
		return nil, err
	}
	return occ, s.fillCounts(ctx, occ, viewer.ID)
}

// Upcoming returns the occurrences, not cancelled, of the events of every
// community userID belongs to that overlap [from, to), in order of start,
// with userID's answers: for the home page and the weekly digest.
func (s *Service) Upcoming(ctx context.Context, userID int64, from, to time.Time) ([]Occurrence, error) {
	if userID == 0 {
		return nil, nil
	}
	where := `e.community_id IN (SELECT community_id FROM memberships WHERE user_id = $1)
		OR e.id IN (SELECT ec.event_id FROM event_communities ec JOIN memberships m ON m.community_id = ec.community_id WHERE m.user_id = $1)`
	evs, err := s.eventsIn(ctx, where, []any{userID}, from, to, false)
	if err != nil {
		return nil, err
	}
	all, err := s.expand(ctx, evs, from, to)
	if err != nil {
		return nil, err
	}
	var occ []Occurrence
	for _, o := range all {
		if !o.Cancelled {
			occ = append(occ, o)
		}
	}
	return occ, s.fillCounts(ctx, occ, userID)
}

// Occurrence returns the occurrence of event id named by orig, as viewer
// may see it.
func (s *Service) Occurrence(ctx context.Context, viewer account.User, slug string, id int64, orig time.Time) (Event, Occurrence, error) {
	sc, err := s.scope(ctx, viewer, slug, id)
	if err != nil {
		return Event{}, Occurrence{}, err
	}
	o, err := s.one(ctx, sc.e, orig)
	if err != nil {
		return Event{}, Occurrence{}, err
	}
	occ := []Occurrence{o}
	if err := s.fillCounts(ctx, occ, viewer.ID); err != nil {
		return Event{}, Occurrence{}, err
	}
	return sc.e, occ[0], nil
}

// Next returns the occurrence of event id to show on its page: the first
// that has not ended, else the last one.
func (s *Service) Next(ctx context.Context, viewer account.User, slug string, id int64) (Event, Occurrence, error) {
	sc, err := s.scope(ctx, viewer, slug, id)
	if err != nil {
		return Event{}, Occurrence{}, err
	}
	now := s.clock.Now()
	ser := sc.e.series()
	orig := sc.e.Start
	if got := ser.starts(now, now.Add(5*Horizon), 1); len(got) > 0 {
		orig = got[0]
	} else if last := ser.last(); !last.IsZero() {
		if got := ser.starts(last.Add(-ser.dur), last, 1); len(got) > 0 {
			orig = got[0]
		}
	}
	return s.Occurrence(ctx, viewer, slug, id, orig)
}

// one is the occurrence of e named by orig, or NotFound.
func (s *Service) one(ctx context.Context, e Event, orig time.Time) (Occurrence, error) {
	if !e.series().has(orig) {
		return Occurrence{}, errs.E(errs.NotFound, "There is no such occurrence of this event.")
	}
	var ov override
	err := s.db.QueryRowContext(ctx, `SELECT start_at, end_at, place, link, cancelled_at, attendance_at FROM event_occurrences
		WHERE event_id = $1 AND original_start = $2`, e.ID, store.Millis(orig)).Scan(&ov.start, &ov.end, &ov.place, &ov.link, &ov.cancelled, &ov.attendanceAt)
	found := err == nil
	if err != nil && !isNoRows(err) {
		return Occurrence{}, fmt.Errorf("events: occurrence: %w", err)
	}
	return occurrence(e, orig, ov, found), nil
}

// Change is a change to one occurrence. Empty Start and End keep the
// time; Place and Link replace the series' (empty Place and Link keep them).
type Change struct {
	Start, End  string // LocalLayout, in the event's zone
	Place, Link string
}

// ChangeOccurrence moves one occurrence or changes its place or link,
// leaving the rest of the series as it is. Everyone who answered it is told.
func (s *Service) ChangeOccurrence(ctx context.Context, actor account.User, slug string, id int64, orig time.Time, ch Change) (Occurrence, error) {
	sc, o, err := s.manageOccurrence(ctx, actor, slug, id, orig)
	if err != nil {
		return Occurrence{}, err
	}
	var f errs.Fields
	loc := sc.e.location()
	start, end := o.Start, o.End
	if strings.TrimSpace(ch.Start) != "" || strings.TrimSpace(ch.End) != "" {
		var err1, err2 error
		start, err1 = ParseLocal(ch.Start, loc)
		end, err2 = ParseLocal(ch.End, loc)
		if err1 != nil {
			f.Add("start", "Give the start as a date and time (YYYY-MM-DDTHH:MM).")
		}
		if err2 != nil {
			f.Add("end", "Give the end as a date and time (YYYY-MM-DDTHH:MM).")
		}
		if err1 == nil && err2 == nil && !end.After(start) {
			f.Add("end", "The end must be after the start.")
		}
		if err1 == nil && err2 == nil && end.Sub(start) > MaxDuration {
			f.Add("end", "An event lasts at most a week.")
		}
	}
	place := strings.TrimSpace(ch.Place)
	if len([]rune(place)) > PlaceMax {
		f.Add("place", fmt.Sprintf("Place must be at most %d characters.", PlaceMax))
	}
	link := checkLink(&f, "link", ch.Link)
	if err := f.Err(); err != nil {
		return Occurrence{}, err
	}
	if place == "" {
		place = o.Place
	}
	if link == "" {
		link = o.Link
	}
	now := s.clock.Now()
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		var ms, me any
		if !start.Equal(orig) || end.Sub(start) != sc.e.End.Sub(sc.e.Start) {
			ms, me = store.Millis(start), store.Millis(end)
		}
		if err := s.upsertOccurrence(ctx, id, orig, now, `start_at = $3, end_at = $4, place = $5, link = $6`, ms, me, place, link); err != nil {
			return err
		}
		if err := s.bump(ctx, id, now); err != nil {
			return err
		}
		if err := s.record(ctx, sc.e, actor.ID, ActivityOccurrenceChange, map[string]any{"title": sc.e.Title, "occurrence": Key(orig),
			"start": start.UTC().Format(time.RFC3339)}); err != nil {
			return err
		}
		people, err := s.userIDs(ctx, `SELECT user_id FROM event_rsvps WHERE event_id = $1 AND occurrence = $2`, id, store.Millis(orig))
		if err != nil {
			return err
		}
		return s.inbox.Send(ctx, notify.Note{Kind: notify.EventChanged, CommunityID: sc.e.Community.ID, ActorID: actor.ID,
			Title: "“" + sc.e.Title + "” on " + o.Local().Format("Mon 2 Jan") + " changed: now " + start.In(loc).Format("Mon 2 Jan 15:04") + ", " + firstOf(place, link),
			Link:  o.Path()}, people...)
	})
	if err != nil {
		return Occurrence{}, err
	}
	_, out, err := s.Occurrence(ctx, actor, slug, id, orig)
	return out, err
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// bump marks the event changed, so calendar apps (DTSTAMP, SEQUENCE)
// take the change of one of its dates.
func (s *Service) bump(ctx context.Context, id int64, now time.Time) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE events SET revision = revision + 1, updated_at = $1 WHERE id = $2`, store.Millis(now), id); err != nil {
		return fmt.Errorf("events: bump: %w", err)
	}
	return nil
}

// upsertOccurrence writes the columns set names ($3 onwards) of
// occurrence (id, orig), creating its row if needed.
func (s *Service) upsertOccurrence(ctx context.Context, id int64, orig, now time.Time, set string, args ...any) error {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO event_occurrences (event_id, original_start, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (event_id, original_start) DO NOTHING`, id, store.Millis(orig), store.Millis(now)); err != nil {
		return fmt.Errorf("events: occurrence row: %w", err)
	}
	all := append([]any{id, store.Millis(orig)}, args...)
	all = append(all, store.Millis(now))
	q := fmt.Sprintf(`UPDATE event_occurrences SET %s, updated_at = $%d WHERE event_id = $1 AND original_start = $2`, set, len(all))
	if _, err := s.db.ExecContext(ctx, q, all...); err != nil {
		return fmt.Errorf("events: occurrence change: %w", err)
	}
	return nil
}

// manageOccurrence reads an occurrence the actor may change: they manage
// the event, it is not cancelled, and it has not ended.
func (s *Service) manageOccurrence(ctx context.Context, actor account.User, slug string, id int64, orig time.Time) (scope, Occurrence, error) {
	sc, err := s.scope(ctx, actor, slug, id)
	if err != nil {
		return scope{}, Occurrence{}, err
	}
	o, err := s.one(ctx, sc.e, orig)
	if err != nil {
		return scope{}, Occurrence{}, err
	}
	if !sc.manages() {
		return scope{}, Occurrence{}, errs.E(errs.Forbidden, "Only the hosts, the leader and the core group can change this event.")
	}
	if o.Cancelled {
		return scope{}, Occurrence{}, errs.E(errs.Conflict, "This occurrence is cancelled.")
	}
	if !o.End.After(s.clock.Now()) {
		return scope{}, Occurrence{}, errs.E(errs.Conflict, "This occurrence is over; it can no longer be changed.")
	}
	return sc, o, nil
}

// CancelOccurrence cancels one occurrence of a series (or a single
// event's only one), leaving the others. Everyone who answered it is told.
func (s *Service) CancelOccurrence(ctx context.Context, actor account.User, slug string, id int64, orig time.Time) error {
	sc, o, err := s.manageOccurrence(ctx, actor, slug, id, orig)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.upsertOccurrence(ctx, id, orig, now, `cancelled_at = $3`, store.Millis(now)); err != nil {
			return err
		}
		if err := s.bump(ctx, id, now); err != nil {
			return err
		}
		if err := s.record(ctx, sc.e, actor.ID, ActivityOccurrenceCancel, map[string]any{"title": sc.e.Title, "occurrence": Key(orig)}); err != nil {
			return err
		}
		people, err := s.userIDs(ctx, `SELECT user_id FROM event_rsvps WHERE event_id = $1 AND occurrence = $2`, id, store.Millis(orig))
		if err != nil {
			return err
		}
		return s.inbox.Send(ctx, notify.Note{Kind: notify.EventChanged, CommunityID: sc.e.Community.ID, ActorID: actor.ID,
			Title: "“" + sc.e.Title + "” on " + o.Local().Format("Mon 2 Jan 15:04") + " is cancelled", Link: o.Path()}, people...)
	})
}
