package health

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
)

// Round is one asking of a community's health check.
type Round struct {
	ID            int64     `json:"id"`
	CommunityID   int64     `json:"community_id"`
	CommunitySlug string    `json:"community_slug"`
	CommunityName string    `json:"community_name"`
	OpenedAt      time.Time `json:"opened_at"`
	ClosesAt      time.Time `json:"closes_at"`
	ClosedAt      time.Time `json:"closed_at"` // zero while open; ClosesAt once it closed by itself
	// OpenedBy is who opened it; 0 when the schedule did.
	OpenedBy     int64  `json:"opened_by"`
	OpenedByName string `json:"opened_by_name"`
	// MinAnswers is K as it was when the round opened.
	MinAnswers int `json:"min_answers"`
	// Answered counts the members who answered.
	Answered int    `json:"answered"`
	Cards    []Card `json:"cards"`
	// YouAnswered is true when the viewer answered.
	YouAnswered bool `json:"you_answered"`
	// Open is true while members may answer.
	Open bool `json:"open"`
	// CanAnswer, CanClose say what the viewer may do.
	CanAnswer bool `json:"can_answer"`
	CanClose  bool `json:"can_close"`
}

// Path is the round's web address.
func (r Round) Path() string { return RoundPath(r.CommunitySlug, r.ID) }

// Shown reports whether enough members answered for the results to show.
func (r Round) Shown() bool { return r.Answered >= r.MinAnswers }

// LastDay is the last moment members may answer, for people.
func (r Round) LastDay() time.Time { return r.ClosesAt.Add(-time.Millisecond) }

// Needed is how many more answers the results wait for (0 once shown).
func (r Round) Needed() int { return max(0, r.MinAnswers-r.Answered) }

const roundColumns = `SELECT r.id, r.community_id, c.slug, c.name, r.opened_at, r.closes_at, r.closed_at, COALESCE(r.opened_by, 0), COALESCE(u.name, ''),
		r.min_answers, r.answered, (SELECT COUNT(*) FROM health_answered a WHERE a.round_id = r.id AND a.user_id = $1)
	FROM health_rounds r JOIN communities c ON c.id = r.community_id LEFT JOIN users u ON u.id = r.opened_by`

func (s *Service) scanRound(row interface{ Scan(...any) error }) (Round, error) {
	var r Round
	var opened, closes int64
	var closed sql.NullInt64
	var mine int
	if err := row.Scan(&r.ID, &r.CommunityID, &r.CommunitySlug, &r.CommunityName, &opened, &closes, &closed, &r.OpenedBy, &r.OpenedByName,
		&r.MinAnswers, &r.Answered, &mine); err != nil {
		return Round{}, err
	}
	r.OpenedAt, r.ClosesAt, r.ClosedAt, r.YouAnswered = store.Time(opened), store.Time(closes), store.NullTime(closed), mine > 0
	now := s.clock.Now()
	if r.ClosedAt.IsZero() && !now.Before(r.ClosesAt) {
		r.ClosedAt = r.ClosesAt // closed by its date; the hourly job tidies up
	}
	r.Open = r.ClosedAt.IsZero()
	return r, nil
}

