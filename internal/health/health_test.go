package health_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/app"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/health"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

var t0 = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

type fixture struct {
	ctx   context.Context
	db    *store.DB
	clock *clock.Fake
	app   *app.App
	h     *health.Service
	hash  string
}

func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	clk := clock.NewFake(t0)
	a, err := app.New(db, clk, app.Options{PasswordHash: account.FastHashParams()})
	if err != nil {
		t.Fatal(err)
	}
	hash, err := account.HashPassword("correct horse battery staple", account.FastHashParams())
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{ctx: context.Background(), db: db, clock: clk, app: a, h: a.Health, hash: hash}
}

func (f *fixture) user(t testing.TB, name string) account.User {
	t.Helper()
	u, err := f.app.Accounts.CreateWithHash(f.ctx, strings.ToLower(strings.Fields(name)[0])+"@example.org", name, f.hash)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// world: an open community led by leader, with core and five members;
// a sponsor; an outsider.
type world struct {
	slug                   string
	leader, core, outsider account.User
	sponsor                account.User
	members                []account.User
}

func (f *fixture) world(t testing.TB) world {
	t.Helper()
	w := world{slug: "testing-guild", leader: f.user(t, "Léa Leader"), core: f.user(t, "Corentin Core"), outsider: f.user(t, "Oscar Outsider"),
		sponsor: f.user(t, "Sam Sponsor")}
	if _, err := f.app.Communities.Create(f.ctx, w.leader, community.Settings{Name: "Testing Guild", Slug: w.slug, Domain: "Software testing",
		Visibility: "open", CodeOfConduct: "Be kind, and credit your sources."}); err != nil {
		t.Fatal(err)
	}
	add := func(u account.User, role community.Role) {
		inv, err := f.app.Communities.Invite(f.ctx, w.leader, w.slug, u.Email, role)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.app.Communities.AcceptInvitation(f.ctx, u, 0, inv.Token, true); err != nil {
			t.Fatal(err)
		}
	}
	add(w.core, community.Core)
	add(w.sponsor, community.Sponsor)
	for _, n := range []string{"Alice Member", "Bob Member", "Chloé Member", "Dev Member", "Emeka Member"} {
		u := f.user(t, n)
		add(u, community.Member)
		w.members = append(w.members, u)
	}
	return w
}

var healthTables = []string{"health_settings", "health_cards", "health_rounds", "health_round_cards", "health_answered", "health_answers",
	"retros", "retro_cards", "retro_votes", "retro_actions", "activity", "notifications", "jobs"}

func (f *fixture) snapshot(t testing.TB) string {
	t.Helper()
	return storetest.Snapshot(t, f.db, healthTables...)
}

func wantKind(t testing.TB, err error, k errs.Kind, field string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v", k)
	}
	if got := errs.KindOf(err); got != k {
		t.Fatalf("error %v is %v, want %v", err, got, k)
	}
	if field != "" {
		if _, ok := errs.ByField(err)[field]; !ok {
			t.Fatalf("error %v does not name field %q", err, field)
		}
	}
}

// all answers every card of cards with rating and trend.
func all(cards []health.Card, rating health.Rating, trend health.Trend, comment string) []health.CardAnswer {
	out := make([]health.CardAnswer, len(cards))
	for i, c := range cards {
		out[i] = health.CardAnswer{Key: c.Key, Rating: rating, Trend: trend, Comment: comment}
	}
	return out
}

func TestDefaultTemplateHasTheElevenCards(t *testing.T) {
	cards := health.DefaultCards()
	if len(cards) != 11 {
		t.Fatalf("%d default cards, want 11", len(cards))
	}
	seen := map[string]bool{}
	for _, c := range cards {
		if c.Key == "" || c.Title == "" || c.Red == "" || c.Green == "" || seen[c.Key] {
			t.Errorf("card %+v is incomplete or repeated", c)
		}
		seen[c.Key] = true
	}
}

