package practice

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/store"
)

// Settings are a community's response commitment and the rhythm of its
// learning loops. A community that never saved any has DefaultSettings.
type Settings struct {
	CommunityID int64
	// ResponseMinutes is the promise: a first reply within this time.
	ResponseMinutes int
	// WorkingHoursOnly counts only Monday to Friday, DayStartMinute to
	// DayEndMinute (minutes after midnight) in TimeZone; otherwise the
	// clock runs day and night.
	WorkingHoursOnly bool
	TimeZone         string // IANA name, e.g. Europe/Paris
	DayStartMinute   int
	DayEndMinute     int
	// FollowupDays after a request is solved, the asker is asked how it
	// turned out.
	FollowupDays int
	// ClaimMinutes is how long an "I'll take it" lasts.
	ClaimMinutes int
	// RemindBeforeMinutes before the due time (counted like the
	// commitment) the leader and the core group are reminded.
	RemindBeforeMinutes int
	UpdatedAt           time.Time // zero while the community uses the defaults

	loc *time.Location // TimeZone, loaded once
}

// Limits of the settings, as the form should offer them.
const (
	MinResponseMinutes = 60
	MaxResponseMinutes = 14 * 24 * 60
	MinFollowupDays    = 1
	MaxFollowupDays    = 90
	MinClaimMinutes    = 15
	MaxClaimMinutes    = 72 * 60
)

// DefaultSettings is the commitment of a community that has not chosen
// one: a first reply within 24 calendar hours, a follow-up 14 days after
// solving, claims of 2 hours, reminders 4 hours before the due time.
func DefaultSettings() Settings {
	return Settings{ResponseMinutes: 24 * 60, TimeZone: "UTC", DayStartMinute: 9 * 60, DayEndMinute: 17 * 60,
		FollowupDays: 14, ClaimMinutes: 120, RemindBeforeMinutes: 240, loc: time.UTC}
}

// Response is the response commitment as a duration (of working time when
// WorkingHoursOnly).
func (s Settings) Response() time.Duration { return time.Duration(s.ResponseMinutes) * time.Minute }

// RemindBefore is how long before the due time reminders go out.
func (s Settings) RemindBefore() time.Duration {
	return time.Duration(s.RemindBeforeMinutes) * time.Minute
}

// ClaimFor is how long a claim lasts.
func (s Settings) ClaimFor() time.Duration { return time.Duration(s.ClaimMinutes) * time.Minute }

// FollowupAfter is how long after solving the asker is asked how it turned out.
func (s Settings) FollowupAfter() time.Duration {
	return time.Duration(s.FollowupDays) * 24 * time.Hour
}

// ReaskAfter is how long an unanswered follow-up waits before it is asked
// once more, and the second one before the loop closes as no outcome: half
// the follow-up time, at least three days.
func (s Settings) ReaskAfter() time.Duration {
	return max(time.Duration(s.FollowupDays)*12*time.Hour, 3*24*time.Hour)
}

// Location is the time zone in which working hours are counted (UTC if
// the name is unknown).
func (s Settings) Location() *time.Location {
	if s.loc != nil && s.loc.String() == s.TimeZone {
		return s.loc
	}
	if loc, err := time.LoadLocation(s.TimeZone); err == nil && validTZ(s.TimeZone) {
		return loc
	}
	return time.UTC
}

// Describe says the commitment in words, e.g. "a first reply within 24
// hours" or "a first reply within 4 working hours (Monday to Friday,
// 09:00–17:00 Europe/Paris)".
func (s Settings) Describe() string {
	d := "a first reply within " + describeMinutes(s.ResponseMinutes, s.WorkingHoursOnly)
	if s.WorkingHoursOnly {
		d += fmt.Sprintf(" (Monday to Friday, %s–%s %s)", clockTime(s.DayStartMinute), clockTime(s.DayEndMinute), s.TimeZone)
	}
	return d
}

func describeMinutes(n int, working bool) string {
	unit := func(v int, word string) string {
		if working {
			word = "working " + word
		}
		if v == 1 {
			return "1 " + word
		}
		return strconv.Itoa(v) + " " + word + "s"
	}
	switch {
	case n%(24*60) == 0 && !working:
		return unit(n/(24*60), "day")
	case n%60 == 0:
		return unit(n/60, "hour")
	}
	return unit(n, "minute")
}

func clockTime(minute int) string { return fmt.Sprintf("%02d:%02d", minute/60, minute%60) }

func validTZ(tz string) bool {
	// time.LoadLocation accepts "Local" and paths; people mean IANA names.
	return tz != "" && tz != "Local" && !strings.Contains(tz, "..") && !strings.HasPrefix(tz, "/")
}

// Settings returns a community's commitment, the defaults if it never set one.
func (s *Service) Settings(ctx context.Context, communityID int64) (Settings, error) {
	st := DefaultSettings()
	var updated int64
	err := s.db.QueryRowContext(ctx, `SELECT response_minutes, working_hours_only, time_zone, day_start_minute, day_end_minute,
			followup_days, claim_minutes, remind_before_minutes, updated_at
		FROM practice_settings WHERE community_id = $1`, communityID).Scan(&st.ResponseMinutes, &st.WorkingHoursOnly, &st.TimeZone,
		&st.DayStartMinute, &st.DayEndMinute, &st.FollowupDays, &st.ClaimMinutes, &st.RemindBeforeMinutes, &updated)
	st.CommunityID = communityID
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return Settings{}, fmt.Errorf("practice: settings of %d: %w", communityID, err)
	}
	st.UpdatedAt = store.Time(updated)
	st.loc = nil
	st.loc = st.Location()
	return st, nil
}

