package workshop

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"cultivate/internal/canvas"
)

// Note is one sticky note.
type Note struct {
	ID      int64  `json:"id"`
	Section string `json:"section"`
	Text    string `json:"text"`
	GroupID int64  `json:"group_id,omitzero"`
	// Mine is true for the viewer's own notes. Authors are never shown:
	// after the reveal, ideas stand on their own.
	Mine bool `json:"mine"`
}

// Group is notes put together under a title.
type Group struct {
	ID      int64  `json:"id"`
	Section string `json:"section"`
	Title   string `json:"title"`
	Notes   []Note `json:"notes"`
	// Dots is the tally, shown once voting is over; MyDots the viewer's own.
	Dots   int  `json:"dots"`
	MyDots int  `json:"my_dots"`
	Sent   bool `json:"sent"`
	// Rank is the group's place in the tally within its section (1 is
	// first), once voting is over.
	Rank int `json:"rank,omitzero"`
}

// Board is one canvas section's part of the wall.
type Board struct {
	Section canvas.Section `json:"section"`
	// Count is how many notes the section holds (all anyone sees while
	// writing).
	Count int `json:"count"`
	// Mine are the viewer's own notes (the write step).
	Mine []Note `json:"mine"`
	// Loose are the revealed notes not in a group yet.
	Loose  []Note  `json:"loose"`
	Groups []Group `json:"groups"`
}

// Candidate is a member who may be elected leader.
type Candidate struct {
	UserID int64  `json:"user_id"`
	Name   string `json:"name"`
	Role   string `json:"role"`
	Votes  int    `json:"votes"`
}

// Can says what the viewer may do now, so pages show only what works.
type Can struct {
	Join    bool `json:"join"`
	Write   bool `json:"write"`
	Group   bool `json:"group"`
	Vote    bool `json:"vote"`
	Ballot  bool `json:"ballot"`
	Advance bool `json:"advance"`
	Send    bool `json:"send"`
	Apply   bool `json:"apply"`
	Close   bool `json:"close"`
}

// State is everything a participant's page shows, as that viewer may see
// it: during the write step their own notes and everyone's counts only.
type State struct {
	Workshop
	Me           Participant   `json:"me"`
	Facilitates  bool          `json:"facilitates"`
	Member       bool          `json:"member"`
	People       []Participant `json:"people"`
	Boards       []Board       `json:"boards"`
	DotsUsed     int           `json:"dots_used"`
	DotsLeft     int           `json:"dots_left"`
	Candidates   []Candidate   `json:"candidates"`
	MyBallot     int64         `json:"my_ballot,omitzero"`
	Ballots      int           `json:"ballots"`
	Remaining    time.Duration `json:"remaining_ns,omitzero"`
	TimeUp       bool          `json:"time_up"`
	CanvasFilled []string      `json:"canvas_filled"`
	Can          Can           `json:"can"`
}

// RemainingSeconds is the timer's remaining time in whole seconds.
func (st State) RemainingSeconds() int { return int(st.Remaining / time.Second) }

// Revealed reports whether notes are on the wall for everyone.
func (st State) Revealed() bool { return st.Step != StepWrite }

// Tallied reports whether the vote is over and dots may be shown.
func (st State) Tallied() bool {
	return st.Step == StepResult || st.Step == StepElect || st.Step == StepClosed
}

// State returns workshop id as viewer v sees it.
func (s *Service) State(ctx context.Context, slug string, id int64, v Viewer) (State, error) {
	a, err := s.access(ctx, slug, id, v)
	if err != nil {
		return State{}, err
	}
	return s.state(ctx, a)
}

