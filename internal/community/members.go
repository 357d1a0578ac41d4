package community

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// Join makes user a member of an open community. They must accept the code
// of conduct; intro is an optional hello shown in the directory.
func (s *Service) Join(ctx context.Context, user account.User, slug string, acceptCoC bool, intro string) (Membership, error) {
	c, m, err := s.BySlug(ctx, slug, user)
	if err != nil {
		return Membership{}, err
	}
	if m.IsMember() {
		return Membership{}, errs.E(errs.Conflict, "You are already a member of %s.", c.Name)
	}
	if c.Visibility != Open {
		return Membership{}, errHidden()
	}
	var f errs.Fields
	if !acceptCoC {
		f.Add("accept_coc", "To join, read and accept the code of conduct.")
	}
	intro = validate.Text(&f, "intro", "Introduction", intro, 0, 1000, true)
	if err := f.Err(); err != nil {
		return Membership{}, err
	}
	return s.addMember(ctx, c, user.ID, Member, intro, user.ID, activity.MemberJoined, nil)
}

func (s *Service) addMember(ctx context.Context, c Community, userID int64, role Role, intro string, actorID int64, kind string, extra func(ctx context.Context) error) (Membership, error) {
	now := s.clock.Now()
	m := Membership{CommunityID: c.ID, UserID: userID, Role: role, Intro: intro, JoinedAt: now, CoCAcceptedAt: now, CoCVersion: c.CoCVersion}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		_, err := s.db.ExecContext(ctx, `INSERT INTO memberships (community_id, user_id, role, intro, joined_at, coc_accepted_at, coc_version)
			VALUES ($1, $2, $3, $4, $5, $5, $6)`, c.ID, userID, string(role), intro, store.Millis(now), c.CoCVersion)
		if store.IsUniqueViolation(err) {
			return errs.E(errs.Conflict, "Already a member of %s.", c.Name)
		}
		if err != nil {
			return fmt.Errorf("community: add member: %w", err)
		}
		if extra != nil {
			if err := extra(ctx); err != nil {
				return err
			}
		}
		// Joined another way (an invitation): a request still waiting is moot.
		if _, err := s.db.ExecContext(ctx, `UPDATE join_requests SET status = 'withdrawn', decided_at = $1
			WHERE community_id = $2 AND user_id = $3 AND status = 'pending'`, store.Millis(now), c.ID, userID); err != nil {
			return fmt.Errorf("community: withdraw join request: %w", err)
		}
		return s.log.Record(ctx, activity.Entry{At: now, CommunityID: c.ID, ActorID: actorID, Kind: kind,
			SubjectType: "user", SubjectID: userID, Detail: map[string]any{"role": string(role)}})
	})
	if err != nil {
		return Membership{}, err
	}
	return m, nil
}

// Leave ends user's membership. The leader must hand over first, so a
// community always has exactly one leader.
func (s *Service) Leave(ctx context.Context, user account.User, slug string) error {
	c, m, err := s.BySlug(ctx, slug, user)
	if err != nil {
		return err
	}
	if !m.IsMember() {
		return errs.E(errs.Conflict, "You are not a member of %s.", c.Name)
	}
	if m.Role == Leader {
		return errs.E(errs.Conflict, "You lead %s. Hand the leadership to another member before you leave.", c.Name)
	}
	now := s.clock.Now()
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.ExecContext(ctx, `DELETE FROM memberships WHERE community_id = $1 AND user_id = $2`, c.ID, user.ID); err != nil {
			return fmt.Errorf("community: leave: %w", err)
		}
		return s.log.Record(ctx, activity.Entry{At: now, CommunityID: c.ID, ActorID: user.ID, Kind: activity.MemberLeft,
			SubjectType: "user", SubjectID: user.ID})
	})
}

