package practice

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"cultivate/internal/search"
	"cultivate/internal/store"
)

// reindex writes the search document of request id: its title, tags, body,
// what was tried and the text of every reply and comment still there. It
// runs in the transaction of the change, after the change. A deleted
// request leaves the index.
func (s *Service) reindex(ctx context.Context, id int64) error {
	var communityID, created int64
	var title, body, tried string
	var status Status
	var deleted bool
	err := s.db.QueryRowContext(ctx, `SELECT community_id, title, body, tried, status, deleted_at IS NOT NULL, created_at
		FROM requests WHERE id = $1`, id).Scan(&communityID, &title, &body, &tried, &status, &deleted, &created)
	if err != nil {
		return fmt.Errorf("practice: index request %d: %w", id, err)
	}
	if deleted {
		return s.index.Delete(ctx, search.KindRequest, id)
	}
	tags, err := s.tagsOf(ctx, id)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(body)
	if tried != "" {
		b.WriteString("\n\n")
		b.WriteString(tried)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT body FROM replies WHERE request_id = $1 AND deleted_at IS NULL ORDER BY id`, id)
	if err != nil {
		return fmt.Errorf("practice: index replies of %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return err
		}
		b.WriteString("\n\n")
		b.WriteString(t)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return s.index.Put(ctx, search.Doc{Kind: search.KindRequest, RefID: id, CommunityID: communityID, Solved: status == Solved,
		Tags: tags, CreatedAt: store.Time(created), Title: title, Body: b.String()})
}

// tagsOf returns a request's tags in alphabetical order.
func (s *Service) tagsOf(ctx context.Context, id int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT tag FROM request_tags WHERE request_id = $1 ORDER BY tag`, id)
	if err != nil {
		return nil, fmt.Errorf("practice: tags of %d: %w", id, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// setTags changes a request's tags from old to tags, keeping the
// community's tag counts in step; lastActivity is the request's.
func (s *Service) setTags(ctx context.Context, communityID, id, lastActivity int64, old, tags []string) error {
	for _, t := range old {
		if slices.Contains(tags, t) {
			continue
		}
		if _, err := s.db.ExecContext(ctx, `DELETE FROM request_tags WHERE request_id = $1 AND tag = $2`, id, t); err != nil {
			return fmt.Errorf("practice: untag %d: %w", id, err)
		}
		if err := s.countTag(ctx, communityID, t, -1); err != nil {
			return err
		}
	}
	for _, t := range tags {
		if slices.Contains(old, t) {
			continue
		}
		if _, err := s.db.ExecContext(ctx, `INSERT INTO request_tags (request_id, community_id, tag, last_activity_at) VALUES ($1, $2, $3, $4)`,
			id, communityID, t, lastActivity); err != nil {
			return fmt.Errorf("practice: tag %d: %w", id, err)
		}
		if err := s.countTag(ctx, communityID, t, 1); err != nil {
			return err
		}
	}
	return nil
}

// countTag adds by to the number of requests carrying tag in a community.
func (s *Service) countTag(ctx context.Context, communityID int64, tag string, by int) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO request_tag_counts (community_id, tag, requests) VALUES ($1, $2, $3)
		ON CONFLICT (community_id, tag) DO UPDATE SET requests = request_tag_counts.requests + excluded.requests`, communityID, tag, by)
	if err != nil {
		return fmt.Errorf("practice: count tag %s: %w", tag, err)
	}
	return nil
}

// touch moves a request's last activity to at, in the request and in the
// copy its tags keep for tag pages.
func (s *Service) touch(ctx context.Context, id, at int64) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE requests SET last_activity_at = $1 WHERE id = $2`, at, id); err != nil {
		return fmt.Errorf("practice: touch %d: %w", id, err)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE request_tags SET last_activity_at = $1 WHERE request_id = $2`, at, id); err != nil {
		return fmt.Errorf("practice: touch tags of %d: %w", id, err)
	}
	return nil
}

// RebuildTagIndex brings what the service keeps about tags in step with
// requests and request_tags: each tag's copy of its request's last activity
// (for tag pages) and each community's tag counts. The service keeps both
// current by itself; call this after loading requests with plain SQL (an
// import, a benchmark's generator).
func (s *Service) RebuildTagIndex(ctx context.Context) error {
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.ExecContext(ctx, `UPDATE request_tags SET last_activity_at =
			(SELECT r.last_activity_at FROM requests r WHERE r.id = request_tags.request_id)`); err != nil {
			return fmt.Errorf("practice: rebuild tag index: %w", err)
		}
		if _, err := s.db.ExecContext(ctx, `DELETE FROM request_tag_counts`); err != nil {
			return fmt.Errorf("practice: rebuild tag counts: %w", err)
		}
		_, err := s.db.ExecContext(ctx, `INSERT INTO request_tag_counts (community_id, tag, requests)
			SELECT t.community_id, t.tag, COUNT(*) FROM request_tags t JOIN requests r ON r.id = t.request_id
			WHERE r.deleted_at IS NULL GROUP BY t.community_id, t.tag`)
		if err != nil {
			return fmt.Errorf("practice: rebuild tag counts: %w", err)
		}
		return nil
	})
}