func (s *Service) state(ctx context.Context, a access) (State, error) {
	st := State{Workshop: a.w, Me: a.me, Facilitates: a.facilitates(), Member: a.m.IsMember()}
	now := s.clock.Now()
	if !a.w.StepEndsAt.IsZero() && a.w.Open() {
		if now.Before(a.w.StepEndsAt) {
			st.Remaining = a.w.StepEndsAt.Sub(now)
		} else {
			st.TimeUp = true
		}
	}
	var err error
	if st.People, err = s.people(ctx, a.w.ID); err != nil {
		return State{}, err
	}
	notes, err := s.notes(ctx, a.w.ID, a.me.ID)
	if err != nil {
		return State{}, err
	}
	groups, err := s.groups(ctx, a.w.ID, a.me.ID)
	if err != nil {
		return State{}, err
	}
	for _, g := range groups {
		st.DotsUsed += g.MyDots
	}
	st.DotsLeft = max(a.w.Dots-st.DotsUsed, 0)
	for _, sec := range a.w.Sections {
		b := Board{Section: sec, Mine: []Note{}, Loose: []Note{}, Groups: []Group{}}
		for _, n := range notes {
			if n.Section != sec.Key {
				continue
			}
			b.Count++
			if n.Mine && a.w.Step == StepWrite {
				b.Mine = append(b.Mine, n)
			}
			if a.w.Step != StepWrite && n.GroupID == 0 {
				b.Loose = append(b.Loose, n)
			}
		}
		if a.w.Step != StepWrite {
			for _, g := range groups {
				if g.Section != sec.Key {
					continue
				}
				for _, n := range notes {
					if n.GroupID == g.ID {
						g.Notes = append(g.Notes, n)
					}
				}
				if g.Notes == nil {
					g.Notes = []Note{}
				}
				b.Groups = append(b.Groups, g)
			}
		}
		if st.Tallied() {
			slices.SortStableFunc(b.Groups, func(x, y Group) int { return y.Dots - x.Dots })
			for i := range b.Groups {
				b.Groups[i].Rank = i + 1
			}
		} else {
			for i := range b.Groups {
				b.Groups[i].Dots = 0
			}
		}
		st.Boards = append(st.Boards, b)
	}
	if a.w.Step == StepElect || a.w.Step == StepClosed {
		if st.Candidates, st.MyBallot, st.Ballots, err = s.candidates(ctx, a); err != nil {
			return State{}, err
		}
	}
	open := a.w.Open()
	st.Can = Can{
		Join:    open && !a.joined() && a.m.IsMember(),
		Write:   open && a.joined() && a.w.Step == StepWrite && !st.TimeUp,
		Group:   open && a.joined() && a.w.Step == StepGroup,
		Vote:    open && a.joined() && a.w.Step == StepVote && !st.TimeUp,
		Ballot:  open && a.joined() && a.m.IsMember() && a.w.Step == StepElect,
		Advance: open && st.Facilitates,
		Send:    open && st.Facilitates && a.w.Step == StepResult,
		Apply:   open && st.Facilitates && a.w.Step == StepElect,
		Close:   open && st.Facilitates,
	}
	return st, nil
}

