package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"cultivate/internal/announce"
	"cultivate/internal/backlog"
	"cultivate/internal/community"
)

// The "backlog" step gives every community a backlog in its story's
// rhythm, and announcements from its leader:
//
//	community              | ideas | moved along                                | announcements
//	-----------------------+-------+--------------------------------------------+------------------------------------
//	testing (thriving)     | 14    | 5 done (some linked to artefacts), 2 in    | 4, the latest pinned
//	                       |       | progress, 2 planned, 1 declined; many votes|
//	ways-of-working        | 10    | 3 done, 1 in progress, 2 planned, 1        | 3
//	                       |       | declined                                   |
//	frontend (events)      | 9     | 3 done, 2 planned                          | 3
//	data-analytics         | 7     | 2 done, 1 planned, all by Aisha or Diego   | 2
//	security-champions     | 6     | 2 done, 1 in progress, 1 declined          | 2
//	ux-research (silent)   | 8     | 2 done before Claire went quiet; nothing   | 2, both before she went quiet
//	                       |       | moved since, the newer ideas wait          |
//	mobile (shrinking)     | 6     | none: proposed in the kick-off boom, stale | 1, the kick-off
//	platform-engineering   | 2     | none yet (two weeks old)                   | 1, the welcome
//
// Votes come from members of the time, between an idea's proposal and its
// closing. Only the leader and the core group move items, only while they
// act (the silent leader never after QuietSince). Events are not linked:
// the events step does that once it exists.

// backlogStory is how much of the backlog a story gets.
type backlogStory struct {
	ideas                               []backlogIdea
	done, declined, inProgress, planned int
	votes                               float64 // mean votes per idea
	// window is when ideas are proposed, in days after the community was
	// created (from, to); to 0 means until Now.
	from, to float64
	// noMovesAfterQuiet stops moves once the leader went quiet.
	noMovesAfterQuiet bool
	announcements     []backlogNews
	pinLatest         bool
}

type backlogIdea struct {
	title, description, tags string
	// fulfilledBy begins the title of the artefact that fulfilled the
	// idea, if the knowledge step writes one; done, the item links to it.
	fulfilledBy string
}

type backlogNews struct {
	daysAgo     float64 // 0: a week after the community was created
	title, body string
}

func backlogStories() map[Story]backlogStory {
	return map[Story]backlogStory{
		StoryThriving: {ideas: testingIdeas(), done: 5, inProgress: 2, planned: 2, declined: 1, votes: 7, from: 5, pinLatest: true,
			announcements: []backlogNews{
				{200, "Our backlog is open", "Propose what you would like us to do next, and vote for the ideas you want: we pick from the top every month."},
				{150, "Quality week: thank you!", "Over a hundred people came to at least one session. The slides and the summary are in Knowledge."},
				{60, "Call for speakers", "The next brown bags need speakers. Pick a topic from the backlog, or bring your own."},
				{9, "Backlog review on Thursday", "We will go through the most voted ideas together. Vote before then if you want a say."},
			}},
		StoryCrossOrg: {ideas: crossOrgIdeas(), done: 3, inProgress: 1, planned: 2, declined: 1, votes: 5, from: 10,
			announcements: []backlogNews{
				{230, "Welcome to Ways of Working", "This is the place to compare how our teams work, and to borrow what works."},
				{120, "Open-door retrospective", "Any team can bring a retrospective it is stuck on. Catherine will join."},
				{20, "What should we tackle next?", "The backlog decides our next three sessions. Have a look and vote."},
			}},
		StoryEventsNoHelp: {ideas: frontendIdeas(), done: 3, planned: 2, votes: 6, from: 7,
			announcements: []backlogNews{
				{160, "Lightning talks every other Friday", "Five minutes each, any topic. Sign up by proposing a talk in the backlog."},
				{90, "Ingrid takes over", "Marco hands the guild over to Ingrid. Thank you Marco for getting us this far!"},
				{14, "Design tokens brown bag", "The most voted idea is happening: next Thursday at noon."},
			}},
		StoryTwoPersonCore: {ideas: dataIdeas(), done: 2, planned: 1, votes: 3, from: 10,
			announcements: []backlogNews{
				{180, "Metric owners", "Every dashboard needs a named owner. We will help teams find theirs."},
				{30, "Looking for a third core member", "Diego and I would love help running the community. Talk to us."},
			}},
		StoryPrivate: {ideas: securityIdeas(), done: 2, inProgress: 1, declined: 1, votes: 3, from: 10,
			announcements: []backlogNews{
				{120, "Threat-model clinics", "Bring a design; we threat-model it together. Everything said stays in this community."},
				{25, "New secret scanning rules", "The rules we recommended are now on in every repository."},
			}},
		StorySilentLeader: {ideas: uxIdeas(), done: 2, votes: 4, from: 10, noMovesAfterQuiet: true,
			announcements: []backlogNews{
				{200, "Research repository", "We are starting a shared place for findings. Ideas on how to organize it go in the backlog."},
				{60, "Interview guide templates", "The templates are in Knowledge; tell us what is missing."},
			}},
		StoryShrinking: {ideas: mobileIdeas(), votes: 1.5, from: 2, to: 60,
			announcements: []backlogNews{{0, "Welcome to Mobile", "Great kick-off! Put what you want to learn in the backlog so we can plan the next sessions."}}},
		StoryBrandNew: {ideas: platformIdeas(), votes: 2, from: 2,
			announcements: []backlogNews{{0, "Welcome to Platform Engineering", "Our kick-off and vision workshop are coming. Meanwhile, start the backlog: what should we work on first?"}}},
	}
}

