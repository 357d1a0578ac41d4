package workshop

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"cultivate/internal/account"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// Participant is someone who joined a workshop.
type Participant struct {
	ID     int64  `json:"id"`
	UserID int64  `json:"user_id,omitzero"`
	Name   string `json:"name"`
	Guest  bool   `json:"guest"`
	// Notes counts what they wrote; during the write step that is all
	// anyone else learns of their notes.
	Notes int `json:"notes"`
}

// access is a viewer's standing in one workshop.
type access struct {
	w    Workshop
	m    community.Membership // zero for guests and non-members
	me   Participant          // zero ID until they join
	user account.User
}

// facilitates: the facilitator, and the leader and core group, who can
// step in when the facilitator is away.
func (a access) facilitates() bool {
	return a.user.ID != 0 && (a.user.ID == a.w.FacilitatorID || a.m.CanModerate())
}

func (a access) joined() bool { return a.me.ID != 0 }

// access loads workshop id of the community at slug for v: members of the
// community see it; anyone else only once they joined with the code (as a
// guest they see nothing else of the community).
func (s *Service) access(ctx context.Context, slug string, id int64, v Viewer) (access, error) {
	w, err := scanWorkshop(s.db.QueryRowContext(ctx, `SELECT `+workshopColumns+workshopFrom+`
		WHERE w.id = $1 AND c.slug = $2 AND c.archived_at IS NULL`, id, strings.ToLower(slug)))
	if errors.Is(err, sql.ErrNoRows) {
		return access{}, errNoWorkshop()
	}
	if err != nil {
		return access{}, fmt.Errorf("workshop: load %d: %w", id, err)
	}
	a := access{w: w, user: v.User}
	if v.User.ID != 0 {
		if a.m, err = s.communities.Membership(ctx, w.CommunityID, v.User.ID); err != nil {
			return access{}, err
		}
	}
	if a.m.IsMember() {
		a.me, err = s.participant(ctx, `p.workshop_id = $1 AND p.user_id = $2`, w.ID, v.User.ID)
		if err != nil {
			return access{}, err
		}
	}
	if a.me.ID == 0 && v.Token != "" {
		if a.me, err = s.participant(ctx, `p.workshop_id = $1 AND p.token_hash = $2`, w.ID, hashToken(v.Token)); err != nil {
			return access{}, err
		}
	}
	if !a.m.IsMember() && a.me.ID == 0 {
		return access{}, errNoWorkshop()
	}
	if !a.m.IsMember() {
		// A guest joined with the code already; nobody else needs it.
		a.w.Code = ""
	}
	return a, nil
}

