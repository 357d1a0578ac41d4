package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"cultivate/internal/community"
	"cultivate/internal/events"
	"cultivate/internal/knowledge"
)

// The "events" step gives every community the rhythm its story calls for
// (see the table in doc.go): series and one-off events in varied formats,
// created by the leader or core group a week or two ahead, answered by
// members, their attendance recorded by a host, rated by those who came,
// and often written up as minutes.

// series is a planned event: one date, or a weekly or monthly rule.
type series struct {
	title, body string
	format      events.Format
	// host chooses who schedules and hosts: "leader", "core" (anyone of
	// the core group), or a cast key.
	host, cohost string
	weekday      time.Weekday
	hour, minute int
	length       time.Duration
	// every is the rule: 0 for one date, n for every n weeks; monthly
	// (the week-th weekday of every month) when week is set.
	every, week int
	// from and to are in days after the community's creation (to 0: on
	// until a month past Now); ago places a one-date event in days before
	// Now (negative: in the future).
	from, to float64
	ago      float64
	capacity int
	// share is the part of the members who answer "going"; decay lowers
	// it over the series (0.5: half as many at the end).
	share, decay float64
	// rating is the mean "was it worth your time?"; minutes the chance
	// that a host writes minutes.
	rating, minutes float64
}

// eventStories are the rhythms of the stories.
func eventStories() map[Story][]series {
	return map[Story][]series{
		StoryThriving: {
			{title: "Testing brown bag", format: events.BrownBag, host: "leader", cohost: "core", weekday: time.Tuesday, hour: 12, minute: 30,
				length: time.Hour, every: 2, from: 18, share: 0.2, rating: 4.3, minutes: 0.6,
				body: "Every other Tuesday over lunch, one of us shows something from their work: a tool, a bug hunt, a test that paid off. Bring your lunch and your questions."},
			{title: "Flaky test clinic", format: events.ProblemClinic, host: "core", cohost: "leader", weekday: time.Thursday, hour: 15,
				length: 90 * time.Minute, week: 1, from: 40, share: 0.12, rating: 4.5, minutes: 0.8,
				body: "Bring a test that fails one run in ten. We pair on it live, find the cause and agree on a fix or a quarantine."},
			{title: "TDD kata: the bowling game", format: events.Kata, host: "core", weekday: time.Wednesday, hour: 16,
				length: 2 * time.Hour, ago: 120, capacity: 12, share: 0.25, rating: 4.6, minutes: 0.3,
				body: "Hands-on: red, green, refactor on a classic kata, in pairs. Laptops required; 12 seats so everyone pairs."},
			{title: "Quality week lightning talks", format: events.LightningTalks, host: "leader", weekday: time.Friday, hour: 14,
				length: 90 * time.Minute, ago: 150, share: 0.35, rating: 4.4, minutes: 1,
				body: "Six talks of five minutes each from teams across Northwind about what quality week changed for them."},
			{title: "Community retrospective", format: events.Retrospective, host: "leader", weekday: time.Monday, hour: 16,
				length: time.Hour, ago: 40, share: 0.15, rating: 4.1, minutes: 1,
				body: "How is this community doing for you? What should we keep, drop or try next quarter?"},
			{title: "TDD kata: mars rover", format: events.Kata, host: "core", weekday: time.Wednesday, hour: 16,
				length: 2 * time.Hour, ago: -9, capacity: 12, share: 0.22, rating: 4.5,
				body: "Our next kata, in pairs, on a rover that must not fall off the plateau. 12 seats."},
		},
		StoryCrossOrg: {
			{title: "Ways of working open door", format: events.OpenDoor, host: "leader", cohost: "sponsor-vp", weekday: time.Thursday, hour: 16,
				length: time.Hour, week: 2, from: 20, share: 0.18, rating: 4.2, minutes: 0.5,
				body: "Drop in with anything about how teams work together: planning, hand-offs, meetings that could be shorter. Catherine joins most months."},
			{title: "Cross-team meetup: what we learned this half", format: events.CrossCommunity, host: "leader", weekday: time.Wednesday, hour: 15,
				length: 2 * time.Hour, ago: 95, share: 0.3, rating: 4.4, minutes: 1,
				body: "Leaders of Northwind's communities of practice each share one thing their community learned, and one thing they want help with."},
		},
		StorySilentLeader: {
			{title: "Research readout", format: events.BrownBag, host: "ux-lead", cohost: "ux-core", weekday: time.Tuesday, hour: 11,
				length: time.Hour, every: 2, from: 15, to: -1, share: 0.2, rating: 4.2, minutes: 0.5,
				body: "Someone presents a study they ran: the question, the method, what surprised them."},
			{title: "UX crit", format: events.ProblemClinic, host: "ux-core", weekday: time.Thursday, hour: 14,
				length: time.Hour, ago: 12, share: 0.14, rating: 4.0, minutes: 0.5,
				body: "Bring a design or a study plan and get honest, kind critique from other researchers."},
		},
		StoryTwoPersonCore: {
			{title: "Data office hours", format: events.OpenDoor, host: "leader", cohost: "data-core", weekday: time.Wednesday, hour: 10,
				length: time.Hour, every: 1, from: 25, share: 0.1, rating: 3.9, minutes: 0.1,
				body: "Aisha and Diego answer anything about metrics, dashboards and SQL. Drop in."},
			{title: "SQL kata: window functions", format: events.Kata, host: "data-core", weekday: time.Friday, hour: 14,
				length: 90 * time.Minute, ago: 60, capacity: 10, share: 0.3, rating: 4.4, minutes: 1,
				body: "Hands-on exercises on window functions, from running totals to sessionisation."},
		},
		StoryShrinking: {
			{title: "Mobile kick-off", format: events.Workshop, host: "leader", weekday: time.Thursday, hour: 15,
				length: 2 * time.Hour, ago: 190, share: 0.6, rating: 4.5, minutes: 1,
				body: "Let's start a mobile community: what do we want from it, and what should we do first?"},
			{title: "Mobile brown bag", format: events.BrownBag, host: "leader", cohost: "shrinking-core", weekday: time.Wednesday, hour: 12, minute: 30,
				length: time.Hour, every: 2, from: 20, to: 130, share: 0.3, decay: 0.25, rating: 3.6, minutes: 0.3,
				body: "Lunch talks on iOS, Android and the cross-platform bits in between."},
		},
		StoryEventsNoHelp: {
			{title: "Frontend lightning talks", format: events.LightningTalks, host: "leader", cohost: "core", weekday: time.Thursday, hour: 16,
				length: time.Hour, every: 2, from: 14, share: 0.3, rating: 4.3, minutes: 0.4,
				body: "Five-minute talks on whatever caught your eye in frontend land this fortnight. Sign up in the thread, or just come and listen."},
			{title: "Frontend brown bag", format: events.BrownBag, host: "core", weekday: time.Tuesday, hour: 12, minute: 30,
				length: time.Hour, week: 3, from: 30, share: 0.28, rating: 4.2, minutes: 0.3,
				body: "One deep dive a month: design systems, performance, accessibility."},
		},
		StoryPrivate: {
			{title: "Threat-model clinic", format: events.ProblemClinic, host: "leader", cohost: "core", weekday: time.Tuesday, hour: 15,
				length: 90 * time.Minute, week: 2, from: 12, share: 0.3, rating: 4.6, minutes: 0.7,
				body: "Bring a design under way; we threat-model it together. What is said here stays in Security Champions."},
		},
		StoryBrandNew: {
			{title: "Platform Engineering kick-off", format: events.Workshop, host: "leader", cohost: "core", weekday: time.Tuesday, hour: 14,
				length: 2 * time.Hour, ago: -6, share: 0.8, rating: 4.5,
				body: "Our first meeting: why this community, what we want from it, and a first backlog. Everyone who builds or runs our platform is welcome."},
		},
	}
}

