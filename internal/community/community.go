// Package community holds communities of practice and who belongs to them:
// creation, settings, visibility, the code of conduct, roles, joining,
// leaving, invitations, join requests and the member directory.
//
// Roles follow the seeds: one leader (seed 004 recommends exactly one, with
// time set aside for it), a core group around them (seed 000: an energized
// core group), members, and sponsors who connect the community to the
// organization. Site-wide, admins run the instance and the support team
// coaches every community.
package community

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/clock"
	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// Visibility says who may see a community.
type Visibility string

// Visibilities.
const (
	Open    Visibility = "open"    // anyone reads and joins
	Private Visibility = "private" // members only; by invitation or approved request
)

// Role is a member's part in a community.
type Role string

// Roles, from most to least responsibility. Sponsor is apart: a sponsor
// reads the community's dashboard and answers its asks but does not run it.
const (
	Leader  Role = "leader"
	Core    Role = "core"
	Member  Role = "member"
	Sponsor Role = "sponsor"
)

// Label is the role's name for people.
func (r Role) Label() string {
	switch r {
	case Leader:
		return "Leader"
	case Core:
		return "Core group"
	case Sponsor:
		return "Sponsor"
	case Member:
		return "Member"
	}
	return ""
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	return r == Leader || r == Core || r == Member || r == Sponsor
}

// Community is a community of practice.
type Community struct {
	ID            int64
	Slug          string
	Name          string
	Domain        string // what the community's practice is about
	Purpose       string // why it exists
	Visibility    Visibility
	CodeOfConduct string
	CoCVersion    int
	RequestCode   string // only filled for the leader and core group
	CreatedAt     time.Time
	UpdatedAt     time.Time

	// Filled by queries that list communities.
	Members    int
	LeaderID   int64
	LeaderName string
}

// Membership is one person's place in a community; the zero value (Role
// "") means not a member.
type Membership struct {
	CommunityID   int64
	UserID        int64
	Role          Role
	Intro         string
	JoinedAt      time.Time
	CoCAcceptedAt time.Time
	CoCVersion    int
}

// IsMember reports whether the membership is real.
func (m Membership) IsMember() bool { return m.Role != "" }

// CanModerate reports whether the role may triage, moderate, approve
// requests and invite: the leader and the core group.
func (m Membership) CanModerate() bool { return m.Role == Leader || m.Role == Core }

// CanManage reports whether the role may change settings and roles: the leader.
func (m Membership) CanManage() bool { return m.Role == Leader }

// Service is the community area's logic.
type Service struct {
	db    *store.DB
	clock clock.Clock
	log   *activity.Log
}

// New returns the community Service.
func New(db *store.DB, c clock.Clock, log *activity.Log) *Service {
	return &Service{db: db, clock: c, log: log}
}

// Settings are the fields a leader edits (and a creator fills in).
type Settings struct {
	Name          string
	Slug          string
	Domain        string
	Purpose       string
	Visibility    string
	CodeOfConduct string
}

// DefaultCodeOfConduct is offered to a new community; the leader adapts it.
const DefaultCodeOfConduct = `We are here to get better at our practice by learning together.

- Bring real problems, including the ones that went wrong. Nobody is judged for asking.
- Answer the question that was asked, with what you have actually seen work.
- Disagree with ideas, never with people. Assume good intent.
- What is shared about a colleague's failure stays in the community unless they say otherwise.
- Give credit: link to the person and the thread you learned from.
- No harassment, no selling, no recruiting.

The leader and the core group moderate. Tell them if something is wrong.`

func (s *Service) validateSettings(in Settings) (Settings, error) {
	var f errs.Fields
	in.Name = validate.Text(&f, "name", "Name", in.Name, 3, 80, false)
	in.Slug = validate.Slug(&f, "slug", strings.ToLower(in.Slug))
	in.Domain = validate.Text(&f, "domain", "Domain", in.Domain, 3, 200, false)
	in.Purpose = validate.Text(&f, "purpose", "Purpose", in.Purpose, 0, 4000, true)
	in.CodeOfConduct = validate.Text(&f, "code_of_conduct", "Code of conduct", in.CodeOfConduct, 20, 20000, true)
	switch Visibility(in.Visibility) {
	case Open, Private:
	default:
		f.Add("visibility", "Choose open or private.")
	}
	switch in.Slug {
	case "new", "api", "admin", "login", "logout", "signup", "settings", "static", "me", "join":
		f.Add("slug", "“"+in.Slug+"” is reserved. Choose another web address.")
	}
	return in, f.Err()
}

