package mail

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"cultivate/internal/activity"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
)

// Choice is what a member wants done with a kind of notification besides
// the in-app inbox, which keeps everything.
type Choice string

// The choices.
const (
	Now    Choice = "now"    // an email at once (within a minute)
	Digest Choice = "digest" // a line in the weekly digest
	Never  Choice = "never"  // the inbox only
)

// Valid reports whether c is one of the choices.
func (c Choice) Valid() bool { return c == Now || c == Digest || c == Never }

// Label is the choice for people.
func (c Choice) Label() string {
	switch c {
	case Now:
		return "Email at once"
	case Digest:
		return "In the weekly digest"
	case Never:
		return "Inbox only"
	}
	return string(c)
}

// Choices lists the choices in the order forms show them.
func Choices() []Choice { return []Choice{Now, Digest, Never} }

// KindInfo describes a kind of notification on the settings page.
type KindInfo struct {
	Kind    string
	Group   string // the heading it is listed under
	Label   string // in the member's words: "A reply to my request"
	Default Choice
}

// kinds is every kind of notification a member chooses for, in the order
// the settings page lists them. Mentions, replies to my requests,
// follow-ups, at-risk reminders, event reminders and changes, a seat freed
// on a waitlist, health checks and retrospective actions come at once by
// default: they ask for something soon. The rest waits for the
// digest.
var kinds = []KindInfo{
	{notify.Mention, "Help requests", "Someone mentions me", Now},
	{notify.Reply, "Help requests", "A reply to my request", Now},
	{notify.FollowUp, "Help requests", "How did it turn out? (a follow-up I owe)", Now},
	{notify.AtRisk, "Help requests", "A request nears its response commitment", Now},
	{notify.Comment, "Help requests", "A comment on my reply", Digest},
	{notify.Claimed, "Help requests", "Someone takes my request", Digest},
	{notify.Accepted, "Help requests", "My reply solved a request", Digest},
	{notify.Outcome, "Help requests", "How advice I gave turned out", Digest},
	{notify.ArtefactFromMe, "Knowledge", "A thread I took part in became knowledge", Digest},
	{notify.EventReminder, "Events", "An event I'm going to starts soon", Now},
	{notify.EventChanged, "Events", "An event I answered changed or was cancelled", Now},
	{notify.EventWaitlist, "Events", "A seat freed up and I'm off the waitlist", Now},
	{notify.EventFeedback, "Events", "Was an event worth my time?", Digest},
	{notify.Announcement, "Community", "Announcements from the leader or core group", Digest},
	{notify.BacklogMoved, "Community", "A backlog item I proposed or voted for moved", Digest},
	{notify.HealthCheck, "Community", "A health check waits for my answer", Now},
	{notify.RetroAction, "Community", "A retrospective action I own is given to me or overdue", Now},
}

// Kinds lists the kinds of notification, in the settings page's order.
// (The slice is a copy: the package's list never changes.)
func Kinds() []KindInfo { return append([]KindInfo(nil), kinds...) }

// kindInfo finds kind; a kind this list does not know (added to notify
// later) goes to the digest.
func kindInfo(kind string) (KindInfo, bool) {
	for _, k := range kinds {
		if k.Kind == kind {
			return k, true
		}
	}
	return KindInfo{Kind: kind, Group: "Other", Label: kind, Default: Digest}, false
}

// Preferences are one member's email settings.
type Preferences struct {
	WeeklyDigest bool
	Choices      map[string]Choice // every kind of Kinds
}

// Choice returns the choice for kind.
func (p Preferences) Choice(kind string) Choice {
	if c, ok := p.Choices[kind]; ok {
		return c
	}
	k, _ := kindInfo(kind)
	return k.Default
}

