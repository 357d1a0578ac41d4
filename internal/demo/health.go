package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"cultivate/internal/community"
	"cultivate/internal/health"
)

// The "health" step gives each community quarterly health checks (as
// much of the history as it has) whose results fit its story, and
// retrospectives with actions:
//
//	community              | rounds (about every 91 days)        | answers            | results
//	-----------------------+-------------------------------------+--------------------+---------------------------------
//	testing (thriving)     | 3, the last closed weeks ago         | ~45% of members    | mostly green, trends up
//	ux-research (silent)   | 3                                   | ~35%               | green at first, then amber and
//	                       |                                     |                    | red since the leader went quiet
//	mobile (shrinking)     | 2                                   | 4, then 2          | amber and red; the last round
//	                       |                                     |                    | is below K: no results shown
//	platform-engineering   | one open round, opened 3 days ago   | 2 so far           | not shown yet
//	the others             | 2–3                                 | 30–40%             | mixed, mostly amber
//
// testing has a retrospective that follows its last round, and
// data-analytics one of its own; each has three actions: two done, one
// overdue. testing then schedules a round every quarter.

// healthStory is how a story's members rate: the chance of green and of
// red for a round opened at t (amber takes the rest), and the share of
// members who answer.
type healthStory struct {
	share    float64
	fixed    []int // answers per round, oldest first, instead of share
	ratings  func(w *World, c *Community, t time.Time) (green, red float64)
	comments []string
}

func healthStories() map[Story]healthStory {
	steady := func(g, r float64) func(*World, *Community, time.Time) (float64, float64) {
		return func(*World, *Community, time.Time) (float64, float64) { return g, r }
	}
	return map[Story]healthStory{
		StoryThriving: {share: 0.45, ratings: steady(0.72, 0.04), comments: []string{
			"The problem clinics keep getting better.", "I got help within the hour, twice this quarter.",
			"Quality week was the highlight of my year.", "More hands-on sessions, please!"}},
		StorySilentLeader: {share: 0.35, ratings: func(w *World, c *Community, t time.Time) (float64, float64) {
			if l := c.LeaderAt(w.Now); l != nil && !l.QuietSince.IsZero() && t.After(l.QuietSince.Add(-45*day)) {
				return 0.15, 0.4
			}
			if t.After(w.Now.Add(-150 * day)) {
				return 0.4, 0.15
			}
			return 0.65, 0.05
		}, comments: []string{"Questions wait for days now.", "Who decides what we do next?", "Yuki keeps things going, thank you.",
			"The research repository was a great start."}},
		StoryShrinking:     {fixed: []int{4, 2}, ratings: steady(0.1, 0.45), comments: []string{"Hardly anything happens any more.", "Sessions stopped after the summer."}},
		StoryTwoPersonCore: {share: 0.4, ratings: steady(0.35, 0.15), comments: []string{"Aisha and Diego carry everything.", "Answers are good but slow."}},
		StoryEventsNoHelp:  {share: 0.3, ratings: steady(0.45, 0.1), comments: []string{"Great talks, but I never know whom to ask."}},
		StoryPrivate:       {share: 0.4, ratings: steady(0.55, 0.08), comments: []string{"The clinics make threat modelling feel doable."}},
		StoryCrossOrg:      {share: 0.3, ratings: steady(0.5, 0.1), comments: []string{"Borrowing from other teams saves us weeks."}},
		StoryBrandNew:      {fixed: []int{2}, ratings: steady(0.6, 0.05)},
	}
}

// plannedRound is a round and, once opened, its id.
type plannedRound struct{ id int64 }

func planHealth(_ context.Context, w *World) error {
	r := w.Rand
	stories := healthStories()
	for _, c := range w.Communities {
		st, ok := stories[c.Story]
		if !ok {
			continue
		}
		var starts []time.Time
		if c.Story == StoryBrandNew {
			starts = []time.Time{w.Now.Add(-3 * day)}
		} else {
			for t := c.CreatedAt.Add(30 * day); t.Before(w.Now.Add(-20 * day)); t = t.Add(91 * day) {
				starts = append(starts, t)
			}
		}
		var last *plannedRound
		for i, t := range starts {
			opener := healthOpener(w, c, t)
			if opener == nil {
				continue
			}
			at := w.WorkTime(r, t, t, t.Add(2*day), opener.Location())
			pr := &plannedRound{}
			last = pr
			slug, closes := c.Slug(), at.AddDate(0, 0, 14).Format(time.DateOnly)
			w.At(at, "health check in "+slug, func(ctx context.Context) error {
				round, err := w.App.Health.OpenRound(ctx, opener.User, slug, health.OpenInput{ClosesOn: closes})
				pr.id = round.ID
				return err
			})
			var people []*Person
			for _, p := range c.PeopleAt(at, community.Leader, community.Core, community.Member) {
				if memberAt(c, p, at) {
					people = append(people, p)
				}
			}
			n := int(st.share*float64(len(people)) + 0.5)
			if st.fixed != nil {
				n = st.fixed[min(i, len(st.fixed)-1)]
			}
			green, red := st.ratings(w, c, at)
			for _, p := range pickN(r, people, min(n, len(people))) {
				when, ok := w.workAfter(r, at.Add(time.Duration(r.Float64()*10*float64(day))), at.Add(time.Hour), p)
				if !ok || !memberAt(c, p, when) || when.After(w.Now.Add(-time.Hour)) {
					continue
				}
				answers := healthAnswers(r, green, red, st.comments)
				who := p
				w.At(when, "health answer in "+slug, func(ctx context.Context) error {
					_, err := w.App.Health.Answer(ctx, who.User, slug, pr.id, answers)
					return err
				})
			}
		}
		switch c.Slug() {
		case "testing":
			planRetro(w, c, last, "Retrospective on our health check")
			planHealthSchedule(w, c)
		case "data-analytics":
			planRetro(w, c, nil, "How are the two of us, and all of you, doing?")
		}
	}
	return nil
}

