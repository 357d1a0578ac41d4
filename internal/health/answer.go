package health

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/validate"
)

// How answers stay anonymous
//
// A member's answer is stored in two places that nothing joins:
//
//   - health_answered holds (round, member): that they answered, for the
//     count, for "you answered" and for the home page's "waiting for my
//     answer". It holds no rating, no comment, no ballot.
//   - health_answers holds the ratings, trends and comments under a
//     ballot: SHA-256 of the round's random salt and the member's id. The
//     rows carry no user id, no time and no sequence number; comments are
//     ordered by a random number drawn when they are written.
//
// The ballot lets a member's second answer replace their first while the
// round is open: the server recomputes it from the salt. When the round
// closes (by hand, or by its date through the hourly job) the salt is
// erased, and from then on no one, not even someone reading the database,
// can tell which ballot was whose. While it is open, only the server
// computes ballots, and no page or API answer shows a ballot, a single
// member's answer, or any result before K members answered.

// Rating is a card's traffic light.
type Rating string

// The ratings.
const (
	Red   Rating = "red"
	Amber Rating = "amber"
	Green Rating = "green"
)

// Trend is where a card is heading.
type Trend string

// The trends.
const (
	Better Trend = "better"
	Same   Trend = "same"
	Worse  Trend = "worse"
)

// Ratings lists the ratings, worst first.
func Ratings() []Rating { return []Rating{Red, Amber, Green} }

// Trends lists the trends, best first.
func Trends() []Trend { return []Trend{Better, Same, Worse} }

// Label is the rating for people (always shown with its icon and colour).
func (r Rating) Label() string {
	switch r {
	case Red:
		return "Red"
	case Amber:
		return "Amber"
	case Green:
		return "Green"
	}
	return ""
}

// Icon is a text symbol for the rating, so that it never rests on colour
// alone.
func (r Rating) Icon() string {
	switch r {
	case Red:
		return "✖"
	case Amber:
		return "▲"
	case Green:
		return "●"
	}
	return ""
}

// Label is the trend for people.
func (t Trend) Label() string {
	switch t {
	case Better:
		return "Getting better"
	case Same:
		return "Staying the same"
	case Worse:
		return "Getting worse"
	}
	return ""
}

// Icon is the trend's arrow.
func (t Trend) Icon() string {
	switch t {
	case Better:
		return "↑"
	case Same:
		return "→"
	case Worse:
		return "↓"
	}
	return ""
}

func (r Rating) valid() bool { return r == Red || r == Amber || r == Green }
func (t Trend) valid() bool  { return t == Better || t == Same || t == Worse }

// CardAnswer is a member's answer to one card.
type CardAnswer struct {
	Key     string `json:"key"`
	Rating  Rating `json:"rating"`
	Trend   Trend  `json:"trend"`
	Comment string `json:"comment"`
}

// CommentMax is the longest comment on a card.
const CommentMax = 1000

