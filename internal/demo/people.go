package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"cultivate/internal/account"
)

// castMember is a named person the stories are built around.
type castMember struct {
	key        string
	name       string
	discipline string
	headline   string
	tags       []string
	zone       string
	signUp     float64 // days before Now
	quiet      float64 // days before Now the person goes silent; 0 for never
	bio        string
	admin      bool
	support    bool
}

// cast returns the named people of the demo. Their keys are what steps
// look them up by (World.Person) and what the package doc's tables use.
func cast() []castMember {
	return []castMember{
		{key: "admin", name: "Tomasz Wójcik", discipline: "platform", headline: "IT systems administrator, internal tools",
			tags: []string{"linux", "iam", "terraform", "observability"}, zone: "Europe/Warsaw", signUp: 275, admin: true,
			bio: "I run the internal tools everyone forgets about until they break, this platform included. Ask me about accounts, single sign-on and backups."},
		{key: "support", name: "Amara Okafor", discipline: "delivery", headline: "Communities of practice programme lead, Learning & Development",
			tags: []string{"facilitation", "coaching", "knowledge-management", "community-building"}, zone: "Europe/London", signUp: 274.9, support: true,
			bio: "I support every community at Northwind: coaching leaders, running the vision workshops and keeping an eye on how each community is doing. If your community is stuck, talk to me."},
		{key: "sponsor-vp", name: "Catherine Moreau", discipline: "delivery", headline: "VP Engineering",
			tags: []string{"engineering-leadership", "org-design", "okrs"}, zone: "Europe/Paris", signUp: 272,
			bio: "I look after engineering at Northwind. I sponsor communities because most of what makes us better is learned sideways, between teams, not top-down."},
		{key: "sponsor-cdo", name: "Rajesh Iyer", discipline: "data", headline: "Chief data officer",
			tags: []string{"data-strategy", "data-governance", "analytics"}, zone: "Europe/London", signUp: 216,
			bio: "I am responsible for how Northwind collects, governs and uses data. I want one version of every important number."},
		{key: "sponsor-ciso", name: "Helen Fischer", discipline: "security", headline: "Chief information security officer",
			tags: []string{"risk-management", "security-governance", "incident-response"}, zone: "Europe/Berlin", signUp: 158,
			bio: "I lead security at Northwind. Our champions are how security reaches forty teams without forty security engineers."},
		{key: "sponsor-product", name: "Samuel Osei", discipline: "product", headline: "Director of product engineering",
			tags: []string{"product-strategy", "engineering-leadership", "web-performance"}, zone: "Europe/London", signUp: 188,
			bio: "I lead the teams that build our web products. I care about shipping small, measuring honestly and pages that load fast."},
		{key: "crossorg-lead", name: "Grace Mwangi", discipline: "delivery", headline: "Agile coach, engineering",
			tags: []string{"facilitation", "coaching", "retrospectives", "team-topologies", "flow-metrics"}, zone: "Africa/Nairobi", signUp: 274,
			bio: "Ten years of helping teams work better together, the last four at Northwind. I believe the team closest to the work knows how to improve it, given time and a good question."},
		{key: "crossorg-core", name: "Pedro Alves", discipline: "delivery", headline: "Delivery manager, logistics",
			tags: []string{"kanban", "flow-metrics", "facilitation", "remote-teams"}, zone: "Europe/Lisbon", signUp: 272.5,
			bio: "I help the logistics teams deliver predictably without heroics. Kanban fan, spreadsheet sceptic."},
		{key: "crossorg-core-2", name: "Emma Thompson", discipline: "delivery", headline: "Engineering manager, identity",
			tags: []string{"coaching", "team-topologies", "hiring", "okrs"}, zone: "Europe/London", signUp: 271,
			bio: "I manage the identity team. Ask me about growing engineers, running on-call humanely and saying no to roadmaps."},
		{key: "crossorg-core-3", name: "Hiroshi Sato", discipline: "product", headline: "Product owner, pricing",
			tags: []string{"prioritization", "user-stories", "discovery", "experimentation"}, zone: "Asia/Tokyo", signUp: 266,
			bio: "Product owner for pricing. I try to keep our backlog short and our experiments honest."},
		{key: "testing-lead", name: "Lucía Fernández", discipline: "testing", headline: "QA lead, payments",
			tags: []string{"test-strategy", "exploratory-testing", "contract-testing", "playwright", "coaching"}, zone: "Europe/Madrid", signUp: 262,
			bio: "Twelve years in testing, five at Northwind. I lead quality for the payments teams and started Testing & Quality because every team was fighting the same flaky tests alone."},
		{key: "data-lead", name: "Aisha Rahman", discipline: "data", headline: "Analytics engineering lead",
			tags: []string{"dbt", "sql", "data-modeling", "data-quality", "dashboards"}, zone: "Europe/London", signUp: 214,
			bio: "I lead analytics engineering. My mission is that when two teams quote a number, it is the same number."},
		{key: "data-core", name: "Diego Morales", discipline: "data", headline: "Senior data analyst, marketing",
			tags: []string{"sql", "experimentation", "statistics", "looker", "python"}, zone: "America/Mexico_City", signUp: 213,
			bio: "Marketing analyst turned experimentation nerd. Happy to look at your A/B test before you ship it."},
		{key: "ux-lead", name: "Claire Dubois", discipline: "ux-research", headline: "Principal UX researcher",
			tags: []string{"interviews", "usability-testing", "research-ops", "synthesis", "surveys"}, zone: "Europe/Paris", signUp: 245, quiet: 37,
			bio: "I have done user research for fifteen years, and I founded UX Research so that every team can learn from customers, not only the teams with a researcher."},
		{key: "ux-core", name: "Yuki Nakamura", discipline: "ux-research", headline: "UX researcher, onboarding",
			tags: []string{"usability-testing", "diary-studies", "interviews", "accessibility"}, zone: "Europe/London", signUp: 244,
			bio: "I research how new customers find their way into Northwind. Diary studies are my favourite tool."},
		{key: "ux-core-2", name: "Oluwaseun Adeyemi", discipline: "ux-research", headline: "Research operations specialist",
			tags: []string{"research-ops", "surveys", "recruiting", "card-sorting"}, zone: "Africa/Lagos", signUp: 238,
			bio: "I make research easier to do well: recruiting, consent, tools and the research library."},
		{key: "frontend-founder", name: "Marco Rossi", discipline: "frontend", headline: "Staff frontend engineer, checkout",
			tags: []string{"react", "typescript", "web-performance", "testing-library", "graphql"}, zone: "Europe/Rome", signUp: 186,
			bio: "I started the Frontend Guild and led it for its first three months. These days I mostly worry about checkout's performance budget."},
		{key: "frontend-lead", name: "Ingrid Halvorsen", discipline: "frontend", headline: "Senior frontend engineer, design systems",
			tags: []string{"design-systems", "css", "accessibility", "web-components", "react"}, zone: "Europe/Oslo", signUp: 182,
			bio: "I work on our design system and lead the Frontend Guild. Talk to me about components, CSS and accessible forms."},
		{key: "frontend-core", name: "Arjun Mehta", discipline: "frontend", headline: "Frontend engineer, search",
			tags: []string{"react", "typescript", "nextjs", "web-performance"}, zone: "Asia/Kolkata", signUp: 181,
			bio: "I build search's web interface. I organise the Guild's lightning talks, so come and give one."},
		{key: "frontend-core-2", name: "Zeynep Kaya", discipline: "frontend", headline: "Senior frontend engineer, merchant portal",
			tags: []string{"typescript", "accessibility", "css", "testing-library"}, zone: "Europe/Istanbul", signUp: 160,
			bio: "I work on the merchant portal and care about forms that everyone can fill in."},
		{key: "security-lead", name: "Sarah Goldberg", discipline: "security", headline: "Application security engineer",
			tags: []string{"threat-modeling", "owasp", "secure-code-review", "sast", "secrets-management"}, zone: "America/New_York", signUp: 155,
			bio: "I help teams build secure software without slowing them down. I lead the Security Champions."},
		{key: "security-core", name: "Tariq Haddad", discipline: "security", headline: "Senior security engineer, identity",
			tags: []string{"iam", "cryptography", "threat-modeling", "incident-response"}, zone: "Asia/Dubai", signUp: 153,
			bio: "I look after authentication and access. I have opinions about tokens."},
		{key: "security-core-2", name: "Lena Vogel", discipline: "backend", headline: "Backend engineer, payments",
			tags: []string{"go", "postgresql", "owasp", "secrets-management", "api-design"}, zone: "Europe/Berlin", signUp: 146,
			bio: "Backend engineer on payments and my team's security champion. I joined the champions to learn, and stayed to help."},
		{key: "platform-lead", name: "Nikolai Petrov", discipline: "platform", headline: "Staff platform engineer, developer platform",
			tags: []string{"kubernetes", "terraform", "ci-cd", "observability", "finops"}, zone: "Europe/Berlin", signUp: 60,
			bio: "I build the internal platform our teams deploy on. I started Platform Engineering because we kept solving the same problems in parallel."},
		{key: "platform-core", name: "Fatima El Amrani", discipline: "platform", headline: "Site reliability engineer, payments",
			tags: []string{"sre", "incident-management", "prometheus", "observability", "kubernetes"}, zone: "Europe/Paris", signUp: 100,
			bio: "SRE for payments. I write the incident reviews nobody wants to write, and I think they are the best thing we do."},
		{key: "shrinking-lead", name: "Liam O'Connor", discipline: "mobile", headline: "Lead iOS engineer, mobile app",
			tags: []string{"swift", "swiftui", "app-performance", "mobile-testing", "ci-cd"}, zone: "Europe/Dublin", signUp: 205,
			bio: "I lead iOS development for the Northwind app. Release trains and crash-free sessions are my favourite numbers."},
		{key: "shrinking-core", name: "Sun-hee Park", discipline: "mobile", headline: "Senior Android engineer, mobile app",
			tags: []string{"kotlin", "jetpack-compose", "offline-first", "app-performance"}, zone: "Asia/Seoul", signUp: 203,
			bio: "Android engineer since the early days. I care about apps that still work on a train with no signal."},
		{key: "multi-member", name: "Elif Demir", discipline: "frontend", headline: "Full-stack engineer, checkout",
			tags: []string{"typescript", "react", "go", "playwright", "sql"}, zone: "Europe/Berlin", signUp: 252,
			bio: "Full-stack engineer on checkout. I join every community that might teach me something, and I usually find it does."},
		{key: "newcomer", name: "Mateo García", discipline: "backend", headline: "Junior backend engineer, partner APIs",
			tags: []string{"go", "postgresql", "api-design"}, zone: "Europe/Madrid", signUp: 3,
			bio: "New at Northwind: I joined the partner APIs team this month. Still finding my way around."},
	}
}