// plannedEvent is a series once scheduled; ID is filled in when its
// creation has run.
type plannedEvent struct {
	ID        int64
	Community *Community
	Spec      series
	Dates     []time.Time // every occurrence's start, in order
}

func planEvents(_ context.Context, w *World) error {
	stories := eventStories()
	for _, c := range w.Communities {
		for _, sp := range stories[c.Story] {
			planSeries(w, w.Rand, c, sp)
		}
	}
	return nil
}

// eventHost resolves who a series names at t.
func eventHost(w *World, r *rand.Rand, c *Community, who string, t time.Time) *Person {
	switch who {
	case "":
		return nil
	case "leader":
		return c.LeaderAt(t)
	case "core":
		var ok []*Person
		for _, p := range c.PeopleAt(t, community.Core) {
			if p.ActiveAt(t) {
				ok = append(ok, p)
			}
		}
		if len(ok) == 0 {
			return nil
		}
		return pick(r, ok)
	}
	return w.Person(who)
}

// dates lists a series' starts in zone loc within [from, to].
func (sp series) dates(loc *time.Location, from, to time.Time) []time.Time {
	first := from.In(loc)
	day0 := time.Date(first.Year(), first.Month(), first.Day(), sp.hour, sp.minute, 0, 0, loc)
	for day0.Weekday() != sp.weekday || day0.Before(from) {
		day0 = time.Date(day0.Year(), day0.Month(), day0.Day()+1, sp.hour, sp.minute, 0, 0, loc)
	}
	var out []time.Time
	switch {
	case sp.week > 0:
		for m := 0; ; m++ {
			y, mo := day0.Year(), day0.Month()+time.Month(m)
			d := time.Date(y, mo, 1, sp.hour, sp.minute, 0, 0, loc)
			for d.Weekday() != sp.weekday {
				d = d.AddDate(0, 0, 1)
			}
			d = d.AddDate(0, 0, 7*(sp.week-1))
			if d.After(to) {
				return out
			}
			if !d.Before(from) {
				out = append(out, d)
			}
		}
	case sp.every > 0:
		for d := day0; !d.After(to); d = time.Date(d.Year(), d.Month(), d.Day()+7*sp.every, sp.hour, sp.minute, 0, 0, loc) {
			out = append(out, d)
		}
		return out
	}
	return []time.Time{day0}
}