// SetRole changes target's role. Only the leader (or an admin) may. Making
// someone leader hands the leadership over: the old leader joins the core
// group. The leader's own role changes only by handing over.
func (s *Service) SetRole(ctx context.Context, actor account.User, slug string, targetID int64, role Role) error {
	c, m, err := s.BySlug(ctx, slug, actor)
	if err != nil {
		return err
	}
	if !m.CanManage() && !actor.IsAdmin {
		return errs.E(errs.Forbidden, "Only the community's leader can change roles.")
	}
	if !role.Valid() {
		return errs.Field("role", "Choose leader, core, member or sponsor.")
	}
	target, err := s.membership(ctx, c.ID, targetID)
	if err != nil {
		return err
	}
	if !target.IsMember() {
		return errs.E(errs.NotFound, "That person is not a member of %s.", c.Name)
	}
	if target.Role == role {
		return nil
	}
	if target.Role == Leader {
		return errs.Field("role", "The leader's role changes only when they hand leadership to someone else.")
	}
	now := s.clock.Now()
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if role == Leader {
			// Demote first: the unique index allows one leader at a time.
			if _, err := s.db.ExecContext(ctx, `UPDATE memberships SET role = 'core' WHERE community_id = $1 AND role = 'leader'`, c.ID); err != nil {
				return fmt.Errorf("community: hand over: %w", err)
			}
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE memberships SET role = $1 WHERE community_id = $2 AND user_id = $3`, string(role), c.ID, targetID); err != nil {
			return fmt.Errorf("community: set role: %w", err)
		}
		kind := activity.MemberRoleChanged
		if role == Leader {
			kind = activity.LeadershipHandedOver
		}
		return s.log.Record(ctx, activity.Entry{At: now, CommunityID: c.ID, ActorID: actor.ID, Kind: kind,
			SubjectType: "user", SubjectID: targetID, Detail: map[string]any{"from": string(target.Role), "to": string(role)}})
	})
}

// Remove takes target out of the community (leader or admin only).
func (s *Service) Remove(ctx context.Context, actor account.User, slug string, targetID int64) error {
	c, m, err := s.BySlug(ctx, slug, actor)
	if err != nil {
		return err
	}
	if !m.CanManage() && !actor.IsAdmin {
		return errs.E(errs.Forbidden, "Only the community's leader can remove members.")
	}
	target, err := s.membership(ctx, c.ID, targetID)
	if err != nil {
		return err
	}
	if !target.IsMember() {
		return errs.E(errs.NotFound, "That person is not a member of %s.", c.Name)
	}
	if target.Role == Leader {
		return errs.E(errs.Conflict, "The leader cannot be removed; hand leadership over first.")
	}
	now := s.clock.Now()
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.ExecContext(ctx, `DELETE FROM memberships WHERE community_id = $1 AND user_id = $2`, c.ID, targetID); err != nil {
			return fmt.Errorf("community: remove: %w", err)
		}
		return s.log.Record(ctx, activity.Entry{At: now, CommunityID: c.ID, ActorID: actor.ID, Kind: activity.MemberLeft,
			SubjectType: "user", SubjectID: targetID, Detail: map[string]any{"removed": true}})
	})
}

// UpdateIntro changes user's introduction in one community.
func (s *Service) UpdateIntro(ctx context.Context, user account.User, slug, intro string) error {
	c, m, err := s.BySlug(ctx, slug, user)
	if err != nil {
		return err
	}
	if !m.IsMember() {
		return errs.E(errs.Conflict, "You are not a member of %s.", c.Name)
	}
	var f errs.Fields
	intro = validate.Text(&f, "intro", "Introduction", intro, 0, 1000, true)
	if err := f.Err(); err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		_, err := s.db.ExecContext(ctx, `UPDATE memberships SET intro = $1 WHERE community_id = $2 AND user_id = $3`, intro, c.ID, user.ID)
		return err
	})
}

// Person is one line of the member directory.
type Person struct {
	UserID    int64
	Name      string
	Headline  string
	Intro     string // in this community, or the profile's bio
	Role      Role
	JoinedAt  time.Time
	Expertise []string
}

// MemberFilter narrows the directory.
type MemberFilter struct {
	Role      Role   // "" for every role
	Expertise string // a tag: "pinpoint your people"
	Query     string // matches name, headline or introduction
	After     int64  // cursor: the last user id of the previous page
	Limit     int
}

// Members lists the directory of a community viewer may see, in the order
// people joined the site (the cursor is the last user id of a page).
func (s *Service) Members(ctx context.Context, viewer account.User, slug string, f MemberFilter) ([]Person, int64, error) {
	c, _, err := s.BySlug(ctx, slug, viewer)
	if err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 60
	}
	if f.Role != "" && !f.Role.Valid() {
		return nil, 0, errs.Field("role", "Choose leader, core, member or sponsor.")
	}
	if !validate.Clean(f.Query) || !validate.Clean(f.Expertise) {
		return nil, 0, nil
	}
	q := validate.Contains(f.Query)
	tag := strings.ToLower(strings.TrimSpace(f.Expertise))
	rows, err := s.db.QueryContext(ctx, `SELECT `+personColumns+`
		FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.community_id = $1 AND u.id > $2
		AND ($3 = '' OR m.role = $3)
		AND ($4 = '' OR EXISTS (SELECT 1 FROM user_expertise e WHERE e.user_id = u.id AND e.tag = $4))
		AND (LOWER(u.name) LIKE $5 ESCAPE '\' OR LOWER(u.headline) LIKE $5 ESCAPE '\' OR LOWER(m.intro) LIKE $5 ESCAPE '\')
		ORDER BY u.id LIMIT $6`, c.ID, f.After, string(f.Role), tag, q, f.Limit+1)
	if err != nil {
		return nil, 0, fmt.Errorf("community: members: %w", err)
	}
	out, err := scanPeople(rows)
	if err != nil {
		return nil, 0, err
	}
	var next int64
	if len(out) > f.Limit {
		out = out[:f.Limit]
		next = out[len(out)-1].UserID
	}
	if err := s.fillExpertise(ctx, out); err != nil {
		return nil, 0, err
	}
	return out, next, nil
}

// Team returns the leader, the core group and the sponsors: the people a
// newcomer should know, leader first.
func (s *Service) Team(ctx context.Context, communityID int64) ([]Person, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+personColumns+`
		FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.community_id = $1 AND m.role IN ('leader', 'core', 'sponsor')
		ORDER BY CASE m.role WHEN 'leader' THEN 0 WHEN 'core' THEN 1 ELSE 2 END, u.name LIMIT 50`, communityID)
	if err != nil {
		return nil, fmt.Errorf("community: team: %w", err)
	}
	out, err := scanPeople(rows)
	if err != nil {
		return nil, err
	}
	return out, s.fillExpertise(ctx, out)
}

// fillExpertise loads the tags of a page of people in one query.
func (s *Service) fillExpertise(ctx context.Context, people []Person) error {
	if len(people) == 0 {
		return nil
	}
	idx := map[int64]int{}
	args := make([]any, len(people))
	ph := make([]string, len(people))
	for i, p := range people {
		idx[p.UserID] = i
		args[i] = p.UserID
		ph[i] = fmt.Sprintf("$%d", i+1)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT user_id, tag FROM user_expertise WHERE user_id IN (`+strings.Join(ph, ",")+`) ORDER BY tag`, args...)
	if err != nil {
		return fmt.Errorf("community: expertise: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var tag string
		if err := rows.Scan(&id, &tag); err != nil {
			return err
		}
		p := &people[idx[id]]
		p.Expertise = append(p.Expertise, tag)
	}
	return rows.Err()
}

// ExpertiseTags returns the expertise tags present in a community with how
// many members hold each, most common first.
func (s *Service) ExpertiseTags(ctx context.Context, communityID int64, limit int) ([]TagCount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT e.tag, COUNT(*) FROM user_expertise e
		JOIN memberships m ON m.user_id = e.user_id AND m.community_id = $1
		GROUP BY e.tag ORDER BY COUNT(*) DESC, e.tag LIMIT $2`, communityID, limit)
	if err != nil {
		return nil, fmt.Errorf("community: expertise tags: %w", err)
	}
	defer rows.Close()
	var out []TagCount
	for rows.Next() {
		var t TagCount
		if err := rows.Scan(&t.Tag, &t.Count); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TagCount is a tag and how often it occurs.
type TagCount struct {
	Tag   string
	Count int
}

const personColumns = `u.id, u.name, u.headline, CASE WHEN m.intro <> '' THEN m.intro ELSE u.bio END, m.role, m.joined_at`

func scanPeople(rows *sql.Rows) ([]Person, error) {
	defer rows.Close()
	var out []Person
	for rows.Next() {
		var p Person
		var role string
		var joined int64
		if err := rows.Scan(&p.UserID, &p.Name, &p.Headline, &p.Intro, &role, &joined); err != nil {
			return nil, fmt.Errorf("community: people: %w", err)
		}
		p.Role, p.JoinedAt = Role(role), store.Time(joined)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Newcomers lists the people who joined communityID since a time, newest
// first: the people a leader should welcome.
func (s *Service) Newcomers(ctx context.Context, communityID int64, since time.Time, limit int) ([]Person, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+personColumns+`
		FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.community_id = $1 AND m.joined_at >= $2 AND m.role = 'member'
		ORDER BY m.joined_at DESC LIMIT $3`, communityID, store.Millis(since), limit)
	if err != nil {
		return nil, fmt.Errorf("community: newcomers: %w", err)
	}
	return scanPeople(rows)
}

// PendingRequestCount counts the join requests waiting in communityID.
func (s *Service) PendingRequestCount(ctx context.Context, communityID int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM join_requests WHERE community_id = $1 AND status = 'pending'`, communityID).Scan(&n)
	return n, err
}

// Roles maps each community id userID belongs to onto their role there.
func (s *Service) Roles(ctx context.Context, userID int64) (map[int64]Role, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT community_id, role FROM memberships WHERE user_id = $1`, userID)
	if err != nil {
		return nil, fmt.Errorf("community: roles: %w", err)
	}
	defer rows.Close()
	out := map[int64]Role{}
	for rows.Next() {
		var id int64
		var r string
		if err := rows.Scan(&id, &r); err != nil {
			return nil, err
		}
		out[id] = Role(r)
	}
	return out, rows.Err()
}
