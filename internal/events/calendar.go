package events

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/ical"
	"cultivate/internal/store"
)

// ProdID names cultivate in the calendars it writes.
const ProdID = "-//cultivate//events//EN"

// CalendarToken returns userID's secret for calendar-feed addresses,
// making one the first time.
func (s *Service) CalendarToken(ctx context.Context, userID int64) (string, error) {
	var tok string
	err := s.db.QueryRowContext(ctx, `SELECT token FROM calendar_tokens WHERE user_id = $1`, userID).Scan(&tok)
	if err == nil {
		return tok, nil
	}
	if !isNoRows(err) {
		return "", fmt.Errorf("events: calendar token: %w", err)
	}
	return s.setCalendarToken(ctx, userID, false)
}

// RegenerateCalendarToken replaces userID's secret, so addresses given
// out before stop working.
func (s *Service) RegenerateCalendarToken(ctx context.Context, userID int64) (string, error) {
	return s.setCalendarToken(ctx, userID, true)
}

func (s *Service) setCalendarToken(ctx context.Context, userID int64, replace bool) (string, error) {
	if userID == 0 {
		return "", errs.E(errs.Unauthorized, "Sign in to get your calendar address.")
	}
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	tok := base64.RawURLEncoding.EncodeToString(b[:])
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		q := `INSERT INTO calendar_tokens (user_id, token, created_at) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO NOTHING`
		if replace {
			q = `INSERT INTO calendar_tokens (user_id, token, created_at) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO UPDATE SET token = $2, created_at = $3`
		}
		_, err := s.db.ExecContext(ctx, q, userID, tok, store.Millis(s.clock.Now()))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("events: calendar token: %w", err)
	}
	if !replace {
		return s.CalendarToken(ctx, userID)
	}
	return tok, nil
}

// CalendarUser returns the user whose calendar secret token is; an
// unknown token is NotFound.
func (s *Service) CalendarUser(ctx context.Context, token string) (int64, error) {
	var id int64
	if len(token) < 20 || len(token) > 64 {
		return 0, errs.E(errs.NotFound, "There is no calendar at this address. It may have been replaced by a new one.")
	}
	err := s.db.QueryRowContext(ctx, `SELECT user_id FROM calendar_tokens WHERE token = $1`, token).Scan(&id)
	if isNoRows(err) {
		return 0, errs.E(errs.NotFound, "There is no calendar at this address. It may have been replaced by a new one.")
	}
	if err != nil {
		return 0, fmt.Errorf("events: calendar user: %w", err)
	}
	return id, nil
}

// uid is an event's stable identifier in calendars.
func uid(id int64, host string) string { return "event-" + strconv.FormatInt(id, 10) + "@" + host }

