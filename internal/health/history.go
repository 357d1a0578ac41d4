package health

import (
	"context"
	"time"

	"cultivate/internal/account"
)

// HistoryPoint is one round of a card's history.
type HistoryPoint struct {
	RoundID  int64
	OpenedAt time.Time
	// Shown is false for rounds with fewer than K answers: their numbers
	// stay hidden here too.
	Shown    bool
	Answered int
	Needed   int
	Result   CardResult // zero unless Shown
}

// CardHistory is one card across the rounds that asked it, oldest first.
type CardHistory struct {
	Key, Title string
	Points     []HistoryPoint
}

// HistoryRounds is how many past rounds a history covers.
const HistoryRounds = 8

// History returns every card's results across the community's last
// HistoryRounds rounds, oldest round first; cards follow the current
// template, then cards that past rounds asked and the template dropped.
// A card is matched across rounds by its key, so rewording keeps it.
func (s *Service) History(ctx context.Context, viewer account.User, slug string) ([]CardHistory, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return nil, err
	}
	rounds, err := s.rounds(ctx, sc, HistoryRounds)
	if err != nil {
		return nil, err
	}
	current, _, err := s.template(ctx, sc.c.ID)
	if err != nil {
		return nil, err
	}
	var out []*CardHistory
	byKey := map[string]*CardHistory{}
	for _, c := range current {
		h := &CardHistory{Key: c.Key, Title: c.Title}
		byKey[c.Key] = h
		out = append(out, h)
	}
	for i := len(rounds) - 1; i >= 0; i-- {
		r := rounds[i]
		if r.Cards, err = s.roundCards(ctx, r.ID); err != nil {
			return nil, err
		}
		var results []CardResult
		if r.Shown() {
			if results, err = s.tally(ctx, r); err != nil {
				return nil, err
			}
		}
		for j, c := range r.Cards {
			h := byKey[c.Key]
			if h == nil {
				h = &CardHistory{Key: c.Key, Title: c.Title}
				byKey[c.Key] = h
				out = append(out, h)
			}
			p := HistoryPoint{RoundID: r.ID, OpenedAt: r.OpenedAt, Shown: r.Shown(), Answered: r.Answered, Needed: r.Needed()}
			if p.Shown {
				p.Result = results[j]
			}
			h.Points = append(h.Points, p)
		}
	}
	list := make([]CardHistory, 0, len(out))
	for _, h := range out {
		list = append(list, *h)
	}
	return list, nil
}
