package practice_test

import (
	"testing"
	"time"

	"cultivate/internal/practice"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// working is a commitment counted in working hours, 09:00–17:00 in tz.
func working(tz string, minutes int) practice.Settings {
	s := practice.DefaultSettings()
	s.WorkingHoursOnly, s.TimeZone, s.ResponseMinutes = true, tz, minutes
	return s
}

func calendar(tz string, minutes int) practice.Settings {
	s := practice.DefaultSettings()
	s.TimeZone, s.ResponseMinutes = tz, minutes
	return s
}

func TestDueAtCountsWorkingHoursOrCalendarTime(t *testing.T) {
	t.Parallel()
	paris := mustZone(t, "Europe/Paris")
	ny := mustZone(t, "America/New_York")
	at := func(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, loc)
	}
	utc := func(y int, m time.Month, d, h, min int) time.Time { return at(time.UTC, y, m, d, h, min) }
	allDay := working("Europe/Paris", 24*60)
	allDay.DayStartMinute, allDay.DayEndMinute = 0, 24*60
	early := working("Europe/Paris", 90)
	early.DayStartMinute, early.DayEndMinute = 7*60+30, 15*60+45
	tests := []struct {
		name string
		s    practice.Settings
		from time.Time
		want time.Time
	}{
		// March 2025: Monday 10, Friday 14, Saturday 15, Friday 28; Paris moves to summer time on Sunday 30.
		{"Friday 16:50 with one hour is due Monday 09:50", working("Europe/Paris", 60), at(paris, 2025, 3, 14, 16, 50), at(paris, 2025, 3, 17, 9, 50)},
		{"within the day", working("Europe/Paris", 60), at(paris, 2025, 3, 10, 10, 0), at(paris, 2025, 3, 10, 11, 0)},
		{"runs over into the next morning", working("Europe/Paris", 60), at(paris, 2025, 3, 10, 16, 30), at(paris, 2025, 3, 11, 9, 30)},
		{"ends exactly at the end of the day", working("Europe/Paris", 60), at(paris, 2025, 3, 10, 16, 0), at(paris, 2025, 3, 10, 17, 0)},
		{"asked at the very end of the day", working("Europe/Paris", 60), at(paris, 2025, 3, 10, 17, 0), at(paris, 2025, 3, 11, 10, 0)},
		{"asked before hours", working("Europe/Paris", 60), at(paris, 2025, 3, 11, 7, 0), at(paris, 2025, 3, 11, 10, 0)},
		{"asked after hours", working("Europe/Paris", 60), at(paris, 2025, 3, 12, 18, 0), at(paris, 2025, 3, 13, 10, 0)},
		{"asked just after midnight", working("Europe/Paris", 60), at(paris, 2025, 3, 12, 0, 5), at(paris, 2025, 3, 12, 10, 0)},
		{"asked on Saturday", working("Europe/Paris", 60), at(paris, 2025, 3, 15, 12, 0), at(paris, 2025, 3, 17, 10, 0)},
		{"asked late on Sunday", working("Europe/Paris", 60), at(paris, 2025, 3, 16, 23, 0), at(paris, 2025, 3, 17, 10, 0)},
		{"asked Friday after hours", working("Europe/Paris", 60), at(paris, 2025, 3, 14, 17, 30), at(paris, 2025, 3, 17, 10, 0)},
		{"24 working hours are three working days", working("Europe/Paris", 24*60), at(paris, 2025, 3, 10, 9, 0), at(paris, 2025, 3, 12, 17, 0)},
		{"24 working hours over a weekend", working("Europe/Paris", 24*60), at(paris, 2025, 3, 13, 12, 0), at(paris, 2025, 3, 18, 12, 0)},
		{"14 days of working hours", working("Europe/Paris", 14*24*60), at(paris, 2025, 3, 10, 9, 0), at(paris, 2025, 5, 6, 17, 0)},
		{"a working day that starts at 07:30", early, at(paris, 2025, 3, 10, 15, 0), at(paris, 2025, 3, 11, 8, 15)},
		{"minutes are kept", working("Europe/Paris", 60), at(paris, 2025, 3, 10, 9, 17).Add(500 * time.Millisecond), at(paris, 2025, 3, 10, 10, 17).Add(500 * time.Millisecond)},
		// Summer time starts on a Sunday: Monday's 09:00 is an hour earlier in UTC than Friday's.
		{"DST spring: Friday 16:00 CET + 4 h is Monday 12:00 CEST", working("Europe/Paris", 240), utc(2025, 3, 28, 15, 0), utc(2025, 3, 31, 10, 0)},
		{"DST autumn: Friday 16:00 CEST + 4 h is Monday 12:00 CET", working("Europe/Paris", 240), utc(2025, 10, 24, 14, 0), utc(2025, 10, 27, 11, 0)},
		{"DST spring with round-the-clock working days", allDay, at(paris, 2025, 3, 28, 12, 0), at(paris, 2025, 3, 31, 12, 0)},
		{"New York in summer time", working("America/New_York", 60), utc(2025, 3, 10, 12, 0), at(ny, 2025, 3, 10, 10, 0)},
		{"calendar hours run through the night", calendar("Europe/Paris", 60), at(paris, 2025, 3, 14, 16, 50), at(paris, 2025, 3, 14, 17, 50)},
		{"calendar hours run through the weekend", calendar("Europe/Paris", 24*60), at(paris, 2025, 3, 14, 16, 50), at(paris, 2025, 3, 15, 16, 50)},
		{"calendar hours are real hours across DST", calendar("Europe/Paris", 24*60), at(paris, 2025, 3, 29, 12, 0), at(paris, 2025, 3, 30, 13, 0)},
		{"calendar 14 days", calendar("UTC", 14*24*60), utc(2025, 3, 10, 9, 0), utc(2025, 3, 24, 9, 0)},
		{"an unknown time zone counts in UTC", working("Mars/Olympus", 60), utc(2025, 3, 14, 16, 50), utc(2025, 3, 17, 9, 50)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := practice.DueAt(tt.s, tt.from)
			if !got.Equal(tt.want) {
				t.Errorf("DueAt(%s) = %s, want %s", tt.from.Format(time.RFC3339), got.In(tt.want.Location()).Format("Mon 2006-01-02 15:04:05.000 MST"),
					tt.want.Format("Mon 2006-01-02 15:04:05.000 MST"))
			}
			if got.Location() != time.UTC {
				t.Errorf("DueAt returned a time in %s, want UTC", got.Location())
			}
		})
	}
}