// planPeople is the "people" step: the cast, then a crowd of 150 to 175
// more, each with a discipline, a headline, a bio, expertise and a
// sign-up time; it schedules every sign-up.
func planPeople(_ context.Context, w *World) error {
	r := w.Rand
	for _, cm := range cast() {
		first, family, _ := strings.Cut(cm.name, " ")
		p := &Person{Key: cm.key, Name: cm.name, Email: emailLocal(first, family) + "@" + EmailDomain, Headline: cm.headline,
			Bio: cm.bio, TimeZone: cm.zone, Discipline: cm.discipline, Expertise: cm.tags, Admin: cm.admin, Support: cm.support,
			Sociability: 1}
		p.SignedUpAt = w.WorkTime(r, w.DaysAgo(cm.signUp), time.Time{}, time.Time{}, p.Location())
		if cm.quiet > 0 {
			p.QuietSince = w.DaysAgo(cm.quiet)
		}
		w.addPerson(p)
	}
	cs, ds := cultures(), disciplines()
	cultureWeights := make([]int, len(cs))
	for i, c := range cs {
		cultureWeights[i] = c.weight
	}
	disciplineWeights := make([]int, len(ds))
	for i, d := range ds {
		disciplineWeights[i] = d.weight
	}
	crowd := 150 + r.IntN(26)
	for range crowd {
		cu := cs[weighted(r, cultureWeights)]
		d := ds[weighted(r, disciplineWeights)]
		p := &Person{Discipline: d.key}
		p.Name, p.Email = w.uniqueName(r, cu)
		if r.Float64() < 0.85 {
			p.TimeZone = pick(r, cu.zones)
		} else {
			p.TimeZone = pick(r, offices())
		}
		p.Team = pick(r, d.teams)
		p.Headline = withSeniority(pick(r, d.seniority), pick(r, d.titles)) + ", " + p.Team
		p.Expertise = crowdExpertise(r, d)
		p.Bio = crowdBio(r, p, d)
		p.Sociability = math.Min(3, math.Max(0.3, math.Exp(0.6*r.NormFloat64())))
		p.Lurker = r.Float64() < 0.12
		p.SignedUpAt = w.WorkTime(r, crowdSignUp(r, w), w.Start.Add(time.Hour), time.Time{}, p.Location())
		w.addPerson(p)
	}
	for _, p := range w.People {
		w.signUp(p)
	}
	return nil
}

