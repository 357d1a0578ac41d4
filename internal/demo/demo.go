package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/app"
	"cultivate/internal/clock"
	"cultivate/internal/mail"
	"cultivate/internal/store"
)

// DemoPassword is every demo account's password.
const DemoPassword = "practice-together"

// EmailDomain is the demo organization's mail domain.
const EmailDomain = "northwind.example"

// History is how far before Options.Now the demo's history starts.
const History = 275 * day

// Options choose the demo organization.
type Options struct {
	// Seed chooses the crowd; the same Seed and Now give the same data.
	Seed int64
	// Now is the end of the demo's history, usually the current time.
	Now time.Time
	// BaseURL starts every link in the emails history sends (the outbox);
	// empty means http://localhost:8080.
	BaseURL string
	// PasswordHash is an argon2id hash of DemoPassword given to every
	// account. Empty means Generate computes one with the production cost;
	// tests pass a cheap one.
	PasswordHash string
}

// Summary says what Generate made.
type Summary struct {
	Communities     int
	Users           int
	Memberships     int // at Now
	ActivityEntries int
	Logins          []Login
}

// Login is a demo account worth logging in as.
type Login struct {
	Role  string // "Leader", "Sponsor", …
	Email string
	Name  string
	Note  string // what to look at with this login
}

// steps is the demo's history, in planning order. A step's name seeds its
// random generator: renaming one changes what it generates.
func steps() []Step {
	return []Step{
		{Name: "people", Run: planPeople},
		{Name: "community:testing", Run: planTesting},
		{Name: "community:data-analytics", Run: planData},
		{Name: "community:ux-research", Run: planUXResearch},
		{Name: "community:frontend", Run: planFrontend},
		{Name: "community:platform-engineering", Run: planPlatform},
		{Name: "community:security-champions", Run: planSecurity},
		{Name: "community:mobile", Run: planMobile},
		// Last: its crowd is drawn from the members of the others.
		{Name: "community:ways-of-working", Run: planWaysOfWorking},
		// Help requests need every membership planned; knowledge draws on
		// the threads the help step planned.
		{Name: "help", Run: planHelp},
		{Name: "knowledge", Run: planKnowledge},
		// Events after knowledge: their minutes join the knowledge base.
		{Name: "events", Run: planEvents},
		// The backlog and announcements: done items may link to the
		// artefacts the knowledge step planned.
		{Name: "backlog", Run: planBacklog},
		// Health checks and retrospectives (issue 5), last.
		{Name: "health", Run: planHealth},
		// The vision canvas and Platform Engineering's workshop (issue 5).
		{Name: "canvas", Run: planCanvas},
		// Maturity assessments, dimensions, targets and bootstrap ticks
		// (issue 5), after everything their evidence reads.
		{Name: "maturity", Run: planMaturity},
	}
}

// Generate fills an empty, migrated database with the demo organization,
// Northwind Labs: people, communities and nine months of history, every
// action taken through the services with the clock set to when it happened.
func Generate(ctx context.Context, db *store.DB, opts Options) (Summary, error) {
	return generate(ctx, db, opts, steps())
}

func generate(ctx context.Context, db *store.DB, opts Options, list []Step) (Summary, error) {
	if opts.Now.IsZero() {
		return Summary{}, errors.New("demo: Options.Now is required: the demo's history ends then")
	}
	now := opts.Now.UTC().Truncate(time.Millisecond)
	start := now.Add(-History)
	fake := clock.NewFake(start)
	// Weekly digests for the last five weeks only: they are what a demo
	// visitor reads in the outbox, and nine months of them would take most
	// of the generation's time.
	a, err := app.New(db, fake, app.Options{Mail: mail.Options{DigestsFrom: now.Add(-35 * day), BaseURL: opts.BaseURL}})
	if err != nil {
		return Summary{}, err
	}
	if n, err := a.Accounts.Count(ctx); err != nil {
		return Summary{}, fmt.Errorf("demo: %w", err)
	} else if n > 0 {
		return Summary{}, fmt.Errorf("demo: the database already has %d accounts; the demo needs an empty one", n)
	}
	hash := opts.PasswordHash
	if hash == "" {
		if hash, err = account.HashPassword(DemoPassword, account.DefaultHashParams()); err != nil {
			return Summary{}, err
		}
	} else if ok, err := account.CheckPassword(hash, DemoPassword); err != nil || !ok {
		return Summary{}, errors.New("demo: Options.PasswordHash is not an argon2id hash of DemoPassword")
	}

	w := newWorld(a, fake, start, now, hash)
	for _, s := range list {
		w.Rand = stepRand(opts.Seed, s.Name)
		if err := s.Run(ctx, w); err != nil {
			return Summary{}, fmt.Errorf("demo: step %s: %w", s.Name, err)
		}
		if err := w.Err(); err != nil {
			return Summary{}, fmt.Errorf("step %s: %w", s.Name, err)
		}
	}
	// Actions should capture their step's generator; one that reads w.Rand
	// while running gets this one, still deterministic.
	w.Rand = stepRand(opts.Seed, "(run)")
	if err := w.run(ctx); err != nil {
		return Summary{}, err
	}
	return w.summary(ctx)
}