func planSeries(w *World, r *rand.Rand, c *Community, sp series) {
	loc := c.Founder.Location()
	var dates []time.Time
	if sp.every == 0 && sp.week == 0 {
		at := w.Now.Add(-time.Duration(sp.ago * float64(day)))
		dates = sp.dates(loc, at, at.Add(8*day))
	} else {
		from := c.CreatedAt.Add(time.Duration(sp.from * float64(day)))
		to := w.Now.Add(30 * day)
		switch {
		case sp.to > 0:
			to = c.CreatedAt.Add(time.Duration(sp.to * float64(day)))
		case sp.to < 0: // until the leader went quiet
			if l := w.Person(sp.host); l != nil && !l.QuietSince.IsZero() {
				to = l.QuietSince.Add(-day)
			}
		}
		dates = sp.dates(loc, from, to)
	}
	if len(dates) == 0 {
		return
	}
	// The host schedules it a week or two ahead, in their working day.
	lo := later(c.CreatedAt.Add(time.Hour), dates[0].Add(-14*day))
	raw := dates[0].Add(-time.Duration(7+r.IntN(7)) * day)
	if latest := w.Now.Add(-time.Duration(72+r.IntN(96)) * time.Hour); raw.After(latest) {
		raw = latest // an event still ahead was scheduled in the last days
	}
	host := eventHost(w, r, c, sp.host, later(raw, lo))
	if host == nil {
		return
	}
	created, ok := w.workAfter(r, raw, lo, host)
	if !ok || !created.Before(dates[0].Add(-time.Hour)) || !moderatorAt(c, host, created) {
		return
	}
	cohost := eventHost(w, r, c, sp.cohost, created)
	if cohost == host || (cohost != nil && !memberAt(c, cohost, created)) {
		cohost = nil
	}
	pe := &plannedEvent{Community: c, Spec: sp, Dates: dates}
	c.Events = append(c.Events, pe)
	in := events.Input{Title: sp.title, Format: sp.format, Description: sp.body, TimeZone: loc.String(),
		Start: dates[0].Format(events.LocalLayout), End: dates[0].Add(sp.length).Format(events.LocalLayout), Capacity: sp.capacity,
		Link: "https://meet.northwind.example/" + c.Slug()}
	if sp.capacity > 0 || sp.format == events.Workshop || sp.format == events.Kata {
		in.Place = pick(r, []string{"Room Ada, 3rd floor", "The big meeting room by the kitchen", "Training room 2"})
	}
	if sp.week > 0 {
		in.Recurrence = events.Recurrence{Freq: events.Monthly, Interval: 1, Week: sp.week}
	} else if sp.every > 0 {
		in.Recurrence = events.Recurrence{Freq: events.Weekly, Interval: sp.every}
	}
	if in.Recurrence.Repeats() {
		in.Recurrence.Until = dates[len(dates)-1].Format("2006-01-02")
		if sp.to == 0 {
			in.Recurrence.Until = ""
		}
	}
	slug := c.Slug()
	w.At(created, "schedule "+sp.title+" in "+slug, func(ctx context.Context) error {
		in.Hosts = []int64{host.User.ID}
		if cohost != nil && cohost.ActiveAt(w.Clock.Now()) {
			in.Hosts = append(in.Hosts, cohost.User.ID)
		}
		e, err := w.App.Events.Create(ctx, host.User, slug, in)
		pe.ID = e.ID
		return err
	})
	hosts := []*Person{host}
	if cohost != nil {
		hosts = append(hosts, cohost)
	}
	for i, d := range dates {
		progress := float64(i) / float64(max(1, len(dates)-1))
		share := sp.share * (1 - progress*(1-orOne(sp.decay)))
		planOccurrence(w, r, pe, d.UTC(), created, share, hosts)
	}
}