func (s *Service) people(ctx context.Context, id int64) ([]Participant, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.user_id, p.name, (SELECT COUNT(*) FROM workshop_notes n WHERE n.participant_id = p.id)
		FROM workshop_participants p WHERE p.workshop_id = $1 ORDER BY p.id`, id)
	if err != nil {
		return nil, fmt.Errorf("workshop: people: %w", err)
	}
	defer rows.Close()
	out := []Participant{}
	for rows.Next() {
		var p Participant
		var uid sql.NullInt64
		if err := rows.Scan(&p.ID, &uid, &p.Name, &p.Notes); err != nil {
			return nil, fmt.Errorf("workshop: people: %w", err)
		}
		p.UserID, p.Guest = uid.Int64, !uid.Valid
		out = append(out, p)
	}
	return out, rows.Err()
}

// notes reads every note; callers decide what the viewer may see.
func (s *Service) notes(ctx context.Context, id, me int64) ([]Note, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, section, body, COALESCE(group_id, 0), participant_id FROM workshop_notes
		WHERE workshop_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("workshop: notes: %w", err)
	}
	defer rows.Close()
	var out []Note
	for rows.Next() {
		var n Note
		var author int64
		if err := rows.Scan(&n.ID, &n.Section, &n.Text, &n.GroupID, &author); err != nil {
			return nil, fmt.Errorf("workshop: notes: %w", err)
		}
		n.Mine = me != 0 && author == me
		out = append(out, n)
	}
	return out, rows.Err()
}

func (s *Service) groups(ctx context.Context, id, me int64) ([]Group, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT g.id, g.section, g.title, g.sent_at IS NOT NULL,
			COALESCE((SELECT SUM(v.dots) FROM workshop_votes v WHERE v.group_id = g.id), 0),
			COALESCE((SELECT v.dots FROM workshop_votes v WHERE v.group_id = g.id AND v.participant_id = $2), 0)
		FROM workshop_groups g WHERE g.workshop_id = $1 ORDER BY g.id`, id, me)
	if err != nil {
		return nil, fmt.Errorf("workshop: groups: %w", err)
	}
	defer rows.Close()
	var out []Group
	for rows.Next() {
		var g Group
		if err := rows.Scan(&g.ID, &g.Section, &g.Title, &g.Sent, &g.Dots, &g.MyDots); err != nil {
			return nil, fmt.Errorf("workshop: groups: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// candidates are the community's members (sponsors apart), with their
// votes, the viewer's ballot and how many ballots were cast.
func (s *Service) candidates(ctx context.Context, a access) ([]Candidate, int64, int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, u.name, m.role,
			(SELECT COUNT(*) FROM workshop_ballots b WHERE b.workshop_id = $2 AND b.candidate_id = u.id)
		FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.community_id = $1 AND m.role <> 'sponsor' ORDER BY u.name, u.id`, a.w.CommunityID, a.w.ID)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("workshop: candidates: %w", err)
	}
	var out []Candidate
	for rows.Next() {
		var c Candidate
		if err := rows.Scan(&c.UserID, &c.Name, &c.Role, &c.Votes); err != nil {
			rows.Close()
			return nil, 0, 0, fmt.Errorf("workshop: candidates: %w", err)
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, 0, fmt.Errorf("workshop: candidates: %w", err)
	}
	var mine sql.NullInt64
	var n int
	err = s.db.QueryRowContext(ctx, `SELECT (SELECT candidate_id FROM workshop_ballots WHERE workshop_id = $1 AND participant_id = $2),
		(SELECT COUNT(*) FROM workshop_ballots WHERE workshop_id = $1)`, a.w.ID, a.me.ID).Scan(&mine, &n)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("workshop: ballots: %w", err)
	}
	return out, mine.Int64, n, nil
}

// Version returns workshop id's version, the number every change bumps.
// It reads one row and checks nothing: call it only for a stream that
// State already allowed.
func (s *Service) Version(ctx context.Context, id int64) (int64, error) {
	var v int64
	if err := s.db.QueryRowContext(ctx, `SELECT version FROM workshops WHERE id = $1`, id).Scan(&v); err != nil {
		return 0, fmt.Errorf("workshop: version %d: %w", id, err)
	}
	return v, nil
}

// Watch calls changed with each new version of workshop id, polling the
// database every interval (so a change made on any replica is seen), until
// ctx ends, the service shuts down or changed returns an error. Polling a
// primary key costs one indexed read per stream per interval on either
// engine; PostgreSQL's LISTEN/NOTIFY would save those reads but needs a
// dedicated connection per replica and a second path for SQLite.
func (s *Service) Watch(ctx context.Context, id, since int64, interval time.Duration, tick func() error, changed func(version int64) error) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	last := since
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.done:
			return nil
		case <-t.C:
		}
		v, err := s.Version(ctx, id)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		if v != last {
			last = v
			if err := changed(v); err != nil {
				return err
			}
		} else if tick != nil {
			if err := tick(); err != nil {
				return err
			}
		}
	}
}