func (s *Service) roundCards(ctx context.Context, id int64) ([]Card, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT card_key, title, red, green FROM health_round_cards WHERE round_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, fmt.Errorf("health: round cards: %w", err)
	}
	defer rows.Close()
	out := []Card{}
	for rows.Next() {
		var c Card
		if err := rows.Scan(&c.Key, &c.Title, &c.Red, &c.Green); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func errNoRound() error {
	return errs.E(errs.NotFound, "There is no such health-check round in this community.")
}

// loadRound reads round id of the scope's community, with its cards.
func (s *Service) loadRound(ctx context.Context, sc scope, id int64) (Round, error) {
	r, err := s.scanRound(s.db.QueryRowContext(ctx, roundColumns+` WHERE r.id = $2 AND r.community_id = $3`, sc.viewer.ID, id, sc.c.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return Round{}, errNoRound()
	}
	if err != nil {
		return Round{}, fmt.Errorf("health: round %d: %w", id, err)
	}
	if r.Cards, err = s.roundCards(ctx, id); err != nil {
		return Round{}, err
	}
	r.CanAnswer = r.Open && sc.takesPart()
	r.CanClose = r.Open && sc.moderates()
	return r, nil
}

// Rounds lists the community's rounds, newest first (without cards).
func (s *Service) Rounds(ctx context.Context, viewer account.User, slug string) ([]Round, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return nil, err
	}
	return s.rounds(ctx, sc, 100)
}

func (s *Service) rounds(ctx context.Context, sc scope, limit int) ([]Round, error) {
	rows, err := s.db.QueryContext(ctx, roundColumns+` WHERE r.community_id = $2 ORDER BY r.id DESC LIMIT $3`, sc.viewer.ID, sc.c.ID, limit)
	if err != nil {
		return nil, fmt.Errorf("health: rounds: %w", err)
	}
	defer rows.Close()
	out := []Round{}
	for rows.Next() {
		r, err := s.scanRound(rows)
		if err != nil {
			return nil, fmt.Errorf("health: rounds: %w", err)
		}
		r.CanAnswer = r.Open && sc.takesPart()
		r.CanClose = r.Open && sc.moderates()
		out = append(out, r)
	}
	return out, rows.Err()
}

// OpenInput opens a round by hand.
type OpenInput struct {
	// ClosesOn is the last day members may answer (2026-03-31).
	ClosesOn string
}

// MaxOpenDays is how long a round may stay open.
const MaxOpenDays = 90

// OpenRound opens a round now with the template's current cards (leader
// and core group); members are told. One round at a time is open.
func (s *Service) OpenRound(ctx context.Context, user account.User, slug string, in OpenInput) (Round, error) {
	sc, err := s.coreScope(ctx, user, slug, "open a health check")
	if err != nil {
		return Round{}, err
	}
	now := s.clock.Now()
	day, err := parseDay("closes_on", strings.TrimSpace(in.ClosesOn))
	if err != nil {
		return Round{}, err
	}
	closes := day.Add(24 * time.Hour) // open through the whole last day
	switch {
	case !closes.After(now.Add(time.Hour)):
		return Round{}, errs.Field("closes_on", "Give members time: the last day to answer must be today or later.")
	case closes.After(now.AddDate(0, 0, MaxOpenDays+1)):
		return Round{}, errs.Field("closes_on", fmt.Sprintf("A round stays open at most %d days.", MaxOpenDays))
	}
	var id int64
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		var err error
		id, err = s.openRound(ctx, sc.c.ID, sc.c.Name, sc.c.Slug, user.ID, closes)
		return err
	})
	if err != nil {
		return Round{}, err
	}
	return s.loadRound(ctx, sc, id)
}

// openRound opens a round in ctx's transaction: opener 0 is the schedule.
func (s *Service) openRound(ctx context.Context, communityID int64, name, slug string, opener int64, closes time.Time) (int64, error) {
	if err := s.db.LockKey(ctx, fmt.Sprintf("health-round-%d", communityID)); err != nil {
		return 0, err
	}
	now := s.clock.Now()
	var open int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM health_rounds WHERE community_id = $1 AND closed_at IS NULL AND closes_at > $2`,
		communityID, store.Millis(now)).Scan(&open); err != nil {
		return 0, fmt.Errorf("health: open round: %w", err)
	}
	if open > 0 {
		return 0, errs.E(errs.Conflict, "A health check is already open in %s; close it before opening another.", name)
	}
	cards, _, err := s.template(ctx, communityID)
	if err != nil {
		return 0, err
	}
	if len(cards) == 0 {
		return 0, errs.E(errs.Conflict, "The health check has no cards; add at least one to the template first.")
	}
	set, err := s.settings(ctx, communityID)
	if err != nil {
		return 0, err
	}
	salt, err := newSalt()
	if err != nil {
		return 0, err
	}
	var opened any
	if opener != 0 {
		opened = opener
	}
	var id int64
	if err := s.db.QueryRowContext(ctx, `INSERT INTO health_rounds (community_id, opened_by, opened_at, closes_at, min_answers, ballot_salt)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, communityID, opened, store.Millis(now), store.Millis(closes), set.MinAnswers, salt).Scan(&id); err != nil {
		return 0, fmt.Errorf("health: open round: %w", err)
	}
	for i, c := range cards {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO health_round_cards (round_id, position, card_key, title, red, green) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, i+1, c.Key, c.Title, c.Red, c.Green); err != nil {
			return 0, fmt.Errorf("health: open round: %w", err)
		}
	}
	if err := s.record(ctx, communityID, opener, ActivityRoundOpened, SubjectRound, id, map[string]any{"cards": len(cards),
		"closes_at": closes.UTC().Format(time.RFC3339), "scheduled": opener == 0}); err != nil {
		return 0, err
	}
	people, err := s.participants(ctx, communityID)
	if err != nil {
		return 0, fmt.Errorf("health: open round: %w", err)
	}
	last := closes.Add(-time.Minute).Format("2 Jan")
	return id, s.inbox.Send(ctx, notify.Note{Kind: notify.HealthCheck, CommunityID: communityID, ActorID: opener,
		Title: fmt.Sprintf("How is %s doing? A health check is open until %s; it takes a few minutes and your answers are anonymous.", name, last),
		Link:  RoundPath(slug, id)}, people...)
}

