package demo

import (
	"time"

	"cultivate/internal/community"
)

// helpProfileFor is how much help each story asks for and how it is
// answered (the package doc's table says why).
func helpProfileFor(c *Community) *helpProfile {
	p := &helpProfile{topics: helpTopics(c.Story)}
	switch c.Story {
	case StoryThriving:
		// Many requests, answered within the hour or two by a broad crowd,
		// nearly all solved and followed up.
		p.commitments = []commitment{{daysAgo: 254, set: settings(24*60, "", 14, 120, 240)}}
		p.steady = true
		p.perWeek = func(d float64) float64 {
			if d <= 150 && d > 136 {
				return 8 // the weeks after the org-wide quality week
			}
			return 3.7
		}
		p.style = func(*World, time.Time) replyStyle {
			return replyStyle{unanswered: 0.02, median: 75 * time.Minute, spread: 0.9, tail: 0.04, core: 0.4, second: 0.45, comments: 0.4,
				solved: 0.88, reported: 0.93, worked: 0.66, partly: 0.24, claim: 0.15, closed: 1, duplicate: 0.7}
		}
	case StorySilentLeader:
		// Well answered while the leader was there; since she went quiet the
		// core group cannot keep up: more requests wait, answers come late.
		p.commitments = []commitment{{daysAgo: 238, set: settings(24*60, "", 14, 120, 240)}}
		p.steady = true
		p.perWeek = func(d float64) float64 {
			if d < 20 {
				return 2
			}
			return 1.4
		}
		p.style = func(w *World, t time.Time) replyStyle {
			if quiet := w.Person("ux-lead").QuietSince; quiet.IsZero() || t.Before(quiet) {
				return replyStyle{unanswered: 0.06, median: 4 * time.Hour, spread: 1, workday: true, core: 0.55, second: 0.35, comments: 0.35,
					solved: 0.8, reported: 0.75, worked: 0.6, partly: 0.3, claim: 0.05, closed: 0.8}
			}
			return replyStyle{unanswered: 0.45, median: 40 * time.Hour, spread: 0.5, workday: true, core: 0.85, second: 0.1, comments: 0.2,
				solved: 0.6, reported: 0.6, worked: 0.55, partly: 0.3, closed: 0.5}
		}
	case StoryTwoPersonCore:
		// The leader and Diego answer nearly everything, about a day later,
		// against a commitment of one working day; the queue grows.
		p.commitments = []commitment{
			{daysAgo: 208, set: settings(24*60, "", 21, 120, 240)},
			{daysAgo: 150, set: settings(8*60, "Europe/London", 21, 240, 120)},
		}
		p.steady = true
		p.perWeek = func(d float64) float64 { return 1 + 1.1*max(0, 1-d/210) }
		p.style = func(*World, time.Time) replyStyle {
			return replyStyle{unanswered: 0.07, median: 24 * time.Hour, spread: 0.5, workday: true, core: 0.88, second: 0.3, comments: 0.35,
				solved: 0.75, reported: 0.7, worked: 0.6, partly: 0.3, claim: 0.03, closed: 0.3}
		}
		p.askerWeight = func(_ *Person, role community.Role) float64 {
			if role == community.Leader || role == community.Core {
				return 0.3
			}
			return 1
		}
	case StoryEventsNoHelp:
		// A big audience that rarely asks, and often gets no answer.
		p.perWeek = func(float64) float64 { return 0.3 }
		p.style = func(*World, time.Time) replyStyle {
			return replyStyle{unanswered: 0.4, median: 30 * time.Hour, spread: 0.7, workday: true, core: 0.5, second: 0.15, comments: 0.25,
				solved: 0.6, reported: 0.55, worked: 0.55, partly: 0.3, closed: 0.6}
		}
	case StoryShrinking:
		// A burst of questions after the kick-off, then almost nothing.
		p.commitments = []commitment{{daysAgo: 199, set: settings(24*60, "", 14, 120, 240)}}
		p.steady = true
		p.perWeek = func(d float64) float64 {
			switch {
			case d > 170:
				return 3.5
			case d > 128:
				return 1.2
			}
			return 0
		}
		p.style = func(w *World, t time.Time) replyStyle {
			if t.Before(w.DaysAgo(125)) {
				return replyStyle{unanswered: 0.05, median: 3 * time.Hour, spread: 0.9, workday: true, core: 0.45, second: 0.35, comments: 0.35,
					solved: 0.8, reported: 0.65, worked: 0.55, partly: 0.3, claim: 0.05, closed: 0.8}
			}
			return replyStyle{unanswered: 0.7, median: 50 * time.Hour, spread: 0.5, workday: true, core: 0.6, solved: 0.4, reported: 0.3, closed: 0.6}
		}
	case StoryPrivate:
		// Sensitive questions, answered fast by the leader and the core
		// group against a four-working-hour commitment.
		p.commitments = []commitment{{daysAgo: 148, set: settings(4*60, "America/New_York", 10, 60, 60)}}
		p.steady = true
		p.perWeek = func(float64) float64 { return 1.3 }
		p.style = func(*World, time.Time) replyStyle {
			return replyStyle{unanswered: 0.02, median: 2 * time.Hour, spread: 0.8, tail: 0.05, workday: true, core: 0.65, second: 0.4, comments: 0.35,
				solved: 0.85, reported: 0.8, worked: 0.6, partly: 0.3, claim: 0.2, closed: 1, lock: 0.15}
		}
	case StoryCrossOrg:
		// Questions about how teams work, answered by the core group, the
		// support team and the other communities' leaders.
		p.commitments = []commitment{{daysAgo: 268, set: settings(48*60, "", 21, 240, 480)}}
		p.steady = true
		p.perWeek = func(float64) float64 { return 1.1 }
		p.style = func(*World, time.Time) replyStyle {
			return replyStyle{unanswered: 0.04, median: 5 * time.Hour, spread: 1, workday: true, core: 0.45, second: 0.5, comments: 0.3,
				solved: 0.7, reported: 0.75, worked: 0.5, partly: 0.4, claim: 0.05, closed: 0.8, lock: 0.05}
		}
		p.helperWeight = func(p *Person) float64 {
			if p.Key != "" {
				return 3
			}
			return 1
		}
	case StoryBrandNew:
		// Two or three requests, planted by hand.
		p.commitments = []commitment{{daysAgo: 13, set: settings(24*60, "", 14, 180, 240)}}
		p.perWeek = func(float64) float64 { return 0 }
		p.style = func(*World, time.Time) replyStyle {
			return replyStyle{median: time.Hour, spread: 0.6, workday: true, core: 0.8, solved: 1}
		}
	default:
		return nil
	}
	return p
}