// backlogPlanner plans one community's backlog.
type backlogPlanner struct {
	w *World
	r *rand.Rand
}

// plannedItem is an idea and what happens to it.
type plannedItem struct {
	idea   backlogIdea
	by     *Person
	at     time.Time
	closed time.Time // when it was done or declined; zero if never
	id     int64     // filled in when it has been proposed
}

func planBacklog(_ context.Context, w *World) error {
	b := &backlogPlanner{w: w, r: w.Rand}
	stories := backlogStories()
	for _, c := range w.Communities {
		st, ok := stories[c.Story]
		if !ok {
			continue
		}
		b.community(c, st)
	}
	return nil
}

func (b *backlogPlanner) community(c *Community, st backlogStory) {
	w, r := b.w, b.r
	from := c.CreatedAt.Add(time.Duration(st.from * float64(day)))
	to := w.Now.Add(-day)
	if st.to > 0 {
		to = c.CreatedAt.Add(time.Duration(st.to * float64(day)))
	}
	leader := c.LeaderAt(w.Now)
	quiet := w.Now
	if st.noMovesAfterQuiet && leader != nil && !leader.QuietSince.IsZero() {
		quiet = leader.QuietSince
	}
	// Ideas are proposed across the window, in order.
	var items []*plannedItem
	for i, idea := range st.ideas {
		raw := from.Add(time.Duration((float64(i) + r.Float64()) / float64(len(st.ideas)) * float64(to.Sub(from))))
		by := b.member(c, raw, nil)
		if by == nil {
			continue
		}
		at, ok := w.workAfter(r, raw, from, by)
		if !ok || !memberAt(c, by, at) {
			continue
		}
		items = append(items, &plannedItem{idea: idea, by: by, at: at})
	}
	// The oldest ideas are the ones moved along: done, declined, in
	// progress, planned; the rest wait.
	moves := slices.Repeat([]backlog.Status{backlog.Done}, st.done)
	moves = append(moves, slices.Repeat([]backlog.Status{backlog.Declined}, st.declined)...)
	moves = append(moves, slices.Repeat([]backlog.Status{backlog.InProgress}, st.inProgress)...)
	moves = append(moves, slices.Repeat([]backlog.Status{backlog.Planned}, st.planned)...)
	for i, it := range items {
		b.propose(c, it)
		if i < len(moves) {
			b.move(c, it, moves[i], quiet)
		}
		b.votes(c, it, st.votes)
	}
	b.announce(c, st, quiet)
}

// member picks a member who may act in c at t, weighted by sociability;
// roles limits the choice (none: anyone but sponsors).
func (b *backlogPlanner) member(c *Community, t time.Time, exclude []*Person, roles ...community.Role) *Person {
	var people []*Person
	for _, m := range c.MembersAt(t) {
		role := m.RoleAt(t)
		if role == community.Sponsor || (len(roles) > 0 && !slices.Contains(roles, role)) {
			continue
		}
		if memberAt(c, m.Person, t) && !slices.Contains(exclude, m.Person) {
			people = append(people, m.Person)
		}
	}
	return weightedPerson(b.r, people, func(p *Person) float64 { return p.Sociability })
}

func (b *backlogPlanner) propose(c *Community, it *plannedItem) {
	w, slug := b.w, c.Slug()
	w.At(it.at, "propose in "+slug+": "+it.idea.title, func(ctx context.Context) error {
		made, err := w.App.Backlog.Create(ctx, it.by.User, slug, backlog.NewItem{Title: it.idea.title, Description: it.idea.description, Tags: it.idea.tags})
		it.id = made.ID
		return err
	})
}