func newSalt() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("health: salt: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// CloseRound closes an open round before its date (leader and core
// group). Its answers can no longer be changed, and the key that tied a
// ballot to its member is erased.
func (s *Service) CloseRound(ctx context.Context, user account.User, slug string, id int64) (Round, error) {
	sc, err := s.coreScope(ctx, user, slug, "close a health check")
	if err != nil {
		return Round{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.loadRound(ctx, sc, id)
		if err != nil {
			return err
		}
		if !r.Open {
			return errs.E(errs.Conflict, "This round is already closed.")
		}
		now := store.Millis(s.clock.Now())
		if _, err := s.db.ExecContext(ctx, `UPDATE health_rounds SET closed_at = $1, ballot_salt = NULL WHERE id = $2`, now, id); err != nil {
			return fmt.Errorf("health: close round: %w", err)
		}
		return s.record(ctx, sc.c.ID, user.ID, ActivityRoundClosed, SubjectRound, id, map[string]any{"answered": r.Answered})
	})
	if err != nil {
		return Round{}, err
	}
	return s.loadRound(ctx, sc, id)
}

// CloseDue closes the rounds whose last day has passed and erases their
// salts; the hourly job calls it. It returns how many it closed.
func (s *Service) CloseDue(ctx context.Context) (int, error) {
	now := store.Millis(s.clock.Now())
	res, err := s.db.ExecContext(ctx, `UPDATE health_rounds SET closed_at = closes_at, ballot_salt = NULL WHERE closed_at IS NULL AND closes_at <= $1`, now)
	if err != nil {
		return 0, fmt.Errorf("health: close due rounds: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// OpenRound is a health check waiting for someone's answer, for their home
// page.
type OpenRound struct {
	RoundID       int64     `json:"round_id"`
	CommunityID   int64     `json:"community_id"`
	CommunitySlug string    `json:"community_slug"`
	CommunityName string    `json:"community_name"`
	ClosesAt      time.Time `json:"closes_at"`
	Cards         int       `json:"cards"`
}

// Path is the round's web address.
func (o OpenRound) Path() string { return RoundPath(o.CommunitySlug, o.RoundID) }

// Waiting returns the open rounds of userID's communities that they have
// not answered yet, the soonest closing first.
func (s *Service) Waiting(ctx context.Context, userID int64) ([]OpenRound, error) {
	if userID == 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, c.id, c.slug, c.name, r.closes_at, (SELECT COUNT(*) FROM health_round_cards rc WHERE rc.round_id = r.id)
		FROM health_rounds r
		JOIN communities c ON c.id = r.community_id AND c.archived_at IS NULL
		JOIN memberships m ON m.community_id = r.community_id AND m.user_id = $1 AND m.role IN ('leader', 'core', 'member')
		WHERE r.closed_at IS NULL AND r.closes_at > $2
			AND NOT EXISTS (SELECT 1 FROM health_answered a WHERE a.round_id = r.id AND a.user_id = $1)
		ORDER BY r.closes_at, r.id`, userID, store.Millis(s.clock.Now()))
	if err != nil {
		return nil, fmt.Errorf("health: waiting: %w", err)
	}
	defer rows.Close()
	var out []OpenRound
	for rows.Next() {
		var o OpenRound
		var closes int64
		if err := rows.Scan(&o.RoundID, &o.CommunityID, &o.CommunitySlug, &o.CommunityName, &closes, &o.Cards); err != nil {
			return nil, fmt.Errorf("health: waiting: %w", err)
		}
		o.ClosesAt = store.Time(closes)
		out = append(out, o)
	}
	return out, rows.Err()
}
