// Package workshop runs the live vision workshop that fills a community's
// canvas (seed 004: a two-hour workshop that alternates divergent and
// convergent moments, individual then collective reflection).
//
// A facilitator (the leader or someone in the core group) opens a
// workshop on one or more canvas sections. Participants are members, or
// guests who join with a short code and a display name (no account; they
// hold a secret token in a cookie and see nothing else of the community).
// The steps:
//
//   - write: everyone writes notes alone; nobody sees anyone else's notes,
//     the facilitator included, who sees only how many each wrote;
//   - group: the facilitator reveals every note; notes are grouped;
//   - vote: each participant places up to N dots on the groups (several on
//     one group allowed, never more than N in all);
//   - result: the tally; the facilitator sends the winning groups to the
//     canvas, as a revision credited to the workshop;
//   - elect: members elect the leader, one ballot each; the facilitator may
//     apply the result, which hands the leadership over through the
//     community's own rules;
//   - closed.
//
// Each step may have a timer; the server's clock decides when it is up.
// Every change bumps the workshop's version in the same transaction, so a
// live page on any replica learns of it by polling one column.
package workshop

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/canvas"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
)

// Kinds of activity entry. Subjects are ("workshop", id). Notes, groups
// and dots are the workshop's scratch work and stay in its own tables;
// the log records the decisions.
const (
	ActivityOpened  = "workshop.opened"
	ActivityStep    = "workshop.step"
	ActivitySent    = "workshop.sent"
	ActivityElected = "workshop.leader_elected"
	ActivityClosed  = "workshop.closed"
)

// NoteOpened is the inbox note members get when a workshop opens.
const NoteOpened = "workshop_opened"

// Limits.
const (
	TitleMin, TitleMax = 3, 120
	NoteMax            = 500
	GroupTitleMax      = 120
	NameMin, NameMax   = 2, 60
	MaxDots            = 20
	MaxTimerMinutes    = 180
	CodeLength         = 6
)

// Step is where a workshop stands.
type Step string

// The steps, in order.
const (
	StepWrite  Step = "write"
	StepGroup  Step = "group"
	StepVote   Step = "vote"
	StepResult Step = "result"
	StepElect  Step = "elect"
	StepClosed Step = "closed"
)

// Steps lists the steps in order.
func Steps() []Step { return []Step{StepWrite, StepGroup, StepVote, StepResult, StepElect, StepClosed} }

// Label names the step for people.
func (s Step) Label() string {
	switch s {
	case StepWrite:
		return "Write alone"
	case StepGroup:
		return "Reveal and group"
	case StepVote:
		return "Dot vote"
	case StepResult:
		return "Result to the canvas"
	case StepElect:
		return "Elect the leader"
	case StepClosed:
		return "Closed"
	}
	return string(s)
}

// About says what happens in the step, in a sentence.
func (s Step) About() string {
	switch s {
	case StepWrite:
		return "Everyone writes their own notes, alone and in silence: nobody sees anyone else's notes yet, so every voice counts before the group converges."
	case StepGroup:
		return "All notes are on the wall. Put notes that say the same thing together and give each group a short title."
	case StepVote:
		return "Place your dots on the groups that matter most. You may put several dots on one group."
	case StepResult:
		return "The groups with the most dots. The facilitator sends the winners to the canvas."
	case StepElect:
		return "Members elect the community's leader: one vote each."
	case StepClosed:
		return "The workshop is over. Its results are on the canvas."
	}
	return ""
}

// Next is the step after s.
func (s Step) Next() Step {
	steps := Steps()
	for i, x := range steps {
		if x == s && i+1 < len(steps) {
			return steps[i+1]
		}
	}
	return StepClosed
}

// Service is the workshop area's logic.
type Service struct {
	db          *store.DB
	clock       clock.Clock
	log         *activity.Log
	communities *community.Service
	inbox       *notify.Inbox
	canvas      *canvas.Service
	// done is closed by Shutdown, so live streams end with the server.
	done chan struct{}
}

// New returns the workshop Service.
func New(db *store.DB, c clock.Clock, log *activity.Log, communities *community.Service, inbox *notify.Inbox, cv *canvas.Service) *Service {
	return &Service{db: db, clock: c, log: log, communities: communities, inbox: inbox, canvas: cv, done: make(chan struct{})}
}

// Shutdown ends every live stream (Watch). Call it once, when the server
// shuts down: streams never go idle, so http.Server.Shutdown would
// otherwise wait for them until its deadline.
func (s *Service) Shutdown() {
	select {
	case <-s.done:
	default:
		close(s.done)
	}
}

// Path is the web address of a workshop.
func Path(slug string, id int64) string { return fmt.Sprintf("/c/%s/workshops/%d", slug, id) }

// Viewer is who looks at a workshop: a signed-in user, or a guest known by
// the token they got when joining (or both: a signed-in guest).
type Viewer struct {
	User  account.User
	Token string
}

