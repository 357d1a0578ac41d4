package practice

import (
	"time"
)

// maxDays bounds the walk over calendar days, so settings that somehow have
// no working time at all cannot loop forever.
const maxDays = 3700

// DueAt is when a request made at from must have its first reply: from plus
// the response time, counting only working hours (Monday to Friday,
// DayStartMinute to DayEndMinute in the settings' time zone, whatever its
// offset that day) when WorkingHoursOnly, else calendar time. A request made
// on Friday at 16:50 with a one-hour commitment and a 09:00–17:00 day is due
// on Monday at 09:50. The result is in UTC.
func DueAt(s Settings, from time.Time) time.Time {
	d := s.Response()
	if !s.WorkingHoursOnly || !s.validWindow() {
		return from.Add(d).UTC()
	}
	loc := s.Location()
	t := from.In(loc)
	for range maxDays {
		start, end := s.window(t)
		if weekend(t) || !t.Before(end) {
			t = nextDay(t)
			continue
		}
		if t.Before(start) {
			t = start
		}
		if avail := end.Sub(t); d <= avail {
			return t.Add(d).UTC()
		} else {
			d -= avail
		}
		t = nextDay(t)
	}
	return from.Add(s.Response()).UTC()
}

// AtRiskFrom is when a request due at due becomes at risk: RemindBefore
// earlier, counted like the commitment (working time when WorkingHoursOnly).
// Reminders go out from then.
func AtRiskFrom(s Settings, due time.Time) time.Time {
	d := s.RemindBefore()
	if d <= 0 {
		return due.UTC()
	}
	if !s.WorkingHoursOnly || !s.validWindow() {
		return due.Add(-d).UTC()
	}
	t := due.In(s.Location())
	for range maxDays {
		start, end := s.window(t)
		if weekend(t) || !t.After(start) {
			t = previousDayEnd(s, t)
			continue
		}
		if t.After(end) {
			t = end
		}
		if avail := t.Sub(start); d <= avail {
			return t.Add(-d).UTC()
		} else {
			d -= avail
		}
		t = previousDayEnd(s, t)
	}
	return due.Add(-s.RemindBefore()).UTC()
}

func (s Settings) validWindow() bool {
	return s.DayStartMinute >= 0 && s.DayEndMinute <= 24*60 && s.DayStartMinute < s.DayEndMinute
}

// window is the working window of t's day, in t's location. Wall-clock
// times are resolved for that very day, so a DST change moves the window's
// instants with it.
func (s Settings) window(t time.Time) (start, end time.Time) {
	y, m, d := t.Date()
	loc := t.Location()
	start = time.Date(y, m, d, s.DayStartMinute/60, s.DayStartMinute%60, 0, 0, loc)
	end = time.Date(y, m, d, s.DayEndMinute/60, s.DayEndMinute%60, 0, 0, loc)
	return start, end
}

func weekend(t time.Time) bool {
	wd := t.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

func nextDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, t.Location())
}

// previousDayEnd is the end of the working window of the day before t's.
func previousDayEnd(s Settings, t time.Time) time.Time {
	y, m, d := t.Date()
	_, end := s.window(time.Date(y, m, d-1, 12, 0, 0, 0, t.Location()))
	return end
}

// ClockState is where a request stands against the response commitment.
type ClockState string

// Clock states.
const (
	ClockWaiting ClockState = "waiting" // no reply yet, due time not near
	ClockAtRisk  ClockState = "at_risk" // no reply yet, due soon (reminders have gone out)
	ClockOverdue ClockState = "overdue" // no reply, due time passed
	ClockMet     ClockState = "met"     // first reply in time
	ClockMissed  ClockState = "missed"  // first reply came late
	ClockStopped ClockState = "stopped" // closed, solved or deleted before anyone else replied
)

// Label names the state for people.
func (c ClockState) Label() string {
	switch c {
	case ClockWaiting:
		return "Waiting for a first reply"
	case ClockAtRisk:
		return "Due soon"
	case ClockOverdue:
		return "Overdue"
	case ClockMet:
		return "Answered in time"
	case ClockMissed:
		return "Answered late"
	case ClockStopped:
		return "No reply needed"
	}
	return ""
}

// ResponseClock is a request's clock: when its first reply is due and how
// the commitment went.
type ResponseClock struct {
	State        ClockState
	DueAt        time.Time
	AtRiskFrom   time.Time // reminders go out from this time
	FirstReplyAt time.Time
	FirstReplyBy int64
	// TimeToFirstReply is calendar time from asking to the first reply by
	// someone else; zero until there is one.
	TimeToFirstReply time.Duration
	// Left is the time until the due time, negative once overdue; zero
	// once answered or stopped.
	Left time.Duration
}

// Running reports whether the clock still runs (no reply yet, request open).
func (c ResponseClock) Running() bool {
	return c.State == ClockWaiting || c.State == ClockAtRisk || c.State == ClockOverdue
}

// responseClock computes the clock of r at now.
func responseClock(st Settings, r row, now time.Time) ResponseClock {
	created, due := time.UnixMilli(r.createdAt).UTC(), time.UnixMilli(r.dueAt).UTC()
	c := ResponseClock{DueAt: due, AtRiskFrom: AtRiskFrom(st, due), FirstReplyBy: r.firstReplyBy}
	switch {
	case r.firstReplyAt.Valid:
		c.FirstReplyAt = time.UnixMilli(r.firstReplyAt.Int64).UTC()
		c.TimeToFirstReply = c.FirstReplyAt.Sub(created)
		c.State = ClockMissed
		if r.commitmentMet.Valid && r.commitmentMet.Bool {
			c.State = ClockMet
		}
	case r.status != Open || r.deleted():
		c.State = ClockStopped
	case now.After(due):
		c.State, c.Left = ClockOverdue, due.Sub(now)
	case !now.Before(c.AtRiskFrom):
		c.State, c.Left = ClockAtRisk, due.Sub(now)
	default:
		c.State, c.Left = ClockWaiting, due.Sub(now)
	}
	return c
}
