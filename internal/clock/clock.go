// Package clock lets every deadline, reminder and follow-up be tested by
// moving time on instead of sleeping.
package clock

import (
	"sync"
	"time"
)

// Clock tells the time. Production code takes one instead of calling time.Now.
type Clock interface {
	Now() time.Time
}

// System is the real clock, in UTC.
type System struct{}

// Now returns the current time in UTC, truncated to the millisecond the
// store keeps.
func (System) Now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// Fake is a clock that only moves when told to. Safe for concurrent use.
type Fake struct {
	mu  sync.Mutex
	now time.Time
}

// NewFake returns a fake clock set to t.
func NewFake(t time.Time) *Fake { return &Fake{now: t.UTC().Truncate(time.Millisecond)} }

// Now returns the fake time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Advance moves the fake time on by d.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d).Truncate(time.Millisecond)
}

// Set moves the fake time to t.
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = t.UTC().Truncate(time.Millisecond)
}