// summary counts what was made, through the services where they can.
func (w *World) summary(ctx context.Context) (Summary, error) {
	var s Summary
	var err error
	if s.Users, err = w.App.Accounts.Count(ctx); err != nil {
		return s, fmt.Errorf("demo: summary: %w", err)
	}
	// Counted one by one: community.Service.All fails on PostgreSQL (its
	// "$1 = $1" leaves the placeholder's type to be guessed as text).
	for _, c := range w.Communities {
		got, err := w.App.Communities.ByID(ctx, c.Community.ID)
		if err != nil {
			return s, fmt.Errorf("demo: summary: %w", err)
		}
		s.Communities++
		s.Memberships += got.Members
	}
	// The activity log has no count; this read is the one piece of SQL here.
	if err := w.App.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM activity`).Scan(&s.ActivityEntries); err != nil {
		return s, fmt.Errorf("demo: summary: %w", err)
	}
	for _, l := range logins() {
		p := w.Person(l.key)
		if p == nil {
			return s, fmt.Errorf("demo: login %s: no such cast member", l.key)
		}
		s.Logins = append(s.Logins, Login{Role: l.role, Email: p.Email, Name: p.Name, Note: l.note})
	}
	return s, nil
}

// logins are the accounts worth trying, most telling first.
func logins() []struct{ role, key, note string } {
	return []struct{ role, key, note string }{
		{"Admin", "admin", "Runs the instance: the Users page and who is an admin or in the support team. Also a member of the new Platform Engineering, where his question was its first solved help request. Admin pages: background jobs, and the mail outbox with every weekly digest (no SMTP in the demo)."},
		{"Support team", "support", "Belongs to Ways of Working and can open every open community's Help, Knowledge and Activity: UX Research's overdue requests, Data & Analytics' answers that nearly all come from two people, and Mobile's requests that stopped months ago stand out."},
		{"Leader", "testing-lead", "Leads Testing & Quality, the thriving one: the Help tab shows requests answered within hours and most outcomes reported; Knowledge has FAQs drawn from threads and the recommended practice \"Quarantine flaky tests within a day\" with its adopters; Events has a brown bag every other week and a monthly flaky-test clinic, with attendance, ratings and minutes; the Backlog ranks ideas by votes."},
		{"Core group", "ux-core", "Core group of UX Research, whose leader Claire Dubois has been silent for more than five weeks: Triage shows overdue requests and two due within hours, and the inbox holds the reminders."},
		{"Member", "multi-member", "An ordinary member of four communities (Testing & Quality, Frontend Guild, Data & Analytics, Ways of Working), with a follow-up waiting in the inbox (How did it turn out?) and her next events on the home page, answered in one click."},
		{"Sponsor", "sponsor-vp", "Sponsors Ways of Working and Testing & Quality, and follows the new Platform Engineering: their Help, Knowledge, Members and Activity tabs."},
		{"Newcomer", "newcomer", "Signed up three days ago and belongs to no community yet: what a newcomer sees."},
		{"Leader", "data-lead", "Leads Data & Analytics, whose whole core group is her and Diego Morales: nearly every answer in Help is theirs, about a day after asking, against a commitment of 8 working hours."},
		{"Leader", "security-lead", "Leads the private Security Champions: join requests and invitations wait for an answer, and Knowledge holds an anonymous failure reflection whose author only she and the core group see."},
		{"Leader", "platform-lead", "Leads Platform Engineering, two weeks old: its first three help requests, and Triage shows the one Fatima El Amrani has just taken (\"I'll take it\")."},
		{"Leader", "frontend-lead", "Leads the Frontend Guild since the founder handed over three months ago: a big audience that rarely asks for help, and Triage shows requests waiting for days, while lightning talks every other week draw a crowd."},
		{"Leader", "shrinking-lead", "Leads Mobile, which people have been leaving for four months: Help shows a burst of requests after the kick-off, then silence; the brown bags thinned out and stopped months ago."},
	}
}
