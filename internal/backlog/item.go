package backlog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// NewItem is what a member writes to propose a topic or an idea.
type NewItem struct {
	Title       string
	Description string // Markdown; optional
	Tags        string // comma- or space-separated; optional
}

// Link is what fulfilled an item.
type Link struct {
	Type  string `json:"type"` // LinkEvent or LinkArtefact
	ID    int64  `json:"id"`
	Title string `json:"title"`
	// URL is the thing's web address; empty when Gone or in lists.
	URL string `json:"url"`
	// Gone is true when the thing was deleted since it was linked.
	Gone bool `json:"gone"`
}

// Permissions say what the viewer may do with an item, so pages show only
// the buttons that work.
type Permissions struct {
	Vote   bool `json:"vote"`
	Edit   bool `json:"edit"`
	Delete bool `json:"delete"`
	Move   bool `json:"move"`
	Link   bool `json:"link"`
}

// Item is a backlog item as a viewer may see it.
type Item struct {
	ID            int64    `json:"id"`
	CommunityID   int64    `json:"community_id"`
	CommunitySlug string   `json:"community_slug"`
	CommunityName string   `json:"community_name"`
	Title         string   `json:"title"`
	Description   string   `json:"description"`
	Tags          []string `json:"tags"`
	AuthorID      int64    `json:"author_id,omitzero"`
	AuthorName    string   `json:"author_name,omitzero"`
	Status        Status   `json:"status"`
	// DeclineReason says why the core group declined it; empty otherwise.
	DeclineReason string `json:"decline_reason,omitzero"`
	Votes         int    `json:"votes"`
	// Voted is true when the viewer voted for it.
	Voted bool `json:"voted"`
	// Link is what fulfilled it; nil when nothing is linked.
	Link            *Link       `json:"link"`
	CreatedAt       time.Time   `json:"created_at"`
	UpdatedAt       time.Time   `json:"updated_at"`
	StatusChangedAt time.Time   `json:"status_changed_at"`
	Can             Permissions `json:"can"`
}

// Path is the item's web address.
func (it Item) Path() string { return Path(it.CommunitySlug, it.ID) }

// StatusLabel is the item's status for people.
func (it Item) StatusLabel() string { return it.Status.Label() }

// itemColumns selects what scanItem reads; $1 is the viewer.
const itemColumns = `SELECT b.id, b.community_id, c.slug, c.name, COALESCE(b.author_id, 0), COALESCE(u.name, ''),
		b.title, b.description, b.tags, b.status, b.decline_reason, b.votes, b.link_type, COALESCE(b.link_id, 0), b.link_title,
		b.created_at, b.updated_at, b.status_changed_at,
		(SELECT COUNT(*) FROM backlog_votes v WHERE v.item_id = b.id AND v.user_id = $1)
	FROM backlog_items b
	JOIN communities c ON c.id = b.community_id
	LEFT JOIN users u ON u.id = b.author_id`

func scanItem(row interface{ Scan(...any) error }) (Item, error) {
	var it Item
	var tags, status, linkType, linkTitle string
	var linkID, created, updated, changed int64
	var voted int
	err := row.Scan(&it.ID, &it.CommunityID, &it.CommunitySlug, &it.CommunityName, &it.AuthorID, &it.AuthorName,
		&it.Title, &it.Description, &tags, &status, &it.DeclineReason, &it.Votes, &linkType, &linkID, &linkTitle,
		&created, &updated, &changed, &voted)
	if err != nil {
		return Item{}, err
	}
	it.Tags = strings.Fields(tags)
	if it.Tags == nil {
		it.Tags = []string{}
	}
	it.Status, it.Voted = Status(status), voted > 0
	it.CreatedAt, it.UpdatedAt, it.StatusChangedAt = store.Time(created), store.Time(updated), store.Time(changed)
	if linkType != "" {
		it.Link = &Link{Type: linkType, ID: linkID, Title: linkTitle}
	}
	return it, nil
}

// load reads item id of the scope's community as the viewer sees it.
func (s *Service) load(ctx context.Context, sc scope, id int64) (Item, error) {
	it, err := scanItem(s.db.QueryRowContext(ctx, itemColumns+` WHERE b.id = $2 AND b.community_id = $3`, sc.viewer.ID, id, sc.c.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return Item{}, errNoItem()
	}
	if err != nil {
		return Item{}, fmt.Errorf("backlog: load item %d: %w", id, err)
	}
	it.Can = sc.permissions(it)
	return it, nil
}

// mayEdit: the proposer while still a member and the item still proposed;
// the leader and the core group always.
func (sc scope) mayEdit(it Item) bool {
	return sc.moderates() || (sc.m.IsMember() && sc.viewer.ID != 0 && sc.viewer.ID == it.AuthorID && it.Status == Proposed)
}

func (sc scope) permissions(it Item) Permissions {
	return Permissions{
		Vote:   sc.m.IsMember() && it.Status.Open(),
		Edit:   sc.mayEdit(it),
		Delete: sc.mayEdit(it),
		Move:   sc.moderates(),
		Link:   sc.moderates(),
	}
}

// Get returns item id of the community at slug, with what it links to
// looked up afresh (its current title and address, or Gone).
func (s *Service) Get(ctx context.Context, viewer account.User, slug string, id int64) (Item, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return Item{}, err
	}
	it, err := s.load(ctx, sc, id)
	if err != nil {
		return Item{}, err
	}
	if it.Link != nil {
		if err := s.resolve(ctx, sc.c.ID, it.Link); err != nil {
			return Item{}, err
		}
	}
	return it, nil
}