func orOne(f float64) float64 {
	if f == 0 {
		return 1
	}
	return f
}

var feedbackComments = map[int][]string{
	5: {"Exactly what I needed this week.", "Great format, more of these please.", "I left with something I can use tomorrow."},
	4: {"Useful, thanks.", "Good session; a bit long in the middle.", "Liked the live examples."},
	3: {"Some good bits, but hard to follow without context.", "OK — would have liked more time for questions."},
	2: {"Not really relevant to my work this time."},
}

// planOccurrence plans the answers, attendance, feedback and minutes of the
// occurrence starting at start (UTC).
func planOccurrence(w *World, r *rand.Rand, pe *plannedEvent, start, created time.Time, share float64, hosts []*Person) {
	c, sp := pe.Community, pe.Spec
	slug := c.Slug()
	end := start.Add(sp.length)
	// Who answers: members at the start who were already members when
	// they answer, a few days ahead.
	var going, maybe []*Person
	for _, m := range c.MembersAt(start) {
		p := m.Person
		if !p.ActiveAt(start) {
			continue
		}
		x := r.Float64()
		var answer events.Answer
		switch {
		case x < share:
			answer = events.Going
		case x < share*1.3:
			answer = events.Maybe
		case x < share*1.45:
			answer = events.NotGoing
		default:
			continue
		}
		lo := later(created.Add(time.Hour), m.JoinedAt.Add(time.Hour))
		hi := start.Add(-time.Hour)
		if w.Now.Add(-time.Minute).Before(hi) {
			hi = w.Now.Add(-time.Minute)
		}
		if !hi.After(lo) {
			continue
		}
		at := lo.Add(time.Duration(r.Float64() * float64(hi.Sub(lo))))
		if !memberAt(c, p, at) || !p.ActiveAt(at) {
			continue
		}
		if answer == events.Going {
			going = append(going, p)
		} else if answer == events.Maybe {
			maybe = append(maybe, p)
		}
		w.At(at, "answer "+sp.title+" in "+slug, func(ctx context.Context) error {
			_, err := w.App.Events.RSVP(ctx, p.User, slug, pe.ID, start, answer)
			return err
		})
	}
	if !end.Add(3 * time.Hour).Before(w.Now) {
		return // still ahead, or too recent to have been recorded
	}
	// A host records who came: most of those going (up to capacity), a
	// few of the maybes.
	var recorder *Person
	for _, h := range hosts {
		if h.ActiveAt(end.Add(time.Hour)) && memberAt(c, h, end.Add(time.Hour)) && moderatorOrHost(c, h, end) {
			recorder = h
			break
		}
	}
	if recorder == nil {
		return
	}
	var came []*Person
	for _, p := range going {
		if (sp.capacity == 0 || len(came) < sp.capacity) && r.Float64() < 0.8 {
			came = append(came, p)
		}
	}
	for _, p := range maybe {
		if r.Float64() < 0.3 && (sp.capacity == 0 || len(came) < sp.capacity) {
			came = append(came, p)
		}
	}
	recordAt := end.Add(time.Duration(30+r.IntN(150)) * time.Minute)
	w.At(recordAt, "attendance of "+sp.title+" in "+slug, func(ctx context.Context) error {
		ids := make([]int64, 0, len(came))
		for _, p := range came {
			ids = append(ids, p.User.ID)
		}
		return w.App.Events.RecordAttendance(ctx, recorder.User, slug, pe.ID, start, ids)
	})
	// Those who came say whether it was worth their time, some of them.
	for _, p := range came {
		if r.Float64() > 0.55 {
			continue
		}
		at := recordAt.Add(time.Duration(10+r.IntN(36*60)) * time.Minute)
		if !at.Before(w.Now) || !p.ActiveAt(at) || !memberAt(c, p, at) {
			continue
		}
		rating := int(sp.rating + r.NormFloat64()*0.7 + 0.5)
		rating = min(5, max(2, rating))
		comment := ""
		if r.Float64() < 0.4 {
			comment = pick(r, feedbackComments[rating])
		}
		w.At(at, "feedback on "+sp.title+" in "+slug, func(ctx context.Context) error {
			return w.App.Events.GiveFeedback(ctx, p.User, slug, pe.ID, start, rating, comment)
		})
	}
	// Minutes, written by the host the next working day.
	if r.Float64() >= sp.minutes {
		return
	}
	at, ok := w.workAfter(r, recordAt.Add(2*time.Hour), recordAt, recorder)
	if !ok || !memberAt(c, recorder, at) {
		return
	}
	local := start.In(c.Founder.Location())
	title := fmt.Sprintf("Minutes: %s, %s", sp.title, local.Format("2 January 2006"))
	body := minutesBody(r, sp, len(came))
	w.At(at, "minutes of "+sp.title+" in "+slug, func(ctx context.Context) error {
		_, err := w.App.Knowledge.Create(ctx, recorder.User, slug, knowledge.NewArtefact{Kind: knowledge.Minutes, Title: title, Body: body,
			Tags: strings.ReplaceAll(string(sp.format), "_", "-"), Sources: []knowledge.Source{{Type: knowledge.SourceEvent, ID: pe.ID}}})
		return err
	})
}

// moderatorOrHost: hosts keep their say over their event while members.
func moderatorOrHost(c *Community, p *Person, t time.Time) bool {
	return memberAt(c, p, t)
}

var minutesPoints = []string{
	"We agreed to try it on one team first and report back at the next session.",
	"Two people volunteered to pair on a write-up for the knowledge base.",
	"The main question that came up: how do we measure whether it worked?",
	"Several teams do this already, each slightly differently; we'll compare notes.",
	"A good discussion of the trade-offs; no single answer, but a clear first step.",
	"We parked a bigger question for the backlog.",
	"Slides and the recording are linked in the chat.",
}

func minutesBody(r *rand.Rand, sp series, came int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** · %d people came.\n\n## What we covered\n\n%s\n\n## Points and decisions\n\n", sp.format.Label(), came, sp.body)
	for _, p := range pickN(r, minutesPoints, 3) {
		fmt.Fprintf(&b, "- %s\n", p)
	}
	b.WriteString("\n## Next\n\nSee the Events tab for the next date; questions welcome in Help.\n")
	return b.String()
}