// participant returns the one participant matching where, or a zero one.
func (s *Service) participant(ctx context.Context, where string, args ...any) (Participant, error) {
	var p Participant
	var userID sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT p.id, p.user_id, p.name, (SELECT COUNT(*) FROM workshop_notes n WHERE n.participant_id = p.id)
		FROM workshop_participants p WHERE `+where, args...).Scan(&p.ID, &userID, &p.Name, &p.Notes)
	if errors.Is(err, sql.ErrNoRows) {
		return Participant{}, nil
	}
	if err != nil {
		return Participant{}, fmt.Errorf("workshop: participant: %w", err)
	}
	p.UserID, p.Guest = userID.Int64, !userID.Valid
	return p, nil
}

// NewWorkshop is what a facilitator fills in to open a workshop.
type NewWorkshop struct {
	Title    string
	Sections []string // canvas section keys
	Dots     int      // dots per participant in the vote
	Minutes  int      // timer for the writing step; 0 for none
}

// Create opens a workshop in the community at slug, facilitated by user,
// who must be the leader or in the core group. The facilitator joins it
// at once; every other member is told it is open, with its join code.
func (s *Service) Create(ctx context.Context, user account.User, slug string, in NewWorkshop) (Workshop, error) {
	if user.ID == 0 {
		return Workshop{}, errs.E(errs.Unauthorized, "Sign in to open a workshop.")
	}
	c, m, err := s.communities.BySlug(ctx, slug, user)
	if err != nil {
		return Workshop{}, err
	}
	if !m.CanModerate() {
		return Workshop{}, errs.E(errs.Forbidden, "Only the leader and the core group of %s can open a workshop.", c.Name)
	}
	var f errs.Fields
	title := validate.Text(&f, "title", "Title", in.Title, TitleMin, TitleMax, false)
	var keys []string
	for _, k := range in.Sections {
		k = strings.TrimSpace(k)
		if k == "" || containsKey(keys, k) {
			continue
		}
		ok := false
		for _, sec := range SectionChoices() {
			ok = ok || sec.Key == k
		}
		if !ok {
			f.Add("sections", fmt.Sprintf("A workshop cannot work on the section %q; choose among vision, how, impact, resources and name.", k))
			break
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 && len(f) == 0 {
		f.Add("sections", "Choose at least one canvas section to work on.")
	}
	if in.Dots < 1 || in.Dots > MaxDots {
		f.Add("dots", fmt.Sprintf("Give each participant from 1 to %d dots to vote with.", MaxDots))
	}
	if in.Minutes < 0 || in.Minutes > MaxTimerMinutes {
		f.Add("minutes", fmt.Sprintf("The timer runs from 1 to %d minutes; leave it empty for none.", MaxTimerMinutes))
	}
	if err := f.Err(); err != nil {
		return Workshop{}, err
	}
	var id int64
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.db.LockKey(ctx, "workshop-code"); err != nil {
			return err
		}
		code, err := s.freeCode(ctx)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		var ends any
		if in.Minutes > 0 {
			ends = store.Millis(now.Add(minutes(in.Minutes)))
		}
		if err := s.db.QueryRowContext(ctx, `INSERT INTO workshops (community_id, title, sections, facilitator_id, code, step, dots, step_ends_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, 'write', $6, $7, $8, $8) RETURNING id`,
			c.ID, title, strings.Join(keys, " "), user.ID, code, in.Dots, ends, store.Millis(now)).Scan(&id); err != nil {
			return fmt.Errorf("workshop: create: %w", err)
		}
		if _, err := s.db.ExecContext(ctx, `INSERT INTO workshop_participants (workshop_id, user_id, name, joined_at) VALUES ($1, $2, $3, $4)`,
			id, user.ID, user.Name, store.Millis(now)); err != nil {
			return fmt.Errorf("workshop: facilitator joins: %w", err)
		}
		w := Workshop{ID: id, CommunityID: c.ID}
		if err := s.record(ctx, w, user.ID, ActivityOpened, map[string]any{"title": title, "sections": keys}); err != nil {
			return err
		}
		members, err := s.memberIDs(ctx, c.ID)
		if err != nil {
			return err
		}
		return s.inbox.Send(ctx, notify.Note{Kind: NoteOpened, CommunityID: c.ID, ActorID: user.ID,
			Title: "A workshop is open in " + c.Name + ": “" + title + "”. Join it to add your ideas.",
			Link:  Path(c.Slug, id)}, members...)
	})
	if err != nil {
		return Workshop{}, err
	}
	a, err := s.access(ctx, c.Slug, id, Viewer{User: user})
	return a.w, err
}

func (s *Service) freeCode(ctx context.Context) (string, error) {
	for range 10 {
		code, err := newCode()
		if err != nil {
			return "", err
		}
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM workshops WHERE code = $1`, code).Scan(&n); err != nil {
			return "", fmt.Errorf("workshop: code: %w", err)
		}
		if n == 0 {
			return code, nil
		}
	}
	return "", fmt.Errorf("workshop: no free join code after 10 tries")
}

