package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"cultivate/internal/community"
	"cultivate/internal/knowledge"
)

// The "knowledge" step writes down what each community learned: FAQs
// promoted from solved threads whose advice worked (DraftFromRequest, then
// Create, as the "turn into knowledge" button does), and the summaries,
// case stories, failure reflections, insights and practices of
// knowledge_texts.go, with their sources, revisions, statuses and
// adopters. It reads the threads the "help" step planned.

// Artefact is a planned knowledge artefact, for later steps.
type Artefact struct {
	Community *Community
	Kind      knowledge.Kind
	Title     string
	Author    *Person
	At        time.Time
	Anonymous bool
	// Status is the practice's status at Now; Adopters say "I use this".
	Status   knowledge.PracticeStatus
	Adopters []*Person
	// Sources are the threads it was drawn from.
	Sources []*Thread
	ID      int64 // filled in when it has been created

	body string // filled in when it has been created, for later edits
}

// writeUp is a hand-written artefact of a community (knowledge_texts.go).
type writeUp struct {
	kind  knowledge.Kind
	title string
	body  string
	tags  string
	// author is a cast key, "core" (the leader or a core member then) or
	// "member" (a plain member then).
	author    string
	daysAgo   float64
	anonymous bool
	// sources are topic keys: the latest threads on them solved before
	// the artefact are linked as its sources.
	sources []string
	// statuses move a practice on, each by the leader or a core member.
	statuses []statusAt
	// adopters members say "I use this" between its creation and Now.
	adopters int
	// revise adds a section some days after creation (0: never).
	reviseDaysAgo float64
	revision      string
}

type statusAt struct {
	daysAgo float64
	status  knowledge.PracticeStatus
	by      string // cast key, or "" for the leader or a core member then
}

type knowledgePlanner struct {
	w *World
	r *rand.Rand
}

func planKnowledge(_ context.Context, w *World) error {
	k := &knowledgePlanner{w: w, r: w.Rand}
	faqs := map[Story]int{StoryThriving: 7, StorySilentLeader: 2, StoryTwoPersonCore: 2, StoryPrivate: 2, StoryShrinking: 1, StoryCrossOrg: 1}
	for _, c := range w.Communities {
		k.faqs(c, faqs[c.Story])
		for _, wu := range writeUps(c.Story) {
			k.writeUp(c, wu)
		}
	}
	return nil
}

// faqs promotes up to n solved threads of c whose advice worked, each on
// a different question, to FAQs some days after the outcome came in.
func (k *knowledgePlanner) faqs(c *Community, n int) {
	w, r := k.w, k.r
	var candidates []*Thread
	for _, th := range c.Threads {
		if th.Outcome == "worked" && th.OutcomeAt.Before(w.DaysAgo(3)) {
			candidates = append(candidates, th)
		}
	}
	r.Shuffle(len(candidates), func(i, j int) { candidates[i], candidates[j] = candidates[j], candidates[i] })
	var topics []string
	for _, th := range candidates {
		if n == 0 {
			return
		}
		if slices.Contains(topics, th.Topic) {
			continue
		}
		raw := th.OutcomeAt.Add(time.Duration((1 + r.Float64()*10) * float64(day)))
		if raw.After(w.Now.Add(-time.Hour)) {
			continue
		}
		by := th.Asker
		if r.Float64() < 0.7 || !memberAt(c, by, raw) {
			by = k.moderator(c, raw)
		}
		if by == nil {
			continue
		}
		at, ok := w.workAfter(r, raw, th.OutcomeAt.Add(time.Hour), by)
		if !ok || !memberAt(c, by, at) || (by != th.Asker && !moderatorAt(c, by, at)) {
			continue
		}
		topics = append(topics, th.Topic)
		n--
		k.promote(c, th, by, at)
	}
}