// healthOpener is the leader at t, or a core member when the leader has
// gone quiet.
func healthOpener(w *World, c *Community, t time.Time) *Person {
	if l := c.LeaderAt(t); l != nil && l.ActiveAt(t) && memberAt(c, l, t) {
		return l
	}
	for _, p := range c.PeopleAt(t, community.Core) {
		if memberAt(c, p, t) {
			return p
		}
	}
	return nil
}

func healthAnswers(r *rand.Rand, green, red float64, comments []string) []health.CardAnswer {
	var out []health.CardAnswer
	for _, card := range health.DefaultCards() {
		a := health.CardAnswer{Key: card.Key, Rating: health.Amber, Trend: health.Same}
		switch x := r.Float64(); {
		case x < green:
			a.Rating = health.Green
		case x < green+red:
			a.Rating = health.Red
		}
		switch y := r.Float64(); {
		case a.Rating == health.Green && y < 0.4, a.Rating == health.Amber && y < 0.15:
			a.Trend = health.Better
		case a.Rating == health.Red && y < 0.6, a.Rating == health.Amber && y < 0.3:
			a.Trend = health.Worse
		}
		if len(comments) > 0 && r.Float64() < 0.06 {
			a.Comment = pick(r, comments)
		}
		out = append(out, a)
	}
	return out
}

// planRetro plans a retrospective by the leader two days after round
// closed (or three weeks before Now without one), with cards, votes and
// three actions: two done, one overdue at Now.
func planRetro(w *World, c *Community, round *plannedRound, title string) {
	r, slug := w.Rand, c.Slug()
	at := w.Now.Add(-21 * day)
	lead := healthOpener(w, c, at)
	if lead == nil {
		return
	}
	at = w.WorkTime(r, at, at, at.Add(day), lead.Location())
	retro := &plannedRound{}
	w.At(at, "retrospective in "+slug, func(ctx context.Context) error {
		in := health.NewRetro{Title: title}
		if round != nil {
			in.RoundID = round.id
		}
		got, err := w.App.Health.CreateRetro(ctx, lead.User, slug, in)
		retro.id = got.ID
		return err
	})
	var people []*Person
	for _, p := range c.PeopleAt(at, community.Leader, community.Core, community.Member) {
		if memberAt(c, p, at) && p != lead {
			people = append(people, p)
		}
	}
	cards := []health.NewCard{
		{Column: health.WentWell, Body: "Questions get answered fast."},
		{Column: health.WentWell, Body: "The hands-on sessions."},
		{Column: health.ToImprove, Body: "Slides and notes are hard to find afterwards.", Anonymous: true},
		{Column: health.ToImprove, Body: "Sessions overrun; people leave before the end."},
		{Column: health.Ideas, Body: "A buddy for each newcomer."},
		{Column: health.Ideas, Body: "Invite another community to a joint session."},
	}
	writers := pickN(r, people, min(len(people), len(cards)))
	if len(writers) == 0 {
		return
	}
	for i, card := range cards {
		who, card := writers[i%len(writers)], card
		when := at.Add(time.Duration(10+i*7) * time.Minute)
		voters := pickN(r, people, min(len(people), 1+r.IntN(5)))
		w.At(when, "retro card in "+slug, func(ctx context.Context) error {
			k, err := w.App.Health.AddCard(ctx, who.User, slug, retro.id, card)
			if err != nil {
				return err
			}
			for _, v := range voters {
				if _, err := w.App.Health.VoteCard(ctx, v.User, slug, retro.id, k.ID, true); err != nil {
					return err
				}
			}
			return nil
		})
	}
	actions := []struct {
		title string
		due   time.Time
		done  bool
	}{
		{"Put every session's slides in Knowledge the same day", at.Add(7 * day), true},
		{"Timebox talks to 20 minutes, with a visible clock", at.Add(10 * day), true},
		{"Pair each newcomer with a buddy for their first month", at.Add(14 * day), false},
	}
	for i, a := range actions {
		owner := writers[i%len(writers)]
		when, a := at.Add(time.Duration(60+i)*time.Minute), a
		act := &plannedRound{}
		w.At(when, "retro action in "+slug, func(ctx context.Context) error {
			got, err := w.App.Health.AddAction(ctx, lead.User, slug, retro.id, health.NewAction{Title: a.title, OwnerID: owner.User.ID,
				Due: a.due.Format(time.DateOnly)})
			act.id = got.ID
			return err
		})
		if a.done {
			w.At(a.due.Add(-2*day), "retro action done in "+slug, func(ctx context.Context) error {
				_, err := w.App.Health.SetActionStatus(ctx, owner.User, slug, retro.id, act.id, health.ActionDone)
				return err
			})
		}
	}
	w.At(at.Add(3*time.Hour), "retro closed in "+slug, func(ctx context.Context) error {
		_, err := w.App.Health.CloseRetro(ctx, lead.User, slug, retro.id)
		return err
	})
}

// planHealthSchedule has the community schedule a round every quarter,
// the next one weeks after Now.
func planHealthSchedule(w *World, c *Community) {
	at := w.Now.Add(-2 * day)
	lead := healthOpener(w, c, at)
	if lead == nil {
		return
	}
	slug, first := c.Slug(), w.Now.Add(40*day).Format(time.DateOnly)
	w.At(at, "health schedule in "+slug, func(ctx context.Context) error {
		_, err := w.App.Health.SaveSettings(ctx, lead.User, slug, health.SettingsInput{MinAnswers: 3, EveryMonths: 3, OpenDays: 14, FirstOn: first})
		return err
	})
}
