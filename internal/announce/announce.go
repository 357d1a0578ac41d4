// Package announce holds a community's announcements: news from the
// leader and the core group that every member should see (seed 004:
// communication is key; be consistent and transparent). Posting one
// notifies every member; pinned ones stay at the top of the community's
// overview until unpinned.
//
// The author and the leader may edit or delete an announcement. An edit
// keeps the previous title and body in the detail of its
// "announcement.edited" activity entry, and a deletion keeps the whole
// text in "announcement.deleted": announcements were sent to every member
// already, so the log, which members read, reveals nothing new, and
// nothing anyone wrote is silently lost.
package announce

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// Kinds of activity entry this package writes. Subjects are
// ("announcement", id).
const (
	ActivityPosted  = "announcement.posted"
	ActivityEdited  = "announcement.edited"
	ActivityDeleted = "announcement.deleted"
)

// SubjectType names an announcement in activity entries.
const SubjectType = "announcement"

// Limits on what people write.
const (
	TitleMin = 3
	TitleMax = 150
	BodyMax  = 10000
)

// Service is the announcements' logic.
type Service struct {
	db          *store.DB
	clock       clock.Clock
	log         *activity.Log
	communities *community.Service
	inbox       *notify.Inbox
}

// New returns the announcements Service.
func New(db *store.DB, c clock.Clock, log *activity.Log, communities *community.Service, inbox *notify.Inbox) *Service {
	return &Service{db: db, clock: c, log: log, communities: communities, inbox: inbox}
}

// Draft is what the leader or a core member writes.
type Draft struct {
	Title  string
	Body   string // Markdown
	Pinned bool
}

// Permissions say what the viewer may do with an announcement.
type Permissions struct {
	Edit   bool `json:"edit"`
	Delete bool `json:"delete"`
}

// Announcement is one piece of news.
type Announcement struct {
	ID            int64       `json:"id"`
	CommunityID   int64       `json:"community_id"`
	CommunitySlug string      `json:"community_slug"`
	Title         string      `json:"title"`
	Body          string      `json:"body"`
	Pinned        bool        `json:"pinned"`
	AuthorID      int64       `json:"author_id,omitzero"`
	AuthorName    string      `json:"author_name,omitzero"`
	CreatedAt     time.Time   `json:"created_at"`
	UpdatedAt     time.Time   `json:"updated_at"`
	Can           Permissions `json:"can"`
}

// Path is the announcement's place on the announcements page.
func (a Announcement) Path() string {
	return Path(a.CommunitySlug) + "#announcement-" + strconv.FormatInt(a.ID, 10)
}

// Edited reports whether it changed after it was posted.
func (a Announcement) Edited() bool { return a.UpdatedAt.After(a.CreatedAt) }

// Path is the web address of a community's announcements page.
func Path(slug string) string { return "/c/" + slug + "/announcements" }

// scope is a viewer in a community they may see.
type scope struct {
	c      community.Community
	m      community.Membership
	viewer account.User
}

// mayEdit: the author while still in the leader's or the core group's
// seat, and the leader always.
func (sc scope) mayEdit(a Announcement) bool {
	return sc.m.CanManage() || (sc.m.CanModerate() && sc.viewer.ID != 0 && sc.viewer.ID == a.AuthorID)
}

func (s *Service) scope(ctx context.Context, viewer account.User, slug string) (scope, error) {
	c, m, err := s.communities.BySlug(ctx, slug, viewer)
	if err != nil {
		return scope{}, err
	}
	return scope{c: c, m: m, viewer: viewer}, nil
}

// coreScope is scope for the leader and the core group.
func (s *Service) coreScope(ctx context.Context, user account.User, slug, doing string) (scope, error) {
	if user.ID == 0 {
		return scope{}, errs.E(errs.Unauthorized, "Sign in to %s.", doing)
	}
	sc, err := s.scope(ctx, user, slug)
	if err != nil {
		return scope{}, err
	}
	if !sc.m.CanModerate() {
		return scope{}, errs.E(errs.Forbidden, "Only the leader and the core group can %s.", doing)
	}
	return sc, nil
}

func errNoAnnouncement() error {
	return errs.E(errs.NotFound, "There is no such announcement in this community; it may have been deleted.")
}

func check(in Draft) (Draft, error) {
	var f errs.Fields
	out := Draft{Pinned: in.Pinned,
		Title: validate.Text(&f, "title", "Title", in.Title, TitleMin, TitleMax, false),
		Body:  validate.Text(&f, "body", "Text", in.Body, 1, BodyMax, true)}
	return out, f.Err()
}

