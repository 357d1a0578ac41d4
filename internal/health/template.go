package health

import (
	"context"
	"fmt"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// Card is one topic of a health check: a title and the two poles a
// member rates between.
type Card struct {
	// Key names the card across rounds; rewording a card keeps it, so its
	// history goes on.
	Key   string `json:"key"`
	Title string `json:"title"`
	Red   string `json:"red"`   // what it looks like when it goes badly
	Green string `json:"green"` // what it looks like when it goes well
}

// Limits of a template.
const (
	MaxCards      = 20
	CardTitleMax  = 60
	CardPoleMax   = 240
	cardTitleMin  = 2
	cardPoleMin   = 3
	keyMaxRunes   = 40
	defaultKeyLen = 24
)

// DefaultCards are the eleven cards of the community health check of
// seed 004, each pole written in our own words.
func DefaultCards() []Card {
	return []Card{
		{"learning", "Learning & growth",
			"Sessions go over what we already know; I rarely take anything new back to my work.",
			"I regularly leave with a skill or an idea that I put to use in my own work."},
		{"help", "Help",
			"Asking feels awkward, and questions wait a long time or get no answer.",
			"When I am stuck, someone here helps me, quickly and gladly."},
		{"safety", "Safety",
			"I keep my doubts and my mistakes to myself, for fear of how others will react.",
			"I can say what I think and admit what I don't know without being judged."},
		{"collaboration", "Collaboration",
			"At best we work side by side; doing something together is rare.",
			"We build things together across teams, and it feels natural."},
		{"sharing", "Sharing knowledge",
			"What people know stays in their heads or disappears in chat threads.",
			"What we learn is written down, easy to find, and reused by others."},
		{"strategy", "Alignment on long-term strategy",
			"Nobody could say where this community is heading, or why.",
			"We share one picture of where we want to be in a year and why it matters."},
		{"ways", "Alignment on how we work",
			"Everyone works their own way, and the differences cause friction.",
			"We agree on our practices and follow them because we chose them."},
		{"fun", "Fun",
			"Taking part feels like one more chore in the week.",
			"I look forward to our sessions; we enjoy them and laugh together."},
		{"feedback", "Feedback",
			"We seldom hear whether what we do helps anyone.",
			"We ask for honest feedback often, get it, and act on it."},
		{"decide", "Ability to decide",
			"Decisions stall, or are taken elsewhere without us.",
			"We decide what we work on and how, and our decisions hold."},
		{"motivation", "Motivation",
			"Energy is low, and a few people carry everything.",
			"People turn up eager to contribute, without being asked."},
	}
}

// Template returns the cards a new round of the community at slug would
// ask, and whether the community adapted them (false: the default cards).
func (s *Service) Template(ctx context.Context, viewer account.User, slug string) ([]Card, bool, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return nil, false, err
	}
	return s.template(ctx, sc.c.ID)
}