// promote plans by turning th into an FAQ at at, opening it with the
// answer in one sentence; now and then a core member revises it later.
func (k *knowledgePlanner) promote(c *Community, th *Thread, by *Person, at time.Time) {
	w, r := k.w, k.r
	a := &Artefact{Community: c, Kind: knowledge.FAQ, Title: th.Title, Author: by, At: at, Sources: []*Thread{th}}
	c.Artefacts = append(c.Artefacts, a)
	slug, gist := c.Slug(), th.Gist
	w.At(at, "faq in "+slug+": "+th.Title, func(ctx context.Context) error {
		draft, err := w.App.Knowledge.DraftFromRequest(ctx, by.User, slug, th.ID)
		if err != nil {
			return err
		}
		// A tidy FAQ: the answer in a sentence first, without the thread's
		// greetings and sign-offs.
		draft.Body = "**In short:** " + gist + "\n\n" + tidy(draft.Body, th.Chatter())
		made, err := w.App.Knowledge.Create(ctx, by.User, slug, draft)
		a.ID, a.body = made.ID, made.Body
		return err
	})
	if r.Float64() < 0.35 {
		raw := at.Add(time.Duration((8 + r.Float64()*50) * float64(day)))
		if raw.After(w.Now) {
			return
		}
		mod := k.moderator(c, raw)
		if mod == nil {
			return
		}
		edit, ok := w.workAfter(r, raw, at.Add(day), mod)
		if !ok || !moderatorAt(c, mod, edit) {
			return
		}
		note := pick(r, faqUpdates())
		w.At(edit, "revise faq in "+slug+": "+th.Title, func(ctx context.Context) error {
			made, err := w.App.Knowledge.Edit(ctx, mod.User, slug, a.ID, th.Title, a.body+"\n\n"+note, strings.Join(th.Tags, " "))
			a.body = made.Body
			return err
		})
	}
}