const columns = `SELECT a.id, a.community_id, c.slug, a.title, a.body, a.pinned, COALESCE(a.author_id, 0), COALESCE(u.name, ''),
		a.created_at, a.updated_at
	FROM announcements a JOIN communities c ON c.id = a.community_id LEFT JOIN users u ON u.id = a.author_id`

func scan(row interface{ Scan(...any) error }) (Announcement, error) {
	var a Announcement
	var created, updated int64
	err := row.Scan(&a.ID, &a.CommunityID, &a.CommunitySlug, &a.Title, &a.Body, &a.Pinned, &a.AuthorID, &a.AuthorName, &created, &updated)
	a.CreatedAt, a.UpdatedAt = store.Time(created), store.Time(updated)
	return a, err
}

func (s *Service) load(ctx context.Context, sc scope, id int64) (Announcement, error) {
	a, err := scan(s.db.QueryRowContext(ctx, columns+` WHERE a.id = $1 AND a.community_id = $2`, id, sc.c.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return Announcement{}, errNoAnnouncement()
	}
	if err != nil {
		return Announcement{}, fmt.Errorf("announce: load %d: %w", id, err)
	}
	a.Can = Permissions{Edit: sc.mayEdit(a), Delete: sc.mayEdit(a)}
	return a, nil
}

func (s *Service) record(ctx context.Context, sc scope, kind string, id int64, detail map[string]any) error {
	return s.log.Record(ctx, activity.Entry{At: s.clock.Now(), CommunityID: sc.c.ID, ActorID: sc.viewer.ID, Kind: kind,
		SubjectType: SubjectType, SubjectID: id, Detail: detail})
}

// Post publishes an announcement in the community at slug; the leader and
// the core group may. Every other member is notified.
func (s *Service) Post(ctx context.Context, user account.User, slug string, in Draft) (Announcement, error) {
	sc, err := s.coreScope(ctx, user, slug, "post announcements")
	if err != nil {
		return Announcement{}, err
	}
	d, err := check(in)
	if err != nil {
		return Announcement{}, err
	}
	var id int64
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		now := store.Millis(s.clock.Now())
		if err := s.db.QueryRowContext(ctx, `INSERT INTO announcements (community_id, author_id, title, body, pinned, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, sc.c.ID, user.ID, d.Title, d.Body, d.Pinned, now).Scan(&id); err != nil {
			return fmt.Errorf("announce: post: %w", err)
		}
		if err := s.record(ctx, sc, ActivityPosted, id, map[string]any{"title": d.Title, "pinned": d.Pinned}); err != nil {
			return err
		}
		members, err := s.members(ctx, sc.c.ID)
		if err != nil {
			return err
		}
		note := notify.Note{Kind: notify.Announcement, CommunityID: sc.c.ID, ActorID: user.ID,
			Title: sc.c.Name + ": " + d.Title, Link: Path(sc.c.Slug) + "#announcement-" + strconv.FormatInt(id, 10)}
		return s.inbox.Send(ctx, note, members...)
	})
	if err != nil {
		return Announcement{}, err
	}
	return s.Get(ctx, user, slug, id)
}

func (s *Service) members(ctx context.Context, communityID int64) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT user_id FROM memberships WHERE community_id = $1 ORDER BY user_id`, communityID)
	if err != nil {
		return nil, fmt.Errorf("announce: members: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("announce: members: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// Get returns one announcement of the community at slug.
func (s *Service) Get(ctx context.Context, viewer account.User, slug string, id int64) (Announcement, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return Announcement{}, err
	}
	return s.load(ctx, sc, id)
}

// Edit changes an announcement; its author (while still leader or core)
// and the leader may. Members are not notified again. The previous text
// is kept in the activity entry.
func (s *Service) Edit(ctx context.Context, user account.User, slug string, id int64, in Draft) (Announcement, error) {
	sc, err := s.coreScope(ctx, user, slug, "edit announcements")
	if err != nil {
		return Announcement{}, err
	}
	d, err := check(in)
	if err != nil {
		return Announcement{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		a, err := s.load(ctx, sc, id)
		if err != nil {
			return err
		}
		if !a.Can.Edit {
			return errs.E(errs.Forbidden, "Only the author of an announcement and the leader can change it.")
		}
		var changed []string
		if a.Title != d.Title {
			changed = append(changed, "title")
		}
		if a.Body != d.Body {
			changed = append(changed, "body")
		}
		if a.Pinned != d.Pinned {
			changed = append(changed, "pinned")
		}
		if len(changed) == 0 {
			return nil
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE announcements SET title = $1, body = $2, pinned = $3, updated_at = $4 WHERE id = $5`,
			d.Title, d.Body, d.Pinned, store.Millis(s.clock.Now()), id); err != nil {
			return fmt.Errorf("announce: edit: %w", err)
		}
		detail := map[string]any{"title": d.Title, "changed": changed, "pinned": d.Pinned}
		if a.Title != d.Title || a.Body != d.Body {
			detail["previous"] = map[string]any{"title": a.Title, "body": a.Body}
		}
		return s.record(ctx, sc, ActivityEdited, id, detail)
	})
	if err != nil {
		return Announcement{}, err
	}
	return s.Get(ctx, user, slug, id)
}

// Delete removes an announcement; its author (while still leader or
// core) and the leader may. The activity entry keeps its text.
func (s *Service) Delete(ctx context.Context, user account.User, slug string, id int64) error {
	sc, err := s.coreScope(ctx, user, slug, "delete announcements")
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		a, err := s.load(ctx, sc, id)
		if err != nil {
			return err
		}
		if !a.Can.Delete {
			return errs.E(errs.Forbidden, "Only the author of an announcement and the leader can delete it.")
		}
		if _, err := s.db.ExecContext(ctx, `DELETE FROM announcements WHERE id = $1`, id); err != nil {
			return fmt.Errorf("announce: delete: %w", err)
		}
		return s.record(ctx, sc, ActivityDeleted, id, map[string]any{"title": a.Title, "body": a.Body, "author_id": a.AuthorID})
	})
}

// Page is a page of announcements.
type Page struct {
	Items []Announcement `json:"items"`
	// NextCursor fetches the next page; "" on the last one.
	NextCursor string `json:"next_cursor"`
}

// List returns a page of the community's announcements: pinned ones
// first, then the newest. cursor is the NextCursor of the previous page
// ("" for the first); limit is 1 to 100 (0 means 20).
func (s *Service) List(ctx context.Context, viewer account.User, slug, cursor string, limit int) (Page, error) {
	var pinnedAfter, idAfter int64 = 2, 1<<62 - 1
	if cursor != "" {
		p, id, ok := strings.Cut(cursor, ".")
		var err1, err2 error
		pinnedAfter, err1 = strconv.ParseInt(p, 10, 64)
		idAfter, err2 = strconv.ParseInt(id, 10, 64)
		if !ok || err1 != nil || err2 != nil || (pinnedAfter != 0 && pinnedAfter != 1) || idAfter <= 0 {
			return Page{}, errs.Field("cursor", "This is not a cursor this list gave out. Leave it out to start from the newest.")
		}
	}
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, 100)
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return Page{}, err
	}
	// Pinned ones first: (pinned, id) descending, as integers so both
	// engines compare the same way.
	const pin = `(CASE WHEN a.pinned THEN 1 ELSE 0 END)`
	rows, err := s.db.QueryContext(ctx, columns+` WHERE a.community_id = $1 AND (`+pin+` < $2 OR (`+pin+` = $2 AND a.id < $3))
		ORDER BY `+pin+` DESC, a.id DESC LIMIT $4`, sc.c.ID, pinnedAfter, idAfter, limit+1)
	if err != nil {
		return Page{}, fmt.Errorf("announce: list: %w", err)
	}
	items, err := scanAll(rows)
	if err != nil {
		return Page{}, err
	}
	var p Page
	if len(items) > limit {
		items = items[:limit]
		last := items[limit-1]
		p.NextCursor = "0." + strconv.FormatInt(last.ID, 10)
		if last.Pinned {
			p.NextCursor = "1." + strconv.FormatInt(last.ID, 10)
		}
	}
	for i := range items {
		items[i].Can = Permissions{Edit: sc.mayEdit(items[i]), Delete: sc.mayEdit(items[i])}
	}
	p.Items = items
	return p, nil
}

func scanAll(rows *sql.Rows) ([]Announcement, error) {
	defer rows.Close()
	out := []Announcement{}
	for rows.Next() {
		a, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("announce: list: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("announce: list: %w", err)
	}
	return out, nil
}

// Latest returns the community's pinned announcements and then the newest
// ones, n in all, for its overview. It does no access check: the caller
// has loaded the community as the viewer may see it. Can is not filled in.
func (s *Service) Latest(ctx context.Context, communityID int64, n int) ([]Announcement, error) {
	if n <= 0 {
		n = 3
	}
	rows, err := s.db.QueryContext(ctx, columns+` WHERE a.community_id = $1
		ORDER BY (CASE WHEN a.pinned THEN 1 ELSE 0 END) DESC, a.id DESC LIMIT $2`, communityID, n)
	if err != nil {
		return nil, fmt.Errorf("announce: latest: %w", err)
	}
	return scanAll(rows)
}