// offices are the time zones of Northwind's offices.
func offices() []string {
	return []string{"Europe/London", "Europe/Berlin", "Europe/Lisbon", "Europe/Warsaw", "America/New_York",
		"America/Sao_Paulo", "Africa/Lagos", "Africa/Nairobi", "Asia/Kolkata", "Asia/Singapore"}
}

// crowdSignUp draws when someone of the crowd signs up: most existing staff
// soon after the launch, later hires over the months, a few newcomers in
// the last ten days.
func crowdSignUp(r *rand.Rand, w *World) time.Time {
	switch u := r.Float64(); {
	case u < 0.72:
		latest := w.DaysAgo(25)
		t := w.Start.Add(time.Duration(r.ExpFloat64() * 20 * float64(day)))
		if t.After(latest) {
			t = w.Start.Add(time.Duration(r.Float64() * float64(latest.Sub(w.Start))))
		}
		return t
	case u < 0.93:
		from, to := w.Start.Add(30*day), w.DaysAgo(10)
		return from.Add(time.Duration(r.Float64() * float64(to.Sub(from))))
	default:
		return w.DaysAgo(1 + 9*r.Float64())
	}
}

func (w *World) addPerson(p *Person) {
	if w.byEmail[p.Email] != nil {
		w.failf("two people with the address %s", p.Email)
		return
	}
	w.People = append(w.People, p)
	w.byEmail[p.Email] = p
	if p.Key != "" {
		w.byKey[p.Key] = p
	}
}