// resolve fills in a link's current title and address.
func (s *Service) resolve(ctx context.Context, communityID int64, l *Link) error {
	fn := s.links[l.Type]
	if fn == nil {
		return nil // the kind is not wired in this process; keep the title it had
	}
	title, url, err := fn(ctx, communityID, l.ID)
	switch {
	case isNotFound(err):
		l.Gone, l.URL = true, ""
	case err != nil:
		return fmt.Errorf("backlog: look up %s %d: %w", l.Type, l.ID, err)
	default:
		l.Title, l.URL = title, url
	}
	return nil
}

type cleanItem struct {
	title, description string
	tags               []string
}

// check validates what a member wrote; every problem is reported at once,
// each under its field (title, description, tags).
func check(in NewItem) (cleanItem, error) {
	var f errs.Fields
	out := cleanItem{
		title:       validate.Text(&f, "title", "Title", in.Title, TitleMin, TitleMax, false),
		description: validate.Text(&f, "description", "Description", in.Description, 0, DescriptionMax, true),
		tags:        validate.Tags(&f, "tags", in.Tags, MaxTags),
	}
	slices.Sort(out.tags)
	return out, f.Err()
}

// Create adds an item proposed by user, who must be a member of the
// community at slug. It starts as proposed, without votes.
func (s *Service) Create(ctx context.Context, user account.User, slug string, in NewItem) (Item, error) {
	sc, err := s.memberScope(ctx, user, slug, "propose backlog items")
	if err != nil {
		return Item{}, err
	}
	c, err := check(in)
	if err != nil {
		return Item{}, err
	}
	now := store.Millis(s.clock.Now())
	var id int64
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		err := s.db.QueryRowContext(ctx, `INSERT INTO backlog_items (community_id, author_id, title, description, tags, status,
				created_at, updated_at, status_changed_at, status_changed_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7, $2) RETURNING id`,
			sc.c.ID, user.ID, c.title, c.description, strings.Join(c.tags, " "), string(Proposed), now).Scan(&id)
		if err != nil {
			return fmt.Errorf("backlog: create: %w", err)
		}
		return s.record(ctx, sc, ActivityProposed, id, map[string]any{"title": c.title})
	})
	if err != nil {
		return Item{}, err
	}
	return s.Get(ctx, user, slug, id)
}

// Edit changes an item's title, description and tags. The proposer may
// while the item is still proposed; the leader and the core group always.
// The previous text goes into the activity entry, so nothing is lost.
// Saving without a change records nothing.
func (s *Service) Edit(ctx context.Context, user account.User, slug string, id int64, in NewItem) (Item, error) {
	sc, err := s.memberScope(ctx, user, slug, "edit backlog items")
	if err != nil {
		return Item{}, err
	}
	c, err := check(in)
	if err != nil {
		return Item{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		it, err := s.load(ctx, sc, id)
		if err != nil {
			return err
		}
		if !sc.mayEdit(it) {
			return errCannotEdit(it)
		}
		var changed []string
		if it.Title != c.title {
			changed = append(changed, "title")
		}
		if it.Description != c.description {
			changed = append(changed, "description")
		}
		if !slices.Equal(it.Tags, c.tags) {
			changed = append(changed, "tags")
		}
		if len(changed) == 0 {
			return nil
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE backlog_items SET title = $1, description = $2, tags = $3, updated_at = $4 WHERE id = $5`,
			c.title, c.description, strings.Join(c.tags, " "), store.Millis(s.clock.Now()), id); err != nil {
			return fmt.Errorf("backlog: edit: %w", err)
		}
		return s.record(ctx, sc, ActivityEdited, id, map[string]any{"title": c.title, "changed": changed,
			"previous": map[string]any{"title": it.Title, "description": it.Description, "tags": it.Tags}})
	})
	if err != nil {
		return Item{}, err
	}
	return s.Get(ctx, user, slug, id)
}

func errCannotEdit(it Item) error {
	if it.Status != Proposed {
		return errs.E(errs.Forbidden, "This item is %s: only the leader and the core group can change it now.", strings.ToLower(it.Status.Label()))
	}
	return errs.E(errs.Forbidden, "Only the member who proposed this item, the leader and the core group can change it.")
}

// Delete removes an item and its votes. The proposer may while it is
// still proposed; the leader and the core group always. The activity
// entry keeps the whole text.
func (s *Service) Delete(ctx context.Context, user account.User, slug string, id int64) error {
	sc, err := s.memberScope(ctx, user, slug, "delete backlog items")
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		it, err := s.load(ctx, sc, id)
		if err != nil {
			return err
		}
		if !sc.mayEdit(it) {
			return errCannotEdit(it)
		}
		if _, err := s.db.ExecContext(ctx, `DELETE FROM backlog_votes WHERE item_id = $1`, id); err != nil {
			return fmt.Errorf("backlog: delete votes: %w", err)
		}
		if _, err := s.db.ExecContext(ctx, `DELETE FROM backlog_items WHERE id = $1`, id); err != nil {
			return fmt.Errorf("backlog: delete: %w", err)
		}
		return s.record(ctx, sc, ActivityDeleted, id, map[string]any{"title": it.Title, "description": it.Description,
			"tags": it.Tags, "status": string(it.Status), "votes": it.Votes, "proposed_by": it.AuthorID})
	})
}
