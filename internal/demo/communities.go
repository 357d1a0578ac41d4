package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"cultivate/internal/community"
)

// Each plan function below is one step: it plants one community's story
// (see the table in the package doc). Times are in days before Now.

// planner carries what a story's plan needs at hand.
type planner struct {
	w *World
	r *rand.Rand
	c *Community
}

func newPlanner(w *World, c *Community) *planner { return &planner{w: w, r: w.Rand, c: c} }

// at is a working moment for p about d days before Now, never before lo
// nor before the community's creation.
func (pl *planner) at(d float64, p *Person, lo time.Time) time.Time {
	lo = later(lo, pl.c.CreatedAt)
	return pl.w.WorkTime(pl.r, pl.w.DaysAgo(d), lo.Add(5*time.Minute), time.Time{}, p.Location())
}

// soon is a working moment for p between one hour and about a day after t.
func (pl *planner) soon(t time.Time, p *Person) time.Time {
	return pl.w.WorkTime(pl.r, t.Add(time.Duration(pl.r.Float64()*30*float64(time.Hour))), t.Add(time.Hour), t.Add(13*day), p.Location())
}

// create plans the community's creation by its founder d days ago.
func (pl *planner) create(founder *Person, d float64, intro string) {
	pl.w.create(pl.c, founder, pl.w.WorkTime(pl.r, pl.w.DaysAgo(d), founder.SignedUpAt.Add(time.Hour), time.Time{}, founder.Location()))
	if intro != "" {
		pl.w.intro(pl.c, founder, pl.at(d-0.2, founder, pl.c.CreatedAt), intro)
	}
}

// join plans a cast member joining d days ago, returning the time.
func (pl *planner) join(p *Person, d float64, intro string) time.Time {
	t := pl.at(d, p, time.Time{})
	pl.w.join(pl.c, p, t, intro)
	return t
}

// promote plans the leader giving p role d days ago, at least lo.
func (pl *planner) promote(p *Person, role community.Role, d float64, lo time.Time) {
	m := pl.c.Member(p)
	if m == nil {
		pl.w.failf("%s gets a role in %s without being a member", p.Email, pl.c.Slug())
		return
	}
	leader := pl.c.LeaderAt(pl.w.DaysAgo(d))
	if leader == nil {
		leader = pl.c.Founder
	}
	t := pl.at(d, leader, later(lo, m.JoinedAt).Add(time.Hour))
	pl.w.setRole(pl.c, p, role, t)
}

// inviteAccepted plans by inviting p with role d days ago and p accepting
// soon after.
func (pl *planner) inviteAccepted(by, p *Person, role community.Role, d float64) {
	t := pl.at(d, by, time.Time{})
	pl.w.invite(pl.c, by, p, "", role, t, pl.soon(t, p))
}

// promoteEarliest gives the core role to the n earliest crowd members
// matching ok, at the given days ago (one per member).
func (pl *planner) promoteEarliest(members []*Member, ok func(*Person) bool, days ...float64) {
	members = slices.Clone(members)
	slices.SortStableFunc(members, func(a, b *Member) int { return a.JoinedAt.Compare(b.JoinedAt) })
	i := 0
	for _, m := range members {
		if i == len(days) {
			return
		}
		if ok(m.Person) && m.JoinedAt.Before(pl.w.DaysAgo(days[i]+3)) {
			pl.promote(m.Person, community.Core, days[i], time.Time{})
			i++
		}
	}
	if i < len(days) {
		pl.w.failf("%s: only %d of %d core members found", pl.c.Slug(), i, len(days))
	}
}

// crowdIntros plans a share of the present members rewriting their
// introduction some days after joining.
func (pl *planner) crowdIntros(share float64) {
	for _, m := range pl.c.Members {
		if m.Person.Key != "" || !m.LeftAt.IsZero() || pl.r.Float64() >= share {
			continue
		}
		t := m.JoinedAt.Add(time.Duration((3 + 30*pl.r.Float64()) * float64(day)))
		if t.After(pl.w.Now) {
			continue
		}
		pl.w.intro(pl.c, m.Person, pl.w.WorkTime(pl.r, t, m.JoinedAt.Add(time.Hour), time.Time{}, m.Person.Location()), joinIntro(pl.r, m.Person, pl.c))
	}
}

