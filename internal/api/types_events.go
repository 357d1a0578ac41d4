package api

import (
	"time"

	"cultivate/internal/events"
)

// Events as JSON (issue 4). Times are RFC 3339 in UTC; an event's own
// zone is time_zone, and local_start / local_end repeat the times as the
// event's zone reads them. An occurrence is named by its event and its
// original_start: send that as "occurrence" to answer, record
// attendance, give feedback or change that one date.

// eventFormatJSON is a format with its "What is this?".
type eventFormatJSON struct {
	Format string `json:"format"`
	Label  string `json:"label"`
	About  string `json:"about"`
	Credit string `json:"credit"`
}

type eventFormatsJSON struct {
	Formats []eventFormatJSON `json:"formats"`
}

// eventCommunityJSON names a community an event belongs to.
type eventCommunityJSON struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// recurrenceJSON is a series' rule.
type recurrenceJSON struct {
	Freq     string `json:"freq" enum:",weekly,monthly" doc:"Empty for a single event."`
	Interval int    `json:"interval" doc:"Every interval weeks or months; 1 to 52."`
	Week     int    `json:"week" doc:"Monthly only: the week of the month, 1 to 4, or -1 for the last; the weekday is the first date's."`
	Until    string `json:"until" doc:"The last local date (YYYY-MM-DD) an occurrence may fall on, or empty."`
	Count    int    `json:"count" doc:"How many occurrences in all, or 0. Not with until."`
}

type eventPermissionsJSON struct {
	Edit         bool `json:"edit"`
	Attendance   bool `json:"attendance"`
	SeeFeedback  bool `json:"see_feedback"`
	RSVP         bool `json:"rsvp"`
	WriteMinutes bool `json:"write_minutes"`
}

// eventJSON is an event or a series.
type eventJSON struct {
	ID          int64                `json:"id"`
	Community   eventCommunityJSON   `json:"community" doc:"The host community."`
	SharedWith  []eventCommunityJSON `json:"shared_with" doc:"Other communities it appears in."`
	Title       string               `json:"title"`
	Format      string               `json:"format" enum:"brown_bag,lightning_talks,problem_clinic,kata,workshop,retrospective,open_door,cross_community,other"`
	Description string               `json:"description" doc:"Markdown, exactly as written."`
	Start       time.Time            `json:"start" doc:"The first occurrence's start."`
	End         time.Time            `json:"end"`
	LocalStart  string               `json:"local_start" doc:"Start in time_zone, YYYY-MM-DDTHH:MM."`
	LocalEnd    string               `json:"local_end"`
	TimeZone    string               `json:"time_zone"`
	Place       string               `json:"place"`
	Link        string               `json:"link"`
	Capacity    int                  `json:"capacity" doc:"0: no limit."`
	Recurrence  recurrenceJSON       `json:"recurrence"`
	Schedule    string               `json:"schedule" doc:"The rule in words."`
	Hosts       []authorJSON         `json:"hosts"`
	Revision    int                  `json:"revision"`
	CreatedAt   time.Time            `json:"created_at"`
	UpdatedAt   time.Time            `json:"updated_at"`
	CancelledAt *time.Time           `json:"cancelled_at"`
	Can         eventPermissionsJSON `json:"can"`
}

func newEvent(e events.Event) eventJSON {
	in := events.InputOf(e)
	out := eventJSON{ID: e.ID, Community: eventCommunityJSON(e.Community), SharedWith: []eventCommunityJSON{}, Title: e.Title, Format: string(e.Format),
		Description: e.Description, Start: e.Start.UTC(), End: e.End.UTC(), LocalStart: in.Start, LocalEnd: in.End, TimeZone: e.TimeZone,
		Place: e.Place, Link: e.Link, Capacity: e.Capacity, Schedule: e.Schedule(), Hosts: []authorJSON{}, Revision: e.Revision,
		Recurrence: recurrenceJSON{Freq: string(e.Recurrence.Freq), Interval: e.Recurrence.Interval, Week: e.Recurrence.Week, Until: e.Recurrence.Until, Count: e.Recurrence.Count},
		CreatedAt:  e.CreatedAt.UTC(), UpdatedAt: e.UpdatedAt.UTC(), CancelledAt: optTime(e.CancelledAt), Can: eventPermissionsJSON(e.Can)}
	for _, c := range e.SharedWith {
		out.SharedWith = append(out.SharedWith, eventCommunityJSON(c))
	}
	for _, h := range e.Hosts {
		out.Hosts = append(out.Hosts, authorJSON{ID: h.ID, Name: h.Name})
	}
	return out
}

// occurrenceJSON is one date of an event.
type occurrenceJSON struct {
	EventID       int64              `json:"event_id"`
	OriginalStart time.Time          `json:"original_start" doc:"Names the occurrence: send it as occurrence. It stays the same when the date is moved."`
	Start         time.Time          `json:"start"`
	End           time.Time          `json:"end"`
	LocalStart    string             `json:"local_start"`
	TimeZone      string             `json:"time_zone"`
	Title         string             `json:"title"`
	Format        string             `json:"format"`
	Community     eventCommunityJSON `json:"community" doc:"The host community."`
	Place         string             `json:"place"`
	Link          string             `json:"link"`
	Capacity      int                `json:"capacity"`
	Cancelled     bool               `json:"cancelled"`
	Changed       bool               `json:"changed" doc:"Its time, place or link differs from the series'."`
	Going         int                `json:"going"`
	Waitlisted    int                `json:"waitlisted"`
	Maybe         int                `json:"maybe"`
	MyAnswer      *string            `json:"my_answer" enum:"going,maybe,not_going,waitlist" doc:"The caller's answer; null if none."`
	WaitlistPlace int                `json:"waitlist_place" doc:"The caller's place on the waitlist (1 is next); 0 when not on it."`
	AttendanceAt  *time.Time         `json:"attendance_recorded_at"`
	Path          string             `json:"path" doc:"The occurrence's web page."`
}