// helpTopics returns the questions a story's community asks (see topic for
// the tokens). The slices are fresh on every call.
func helpTopics(story Story) []topic {
	switch story {
	case StoryThriving:
		return testingTopics()
	case StorySilentLeader:
		return uxTopics()
	case StoryTwoPersonCore:
		return dataTopics()
	case StoryEventsNoHelp:
		return frontendTopics()
	case StoryShrinking:
		return mobileTopics()
	case StoryPrivate:
		return securityTopics()
	case StoryCrossOrg:
		return waysOfWorkingTopics()
	}
	return nil
}

// special returns the special topic with key.
func (h *helpPlanner) special(key string) *topic {
	set := specialTopics()
	for i := range set {
		if set[i].key == key {
			return &set[i]
		}
	}
	h.w.failf("no special topic %q", key)
	return &set[0]
}

// askerAt picks a plain member of c who can ask at t and still act at
// until (zero: Now), or nil.
func (h *helpPlanner) askerAt(c *Community, t, until time.Time, not ...*Person) *Person {
	if until.IsZero() {
		until = h.w.Now
	}
	var people []*Person
	for _, m := range c.MembersAt(t) {
		p := m.Person
		if m.RoleAt(t) == community.Member && p.Key == "" && memberAt(c, p, t) && memberAt(c, p, until) && !containsPerson(not, p) {
			people = append(people, p)
		}
	}
	if len(people) == 0 {
		return nil
	}
	return weightedPerson(h.r, people, func(p *Person) float64 { return p.Sociability })
}