func planTesting(_ context.Context, w *World) error {
	c := &Community{
		Story: StoryThriving,
		Note:  "Thriving: a leader and five core members, 60+ members, people join every week.",
		Settings: community.Settings{
			Name:   "Testing & Quality",
			Slug:   "testing",
			Domain: "Software testing and quality engineering: test strategy, automation, exploratory testing and release confidence",
			Purpose: "We help everyone who tests software at Northwind, whatever their job title, to get better at it together.\n\n" +
				"Testing is spread over forty teams, and each of them was solving the same problems alone: flaky end-to-end suites, " +
				"slow pipelines, releases nobody felt sure about. Here we bring real problems and answer each other within a working day, " +
				"share what worked and what did not, and agree on the practices we would recommend to every team.\n\n" +
				"Developers, product people and anyone curious about quality are welcome. You do not need \"QA\" in your title.",
			Visibility: string(community.Open),
		},
		Topics: disciplineByKey("testing").tags,
	}
	pl := newPlanner(w, c)
	lead, sponsor, elif := w.Person("testing-lead"), w.Person("sponsor-vp"), w.Person("multi-member")
	pl.create(lead, 255, "I started this community. Ask me anything about test strategy, contract tests or how we test payments.")
	pl.inviteAccepted(lead, sponsor, community.Sponsor, 246)
	pl.join(elif, 240, "Full-stack on checkout. I write more Playwright tests than I admit.")
	crowd := w.joinCrowd(pl.r, c, w.joinTimes(pl.r, c, growth{kickoff: 22, perWeek: 1.5, regular: true,
		bursts: []burst{{daysAgo: 150, joins: 8, days: 5}}}), affinity{
		"testing": 1, "frontend": 0.35, "backend": 0.3, "mobile": 0.3, "product": 0.15, "delivery": 0.15,
		"platform": 0.15, "design": 0.1, "data": 0.1, "security": 0.1, "ux-research": 0.1,
	}, nil)
	pl.promoteEarliest(crowd, func(p *Person) bool { return p.Discipline == "testing" }, 248, 232, 205, 160, 118)
	w.leaveSome(pl.r, c, 3, 200, 10)
	pl.crowdIntros(0.08)
	return nil
}

func planData(_ context.Context, w *World) error {
	c := &Community{
		Story: StoryTwoPersonCore,
		Note:  "Two-person core: the leader and one core member carry everything; the core group never grew.",
		Settings: community.Settings{
			Name:   "Data & Analytics",
			Slug:   "data-analytics",
			Domain: "Analytics, analytics engineering and data science: modelling, metrics, experiments and honest dashboards",
			Purpose: "Northwind makes thousands of decisions a week from numbers, and too many of those numbers disagree.\n\n" +
				"This community is for analysts, analytics engineers, data scientists and anyone who writes SQL to answer a business question. " +
				"We help each other model data, test it and present it honestly. We agree on shared definitions (what counts as an active customer?) " +
				"and keep them in one place.\n\n" +
				"Bring a query that misbehaves, a dashboard nobody reads, or a metric two teams compute differently.",
			Visibility: string(community.Open),
		},
		Topics: disciplineByKey("data").tags,
	}
	pl := newPlanner(w, c)
	lead, core, sponsor := w.Person("data-lead"), w.Person("data-core"), w.Person("sponsor-cdo")
	pl.create(lead, 210, "Analytics engineering lead. I look after our dbt project and the metric definitions.")
	pl.join(core, 209.5, "Marketing analytics. Bring me your experiments before you run them.")
	pl.promote(core, community.Core, 203, time.Time{})
	pl.inviteAccepted(lead, sponsor, community.Sponsor, 207)
	pl.join(w.Person("multi-member"), 120, "")
	w.joinCrowd(pl.r, c, w.joinTimes(pl.r, c, growth{kickoff: 14, perWeek: 0.75}), affinity{
		"data": 1, "ml": 0.6, "product": 0.35, "backend": 0.15, "ux-research": 0.1, "delivery": 0.1,
	}, nil)
	w.leaveSome(pl.r, c, 1, 150, 20)
	pl.crowdIntros(0.08)
	return nil
}