// Workshop is a workshop's settings and where it stands.
type Workshop struct {
	ID              int64            `json:"id"`
	CommunityID     int64            `json:"community_id"`
	CommunitySlug   string           `json:"community_slug"`
	CommunityName   string           `json:"community_name"`
	Title           string           `json:"title"`
	Sections        []canvas.Section `json:"sections"`
	FacilitatorID   int64            `json:"facilitator_id,omitzero"`
	FacilitatorName string           `json:"facilitator_name,omitzero"`
	// Code is what guests type to join; shown to members only.
	Code       string    `json:"code,omitzero"`
	Step       Step      `json:"step"`
	Dots       int       `json:"dots"`
	StepEndsAt time.Time `json:"step_ends_at,omitzero"`
	Version    int64     `json:"version"`
	ElectedID  int64     `json:"elected_id,omitzero"`
	CreatedAt  time.Time `json:"created_at"`
	ClosedAt   time.Time `json:"closed_at,omitzero"`
	// Participants and Notes count who joined and what was written.
	Participants int `json:"participants"`
	Notes        int `json:"notes"`
}

// Path is the workshop's web address.
func (w Workshop) Path() string { return Path(w.CommunitySlug, w.ID) }

// Open reports whether the workshop still runs.
func (w Workshop) Open() bool { return w.Step != StepClosed }

// HasSection reports whether the workshop works on canvas section key.
func (w Workshop) HasSection(key string) bool {
	for _, s := range w.Sections {
		if s.Key == key {
			return true
		}
	}
	return false
}

// SectionKeys lists the keys of the workshop's sections.
func (w Workshop) SectionKeys() []string {
	out := make([]string, len(w.Sections))
	for i, s := range w.Sections {
		out[i] = s.Key
	}
	return out
}

const workshopColumns = `w.id, w.community_id, c.slug, c.name, w.title, w.sections, COALESCE(w.facilitator_id, 0), COALESCE(u.name, ''),
	w.code, w.step, w.dots, w.step_ends_at, w.version, COALESCE(w.elected_id, 0), w.created_at, w.closed_at,
	(SELECT COUNT(*) FROM workshop_participants p WHERE p.workshop_id = w.id),
	(SELECT COUNT(*) FROM workshop_notes n WHERE n.workshop_id = w.id)`

const workshopFrom = ` FROM workshops w JOIN communities c ON c.id = w.community_id LEFT JOIN users u ON u.id = w.facilitator_id`

func scanWorkshop(row interface{ Scan(...any) error }) (Workshop, error) {
	var w Workshop
	var sections, step string
	var ends, closed sql.NullInt64
	var created int64
	err := row.Scan(&w.ID, &w.CommunityID, &w.CommunitySlug, &w.CommunityName, &w.Title, &sections, &w.FacilitatorID, &w.FacilitatorName,
		&w.Code, &step, &w.Dots, &ends, &w.Version, &w.ElectedID, &created, &closed, &w.Participants, &w.Notes)
	if err != nil {
		return Workshop{}, err
	}
	w.Step, w.CreatedAt = Step(step), store.Time(created)
	w.StepEndsAt, w.ClosedAt = store.NullTime(ends), store.NullTime(closed)
	for _, k := range strings.Fields(sections) {
		if sec, ok := canvas.SectionByKey(k); ok {
			w.Sections = append(w.Sections, sec)
		}
	}
	return w, nil
}

// newCode makes a join code people can read aloud: no 0/O, 1/I/L.
func newCode() (string, error) {
	const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
	b := make([]byte, CodeLength)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b), nil
}

// newToken makes a guest's secret and the hash kept of it.
func newToken() (token, hash string, err error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token), nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NormalizeCode reads a join code as people type it: any case, spaces and
// dashes ignored.
func NormalizeCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, strings.TrimSpace(code))
}

// bump marks a change: live pages poll the version.
func (s *Service) bump(ctx context.Context, id int64) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE workshops SET version = version + 1, updated_at = $1 WHERE id = $2`,
		store.Millis(s.clock.Now()), id); err != nil {
		return fmt.Errorf("workshop: bump %d: %w", id, err)
	}
	return nil
}

func (s *Service) record(ctx context.Context, w Workshop, actorID int64, kind string, detail map[string]any) error {
	return s.log.Record(ctx, activity.Entry{At: s.clock.Now(), CommunityID: w.CommunityID, ActorID: actorID, Kind: kind,
		SubjectType: "workshop", SubjectID: w.ID, Detail: detail})
}

func errNoWorkshop() error {
	return errs.E(errs.NotFound, "There is no such workshop here, or you have not joined it. Ask the facilitator for the join code.")
}

func errClosed() error {
	return errs.E(errs.Conflict, "This workshop is closed. Its results are on the community's canvas.")
}

func errStep(want Step, w Workshop) error {
	return errs.E(errs.Conflict, "That belongs to the step “%s”, and the workshop is at “%s”.", want.Label(), w.Step.Label())
}

// timeUp reports whether the current step's timer has run out.
func (s *Service) timeUp(w Workshop) bool {
	return !w.StepEndsAt.IsZero() && !s.clock.Now().Before(w.StepEndsAt)
}

// SectionChoices lists the canvas sections a workshop can work on.
func SectionChoices() []canvas.Section {
	var out []canvas.Section
	for _, s := range canvas.Sections() {
		if s.Workshop {
			out = append(out, s)
		}
	}
	return out
}

func containsKey(keys []string, k string) bool { return slices.Contains(keys, k) }
