package demo

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"cultivate/internal/community"
	"cultivate/internal/practice"
)

// The "help" step gives every community a history of help requests that
// fits its story: who asks, how soon and by whom they are answered, which
// are solved, and how the advice turned out (see the package doc's table).
// The words come from topics (help_topics_*.go): real questions of each
// domain, each with its answers and outcome notes; help_words.go dresses
// them, and help_stories.go says how much help each story gets.

// Thread is a planned help request and what became of it by Now. Later
// steps read it: knowledge draws FAQs and case stories from solved threads.
type Thread struct {
	Community *Community
	Asker     *Person
	Title     string
	Tags      []string
	AskedAt   time.Time
	// Posts are the replies and comments, in time order.
	Posts []*Post
	// Accepted is the reply that solved the request; nil if none did.
	Accepted *Post
	SolvedAt time.Time
	// Outcome is what the asker reported, and when; "" if they did not
	// (the sweep may then close the loop as "no outcome").
	Outcome   practice.Outcome
	OutcomeAt time.Time
	ClosedAt  time.Time
	// Topic names the question asked: threads on the same question share it.
	Topic string
	// Gist is the answer in one sentence.
	Gist string
	// ID is the request's, filled in when it has been asked.
	ID int64

	body, tried   string // Markdown; «@» stands for the mentioned person
	titleTemplate string // the topic's title it was asked with
	mention       *Person
	fill          *filler
	// chatter is what was said around the substance (greetings, sign-offs,
	// mentions), which a tidy write-up leaves out.
	chatter []chat
}

// chat is a line of chatter and who it mentions.
type chat struct {
	text    string
	mention *Person
}

// Chatter returns the thread's chatter lines as posted, once the accounts
// exist (handles filled in).
func (th *Thread) Chatter() []string {
	out := make([]string, 0, len(th.chatter))
	for _, c := range th.chatter {
		out = append(out, mentioning(c.text, c.mention))
	}
	return out
}

// Helpers returns the people who replied (not commented), in order.
func (th *Thread) Helpers() []*Person {
	var out []*Person
	for _, p := range th.Posts {
		if p.Parent == nil && p.Author != th.Asker && !slices.Contains(out, p.Author) {
			out = append(out, p.Author)
		}
	}
	return out
}

// Post is a planned reply, or a comment under a reply (Parent set).
type Post struct {
	Author *Person
	At     time.Time
	Parent *Post
	ID     int64 // filled in when it has been posted

	body    string
	mention *Person
}

// topic is a question people in a community ask, with the words to ask
// it, answer it and say how the answer turned out. Texts may hold «name»
// for one of vars (the same value all through a thread), «a|b» for a free
// choice, «team» for the writer's team ("the payments team"), «them» for
// the first name of whoever the text answers, «gist» for the topic's gist,
// and «@» for the person the text mentions (a handle exists only once the
// account does). ‵ stands for a backquote, which raw strings cannot hold.
type topic struct {
	key     string   // unique within its community
	tags    []string // mostly the community's topics
	vars    string   // "svc=checkout|search; n=6|9"
	titles  []string
	body    string
	tried   string
	answers []string // practitioners' answers; the first reply takes one, a second reply another
	worked  string   // outcome notes; "" falls back to a general one
	partly  string
	didNot  string
	gist    string // the answer in one sentence
}

// filler fills in a thread's texts.
type filler struct {
	w    *World
	r    *rand.Rand
	vals map[string]string
}

func newFiller(w *World, r *rand.Rand, vars string) *filler {
	f := &filler{w: w, r: r, vals: map[string]string{}}
	for _, def := range strings.Split(vars, ";") {
		name, values, ok := strings.Cut(strings.TrimSpace(def), "=")
		if !ok {
			continue
		}
		f.vals[strings.TrimSpace(name)] = pick(r, strings.Split(values, "|"))
	}
	return f
}

// text fills s as written by writer, answering them (nil when nobody).
func (f *filler) text(s string, writer, them *Person) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "«")
		if i < 0 {
			b.WriteString(strings.ReplaceAll(s, "‵", "`"))
			return b.String()
		}
		j := strings.Index(s[i:], "»")
		if j < 0 {
			f.w.failf("unclosed « in %q", s)
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(strings.ReplaceAll(s[:i], "‵", "`"))
		inner := s[i+len("«") : i+j]
		s = s[i+j+len("»"):]
		var v string
		switch {
		case strings.Contains(inner, "|"):
			v = pick(f.r, strings.Split(inner, "|"))
		case inner == "@":
			b.WriteString("«@»") // resolved when the action runs
			continue
		case inner == "team":
			v = teamOf(writer)
		case inner == "them":
			if them == nil {
				f.w.failf("«them» with nobody to answer in %q", s)
				continue
			}
			v = firstName(them)
		default:
			var ok bool
			if v, ok = f.vals[inner]; !ok {
				f.w.failf("unknown «%s» in a help text", inner)
			}
		}
		if sentenceStart(b.String()) {
			v = capitalize(v)
		}
		b.WriteString(v)
	}
}