func containsPerson(list []*Person, p *Person) bool {
	for _, x := range list {
		if x == p {
			return true
		}
	}
	return false
}

// around is a working moment for p about d days before Now, within half a
// day of it, and after p joined c (p must be a member d days ago).
func (h *helpPlanner) around(c *Community, d float64, p *Person) time.Time {
	lo := h.w.DaysAgo(d + 0.45)
	if m := c.Member(p); m != nil {
		lo = later(lo, m.JoinedAt.Add(30*time.Minute))
	}
	return h.w.WorkTime(h.r, h.w.DaysAgo(d), lo, h.w.DaysAgo(d-0.45), p.Location())
}

// plantThriving: the leader asks one of the first questions (a respected
// person asking for help starts trust, seed 000), and Elif's request was
// solved 17 days ago, so its follow-up is waiting in her inbox at Now.
func (h *helpPlanner) plantThriving(c *Community, prof *helpProfile) {
	w := h.w
	lead, elif := w.Person("testing-lead"), w.Person("multi-member")
	st := prof.style(w, w.DaysAgo(244))
	st.unanswered, st.solved, st.reported, st.worked, st.second = 0, 1, 1, 1, 1
	h.threadWith(c, prof, st, h.special("what-not-to-automate"), lead, h.around(c, 244, lead))

	tp := h.special("payment-iframe")
	at := h.around(c, 18.7, elif)
	th := h.ask(c, tp, elif, at, 0, nil)
	helper := h.moderator(c, at.Add(40*time.Minute), elif)
	reply := h.post(th, helper, at.Add(time.Duration(25+h.r.IntN(30))*time.Minute), nil, th.fill.text(tp.answers[0], helper, elif), nil)
	h.post(th, elif, reply.At.Add(time.Duration(60+h.r.IntN(90))*time.Minute), reply,
		th.fill.text("Thanks «them», that's much cleaner than what I had. Trying it tomorrow.", elif, helper), nil)
	h.accept(th, reply, w.WorkTime(h.r, w.DaysAgo(17.3), reply.At.Add(3*time.Hour), w.DaysAgo(16.8), elif.Location()))
}

// plantSilentLeader: requests asked in the last week that nobody has
// answered (overdue at Now, one of them asking the silent leader by name)
// and two asked the day before Now, due within hours.
func (h *helpPlanner) plantSilentLeader(c *Community, d *deck) {
	w := h.w
	lead := w.Person("ux-lead")
	for i, days := range []float64{2.6, 4.3, 6.9} {
		raw := w.DaysAgo(days)
		asker := h.askerAt(c, raw, time.Time{})
		if asker == nil {
			w.failf("nobody to ask in %s %.1f days ago", c.Slug(), days)
			return
		}
		var mention *Person
		if i == 1 {
			mention = lead
		}
		h.ask(c, d.next(), asker, h.around(c, days, asker), 0, mention)
	}
	for _, hours := range []float64{21, 23} {
		at := w.Now.Add(-time.Duration(hours*60+float64(h.r.IntN(40))) * time.Minute).Truncate(time.Second)
		if asker := h.askerAt(c, at, time.Time{}); asker != nil {
			h.ask(c, d.next(), asker, at, 0, nil)
		}
	}
}

// plantTwoPersonCore: the queue at Now, waiting for one of the two.
func (h *helpPlanner) plantTwoPersonCore(c *Community, d *deck) {
	for _, days := range []float64{0.9, 2.7} {
		if asker := h.askerAt(c, h.w.DaysAgo(days), time.Time{}); asker != nil {
			h.ask(c, d.next(), asker, h.around(c, days, asker), 0, nil)
		}
	}
}

// plantEventsNoHelp: the few requests of the last week, still unanswered.
func (h *helpPlanner) plantEventsNoHelp(c *Community, d *deck) {
	for _, days := range []float64{3.2, 5.5, 8.1} {
		if asker := h.askerAt(c, h.w.DaysAgo(days), time.Time{}); asker != nil {
			h.ask(c, d.next(), asker, h.around(c, days, asker), 0.3, nil)
		}
	}
}