func (s *Service) template(ctx context.Context, communityID int64) ([]Card, bool, error) {
	set, err := s.settings(ctx, communityID)
	if err != nil {
		return nil, false, err
	}
	if !set.CustomTemplate {
		return DefaultCards(), false, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT card_key, title, red, green FROM health_cards WHERE community_id = $1 ORDER BY position`, communityID)
	if err != nil {
		return nil, false, fmt.Errorf("health: template: %w", err)
	}
	defer rows.Close()
	out := []Card{}
	for rows.Next() {
		var c Card
		if err := rows.Scan(&c.Key, &c.Title, &c.Red, &c.Green); err != nil {
			return nil, false, fmt.Errorf("health: template: %w", err)
		}
		out = append(out, c)
	}
	return out, true, rows.Err()
}

// checkCards validates a template: every problem at once, each under
// cards.N.title, cards.N.red or cards.N.green (N from 1). Cards keep
// their key when they have one; new cards get one made from their title.
func checkCards(in []Card) ([]Card, error) {
	var f errs.Fields
	if len(in) == 0 {
		f.Add("cards", "A health check needs at least one card.")
	}
	if len(in) > MaxCards {
		f.Add("cards", fmt.Sprintf("A health check holds at most %d cards; keep it short enough to answer in a few minutes.", MaxCards))
	}
	out := make([]Card, len(in))
	used := map[string]bool{}
	for _, c := range in {
		if c.Key != "" {
			used[c.Key] = true
		}
	}
	titles := map[string]bool{}
	for i, c := range in {
		p := fmt.Sprintf("cards.%d.", i+1)
		out[i] = Card{
			Key:   strings.TrimSpace(c.Key),
			Title: validate.Text(&f, p+"title", "The title", c.Title, cardTitleMin, CardTitleMax, false),
			Red:   validate.Text(&f, p+"red", "The red pole", c.Red, cardPoleMin, CardPoleMax, false),
			Green: validate.Text(&f, p+"green", "The green pole", c.Green, cardPoleMin, CardPoleMax, false),
		}
		if t := strings.ToLower(out[i].Title); t != "" && titles[t] {
			f.Add(p+"title", "Two cards are called “"+out[i].Title+"”; give each its own title.")
		} else {
			titles[t] = true
		}
		if k := out[i].Key; k != "" && (!validate.Clean(k) || len([]rune(k)) > keyMaxRunes || validate.Slugify(k) != k) {
			f.Add(p+"key", "A card's key is lower-case letters, digits and dashes.")
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Key != "" {
			continue
		}
		base := validate.Slugify(out[i].Title)
		if r := []rune(base); len(r) > defaultKeyLen {
			base = strings.Trim(string(r[:defaultKeyLen]), "-")
		}
		if base == "" {
			base = "card"
		}
		k := base
		for n := 2; used[k]; n++ {
			k = fmt.Sprintf("%s-%d", base, n)
		}
		used[k], out[i].Key = true, k
	}
	seen := map[string]bool{}
	for i, c := range out {
		if seen[c.Key] {
			return nil, errs.Field(fmt.Sprintf("cards.%d.key", i+1), "Two cards share the key “"+c.Key+"”.")
		}
		seen[c.Key] = true
	}
	return out, nil
}

// SaveTemplate replaces the cards the next rounds ask (leader and core
// group). Past rounds keep the cards they were asked with.
func (s *Service) SaveTemplate(ctx context.Context, user account.User, slug string, cards []Card) ([]Card, error) {
	sc, err := s.coreScope(ctx, user, slug, "adapt the health check")
	if err != nil {
		return nil, err
	}
	clean, err := checkCards(cards)
	if err != nil {
		return nil, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		before, _, err := s.template(ctx, sc.c.ID)
		if err != nil {
			return err
		}
		if err := s.ensureSettings(ctx, sc.c.ID); err != nil {
			return err
		}
		if _, err := s.db.ExecContext(ctx, `DELETE FROM health_cards WHERE community_id = $1`, sc.c.ID); err != nil {
			return fmt.Errorf("health: save template: %w", err)
		}
		for i, c := range clean {
			if _, err := s.db.ExecContext(ctx, `INSERT INTO health_cards (community_id, card_key, position, title, red, green) VALUES ($1, $2, $3, $4, $5, $6)`,
				sc.c.ID, c.Key, i+1, c.Title, c.Red, c.Green); err != nil {
				return fmt.Errorf("health: save template: %w", err)
			}
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE health_settings SET custom_template = TRUE, updated_at = $1 WHERE community_id = $2`,
			store.Millis(s.clock.Now()), sc.c.ID); err != nil {
			return fmt.Errorf("health: save template: %w", err)
		}
		// The previous cards go into the log, so a rewording loses nothing.
		return s.record(ctx, sc.c.ID, user.ID, ActivityTemplateChanged, "", 0, map[string]any{"cards": len(clean), "previous": before})
	})
	if err != nil {
		return nil, err
	}
	return clean, nil
}

// ResetTemplate goes back to the default cards (leader and core group).
func (s *Service) ResetTemplate(ctx context.Context, user account.User, slug string) error {
	sc, err := s.coreScope(ctx, user, slug, "adapt the health check")
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		before, custom, err := s.template(ctx, sc.c.ID)
		if err != nil || !custom {
			return err
		}
		if _, err := s.db.ExecContext(ctx, `DELETE FROM health_cards WHERE community_id = $1`, sc.c.ID); err != nil {
			return fmt.Errorf("health: reset template: %w", err)
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE health_settings SET custom_template = FALSE, updated_at = $1 WHERE community_id = $2`,
			store.Millis(s.clock.Now()), sc.c.ID); err != nil {
			return fmt.Errorf("health: reset template: %w", err)
		}
		return s.record(ctx, sc.c.ID, user.ID, ActivityTemplateChanged, "", 0, map[string]any{"reset": true, "previous": before})
	})
}

// Settings are a community's health-check settings.
type Settings struct {
	// MinAnswers is K: results show once at least K members answered.
	MinAnswers int `json:"min_answers"`
	// EveryMonths opens a round every so many months; 0 for no schedule.
	EveryMonths int `json:"every_months"`
	// OpenDays is how long a scheduled round stays open.
	OpenDays int `json:"open_days"`
	// NextRoundAt is when the schedule opens the next round (zero: none).
	NextRoundAt    time.Time `json:"next_round_at"`
	CustomTemplate bool      `json:"custom_template"`
}

// Schedules a community may choose, in months.
var scheduleMonths = []int{0, 1, 2, 3, 4, 6, 12}

// ScheduleChoices are the schedules a community may choose, in months (0:
// none).
func ScheduleChoices() []int { return append([]int(nil), scheduleMonths...) }

func (s *Service) settings(ctx context.Context, communityID int64) (Settings, error) {
	set := Settings{MinAnswers: DefaultMinAnswers, OpenDays: 14}
	var next *int64
	err := s.db.QueryRowContext(ctx, `SELECT min_answers, custom_template, every_months, open_days, next_round_at FROM health_settings WHERE community_id = $1`,
		communityID).Scan(&set.MinAnswers, &set.CustomTemplate, &set.EveryMonths, &set.OpenDays, &next)
	if err := store.NotFound(err, "health settings"); err != nil && !isNotFound(err) {
		return Settings{}, fmt.Errorf("health: %w", err)
	}
	if next != nil {
		set.NextRoundAt = store.Time(*next)
	}
	return set, nil
}

func (s *Service) ensureSettings(ctx context.Context, communityID int64) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO health_settings (community_id, updated_at) VALUES ($1, $2) ON CONFLICT (community_id) DO NOTHING`,
		communityID, store.Millis(s.clock.Now()))
	if err != nil {
		return fmt.Errorf("health: settings: %w", err)
	}
	return nil
}