// Preferences returns userID's settings, defaults filled in.
func (s *Service) Preferences(ctx context.Context, userID int64) (Preferences, error) {
	p := Preferences{WeeklyDigest: true, Choices: map[string]Choice{}}
	for _, k := range kinds {
		p.Choices[k.Kind] = k.Default
	}
	rows, err := s.db.QueryContext(ctx, `SELECT kind, choice FROM mail_preferences WHERE user_id = $1`, userID)
	if err != nil {
		return p, fmt.Errorf("mail: preferences of %d: %w", userID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, c string
		if err := rows.Scan(&k, &c); err != nil {
			return p, fmt.Errorf("mail: preferences of %d: %w", userID, err)
		}
		if _, known := kindInfo(k); known {
			p.Choices[k] = Choice(c)
		}
	}
	if err := rows.Err(); err != nil {
		return p, err
	}
	var on sql.NullBool
	err = s.db.QueryRowContext(ctx, `SELECT weekly_digest FROM mail_settings WHERE user_id = $1`, userID).Scan(&on)
	if err != nil && err != sql.ErrNoRows {
		return p, fmt.Errorf("mail: settings of %d: %w", userID, err)
	}
	if on.Valid {
		p.WeeklyDigest = on.Bool
	}
	return p, nil
}

// Update changes some of a member's settings; what it leaves out keeps its
// value.
type Update struct {
	WeeklyDigest *bool
	// Choices maps kinds to choices, as the form or the API sent them.
	Choices map[string]string
}

// SetPreferences applies u to userID's settings. An unknown kind or choice
// is refused, naming it, and nothing changes.
func (s *Service) SetPreferences(ctx context.Context, userID int64, u Update) (Preferences, error) {
	var fe errs.Fields
	keys := make([]string, 0, len(u.Choices))
	for k := range u.Choices {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, known := kindInfo(k); !known {
			fe.Add("kind."+k, fmt.Sprintf("There is no kind of notification called “%s”. Choose among: %s.", k, kindNames()))
			continue
		}
		if !Choice(u.Choices[k]).Valid() {
			fe.Add("kind."+k, fmt.Sprintf("Choose now, digest or never for “%s”, not “%s”.", k, u.Choices[k]))
		}
	}
	if err := fe.Err(); err != nil {
		return Preferences{}, err
	}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		before, err := s.Preferences(ctx, userID)
		if err != nil {
			return err
		}
		changed := map[string]any{}
		for _, k := range keys {
			c := Choice(u.Choices[k])
			if before.Choices[k] == c {
				continue
			}
			if err := s.setChoice(ctx, userID, k, c); err != nil {
				return err
			}
			changed[k] = string(c)
		}
		if u.WeeklyDigest != nil && *u.WeeklyDigest != before.WeeklyDigest {
			if err := s.setDigest(ctx, userID, *u.WeeklyDigest); err != nil {
				return err
			}
			changed["weekly_digest"] = *u.WeeklyDigest
		}
		if len(changed) == 0 {
			return nil
		}
		return s.log.Record(ctx, activity.Entry{At: s.clock.Now(), ActorID: userID, Kind: PreferencesChanged,
			SubjectType: "user", SubjectID: userID, Detail: changed})
	})
	if err != nil {
		return Preferences{}, err
	}
	return s.Preferences(ctx, userID)
}

func (s *Service) setChoice(ctx context.Context, userID int64, kind string, c Choice) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO mail_preferences (user_id, kind, choice, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id, kind) DO UPDATE SET choice = excluded.choice, updated_at = excluded.updated_at`,
		userID, kind, string(c), store.Millis(s.clock.Now()))
	if err != nil {
		return fmt.Errorf("mail: set %s for %d: %w", kind, userID, err)
	}
	return nil
}

func (s *Service) setDigest(ctx context.Context, userID int64, on bool) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO mail_settings (user_id, weekly_digest, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id) DO UPDATE SET weekly_digest = excluded.weekly_digest, updated_at = excluded.updated_at`,
		userID, on, store.Millis(s.clock.Now()))
	if err != nil {
		return fmt.Errorf("mail: set the digest for %d: %w", userID, err)
	}
	return nil
}

func kindNames() string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.Kind
	}
	return strings.Join(names, ", ")
}