func newOccurrence(o events.Occurrence) occurrenceJSON {
	return occurrenceJSON{EventID: o.EventID, OriginalStart: o.Original.UTC(), Start: o.Start.UTC(), End: o.End.UTC(), LocalStart: o.Local().Format(events.LocalLayout),
		TimeZone: o.TimeZone, Title: o.Title, Format: string(o.Format), Community: eventCommunityJSON(o.Community), Place: o.Place, Link: o.Link,
		Capacity: o.Capacity, Cancelled: o.Cancelled, Changed: o.Changed, Going: o.Going, Waitlisted: o.Waitlisted, Maybe: o.Maybe,
		MyAnswer: optString(string(o.MyAnswer)), WaitlistPlace: o.WaitlistPlace, AttendanceAt: optTime(o.AttendanceAt), Path: o.Path()}
}

func newOccurrences(list []events.Occurrence) []occurrenceJSON {
	out := make([]occurrenceJSON, len(list))
	for i, o := range list {
		out[i] = newOccurrence(o)
	}
	return out
}

// eventBody creates or replaces an event.
type eventBody struct {
	Title       string         `json:"title"`
	Format      string         `json:"format" enum:"brown_bag,lightning_talks,problem_clinic,kata,workshop,retrospective,open_door,cross_community,other"`
	Description string         `json:"description,omitempty" doc:"Markdown."`
	Start       string         `json:"start" doc:"Local wall-clock time in time_zone: YYYY-MM-DDTHH:MM."`
	End         string         `json:"end" doc:"Local wall-clock time in time_zone: YYYY-MM-DDTHH:MM."`
	TimeZone    string         `json:"time_zone" doc:"IANA name, e.g. Europe/London."`
	Place       string         `json:"place,omitempty"`
	Link        string         `json:"link,omitempty" doc:"http or https."`
	Hosts       []int64        `json:"hosts,omitempty" doc:"User ids of members of the community; the caller when left out."`
	Capacity    int            `json:"capacity,omitempty" doc:"0 or left out: no limit."`
	Shared      []string       `json:"shared_with,omitempty" doc:"Slugs of other communities to show it in; the caller must lead each or be in its core group."`
	Recurrence  *recurrenceRef `json:"recurrence,omitempty" doc:"Left out: a single event."`
}

// recurrenceRef is a recurrence in a request body.
type recurrenceRef struct {
	Freq     string `json:"freq" enum:",weekly,monthly"`
	Interval *int   `json:"interval,omitempty" doc:"Every interval weeks or months, 1 to 52; 1 when left out."`
	Week     int    `json:"week,omitempty"`
	Until    string `json:"until,omitempty"`
	Count    int    `json:"count,omitempty"`
}

func (b eventBody) input() events.Input {
	in := events.Input{Title: b.Title, Format: events.Format(b.Format), Description: b.Description, Start: b.Start, End: b.End,
		TimeZone: b.TimeZone, Place: b.Place, Link: b.Link, Hosts: b.Hosts, Capacity: b.Capacity, Shared: b.Shared}
	if r := b.Recurrence; r != nil {
		in.Recurrence = events.Recurrence{Freq: events.Freq(r.Freq), Interval: 1, Week: r.Week, Until: r.Until, Count: r.Count}
		if r.Interval != nil {
			in.Recurrence.Interval = *r.Interval
		}
	}
	return in
}

// rsvpBody answers one occurrence.
type rsvpBody struct {
	Occurrence time.Time `json:"occurrence" doc:"The occurrence's original_start."`
	Answer     string    `json:"answer" enum:"going,maybe,not_going"`
}

// attendanceBody records who was at one occurrence.
type attendanceBody struct {
	Occurrence time.Time `json:"occurrence"`
	UserIDs    []int64   `json:"user_ids" doc:"Everyone who was there; replaces an earlier record."`
}

// feedbackBody answers "was it worth your time?".
type feedbackBody struct {
	Occurrence time.Time `json:"occurrence"`
	Rating     int       `json:"rating" doc:"1 (not at all) to 5 (very much)."`
	Comment    string    `json:"comment,omitempty"`
}

// occurrenceChangeBody moves one occurrence or changes its place or link.
type occurrenceChangeBody struct {
	Occurrence time.Time `json:"occurrence"`
	Start      string    `json:"start,omitempty" doc:"Local YYYY-MM-DDTHH:MM; with end, moves the date."`
	End        string    `json:"end,omitempty"`
	Place      string    `json:"place,omitempty"`
	Link       string    `json:"link,omitempty"`
}

// occurrenceRefBody names one occurrence.
type occurrenceRefBody struct {
	Occurrence time.Time `json:"occurrence"`
}

// feedbackJSON is one attendee's answer.
type feedbackJSON struct {
	User      authorJSON `json:"user"`
	Rating    int        `json:"rating"`
	Comment   string     `json:"comment"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// feedbackSummaryJSON is what the hosts read about one occurrence.
type feedbackSummaryJSON struct {
	Count   int            `json:"count"`
	Average float64        `json:"average"`
	Answers []feedbackJSON `json:"answers"`
}

// calendarJSON is the caller's secret calendar address.
type calendarJSON struct {
	Path string `json:"path" doc:"The caller's own calendar: every occurrence they answered going or maybe. Keep it secret."`
	Key  string `json:"key" doc:"Append ?key= to a private community's /c/{slug}/events.ics."`
}