// move plans the item's way to status, by the leader or a core member of
// the time, before quiet.
func (b *backlogPlanner) move(c *Community, it *plannedItem, to backlog.Status, quiet time.Time) {
	w, r := b.w, b.r
	var path []backlog.Status
	switch to {
	case backlog.Done:
		path = []backlog.Status{backlog.Planned, backlog.Done}
	case backlog.InProgress:
		path = []backlog.Status{backlog.Planned, backlog.InProgress}
	default:
		path = []backlog.Status{to}
	}
	hi := quiet.Add(-day)
	if w.Now.Add(-time.Hour).Before(hi) {
		hi = w.Now.Add(-time.Hour)
	}
	last := it.at
	for _, st := range path {
		raw := last.Add(time.Duration((3 + r.Float64()*20) * float64(day)))
		by := b.member(c, raw, nil, community.Leader, community.Core)
		if by == nil || raw.After(hi) {
			return
		}
		at, ok := w.workAfter(r, raw, last.Add(time.Hour), by)
		if !ok || at.After(hi) || !moderatorAt(c, by, at) {
			return
		}
		last = at
		status, slug := st, c.Slug()
		reason := ""
		if st == backlog.Declined {
			reason = pick(r, declineReasons())
		}
		w.At(at, fmt.Sprintf("backlog %s in %s: %s", st, slug, it.idea.title), func(ctx context.Context) error {
			_, err := w.App.Backlog.Move(ctx, by.User, slug, it.id, status, reason)
			return err
		})
		if st == backlog.Done || st == backlog.Declined {
			it.closed = at
		}
		if st == backlog.Done {
			b.link(c, it, at, quiet)
		}
	}
}

// link points a done item at the artefact its idea names (fulfilledBy,
// a title prefix) once both exist: right after it was done, or when the
// write-up came later, by the leader or a core member of the time.
func (b *backlogPlanner) link(c *Community, it *plannedItem, done, quiet time.Time) {
	w, r := b.w, b.r
	if it.idea.fulfilledBy == "" {
		return
	}
	var found *Artefact
	for _, a := range c.Artefacts {
		if strings.HasPrefix(a.Title, it.idea.fulfilledBy) {
			found = a
		}
	}
	if found == nil {
		return
	}
	raw := done
	if found.At.After(raw) {
		raw = found.At
	}
	raw = raw.Add(time.Duration((0.05 + r.Float64()*3) * float64(day)))
	by := b.member(c, raw, nil, community.Leader, community.Core)
	if by == nil {
		return
	}
	at, ok := w.workAfter(r, raw, maxTime(done, found.At).Add(time.Hour), by)
	if !ok || !at.Before(quiet) || !moderatorAt(c, by, at) {
		return
	}
	slug := c.Slug()
	w.At(at, "link in "+slug+": "+it.idea.title, func(ctx context.Context) error {
		_, err := w.App.Backlog.Link(ctx, by.User, slug, it.id, backlog.LinkArtefact, found.ID)
		return err
	})
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// votes plans about mean votes (Poisson) by members of the time, between
// the proposal and the closing (or Now).
func (b *backlogPlanner) votes(c *Community, it *plannedItem, mean float64) {
	w, r := b.w, b.r
	end := w.Now.Add(-time.Minute)
	if !it.closed.IsZero() {
		end = it.closed.Add(-time.Minute)
	}
	if !end.After(it.at.Add(2 * time.Hour)) {
		return
	}
	voted := []*Person{it.by}
	for range poisson(r, mean) {
		raw := it.at.Add(time.Hour + time.Duration(r.Float64()*float64(end.Sub(it.at)-time.Hour)))
		p := b.member(c, raw, voted)
		if p == nil {
			continue
		}
		at, ok := w.workAfter(r, raw, it.at.Add(time.Hour), p)
		if !ok || !at.Before(end) || !memberAt(c, p, at) {
			continue
		}
		voted = append(voted, p)
		slug := c.Slug()
		w.At(at, "vote in "+slug+": "+it.idea.title, func(ctx context.Context) error {
			_, err := w.App.Backlog.Vote(ctx, p.User, slug, it.id)
			return err
		})
	}
}

// announce plans the leader's announcements (a core member's when the
// leader may not act then), none after quiet.
func (b *backlogPlanner) announce(c *Community, st backlogStory, quiet time.Time) {
	w, r := b.w, b.r
	for i, n := range st.announcements {
		raw := w.DaysAgo(n.daysAgo)
		if n.daysAgo == 0 || raw.Before(c.CreatedAt.Add(day)) {
			raw = c.CreatedAt.Add(time.Duration((1 + r.Float64()*5) * float64(day)))
		}
		by := c.LeaderAt(raw)
		if by == nil || !moderatorAt(c, by, raw) {
			by = b.member(c, raw, nil, community.Leader, community.Core)
		}
		if by == nil {
			continue
		}
		at, ok := w.workAfter(r, raw, c.CreatedAt.Add(time.Hour), by)
		if !ok || !at.Before(quiet) || !moderatorAt(c, by, at) {
			continue
		}
		d := announce.Draft{Title: n.title, Body: n.body, Pinned: st.pinLatest && i == len(st.announcements)-1}
		slug := c.Slug()
		w.At(at, "announce in "+slug+": "+n.title, func(ctx context.Context) error {
			_, err := w.App.Announcements.Post(ctx, by.User, slug, d)
			return err
		})
	}
}

func declineReasons() []string {
	return []string{
		"We covered this in a session last quarter; the minutes are in Knowledge. Reopen it if something changed.",
		"This is a decision for the architecture board rather than for us. We passed it on to them.",
		"Too close to another idea that is already planned; we merged the two.",
	}
}