// sentenceStart reports whether what follows text starts a sentence.
func sentenceStart(text string) bool {
	t := strings.TrimRight(text, " ")
	return t == "" || strings.HasSuffix(t, "\n") || len(t) < len(text) && strings.ContainsAny(t[len(t)-1:], ".?!")
}

// teamOf is "the payments team", from the team or the headline's last part.
func teamOf(p *Person) string {
	team := p.Team
	if team == "" {
		if _, after, ok := strings.Cut(p.Headline, ", "); ok {
			team = after
		}
	}
	if team == "" {
		return "my team"
	}
	return "the " + team + " team"
}

func firstName(p *Person) string {
	first, _, _ := strings.Cut(p.Name, " ")
	return first
}

// mentioning replaces «@» with p's handle; it runs with the action, once
// the account exists.
func mentioning(text string, p *Person) string {
	if p == nil {
		return strings.ReplaceAll(text, "«@»", "")
	}
	return strings.ReplaceAll(text, "«@»", "@"+p.User.Handle)
}

// replyStyle is how a community answers at some point of its history.
type replyStyle struct {
	unanswered float64       // chance that nobody replies
	median     time.Duration // of the time to the first reply
	spread     float64       // sigma of that time's logarithm
	tail       float64       // chance the first reply waits for the next day or the weekend
	workday    bool          // replies land in the helper's working day
	core       float64       // chance the first reply comes from the leader or the core group
	second     float64       // chance of a second reply from someone else
	comments   float64       // chance the asker comments on the first reply
	solved     float64       // chance the asker accepts a reply
	reported   float64       // chance the asker says how it turned out
	worked     float64       // share of reported outcomes that worked
	partly     float64       // share that partly worked (the rest did not)
	claim      float64       // chance a core helper says "I'll take it" first
	closed     float64       // chance an unanswered request is closed by its asker
	duplicate  float64       // chance an unanswered repeat is closed as a duplicate
	lock       float64       // chance a solved thread is locked later
}

// commitment is a response commitment the leader sets daysAgo (at the
// earliest a few hours after the community's creation).
type commitment struct {
	daysAgo float64
	set     practice.Settings
	at      time.Time // filled in when planned
}

// helpProfile is a community's help story.
type helpProfile struct {
	topics      []topic
	commitments []commitment
	perWeek     func(daysAgo float64) float64 // requests asked per week
	steady      bool                          // the same number every week, not a Poisson draw
	style       func(w *World, t time.Time) replyStyle
	// askerWeight scales how readily a member asks (role and person).
	askerWeight func(p *Person, role community.Role) float64
	// helperWeight scales how readily a member of the crowd answers.
	helperWeight func(p *Person) float64
}

// helpPlanner plans the "help" step.
type helpPlanner struct {
	w *World
	r *rand.Rand
	// commitments planned per community, in time order.
	commitments map[*Community][]commitment
}

func planHelp(_ context.Context, w *World) error {
	h := &helpPlanner{w: w, r: w.Rand, commitments: map[*Community][]commitment{}}
	for _, c := range w.Communities {
		prof := helpProfileFor(c)
		if prof == nil {
			continue
		}
		h.plan(c, prof)
	}
	h.sweeps()
	return nil
}

// plan plans c's help history: its commitments, the requests asked at the
// community's rate, and what its story plants by hand.
func (h *helpPlanner) plan(c *Community, prof *helpProfile) {
	w := h.w
	for _, cm := range prof.commitments {
		h.commit(c, cm)
	}
	deck := newDeck(h.r, prof.topics)
	for _, raw := range h.arrivals(c, prof) {
		asker := h.asker(c, raw, prof)
		if asker == nil {
			continue
		}
		m := c.Member(asker)
		lo := later(m.JoinedAt, c.CreatedAt).Add(time.Hour)
		if lo.After(w.Now.Add(-time.Hour)) {
			continue
		}
		at := w.WorkTime(h.r, raw, lo, w.Now.Add(-10*time.Minute), asker.Location())
		if !memberAt(c, asker, at) {
			continue
		}
		h.thread(c, prof, deck.next(), asker, at)
	}
	switch c.Story {
	case StoryThriving:
		h.plantThriving(c, prof)
	case StorySilentLeader:
		h.plantSilentLeader(c, deck)
	case StoryTwoPersonCore:
		h.plantTwoPersonCore(c, deck)
	case StoryEventsNoHelp:
		h.plantEventsNoHelp(c, deck)
	case StoryShrinking:
		h.plantShrinking(c, deck)
	case StoryBrandNew:
		h.plantBrandNew(c)
	}
}

// deck deals a community's topics in a shuffled order, reshuffling once
// all were dealt, so a question comes back only after all the others.
type deck struct {
	r      *rand.Rand
	topics []topic
	order  []int
}

func newDeck(r *rand.Rand, topics []topic) *deck { return &deck{r: r, topics: topics} }

