package backlog

import (
	"slices"
	"strings"
)

// Status is where an item stands.
type Status string

// The statuses, in the order an item usually goes through them.
const (
	Proposed   Status = "proposed"    // someone suggested it; members vote
	Planned    Status = "planned"     // the core group means to do it
	InProgress Status = "in_progress" // someone is working on it
	Done       Status = "done"        // it happened; it may link to what fulfilled it
	Declined   Status = "declined"    // the core group said no, and why
)

// StatusInfo describes a status for people.
type StatusInfo struct {
	Status Status `json:"status"`
	Label  string `json:"label"`
	About  string `json:"about"`
}

// Statuses lists every status, in order.
func Statuses() []StatusInfo {
	return []StatusInfo{
		{Proposed, "Proposed", "Suggested by a member. Vote for it if you want it too."},
		{Planned, "Planned", "The core group means to make it happen."},
		{InProgress, "In progress", "Someone is working on it now."},
		{Done, "Done", "It happened. It may point at the event or the write-up that fulfilled it."},
		{Declined, "Declined", "The core group decided not to do it, and said why."},
	}
}

// Label is the status for people.
func (s Status) Label() string {
	for _, i := range Statuses() {
		if i.Status == s {
			return i.Label
		}
	}
	return string(s)
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	return slices.ContainsFunc(Statuses(), func(i StatusInfo) bool { return i.Status == s })
}

// Open reports whether the item is still to do: proposed, planned or in
// progress. Only open items take votes.
func (s Status) Open() bool { return s == Proposed || s == Planned || s == InProgress }

// Next lists the statuses an item may move to from s. Done and declined
// items are only reopened (back to proposed), so a finished item is never
// quietly turned into another finished one.
func (s Status) Next() []Status {
	switch s {
	case Proposed:
		return []Status{Planned, InProgress, Done, Declined}
	case Planned:
		return []Status{Proposed, InProgress, Done, Declined}
	case InProgress:
		return []Status{Planned, Done, Declined}
	case Done, Declined:
		return []Status{Proposed}
	}
	return nil
}

// CanMoveTo reports whether an item may move from s to to.
func (s Status) CanMoveTo(to Status) bool { return slices.Contains(s.Next(), to) }

func statusChoices() string {
	var names []string
	for _, i := range Statuses() {
		names = append(names, string(i.Status))
	}
	return strings.Join(names, ", ")
}

// Filter values for lists besides a single status.
const (
	FilterOpen = "open" // proposed, planned and in progress (the default)
	FilterAll  = "all"  // every status
)

// Sort orders of lists.
const (
	SortVotes  = "votes"  // most votes first, then the oldest (the default)
	SortNewest = "newest" // newest first
)