func (s *Service) memberIDs(ctx context.Context, communityID int64) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT user_id FROM memberships WHERE community_id = $1 AND role <> 'sponsor' ORDER BY user_id`, communityID)
	if err != nil {
		return nil, fmt.Errorf("workshop: members: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("workshop: members: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// List returns the workshops of the community at slug, newest first, for
// anyone who may see the community. Join codes are shown to members only.
func (s *Service) List(ctx context.Context, viewer account.User, slug string) ([]Workshop, error) {
	c, m, err := s.communities.BySlug(ctx, slug, viewer)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+workshopColumns+workshopFrom+` WHERE w.community_id = $1 ORDER BY w.id DESC LIMIT 100`, c.ID)
	if err != nil {
		return nil, fmt.Errorf("workshop: list: %w", err)
	}
	defer rows.Close()
	out := []Workshop{}
	for rows.Next() {
		w, err := scanWorkshop(rows)
		if err != nil {
			return nil, fmt.Errorf("workshop: list: %w", err)
		}
		if !m.IsMember() {
			w.Code = ""
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// Join adds user, a member of the workshop's community, to workshop id.
// Joining twice changes nothing.
func (s *Service) Join(ctx context.Context, user account.User, slug string, id int64) (Workshop, error) {
	if user.ID == 0 {
		return Workshop{}, errs.E(errs.Unauthorized, "Sign in to join, or join as a guest with the workshop's code.")
	}
	a, err := s.access(ctx, slug, id, Viewer{User: user})
	if err != nil {
		return Workshop{}, err
	}
	if !a.w.Open() {
		return Workshop{}, errClosed()
	}
	if a.joined() {
		return a.w, nil
	}
	if a.m.Role == community.Sponsor {
		return Workshop{}, errs.E(errs.Forbidden, "Sponsors set the purpose; the vision workshop is for the members. Follow its result on the canvas.")
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		return s.addParticipant(ctx, a.w.ID, user.ID, user.Name, "")
	})
	if err != nil {
		return Workshop{}, err
	}
	a, err = s.access(ctx, slug, id, Viewer{User: user})
	return a.w, err
}

func (s *Service) addParticipant(ctx context.Context, workshopID, userID int64, name, tokenHash string) error {
	var uid any
	if userID != 0 {
		uid = userID
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO workshop_participants (workshop_id, user_id, name, token_hash, joined_at) VALUES ($1, $2, $3, $4, $5)`,
		workshopID, uid, name, tokenHash, store.Millis(s.clock.Now()))
	if store.IsUniqueViolation(err) {
		return nil // joined already, from another tab
	}
	if err != nil {
		return fmt.Errorf("workshop: join: %w", err)
	}
	return s.bump(ctx, workshopID)
}

// Joined is the result of joining with a code: the workshop and, for a
// guest, the secret token that proves who they are from now on.
type Joined struct {
	Workshop Workshop
	Token    string
}

// JoinByCode joins the open workshop whose code is code. A member of its
// community (signed in as user) joins as themself; anyone else joins as a
// guest under name (the account's name when left empty) and receives a
// token to keep. A wrong code or a closed workshop is refused and nothing
// changes.
func (s *Service) JoinByCode(ctx context.Context, user account.User, code, name string) (Joined, error) {
	code = NormalizeCode(code)
	var f errs.Fields
	if code == "" {
		f.Add("code", "Type the workshop's code; the facilitator has it.")
	}
	if strings.TrimSpace(name) == "" && user.ID != 0 {
		name = user.Name
	}
	if err := f.Err(); err != nil {
		return Joined{}, err
	}
	var slug string
	var id int64
	var step string
	err := s.db.QueryRowContext(ctx, `SELECT c.slug, w.id, w.step FROM workshops w JOIN communities c ON c.id = w.community_id
		WHERE w.code = $1 AND c.archived_at IS NULL`, code).Scan(&slug, &id, &step)
	if errors.Is(err, sql.ErrNoRows) {
		return Joined{}, errs.Field("code", "No workshop has the code “"+code+"”. Check it with the facilitator: it has "+fmt.Sprint(CodeLength)+" letters and digits.")
	}
	if err != nil {
		return Joined{}, fmt.Errorf("workshop: by code: %w", err)
	}
	if Step(step) == StepClosed {
		return Joined{}, errClosed()
	}
	if user.ID != 0 {
		if a, err := s.access(ctx, slug, id, Viewer{User: user}); err == nil && a.m.IsMember() {
			w, err := s.Join(ctx, user, slug, id)
			return Joined{Workshop: w}, err
		}
	}
	name = validate.Text(&f, "name", "Your name", name, NameMin, NameMax, false)
	if err := f.Err(); err != nil {
		return Joined{}, err
	}
	token, hash, err := newToken()
	if err != nil {
		return Joined{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		return s.addParticipant(ctx, id, 0, name, hash)
	})
	if err != nil {
		return Joined{}, err
	}
	a, err := s.access(ctx, slug, id, Viewer{Token: token})
	if err != nil {
		return Joined{}, err
	}
	return Joined{Workshop: a.w, Token: token}, nil
}
