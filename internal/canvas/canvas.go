// Package canvas holds each community's vision canvas: vision and why it
// matters, how and how to measure it, impact, resources, the force field,
// the name and the leader (seed 004: the canvas a two-hour vision workshop
// produces, to be displayed everywhere; seed 002: the purpose comes from
// the sponsor, the vision is co-created with the members).
//
// Every section keeps its whole history: each save adds a revision, and a
// save is based on the revision its editor saw. When someone saved the
// same section in between, the later save is refused as a conflict and
// nothing is lost: the page shows both versions with the editor's text
// still in the form. The leader and the core group edit; everyone who may
// see the community reads. The live workshop (internal/workshop) writes
// its results here, credited to itself.
package canvas

import (
	"context"
	"database/sql"
	"encoding/json"
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
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// Kinds of activity entry. Subjects are ("community", community id).
const ActivityEdited = "canvas.edited"

// Service is the canvas area's logic.
type Service struct {
	db          *store.DB
	clock       clock.Clock
	log         *activity.Log
	communities *community.Service
}

// New returns the canvas Service.
func New(db *store.DB, c clock.Clock, log *activity.Log, communities *community.Service) *Service {
	return &Service{db: db, clock: c, log: log, communities: communities}
}

// Path is the web address of a community's canvas.
func Path(slug string) string { return "/c/" + slug + "/canvas" }

// Value is a section as it stands at one revision.
type Value struct {
	Section
	// Revision is 0 while the section was never written.
	Revision int    `json:"revision"`
	Text     string `json:"text"`
	// Forces are the force field's lines (only for that section).
	Forces        []Force   `json:"forces"`
	EditorID      int64     `json:"editor_id,omitzero"`
	EditorName    string    `json:"editor_name,omitzero"`
	WorkshopID    int64     `json:"workshop_id,omitzero"`
	WorkshopTitle string    `json:"workshop_title,omitzero"`
	WrittenAt     time.Time `json:"written_at,omitzero"`
}

// Empty reports whether the section was never written.
func (v Value) Empty() bool { return v.Revision == 0 }

// Supporting returns the forces that support the vision.
func (v Value) Supporting() []Force { return v.direction(Supports) }

// Hindering returns the forces that hinder it.
func (v Value) Hindering() []Force { return v.direction(Hinders) }

func (v Value) direction(d Direction) []Force {
	var out []Force
	for _, f := range v.Forces {
		if f.Direction == d {
			out = append(out, f)
		}
	}
	return out
}

// Plain is the section as plain text, one force per line for the force
// field: what the history compares.
func (v Value) Plain() string {
	if v.Kind != ForceField {
		return v.Text
	}
	var b strings.Builder
	for _, f := range v.Forces {
		fmt.Fprintf(&b, "%s (%d): %s\n", f.Direction, f.Strength, f.Text)
	}
	return b.String()
}

// ForcesText is the force field in the form the editor uses: one force a
// line, "+ 4 text" for a supporting one and "- 2 text" for a hindering one.
func (v Value) ForcesText() string { return FormatForces(v.Forces) }

// Canvas is a community's whole canvas as a viewer sees it.
type Canvas struct {
	CommunityID   int64   `json:"community_id"`
	CommunitySlug string  `json:"community_slug"`
	CommunityName string  `json:"community_name"`
	Sections      []Value `json:"sections"`
	// Filled counts the sections written at least once.
	Filled int `json:"filled"`
	// UpdatedAt is the latest save of any section.
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	CanEdit   bool      `json:"can_edit"`
}

// Section returns the value of the section with key.
func (c Canvas) Section(key string) Value {
	for _, v := range c.Sections {
		if v.Key == key {
			return v
		}
	}
	return Value{}
}

// Complete reports whether every section is written.
func (c Canvas) Complete() bool { return c.Filled == len(c.Sections) }

// scope is a viewer in a community they may see.
type scope struct {
	c      community.Community
	m      community.Membership
	viewer account.User
}

func (s *Service) scope(ctx context.Context, viewer account.User, slug string) (scope, error) {
	c, m, err := s.communities.BySlug(ctx, slug, viewer)
	if err != nil {
		return scope{}, err
	}
	return scope{c: c, m: m, viewer: viewer}, nil
}

// mayEdit: the leader and the core group (and admins, who run the instance).
func (sc scope) mayEdit() bool { return sc.m.CanModerate() || sc.viewer.IsAdmin }

// Get returns the canvas of the community at slug, as viewer may see it.
func (s *Service) Get(ctx context.Context, viewer account.User, slug string) (Canvas, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return Canvas{}, err
	}
	cv, err := s.ByCommunity(ctx, sc.c)
	if err != nil {
		return Canvas{}, err
	}
	cv.CanEdit = sc.mayEdit()
	return cv, nil
}