// tidy removes chatter lines from a Markdown text drawn from a thread,
// whether they stand as paragraphs or inside a quoted reply.
func tidy(body string, chatter []string) string {
	const gone = "\x00"
	lines := strings.Split(body, "\n")
	for _, c := range chatter {
		for i, l := range lines {
			switch l {
			case c:
				lines[i] = gone
			case "> " + c:
				lines[i] = gone
				if i+1 < len(lines) && lines[i+1] == ">" {
					lines[i+1] = gone
				} else if i > 0 && lines[i-1] == ">" {
					lines[i-1] = gone
				}
			}
		}
	}
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if l == gone || l == "" && len(out) > 0 && out[len(out)-1] == "" {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// faqUpdates are what a core member adds to an FAQ once more people have
// tried its advice.
func faqUpdates() []string {
	return []string{
		"## Update\n\nTwo more teams have tried this since and report the same result. If it doesn't work for you, ask in Help and link this page, so we learn where it stops applying.",
		"## Update\n\nA common follow-up question: does this still apply to a much smaller team? Yes, just with less ceremony. Start with the first step only.",
		"## Update\n\nLinked from our onboarding checklist for new members, as this comes up in nearly every team's first month.",
	}
}

// moderator picks the leader or a core member of c able to act at t.
func (k *knowledgePlanner) moderator(c *Community, t time.Time) *Person {
	var mods []*Person
	for _, p := range c.PeopleAt(t, community.Leader, community.Core) {
		if moderatorAt(c, p, t) {
			mods = append(mods, p)
		}
	}
	if len(mods) == 0 {
		return nil
	}
	return pick(k.r, mods)
}

// person resolves a writeUp's author or status setter at about t.
func (k *knowledgePlanner) person(c *Community, who string, t time.Time) *Person {
	switch who {
	case "core", "":
		return k.moderator(c, t)
	case "member":
		var people []*Person
		for _, m := range c.MembersAt(t) {
			if m.RoleAt(t) == community.Member && m.Person.Key == "" && memberAt(c, m.Person, t) {
				people = append(people, m.Person)
			}
		}
		if len(people) == 0 {
			return nil
		}
		return weightedPerson(k.r, people, func(p *Person) float64 { return p.Sociability })
	}
	return k.w.Person(who)
}

// writeUp plans a hand-written artefact with its revision, statuses and
// adopters.
func (k *knowledgePlanner) writeUp(c *Community, wu writeUp) {
	w, r := k.w, k.r
	raw := w.DaysAgo(wu.daysAgo)
	if raw.Before(c.CreatedAt.Add(day)) {
		raw = c.CreatedAt.Add(day)
	}
	author := k.person(c, wu.author, raw)
	if author == nil {
		w.failf("%s: nobody to write %q", c.Slug(), wu.title)
		return
	}
	at := w.WorkTime(r, raw, raw.Add(-12*time.Hour), raw.Add(12*time.Hour), author.Location())
	if !memberAt(c, author, at) {
		w.failf("%s: %s cannot write %q at %s", c.Slug(), author.Email, wu.title, stamp(at))
		return
	}
	a := &Artefact{Community: c, Kind: wu.kind, Title: wu.title, Author: author, At: at, Anonymous: wu.anonymous}
	if wu.kind == knowledge.Practice {
		a.Status = knowledge.Proposed
	}
	for _, key := range wu.sources {
		var latest *Thread
		for _, th := range c.Threads {
			if th.Topic == key && th.Accepted != nil && th.SolvedAt.Before(at.Add(-day)) {
				latest = th
			}
		}
		if latest != nil {
			a.Sources = append(a.Sources, latest)
		}
	}
	c.Artefacts = append(c.Artefacts, a)
	slug, body := c.Slug(), wu.body
	w.At(at, "write "+string(wu.kind)+" in "+slug+": "+wu.title, func(ctx context.Context) error {
		in := knowledge.NewArtefact{Kind: wu.kind, Title: wu.title, Body: body, Tags: wu.tags, Anonymous: wu.anonymous}
		for _, th := range a.Sources {
			in.Sources = append(in.Sources, knowledge.Source{Type: knowledge.SourceRequest, ID: th.ID})
		}
		made, err := w.App.Knowledge.Create(ctx, author.User, slug, in)
		a.ID = made.ID
		return err
	})
	if wu.reviseDaysAgo > 0 {
		when := w.DaysAgo(wu.reviseDaysAgo)
		if who := k.person(c, wu.author, when); who != nil && when.After(at) {
			if wu.author == "member" || wu.anonymous {
				who = author
			}
			if edit, ok := w.workAfter(r, when, at.Add(time.Hour), who); ok && memberAt(c, who, edit) {
				revised := body + "\n\n" + wu.revision
				w.At(edit, "revise "+slug+": "+wu.title, func(ctx context.Context) error {
					_, err := w.App.Knowledge.Edit(ctx, who.User, slug, a.ID, wu.title, revised, wu.tags)
					return err
				})
			}
		}
	}
	for _, s := range wu.statuses {
		when := w.DaysAgo(s.daysAgo)
		by := k.person(c, s.by, when)
		if by == nil || !when.After(at) {
			w.failf("%s: nobody to move %q to %s", c.Slug(), wu.title, s.status)
			continue
		}
		t, ok := w.workAfter(r, when, at.Add(time.Hour), by)
		if !ok || !moderatorAt(c, by, t) {
			w.failf("%s: %s cannot move %q to %s at %s", c.Slug(), by.Email, wu.title, s.status, stamp(t))
			continue
		}
		a.Status = s.status
		status := s.status
		w.At(t, fmt.Sprintf("practice %s in %s: %s", status, slug, wu.title), func(ctx context.Context) error {
			_, err := w.App.Knowledge.SetPracticeStatus(ctx, by.User, slug, a.ID, status)
			return err
		})
	}
	k.adopt(c, a, wu.adopters)
}

// adopt plans n members saying "I use this" of the practice a, spread
// between its creation and Now, each a member then.
func (k *knowledgePlanner) adopt(c *Community, a *Artefact, n int) {
	w, r := k.w, k.r
	for range n * 3 {
		if len(a.Adopters) == n {
			return
		}
		raw := a.At.Add(time.Duration(r.Float64() * float64(w.Now.Sub(a.At))))
		var people []*Person
		for _, m := range c.MembersAt(raw) {
			p := m.Person
			if p != a.Author && !slices.Contains(a.Adopters, p) && m.RoleAt(raw) != community.Sponsor {
				people = append(people, p)
			}
		}
		p := weightedPerson(r, people, func(p *Person) float64 { return p.Sociability })
		if p == nil {
			continue
		}
		at, ok := w.workAfter(r, raw, a.At.Add(time.Hour), p)
		if !ok || !memberAt(c, p, at) {
			continue
		}
		a.Adopters = append(a.Adopters, p)
		slug := c.Slug()
		w.At(at, "adopt in "+slug+": "+a.Title, func(ctx context.Context) error {
			_, err := w.App.Knowledge.Adopt(ctx, p.User, slug, a.ID)
			return err
		})
	}
	if len(a.Adopters) < n {
		w.failf("%s: only %d of %d adopters for %q", c.Slug(), len(a.Adopters), n, a.Title)
	}
}