func planUXResearch(_ context.Context, w *World) error {
	c := &Community{
		Story: StorySilentLeader,
		Note:  "Silent leader: the leader's last action was five to six weeks ago, while people keep joining and the core group carries on.",
		Settings: community.Settings{
			Name:   "UX Research",
			Slug:   "ux-research",
			Domain: "User research: interviews, usability testing, surveys, research operations and making findings count",
			Purpose: "Everyone at Northwind talks to customers sometimes; few of us were taught how.\n\n" +
				"This community brings together researchers, designers, product managers and engineers who run interviews, " +
				"usability tests and surveys, so that what we learn from customers is sound and actually gets used. " +
				"We review each other's study plans and discussion guides, share recruiting and note-taking tricks, " +
				"and keep a library of what we already know so that teams stop asking the same questions twice.",
			Visibility: string(community.Open),
			CodeOfConduct: community.DefaultCodeOfConduct + "\n\n" +
				"Research participants come first. Names, recordings and quotes stay in the research library; " +
				"here we share what we learned, never who said it.",
		},
		Topics: disciplineByKey("ux-research").tags,
	}
	pl := newPlanner(w, c)
	lead, core, core2 := w.Person("ux-lead"), w.Person("ux-core"), w.Person("ux-core-2")
	aff := affinity{"ux-research": 1, "design": 0.8, "product": 0.5, "frontend": 0.12, "data": 0.1, "testing": 0.1, "delivery": 0.1}
	pl.create(lead, 240, "I founded this community. I review study plans on request; just ask.")
	pl.join(core, 239, "Onboarding research. Happy to share my diary-study templates.")
	pl.promote(core, community.Core, 236, time.Time{})
	pl.join(core2, 234, "Research ops: recruiting, consent forms and the research library.")
	pl.promote(core2, community.Core, 180, time.Time{})
	w.joinCrowd(pl.r, c, w.joinTimes(pl.r, c, growth{kickoff: 12, perWeek: 0.8,
		bursts: []burst{{daysAgo: 20, joins: 5, days: 4}}}), aff, nil)

	// The leader's last act: an invitation, about 38 days before Now. From
	// then on she does nothing (Person.QuietSince), anywhere.
	last := w.WorkTime(pl.r, w.DaysAgo(38.5), w.DaysAgo(39.3), lead.QuietSince.Add(-2*time.Hour), lead.Location())
	if p := w.candidate(pl.r, c, last, aff, nil); p != nil {
		w.invite(c, lead, p, "", community.Member, last, pl.soon(last, p))
	}
	// The core group keeps going after she went quiet.
	sent := pl.at(12, core, time.Time{})
	if p := w.candidate(pl.r, c, sent, aff, nil); p != nil {
		w.invite(c, core, p, "", community.Member, sent, pl.soon(sent, p))
	}
	w.leaveSome(pl.r, c, 1, 120, 45)
	pl.crowdIntros(0.08)
	return nil
}

func planFrontend(_ context.Context, w *World) error {
	c := &Community{
		Story: StoryEventsNoHelp,
		Note:  "Events, little help: a big audience for talks and demos, but members rarely ask each other for help. Leadership was handed over three months ago.",
		Settings: community.Settings{
			Name:   "Frontend Guild",
			Slug:   "frontend",
			Domain: "Building Northwind's web interfaces: components, CSS, performance, accessibility and frontend tooling",
			Purpose: "The Frontend Guild is where the people who build Northwind's web interfaces meet.\n\n" +
				"We share how we build: components, state, performance budgets, accessibility, and the tooling that holds it all together. " +
				"Our rhythm is talks and demos: a brown bag every other week, lightning talks once a month, and a yearly day of what we learned.\n\n" +
				"Anyone who ships HTML, CSS or TypeScript, or designs for the web, is welcome.",
			Visibility: string(community.Open),
		},
		Topics: disciplineByKey("frontend").tags,
	}
	pl := newPlanner(w, c)
	founder, lead, core, core2 := w.Person("frontend-founder"), w.Person("frontend-lead"), w.Person("frontend-core"), w.Person("frontend-core-2")
	pl.create(founder, 180, "I started the Guild. Performance budgets are my hobby horse.")
	pl.join(lead, 179.5, "Design systems. Ask me about our components and CSS.")
	pl.promote(lead, community.Core, 176, time.Time{})
	pl.join(core, 178, "I run the lightning talks. Sign up for one!")
	pl.promote(core, community.Core, 170, time.Time{})
	pl.inviteAccepted(founder, w.Person("sponsor-product"), community.Sponsor, 175)
	pl.join(w.Person("multi-member"), 177, "")
	pl.join(core2, 150, "Merchant portal. Accessible forms, please.")
	// The founder hands the leadership over and stays in the core group.
	pl.promote(lead, community.Leader, 95, time.Time{})
	pl.promote(core2, community.Core, 60, time.Time{})
	w.joinCrowd(pl.r, c, w.joinTimes(pl.r, c, growth{kickoff: 28, perWeek: 1.3}), affinity{
		"frontend": 1, "design": 0.6, "mobile": 0.3, "testing": 0.25, "backend": 0.2, "product": 0.15, "ux-research": 0.15,
	}, nil)
	w.leaveSome(pl.r, c, 2, 150, 15)
	pl.crowdIntros(0.08)
	return nil
}

