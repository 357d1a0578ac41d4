// Package ical writes iCalendar (RFC 5545) calendars: the community and
// member feeds and the "Add to calendar" download of one occurrence.
//
// It is small on purpose. The one Go library for the format
// (github.com/emersion/go-ical) has no tagged release, brings a recurrence
// library we do not need (we only write rules, never expand them here) and
// cannot build VTIMEZONE components, which is the part calendar clients are
// fussiest about. Here every zone used is written out from Go's own
// time-zone data for the years the calendar spans, so a client that does
// not know the zone still places every occurrence right.
//
// Parse reads calendars back; the tests use it to check Encode's output.
package ical

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is one VCALENDAR.
type Calendar struct {
	ProdID string // e.g. "-//cultivate//events//EN"
	Name   string // X-WR-CALNAME: what clients call the subscription
	Events []Event
}

// Event is one VEVENT: a single event, a series (RRule set), or one
// changed occurrence of a series (RecurrenceID set, same UID).
type Event struct {
	UID   string
	Stamp time.Time // DTSTAMP: when this data was produced or last changed
	Start time.Time
	End   time.Time
	// Location is the zone Start and End are written in (with TZID and a
	// VTIMEZONE); nil or UTC writes them in UTC.
	Location    *time.Location
	Summary     string
	Description string
	Place       string // LOCATION
	URL         string
	Cancelled   bool // STATUS:CANCELLED
	Sequence    int
	// RRule is the recurrence rule without the "RRULE:" prefix, e.g.
	// "FREQ=WEEKLY;INTERVAL=2;UNTIL=20270101T000000Z".
	RRule string
	// ExDates are the original starts of cancelled occurrences.
	ExDates []time.Time
	// RecurrenceID is the original start of the occurrence this VEVENT
	// changes; zero for a series or a single event.
	RecurrenceID time.Time
}

// utcStamp is the UTC form of DATE-TIME.
const utcStamp = "20060102T150405Z"

// localStamp is the local form, used with TZID.
const localStamp = "20060102T150405"