// A round's results show only once K members answered; answering twice
// replaces the first answer and counts once; comments show without names.
func TestResultsShowOnlyFromKAnswersAndAnsweringAgainReplaces(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		r, err := f.h.OpenRound(f.ctx, w.leader, w.slug, health.OpenInput{ClosesOn: "2026-03-24"})
		if err != nil {
			t.Fatal(err)
		}
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM notifications WHERE kind = 'health_check'`); n != 6 {
			t.Errorf("%d members told of the round, want 6 (core and five members; not the opener, not the sponsor)", n)
		}
		waiting, err := f.h.Waiting(f.ctx, w.members[0].ID)
		if err != nil || len(waiting) != 1 || waiting[0].RoundID != r.ID {
			t.Fatalf("Waiting = %v, %v", waiting, err)
		}
		answer := func(u account.User, rating health.Rating, comment string) {
			t.Helper()
			if _, err := f.h.Answer(f.ctx, u, w.slug, r.ID, all(r.Cards, rating, health.Same, comment)); err != nil {
				t.Fatalf("%s answers: %v", u.Name, err)
			}
		}
		answer(w.members[0], health.Red, "Alice's first thought")
		answer(w.members[0], health.Green, "Alice changed her mind")
		res, err := f.h.Results(f.ctx, w.leader, w.slug, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if res.Cards != nil || res.Round.Answered != 1 || res.Round.Needed() != 2 {
			t.Fatalf("after one member (twice): answered %d, needed %d, cards %v", res.Round.Answered, res.Round.Needed(), res.Cards)
		}
		if w, _ := f.h.Waiting(f.ctx, w.members[0].ID); len(w) != 0 {
			t.Error("the round still waits for a member who answered")
		}
		answer(w.members[1], health.Amber, "")
		if res, _ = f.h.Results(f.ctx, w.sponsor, w.slug, r.ID); res.Cards != nil {
			t.Fatal("results shown after two answers")
		}
		answer(w.members[2], health.Green, "Bob's view")
		res, err = f.h.Results(f.ctx, w.sponsor, w.slug, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if res.Cards == nil || res.Round.Answered != 3 {
			t.Fatalf("no results after three answers: %+v", res.Round)
		}
		c := res.Cards[0]
		if c.Red != 0 || c.Amber != 1 || c.Green != 2 || c.Same != 3 || c.Majority != health.Green {
			t.Errorf("first card: red %d amber %d green %d same %d majority %s; want the replaced answer gone", c.Red, c.Amber, c.Green, c.Same, c.Majority)
		}
		if len(c.Comments) != 2 || strings.Contains(strings.Join(c.Comments, "|"), "first thought") {
			t.Errorf("comments %q", c.Comments)
		}
		if c.RedPct+c.AmberPct+c.GreenPct != 100 {
			t.Errorf("shares add to %d", c.RedPct+c.AmberPct+c.GreenPct)
		}
		// Nothing in the answers leads to a person: no column but the ballot
		// could, and a ballot is a hash.
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM health_answers WHERE LENGTH(ballot) <> 64`); n != 0 {
			t.Errorf("%d ballots are not hashes", n)
		}
		// Stable order: reading twice gives the same order.
		again, _ := f.h.Results(f.ctx, w.leader, w.slug, r.ID)
		if strings.Join(again.Cards[0].Comments, "|") != strings.Join(c.Comments, "|") {
			t.Error("comment order changes between reads")
		}
		// Closing erases the salt, and answering is refused.
		if _, err := f.h.CloseRound(f.ctx, w.core, w.slug, r.ID); err != nil {
			t.Fatal(err)
		}
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM health_rounds WHERE ballot_salt IS NOT NULL`); n != 0 {
			t.Error("a closed round keeps its salt")
		}
		before := f.snapshot(t)
		_, err = f.h.Answer(f.ctx, w.members[3], w.slug, r.ID, all(r.Cards, health.Green, health.Better, ""))
		wantKind(t, err, errs.Conflict, "")
		if after := f.snapshot(t); after != before {
			t.Error("answering a closed round changed the database")
		}
		hist, err := f.h.History(f.ctx, w.members[4], w.slug)
		if err != nil || len(hist) != 11 || len(hist[0].Points) != 1 || !hist[0].Points[0].Shown {
			t.Fatalf("history: %v %+v", err, hist)
		}
	})
}

func TestBadInputChangesNothing(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		r, err := f.h.OpenRound(f.ctx, w.leader, w.slug, health.OpenInput{ClosesOn: "2026-03-24"})
		if err != nil {
			t.Fatal(err)
		}
		retro, err := f.h.CreateRetro(f.ctx, w.leader, w.slug, health.NewRetro{Title: "Spring retro", RoundID: r.ID})
		if err != nil {
			t.Fatal(err)
		}
		card, err := f.h.AddCard(f.ctx, w.members[0], w.slug, retro.ID, health.NewCard{Column: health.WentWell, Body: "The kata"})
		if err != nil {
			t.Fatal(err)
		}
		good := all(r.Cards, health.Green, health.Better, "")
		bad := func(mut func([]health.CardAnswer) []health.CardAnswer) []health.CardAnswer {
			a := append([]health.CardAnswer(nil), good...)
			return mut(a)
		}
		cases := []struct {
			name  string
			do    func() error
			kind  errs.Kind
			field string
		}{
			{"a rating outside red/amber/green", func() error {
				_, err := f.h.Answer(f.ctx, w.members[0], w.slug, r.ID, bad(func(a []health.CardAnswer) []health.CardAnswer { a[0].Rating = "purple"; return a }))
				return err
			}, errs.Invalid, "rating.learning"},
			{"a trend outside better/same/worse", func() error {
				_, err := f.h.Answer(f.ctx, w.members[0], w.slug, r.ID, bad(func(a []health.CardAnswer) []health.CardAnswer { a[1].Trend = "sideways"; return a }))
				return err
			}, errs.Invalid, "trend.help"},
			{"a card left out", func() error {
				_, err := f.h.Answer(f.ctx, w.members[0], w.slug, r.ID, good[1:])
				return err
			}, errs.Invalid, "rating.learning"},
			{"an outsider answers", func() error {
				_, err := f.h.Answer(f.ctx, w.outsider, w.slug, r.ID, good)
				return err
			}, errs.Forbidden, ""},
			{"a sponsor answers", func() error {
				_, err := f.h.Answer(f.ctx, w.sponsor, w.slug, r.ID, good)
				return err
			}, errs.Forbidden, ""},
			{"K above the membership", func() error {
				_, err := f.h.SaveSettings(f.ctx, w.leader, w.slug, health.SettingsInput{MinAnswers: 8, OpenDays: 14})
				return err
			}, errs.Invalid, "min_answers"},
			{"K below 1", func() error {
				_, err := f.h.SaveSettings(f.ctx, w.leader, w.slug, health.SettingsInput{MinAnswers: 0, OpenDays: 14})
				return err
			}, errs.Invalid, "min_answers"},
			{"a member changes K", func() error {
				_, err := f.h.SaveSettings(f.ctx, w.members[0], w.slug, health.SettingsInput{MinAnswers: 3, OpenDays: 14})
				return err
			}, errs.Forbidden, ""},
			{"a second open round", func() error {
				_, err := f.h.OpenRound(f.ctx, w.leader, w.slug, health.OpenInput{ClosesOn: "2026-03-30"})
				return err
			}, errs.Conflict, ""},
			{"a closing day that is not a date", func() error {
				_, err := f.h.OpenRound(f.ctx, w.leader, w.slug, health.OpenInput{ClosesOn: "next friday"})
				return err
			}, errs.Invalid, "closes_on"},
			{"a template without cards", func() error {
				_, err := f.h.SaveTemplate(f.ctx, w.leader, w.slug, nil)
				return err
			}, errs.Invalid, "cards"},
			{"an action owned by a non-member", func() error {
				_, err := f.h.AddAction(f.ctx, w.leader, w.slug, retro.ID, health.NewAction{Title: "Write it up", OwnerID: w.outsider.ID, Due: "2026-04-01"})
				return err
			}, errs.Invalid, "owner_id"},
			{"an action owned by the sponsor", func() error {
				_, err := f.h.AddAction(f.ctx, w.leader, w.slug, retro.ID, health.NewAction{Title: "Write it up", OwnerID: w.sponsor.ID, Due: "2026-04-01"})
				return err
			}, errs.Invalid, "owner_id"},
			{"an action due on a day that isn't a date", func() error {
				_, err := f.h.AddAction(f.ctx, w.leader, w.slug, retro.ID, health.NewAction{Title: "Write it up", OwnerID: w.members[0].ID, Due: "2026-02-31"})
				return err
			}, errs.Invalid, "due"},
			{"a vote by a non-member", func() error {
				_, err := f.h.VoteCard(f.ctx, w.outsider, w.slug, retro.ID, card.ID, true)
				return err
			}, errs.Forbidden, ""},
			{"a card in no column", func() error {
				_, err := f.h.AddCard(f.ctx, w.members[1], w.slug, retro.ID, health.NewCard{Column: "later", Body: "Hmm"})
				return err
			}, errs.Invalid, "column"},
			{"a member adds an action", func() error {
				_, err := f.h.AddAction(f.ctx, w.members[0], w.slug, retro.ID, health.NewAction{Title: "Write it up", OwnerID: w.members[0].ID, Due: "2026-04-01"})
				return err
			}, errs.Forbidden, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := f.snapshot(t)
				wantKind(t, tc.do(), tc.kind, tc.field)
				if after := f.snapshot(t); after != before {
					t.Errorf("%s changed the database", tc.name)
				}
			})
		}
		// K equal to the membership (leader, core, five members) is fine.
		if _, err := f.h.SaveSettings(f.ctx, w.leader, w.slug, health.SettingsInput{MinAnswers: 7, OpenDays: 14}); err != nil {
			t.Errorf("K = 7 of 7: %v", err)
		}
	})
}

func TestRetrospectiveVotesActionsAndOverdue(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		retro, err := f.h.CreateRetro(f.ctx, w.core, w.slug, health.NewRetro{Title: "Quarter one"})
		if err != nil {
			t.Fatal(err)
		}
		card, err := f.h.AddCard(f.ctx, w.members[0], w.slug, retro.ID, health.NewCard{Column: health.ToImprove, Body: "Sessions overrun", Anonymous: true})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if card, err = f.h.VoteCard(f.ctx, w.members[1], w.slug, retro.ID, card.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		if card.Votes != 1 {
			t.Errorf("voting twice gave %d votes", card.Votes)
		}
		if card, _ = f.h.VoteCard(f.ctx, w.members[1], w.slug, retro.ID, card.ID, false); card.Votes != 0 {
			t.Errorf("withdrawn vote left %d", card.Votes)
		}
		got, _ := f.h.Retro(f.ctx, w.leader, w.slug, retro.ID)
		if k := got.Columns[1].Cards[0]; k.AuthorID != 0 || k.AuthorName != "" {
			t.Errorf("an anonymous card shows its author: %+v", k)
		}
		a, err := f.h.AddAction(f.ctx, w.leader, w.slug, retro.ID, health.NewAction{Title: "Timebox talks", OwnerID: w.members[0].ID, Due: "2026-03-12"})
		if err != nil {
			t.Fatal(err)
		}
		b, err := f.h.AddAction(f.ctx, w.leader, w.slug, retro.ID, health.NewAction{Title: "Share slides", OwnerID: w.members[1].ID, Due: "2026-03-12"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.h.SetActionStatus(f.ctx, w.members[1], w.slug, retro.ID, b.ID, health.ActionDone); err != nil {
			t.Fatal(err)
		}
		_, err = f.h.SetActionStatus(f.ctx, w.members[2], w.slug, retro.ID, a.ID, health.ActionDone)
		wantKind(t, err, errs.Forbidden, "")
		f.clock.Advance(3 * 24 * time.Hour)
		n, err := f.h.NotifyOverdue(f.ctx)
		if err != nil || n != 1 {
			t.Fatalf("NotifyOverdue = %d, %v; want the one open action", n, err)
		}
		if n, _ := f.h.NotifyOverdue(f.ctx); n != 0 {
			t.Errorf("the owner is told again (%d)", n)
		}
		got, _ = f.h.Retro(f.ctx, w.leader, w.slug, retro.ID)
		if got.Overdue != 1 || got.ActionsDone != 1 || !got.Actions[0].Overdue && !got.Actions[1].Overdue {
			t.Errorf("overdue %d, done %d", got.Overdue, got.ActionsDone)
		}
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM notifications WHERE kind = 'retro_action' AND user_id = $1`, w.members[0].ID); n != 2 {
			t.Errorf("the owner has %d action notes, want 2 (given, overdue)", n)
		}
		if _, err := f.h.CloseRetro(f.ctx, w.leader, w.slug, retro.ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.h.AddCard(f.ctx, w.members[0], w.slug, retro.ID, health.NewCard{Column: health.Ideas, Body: "Too late"})
		wantKind(t, err, errs.Conflict, "")
	})
}