// settingsCache loads each community's settings once per call of a method
// that looks at many requests.
type settingsCache struct {
	s *Service
	m map[int64]Settings
}

func (s *Service) settingsCache() *settingsCache {
	return &settingsCache{s: s, m: map[int64]Settings{}}
}

func (c *settingsCache) get(ctx context.Context, communityID int64) (Settings, error) {
	if st, ok := c.m[communityID]; ok {
		return st, nil
	}
	st, err := c.s.Settings(ctx, communityID)
	if err != nil {
		return Settings{}, err
	}
	c.m[communityID] = st
	return st, nil
}

// validateSettings checks in and returns it cleaned, with its location.
func validateSettings(in Settings) (Settings, error) {
	var f errs.Fields
	if in.ResponseMinutes < MinResponseMinutes || in.ResponseMinutes > MaxResponseMinutes {
		f.Add("response_minutes", "Choose a response time between 1 hour and 14 days.")
	}
	if in.FollowupDays < MinFollowupDays || in.FollowupDays > MaxFollowupDays {
		f.Add("followup_days", "Choose a follow-up between 1 and 90 days after a request is solved.")
	}
	in.TimeZone = strings.TrimSpace(in.TimeZone)
	if in.TimeZone == "" {
		in.TimeZone = "UTC"
	}
	if loc, err := time.LoadLocation(in.TimeZone); err != nil || !validTZ(in.TimeZone) {
		f.Add("time_zone", "Choose a time zone such as Europe/Paris or America/New_York.")
	} else {
		in.loc = loc
	}
	switch {
	case in.DayStartMinute < 0 || in.DayStartMinute >= 24*60:
		f.Add("day_start_minute", "The working day must start between 00:00 and 23:59.")
	case in.DayEndMinute <= 0 || in.DayEndMinute > 24*60:
		f.Add("day_end_minute", "The working day must end between 00:01 and 24:00.")
	case in.DayEndMinute <= in.DayStartMinute:
		f.Add("day_end_minute", "The working day must end after it starts.")
	}
	if in.ClaimMinutes < MinClaimMinutes || in.ClaimMinutes > MaxClaimMinutes {
		f.Add("claim_minutes", "Choose a claim between 15 minutes and 72 hours.")
	}
	if in.RemindBeforeMinutes < 0 || in.RemindBeforeMinutes > in.ResponseMinutes {
		f.Add("remind_before_minutes", "Remind between 0 minutes and the whole response time before a request is due.")
	}
	return in, f.Err()
}

// UpdateSettings changes the commitment of the community at slug; the
// leader and the core group may. Requests already asked keep the due time
// they were given.
func (s *Service) UpdateSettings(ctx context.Context, actor account.User, slug string, in Settings) (Settings, error) {
	c, m, err := s.member(ctx, actor, slug, "change its response commitment")
	if err != nil {
		return Settings{}, err
	}
	if !m.CanModerate() {
		return Settings{}, errs.E(errs.Forbidden, "Only the leader and the core group can change the response commitment.")
	}
	in, err = validateSettings(in)
	if err != nil {
		return Settings{}, err
	}
	old, err := s.Settings(ctx, c.ID)
	if err != nil {
		return Settings{}, err
	}
	now := s.clock.Now()
	in.CommunityID, in.UpdatedAt = c.ID, now
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		_, err := s.db.ExecContext(ctx, `INSERT INTO practice_settings (community_id, response_minutes, working_hours_only, time_zone,
				day_start_minute, day_end_minute, followup_days, claim_minutes, remind_before_minutes, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			ON CONFLICT (community_id) DO UPDATE SET response_minutes = excluded.response_minutes,
				working_hours_only = excluded.working_hours_only, time_zone = excluded.time_zone,
				day_start_minute = excluded.day_start_minute, day_end_minute = excluded.day_end_minute,
				followup_days = excluded.followup_days, claim_minutes = excluded.claim_minutes,
				remind_before_minutes = excluded.remind_before_minutes, updated_at = excluded.updated_at`,
			c.ID, in.ResponseMinutes, in.WorkingHoursOnly, in.TimeZone, in.DayStartMinute, in.DayEndMinute,
			in.FollowupDays, in.ClaimMinutes, in.RemindBeforeMinutes, store.Millis(now))
		if err != nil {
			return fmt.Errorf("practice: save settings: %w", err)
		}
		changed := map[string]any{}
		for _, d := range []struct {
			name     string
			old, new any
		}{
			{"response_minutes", old.ResponseMinutes, in.ResponseMinutes},
			{"working_hours_only", old.WorkingHoursOnly, in.WorkingHoursOnly},
			{"time_zone", old.TimeZone, in.TimeZone},
			{"day_start_minute", old.DayStartMinute, in.DayStartMinute},
			{"day_end_minute", old.DayEndMinute, in.DayEndMinute},
			{"followup_days", old.FollowupDays, in.FollowupDays},
			{"claim_minutes", old.ClaimMinutes, in.ClaimMinutes},
			{"remind_before_minutes", old.RemindBeforeMinutes, in.RemindBeforeMinutes},
		} {
			if d.old != d.new {
				changed[d.name] = d.new
			}
		}
		return s.record(ctx, now, c.ID, actor.ID, ActivitySettingsUpdated, "community", c.ID, map[string]any{"changed": changed})
	})
	if err != nil {
		return Settings{}, err
	}
	return in, nil
}