// Encode writes c as RFC 5545 text: CRLF line ends, lines folded at 75
// octets, TEXT values escaped, and a VTIMEZONE for every zone in use.
func (c Calendar) Encode(w io.Writer) error {
	var b bytes.Buffer
	line := func(name, value string) { writeFolded(&b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", c.ProdID)
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if c.Name != "" {
		line("X-WR-CALNAME", Escape(c.Name))
	}
	for _, z := range zonesOf(c.Events) {
		writeZone(&b, z.loc, z.from, z.to)
	}
	for _, e := range c.Events {
		writeEvent(&b, e)
	}
	line("END", "VCALENDAR")
	_, err := w.Write(b.Bytes())
	return err
}

// Bytes is Encode into memory.
func (c Calendar) Bytes() []byte {
	var b bytes.Buffer
	_ = c.Encode(&b)
	return b.Bytes()
}

func zoned(loc *time.Location) bool { return loc != nil && loc != time.UTC && loc.String() != "UTC" }

// dateTime writes a DATE-TIME property in loc (with TZID) or in UTC.
func dateTime(b *bytes.Buffer, name string, t time.Time, loc *time.Location) {
	if zoned(loc) {
		writeFolded(b, name+";TZID="+loc.String()+":"+t.In(loc).Format(localStamp))
		return
	}
	writeFolded(b, name+":"+t.UTC().Format(utcStamp))
}

func writeEvent(b *bytes.Buffer, e Event) {
	writeFolded(b, "BEGIN:VEVENT")
	writeFolded(b, "UID:"+e.UID)
	writeFolded(b, "DTSTAMP:"+e.Stamp.UTC().Format(utcStamp))
	if !e.RecurrenceID.IsZero() {
		dateTime(b, "RECURRENCE-ID", e.RecurrenceID, e.Location)
	}
	dateTime(b, "DTSTART", e.Start, e.Location)
	dateTime(b, "DTEND", e.End, e.Location)
	if e.RRule != "" {
		writeFolded(b, "RRULE:"+e.RRule)
	}
	if len(e.ExDates) > 0 {
		var parts []string
		for _, x := range e.ExDates {
			if zoned(e.Location) {
				parts = append(parts, x.In(e.Location).Format(localStamp))
			} else {
				parts = append(parts, x.UTC().Format(utcStamp))
			}
		}
		name := "EXDATE"
		if zoned(e.Location) {
			name += ";TZID=" + e.Location.String()
		}
		writeFolded(b, name+":"+strings.Join(parts, ","))
	}
	writeFolded(b, "SUMMARY:"+Escape(e.Summary))
	if e.Description != "" {
		writeFolded(b, "DESCRIPTION:"+Escape(e.Description))
	}
	if e.Place != "" {
		writeFolded(b, "LOCATION:"+Escape(e.Place))
	}
	if e.URL != "" {
		writeFolded(b, "URL:"+e.URL)
	}
	if e.Cancelled {
		writeFolded(b, "STATUS:CANCELLED")
	} else {
		writeFolded(b, "STATUS:CONFIRMED")
	}
	writeFolded(b, fmt.Sprintf("SEQUENCE:%d", e.Sequence))
	writeFolded(b, "END:VEVENT")
}

// Escape escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon,
// comma and line breaks.
func Escape(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// Unescape reverses Escape.
func Unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// writeFolded writes one content line, folded so no line is longer than
// 75 octets (RFC 5545 3.1), never inside a UTF-8 sequence, ended by CRLF.
func writeFolded(b *bytes.Buffer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space of a continuation line counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}

type zoneSpan struct {
	loc      *time.Location
	from, to time.Time
}

// zonesOf lists the zones the events use, each with the span of time its
// VTIMEZONE must cover, in a stable order.
func zonesOf(events []Event) []zoneSpan {
	spans := map[string]*zoneSpan{}
	for _, e := range events {
		if !zoned(e.Location) {
			continue
		}
		end := e.End
		if e.RRule != "" {
			end = ruleEnd(e)
		}
		z, ok := spans[e.Location.String()]
		if !ok {
			spans[e.Location.String()] = &zoneSpan{loc: e.Location, from: e.Start, to: end}
			continue
		}
		if e.Start.Before(z.from) {
			z.from = e.Start
		}
		if end.After(z.to) {
			z.to = end
		}
	}
	out := make([]zoneSpan, 0, len(spans))
	for _, z := range spans {
		out = append(out, *z)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].loc.String() < out[j].loc.String() })
	return out
}

// ruleEnd is how far a series may reach: its UNTIL, or, for a count or an
// open-ended rule, a horizon far enough for any client's view (COUNT
// rules of a weekly or monthly event end well within it).
func ruleEnd(e Event) time.Time {
	for part := range strings.SplitSeq(e.RRule, ";") {
		if v, ok := strings.CutPrefix(part, "UNTIL="); ok {
			if t, err := time.Parse(utcStamp, v); err == nil {
				return t.Add(e.End.Sub(e.Start))
			}
		}
	}
	return e.Start.AddDate(5, 0, 0)
}

// transition is a change of a zone's UTC offset.
type transition struct {
	at         time.Time // the instant of the change
	from, to   int       // offsets in seconds
	name       string    // the abbreviation after the change
	isDaylight bool
}

// transitions finds every offset change of loc in [from, to), by stepping
// through the span a day at a time and narrowing each change to the second.
func transitions(loc *time.Location, from, to time.Time) []transition {
	var out []transition
	_, prev := from.In(loc).Zone()
	for t := from; t.Before(to); {
		next := t.Add(24 * time.Hour)
		if _, off := next.In(loc).Zone(); off != prev {
			lo, hi := t, next
			for hi.Sub(lo) > time.Second {
				mid := lo.Add(hi.Sub(lo) / 2)
				if _, o := mid.In(loc).Zone(); o == prev {
					lo = mid
				} else {
					hi = mid
				}
			}
			name, after := hi.In(loc).Zone()
			out = append(out, transition{at: hi, from: prev, to: after, name: name, isDaylight: hi.In(loc).IsDST()})
			prev = after
		}
		t = next
	}
	return out
}

// writeZone writes loc's VTIMEZONE for the whole years from and to fall in:
// one observance for the offset in force at the start of the span, then
// one per change, each without a rule (RFC 5545 allows listing changes).
func writeZone(b *bytes.Buffer, loc *time.Location, from, to time.Time) {
	start := time.Date(from.In(loc).Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(to.In(loc).Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
	writeFolded(b, "BEGIN:VTIMEZONE")
	writeFolded(b, "TZID:"+loc.String())
	name, off := start.In(loc).Zone()
	observance(b, start.In(loc).IsDST(), start.Add(time.Duration(off)*time.Second), off, off, name)
	for _, tr := range transitions(loc, start, end) {
		// DTSTART of an observance is the local time of the change, read
		// with the offset in force before it (TZOFFSETFROM).
		local := tr.at.UTC().Add(time.Duration(tr.from) * time.Second)
		observance(b, tr.isDaylight, local, tr.from, tr.to, tr.name)
	}
	writeFolded(b, "END:VTIMEZONE")
}

func observance(b *bytes.Buffer, daylight bool, local time.Time, from, to int, name string) {
	kind := "STANDARD"
	if daylight {
		kind = "DAYLIGHT"
	}
	writeFolded(b, "BEGIN:"+kind)
	writeFolded(b, "DTSTART:"+local.UTC().Format(localStamp))
	writeFolded(b, "TZOFFSETFROM:"+offset(from))
	writeFolded(b, "TZOFFSETTO:"+offset(to))
	if name != "" && !strings.ContainsAny(name, "+-") {
		writeFolded(b, "TZNAME:"+Escape(name))
	}
	writeFolded(b, "END:"+kind)
}

// offset formats seconds east of UTC as +HHMM (or +HHMMSS when needed).
func offset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec%3600/60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}