// Answer records user's answer to every card of an open round. Answering
// again replaces the previous answer; the count of members who answered
// stays right. Fields are named rating.KEY, trend.KEY and comment.KEY.
func (s *Service) Answer(ctx context.Context, user account.User, slug string, id int64, answers []CardAnswer) (Round, error) {
	sc, err := s.memberScope(ctx, user, slug, "answer the health check")
	if err != nil {
		return Round{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.loadRound(ctx, sc, id)
		if err != nil {
			return err
		}
		if !r.Open {
			return errs.E(errs.Conflict, "This health check closed on %s; answers can no longer be given or changed.", r.ClosedAt.Format("2 Jan 2006"))
		}
		clean, err := checkAnswers(r.Cards, answers)
		if err != nil {
			return err
		}
		var salt sql.NullString
		if err := s.db.QueryRowContext(ctx, `SELECT ballot_salt FROM health_rounds WHERE id = $1`+s.db.ForUpdate(), id).Scan(&salt); err != nil {
			return fmt.Errorf("health: answer: %w", err)
		}
		if !salt.Valid {
			return errs.E(errs.Conflict, "This health check is closed; answers can no longer be given or changed.")
		}
		ballot := ballotOf(salt.String, user.ID)
		if _, err := s.db.ExecContext(ctx, `DELETE FROM health_answers WHERE round_id = $1 AND ballot = $2`, id, ballot); err != nil {
			return fmt.Errorf("health: answer: %w", err)
		}
		for i, a := range clean {
			if _, err := s.db.ExecContext(ctx, `INSERT INTO health_answers (round_id, ballot, position, rating, trend, comment, shuffle) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
				id, ballot, i+1, string(a.Rating), string(a.Trend), a.Comment, rand.Int64N(1<<62)); err != nil {
				return fmt.Errorf("health: answer: %w", err)
			}
		}
		res, err := s.db.ExecContext(ctx, `INSERT INTO health_answered (round_id, user_id) VALUES ($1, $2) ON CONFLICT (round_id, user_id) DO NOTHING`, id, user.ID)
		if err != nil {
			return fmt.Errorf("health: answer: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			if _, err := s.db.ExecContext(ctx, `UPDATE health_rounds SET answered = answered + 1 WHERE id = $1`, id); err != nil {
				return fmt.Errorf("health: answer: %w", err)
			}
		}
		// No activity entry: its actor and time would tie the answer's
		// moment to a person, and the count already says enough.
		return nil
	})
	if err != nil {
		return Round{}, err
	}
	return s.loadRound(ctx, sc, id)
}

// ballotOf is the ballot of userID in the round salted with salt.
func ballotOf(salt string, userID int64) string {
	h := sha256.New()
	h.Write([]byte(salt))
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(userID))
	h.Write(b[:])
	return hex.EncodeToString(h.Sum(nil))
}

// checkAnswers puts answers in the order of the round's cards and checks
// each, reporting every problem at once.
func checkAnswers(cards []Card, answers []CardAnswer) ([]CardAnswer, error) {
	var f errs.Fields
	byKey := map[string]CardAnswer{}
	for _, a := range answers {
		if !slices.ContainsFunc(cards, func(c Card) bool { return c.Key == a.Key }) {
			f.Add("cards", "This round has no card “"+clip(a.Key, 40)+"”.")
			continue
		}
		if _, dup := byKey[a.Key]; dup {
			f.Add("rating."+a.Key, "The card is answered twice.")
		}
		byKey[a.Key] = a
	}
	out := make([]CardAnswer, len(cards))
	for i, c := range cards {
		a, ok := byKey[c.Key]
		switch {
		case !ok || a.Rating == "":
			f.Add("rating."+c.Key, "Rate “"+c.Title+"”: red, amber or green.")
		case !a.Rating.valid():
			f.Add("rating."+c.Key, "“"+clip(string(a.Rating), 20)+"” is not a rating; choose red, amber or green.")
		}
		switch {
		case !ok || a.Trend == "":
			f.Add("trend."+c.Key, "Say where “"+c.Title+"” is heading: better, the same or worse.")
		case !a.Trend.valid():
			f.Add("trend."+c.Key, "“"+clip(string(a.Trend), 20)+"” is not a trend; choose better, same or worse.")
		}
		comment := validate.Text(&f, "comment."+c.Key, "The comment", a.Comment, 0, CommentMax, true)
		out[i] = CardAnswer{Key: c.Key, Rating: a.Rating, Trend: a.Trend, Comment: comment}
	}
	return out, f.Err()
}

// CardResult is what the members said about one card of a round.
type CardResult struct {
	Card
	Red, Amber, Green   int
	Better, Same, Worse int
	Comments            []string
	Answers             int
	RedPct, AmberPct    int // shares in percent, for bars; GreenPct completes 100
	GreenPct            int
	Majority            Rating // the most given rating (the worse one on a tie)
	TrendMajority       Trend  // the most given trend (worse before same before better on a tie)
	BetterPct, WorsePct int
	SamePct             int
}

// Results are a round's results; nil Cards when fewer than K answered.
type Results struct {
	Round Round
	// Cards is nil until the round has K answers: the API and the pages
	// never show part of a round.
	Cards []CardResult
}

// Results returns round id with its results when at least K members
// answered. Anyone who may see the community may read them; sponsors
// included, since results are aggregates.
func (s *Service) Results(ctx context.Context, viewer account.User, slug string, id int64) (Results, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return Results{}, err
	}
	r, err := s.loadRound(ctx, sc, id)
	if err != nil {
		return Results{}, err
	}
	out := Results{Round: r}
	if !r.Shown() {
		return out, nil
	}
	out.Cards, err = s.tally(ctx, r)
	return out, err
}

// tally counts a round's answers per card.
func (s *Service) tally(ctx context.Context, r Round) ([]CardResult, error) {
	out := make([]CardResult, len(r.Cards))
	for i, c := range r.Cards {
		out[i] = CardResult{Card: c, Comments: []string{}}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT position, rating, trend, comment FROM health_answers WHERE round_id = $1 ORDER BY position, shuffle`, r.ID)
	if err != nil {
		return nil, fmt.Errorf("health: tally: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var pos int
		var rating, trend, comment string
		if err := rows.Scan(&pos, &rating, &trend, &comment); err != nil {
			return nil, fmt.Errorf("health: tally: %w", err)
		}
		if pos < 1 || pos > len(out) {
			continue
		}
		cr := &out[pos-1]
		cr.Answers++
		switch Rating(rating) {
		case Red:
			cr.Red++
		case Amber:
			cr.Amber++
		case Green:
			cr.Green++
		}
		switch Trend(trend) {
		case Better:
			cr.Better++
		case Same:
			cr.Same++
		case Worse:
			cr.Worse++
		}
		if comment != "" {
			cr.Comments = append(cr.Comments, comment)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].finish()
	}
	return out, nil
}

// finish computes the shares and the majorities.
func (c *CardResult) finish() {
	c.RedPct, c.AmberPct, c.GreenPct = shares(c.Red, c.Amber, c.Green)
	c.BetterPct, c.SamePct, c.WorsePct = shares(c.Better, c.Same, c.Worse)
	c.Majority = Red
	if c.Amber > c.Red {
		c.Majority = Amber
	}
	if c.Green > max(c.Red, c.Amber) {
		c.Majority = Green
	}
	c.TrendMajority = Worse
	if c.Same > c.Worse {
		c.TrendMajority = Same
	}
	if c.Better > max(c.Same, c.Worse) {
		c.TrendMajority = Better
	}
	if c.Answers == 0 {
		c.Majority, c.TrendMajority = "", ""
	}
}

// shares are three counts as whole percentages adding up to 100 (largest
// remainder), or all 0 when there is nothing to share.
func shares(a, b, c int) (int, int, int) {
	total := a + b + c
	if total == 0 {
		return 0, 0, 0
	}
	counts := []int{a, b, c}
	pct := make([]int, 3)
	rem := make([]int, 3)
	sum := 0
	for i, n := range counts {
		pct[i] = n * 100 / total
		rem[i] = n * 100 % total
		sum += pct[i]
	}
	for sum < 100 {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		pct[best]++
		rem[best] = -1
		sum++
	}
	return pct[0], pct[1], pct[2]
}