// CommunityCalendar is the feed of the community at slug as viewer may
// see it: every event hosted by or shared with it, each series as one
// VEVENT with its rule, its cancelled occurrences as EXDATEs and its
// changed ones as RECURRENCE-ID VEVENTs. host names the site in UIDs;
// base is the site's address, for links.
func (s *Service) CommunityCalendar(ctx context.Context, viewer account.User, slug, host, base string) (ical.Calendar, error) {
	c, _, err := s.communities.BySlug(ctx, slug, viewer)
	if err != nil {
		return ical.Calendar{}, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT e.id FROM events e WHERE e.community_id = $1
		OR e.id IN (SELECT event_id FROM event_communities WHERE community_id = $1) ORDER BY e.id`, c.ID)
	if err != nil {
		return ical.Calendar{}, fmt.Errorf("events: calendar: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return ical.Calendar{}, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	cal := ical.Calendar{ProdID: ProdID, Name: c.Name + " · events"}
	ovs, err := s.overrides(ctx, ids)
	if err != nil {
		return ical.Calendar{}, err
	}
	for _, id := range ids {
		e, err := s.load(ctx, id)
		if err != nil {
			return ical.Calendar{}, err
		}
		cal.Events = append(cal.Events, seriesEvents(e, ovs[id], host, base)...)
	}
	return cal, nil
}

// seriesEvents is e as VEVENTs: the series and one per changed occurrence.
func seriesEvents(e Event, ovs map[int64]override, host, base string) []ical.Event {
	loc := e.location()
	ser := e.series()
	link := base + e.Path()
	main := ical.Event{UID: uid(e.ID, host), Stamp: e.UpdatedAt, Start: e.Start, End: e.End, Location: loc, Summary: e.Title,
		Description: describe(e, link), Place: placeOf(e.Place, e.Link), URL: link, Cancelled: e.Cancelled(), Sequence: e.Revision - 1, RRule: ser.rrule()}
	out := []ical.Event{}
	var changed []ical.Event
	for orig, ov := range ovs {
		o := occurrence(e, store.Time(orig), ov, true)
		if !ser.has(o.Original) {
			continue
		}
		switch {
		case ov.cancelled.Valid && e.Recurrence.Repeats():
			main.ExDates = append(main.ExDates, o.Original)
		case ov.cancelled.Valid:
			main.Cancelled = true
		case o.Changed && e.Recurrence.Repeats():
			changed = append(changed, ical.Event{UID: main.UID, Stamp: e.UpdatedAt, Start: o.Start, End: o.End, Location: loc,
				Summary: e.Title, Description: main.Description, Place: placeOf(o.Place, o.Link), URL: base + o.Path(), Cancelled: e.Cancelled(),
				Sequence: main.Sequence, RecurrenceID: o.Original})
		case o.Changed:
			main.Start, main.End, main.Place = o.Start, o.End, placeOf(o.Place, o.Link)
		}
	}
	sortTimes(main.ExDates)
	sortByRecurrence(changed)
	return append(append(out, main), changed...)
}

func sortTimes(ts []time.Time) { slices.SortFunc(ts, time.Time.Compare) }

func sortByRecurrence(es []ical.Event) {
	slices.SortFunc(es, func(a, b ical.Event) int { return a.RecurrenceID.Compare(b.RecurrenceID) })
}

func describe(e Event, link string) string {
	d := e.Format.Label() + " · " + e.Community.Name
	if e.Description != "" {
		d += "\n\n" + e.Description
	}
	return d + "\n\n" + link
}

func placeOf(place, link string) string {
	switch {
	case place != "" && link != "":
		return place + " · " + link
	case place != "":
		return place
	}
	return link
}

// OccurrenceCalendar is one occurrence as a calendar of its own, for
// "Add to calendar": a single VEVENT with a UID of its own.
func (s *Service) OccurrenceCalendar(ctx context.Context, viewer account.User, slug string, id int64, orig time.Time, host, base string) (ical.Calendar, error) {
	e, o, err := s.Occurrence(ctx, viewer, slug, id, orig)
	if err != nil {
		return ical.Calendar{}, err
	}
	return ical.Calendar{ProdID: ProdID, Events: []ical.Event{occurrenceEvent(e, o, host, base)}}, nil
}

func occurrenceEvent(e Event, o Occurrence, host, base string) ical.Event {
	return ical.Event{UID: "event-" + strconv.FormatInt(e.ID, 10) + "-" + o.Key() + "@" + host, Stamp: e.UpdatedAt, Start: o.Start, End: o.End,
		Location: e.location(), Summary: e.Title, Description: describe(e, base+o.Path()), Place: placeOf(o.Place, o.Link), URL: base + o.Path(),
		Cancelled: o.Cancelled, Sequence: e.Revision - 1}
}

// MyCalendar is userID's own feed: every occurrence they said they are
// going to (or maybe, or are waitlisted for) from a year back, across
// their communities, each as a VEVENT of its own.
func (s *Service) MyCalendar(ctx context.Context, userID int64, host, base string) (ical.Calendar, error) {
	now := s.clock.Now()
	rows, err := s.db.QueryContext(ctx, `SELECT r.event_id, r.occurrence FROM event_rsvps r
		WHERE r.user_id = $1 AND r.answer IN ('going', 'maybe', 'waitlist') AND r.occurrence >= $2
		AND EXISTS (SELECT 1 FROM memberships m JOIN events e ON e.id = r.event_id WHERE m.user_id = $1 AND (m.community_id = e.community_id
			OR m.community_id IN (SELECT community_id FROM event_communities WHERE event_id = e.id)))
		ORDER BY r.occurrence, r.event_id`, userID, store.Millis(now.Add(-Horizon)))
	if err != nil {
		return ical.Calendar{}, fmt.Errorf("events: my calendar: %w", err)
	}
	type ref struct{ id, orig int64 }
	var refs []ref
	for rows.Next() {
		var r ref
		if err := rows.Scan(&r.id, &r.orig); err != nil {
			rows.Close()
			return ical.Calendar{}, err
		}
		refs = append(refs, r)
	}
	rows.Close()
	cal := ical.Calendar{ProdID: ProdID, Name: "My events"}
	loaded := map[int64]Event{}
	for _, r := range refs {
		e, ok := loaded[r.id]
		if !ok {
			if e, err = s.load(ctx, r.id); err != nil {
				return ical.Calendar{}, err
			}
			loaded[r.id] = e
		}
		o, err := s.one(ctx, e, store.Time(r.orig))
		if err != nil {
			continue // its occurrence left the series
		}
		cal.Events = append(cal.Events, occurrenceEvent(e, o, host, base))
	}
	return cal, nil
}
