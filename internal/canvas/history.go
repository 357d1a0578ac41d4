package canvas

import (
	"context"
	"fmt"

	"cultivate/internal/account"
	"cultivate/internal/diff"
	"cultivate/internal/errs"
	"cultivate/internal/store"
)

// Revisions returns every version of section key, oldest first; the last
// is the current one. A section never written has none.
func (s *Service) Revisions(ctx context.Context, viewer account.User, slug, key string) ([]Value, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return nil, err
	}
	sec, ok := SectionByKey(key)
	if !ok {
		return nil, errNoSection(key)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT r.revision, r.body, COALESCE(r.editor_id, 0), COALESCE(u.name, ''),
			COALESCE(r.workshop_id, 0), COALESCE(w.title, ''), r.created_at
		FROM canvas_revisions r
		LEFT JOIN users u ON u.id = r.editor_id
		LEFT JOIN workshops w ON w.id = r.workshop_id
		WHERE r.community_id = $1 AND r.section = $2 ORDER BY r.revision`, sc.c.ID, key)
	if err != nil {
		return nil, fmt.Errorf("canvas: revisions: %w", err)
	}
	defer rows.Close()
	out := []Value{}
	for rows.Next() {
		v := Value{Section: sec}
		var body string
		var at int64
		if err := rows.Scan(&v.Revision, &body, &v.EditorID, &v.EditorName, &v.WorkshopID, &v.WorkshopTitle, &at); err != nil {
			return nil, fmt.Errorf("canvas: revisions: %w", err)
		}
		v.WrittenAt = store.Time(at)
		if err := v.setBody(body); err != nil {
			return nil, err
		}
		if v.Forces == nil {
			v.Forces = []Force{}
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Comparison is what changed in a section between two revisions.
type Comparison struct {
	From, To Value
	// Hunks are the changed lines with three lines of context; for the
	// force field, one line per force.
	Hunks             []diff.Hunk
	Inserted, Deleted int
}

// Compare returns the changes of section key from revision from to
// revision to.
func (s *Service) Compare(ctx context.Context, viewer account.User, slug, key string, from, to int) (Comparison, error) {
	versions, err := s.Revisions(ctx, viewer, slug, key)
	if err != nil {
		return Comparison{}, err
	}
	find := func(field string, n int) (Value, error) {
		for _, v := range versions {
			if v.Revision == n {
				return v, nil
			}
		}
		if len(versions) == 0 {
			return Value{}, errs.Field(field, "This section has not been written yet, so it has no revisions to compare.")
		}
		return Value{}, errs.Field(field, fmt.Sprintf("This section has no revision %d; it has revisions 1 to %d.", n, versions[len(versions)-1].Revision))
	}
	var c Comparison
	if c.From, err = find("from", from); err != nil {
		return Comparison{}, err
	}
	if c.To, err = find("to", to); err != nil {
		return Comparison{}, err
	}
	c.Hunks = diff.Unified(c.From.Plain(), c.To.Plain(), 3)
	for _, h := range c.Hunks {
		ins, del := diff.Count(h.Ops)
		c.Inserted += ins
		c.Deleted += del
	}
	return c, nil
}