func planPlatform(_ context.Context, w *World) error {
	c := &Community{
		Story: StoryBrandNew,
		Note:  "Brand new: created two weeks ago, a handful of members, no sponsor yet; it is working through the bootstrap checklist.",
		Settings: community.Settings{
			Name:   "Platform Engineering",
			Slug:   "platform-engineering",
			Domain: "Platform, SRE and DevOps: deployment, reliability, observability, cost and the internal developer platform",
			Purpose: "We are just starting.\n\n" +
				"Platform, SRE and DevOps engineers across Northwind keep building the same things twice: deployment pipelines, alerting, " +
				"cost reports, golden paths. This community is where we compare notes before we build, help each other through incidents " +
				"and migrations, and decide together what the internal platform should offer next.\n\n" +
				"First step: a vision workshop in our third week, open to anyone who runs software in production.",
			Visibility: string(community.Open),
		},
		Topics: disciplineByKey("platform").tags,
	}
	pl := newPlanner(w, c)
	lead, core := w.Person("platform-lead"), w.Person("platform-core")
	pl.create(lead, 14, "Founder. I would love to hear what slows your team down between commit and production.")
	pl.join(core, 13.8, "SRE for payments. Incident reviews are my thing.")
	pl.promote(core, community.Core, 12, time.Time{})
	pl.join(w.Person("admin"), 11, "I run the internal tools, including this one.")
	w.joinCrowd(pl.r, c, w.joinTimes(pl.r, c, growth{kickoff: 5}), affinity{"platform": 1, "backend": 0.4, "security": 0.2}, nil)
	pl.join(w.Person("sponsor-vp"), 6, "Following along; tell me what you need.")
	return nil
}

func planSecurity(_ context.Context, w *World) error {
	c := &Community{
		Story: StoryPrivate,
		Note:  "Private: members come by invitation or approved request; join requests and invitations are waiting for an answer.",
		Settings: community.Settings{
			Name:   "Security Champions",
			Slug:   "security-champions",
			Domain: "Application security in product teams: threat modelling, secure code, secrets, dependencies and incidents",
			Purpose: "Security champions are engineers who, next to their day job, are their team's first stop for security questions. This community backs them up.\n\n" +
				"We review threat models together, explain how to fix what the scanners find, share lessons from incidents without blame, " +
				"and keep our secure-coding guidance short and current.\n\n" +
				"It is private because we talk about weaknesses before they are fixed. Ask to join if your team needs a champion.",
			Visibility: string(community.Private),
			CodeOfConduct: community.DefaultCodeOfConduct + "\n\n" +
				"What we discuss here is not public. Never post secrets, credentials or exploit details for an unfixed issue: " +
				"link to the ticket instead. Report a live incident through the incident process first, then tell us here.",
		},
		Topics: disciplineByKey("security").tags,
	}
	pl := newPlanner(w, c)
	r := pl.r
	lead, core, core2 := w.Person("security-lead"), w.Person("security-core"), w.Person("security-core-2")
	pl.create(lead, 150, "I lead the champions. Bring me your threat models.")
	pl.inviteAccepted(lead, core, community.Core, 149)
	pl.inviteAccepted(lead, w.Person("sponsor-ciso"), community.Sponsor, 147)
	pl.inviteAccepted(lead, core2, community.Member, 141)
	pl.promote(core2, community.Core, 100, time.Time{})

	aff := affinity{"security": 1, "backend": 0.5, "platform": 0.4, "frontend": 0.15, "testing": 0.15, "mobile": 0.1}
	notAsked := func(p *Person) float64 {
		for _, inv := range c.Invitations {
			if inv.Person == p {
				return 0
			}
		}
		for _, req := range c.Requests {
			if req.Person == p {
				return 0
			}
		}
		return 1
	}
	moderator := func(t time.Time) *Person {
		var mods []*Person
		for _, p := range c.PeopleAt(t, community.Leader, community.Core) {
			if p.ActiveAt(t) {
				mods = append(mods, p)
			}
		}
		return pick(r, mods)
	}
	invite := func(d float64, accept bool) {
		raw := w.DaysAgo(d)
		p := w.candidate(r, c, raw, aff, notAsked)
		if p == nil {
			return
		}
		by := moderator(raw)
		t := pl.at(d, by, p.SignedUpAt)
		var acceptAt time.Time
		if accept {
			acceptAt = pl.soon(t, p)
		}
		w.invite(c, by, p, "", community.Member, t, acceptAt)
	}
	ask := func(d float64, decide, approve bool) {
		raw := w.DaysAgo(d)
		p := w.candidate(r, c, raw, aff, notAsked)
		if p == nil {
			return
		}
		t := pl.at(d, p, p.SignedUpAt)
		var by *Person
		var decideAt time.Time
		if decide {
			by = moderator(t)
			decideAt = pl.soon(t, by)
		}
		w.request(c, p, t, requestMessage(r, p), by, decideAt, approve)
	}
	for _, d := range []float64{146, 143, 139, 131, 122, 108, 95, 77, 61, 44} {
		invite(d, true)
	}
	for _, d := range []float64{133, 118, 104, 88, 70, 52, 35, 21} {
		ask(d, true, true)
	}
	ask(60, true, false) // declined: not a fit for the champions
	invite(80, false)    // never answered: long expired
	// Waiting for the leader or the core group at Now.
	for _, d := range []float64{9, 6, 3, 1} {
		ask(d, false, false)
	}
	invite(12, false)
	invite(5, false)
	newHire := "kemi.adewale@" + EmailDomain // starts next month; no account yet
	if w.ByEmail(newHire) == nil {
		w.invite(c, lead, nil, newHire, community.Member, pl.at(2, lead, time.Time{}), time.Time{})
	}
	pl.crowdIntros(0.1)
	return nil
}

