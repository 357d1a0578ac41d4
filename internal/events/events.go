// Package events keeps a community's rhythm (seed 004: vary the formats,
// publish the minutes, be transparent): events of varied formats, single
// or recurring, with RSVPs and a waitlist, attendance recorded by the
// hosts, minutes as knowledge artefacts and "was it worth your time?"
// feedback afterwards.
//
// An event belongs to one host community and may be shared with others.
// A series is stored once, with its rule; an occurrence is named by
// (event id, original start) and has a row of its own only when it
// differs from its series (moved, cancelled, another place) or once its
// attendance is recorded. Expanding a series keeps the first occurrence's
// local wall-clock time in the event's time zone, so a weekly 12:00
// meeting stays at 12:00 when summer time begins.
//
// Reminders (a day before) and feedback asks (after the end) are durable
// jobs (internal/jobs) whose dedupe keys name the occurrence, so each is
// sent once per occurrence and person however many replicas run.
package events

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/jobs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
)

// Kinds of activity entry this package writes; subjects are ("event", id).
const (
	ActivityCreated          = "event.created"
	ActivityUpdated          = "event.updated"
	ActivityCancelled        = "event.cancelled"
	ActivityOccurrenceChange = "event.occurrence_changed"
	ActivityOccurrenceCancel = "event.occurrence_cancelled"
	ActivityRSVP             = "event.rsvp"
	ActivityAttendance       = "event.attendance"
	ActivityFeedback         = "event.feedback"
)

// Limits on what people write.
const (
	TitleMin       = 3
	TitleMax       = 200
	DescriptionMax = 20000
	PlaceMax       = 300
	LinkMax        = 2000
	CommentMax     = 2000
	MaxHosts       = 10
	MaxShared      = 10
	MaxCapacity    = 10000
	MaxDuration    = 7 * 24 * time.Hour
)

// Format is the shape an event takes.
type Format string

// The formats of seed 004 and a few more it implies.
const (
	BrownBag       Format = "brown_bag"
	LightningTalks Format = "lightning_talks"
	ProblemClinic  Format = "problem_clinic"
	Kata           Format = "kata"
	Workshop       Format = "workshop"
	Retrospective  Format = "retrospective"
	OpenDoor       Format = "open_door"
	CrossCommunity Format = "cross_community"
	Other          Format = "other"
)

// FormatInfo describes a format for people: the "What is this?" beside it.
type FormatInfo struct {
	Format Format `json:"format"`
	Label  string `json:"label"`
	About  string `json:"about"`
	Credit string `json:"credit"`
}

// Credit names where the formats come from, as seeds/README.md names seed 004.
const Credit = "After “How to run a Community of Practice” (seed 004, Running a CoP): vary the formats of your events so there is something for everyone."

// Formats returns every format in the order pages list them; the slice is
// new on every call.
func Formats() []FormatInfo {
	return []FormatInfo{
		{BrownBag, "Brown bag", "One person talks about one topic they know well, often over lunch, and everyone leaves knowing a bit more.", Credit},
		{LightningTalks, "Lightning talks", "Several people each take a few minutes for one idea, so many voices are heard in one session.", Credit},
		{ProblemClinic, "Problem clinic", "Someone brings a real problem and the group works on it together, pooling what everyone knows.", Credit},
		{Kata, "Kata / hands-on", "People practise a skill together on a small exercise, learning by doing rather than by listening.", Credit},
		{Workshop, "Workshop", "A longer, facilitated session that produces something: a decision, a draft, a shared plan.", Credit},
		{Retrospective, "Retrospective", "The community looks back at how it has been doing and agrees what to change next.", Credit},
		{OpenDoor, "Open door", "An informal drop-in where anyone, members or newcomers, can come and talk about the practice.", Credit},
		{CrossCommunity, "Cross-community meetup", "Two or more communities meet to learn from each other and break silos.", Credit},
		{Other, "Other", "Any other way of getting together to learn.", Credit},
	}
}

// Info returns the description of f; ok is false for an unknown format.
func (f Format) Info() (FormatInfo, bool) {
	for _, i := range Formats() {
		if i.Format == f {
			return i, true
		}
	}
	return FormatInfo{}, false
}