// A schedule opens a round through the jobs; past rounds keep the cards
// they were asked with when the template changes.
func TestScheduledRoundsAndAdaptedTemplates(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		if _, err := f.h.SaveSettings(f.ctx, w.leader, w.slug, health.SettingsInput{MinAnswers: 3, EveryMonths: 3, OpenDays: 10, FirstOn: "2026-03-12"}); err != nil {
			t.Fatal(err)
		}
		f.clock.Set(time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC))
		if _, err := f.app.Jobs.RunDue(f.ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := f.app.Jobs.RunDue(f.ctx); err != nil {
			t.Fatal(err)
		}
		rounds, err := f.h.Rounds(f.ctx, w.leader, w.slug)
		if err != nil || len(rounds) != 1 || !rounds[0].Open || rounds[0].OpenedBy != 0 {
			t.Fatalf("rounds after the schedule: %+v %v", rounds, err)
		}
		set, _ := f.h.GetSettings(f.ctx, w.leader, w.slug)
		if want := time.Date(2026, 6, 12, 9, 0, 0, 0, time.UTC); !set.NextRoundAt.Equal(want) {
			t.Errorf("next round at %v, want %v", set.NextRoundAt, want)
		}
		cards, _, _ := f.h.Template(f.ctx, w.leader, w.slug)
		cards[0].Title = "Learning"
		cards = append(cards[:2], health.Card{Title: "Tooling", Red: "Our tools fight us.", Green: "Our tools help us."})
		saved, err := f.h.SaveTemplate(f.ctx, w.core, w.slug, cards)
		if err != nil {
			t.Fatal(err)
		}
		if len(saved) != 3 || saved[0].Key != "learning" || saved[2].Key != "tooling" {
			t.Errorf("saved %+v", saved)
		}
		r, _ := f.h.Results(f.ctx, w.leader, w.slug, rounds[0].ID)
		if len(r.Round.Cards) != 11 {
			t.Errorf("the open round now asks %d cards; it keeps the 11 it opened with", len(r.Round.Cards))
		}
		// The round closes by its date through the hourly job.
		f.clock.Advance(11 * 24 * time.Hour)
		if _, err := f.app.Jobs.RunDue(f.ctx); err != nil {
			t.Fatal(err)
		}
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM health_rounds WHERE closed_at IS NULL OR ballot_salt IS NOT NULL`); n != 0 {
			t.Errorf("%d rounds still open after their date", n)
		}
	})
}
