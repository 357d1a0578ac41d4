package api

import (
	"time"

	"cultivate/internal/health"
)

// Health checks and retrospectives as JSON (issue 5). A value that may be
// absent is null, never left out.

// healthCardJSON is one card of a template or a round.
type healthCardJSON struct {
	Key   string `json:"key" doc:"Names the card across rounds; rewording keeps it. Leave empty on a new card: one is made from the title."`
	Title string `json:"title" doc:"2 to 60 characters."`
	Red   string `json:"red" doc:"What it looks like at its worst; 3 to 240 characters."`
	Green string `json:"green" doc:"What it looks like at its best; 3 to 240 characters."`
}

func newHealthCards(cards []health.Card) []healthCardJSON {
	out := make([]healthCardJSON, len(cards))
	for i, c := range cards {
		out[i] = healthCardJSON(c)
	}
	return out
}

// healthTemplateJSON is the cards the next round asks.
type healthTemplateJSON struct {
	Cards  []healthCardJSON `json:"cards"`
	Custom bool             `json:"custom" doc:"The community adapted the cards; false means the default cards."`
	Credit string           `json:"credit"`
}

// healthTemplateBody replaces the template (leader and core group).
type healthTemplateBody struct {
	Cards []healthCardJSON `json:"cards" doc:"1 to 20 cards, in order; past rounds keep theirs."`
}

// healthSettingsJSON is a community's health-check settings.
type healthSettingsJSON struct {
	MinAnswers  int        `json:"min_answers" doc:"K: results show once at least K members answered."`
	EveryMonths int        `json:"every_months" doc:"A round opens by itself every so many months; 0 for none."`
	OpenDays    int        `json:"open_days" doc:"How long a scheduled round stays open."`
	NextRoundAt *time.Time `json:"next_round_at" doc:"When the schedule opens the next round; null without a schedule."`
}

// healthSettingsBody changes K and the schedule.
type healthSettingsBody struct {
	MinAnswers  int    `json:"min_answers" doc:"At least 1, at most the number of people who can answer (leader, core group, members)."`
	EveryMonths int    `json:"every_months,omitempty" doc:"0, 1, 2, 3, 4, 6 or 12."`
	OpenDays    int    `json:"open_days,omitempty" doc:"1 to 60; 14 when left out."`
	FirstOn     string `json:"first_on,omitempty" doc:"The day of the next scheduled round, as 2026-04-01; EveryMonths from today when left out."`
}

func newHealthSettings(s health.Settings) healthSettingsJSON {
	out := healthSettingsJSON{MinAnswers: s.MinAnswers, EveryMonths: s.EveryMonths, OpenDays: s.OpenDays}
	if !s.NextRoundAt.IsZero() {
		t := s.NextRoundAt.UTC()
		out.NextRoundAt = &t
	}
	return out
}

// healthRoundJSON is a round; its results are null until K members
// answered.
type healthRoundJSON struct {
	ID          int64              `json:"id"`
	OpenedAt    time.Time          `json:"opened_at"`
	ClosesAt    time.Time          `json:"closes_at"`
	ClosedAt    *time.Time         `json:"closed_at" doc:"Null while open."`
	Open        bool               `json:"open"`
	Scheduled   bool               `json:"scheduled" doc:"The schedule opened it."`
	MinAnswers  int                `json:"min_answers" doc:"K as it was when the round opened."`
	Answered    int                `json:"answered" doc:"How many members answered."`
	Needed      int                `json:"needed" doc:"How many more answers the results wait for."`
	YouAnswered bool               `json:"you_answered"`
	CanAnswer   bool               `json:"can_answer"`
	Cards       []healthCardJSON   `json:"cards" doc:"The cards it asks; empty in lists."`
	Results     []healthResultJSON `json:"results" doc:"Null until at least min_answers members answered: the API never shows part of a round."`
}

// healthResultJSON is what the members said about one card.
type healthResultJSON struct {
	Key      string   `json:"key"`
	Title    string   `json:"title"`
	Red      int      `json:"red"`
	Amber    int      `json:"amber"`
	Green    int      `json:"green"`
	Better   int      `json:"better"`
	Same     int      `json:"same"`
	Worse    int      `json:"worse"`
	Majority string   `json:"majority" enum:"red,amber,green"`
	Trend    string   `json:"trend" enum:"better,same,worse"`
	Comments []string `json:"comments" doc:"Without names, in a random but stable order."`
}

func newHealthRound(r health.Round, results []health.CardResult, withCards bool) healthRoundJSON {
	out := healthRoundJSON{ID: r.ID, OpenedAt: r.OpenedAt.UTC(), ClosesAt: r.ClosesAt.UTC(), Open: r.Open, Scheduled: r.OpenedBy == 0,
		MinAnswers: r.MinAnswers, Answered: r.Answered, Needed: r.Needed(), YouAnswered: r.YouAnswered, CanAnswer: r.CanAnswer, Cards: []healthCardJSON{}}
	if !r.ClosedAt.IsZero() {
		t := r.ClosedAt.UTC()
		out.ClosedAt = &t
	}
	if withCards {
		out.Cards = newHealthCards(r.Cards)
	}
	if results != nil {
		out.Results = make([]healthResultJSON, len(results))
		for i, c := range results {
			out.Results[i] = healthResultJSON{Key: c.Key, Title: c.Title, Red: c.Red, Amber: c.Amber, Green: c.Green, Better: c.Better,
				Same: c.Same, Worse: c.Worse, Majority: string(c.Majority), Trend: string(c.TrendMajority), Comments: c.Comments}
		}
	}
	return out
}

