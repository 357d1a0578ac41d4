package backlog

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// Move changes an item's status; the leader and the core group may.
// Declining needs a reason, which the proposer and the voters read.
// Reopening (from done or declined) puts the item back to proposed. A note
// given with another move is kept in the activity entry. The proposer and
// everyone who voted for the item are told.
func (s *Service) Move(ctx context.Context, user account.User, slug string, id int64, to Status, reason string) (Item, error) {
	sc, err := s.coreScope(ctx, user, slug, "move backlog items")
	if err != nil {
		return Item{}, err
	}
	var f errs.Fields
	if !to.Valid() {
		f.Add("status", "Choose one of the statuses: "+statusChoices()+".")
	}
	reason = validate.Text(&f, "reason", "Reason", reason, 0, ReasonMax, true)
	if to == Declined && reason == "" && len(f) == 0 {
		f.Add("reason", "Say why this item is declined: the member who proposed it and everyone who voted for it will read it.")
	}
	if err := f.Err(); err != nil {
		return Item{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		it, err := s.load(ctx, sc, id)
		if err != nil {
			return err
		}
		if it.Status == to {
			return errs.E(errs.Conflict, "This item is already %s.", strings.ToLower(to.Label()))
		}
		if !it.Status.CanMoveTo(to) {
			if !it.Status.Open() {
				return errs.E(errs.Conflict, "This item is %s. Reopen it first (it goes back to proposed), then move it on.", strings.ToLower(it.Status.Label()))
			}
			return errs.E(errs.Conflict, "An item that is %s cannot move to %s.", strings.ToLower(it.Status.Label()), strings.ToLower(to.Label()))
		}
		declineReason := ""
		if to == Declined {
			declineReason = reason
		}
		now := store.Millis(s.clock.Now())
		if _, err := s.db.ExecContext(ctx, `UPDATE backlog_items SET status = $1, decline_reason = $2, status_changed_at = $3,
				status_changed_by = $4, updated_at = $3 WHERE id = $5`, string(to), declineReason, now, user.ID, id); err != nil {
			return fmt.Errorf("backlog: move: %w", err)
		}
		detail := map[string]any{"title": it.Title, "from": string(it.Status), "to": string(to)}
		if reason != "" {
			detail["reason"] = reason
		}
		if err := s.record(ctx, sc, ActivityMoved, id, detail); err != nil {
			return err
		}
		return s.tellFollowers(ctx, sc, it, to, reason)
	})
	if err != nil {
		return Item{}, err
	}
	return s.Get(ctx, user, slug, id)
}

// tellFollowers notifies the proposer and every voter that an item moved.
func (s *Service) tellFollowers(ctx context.Context, sc scope, it Item, to Status, reason string) error {
	rows, err := s.db.QueryContext(ctx, `SELECT user_id FROM backlog_votes WHERE item_id = $1 ORDER BY user_id`, it.ID)
	if err != nil {
		return fmt.Errorf("backlog: voters: %w", err)
	}
	people := []int64{it.AuthorID}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("backlog: voters: %w", err)
		}
		people = append(people, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("backlog: voters: %w", err)
	}
	title := "“" + it.Title + "” is now " + strings.ToLower(to.Label())
	switch {
	case to == Proposed:
		title = "“" + it.Title + "” was reopened"
	case to == Declined:
		title += ": " + firstLine(reason, 120)
	}
	note := notify.Note{Kind: notify.BacklogMoved, CommunityID: sc.c.ID, ActorID: sc.viewer.ID, Title: title, Link: Path(sc.c.Slug, it.ID)}
	return s.inbox.Send(ctx, note, people...)
}

// firstLine is the first line of s, cut to about n characters.
func firstLine(s string, n int) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// Link points an item at what fulfilled it: an event or a knowledge
// artefact (kind LinkEvent or LinkArtefact) of the same community. The
// leader and the core group may; a new link replaces the old one.
func (s *Service) Link(ctx context.Context, user account.User, slug string, id int64, kind string, targetID int64) (Item, error) {
	sc, err := s.coreScope(ctx, user, slug, "link backlog items")
	if err != nil {
		return Item{}, err
	}
	var f errs.Fields
	fn := s.links[kind]
	switch {
	case kind != LinkEvent && kind != LinkArtefact:
		f.Add("link_type", "Link an item to an event or to a knowledge artefact.")
	case fn == nil:
		f.Add("link_type", "Items cannot be linked to "+kind+"s yet.")
	}
	if targetID <= 0 {
		f.Add("link_id", "Give the number of the "+cmp.Or(kind, "thing")+" that fulfilled this item.")
	}
	if err := f.Err(); err != nil {
		return Item{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		it, err := s.load(ctx, sc, id)
		if err != nil {
			return err
		}
		title, _, err := fn(ctx, sc.c.ID, targetID)
		if isNotFound(err) {
			return errs.Field("link_id", "There is no "+kind+" number "+strconv.FormatInt(targetID, 10)+" in this community to link to.")
		}
		if err != nil {
			return fmt.Errorf("backlog: look up %s %d: %w", kind, targetID, err)
		}
		if it.Link != nil && it.Link.Type == kind && it.Link.ID == targetID && it.Link.Title == title {
			return nil
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE backlog_items SET link_type = $1, link_id = $2, link_title = $3, updated_at = $4 WHERE id = $5`,
			kind, targetID, title, store.Millis(s.clock.Now()), id); err != nil {
			return fmt.Errorf("backlog: link: %w", err)
		}
		return s.record(ctx, sc, ActivityLinked, id, map[string]any{"title": it.Title, "link_type": kind, "link_id": targetID, "link_title": title})
	})
	if err != nil {
		return Item{}, err
	}
	return s.Get(ctx, user, slug, id)
}

// Unlink removes what an item points at; the leader and the core group
// may. Removing a link that is not there changes nothing.
func (s *Service) Unlink(ctx context.Context, user account.User, slug string, id int64) (Item, error) {
	sc, err := s.coreScope(ctx, user, slug, "link backlog items")
	if err != nil {
		return Item{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		it, err := s.load(ctx, sc, id)
		if err != nil {
			return err
		}
		if it.Link == nil {
			return nil
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE backlog_items SET link_type = '', link_id = NULL, link_title = '', updated_at = $1 WHERE id = $2`,
			store.Millis(s.clock.Now()), id); err != nil {
			return fmt.Errorf("backlog: unlink: %w", err)
		}
		return s.record(ctx, sc, ActivityLinked, id, map[string]any{"title": it.Title, "removed": true,
			"link_type": it.Link.Type, "link_id": it.Link.ID, "link_title": it.Link.Title})
	})
	if err != nil {
		return Item{}, err
	}
	return s.Get(ctx, user, slug, id)
}