// Label is the format's name for people.
func (f Format) Label() string {
	i, _ := f.Info()
	return i.Label
}

// Answer is an RSVP.
type Answer string

// The answers. Waitlist is a "going" that did not fit; it moves up to
// Going when a seat frees.
const (
	Going    Answer = "going"
	Maybe    Answer = "maybe"
	NotGoing Answer = "not_going"
	Waitlist Answer = "waitlist"
)

// Label is the answer for people.
func (a Answer) Label() string {
	return map[Answer]string{Going: "Going", Maybe: "Maybe", NotGoing: "Not going", Waitlist: "On the waitlist"}[a]
}

// Person is someone named on an event: a host, an attendee.
type Person struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// CommunityRef names a community an event belongs to.
type CommunityRef struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Permissions say what the viewer may do, so pages show only buttons that work.
type Permissions struct {
	Edit         bool `json:"edit"`          // change, cancel, change one occurrence
	Attendance   bool `json:"attendance"`    // record who was there
	SeeFeedback  bool `json:"see_feedback"`  // read ratings and comments
	RSVP         bool `json:"rsvp"`          // a member of one of the event's communities
	WriteMinutes bool `json:"write_minutes"` // a member of the host community
}

// Event is an event or series as a viewer sees it.
type Event struct {
	ID          int64
	Community   CommunityRef   // the host
	SharedWith  []CommunityRef // other communities it appears in
	Title       string
	Format      Format
	Description string // Markdown
	Start, End  time.Time
	TimeZone    string
	Place, Link string
	Capacity    int // 0: no limit
	Recurrence  Recurrence
	Hosts       []Person
	CreatedBy   int64
	Revision    int
	CreatedAt   time.Time
	UpdatedAt   time.Time
	CancelledAt time.Time
	Can         Permissions
}

// FormatLabel is the event's format for people.
func (e Event) FormatLabel() string { return e.Format.Label() }

// Path is the event's page in its host community.
func (e Event) Path() string { return Path(e.Community.Slug, e.ID) }

// Schedule says the rule in words.
func (e Event) Schedule() string {
	loc, _ := time.LoadLocation(e.TimeZone)
	if loc == nil {
		loc = time.UTC
	}
	return e.Recurrence.Describe(e.Start.In(loc))
}

// Cancelled reports whether the whole event was cancelled.
func (e Event) Cancelled() bool { return !e.CancelledAt.IsZero() }

// Path is the web address of event id in community slug.
func Path(slug string, id int64) string {
	return "/c/" + slug + "/events/" + strconv.FormatInt(id, 10)
}

// KeyLayout formats an occurrence's original start in its key.
const KeyLayout = "20060102T150405Z"

// Key names an occurrence by its original start, in URLs and dedupe keys.
func Key(orig time.Time) string { return orig.UTC().Format(KeyLayout) }

// ParseKey reads a Key back; a malformed key is NotFound, as a missing
// occurrence is.
func ParseKey(k string) (time.Time, error) {
	t, err := time.Parse(KeyLayout, k)
	if err != nil {
		return time.Time{}, errs.E(errs.NotFound, "There is no such occurrence of this event.")
	}
	return t, nil
}

// Service is the events area's logic.
type Service struct {
	db          *store.DB
	clock       clock.Clock
	log         *activity.Log
	communities *community.Service
	inbox       *notify.Inbox
	queue       *jobs.Queue
}

// New returns the events Service. Register its jobs on the queue with Register.
func New(db *store.DB, c clock.Clock, log *activity.Log, communities *community.Service, inbox *notify.Inbox, queue *jobs.Queue) *Service {
	return &Service{db: db, clock: c, log: log, communities: communities, inbox: inbox, queue: queue}
}

// scope is a viewer on an event they may see, reached through a community.
type scope struct {
	viewer account.User
	c      community.Community  // the community the viewer came through
	m      community.Membership // the viewer's membership there
	hostM  community.Membership // the viewer's membership of the host
	e      Event
}

