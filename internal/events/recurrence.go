package events

import (
	"fmt"
	"strconv"
	"time"

	"cultivate/internal/errs"
)

// Freq is how often a series repeats.
type Freq string

// The kinds of recurrence.
const (
	Once    Freq = ""
	Weekly  Freq = "weekly"  // every Interval weeks, on the first date's weekday
	Monthly Freq = "monthly" // every Interval months, on the Week-th weekday of the month
)

// LastWeek is the Week of a monthly series on the last weekday of the month.
const LastWeek = -1

// MaxInterval bounds "every N weeks / months".
const MaxInterval = 52

// MaxCount bounds how many occurrences a counted series may have.
const MaxCount = 500

// Recurrence is a series' rule. The zero value is a single event.
type Recurrence struct {
	Freq     Freq
	Interval int    // every Interval weeks or months; at least 1
	Week     int    // monthly only: 1 to 4, or LastWeek
	Until    string // the last local date (YYYY-MM-DD) an occurrence may fall on, or ""
	Count    int    // how many occurrences in all, or 0
}

// Repeats reports whether the rule makes a series.
func (r Recurrence) Repeats() bool { return r.Freq != Once }

// Describe says the rule in words, for pages.
func (r Recurrence) Describe(first time.Time) string {
	var s string
	switch r.Freq {
	case Weekly:
		s = "Every week"
		if r.Interval > 1 {
			s = fmt.Sprintf("Every %d weeks", r.Interval)
		}
		s += " on " + first.Weekday().String()
	case Monthly:
		s = "Every month"
		if r.Interval > 1 {
			s = fmt.Sprintf("Every %d months", r.Interval)
		}
		s += " on the " + weekName(r.Week) + " " + first.Weekday().String()
	default:
		return "Once"
	}
	if r.Until != "" {
		s += ", until " + r.Until
	}
	if r.Count > 0 {
		s += ", " + strconv.Itoa(r.Count) + " times"
	}
	return s
}

func weekName(w int) string {
	switch w {
	case 1:
		return "first"
	case 2:
		return "second"
	case 3:
		return "third"
	case 4:
		return "fourth"
	case LastWeek:
		return "last"
	}
	return strconv.Itoa(w) + "th"
}

// checkRecurrence validates r for a series whose first occurrence starts
// at first (in its zone), adding problems under the form's field names.
func checkRecurrence(f *errs.Fields, r Recurrence, first time.Time) Recurrence {
	switch r.Freq {
	case Once:
		return Recurrence{}
	case Weekly, Monthly:
	default:
		f.Add("recur_freq", "Choose once, weekly or monthly.")
		return r
	}
	if r.Interval < 1 || r.Interval > MaxInterval {
		f.Add("recur_interval", fmt.Sprintf("Repeat every 1 to %d %s.", MaxInterval, map[Freq]string{Weekly: "weeks", Monthly: "months"}[r.Freq]))
	}
	if r.Freq == Monthly {
		switch {
		case r.Week != LastWeek && (r.Week < 1 || r.Week > 4):
			f.Add("recur_week", "Choose the first, second, third, fourth or last week of the month.")
		case !first.IsZero() && !onWeek(first, r.Week):
			f.Add("recur_week", fmt.Sprintf("The first date, %s, is not the %s %s of its month: change the date or the week.",
				first.Format("Mon 2 Jan 2006"), weekName(r.Week), first.Weekday()))
		}
	} else {
		r.Week = 0
	}
	if r.Until != "" && r.Count != 0 {
		f.Add("recur_until", "Give either an end date or a number of times, not both.")
	}
	if r.Count < 0 || r.Count > MaxCount {
		f.Add("recur_count", fmt.Sprintf("A series has 1 to %d occurrences.", MaxCount))
	}
	if r.Until != "" {
		u, err := time.Parse(time.DateOnly, r.Until)
		switch {
		case err != nil:
			f.Add("recur_until", "Give the end date as YYYY-MM-DD.")
		case !first.IsZero() && u.Before(dateOf(first)):
			f.Add("recur_until", "The series cannot end before its first date.")
		}
	}
	return r
}

// dateOf is t's local calendar date, as midnight UTC.
func dateOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// onWeek reports whether t's date is the week-th (or last) of its weekday
// in its month.
func onWeek(t time.Time, week int) bool {
	if week == LastWeek {
		return t.AddDate(0, 0, 7).Month() != t.Month()
	}
	return (t.Day()-1)/7+1 == week
}

// nthWeekday is the date of the week-th (or last) weekday wd of year/month,
// at hour:min in loc.
func nthWeekday(year int, month time.Month, wd time.Weekday, week, hour, min int, loc *time.Location) time.Time {
	if week == LastWeek {
		last := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC)
		back := (int(last.Weekday()) - int(wd) + 7) % 7
		return time.Date(year, month, last.Day()-back, hour, min, 0, 0, loc)
	}
	first := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
	ahead := (int(wd) - int(first.Weekday()) + 7) % 7
	return time.Date(year, month, 1+ahead+7*(week-1), hour, min, 0, 0, loc)
}