func planMobile(_ context.Context, w *World) error {
	c := &Community{
		Story: StoryShrinking,
		Note:  "Shrinking: a big kick-off, then the mobile team was split into product teams; people have been leaving for four months and few join.",
		Settings: community.Settings{
			Name:   "Mobile",
			Slug:   "mobile",
			Domain: "Building the Northwind apps on iOS and Android: architecture, releases, performance and device testing",
			Purpose: "Northwind's iOS and Android engineers sit in different product teams and rarely see each other's code.\n\n" +
				"We meet to keep our apps consistent and our builds fast: shared architecture decisions, release trains, crash triage, " +
				"testing on real devices, and what the platform vendors changed this year.\n\n" +
				"Designers and testers who work on mobile are welcome.",
			Visibility: string(community.Open),
		},
		Topics: disciplineByKey("mobile").tags,
	}
	pl := newPlanner(w, c)
	lead, core := w.Person("shrinking-lead"), w.Person("shrinking-core")
	pl.create(lead, 200, "I lead iOS. Release trains, crash rates and SwiftUI.")
	pl.join(core, 199.5, "Android since the early days.")
	pl.promote(core, community.Core, 195, time.Time{})
	w.joinCrowd(pl.r, c, w.joinTimes(pl.r, c, growth{kickoff: 24, perWeek: 0.6, steadyUntil: 130, afterPerWeek: 0.08}), affinity{
		"mobile": 1, "design": 0.3, "testing": 0.3, "frontend": 0.2, "backend": 0.15, "product": 0.15,
	}, nil)
	w.leaveSome(pl.r, c, 11, 125, 8)
	pl.crowdIntros(0.06)
	return nil
}