// uniqueName draws a name whose address is still free. Namesakes are
// rare with these tables; when one happens the address gets a number, as
// a real directory would do.
func (w *World) uniqueName(r *rand.Rand, cu culture) (name, email string) {
	var first, family string
	for range 50 {
		if r.IntN(2) == 0 {
			first = pick(r, cu.female)
		} else {
			first = pick(r, cu.male)
		}
		family = pick(r, cu.family)
		if email = emailLocal(first, family) + "@" + EmailDomain; w.byEmail[email] == nil {
			return first + " " + family, email
		}
	}
	for n := 2; ; n++ {
		if email = fmt.Sprintf("%s%d@%s", emailLocal(first, family), n, EmailDomain); w.byEmail[email] == nil {
			return first + " " + family, email
		}
	}
}

// signUp schedules p's account: created with the shared hash, then the
// profile, then the site-wide roles.
func (w *World) signUp(p *Person) {
	w.At(p.SignedUpAt, "sign up "+p.Email, func(ctx context.Context) error {
		u, err := w.App.Accounts.CreateWithHash(ctx, p.Email, p.Name, w.PasswordHash)
		if err != nil {
			return err
		}
		u, err = w.App.Accounts.UpdateProfile(ctx, u.ID, account.Profile{Name: p.Name, Headline: p.Headline, Bio: p.Bio,
			TimeZone: p.TimeZone, Expertise: strings.Join(p.Expertise, ", ")})
		if err != nil {
			return err
		}
		if p.Admin || p.Support {
			if err := w.App.Accounts.SetRoles(ctx, u.ID, p.Admin, p.Support); err != nil {
				return err
			}
			u.IsAdmin, u.IsSupport = p.Admin, p.Support
		}
		p.User = u
		return nil
	})
}

// weighted returns an index into weights, chosen in proportion to them.
func weighted(r *rand.Rand, weights []int) int {
	total := 0
	for _, wt := range weights {
		total += wt
	}
	x := r.IntN(total)
	for i, wt := range weights {
		if x < wt {
			return i
		}
		x -= wt
	}
	return len(weights) - 1
}