// series is an event's schedule, ready to expand.
type series struct {
	first time.Time // in loc
	dur   time.Duration
	loc   *time.Location
	rule  Recurrence
}

// nth is the k-th occurrence's start (k from 0), keeping the first's local
// wall-clock time: a weekly 12:00 meeting stays at 12:00 across a change
// of summer time.
func (s series) nth(k int) time.Time {
	f := s.first
	switch s.rule.Freq {
	case Weekly:
		return time.Date(f.Year(), f.Month(), f.Day()+7*s.rule.Interval*k, f.Hour(), f.Minute(), 0, 0, s.loc)
	case Monthly:
		m := time.Date(f.Year(), f.Month()+time.Month(s.rule.Interval*k), 1, 0, 0, 0, 0, time.UTC)
		return nthWeekday(m.Year(), m.Month(), f.Weekday(), s.rule.Week, f.Hour(), f.Minute(), s.loc)
	}
	return f
}

// within reports whether the k-th occurrence exists (count and until).
func (s series) within(k int, start time.Time) bool {
	if k > 0 && !s.rule.Repeats() {
		return false
	}
	if s.rule.Count > 0 && k >= s.rule.Count {
		return false
	}
	if s.rule.Until != "" {
		u, err := time.Parse(time.DateOnly, s.rule.Until)
		if err == nil && dateOf(start.In(s.loc)).After(u) {
			return false
		}
	}
	return true
}

// step is the rough length of one period, to skip ahead to a window.
func (s series) step() time.Duration {
	if s.rule.Freq == Monthly {
		return time.Duration(s.rule.Interval) * 28 * 24 * time.Hour
	}
	return time.Duration(s.rule.Interval) * 7 * 24 * time.Hour
}

// starts returns the original starts of the occurrences that overlap
// [from, to) (an occurrence overlaps when it ends after from and starts
// before to), at most max of them, in order.
func (s series) starts(from, to time.Time, max int) []time.Time {
	k := 0
	if s.rule.Repeats() && from.After(s.first) {
		// Skip whole periods that end before the window; a monthly period
		// is at least 28 days, so this never skips past the window.
		k = max0(int(from.Sub(s.first)/s.step()) - 1)
	}
	var out []time.Time
	for ; len(out) < max; k++ {
		st := s.nth(k)
		if !st.Before(to) || !s.within(k, st) {
			break
		}
		if st.Add(s.dur).After(from) {
			out = append(out, st)
		}
	}
	return out
}

// has reports whether orig is the original start of an occurrence.
func (s series) has(orig time.Time) bool { return s.index(orig) >= 0 }

// index returns the position (from 0) of the occurrence starting at orig,
// or -1.
func (s series) index(orig time.Time) int {
	if orig.Equal(s.first) {
		return 0
	}
	if !s.rule.Repeats() {
		return -1
	}
	k := max0(int(orig.Sub(s.first)/s.step()) - 2)
	for ; ; k++ {
		st := s.nth(k)
		if st.After(orig) || !s.within(k, st) {
			return -1
		}
		if st.Equal(orig) {
			return k
		}
	}
}

// last returns the end of the last occurrence, or the zero time for a
// series without end.
func (s series) last() time.Time {
	switch {
	case !s.rule.Repeats():
		return s.first.Add(s.dur)
	case s.rule.Count > 0:
		return s.nth(s.rule.Count - 1).Add(s.dur)
	case s.rule.Until != "":
		u, _ := time.Parse(time.DateOnly, s.rule.Until)
		limit := time.Date(u.Year(), u.Month(), u.Day()+1, 0, 0, 0, 0, s.loc)
		got := s.starts(limit.Add(-s.step()*2), limit, 1<<20)
		if len(got) == 0 {
			return s.first.Add(s.dur)
		}
		return got[len(got)-1].Add(s.dur)
	}
	return time.Time{}
}

// rrule is the RFC 5545 form of the rule, with UNTIL in UTC as the
// standard asks when DTSTART has a zone.
func (s series) rrule() string {
	var out string
	switch s.rule.Freq {
	case Weekly:
		out = "FREQ=WEEKLY;INTERVAL=" + strconv.Itoa(s.rule.Interval)
	case Monthly:
		out = "FREQ=MONTHLY;INTERVAL=" + strconv.Itoa(s.rule.Interval) + ";BYDAY=" + strconv.Itoa(s.rule.Week) + dayCode(s.first.Weekday())
	default:
		return ""
	}
	if s.rule.Count > 0 {
		out += ";COUNT=" + strconv.Itoa(s.rule.Count)
	}
	if s.rule.Until != "" {
		if u, err := time.Parse(time.DateOnly, s.rule.Until); err == nil {
			end := time.Date(u.Year(), u.Month(), u.Day(), 23, 59, 59, 0, s.loc)
			out += ";UNTIL=" + end.UTC().Format("20060102T150405Z")
		}
	}
	return out
}

func dayCode(d time.Weekday) string {
	return [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}[d]
}

func max0(n int) int {
	if n < 0 {
		return 0
	}
	return n
}