// ByCommunity returns c's canvas with no access check: for callers that
// checked already (the workshop, the overview page) and for the demo.
func (s *Service) ByCommunity(ctx context.Context, c community.Community) (Canvas, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.section, r.revision, r.body, COALESCE(r.editor_id, 0), COALESCE(u.name, ''),
			COALESCE(r.workshop_id, 0), COALESCE(w.title, ''), r.created_at
		FROM canvas_revisions r
		LEFT JOIN users u ON u.id = r.editor_id
		LEFT JOIN workshops w ON w.id = r.workshop_id
		WHERE r.community_id = $1 AND r.revision = (SELECT MAX(x.revision) FROM canvas_revisions x
			WHERE x.community_id = r.community_id AND x.section = r.section)`, c.ID)
	if err != nil {
		return Canvas{}, fmt.Errorf("canvas: read: %w", err)
	}
	defer rows.Close()
	current := map[string]Value{}
	for rows.Next() {
		var v Value
		var body string
		var at int64
		if err := rows.Scan(&v.Key, &v.Revision, &body, &v.EditorID, &v.EditorName, &v.WorkshopID, &v.WorkshopTitle, &at); err != nil {
			return Canvas{}, fmt.Errorf("canvas: read: %w", err)
		}
		v.WrittenAt = store.Time(at)
		if err := v.setBody(body); err != nil {
			return Canvas{}, err
		}
		current[v.Key] = v
	}
	if err := rows.Err(); err != nil {
		return Canvas{}, fmt.Errorf("canvas: read: %w", err)
	}
	cv := Canvas{CommunityID: c.ID, CommunitySlug: c.Slug, CommunityName: c.Name}
	for _, sec := range Sections() {
		v, ok := current[sec.Key]
		v.Section = sec
		if v.Forces == nil {
			v.Forces = []Force{}
		}
		if ok {
			cv.Filled++
			if v.WrittenAt.After(cv.UpdatedAt) {
				cv.UpdatedAt = v.WrittenAt
			}
		}
		cv.Sections = append(cv.Sections, v)
	}
	return cv, nil
}

// setBody fills the value from its stored body, by its key's kind.
func (v *Value) setBody(body string) error {
	sec, ok := SectionByKey(v.Key)
	if ok && sec.Kind == ForceField {
		if err := json.Unmarshal([]byte(body), &v.Forces); err != nil {
			return fmt.Errorf("canvas: force field of revision %d: %w", v.Revision, err)
		}
		return nil
	}
	v.Text = body
	return nil
}

// Input is what an editor saves in one section: Text for a text section,
// Forces for the force field.
type Input struct {
	Text   string
	Forces []Force
}

// check validates in for sec and returns the body to store. Problems are
// reported under the field "text" (or "forces").
func check(sec Section, in Input) (string, error) {
	var f errs.Fields
	switch sec.Kind {
	case ForceField:
		if len(in.Forces) == 0 {
			f.Add("forces", "Add at least one force: what supports the vision, or what hinders it.")
		}
		if len(in.Forces) > MaxForces {
			f.Add("forces", "List at most "+strconv.Itoa(MaxForces)+" forces; keep the strongest.")
		}
		out := make([]Force, 0, len(in.Forces))
		for i, fc := range in.Forces {
			n := strconv.Itoa(i + 1)
			if fc.Direction != Supports && fc.Direction != Hinders {
				f.Add("forces", "Force "+n+": say whether it supports or hinders the vision.")
				continue
			}
			if fc.Strength < MinStrength || fc.Strength > MaxStrength {
				f.Add("forces", fmt.Sprintf("Force %s: the strength must be from %d (weak) to %d (strong); it is %d.", n, MinStrength, MaxStrength, fc.Strength))
				continue
			}
			var tf errs.Fields
			text := validate.Text(&tf, "forces", "Force "+n, fc.Text, 2, sec.Max, false)
			if len(tf) > 0 {
				f = append(f, tf...)
				continue
			}
			out = append(out, Force{Direction: fc.Direction, Text: text, Strength: fc.Strength})
		}
		if err := f.Err(); err != nil {
			return "", err
		}
		b, err := json.Marshal(out)
		return string(b), err
	default:
		text := validate.Text(&f, "text", sec.Label, in.Text, sec.Min, sec.Max, sec.Kind == Markdown)
		return text, f.Err()
	}
}

// ParseForces reads the editor's lines: "+ 4 text" supports with strength
// 4, "- 2 text" hinders with strength 2. Blank lines are skipped. A line it
// cannot read is an Invalid error under "forces" naming the line.
func ParseForces(src string) ([]Force, error) {
	var out []Force
	for i, line := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		n := strconv.Itoa(i + 1)
		var d Direction
		switch line[0] {
		case '+':
			d = Supports
		case '-':
			d = Hinders
		default:
			return nil, errs.Field("forces", "Line "+n+": start with + for a force that supports the vision or - for one that hinders it, then a strength from 1 to 5, e.g. “+ 4 A sponsor who shows up”.")
		}
		rest := strings.TrimSpace(line[1:])
		num, text, _ := strings.Cut(rest, " ")
		st, err := strconv.Atoi(num)
		if err != nil {
			return nil, errs.Field("forces", "Line "+n+": after "+line[:1]+" give a strength from 1 to 5, e.g. “"+line[:1]+" 3 "+firstWords(rest)+"”.")
		}
		out = append(out, Force{Direction: d, Strength: st, Text: strings.TrimSpace(text)})
	}
	return out, nil
}

func firstWords(s string) string {
	r := []rune(s)
	if len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

// FormatForces writes forces in the editor's form (see ParseForces).
func FormatForces(forces []Force) string {
	var b strings.Builder
	for _, f := range forces {
		sign := "+"
		if f.Direction == Hinders {
			sign = "-"
		}
		fmt.Fprintf(&b, "%s %d %s\n", sign, f.Strength, f.Text)
	}
	return b.String()
}

func errConflict() error {
	return errs.E(errs.Conflict, "Someone saved this section while you were editing. Compare their version with yours before saving again; your text has not been saved.")
}

func errNoSection(key string) error {
	var keys []string
	for _, s := range Sections() {
		keys = append(keys, s.Key)
	}
	return errs.E(errs.NotFound, "The canvas has no section %q; its sections are %s.", key, strings.Join(keys, ", "))
}

// Save writes section key of the community at slug, based on revision base
// (the revision the editor saw; 0 when the section was empty). If anyone
// saved the section since, nothing changes and the error is a Conflict.
// Only the leader and the core group may. Saving the same content again
// adds no revision.
func (s *Service) Save(ctx context.Context, user account.User, slug, key string, base int, in Input) (Value, error) {
	if user.ID == 0 {
		return Value{}, errs.E(errs.Unauthorized, "Sign in to edit the canvas.")
	}
	sc, err := s.scope(ctx, user, slug)
	if err != nil {
		return Value{}, err
	}
	sec, ok := SectionByKey(key)
	if !ok {
		return Value{}, errNoSection(key)
	}
	if !sc.mayEdit() {
		return Value{}, errs.E(errs.Forbidden, "Only the leader and the core group of %s can edit the canvas. Suggest a change to them, or take part in the next vision workshop.", sc.c.Name)
	}
	if base < 0 {
		return Value{}, errs.Field("base", "The revision this edit is based on cannot be negative.")
	}
	body, err := check(sec, in)
	if err != nil {
		return Value{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		_, err := s.write(ctx, sc.c.ID, sec, base, body, user.ID, 0)
		return err
	})
	if err != nil {
		return Value{}, err
	}
	cv, err := s.ByCommunity(ctx, sc.c)
	if err != nil {
		return Value{}, err
	}
	return cv.Section(key), nil
}

// write adds a revision of sec based on base, in ctx's transaction, and
// logs it. It returns the new revision, or base when body is what the
// section holds already.
func (s *Service) write(ctx context.Context, communityID int64, sec Section, base int, body string, editorID, workshopID int64) (int, error) {
	var cur int
	var curBody string
	err := s.db.QueryRowContext(ctx, `SELECT revision, body FROM canvas_revisions WHERE community_id = $1 AND section = $2
		ORDER BY revision DESC LIMIT 1`, communityID, sec.Key).Scan(&cur, &curBody)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("canvas: current %s: %w", sec.Key, err)
	}
	if base != cur {
		return 0, errConflict()
	}
	if cur > 0 && curBody == body {
		return cur, nil
	}
	now := s.clock.Now()
	var ws any
	if workshopID != 0 {
		ws = workshopID
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO canvas_revisions (community_id, section, revision, body, editor_id, workshop_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, communityID, sec.Key, cur+1, body, editorID, ws, store.Millis(now))
	if store.IsUniqueViolation(err) {
		// Another transaction wrote the same revision first.
		return 0, errConflict()
	}
	if err != nil {
		return 0, fmt.Errorf("canvas: save %s: %w", sec.Key, err)
	}
	detail := map[string]any{"section": sec.Key, "label": sec.Label, "revision": cur + 1}
	if workshopID != 0 {
		detail["workshop_id"] = workshopID
	}
	if err := s.log.Record(ctx, activity.Entry{At: now, CommunityID: communityID, ActorID: editorID, Kind: ActivityEdited,
		SubjectType: "community", SubjectID: communityID, Detail: detail}); err != nil {
		return 0, err
	}
	return cur + 1, nil
}

// WriteFromWorkshop adds a revision of section key on top of whatever the
// section holds, credited to workshop workshopID and its facilitator
// editorID. It must run inside the workshop's transaction; the workshop
// has checked that editorID may do it. The text is checked like an
// editor's.
func (s *Service) WriteFromWorkshop(ctx context.Context, communityID int64, key, text string, editorID, workshopID int64) (int, error) {
	if !store.InTx(ctx) {
		return 0, fmt.Errorf("canvas: WriteFromWorkshop outside a transaction")
	}
	sec, ok := SectionByKey(key)
	if !ok || sec.Kind == ForceField {
		return 0, errNoSection(key)
	}
	body, err := check(sec, Input{Text: text})
	if err != nil {
		return 0, err
	}
	var cur int
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(revision), 0) FROM canvas_revisions WHERE community_id = $1 AND section = $2`,
		communityID, key).Scan(&cur); err != nil {
		return 0, fmt.Errorf("canvas: current %s: %w", key, err)
	}
	return s.write(ctx, communityID, sec, cur, body, editorID, workshopID)
}