// healthRoundsJSON lists rounds, newest first.
type healthRoundsJSON struct {
	Items []healthRoundJSON `json:"items"`
}

// healthOpenBody opens a round now.
type healthOpenBody struct {
	ClosesOn string `json:"closes_on" doc:"The last day members may answer, as 2026-03-31; at most 90 days ahead."`
}

// healthAnswerBody is a member's answer to every card of a round.
type healthAnswerBody struct {
	Cards []healthCardAnswerJSON `json:"cards" doc:"One answer per card of the round. Answering again replaces the previous answer."`
}

type healthCardAnswerJSON struct {
	Key     string `json:"key"`
	Rating  string `json:"rating" enum:"red,amber,green"`
	Trend   string `json:"trend" enum:"better,same,worse"`
	Comment string `json:"comment,omitempty" doc:"Optional, up to 1,000 characters; shown without a name."`
}

// retroCardJSON is a card on a retrospective.
type retroCardJSON struct {
	ID        int64       `json:"id"`
	Column    string      `json:"column" enum:"well,improve,ideas"`
	Body      string      `json:"body" doc:"Plain text."`
	Author    *authorJSON `json:"author" doc:"Null when written anonymously."`
	Votes     int         `json:"votes"`
	Voted     bool        `json:"voted"`
	CreatedAt time.Time   `json:"created_at"`
}

func newRetroCard(k health.RetroCard) retroCardJSON {
	return retroCardJSON{ID: k.ID, Column: string(k.Column), Body: k.Body, Author: newAuthor(k.AuthorID, k.AuthorName), Votes: k.Votes,
		Voted: k.Voted, CreatedAt: k.CreatedAt.UTC()}
}

// retroActionJSON is an action with an owner and a due day.
type retroActionJSON struct {
	ID      int64       `json:"id"`
	Title   string      `json:"title"`
	Owner   *authorJSON `json:"owner" doc:"Null when the account is gone."`
	Due     string      `json:"due" doc:"The due day, as 2026-03-31."`
	Status  string      `json:"status" enum:"open,doing,done"`
	Overdue bool        `json:"overdue"`
}

func newRetroAction(a health.Action) retroActionJSON {
	return retroActionJSON{ID: a.ID, Title: a.Title, Owner: newAuthor(a.OwnerID, a.OwnerName), Due: a.Due.Format(time.DateOnly),
		Status: string(a.Status), Overdue: a.Overdue}
}

// retroJSON is a retrospective.
type retroJSON struct {
	ID        int64             `json:"id"`
	Title     string            `json:"title"`
	RoundID   *int64            `json:"round_id" doc:"The health-check round it follows; null if none."`
	Open      bool              `json:"open"`
	CreatedAt time.Time         `json:"created_at"`
	ClosedAt  *time.Time        `json:"closed_at"`
	Overdue   int               `json:"overdue" doc:"Actions past their due day and not done."`
	Cards     []retroCardJSON   `json:"cards" doc:"Most voted first within each column; empty in lists."`
	Actions   []retroActionJSON `json:"actions" doc:"Empty in lists."`
}

func newRetro(r health.Retro) retroJSON {
	out := retroJSON{ID: r.ID, Title: r.Title, Open: r.Open, CreatedAt: r.CreatedAt.UTC(), Overdue: r.Overdue, Cards: []retroCardJSON{}, Actions: []retroActionJSON{}}
	if r.RoundID != 0 {
		id := r.RoundID
		out.RoundID = &id
	}
	if !r.ClosedAt.IsZero() {
		t := r.ClosedAt.UTC()
		out.ClosedAt = &t
	}
	for _, col := range r.Columns {
		for _, k := range col.Cards {
			out.Cards = append(out.Cards, newRetroCard(k))
		}
	}
	for _, a := range r.Actions {
		out.Actions = append(out.Actions, newRetroAction(a))
	}
	return out
}

type retrosJSON struct {
	Items []retroJSON `json:"items"`
}

// retroBody starts a retrospective.
type retroBody struct {
	Title   string `json:"title" doc:"3 to 120 characters."`
	RoundID int64  `json:"round_id,omitempty" doc:"The health-check round it follows."`
}

// retroCardBody adds a card.
type retroCardBody struct {
	Column    string `json:"column" enum:"well,improve,ideas"`
	Body      string `json:"body" doc:"2 to 500 characters."`
	Anonymous bool   `json:"anonymous,omitempty" doc:"Keep no author: nobody, the core group included, sees who wrote it."`
}

// retroActionBody adds an action.
type retroActionBody struct {
	Title   string `json:"title" doc:"3 to 200 characters."`
	OwnerID int64  `json:"owner_id" doc:"A member of the community."`
	Due     string `json:"due" doc:"The due day, as 2026-03-31."`
}

// retroStatusBody moves an action along.
type retroStatusBody struct {
	Status string `json:"status" enum:"open,doing,done"`
}