func TestAtRiskFromCountsBackLikeTheCommitment(t *testing.T) {
	t.Parallel()
	paris := mustZone(t, "Europe/Paris")
	at := func(d, h, min int) time.Time { return time.Date(2025, 3, d, h, min, 0, 0, paris) }
	remind := func(s practice.Settings, minutes int) practice.Settings {
		s.RemindBeforeMinutes = minutes
		return s
	}
	tests := []struct {
		name string
		s    practice.Settings
		due  time.Time
		want time.Time
	}{
		{"calendar: four hours before", remind(calendar("Europe/Paris", 24*60), 240), at(17, 9, 50), at(17, 5, 50)},
		{"working hours: back over the weekend", remind(working("Europe/Paris", 24*60), 240), at(17, 9, 50), at(14, 13, 50)},
		{"working hours: within the day", remind(working("Europe/Paris", 24*60), 60), at(12, 15, 0), at(12, 14, 0)},
		{"working hours: due at the end of the day", remind(working("Europe/Paris", 24*60), 120), at(12, 17, 0), at(12, 15, 0)},
		{"working hours: exactly a day back", remind(working("Europe/Paris", 24*60), 8*60), at(12, 17, 0), at(12, 9, 0)},
		{"working hours: into the day before", remind(working("Europe/Paris", 24*60), 9*60), at(12, 17, 0), at(11, 16, 0)},
		{"no reminder time means the due time", remind(working("Europe/Paris", 60), 0), at(12, 11, 0), at(12, 11, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := practice.AtRiskFrom(tt.s, tt.due); !got.Equal(tt.want) {
				t.Errorf("AtRiskFrom(%s) = %s, want %s", tt.due, got.In(paris), tt.want)
			}
		})
	}
}

// TestDueAtAndAtRiskFromAgree: going back RemindBefore from a due time made
// by DueAt with the same amount lands on a time with that same due time
// (the time of asking, or the first working moment after it), for asking
// times spread over a fortnight.
func TestDueAtAndAtRiskFromAgree(t *testing.T) {
	t.Parallel()
	s := working("Europe/Paris", 150)
	s.RemindBeforeMinutes = 150
	start := time.Date(2025, 3, 24, 0, 0, 0, 0, time.UTC)
	for from := start; from.Before(start.Add(14 * 24 * time.Hour)); from = from.Add(37 * time.Minute) {
		due := practice.DueAt(s, from)
		back := practice.AtRiskFrom(s, due)
		if !practice.DueAt(s, back).Equal(due) {
			t.Fatalf("from %s: due %s, back %s, whose due time is %s", from, due, back, practice.DueAt(s, back))
		}
	}
}

func TestSettingsDescribeTheCommitmentInWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s    practice.Settings
		want string
	}{
		{practice.DefaultSettings(), "a first reply within 1 day"},
		{calendar("UTC", 48*60), "a first reply within 2 days"},
		{calendar("UTC", 4*60), "a first reply within 4 hours"},
		{calendar("UTC", 90), "a first reply within 90 minutes"},
		{working("Europe/Paris", 60), "a first reply within 1 working hour (Monday to Friday, 09:00–17:00 Europe/Paris)"},
		{working("UTC", 24*60), "a first reply within 24 working hours (Monday to Friday, 09:00–17:00 UTC)"},
	}
	for _, tt := range tests {
		if got := tt.s.Describe(); got != tt.want {
			t.Errorf("Describe() = %q, want %q", got, tt.want)
		}
	}
	if r := practice.DefaultSettings().ReaskAfter(); r != 7*24*time.Hour {
		t.Errorf("default re-ask after %s, want 7 days (half of 14)", r)
	}
	short := practice.DefaultSettings()
	short.FollowupDays = 2
	if r := short.ReaskAfter(); r != 3*24*time.Hour {
		t.Errorf("re-ask after %s for a 2-day follow-up, want the 3-day minimum", r)
	}
}

func TestMentionsFindHandlesButNotAddressesOrCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want []string
	}{
		{"Thanks @lea-martin!", []string{"lea-martin"}},
		{"@ben, @lea-martin and @ben again", []string{"ben", "lea-martin"}},
		{"Ask @Lea-Martin.", []string{"lea-martin"}},
		{"Write to lea@example.org", nil},
		{"see `@not-me` and\n```\n@nor-me\n```\n@yes-me", []string{"yes-me"}},
		{"@a is too short, @-x is no handle, @trailing- keeps its word", []string{"trailing"}},
		{"(cc @ana)", []string{"ana"}},
		{"@léa is not a handle", nil},
		{"a/@path and +@x and x@@y", nil},
	}
	for _, tt := range tests {
		got := practice.Mentions(tt.text)
		if len(got) != len(tt.want) {
			t.Errorf("Mentions(%q) = %q, want %q", tt.text, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("Mentions(%q) = %q, want %q", tt.text, got, tt.want)
				break
			}
		}
	}
}
