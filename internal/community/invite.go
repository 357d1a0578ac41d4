package community

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// InvitationTTL is how long an invitation link stays valid.
const InvitationTTL = 14 * 24 * time.Hour

// Invitation asks one person, by email, to join with a role.
type Invitation struct {
	ID            int64
	CommunityID   int64
	CommunitySlug string
	CommunityName string
	CodeOfConduct string
	Email         string
	Role          Role
	Token         string // only right after creation: the secret of the link
	InvitedBy     string
	CreatedAt     time.Time
	ExpiresAt     time.Time
}

func hashCode(code string) string {
	sum := sha256.Sum256([]byte(code))
	return hex.EncodeToString(sum[:])
}

// Invite asks the person with email to join slug with role (member, core or
// sponsor). The leader and the core group may invite; only the leader may
// invite someone straight into the core group or as a sponsor.
func (s *Service) Invite(ctx context.Context, actor account.User, slug, email string, role Role) (Invitation, error) {
	c, m, err := s.BySlug(ctx, slug, actor)
	if err != nil {
		return Invitation{}, err
	}
	if !m.CanModerate() {
		return Invitation{}, errs.E(errs.Forbidden, "Only the leader and the core group can invite people.")
	}
	var f errs.Fields
	email = validate.Email(&f, "email", email)
	switch role {
	case Member:
	case Core, Sponsor:
		if !m.CanManage() {
			f.Add("role", "Only the leader can invite someone into the core group or as a sponsor.")
		}
	default:
		f.Add("role", "Choose member, core or sponsor.")
	}
	if err := f.Err(); err != nil {
		return Invitation{}, err
	}
	var already int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.community_id = $1 AND u.email = $2`, c.ID, email).Scan(&already); err != nil {
		return Invitation{}, fmt.Errorf("community: invite: %w", err)
	}
	if already > 0 {
		return Invitation{}, errs.Field("email", "This person is already a member.")
	}
	token, err := newCode()
	if err != nil {
		return Invitation{}, err
	}
	now := s.clock.Now()
	inv := Invitation{CommunityID: c.ID, CommunitySlug: c.Slug, CommunityName: c.Name, Email: email, Role: role, Token: token,
		InvitedBy: actor.Name, CreatedAt: now, ExpiresAt: now.Add(InvitationTTL)}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		// A new invitation to the same address replaces the pending one.
		if _, err := s.db.ExecContext(ctx, `UPDATE invitations SET revoked_at = $1
			WHERE community_id = $2 AND email = $3 AND accepted_at IS NULL AND revoked_at IS NULL`, store.Millis(now), c.ID, email); err != nil {
			return err
		}
		if err := s.db.QueryRowContext(ctx, `INSERT INTO invitations (community_id, email, role, token_hash, invited_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, c.ID, email, string(role), hashCode(token), actor.ID,
			store.Millis(now), store.Millis(inv.ExpiresAt)).Scan(&inv.ID); err != nil {
			return fmt.Errorf("community: invite: %w", err)
		}
		return s.log.Record(ctx, activity.Entry{At: now, CommunityID: c.ID, ActorID: actor.ID, Kind: activity.MemberInvited,
			SubjectType: "invitation", SubjectID: inv.ID, Detail: map[string]any{"role": string(role)}})
	})
	if err != nil {
		return Invitation{}, err
	}
	return inv, nil
}

const invitationSelect = `SELECT i.id, i.community_id, c.slug, c.name, c.code_of_conduct, i.email, i.role, COALESCE(u.name, ''), i.created_at, i.expires_at
	FROM invitations i JOIN communities c ON c.id = i.community_id LEFT JOIN users u ON u.id = i.invited_by`

func scanInvitations(rows *sql.Rows) ([]Invitation, error) {
	defer rows.Close()
	var out []Invitation
	for rows.Next() {
		var inv Invitation
		var role string
		var created, expires int64
		if err := rows.Scan(&inv.ID, &inv.CommunityID, &inv.CommunitySlug, &inv.CommunityName, &inv.CodeOfConduct, &inv.Email, &role, &inv.InvitedBy, &created, &expires); err != nil {
			return nil, fmt.Errorf("community: invitations: %w", err)
		}
		inv.Role, inv.CreatedAt, inv.ExpiresAt = Role(role), store.Time(created), store.Time(expires)
		out = append(out, inv)
	}
	return out, rows.Err()
}

// InvitationsFor lists the pending invitations addressed to user's email.
func (s *Service) InvitationsFor(ctx context.Context, user account.User) ([]Invitation, error) {
	rows, err := s.db.QueryContext(ctx, invitationSelect+` WHERE i.email = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL
		AND i.expires_at > $2 AND c.archived_at IS NULL ORDER BY i.id DESC`, strings.ToLower(user.Email), store.Millis(s.clock.Now()))
	if err != nil {
		return nil, fmt.Errorf("community: invitations: %w", err)
	}
	return scanInvitations(rows)
}

