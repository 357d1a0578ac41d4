package mail

import (
	"context"
	"fmt"
	"time"

	"cultivate/internal/backlog"
	"cultivate/internal/events"
)

// digestAhead is how far ahead the digest's "upcoming events" look.
const digestAhead = 14 * 24 * time.Hour

// EventsSource is the digest's "upcoming events" section: the next two
// weeks' dates in the member's communities, with their own answer.
func EventsSource(e *events.Service) Source {
	return func(ctx context.Context, userID int64, _, until time.Time) (Section, error) {
		occ, err := e.Upcoming(ctx, userID, until, until.Add(digestAhead))
		if err != nil {
			return Section{}, err
		}
		sec := Section{Title: "Upcoming events"}
		for _, o := range occ {
			if len(sec.Items) == sectionLimit {
				break
			}
			local := o.Local()
			detail := fmt.Sprintf("%s · %s · %s", local.Format("Mon 2 Jan, 15:04 MST"), o.FormatLabel(), o.Community.Name)
			switch o.MyAnswer {
			case events.Going:
				detail += " · you're going"
			case events.Waitlist:
				detail += " · you're on the waitlist"
			case "":
				if o.Full() {
					detail += " · full, waitlist open"
				}
			}
			sec.Items = append(sec.Items, Item{Title: o.Title, Link: o.Path(), Detail: detail})
		}
		return sec, nil
	}
}

// BacklogSource is the digest's "backlog" section: items of the member's
// communities that changed status during the week.
func BacklogSource(b *backlog.Service) Source {
	return func(ctx context.Context, userID int64, since, until time.Time) (Section, error) {
		items, err := b.MovedSince(ctx, userID, since)
		if err != nil {
			return Section{}, err
		}
		sec := Section{Title: "Backlog items that moved"}
		for _, it := range items {
			if !it.StatusChangedAt.Before(until) {
				continue
			}
			if len(sec.Items) == sectionLimit {
				break
			}
			detail := it.Status.Label() + " · " + it.CommunityName
			if it.Votes > 0 {
				detail += fmt.Sprintf(" · %d votes", it.Votes)
			}
			sec.Items = append(sec.Items, Item{Title: it.Title, Link: it.Path(), Detail: detail})
		}
		return sec, nil
	}
}
