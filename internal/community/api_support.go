package community

import (
	"context"
	"fmt"
	"strings"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/store"
)

// The JSON API walks every list that can grow with a cursor, so it needs
// paged forms of the invitation and join-request lists, which the pages
// show whole (capped at 200). The rules are those of PendingInvitations,
// InvitationsFor and PendingRequests; only the paging is new.

// pageLimit bounds a page the way the other lists of this package do.
func pageLimit(limit int) int {
	if limit <= 0 || limit > 200 {
		return 50
	}
	return limit
}

// beforeID turns a "before this id" cursor of 0 (the first page) into a
// bound every id is below.
func beforeID(before int64) int64 {
	if before <= 0 {
		return 1<<62 - 1
	}
	return before
}

// PendingInvitationsPage lists a community's open invitations for its leader
// and core group, newest first, limit at a time. before is the cursor (0 for
// the first page); the returned cursor is 0 on the last page.
func (s *Service) PendingInvitationsPage(ctx context.Context, actor account.User, slug string, before int64, limit int) ([]Invitation, int64, error) {
	c, m, err := s.BySlug(ctx, slug, actor)
	if err != nil {
		return nil, 0, err
	}
	if !m.CanModerate() {
		return nil, 0, errs.E(errs.Forbidden, "Only the leader and the core group can see invitations.")
	}
	limit = pageLimit(limit)
	rows, err := s.db.QueryContext(ctx, invitationSelect+` WHERE i.community_id = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL
		AND i.expires_at > $2 AND i.id < $3 ORDER BY i.id DESC LIMIT $4`, c.ID, store.Millis(s.clock.Now()), beforeID(before), limit+1)
	if err != nil {
		return nil, 0, fmt.Errorf("community: invitations page: %w", err)
	}
	list, err := scanInvitations(rows)
	if err != nil {
		return nil, 0, err
	}
	return invitationPage(list, limit)
}

// InvitationsForPage lists the pending invitations addressed to user's
// email, newest first, a page at a time (cursors as PendingInvitationsPage).
func (s *Service) InvitationsForPage(ctx context.Context, user account.User, before int64, limit int) ([]Invitation, int64, error) {
	limit = pageLimit(limit)
	rows, err := s.db.QueryContext(ctx, invitationSelect+` WHERE i.email = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL
		AND i.expires_at > $2 AND c.archived_at IS NULL AND i.id < $3 ORDER BY i.id DESC LIMIT $4`,
		strings.ToLower(user.Email), store.Millis(s.clock.Now()), beforeID(before), limit+1)
	if err != nil {
		return nil, 0, fmt.Errorf("community: my invitations page: %w", err)
	}
	list, err := scanInvitations(rows)
	if err != nil {
		return nil, 0, err
	}
	return invitationPage(list, limit)
}

func invitationPage(list []Invitation, limit int) ([]Invitation, int64, error) {
	if len(list) > limit {
		list = list[:limit]
		return list, list[len(list)-1].ID, nil
	}
	return list, 0, nil
}

// PendingRequestsPage lists the join requests waiting for a decision,
// oldest first (the order they should be answered in), limit at a time.
// after is the cursor (0 for the first page); the returned cursor is 0 on
// the last page.
func (s *Service) PendingRequestsPage(ctx context.Context, actor account.User, slug string, after int64, limit int) ([]JoinRequest, int64, error) {
	c, m, err := s.BySlug(ctx, slug, actor)
	if err != nil {
		return nil, 0, err
	}
	if !m.CanModerate() {
		return nil, 0, errs.E(errs.Forbidden, "Only the leader and the core group can see join requests.")
	}
	limit = pageLimit(limit)
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.community_id, r.user_id, u.name, u.headline, r.message, r.status, r.created_at
		FROM join_requests r JOIN users u ON u.id = r.user_id
		WHERE r.community_id = $1 AND r.status = 'pending' AND r.id > $2 ORDER BY r.id LIMIT $3`, c.ID, after, limit+1)
	if err != nil {
		return nil, 0, fmt.Errorf("community: join requests page: %w", err)
	}
	defer rows.Close()
	var out []JoinRequest
	for rows.Next() {
		var r JoinRequest
		var created int64
		if err := rows.Scan(&r.ID, &r.CommunityID, &r.UserID, &r.Name, &r.Headline, &r.Message, &r.Status, &created); err != nil {
			return nil, 0, fmt.Errorf("community: join requests page: %w", err)
		}
		r.CreatedAt = store.Time(created)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("community: join requests page: %w", err)
	}
	if len(out) > limit {
		out = out[:limit]
		return out, out[len(out)-1].ID, nil
	}
	return out, 0, nil
}