func planWaysOfWorking(_ context.Context, w *World) error {
	c := &Community{
		Story: StoryCrossOrg,
		Note:  "Cross-organization and mature: the oldest community; its members belong to the other communities too, their leaders meet here, and its sponsor takes part.",
		Settings: community.Settings{
			Name:   "Ways of Working",
			Slug:   "ways-of-working",
			Domain: "How teams plan, deliver and improve: agile practice, flow, retrospectives, team health and cross-team collaboration",
			Purpose: "Ways of Working is for everyone who shapes how Northwind's teams plan, deliver and improve, whichever department they sit in.\n\n" +
				"Scrum masters, delivery managers, engineering managers, product people and team members compare what really happens in their teams: " +
				"retrospectives that change something, planning that survives contact with reality, healthy on-call, remote rituals. " +
				"It is also where the leaders of the other communities meet to learn from each other.\n\n" +
				"Our sponsor, the VP Engineering, brings the organization's questions to us and takes our answers back.",
			Visibility: string(community.Open),
		},
		Topics: disciplineByKey("delivery").tags,
	}
	pl := newPlanner(w, c)
	lead := w.Person("crossorg-lead")
	pl.create(lead, 270, "Agile coach and founder of this community. I facilitate workshops for any team that asks.")
	for _, j := range []struct {
		key        string
		join, core float64
		intro      string
	}{
		{"crossorg-core", 269.5, 265, "Delivery manager in logistics. Kanban and flow metrics."},
		{"crossorg-core-2", 268, 250, "Engineering manager, identity. Happy to talk about on-call and growing engineers."},
		{"crossorg-core-3", 262, 200, "Product owner for pricing."},
	} {
		p := w.Person(j.key)
		pl.join(p, j.join, j.intro)
		pl.promote(p, community.Core, j.core, time.Time{})
	}
	pl.inviteAccepted(lead, w.Person("sponsor-vp"), community.Sponsor, 266)
	pl.join(w.Person("support"), 268, "I coach the communities of practice. Here to learn from all of you.")
	// The leaders of the other communities, and a few of their core members.
	for _, j := range []struct {
		key  string
		join float64
	}{
		{"testing-lead", 250}, {"ux-lead", 230}, {"data-lead", 200}, {"shrinking-lead", 190}, {"frontend-founder", 170},
		{"security-lead", 140}, {"multi-member", 100}, {"frontend-lead", 90}, {"ux-core", 60}, {"platform-lead", 13},
	} {
		pl.join(w.Person(j.key), j.join, "")
	}
	// The crowd: people who already belong to other communities are the
	// likeliest to join this one.
	elsewhere := func(p *Person) float64 {
		n := 0
		for _, other := range w.Communities {
			if other != c && other.Member(p) != nil {
				n++
			}
		}
		return 1 + 1.2*float64(n)
	}
	w.joinCrowd(pl.r, c, w.joinTimes(pl.r, c, growth{kickoff: 14, perWeek: 0.9,
		bursts: []burst{{daysAgo: 150, joins: 6, days: 4}}}), affinity{
		"delivery": 1, "product": 0.7, "testing": 0.25, "backend": 0.25, "frontend": 0.25, "data": 0.25, "design": 0.25,
		"ux-research": 0.25, "platform": 0.25, "mobile": 0.25, "security": 0.25, "ml": 0.2,
	}, elsewhere)
	w.leaveSome(pl.r, c, 2, 200, 30)
	pl.crowdIntros(0.08)
	return nil
}

// joinIntro writes the hello someone posts when joining c.
func joinIntro(r *rand.Rand, p *Person, c *Community) string {
	have, want := "", ""
	for _, t := range p.Expertise {
		if contains(c.Topics, t) {
			have = t
			break
		}
	}
	for _, i := range r.Perm(len(c.Topics)) {
		if !contains(p.Expertise, c.Topics[i]) {
			want = c.Topics[i]
			break
		}
	}
	if want == "" {
		want = pick(r, c.Topics)
	}
	first, _, _ := strings.Cut(p.Name, " ")
	if have != "" && r.IntN(2) == 0 {
		if r.IntN(2) == 0 {
			return fmt.Sprintf("%s here. Happy to help with %s; I'd like to get better at %s.", first, tagWords(have), tagWords(want))
		}
		return fmt.Sprintf("Hello from the %s team. Ask me about %s any time.", p.Team, tagWords(have))
	}
	switch r.IntN(3) {
	case 0:
		return fmt.Sprintf("Hi all! %s. Hoping to learn more about %s.", p.Headline, tagWords(want))
	case 1:
		return fmt.Sprintf("A colleague recommended this community. Mostly here for %s.", tagWords(want))
	default:
		return fmt.Sprintf("Listening for now, but keen to hear how other teams handle %s.", tagWords(want))
	}
}

// requestMessage is what someone writes when asking to join a private community.
func requestMessage(r *rand.Rand, p *Person) string {
	switch r.IntN(5) {
	case 0:
		return fmt.Sprintf("I have become the go-to person for security questions on the %s team and would like some backup.", p.Team)
	case 1:
		return "Our team is about to write its first threat model and I would like to learn how you do it."
	case 2:
		return "My manager suggested I become our team's security champion."
	case 3:
		return "We found a secret committed to one of our repositories last month. I want to help make sure it does not happen again."
	default:
		return ""
	}
}