func (d *deck) next() *topic {
	if len(d.order) == 0 {
		d.order = d.r.Perm(len(d.topics))
	}
	t := &d.topics[d.order[0]]
	d.order = d.order[1:]
	return t
}

// arrivals draws when c's requests are asked: each week a Poisson number
// at the profile's rate (or, steady, the rate rounded up or down), fewer
// in the holidays.
func (h *helpPlanner) arrivals(c *Community, prof *helpProfile) []time.Time {
	w := h.w
	var out []time.Time
	for week := c.CreatedAt.Add(2 * day); week.Before(w.Now); week = week.Add(7 * day) {
		rate := prof.perWeek(w.Now.Sub(week).Hours() / 24)
		if holiday(week) {
			rate *= 0.3
		}
		var n int
		if prof.steady {
			n = int(rate)
			if h.r.Float64() < rate-float64(n) {
				n++
			}
		} else {
			n = poisson(h.r, rate)
		}
		for range n {
			out = append(out, week.Add(time.Duration(h.r.Float64()*7*float64(day))))
		}
	}
	out = slices.DeleteFunc(out, func(t time.Time) bool { return t.After(w.Now.Add(-time.Hour)) })
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// memberAt reports whether p belongs to c at t and may act then.
func memberAt(c *Community, p *Person, t time.Time) bool {
	m := c.Member(p)
	return m != nil && m.At(t) && !m.JoinedAt.Add(5*time.Minute).After(t) && p.ActiveAt(t)
}

// moderatorAt reports whether p leads c or is in its core group at t, and
// may act then.
func moderatorAt(c *Community, p *Person, t time.Time) bool {
	if !memberAt(c, p, t) {
		return false
	}
	role := c.Member(p).RoleAt(t)
	return role == community.Leader || role == community.Core
}

// weightedPerson picks one of people in proportion to weight; nil if all
// weigh nothing.
func weightedPerson(r *rand.Rand, people []*Person, weight func(*Person) float64) *Person {
	var total float64
	ws := make([]float64, len(people))
	for i, p := range people {
		ws[i] = weight(p)
		total += ws[i]
	}
	if total <= 0 {
		return nil
	}
	x := r.Float64() * total
	for i, wt := range ws {
		if x < wt {
			return people[i]
		}
		x -= wt
	}
	for i := len(ws) - 1; i >= 0; i-- {
		if ws[i] > 0 {
			return people[i]
		}
	}
	return nil
}

// asker picks who asks in c at t.
func (h *helpPlanner) asker(c *Community, t time.Time, prof *helpProfile) *Person {
	var people []*Person
	roles := map[*Person]community.Role{}
	for _, m := range c.MembersAt(t) {
		if m.Person.ActiveAt(t) {
			people = append(people, m.Person)
			roles[m.Person] = m.RoleAt(t)
		}
	}
	return weightedPerson(h.r, people, func(p *Person) float64 {
		wt := math.Sqrt(p.Sociability)
		switch roles[p] {
		case community.Leader:
			wt *= 0.15
		case community.Core:
			wt *= 0.35
		case community.Sponsor:
			wt *= 0.05
		}
		if prof.askerWeight != nil {
			wt *= prof.askerWeight(p, roles[p])
		}
		return wt
	})
}

// helper picks who answers th at t: the leader or core group with
// chance core, else the crowd, weighted by expertise in the thread's tags
// and, unless replies wait for the working day, by being awake.
func (h *helpPlanner) helper(th *Thread, prof *helpProfile, st replyStyle, t time.Time, not ...*Person) *Person {
	c := th.Community
	var core, crowd []*Person
	for _, m := range c.MembersAt(t) {
		p := m.Person
		if p == th.Asker || slices.Contains(not, p) || !memberAt(c, p, t) {
			continue
		}
		switch m.RoleAt(t) {
		case community.Leader, community.Core:
			core = append(core, p)
		default:
			crowd = append(crowd, p)
		}
	}
	awake := func(p *Person) float64 {
		if st.workday {
			return 1
		}
		if hr := t.In(p.Location()).Hour(); hr >= 8 && hr < 20 {
			return 1
		}
		return 0.15
	}
	fromCore := h.r.Float64() < st.core
	if fromCore && len(core) > 0 || len(crowd) == 0 {
		return weightedPerson(h.r, core, awake)
	}
	return weightedPerson(h.r, crowd, func(p *Person) float64 {
		wt := 0.4
		for _, tag := range th.Tags {
			if slices.Contains(p.Expertise, tag) {
				wt = 4
				break
			}
		}
		if wt < 4 && c.Member(p).RoleAt(t) != community.Sponsor {
			for _, tag := range c.Topics {
				if slices.Contains(p.Expertise, tag) {
					wt = 1.2
					break
				}
			}
		}
		if c.Member(p).RoleAt(t) == community.Sponsor {
			wt = 0.05
		}
		if prof.helperWeight != nil {
			wt *= prof.helperWeight(p)
		}
		// Some people simply give more: the community's givers.
		return wt * p.Sociability * p.Sociability * awake(p)
	})
}

// lognormal draws a duration whose median is median.
func lognormal(r *rand.Rand, median time.Duration, sigma float64) time.Duration {
	return time.Duration(float64(median) * math.Exp(sigma*r.NormFloat64()))
}

// workAfter is a working moment for p near raw and no earlier than lo;
// ok is false when it would not have come before Now.
func (h *helpPlanner) workAfter(raw, lo time.Time, p *Person) (t time.Time, ok bool) {
	return h.w.workAfter(h.r, raw, lo, p)
}

func (w *World) workAfter(r *rand.Rand, raw, lo time.Time, p *Person) (t time.Time, ok bool) {
	hi := w.Now.Add(-time.Minute)
	if raw.After(hi) || lo.After(hi) {
		return time.Time{}, false
	}
	if raw.Before(lo) {
		raw = lo
	}
	return w.WorkTime(r, raw, lo, hi, p.Location()), true
}

// between draws a time uniformly between a and b days after t.
func (h *helpPlanner) between(t time.Time, a, b float64) time.Time {
	return t.Add(time.Duration((a + h.r.Float64()*(b-a)) * float64(day)))
}

// thread plans one request asked by asker at at, and what happens to it
// in c's style at that time.
func (h *helpPlanner) thread(c *Community, prof *helpProfile, tp *topic, asker *Person, at time.Time) *Thread {
	return h.threadWith(c, prof, prof.style(h.w, at), tp, asker, at)
}

// threadWith is thread in style st.
func (h *helpPlanner) threadWith(c *Community, prof *helpProfile, st replyStyle, tp *topic, asker *Person, at time.Time) *Thread {
	w, r := h.w, h.r
	th := h.ask(c, tp, asker, at, 0.12, nil)
	if r.Float64() < 0.07 {
		h.askerEdit(th, th.AskedAt.Add(time.Duration(4+r.IntN(40))*time.Minute))
	}
	if r.Float64() < st.unanswered {
		h.unanswered(th, st, prof)
		return th
	}
	median := st.median
	if r.Float64() < st.tail {
		median = 20 * time.Hour
	}
	first := h.answer(th, prof, st, th.AskedAt, median, tp.answers[0], r.Float64() < st.claim)
	if first == nil {
		if w.Now.Sub(th.AskedAt) > 3*day {
			h.unanswered(th, st, prof)
		}
		return th
	}
	last := first.At
	var second *Post
	if r.Float64() < st.second {
		text := genericSecond(r)
		if len(tp.answers) > 1 && r.Float64() < 0.8 {
			text = tp.answers[1+r.IntN(len(tp.answers)-1)]
		}
		if second = h.answer(th, prof, st, first.At, 3*st.median+2*time.Hour, text, false, first.Author); second != nil {
			last = second.At
		}
	}
	if r.Float64() < st.comments {
		if t := h.comments(th, first, last); t.After(last) {
			last = t
		}
	}
	if r.Float64() < 0.12 {
		h.chimeIn(th, first, last)
	}
	if r.Float64() < 0.05 {
		h.replyEdit(first, th)
	}
	if r.Float64() < 0.04 {
		h.retag(th)
	}
	if r.Float64() >= st.solved {
		return th
	}
	solving := first
	if second != nil && r.Float64() < 0.3 {
		solving = second
	}
	acceptAt, ok := h.workAfter(last.Add(lognormal(r, 5*time.Hour, 0.9)), last.Add(10*time.Minute), asker)
	if !ok || !memberAt(c, asker, acceptAt) {
		return th
	}
	h.accept(th, solving, acceptAt)
	if r.Float64() < st.reported {
		h.report(th, st)
	}
	if r.Float64() < st.lock {
		h.lock(th, h.between(th.SolvedAt, 3, 12))
	}
	return th
}

// ask plans the request itself: a title, a body with a greeting and a
// sign-off now and then, sometimes (or, given mention, always) a mention
// of someone who may know.
func (h *helpPlanner) ask(c *Community, tp *topic, asker *Person, at time.Time, mentionChance float64, mention *Person) *Thread {
	w, r := h.w, h.r
	if !memberAt(c, asker, at) {
		w.failf("%s asks in %s at %s without being a member", asker.Email, c.Slug(), stamp(at))
	}
	f := newFiller(w, r, tp.vars)
	th := &Thread{Community: c, Asker: asker, AskedAt: at.Truncate(time.Second), Topic: tp.key, fill: f}
	th.titleTemplate = h.title(c, tp)
	th.Title = f.text(th.titleTemplate, asker, nil)
	th.Gist = f.text(tp.gist, asker, nil)
	f.vals["gist"] = th.Gist
	body := f.text(tp.body, asker, nil)
	if r.Float64() < 0.3 {
		line := f.text(pick(r, openers()), asker, nil)
		th.chatter = append(th.chatter, chat{text: line})
		body = line + "\n\n" + body
	}
	if mention == nil && r.Float64() < mentionChance {
		mention = h.knower(th, at)
	}
	if mention != nil {
		th.mention = mention
		line := f.text(pick(r, askMentions()), asker, nil)
		th.chatter = append(th.chatter, chat{text: line, mention: mention})
		body += "\n\n" + line
	}
	if r.Float64() < 0.45 {
		line := f.text(pick(r, closers()), asker, nil)
		th.chatter = append(th.chatter, chat{text: line})
		body += "\n\n" + line
	}
	th.body = body
	if tp.tried != "" && r.Float64() < 0.85 {
		th.tried = f.text(tp.tried, asker, nil)
	}
	th.Tags = slices.Clone(tp.tags)
	if len(th.Tags) < 3 && r.Float64() < 0.25 {
		if extra := pick(r, c.Topics); !slices.Contains(th.Tags, extra) {
			th.Tags = append(th.Tags, extra)
		}
	}
	c.Threads = append(c.Threads, th)
	slug := c.Slug()
	title, tried, tags := th.Title, th.tried, strings.Join(th.Tags, " ")
	w.At(th.AskedAt, "ask in "+slug+": "+title, func(ctx context.Context) error {
		req, err := w.App.Practice.Ask(ctx, asker.User, slug, practice.NewRequest{Title: title, Body: mentioning(body, th.mention), Tried: tried, Tags: tags})
		th.ID = req.ID
		return err
	})
	return th
}

// title picks one of tp's titles, preferring one not yet asked in c, so
// that a question asked again reads differently.
func (h *helpPlanner) title(c *Community, tp *topic) string {
	var fresh []string
	for _, t := range tp.titles {
		used := false
		for _, th := range c.Threads {
			if th.Topic == tp.key && th.titleTemplate == t {
				used = true
				break
			}
		}
		if !used {
			fresh = append(fresh, t)
		}
	}
	if len(fresh) == 0 {
		fresh = tp.titles
	}
	return pick(h.r, fresh)
}

// knower is someone worth mentioning in th at t: the leader or a core
// member, or a member with the expertise; never the asker.
func (h *helpPlanner) knower(th *Thread, t time.Time) *Person {
	c := th.Community
	var people []*Person
	for _, m := range c.MembersAt(t) {
		if m.Person != th.Asker && memberAt(c, m.Person, t) {
			people = append(people, m.Person)
		}
	}
	return weightedPerson(h.r, people, func(p *Person) float64 {
		switch c.Member(p).RoleAt(t) {
		case community.Leader, community.Core:
			return 3
		case community.Sponsor:
			return 0
		}
		for _, tag := range th.Tags {
			if slices.Contains(p.Expertise, tag) {
				return 2
			}
		}
		return 0
	})
}

// answer plans a reply to th by someone from c, a while after after: nil
// when nobody would have replied by Now. claim makes a core helper say
// "I'll take it" shortly before replying.
func (h *helpPlanner) answer(th *Thread, prof *helpProfile, st replyStyle, after time.Time, median time.Duration, text string, claim bool, not ...*Person) *Post {
	w, r := h.w, h.r
	delay := max(lognormal(r, median, st.spread), 6*time.Minute)
	raw := after.Add(delay)
	if raw.After(w.Now.Add(-time.Minute)) {
		return nil
	}
	p := h.helper(th, prof, st, raw, not...)
	if p == nil {
		return nil
	}
	at := raw
	if st.workday {
		at = w.WorkTime(r, raw, after.Add(5*time.Minute), time.Time{}, p.Location())
	}
	at = at.Truncate(time.Second)
	if !memberAt(th.Community, p, at) {
		return nil
	}
	if claim && len(th.Posts) == 0 && moderatorAt(th.Community, p, at) {
		claimAt := at.Add(-time.Duration(8+r.IntN(35)) * time.Minute)
		if claimAt.After(th.AskedAt.Add(2*time.Minute)) && memberAt(th.Community, p, claimAt) {
			h.claim(th, p, claimAt)
		}
	}
	body := th.fill.text(text, p, th.Asker)
	if r.Float64() < 0.25 {
		line := th.fill.text(pick(r, replyOpeners()), p, th.Asker)
		th.chatter = append(th.chatter, chat{text: line})
		body = line + "\n\n" + body
	}
	var mention *Person
	if r.Float64() < 0.07 {
		if m := h.knower(th, at); m != nil && m != p {
			mention = m
			line := th.fill.text(pick(r, replyMentions()), p, th.Asker)
			th.chatter = append(th.chatter, chat{text: line, mention: m})
			body += "\n\n" + line
		}
	}
	if r.Float64() < 0.3 {
		line := th.fill.text(pick(r, replyClosers()), p, th.Asker)
		th.chatter = append(th.chatter, chat{text: line})
		body += "\n\n" + line
	}
	return h.post(th, p, at, nil, body, mention)
}

// post plans a reply (parent nil) or a comment under parent.
func (h *helpPlanner) post(th *Thread, p *Person, at time.Time, parent *Post, body string, mention *Person) *Post {
	w := h.w
	c := th.Community
	if !memberAt(c, p, at) || !at.After(th.AskedAt) {
		w.failf("%s posts in %s at %s: not a member, or before the request", p.Email, c.Slug(), stamp(at))
	}
	post := &Post{Author: p, At: at, Parent: parent, body: body, mention: mention}
	th.Posts = append(th.Posts, post)
	slices.SortStableFunc(th.Posts, func(a, b *Post) int { return a.At.Compare(b.At) })
	slug := c.Slug()
	if parent == nil {
		w.At(at, "reply in "+slug+": "+th.Title, func(ctx context.Context) error {
			made, err := w.App.Practice.Reply(ctx, p.User, slug, th.ID, mentioning(body, mention))
			post.ID = made.ID
			return err
		})
	} else {
		w.At(at, "comment in "+slug+": "+th.Title, func(ctx context.Context) error {
			made, err := w.App.Practice.Comment(ctx, p.User, slug, parent.ID, mentioning(body, mention))
			post.ID = made.ID
			return err
		})
	}
	return post
}

// comments plans the asker commenting under the first reply, and often its
// author answering; it returns the time of the last comment.
func (h *helpPlanner) comments(th *Thread, first *Post, after time.Time) time.Time {
	r := h.r
	c := th.Community
	pair := pick(r, commentPairs())
	at, ok := h.workAfter(after.Add(lognormal(r, 2*time.Hour, 0.8)), after.Add(10*time.Minute), th.Asker)
	if !ok || !memberAt(c, th.Asker, at) {
		return after
	}
	h.post(th, th.Asker, at, first, th.fill.text(pair[0], th.Asker, first.Author), nil)
	if pair[1] == "" || r.Float64() < 0.3 {
		return at
	}
	back, ok := h.workAfter(at.Add(lognormal(r, 3*time.Hour, 0.8)), at.Add(10*time.Minute), first.Author)
	if !ok || !memberAt(c, first.Author, back) {
		return at
	}
	h.post(th, first.Author, back, first, th.fill.text(pair[1], first.Author, th.Asker), nil)
	return back
}

// chimeIn plans a third member adding a comment under the first reply.
func (h *helpPlanner) chimeIn(th *Thread, first *Post, after time.Time) {
	w, r := h.w, h.r
	raw := after.Add(lognormal(r, 6*time.Hour, 0.8))
	if raw.After(w.Now.Add(-time.Minute)) {
		return
	}
	var people []*Person
	for _, m := range th.Community.MembersAt(raw) {
		if p := m.Person; p != th.Asker && p != first.Author && memberAt(th.Community, p, raw) && m.RoleAt(raw) != community.Sponsor {
			people = append(people, p)
		}
	}
	if len(people) == 0 {
		return
	}
	p := weightedPerson(r, people, func(p *Person) float64 { return p.Sociability })
	if at, ok := h.workAfter(raw, after.Add(10*time.Minute), p); ok && memberAt(th.Community, p, at) {
		h.post(th, p, at, first, th.fill.text(pick(r, chimes()), p, first.Author), nil)
	}
}

// unanswered plans what becomes of a request nobody answers: a repeat is
// often closed by the core group as a duplicate of the answered one; the
// asker may give up and close it; otherwise it stays open and overdue.
func (h *helpPlanner) unanswered(th *Thread, st replyStyle, prof *helpProfile) {
	w, r := h.w, h.r
	c := th.Community
	if r.Float64() < st.duplicate {
		if earlier := h.earlierSolved(th); earlier != nil {
			raw := th.AskedAt.Add(lognormal(r, 3*time.Hour, 0.6))
			if !raw.After(w.Now.Add(-time.Minute)) {
				if mod := h.moderator(c, raw, th.Asker); mod != nil {
					h.close(th, mod, raw.Truncate(time.Second), "Closing as a duplicate: this was answered in “"+earlier.Title+
						"” (search finds it). Reopen it if your case is different.")
					return
				}
			}
		}
	}
	if r.Float64() >= st.closed {
		return
	}
	if at, ok := h.workAfter(h.between(th.AskedAt, 1.5, 10), th.AskedAt.Add(day), th.Asker); ok && memberAt(c, th.Asker, at) {
		h.close(th, th.Asker, at, th.fill.text(pick(r, giveUps()), th.Asker, nil))
	}
}

// earlierSolved finds an earlier thread on the same question that was
// solved before th was asked.
func (h *helpPlanner) earlierSolved(th *Thread) *Thread {
	for _, o := range th.Community.Threads {
		if o != th && o.Topic == th.Topic && o.Accepted != nil && o.SolvedAt.Before(th.AskedAt) {
			return o
		}
	}
	return nil
}

// moderator picks the leader or a core member of c able to act at t.
func (h *helpPlanner) moderator(c *Community, t time.Time, not ...*Person) *Person {
	var mods []*Person
	for _, p := range c.PeopleAt(t, community.Leader, community.Core) {
		if moderatorAt(c, p, t) && !slices.Contains(not, p) {
			mods = append(mods, p)
		}
	}
	if len(mods) == 0 {
		return nil
	}
	return pick(h.r, mods)
}

// askerEdit plans the asker adding a line to the request soon after asking.
func (h *helpPlanner) askerEdit(th *Thread, at time.Time) {
	if at.After(h.w.Now) || !memberAt(th.Community, th.Asker, at) {
		return
	}
	th.body += "\n\n" + th.fill.text(pick(h.r, askerEdits()), th.Asker, nil)
	h.editRequest(th, th.Asker, at, th.body, th.Tags)
}

// retag plans a core member adding one of the community's tags.
func (h *helpPlanner) retag(th *Thread) {
	w, r := h.w, h.r
	c := th.Community
	if len(th.Tags) >= practice.MaxTags {
		return
	}
	var extra string
	for _, i := range r.Perm(len(c.Topics)) {
		if !slices.Contains(th.Tags, c.Topics[i]) {
			extra = c.Topics[i]
			break
		}
	}
	at := th.AskedAt.Add(time.Duration(20+r.IntN(300)) * time.Minute)
	if extra == "" || at.After(w.Now) {
		return
	}
	mod := h.moderator(c, at, th.Asker)
	if mod == nil {
		return
	}
	th.Tags = append(slices.Clone(th.Tags), extra)
	h.editRequest(th, mod, at, th.body, th.Tags)
}

// editRequest plans p saving body and tags over th's request at at.
func (h *helpPlanner) editRequest(th *Thread, p *Person, at time.Time, body string, tags []string) {
	w := h.w
	slug, title, tried, tagText := th.Community.Slug(), th.Title, th.tried, strings.Join(tags, " ")
	w.At(at, "edit request in "+slug+": "+title, func(ctx context.Context) error {
		_, err := w.App.Practice.EditRequest(ctx, p.User, slug, th.ID, title, mentioning(body, th.mention), tried, tagText)
		return err
	})
}

// replyEdit plans a reply's author correcting it within the hour.
func (h *helpPlanner) replyEdit(post *Post, th *Thread) {
	w, r := h.w, h.r
	at := post.At.Add(time.Duration(5+r.IntN(55)) * time.Minute)
	if at.After(w.Now) || !memberAt(th.Community, post.Author, at) {
		return
	}
	post.body += "\n\n" + th.fill.text(pick(r, replyEdits()), post.Author, th.Asker)
	body, slug := post.body, th.Community.Slug()
	w.At(at, "edit reply in "+slug+": "+th.Title, func(ctx context.Context) error {
		_, err := w.App.Practice.EditReply(ctx, post.Author.User, slug, post.ID, mentioning(body, post.mention))
		return err
	})
}

// claim plans p saying "I'll take it" on th at at.
func (h *helpPlanner) claim(th *Thread, p *Person, at time.Time) {
	w := h.w
	slug := th.Community.Slug()
	w.At(at, "claim in "+slug+": "+th.Title, func(ctx context.Context) error {
		_, err := w.App.Practice.Claim(ctx, p.User, slug, th.ID)
		return err
	})
}

// accept plans the asker marking post as the reply that solved th.
func (h *helpPlanner) accept(th *Thread, post *Post, at time.Time) {
	w := h.w
	if !at.After(post.At) {
		w.failf("a reply in %s accepted before it was posted", th.Community.Slug())
	}
	th.Accepted, th.SolvedAt = post, at
	slug := th.Community.Slug()
	w.At(at, "accept in "+slug+": "+th.Title, func(ctx context.Context) error {
		return w.App.Practice.Accept(ctx, th.Asker.User, slug, th.ID, post.ID)
	})
}

// report plans the asker saying how the advice turned out: mostly after
// the follow-up asks, sometimes before, now and then only after the
// reminder. Nothing when that would be after Now (the follow-up waits).
func (h *helpPlanner) report(th *Thread, st replyStyle) {
	r := h.r
	c := th.Community
	followup := h.settingsAt(c, th.SolvedAt).FollowupAfter()
	var raw time.Time
	switch u := r.Float64(); {
	case u < 0.2:
		raw = th.SolvedAt.Add(time.Duration((1.5 + r.Float64()*(followup.Hours()/24*0.8-1.5)) * float64(day)))
	case u < 0.9:
		raw = th.SolvedAt.Add(followup).Add(time.Duration((0.3 + r.ExpFloat64()*1.4) * float64(day)))
	default:
		raw = th.SolvedAt.Add(followup).Add(time.Duration((8 + r.Float64()*5) * float64(day)))
	}
	at, ok := h.workAfter(raw, th.SolvedAt.Add(time.Hour), th.Asker)
	if !ok || !memberAt(c, th.Asker, at) {
		return
	}
	outcome, note := practice.DidNot, ""
	tp := h.topicOf(th)
	switch u := r.Float64(); {
	case u < st.worked:
		outcome, note = practice.Worked, tp.worked
		if note == "" || r.Float64() < 0.12 {
			note = pick(r, workedNotes())
		}
	case u < st.worked+st.partly:
		outcome, note = practice.Partly, tp.partly
		if note == "" || r.Float64() < 0.12 {
			note = pick(r, partlyNotes())
		}
	default:
		note = tp.didNot
		if note == "" || r.Float64() < 0.12 {
			note = pick(r, didNotNotes())
		}
	}
	if r.Float64() < 0.12 {
		note = ""
	} else {
		note = th.fill.text(note, th.Asker, th.Accepted.Author)
	}
	h.outcome(th, at, outcome, note)
}

// outcome plans the asker reporting outcome with note at at.
func (h *helpPlanner) outcome(th *Thread, at time.Time, outcome practice.Outcome, note string) {
	w := h.w
	th.Outcome, th.OutcomeAt = outcome, at
	slug := th.Community.Slug()
	w.At(at, "outcome in "+slug+": "+th.Title, func(ctx context.Context) error {
		return w.App.Practice.ReportOutcome(ctx, th.Asker.User, slug, th.ID, outcome, note)
	})
}

// topicOf finds the topic th was asked from.
func (h *helpPlanner) topicOf(th *Thread) *topic {
	for _, set := range [][]topic{helpTopics(th.Community.Story), specialTopics()} {
		for i := range set {
			if set[i].key == th.Topic {
				return &set[i]
			}
		}
	}
	h.w.failf("no topic %q", th.Topic)
	return &topic{}
}

// close plans p closing th with reason.
func (h *helpPlanner) close(th *Thread, p *Person, at time.Time, reason string) {
	w := h.w
	th.ClosedAt = at
	slug := th.Community.Slug()
	w.At(at, "close in "+slug+": "+th.Title, func(ctx context.Context) error {
		return w.App.Practice.Close(ctx, p.User, slug, th.ID, reason)
	})
}

// lock plans a core member locking a solved thread whose discussion is over.
func (h *helpPlanner) lock(th *Thread, raw time.Time) {
	w := h.w
	if raw.After(w.Now) {
		return
	}
	mod := h.moderator(th.Community, raw)
	if mod == nil {
		return
	}
	at, ok := h.workAfter(raw, th.SolvedAt.Add(time.Hour), mod)
	if !ok || !moderatorAt(th.Community, mod, at) {
		return
	}
	slug := th.Community.Slug()
	w.At(at, "lock in "+slug+": "+th.Title, func(ctx context.Context) error {
		return w.App.Practice.Lock(ctx, mod.User, slug, th.ID)
	})
}

// commit plans the leader setting c's response commitment.
func (h *helpPlanner) commit(c *Community, cm commitment) {
	w := h.w
	raw := w.DaysAgo(cm.daysAgo)
	if lo := c.CreatedAt.Add(3 * time.Hour); raw.Before(lo) {
		raw = lo
	}
	lead := c.LeaderAt(raw)
	if lead == nil {
		w.failf("no leader of %s to set its commitment", c.Slug())
		return
	}
	at := w.WorkTime(h.r, raw, c.CreatedAt.Add(time.Hour), time.Time{}, lead.Location())
	if !moderatorAt(c, lead, at) {
		w.failf("%s cannot set the commitment of %s at %s", lead.Email, c.Slug(), stamp(at))
		return
	}
	cm.at = at
	list := append(h.commitments[c], cm)
	slices.SortStableFunc(list, func(a, b commitment) int { return a.at.Compare(b.at) })
	h.commitments[c] = list
	slug, set := c.Slug(), cm.set
	w.At(at, "commitment of "+slug, func(ctx context.Context) error {
		_, err := w.App.Practice.UpdateSettings(ctx, lead.User, slug, set)
		return err
	})
}

// settingsAt is c's commitment in force at t.
func (h *helpPlanner) settingsAt(c *Community, t time.Time) practice.Settings {
	st := practice.DefaultSettings()
	for _, cm := range h.commitments[c] {
		if !cm.at.After(t) {
			st = cm.set
		}
	}
	return st
}

// sweeps plans the background jobs once a day, early in the European
// morning, and once more at Now, as a server would run them: the sweep for
// reminders and follow-ups, mail, digests, event reminders and feedback
// asks, webhook deliveries.
func (h *helpPlanner) sweeps() {
	w := h.w
	sweep := func(ctx context.Context) error {
		_, err := w.App.Jobs.RunDue(ctx)
		return err
	}
	first := time.Date(w.Start.Year(), w.Start.Month(), w.Start.Day(), 6, 0, 0, 0, time.UTC).Add(day)
	for t := first; t.Before(w.Now); t = t.Add(day) {
		w.At(t, "sweep", sweep)
	}
	w.At(w.Now, "sweep", sweep)
}

// settings is a commitment: a first reply within minutes (of working time
// when zone is set), follow-ups after followup days.
func settings(minutes int, zone string, followup, claim, remind int) practice.Settings {
	st := practice.DefaultSettings()
	st.ResponseMinutes, st.FollowupDays, st.ClaimMinutes, st.RemindBeforeMinutes = minutes, followup, claim, remind
	if zone != "" {
		st.WorkingHoursOnly, st.TimeZone = true, zone
	}
	return st
}