// manages reports whether the viewer may change the event: the leader or
// core group of the host community, or one of the event's hosts.
func (sc scope) manages() bool {
	if sc.viewer.ID == 0 {
		return false
	}
	if sc.hostM.CanModerate() {
		return true
	}
	for _, h := range sc.e.Hosts {
		if h.ID == sc.viewer.ID {
			return true
		}
	}
	return false
}

// eventRow is the events table's columns.
const eventColumns = `e.id, e.community_id, c.slug, c.name, e.title, e.format, e.description, e.start_at, e.end_at, e.time_zone,
	e.place, e.link, e.capacity, e.recur_freq, e.recur_interval, e.recur_week, e.recur_until, e.recur_count,
	COALESCE(e.created_by, 0), e.revision, e.created_at, e.updated_at, e.cancelled_at`

func scanEvent(row interface{ Scan(...any) error }) (Event, error) {
	var e Event
	var start, end, created, updated int64
	var cancelled sql.NullInt64
	var format, freq string
	err := row.Scan(&e.ID, &e.Community.ID, &e.Community.Slug, &e.Community.Name, &e.Title, &format, &e.Description, &start, &end, &e.TimeZone,
		&e.Place, &e.Link, &e.Capacity, &freq, &e.Recurrence.Interval, &e.Recurrence.Week, &e.Recurrence.Until, &e.Recurrence.Count,
		&e.CreatedBy, &e.Revision, &created, &updated, &cancelled)
	if err != nil {
		return Event{}, err
	}
	e.Format, e.Recurrence.Freq = Format(format), Freq(freq)
	e.Start, e.End, e.CreatedAt, e.UpdatedAt, e.CancelledAt = store.Time(start), store.Time(end), store.Time(created), store.Time(updated), store.NullTime(cancelled)
	return e, nil
}

func errNoEvent() error {
	return errs.E(errs.NotFound, "There is no such event in this community.")
}