// GetSettings returns the community's health-check settings.
func (s *Service) GetSettings(ctx context.Context, viewer account.User, slug string) (Settings, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return Settings{}, err
	}
	return s.settings(ctx, sc.c.ID)
}

// SettingsInput is what the leader or the core group sets.
type SettingsInput struct {
	MinAnswers  int
	EveryMonths int
	OpenDays    int
	// FirstOn is the day the schedule opens its next round (2026-04-01);
	// empty means EveryMonths from today.
	FirstOn string
}

// SaveSettings changes K and the schedule (leader and core group). K must
// be at least 1 and at most the number of people who can answer (the
// leader, the core group and the members), or no round could ever show
// results.
func (s *Service) SaveSettings(ctx context.Context, user account.User, slug string, in SettingsInput) (Settings, error) {
	sc, err := s.coreScope(ctx, user, slug, "change the health-check settings")
	if err != nil {
		return Settings{}, err
	}
	now := s.clock.Now()
	var f errs.Fields
	var next time.Time
	switch {
	case in.MinAnswers < 1:
		f.Add("min_answers", "Results need at least 1 answer; 3 or more keeps answers anonymous.")
	case in.MinAnswers > 1000:
		f.Add("min_answers", "That is more answers than any community gives.")
	}
	valid := false
	for _, m := range scheduleMonths {
		valid = valid || m == in.EveryMonths
	}
	if !valid {
		f.Add("every_months", "Choose no schedule, or a round every 1, 2, 3, 4, 6 or 12 months.")
	}
	if in.OpenDays < 1 || in.OpenDays > 60 {
		f.Add("open_days", "A round stays open between 1 and 60 days.")
	}
	if in.EveryMonths > 0 && valid {
		if strings.TrimSpace(in.FirstOn) == "" {
			next = now.AddDate(0, in.EveryMonths, 0)
		} else if d, err := parseDay("first_on", strings.TrimSpace(in.FirstOn)); err != nil {
			f = append(f, err.(*errs.Error))
		} else if d.Add(24 * time.Hour).Before(now) {
			f.Add("first_on", "That day is past; choose today or a later day.")
		} else if d.After(now.AddDate(2, 0, 0)) {
			f.Add("first_on", "Choose a day within the next two years.")
		} else {
			next = d.Add(9 * time.Hour) // rounds open in the morning, UTC
			if next.Before(now) {
				next = now
			}
		}
	}
	if err := f.Err(); err != nil {
		return Settings{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		people, err := s.participants(ctx, sc.c.ID)
		if err != nil {
			return fmt.Errorf("health: settings: %w", err)
		}
		if in.MinAnswers > len(people) {
			return errs.Field("min_answers", fmt.Sprintf("%s has %d people who can answer (the leader, the core group and the members), so no round could reach %d answers. Choose %d or fewer.",
				sc.c.Name, len(people), in.MinAnswers, len(people)))
		}
		if err := s.ensureSettings(ctx, sc.c.ID); err != nil {
			return err
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE health_settings SET min_answers = $1, every_months = $2, open_days = $3, next_round_at = $4, updated_at = $5
			WHERE community_id = $6`, in.MinAnswers, in.EveryMonths, in.OpenDays, store.NullMillis(next), store.Millis(now), sc.c.ID); err != nil {
			return fmt.Errorf("health: settings: %w", err)
		}
		return s.record(ctx, sc.c.ID, user.ID, ActivitySettingsChanged, "", 0, map[string]any{"min_answers": in.MinAnswers,
			"every_months": in.EveryMonths, "open_days": in.OpenDays})
	})
	if err != nil {
		return Settings{}, err
	}
	return s.settings(ctx, sc.c.ID)
}