// PendingInvitations lists a community's open invitations, for its leader and core group.
func (s *Service) PendingInvitations(ctx context.Context, actor account.User, slug string) ([]Invitation, error) {
	c, m, err := s.BySlug(ctx, slug, actor)
	if err != nil {
		return nil, err
	}
	if !m.CanModerate() {
		return nil, errs.E(errs.Forbidden, "Only the leader and the core group can see invitations.")
	}
	rows, err := s.db.QueryContext(ctx, invitationSelect+` WHERE i.community_id = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL
		AND i.expires_at > $2 ORDER BY i.id DESC LIMIT 200`, c.ID, store.Millis(s.clock.Now()))
	if err != nil {
		return nil, fmt.Errorf("community: invitations: %w", err)
	}
	return scanInvitations(rows)
}

// InvitationByToken finds the pending invitation a link carries.
func (s *Service) InvitationByToken(ctx context.Context, token string) (Invitation, error) {
	if !validate.Clean(token) || len(token) > 64 {
		return Invitation{}, errs.E(errs.NotFound, "This invitation is not valid any more: it was used, withdrawn or has expired. Ask for a new one.")
	}
	rows, err := s.db.QueryContext(ctx, invitationSelect+` WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL
		AND i.expires_at > $2`, hashCode(token), store.Millis(s.clock.Now()))
	if err != nil {
		return Invitation{}, fmt.Errorf("community: invitation: %w", err)
	}
	list, err := scanInvitations(rows)
	if err != nil {
		return Invitation{}, err
	}
	if len(list) == 0 {
		return Invitation{}, errs.E(errs.NotFound, "This invitation is not valid any more: it was used, withdrawn or has expired. Ask for a new one.")
	}
	return list[0], nil
}

// AcceptInvitation makes user a member with the invited role. The
// invitation is found by id (from the user's own list) or by token (from a
// link); it must be addressed to user's email.
func (s *Service) AcceptInvitation(ctx context.Context, user account.User, id int64, token string, acceptCoC bool) (Community, error) {
	var inv Invitation
	if token != "" {
		var err error
		if inv, err = s.InvitationByToken(ctx, token); err != nil {
			return Community{}, err
		}
	} else {
		list, err := s.InvitationsFor(ctx, user)
		if err != nil {
			return Community{}, err
		}
		for _, i := range list {
			if i.ID == id {
				inv = i
			}
		}
		if inv.ID == 0 {
			return Community{}, errs.E(errs.NotFound, "No such invitation for you. It may have expired or been withdrawn.")
		}
	}
	if !strings.EqualFold(inv.Email, user.Email) {
		return Community{}, errs.E(errs.Forbidden, "This invitation was sent to another email address. Log in with that account to accept it.")
	}
	if !acceptCoC {
		return Community{}, errs.Field("accept_coc", "To join, read and accept the code of conduct.")
	}
	c, err := s.ByID(ctx, inv.CommunityID)
	if err != nil {
		return Community{}, err
	}
	if inv.Role != Core {
		c.RequestCode = "" // the join link is for the leader and core group only
	}
	_, err = s.addMember(ctx, c, user.ID, inv.Role, "", user.ID, activity.MemberJoined, func(ctx context.Context) error {
		res, err := s.db.ExecContext(ctx, `UPDATE invitations SET accepted_at = $1 WHERE id = $2 AND accepted_at IS NULL`, store.Millis(s.clock.Now()), inv.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.Conflict, "This invitation was already used.")
		}
		return nil
	})
	return c, err
}

// RevokeInvitation withdraws a pending invitation.
func (s *Service) RevokeInvitation(ctx context.Context, actor account.User, slug string, id int64) error {
	c, m, err := s.BySlug(ctx, slug, actor)
	if err != nil {
		return err
	}
	if !m.CanModerate() {
		return errs.E(errs.Forbidden, "Only the leader and the core group can withdraw invitations.")
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		res, err := s.db.ExecContext(ctx, `UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND community_id = $3 AND accepted_at IS NULL AND revoked_at IS NULL`,
			store.Millis(s.clock.Now()), id, c.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.NotFound, "No such pending invitation.")
		}
		return nil
	})
}

// JoinRequest is someone asking to join a private community.
type JoinRequest struct {
	ID          int64
	CommunityID int64
	UserID      int64
	Name        string
	Headline    string
	Message     string
	Status      string
	CreatedAt   time.Time
}