// load reads event id with its hosts and shared communities, without any
// access check.
func (s *Service) load(ctx context.Context, id int64) (Event, error) {
	e, err := scanEvent(s.db.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events e JOIN communities c ON c.id = e.community_id WHERE e.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Event{}, errNoEvent()
	}
	if err != nil {
		return Event{}, fmt.Errorf("events: load %d: %w", id, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, u.name FROM event_hosts h JOIN users u ON u.id = h.user_id WHERE h.event_id = $1 ORDER BY u.name, u.id`, id)
	if err != nil {
		return Event{}, fmt.Errorf("events: hosts: %w", err)
	}
	for rows.Next() {
		var p Person
		if err := rows.Scan(&p.ID, &p.Name); err != nil {
			rows.Close()
			return Event{}, err
		}
		e.Hosts = append(e.Hosts, p)
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, `SELECT c.id, c.slug, c.name FROM event_communities ec JOIN communities c ON c.id = ec.community_id
		WHERE ec.event_id = $1 ORDER BY c.name`, id)
	if err != nil {
		return Event{}, fmt.Errorf("events: shared: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c CommunityRef
		if err := rows.Scan(&c.ID, &c.Slug, &c.Name); err != nil {
			return Event{}, err
		}
		e.SharedWith = append(e.SharedWith, c)
	}
	return e, rows.Err()
}

// in reports whether the event appears in community id.
func (e Event) in(communityID int64) bool {
	if e.Community.ID == communityID {
		return true
	}
	for _, c := range e.SharedWith {
		if c.ID == communityID {
			return true
		}
	}
	return false
}

// scope reads event id as viewer may see it through the community at
// slug: the community must be visible to them (a private one is NotFound
// to non-members) and the event must belong to it.
func (s *Service) scope(ctx context.Context, viewer account.User, slug string, id int64) (scope, error) {
	c, m, err := s.communities.BySlug(ctx, slug, viewer)
	if err != nil {
		return scope{}, err
	}
	e, err := s.load(ctx, id)
	if err != nil {
		return scope{}, err
	}
	if !e.in(c.ID) {
		return scope{}, errNoEvent()
	}
	sc := scope{viewer: viewer, c: c, m: m, e: e, hostM: m}
	if c.ID != e.Community.ID {
		if sc.hostM, err = s.communities.Membership(ctx, e.Community.ID, viewer.ID); err != nil {
			return scope{}, err
		}
	}
	member, err := s.memberOfAny(ctx, e, viewer.ID)
	if err != nil {
		return scope{}, err
	}
	sc.e.Can = Permissions{Edit: sc.manages(), Attendance: sc.manages(), SeeFeedback: sc.manages(), RSVP: member, WriteMinutes: sc.hostM.IsMember()}
	return sc, nil
}

// memberOfAny reports whether userID belongs to one of e's communities.
func (s *Service) memberOfAny(ctx context.Context, e Event, userID int64) (bool, error) {
	if userID == 0 {
		return false, nil
	}
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND (community_id = $2
		OR community_id IN (SELECT community_id FROM event_communities WHERE event_id = $3))`, userID, e.Community.ID, e.ID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("events: membership: %w", err)
	}
	return n > 0, nil
}

// Get returns event id of the community at slug as viewer may see it.
func (s *Service) Get(ctx context.Context, viewer account.User, slug string, id int64) (Event, error) {
	sc, err := s.scope(ctx, viewer, slug, id)
	if err != nil {
		return Event{}, err
	}
	return sc.e, nil
}

// record writes an activity entry about event e in its host community.
func (s *Service) record(ctx context.Context, e Event, actorID int64, kind string, detail map[string]any) error {
	return s.log.Record(ctx, activity.Entry{At: s.clock.Now(), CommunityID: e.Community.ID, ActorID: actorID, Kind: kind,
		SubjectType: "event", SubjectID: e.ID, Detail: detail})
}

// location loads the event's zone; the zone was checked when it was saved.
func (e Event) location() *time.Location {
	loc, err := time.LoadLocation(e.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// series is the event's schedule.
func (e Event) series() series {
	loc := e.location()
	return series{first: e.Start.In(loc), dur: e.End.Sub(e.Start), loc: loc, rule: e.Recurrence}
}

// Lookup returns the title of event id and the slug of its host community,
// without any access check: for links from other areas (the backlog's
// "fulfilled by this event") that have checked the viewer themselves.
// A missing event is errs.NotFound.
func (s *Service) Lookup(ctx context.Context, id int64) (title, communitySlug string, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT e.title, c.slug FROM events e JOIN communities c ON c.id = e.community_id WHERE e.id = $1`, id).Scan(&title, &communitySlug)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", errNoEvent()
	}
	if err != nil {
		return "", "", fmt.Errorf("events: lookup %d: %w", id, err)
	}
	return title, communitySlug, nil
}

// EventTitle is knowledge.EventLookup: the title of event eventID when it
// is hosted by or shared with communityID, else errs.NotFound. Minutes
// cite their event through it.
func (s *Service) EventTitle(ctx context.Context, communityID, eventID int64) (string, error) {
	var title string
	err := s.db.QueryRowContext(ctx, `SELECT title FROM events WHERE id = $1 AND (community_id = $2
		OR EXISTS (SELECT 1 FROM event_communities WHERE event_id = $1 AND community_id = $2))`, eventID, communityID).Scan(&title)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errNoEvent()
	}
	if err != nil {
		return "", fmt.Errorf("events: title %d: %w", eventID, err)
	}
	return title, nil
}

// Link is backlog.LinkLookup for events: the title and page of event id
// when it is hosted by or shared with communityID (its page in that
// community), else errs.NotFound. No viewer check: the backlog shows it
// to those who see the community.
func (s *Service) Link(ctx context.Context, communityID, id int64) (title, url string, err error) {
	var slug string
	err = s.db.QueryRowContext(ctx, `SELECT e.title, c.slug FROM events e JOIN communities c ON c.id = $2
		WHERE e.id = $1 AND (e.community_id = $2 OR EXISTS (SELECT 1 FROM event_communities WHERE event_id = $1 AND community_id = $2))`,
		id, communityID).Scan(&title, &slug)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", errNoEvent()
	}
	if err != nil {
		return "", "", fmt.Errorf("events: link %d: %w", id, err)
	}
	return title, Path(slug, id), nil
}
