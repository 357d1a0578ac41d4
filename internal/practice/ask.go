package practice

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// Lengths of what people write, in characters.
const (
	MinTitle   = 8
	MaxTitle   = 160
	MinBody    = 20
	MaxBody    = 20000
	MaxTried   = 10000
	MaxTags    = 5
	MaxReply   = 20000
	MaxComment = 4000
	MaxReason  = 500
	MaxNote    = 4000
)

// NewRequest is what a member writes to ask for help. Tags are comma- or
// space-separated: the community's tags or new ones.
type NewRequest struct {
	Title string
	Body  string // Markdown
	Tried string // Markdown, optional: what the asker already tried
	Tags  string
}

// clean validates a request's fields, reporting each problem under its
// field name (title, body, tried, tags).
func (in NewRequest) clean() (NewRequest, []string, error) {
	var f errs.Fields
	in.Title = validate.Text(&f, "title", "Title", in.Title, MinTitle, MaxTitle, false)
	in.Body = validate.Text(&f, "body", "Description", in.Body, MinBody, MaxBody, true)
	in.Tried = validate.Text(&f, "tried", "What you tried", in.Tried, 0, MaxTried, true)
	tags := validate.Tags(&f, "tags", in.Tags, MaxTags)
	in.Tags = strings.Join(tags, " ")
	return in, tags, f.Err()
}

// Ask makes a help request in the community at slug; members only. Its
// first reply is due according to the community's commitment. Members
// @mentioned in the body or in what was tried are told.
func (s *Service) Ask(ctx context.Context, user account.User, slug string, in NewRequest) (Request, error) {
	c, _, err := s.member(ctx, user, slug, "ask for help")
	if err != nil {
		return Request{}, err
	}
	in, tags, err := in.clean()
	if err != nil {
		return Request{}, err
	}
	st, err := s.Settings(ctx, c.ID)
	if err != nil {
		return Request{}, err
	}
	now := s.clock.Now()
	due := DueAt(st, now)
	var id int64
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		err := s.db.QueryRowContext(ctx, `INSERT INTO requests (community_id, author_id, title, body, tried, status,
				created_at, updated_at, last_activity_at, due_at)
			VALUES ($1, $2, $3, $4, $5, 'open', $6, $6, $6, $7) RETURNING id`,
			c.ID, user.ID, in.Title, in.Body, in.Tried, store.Millis(now), store.Millis(due)).Scan(&id)
		if err != nil {
			return fmt.Errorf("practice: ask: %w", err)
		}
		if err := s.setTags(ctx, c.ID, id, store.Millis(now), nil, tags); err != nil {
			return err
		}
		if err := s.reindex(ctx, id); err != nil {
			return err
		}
		if err := s.record(ctx, now, c.ID, user.ID, ActivityAsked, SubjectRequest, id, map[string]any{"tags": tags}); err != nil {
			return err
		}
		return s.notifyMentions(ctx, c.ID, user.ID, "", in.Body+"\n\n"+in.Tried, notify.Note{
			Title: user.Name + " mentioned you in " + quote(in.Title), Link: RequestLink(c.Slug, id)})
	})
	if err != nil {
		return Request{}, err
	}
	return s.Get(ctx, user, slug, id)
}

// requestExtra is what a request's revision keeps besides title and body.
type requestExtra struct {
	Tried string   `json:"tried"`
	Tags  []string `json:"tags"`
}

// EditRequest changes a request's title, body, what was tried and tags.
// The asker may, while the request is not locked or closed; the leader and
// the core group may at any time, to moderate. The version replaced is kept
// (see Revisions). Saving without a change changes nothing.
func (s *Service) EditRequest(ctx context.Context, user account.User, slug string, id int64, title, body, tried, tags string) (Request, error) {
	c, m, err := s.member(ctx, user, slug, "edit help requests")
	if err != nil {
		return Request{}, err
	}
	in, tagList, err := NewRequest{Title: title, Body: body, Tried: tried, Tags: tags}.clean()
	if err != nil {
		return Request{}, err
	}
	now := s.clock.Now()
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.loadVisible(ctx, m, c.ID, id)
		if err != nil {
			return err
		}
		if r.authorID != user.ID && !m.CanModerate() {
			return errs.E(errs.Forbidden, "Only the person who asked, the leader or the core group can edit this request.")
		}
		if r.deleted() {
			return errs.E(errs.Conflict, "This request was deleted; it can no longer be edited.")
		}
		if !m.CanModerate() && (r.locked || r.status == Closed) {
			return errs.E(errs.Conflict, "This request is %s; it can no longer be edited.", lockedOrClosed(r))
		}
		oldTags, err := s.tagsOf(ctx, id)
		if err != nil {
			return err
		}
		if r.title == in.Title && r.body == in.Body && r.tried == in.Tried && slices.Equal(oldTags, sorted(tagList)) {
			return nil
		}
		extra, err := json.Marshal(requestExtra{Tried: r.tried, Tags: oldTags})
		if err != nil {
			return err
		}
		if _, err := s.db.ExecContext(ctx, `INSERT INTO revisions (subject_type, subject_id, revision, editor_id, title, body, extra, created_at)
			VALUES ('request', $1, $2, $3, $4, $5, $6, $7)`, id, r.revision, user.ID, r.title, r.body, string(extra), store.Millis(now)); err != nil {
			return fmt.Errorf("practice: keep revision of request %d: %w", id, err)
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE requests SET title = $1, body = $2, tried = $3, revision = revision + 1, updated_at = $4
			WHERE id = $5`, in.Title, in.Body, in.Tried, store.Millis(now), id); err != nil {
			return fmt.Errorf("practice: edit request %d: %w", id, err)
		}
		if err := s.setTags(ctx, c.ID, id, r.lastActivityAt, oldTags, tagList); err != nil {
			return err
		}
		if err := s.reindex(ctx, id); err != nil {
			return err
		}
		if err := s.record(ctx, now, c.ID, user.ID, ActivityEdited, SubjectRequest, id,
			map[string]any{"revision": r.revision + 1, "moderated": r.authorID != user.ID}); err != nil {
			return err
		}
		return s.notifyMentions(ctx, c.ID, user.ID, r.body+"\n\n"+r.tried, in.Body+"\n\n"+in.Tried, notify.Note{
			Title: user.Name + " mentioned you in " + quote(in.Title), Link: RequestLink(c.Slug, id)})
	})
	if err != nil {
		return Request{}, err
	}
	return s.Get(ctx, user, slug, id)
}

func lockedOrClosed(r row) string {
	if r.locked {
		return "locked"
	}
	return "closed"
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