// ByRequestCode returns the private community a join link points at. It
// reveals only what the link's holder needs: name, domain and purpose.
func (s *Service) ByRequestCode(ctx context.Context, code string) (Community, error) {
	if code == "" || len(code) > 64 || !validate.Clean(code) {
		return Community{}, errHidden()
	}
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM communities WHERE request_code = $1 AND archived_at IS NULL`, code).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Community{}, errs.E(errs.NotFound, "This join link is not valid any more. Ask the community's leader for a new one.")
	}
	if err != nil {
		return Community{}, fmt.Errorf("community: by code: %w", err)
	}
	c, err := s.ByID(ctx, id)
	c.RequestCode = ""
	return c, err
}

// RequestToJoin records user's request to join the community a join link
// points at. They accept the code of conduct now; the leader or core group
// decides.
func (s *Service) RequestToJoin(ctx context.Context, user account.User, code, message string, acceptCoC bool) (JoinRequest, error) {
	c, err := s.ByRequestCode(ctx, code)
	if err != nil {
		return JoinRequest{}, err
	}
	m, err := s.membership(ctx, c.ID, user.ID)
	if err != nil {
		return JoinRequest{}, err
	}
	if m.IsMember() {
		return JoinRequest{}, errs.E(errs.Conflict, "You are already a member of %s.", c.Name)
	}
	var f errs.Fields
	message = validate.Text(&f, "message", "Message", message, 0, 1000, true)
	if !acceptCoC {
		f.Add("accept_coc", "To ask to join, read and accept the code of conduct.")
	}
	if err := f.Err(); err != nil {
		return JoinRequest{}, err
	}
	now := s.clock.Now()
	r := JoinRequest{CommunityID: c.ID, UserID: user.ID, Name: user.Name, Message: message, Status: "pending", CreatedAt: now}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		err := s.db.QueryRowContext(ctx, `INSERT INTO join_requests (community_id, user_id, message, status, created_at)
			VALUES ($1, $2, $3, 'pending', $4) RETURNING id`, c.ID, user.ID, message, store.Millis(now)).Scan(&r.ID)
		if store.IsUniqueViolation(err) {
			return errs.E(errs.Conflict, "You already asked to join %s; the leader or core group will answer.", c.Name)
		}
		if err != nil {
			return fmt.Errorf("community: request to join: %w", err)
		}
		return s.log.Record(ctx, activity.Entry{At: now, CommunityID: c.ID, ActorID: user.ID, Kind: activity.JoinRequested,
			SubjectType: "join_request", SubjectID: r.ID})
	})
	return r, err
}

// PendingRequests lists the join requests waiting for a decision.
func (s *Service) PendingRequests(ctx context.Context, actor account.User, slug string) ([]JoinRequest, error) {
	c, m, err := s.BySlug(ctx, slug, actor)
	if err != nil {
		return nil, err
	}
	if !m.CanModerate() {
		return nil, errs.E(errs.Forbidden, "Only the leader and the core group can see join requests.")
	}
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.community_id, r.user_id, u.name, u.headline, r.message, r.status, r.created_at
		FROM join_requests r JOIN users u ON u.id = r.user_id
		WHERE r.community_id = $1 AND r.status = 'pending' ORDER BY r.id LIMIT 200`, c.ID)
	if err != nil {
		return nil, fmt.Errorf("community: join requests: %w", err)
	}
	defer rows.Close()
	var out []JoinRequest
	for rows.Next() {
		var r JoinRequest
		var created int64
		if err := rows.Scan(&r.ID, &r.CommunityID, &r.UserID, &r.Name, &r.Headline, &r.Message, &r.Status, &created); err != nil {
			return nil, err
		}
		r.CreatedAt = store.Time(created)
		out = append(out, r)
	}
	return out, rows.Err()
}

// DecideRequest approves or declines a pending join request.
func (s *Service) DecideRequest(ctx context.Context, actor account.User, slug string, requestID int64, approve bool) error {
	c, m, err := s.BySlug(ctx, slug, actor)
	if err != nil {
		return err
	}
	if !m.CanModerate() {
		return errs.E(errs.Forbidden, "Only the leader and the core group can decide on join requests.")
	}
	var userID int64
	err = s.db.QueryRowContext(ctx, `SELECT user_id FROM join_requests WHERE id = $1 AND community_id = $2 AND status = 'pending'`,
		requestID, c.ID).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.NotFound, "No such pending request; someone may have decided it already.")
	}
	if err != nil {
		return fmt.Errorf("community: decide request: %w", err)
	}
	now := s.clock.Now()
	mark := func(status string) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			res, err := s.db.ExecContext(ctx, `UPDATE join_requests SET status = $1, decided_by = $2, decided_at = $3
				WHERE id = $4 AND status = 'pending'`, status, actor.ID, store.Millis(now), requestID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errs.E(errs.Conflict, "Someone decided this request already.")
			}
			return nil
		}
	}
	if !approve {
		return s.db.WithTx(ctx, func(ctx context.Context) error {
			if err := mark("declined")(ctx); err != nil {
				return err
			}
			return s.log.Record(ctx, activity.Entry{At: now, CommunityID: c.ID, ActorID: actor.ID, Kind: activity.JoinDeclined,
				SubjectType: "user", SubjectID: userID})
		})
	}
	_, err = s.addMember(ctx, c, userID, Member, "", actor.ID, activity.JoinApproved, mark("approved"))
	return err
}