// plantShrinking: after the burst, two late requests: one answered days
// later and never followed up, one nobody answered, closed by its asker.
func (h *helpPlanner) plantShrinking(c *Community, d *deck) {
	w, r := h.w, h.r
	core := w.Person("shrinking-core")
	if asker := h.askerAt(c, w.DaysAgo(96), w.DaysAgo(92), core); asker != nil {
		at := h.around(c, 96, asker)
		tp := d.next()
		th := h.ask(c, tp, asker, at, 0, nil)
		replyAt := w.WorkTime(r, at.Add(50*time.Hour), at.Add(30*time.Hour), time.Time{}, core.Location())
		if memberAt(c, core, replyAt) {
			reply := h.post(th, core, replyAt, nil, "Sorry for the slow answer, it's been a busy release.\n\n"+th.fill.text(tp.answers[0], core, asker), nil)
			acceptAt := w.WorkTime(r, replyAt.Add(20*time.Hour), replyAt.Add(2*time.Hour), w.DaysAgo(92), asker.Location())
			if memberAt(c, asker, acceptAt) {
				h.accept(th, reply, acceptAt)
			}
		}
	}
	if asker := h.askerAt(c, w.DaysAgo(47), w.DaysAgo(37)); asker != nil {
		th := h.ask(c, d.next(), asker, h.around(c, 47, asker), 0, nil)
		h.close(th, asker, w.WorkTime(r, w.DaysAgo(38), th.AskedAt.Add(8*day), w.DaysAgo(37.2), asker.Location()),
			"Closing: nobody here seems to work on this any more, so I asked the vendor's support instead.")
	}
}

// plantBrandNew: the new community's first requests: one solved, one
// answered and still open, and one asked two hours ago that the core
// member has just taken ("I'll take it"), her claim still running at Now.
func (h *helpPlanner) plantBrandNew(c *Community) {
	w, r := h.w, h.r
	lead, core, admin := w.Person("platform-lead"), w.Person("platform-core"), w.Person("admin")

	tp := h.special("terraform-state")
	at := h.around(c, 10.2, admin)
	th := h.ask(c, tp, admin, at, 0, nil)
	reply := h.post(th, lead, at.Add(time.Duration(35+r.IntN(30))*time.Minute), nil, th.fill.text(tp.answers[0], lead, admin), nil)
	h.post(th, admin, reply.At.Add(time.Duration(40+r.IntN(60))*time.Minute), reply,
		th.fill.text("Thanks «them». Splitting by blast radius rather than by team is the bit I was missing.", admin, lead), nil)
	h.post(th, lead, reply.At.Add(time.Duration(150+r.IntN(60))*time.Minute), reply,
		"Exactly. And keep the state of anything with a database in it separate from everything else; you'll thank yourself the day you need to move it.", nil)
	h.accept(th, reply, w.WorkTime(r, w.DaysAgo(9.3), reply.At.Add(4*time.Hour), w.DaysAgo(8.8), admin.Location()))

	tp = h.special("slo-alerts")
	raw := w.DaysAgo(4.6)
	if asker := h.askerAt(c, raw, time.Time{}, admin, lead, core); asker != nil {
		at := h.around(c, 4.6, asker)
		th := h.ask(c, tp, asker, at, 0, nil)
		first := h.post(th, core, w.WorkTime(r, at.Add(2*time.Hour), at.Add(30*time.Minute), time.Time{}, core.Location()), nil, th.fill.text(tp.answers[0], core, asker), nil)
		h.post(th, lead, w.WorkTime(r, first.At.Add(5*time.Hour), first.At.Add(time.Hour), time.Time{}, lead.Location()), nil, th.fill.text(tp.answers[1], lead, asker), nil)
	}

	tp = h.special("oomkilled")
	asked := w.Now.Add(-time.Duration(120+r.IntN(25)) * time.Minute).Truncate(time.Second)
	if asker := h.askerAt(c, asked, time.Time{}, admin, lead, core); asker != nil {
		th := h.ask(c, tp, asker, asked, 0, nil)
		h.claim(th, core, w.Now.Add(-time.Duration(20+r.IntN(15))*time.Minute).Truncate(time.Second))
	} else {
		w.failf("nobody to ask the last request in %s", c.Slug())
	}
}