// crowdExpertise draws three to six tags, mostly from the discipline and
// sometimes one from a related one.
func crowdExpertise(r *rand.Rand, d discipline) []string {
	n := 3 + r.IntN(4)
	tags := pickN(r, d.tags, n)
	r.Shuffle(len(tags), func(i, j int) { tags[i], tags[j] = tags[j], tags[i] })
	if len(d.related) > 0 && r.Float64() < 0.35 {
		extra := pick(r, disciplineByKey(pick(r, d.related)).tags)
		if !contains(tags, extra) {
			tags[len(tags)-1] = extra
		}
	}
	return tags
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// crowdBio writes two to four sentences: where they come from, what they
// do, what to ask them, and sometimes life outside work.
func crowdBio(r *rand.Rand, p *Person, d discipline) string {
	years := 2 + r.IntN(14)
	here := 1 + r.IntN(min(years, 8))
	team := "the " + p.Team + " team"
	var parts []string
	switch r.IntN(4) {
	case 0:
		switch here {
		case years:
			parts = append(parts, fmt.Sprintf("%s years in %s, all of them at Northwind on %s.", capitalize(count(years)), d.field, team))
		case 1:
			parts = append(parts, fmt.Sprintf("%s years in %s, the last one at Northwind on %s.", capitalize(count(years)), d.field, team))
		default:
			parts = append(parts, fmt.Sprintf("%s years in %s, the last %s at Northwind on %s.", capitalize(count(years)), d.field, count(here), team))
		}
	case 1:
		ago := count(here) + " years"
		if here == 1 {
			ago = "a year"
		}
		parts = append(parts, fmt.Sprintf("Joined Northwind %s ago to work on %s.", ago, team))
	case 2:
		parts = append(parts, fmt.Sprintf("Came to %s from %s and never looked back.", d.field, pick(r, backgrounds())))
	default:
		parts = append(parts, fmt.Sprintf("I work on %s.", team))
	}
	parts = append(parts, pick(r, d.focus))
	switch u := r.Float64(); {
	case u < 0.45 && len(p.Expertise) >= 2:
		parts = append(parts, fmt.Sprintf("Happy to pair on %s or %s.", tagWords(p.Expertise[0]), tagWords(p.Expertise[1])))
	case u < 0.75:
		parts = append(parts, fmt.Sprintf("Ask me about %s.", tagWords(p.Expertise[0])))
	default:
		for _, t := range r.Perm(len(d.tags)) {
			if !contains(p.Expertise, d.tags[t]) {
				parts = append(parts, fmt.Sprintf("Currently learning %s; tips welcome.", tagWords(d.tags[t])))
				break
			}
		}
	}
	if r.Float64() < 0.5 {
		parts = append(parts, fmt.Sprintf("Outside work: %s.", pick(r, hobbies())))
	}
	return strings.Join(parts, " ")
}

// tagWords spells an expertise tag the way people write it in a sentence.
func tagWords(tag string) string {
	switch tag {
	case "ci-cd":
		return "CI/CD"
	case "sql", "owasp", "sast", "iam", "aws", "bdd", "sre", "css":
		return strings.ToUpper(tag)
	case "okrs":
		return "OKRs"
	case "graphql":
		return "GraphQL"
	case "typescript":
		return "TypeScript"
	case "nextjs":
		return "Next.js"
	case "mlops":
		return "MLOps"
	case "finops":
		return "FinOps"
	case "swiftui":
		return "SwiftUI"
	case "postgresql":
		return "PostgreSQL"
	case "grpc":
		return "gRPC"
	case "pytorch":
		return "PyTorch"
	case "ux-writing":
		return "UX writing"
	case "api-design", "api-testing":
		return "API " + strings.TrimPrefix(tag, "api-")
	case "domain-driven-design":
		return "domain-driven design"
	case "event-driven", "offline-first":
		return tag + " design"
	case "testing-library":
		return "Testing Library"
	case "react-native":
		return "React Native"
	case "jetpack-compose":
		return "Jetpack Compose"
	case "dbt", "k6":
		return tag
	case "go", "java", "kotlin", "python", "swift", "react", "figma", "looker", "airflow", "spark", "kafka", "kubernetes",
		"terraform", "prometheus", "linux", "playwright", "cypress":
		return capitalize(tag)
	}
	return strings.ReplaceAll(tag, "-", " ")
}