func newCode() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Create makes a community; its creator becomes the leader, having accepted
// the code of conduct they wrote.
func (s *Service) Create(ctx context.Context, creator account.User, in Settings) (Community, error) {
	if in.Slug == "" {
		in.Slug = validate.Slugify(in.Name)
	}
	if strings.TrimSpace(in.CodeOfConduct) == "" {
		in.CodeOfConduct = DefaultCodeOfConduct
	}
	in, err := s.validateSettings(in)
	if err != nil {
		return Community{}, err
	}
	code, err := newCode()
	if err != nil {
		return Community{}, err
	}
	now := s.clock.Now()
	c := Community{Slug: in.Slug, Name: in.Name, Domain: in.Domain, Purpose: in.Purpose, Visibility: Visibility(in.Visibility),
		CodeOfConduct: in.CodeOfConduct, CoCVersion: 1, RequestCode: code, CreatedAt: now, UpdatedAt: now,
		Members: 1, LeaderID: creator.ID, LeaderName: creator.Name}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		err := s.db.QueryRowContext(ctx, `INSERT INTO communities (slug, name, domain, purpose, visibility, code_of_conduct, coc_version, request_code, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $9) RETURNING id`,
			c.Slug, c.Name, c.Domain, c.Purpose, string(c.Visibility), c.CodeOfConduct, code, creator.ID, store.Millis(now)).Scan(&c.ID)
		if store.IsUniqueViolation(err) {
			return errs.Field("slug", "Another community already uses this web address. Choose another.")
		}
		if err != nil {
			return fmt.Errorf("community: create: %w", err)
		}
		if _, err := s.db.ExecContext(ctx, `INSERT INTO memberships (community_id, user_id, role, joined_at, coc_accepted_at, coc_version)
			VALUES ($1, $2, 'leader', $3, $3, 1)`, c.ID, creator.ID, store.Millis(now)); err != nil {
			return fmt.Errorf("community: create leader: %w", err)
		}
		return s.log.Record(ctx, activity.Entry{At: now, CommunityID: c.ID, ActorID: creator.ID, Kind: activity.CommunityCreated,
			SubjectType: "community", SubjectID: c.ID, Detail: map[string]any{"name": c.Name}})
	})
	if err != nil {
		return Community{}, err
	}
	return c, nil
}

const communityColumns = `c.id, c.slug, c.name, c.domain, c.purpose, c.visibility, c.code_of_conduct, c.coc_version, c.request_code, c.created_at, c.updated_at,
	(SELECT COUNT(*) FROM memberships m WHERE m.community_id = c.id),
	COALESCE(l.user_id, 0), COALESCE(lu.name, '')`

const communityFrom = ` FROM communities c
	LEFT JOIN memberships l ON l.community_id = c.id AND l.role = 'leader'
	LEFT JOIN users lu ON lu.id = l.user_id`

func scanCommunity(row interface{ Scan(...any) error }) (Community, error) {
	var c Community
	var vis string
	var created, updated int64
	err := row.Scan(&c.ID, &c.Slug, &c.Name, &c.Domain, &c.Purpose, &vis, &c.CodeOfConduct, &c.CoCVersion, &c.RequestCode,
		&created, &updated, &c.Members, &c.LeaderID, &c.LeaderName)
	c.Visibility, c.CreatedAt, c.UpdatedAt = Visibility(vis), store.Time(created), store.Time(updated)
	return c, err
}

// errHidden is what anyone who may not see a community gets: the same
// answer as for a community that does not exist, so private ones don't leak.
func errHidden() error {
	return errs.E(errs.NotFound, "There is no community at this address, or it is private.")
}

