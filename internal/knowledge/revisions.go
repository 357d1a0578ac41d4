package knowledge

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/diff"
	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// Edit changes an artefact's title, body and tags (tags comma- or
// space-separated). The author (while a member) and the leader and core
// group may. The version it replaces is kept in the history, so nothing
// written is ever lost. Saving without a change adds no revision.
func (s *Service) Edit(ctx context.Context, user account.User, slug string, id int64, title, body, tags string) (Artefact, error) {
	return s.EditFrom(ctx, user, slug, id, 0, title, body, tags)
}

// EditFrom is Edit for a form that was filled in from revision base (the
// Revision the editor saw): if someone saved a newer version since, it is
// refused with a Conflict and nothing changes, so the editor can look at
// the other change before saving theirs. base 0 skips the check.
func (s *Service) EditFrom(ctx context.Context, user account.User, slug string, id int64, base int, title, body, tags string) (Artefact, error) {
	sc, err := s.memberScope(ctx, user, slug, "edit the community's knowledge")
	if err != nil {
		return Artefact{}, err
	}
	var f errs.Fields
	title = validate.Text(&f, "title", "Title", title, TitleMin, TitleMax, false)
	body = validate.Text(&f, "body", "Text", body, BodyMin, BodyMax, true)
	tagList := validate.Tags(&f, "tags", tags, MaxTags)
	if err := f.Err(); err != nil {
		return Artefact{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.live(ctx, sc, id)
		if err != nil {
			return err
		}
		if !sc.mayEdit(r) {
			return errs.E(errs.Forbidden, "Only the author, the leader and the core group can edit this.")
		}
		if base != 0 && base != r.revision {
			return errConcurrentEdit()
		}
		oldTags, err := s.tags(ctx, id)
		if err != nil {
			return err
		}
		sortedNew := slices.Sorted(slices.Values(tagList))
		if r.title == title && r.body == body && slices.Equal(oldTags, sortedNew) {
			return nil // nothing changed: no revision
		}
		now := s.clock.Now()
		res, err := s.db.ExecContext(ctx, `UPDATE artefacts SET title = $1, body = $2, revision = revision + 1, updated_at = $3
			WHERE id = $4 AND revision = $5`, title, body, store.Millis(now), id, r.revision)
		if err != nil {
			return fmt.Errorf("knowledge: edit: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errConcurrentEdit()
		}
		extra, err := json.Marshal(revisionExtra{Tags: oldTags})
		if err != nil {
			return err
		}
		_, err = s.db.ExecContext(ctx, `INSERT INTO revisions (subject_type, subject_id, revision, editor_id, title, body, extra, created_at)
			VALUES ('artefact', $1, $2, $3, $4, $5, $6, $7)`, id, r.revision, user.ID, r.title, r.body, string(extra), store.Millis(now))
		if store.IsUniqueViolation(err) {
			return errConcurrentEdit()
		}
		if err != nil {
			return fmt.Errorf("knowledge: keep revision: %w", err)
		}
		if err := s.setTags(ctx, sc.c.ID, id, tagList); err != nil {
			return err
		}
		changed := []string{}
		if r.title != title {
			changed = append(changed, "title")
		}
		if r.body != body {
			changed = append(changed, "body")
		}
		if !slices.Equal(oldTags, sortedNew) {
			changed = append(changed, "tags")
		}
		if err := s.record(ctx, sc, actorFor(user.ID, r), ActivityEdited, id,
			map[string]any{"title": title, "revision": r.revision + 1, "changed": changed}); err != nil {
			return err
		}
		return s.index.Put(ctx, searchDoc(sc.c.ID, id, r.kind, title, body, tagList, store.Time(r.created)))
	})
	if err != nil {
		return Artefact{}, err
	}
	return s.Get(ctx, user, slug, id)
}

func errConcurrentEdit() error {
	return errs.E(errs.Conflict, "Someone saved a newer version while you were editing. Compare it with yours before saving again; your text has not been saved.")
}

// revisionExtra is what a revision keeps besides title and body.
type revisionExtra struct {
	Tags []string `json:"tags"`
}

// Version is one version of an artefact in its history.
type Version struct {
	Revision int      `json:"revision"`
	Title    string   `json:"title"`
	Body     string   `json:"body"`
	Tags     []string `json:"tags"`
	// EditorID and EditorName say who wrote this version: the author for
	// the first, the person who saved it for the others. They are left out
	// when that person is the anonymous author of a failure reflection and
	// the viewer may not know them.
	EditorID   int64  `json:"editor_id,omitzero"`
	EditorName string `json:"editor_name,omitzero"`
	// WrittenAt is when this version was saved.
	WrittenAt time.Time `json:"written_at"`
	// Current is true for the version shown today (the last one).
	Current bool `json:"current"`
}

// Revisions returns every version of an artefact, oldest first, the
// current one last.
func (s *Service) Revisions(ctx context.Context, viewer account.User, slug string, id int64) ([]Version, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return nil, err
	}
	r, err := s.visible(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	return s.versions(ctx, sc, r)
}

func (s *Service) versions(ctx context.Context, sc scope, r artefactRow) ([]Version, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT rv.revision, COALESCE(rv.editor_id, 0), COALESCE(u.name, ''), rv.title, rv.body, rv.extra, rv.created_at
		FROM revisions rv LEFT JOIN users u ON u.id = rv.editor_id
		WHERE rv.subject_type = 'artefact' AND rv.subject_id = $1 ORDER BY rv.revision`, r.id)
	if err != nil {
		return nil, fmt.Errorf("knowledge: revisions: %w", err)
	}
	defer rows.Close()
	// A revision row holds the version an edit replaced, with who made that
	// edit and when: so version n was written by the editor of row n-1, at
	// its time, and the first by the author when the artefact was created.
	type replaced struct {
		version  Version
		editorID int64
		editor   string
		at       int64
	}
	var kept []replaced
	for rows.Next() {
		var rp replaced
		var extra string
		if err := rows.Scan(&rp.version.Revision, &rp.editorID, &rp.editor, &rp.version.Title, &rp.version.Body, &extra, &rp.at); err != nil {
			return nil, fmt.Errorf("knowledge: revisions: %w", err)
		}
		var x revisionExtra
		if extra != "" {
			if err := json.Unmarshal([]byte(extra), &x); err != nil {
				return nil, fmt.Errorf("knowledge: revision %d of artefact %d: %w", rp.version.Revision, r.id, err)
			}
		}
		rp.version.Tags = x.Tags
		if rp.version.Tags == nil {
			rp.version.Tags = []string{}
		}
		kept = append(kept, rp)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("knowledge: revisions: %w", err)
	}
	tags, err := s.tags(ctx, r.id)
	if err != nil {
		return nil, err
	}
	out := make([]Version, 0, len(kept)+1)
	writerID, writer, at := r.authorID, r.authorName, r.created
	for _, rp := range kept {
		v := rp.version
		v.EditorID, v.EditorName, v.WrittenAt = writerID, writer, store.Time(at)
		out = append(out, v)
		writerID, writer, at = rp.editorID, rp.editor, rp.at
	}
	out = append(out, Version{Revision: r.revision, Title: r.title, Body: r.body, Tags: tags,
		EditorID: writerID, EditorName: writer, WrittenAt: store.Time(at), Current: true})
	for i := range out {
		if out[i].EditorID == r.authorID && !sc.seesAuthor(r.anonymous, r.authorID) {
			out[i].EditorID, out[i].EditorName = 0, ""
		}
	}
	return out, nil
}

// Comparison is what changed between two versions of an artefact.
type Comparison struct {
	From, To     Version
	TitleChanged bool
	TagsAdded    []string
	TagsRemoved  []string
	// Hunks are the changes to the body with three lines of context.
	Hunks []diff.Hunk
	// Inserted and Deleted count the body's changed lines.
	Inserted, Deleted int
}

// Compare returns the changes from revision from to revision to of an
// artefact (either order; usually from < to). Revision numbers are those
// Revisions returns.
func (s *Service) Compare(ctx context.Context, viewer account.User, slug string, id int64, from, to int) (Comparison, error) {
	versions, err := s.Revisions(ctx, viewer, slug, id)
	if err != nil {
		return Comparison{}, err
	}
	find := func(field string, n int) (Version, error) {
		for _, v := range versions {
			if v.Revision == n {
				return v, nil
			}
		}
		return Version{}, errs.Field(field, fmt.Sprintf("This artefact has no revision %d; it has revisions 1 to %d.", n, versions[len(versions)-1].Revision))
	}
	var c Comparison
	if c.From, err = find("from", from); err != nil {
		return Comparison{}, err
	}
	if c.To, err = find("to", to); err != nil {
		return Comparison{}, err
	}
	c.TitleChanged = c.From.Title != c.To.Title
	for _, t := range c.To.Tags {
		if !slices.Contains(c.From.Tags, t) {
			c.TagsAdded = append(c.TagsAdded, t)
		}
	}
	for _, t := range c.From.Tags {
		if !slices.Contains(c.To.Tags, t) {
			c.TagsRemoved = append(c.TagsRemoved, t)
		}
	}
	c.Hunks = diff.Unified(c.From.Body, c.To.Body, 3)
	for _, h := range c.Hunks {
		ins, del := diff.Count(h.Ops)
		c.Inserted += ins
		c.Deleted += del
	}
	return c, nil
}