// BySlug returns the community at slug with viewer's membership in it.
// A private community is NotFound to anyone who is not a member.
func (s *Service) BySlug(ctx context.Context, slug string, viewer account.User) (Community, Membership, error) {
	if !validate.Clean(slug) {
		return Community{}, Membership{}, errHidden()
	}
	c, err := scanCommunity(s.db.QueryRowContext(ctx, `SELECT `+communityColumns+communityFrom+` WHERE c.slug = $1 AND c.archived_at IS NULL`, strings.ToLower(slug)))
	if errors.Is(err, sql.ErrNoRows) {
		return Community{}, Membership{}, errHidden()
	}
	if err != nil {
		return Community{}, Membership{}, fmt.Errorf("community: by slug: %w", err)
	}
	m, err := s.membership(ctx, c.ID, viewer.ID)
	if err != nil {
		return Community{}, Membership{}, err
	}
	if c.Visibility == Private && !m.IsMember() {
		return Community{}, Membership{}, errHidden()
	}
	if !m.CanModerate() {
		c.RequestCode = ""
	}
	return c, m, nil
}

// ByID returns a community without any access check; for jobs and
// internal use, never for answering a viewer.
func (s *Service) ByID(ctx context.Context, id int64) (Community, error) {
	c, err := scanCommunity(s.db.QueryRowContext(ctx, `SELECT `+communityColumns+communityFrom+` WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Community{}, errHidden()
	}
	if err != nil {
		return Community{}, fmt.Errorf("community: by id: %w", err)
	}
	return c, nil
}

func (s *Service) membership(ctx context.Context, communityID, userID int64) (Membership, error) {
	if userID == 0 {
		return Membership{}, nil
	}
	m := Membership{CommunityID: communityID, UserID: userID}
	var role string
	var joined, accepted int64
	err := s.db.QueryRowContext(ctx, `SELECT role, intro, joined_at, coc_accepted_at, coc_version FROM memberships
		WHERE community_id = $1 AND user_id = $2`, communityID, userID).Scan(&role, &m.Intro, &joined, &accepted, &m.CoCVersion)
	if errors.Is(err, sql.ErrNoRows) {
		return Membership{}, nil
	}
	if err != nil {
		return Membership{}, fmt.Errorf("community: membership: %w", err)
	}
	m.Role, m.JoinedAt, m.CoCAcceptedAt = Role(role), store.Time(joined), store.Time(accepted)
	return m, nil
}

// Membership returns userID's membership of communityID (zero if none).
func (s *Service) Membership(ctx context.Context, communityID, userID int64) (Membership, error) {
	return s.membership(ctx, communityID, userID)
}

// Update changes a community's settings; only its leader (or an admin) may.
// A changed code of conduct gets a new version number.
func (s *Service) Update(ctx context.Context, actor account.User, slug string, in Settings) (Community, error) {
	c, m, err := s.BySlug(ctx, slug, actor)
	if err != nil {
		return Community{}, err
	}
	if !m.CanManage() && !actor.IsAdmin {
		return Community{}, errs.E(errs.Forbidden, "Only the community's leader can change its settings.")
	}
	in, err = s.validateSettings(in)
	if err != nil {
		return Community{}, err
	}
	version := c.CoCVersion
	if in.CodeOfConduct != c.CodeOfConduct {
		version++
	}
	now := s.clock.Now()
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		_, err := s.db.ExecContext(ctx, `UPDATE communities SET slug = $1, name = $2, domain = $3, purpose = $4, visibility = $5,
			code_of_conduct = $6, coc_version = $7, updated_at = $8 WHERE id = $9`,
			in.Slug, in.Name, in.Domain, in.Purpose, in.Visibility, in.CodeOfConduct, version, store.Millis(now), c.ID)
		if store.IsUniqueViolation(err) {
			return errs.Field("slug", "Another community already uses this web address. Choose another.")
		}
		if err != nil {
			return fmt.Errorf("community: update: %w", err)
		}
		changed := []string{}
		for _, d := range []struct {
			name     string
			old, new string
		}{{"name", c.Name, in.Name}, {"slug", c.Slug, in.Slug}, {"domain", c.Domain, in.Domain}, {"purpose", c.Purpose, in.Purpose},
			{"visibility", string(c.Visibility), in.Visibility}, {"code_of_conduct", c.CodeOfConduct, in.CodeOfConduct}} {
			if d.old != d.new {
				changed = append(changed, d.name)
			}
		}
		return s.log.Record(ctx, activity.Entry{At: now, CommunityID: c.ID, ActorID: actor.ID, Kind: activity.CommunityUpdated,
			SubjectType: "community", SubjectID: c.ID, Detail: map[string]any{"changed": changed}})
	})
	if err != nil {
		return Community{}, err
	}
	// Read back by id: an admin who is not a member may just have made the
	// community private, and BySlug would hide it from them.
	if c, err = s.ByID(ctx, c.ID); err != nil {
		return Community{}, err
	}
	if !m.CanModerate() {
		c.RequestCode = ""
	}
	return c, nil
}

// RegenerateRequestCode replaces the private join link, cutting old ones off.
func (s *Service) RegenerateRequestCode(ctx context.Context, actor account.User, slug string) (string, error) {
	c, m, err := s.BySlug(ctx, slug, actor)
	if err != nil {
		return "", err
	}
	if !m.CanModerate() {
		return "", errs.E(errs.Forbidden, "Only the leader and the core group can change the join link.")
	}
	code, err := newCode()
	if err != nil {
		return "", err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		_, err := s.db.ExecContext(ctx, `UPDATE communities SET request_code = $1 WHERE id = $2`, code, c.ID)
		return err
	})
	return code, err
}

// Filter narrows a list of communities.
type Filter struct {
	Query string // matches name, domain or purpose
	After string // cursor: the slug of the last community of the previous page
	Limit int
}

// Discover lists open communities, and the private ones viewer belongs to,
// ordered by web address (the cursor).
func (s *Service) Discover(ctx context.Context, viewer account.User, f Filter) ([]Community, string, error) {
	return s.list(ctx, `(c.visibility = 'open' OR EXISTS (SELECT 1 FROM memberships vm WHERE vm.community_id = c.id AND vm.user_id = $1))`, viewer.ID, f)
}

// Mine lists the communities userID belongs to, ordered by web address.
func (s *Service) Mine(ctx context.Context, userID int64) ([]Community, error) {
	var all []Community
	f := Filter{Limit: 100}
	for {
		page, next, err := s.list(ctx, `EXISTS (SELECT 1 FROM memberships vm WHERE vm.community_id = c.id AND vm.user_id = $1)`, userID, f)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if next == "" {
			return all, nil
		}
		f.After = next
	}
}

// All lists every community (for the support team's portfolio and admins).
func (s *Service) All(ctx context.Context, f Filter) ([]Community, string, error) {
	return s.list(ctx, `$1 = 0`, 0, f)
}

func (s *Service) list(ctx context.Context, where string, userID int64, f Filter) ([]Community, string, error) {
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 24
	}
	if !validate.Clean(f.Query) || !validate.Clean(f.After) {
		return nil, "", nil
	}
	q := validate.Contains(f.Query)
	rows, err := s.db.QueryContext(ctx, `SELECT `+communityColumns+communityFrom+`
		WHERE c.archived_at IS NULL AND `+where+` AND c.slug > $2
		AND (LOWER(c.name) LIKE $3 ESCAPE '\' OR LOWER(c.domain) LIKE $3 ESCAPE '\' OR LOWER(c.purpose) LIKE $3 ESCAPE '\')
		ORDER BY c.slug LIMIT $4`, userID, f.After, q, f.Limit+1)
	if err != nil {
		return nil, "", fmt.Errorf("community: list: %w", err)
	}
	defer rows.Close()
	var out []Community
	for rows.Next() {
		c, err := scanCommunity(rows)
		if err != nil {
			return nil, "", fmt.Errorf("community: list: %w", err)
		}
		c.RequestCode = ""
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > f.Limit {
		out = out[:f.Limit]
		next = out[len(out)-1].Slug
	}
	return out, next, nil
}
