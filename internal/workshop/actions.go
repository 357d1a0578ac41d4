package workshop

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/canvas"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

func minutes(n int) time.Duration { return time.Duration(n) * time.Minute }

// participantAccess is access for an action only participants take.
func (s *Service) participantAccess(ctx context.Context, slug string, id int64, v Viewer) (access, error) {
	a, err := s.access(ctx, slug, id, v)
	if err != nil {
		return access{}, err
	}
	if !a.w.Open() {
		return access{}, errClosed()
	}
	if !a.joined() {
		return access{}, errs.E(errs.Forbidden, "Join the workshop first.")
	}
	return a, nil
}

// facilitatorAccess is access for the facilitator's actions.
func (s *Service) facilitatorAccess(ctx context.Context, user account.User, slug string, id int64) (access, error) {
	if user.ID == 0 {
		return access{}, errs.E(errs.Unauthorized, "Sign in to facilitate the workshop.")
	}
	a, err := s.access(ctx, slug, id, Viewer{User: user})
	if err != nil {
		return access{}, err
	}
	if !a.facilitates() {
		return access{}, errs.E(errs.Forbidden, "Only the facilitator, the leader and the core group can do that.")
	}
	if !a.w.Open() {
		return access{}, errClosed()
	}
	return a, nil
}

// AddNote adds a note to section of workshop id, written by viewer v, who
// must have joined. Notes are taken only during the write step and, when
// the step has a timer, until the server's clock says it is up.
func (s *Service) AddNote(ctx context.Context, slug string, id int64, v Viewer, section, text string) (Note, error) {
	a, err := s.participantAccess(ctx, slug, id, v)
	if err != nil {
		return Note{}, err
	}
	if a.w.Step != StepWrite {
		return Note{}, errs.E(errs.Conflict, "Notes are written in the first step, and the workshop has moved on to “%s”. Your note was not added; share it aloud.", a.w.Step.Label())
	}
	if s.timeUp(a.w) {
		return Note{}, errs.E(errs.Conflict, "Time is up for writing; your note was not added. The facilitator will reveal the notes now.")
	}
	var f errs.Fields
	if !a.w.HasSection(section) {
		f.Add("section", "Choose one of this workshop's sections: "+strings.Join(a.w.SectionKeys(), ", ")+".")
	}
	text = validate.Text(&f, "text", "Your note", text, 1, NoteMax, true)
	if err := f.Err(); err != nil {
		return Note{}, err
	}
	n := Note{Section: section, Text: text, Mine: true}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.db.QueryRowContext(ctx, `INSERT INTO workshop_notes (workshop_id, participant_id, section, body, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, a.w.ID, a.me.ID, section, text, store.Millis(s.clock.Now())).Scan(&n.ID); err != nil {
			return fmt.Errorf("workshop: add note: %w", err)
		}
		return s.bump(ctx, a.w.ID)
	})
	return n, err
}

// Advance moves workshop id to its next step (from write, that reveals
// every note), with a timer of timerMinutes for the new step (0: none).
// Moving on from the result step to the election is where a workshop
// that does not elect a leader may close instead (Close).
func (s *Service) Advance(ctx context.Context, user account.User, slug string, id int64, timerMinutes int) (Workshop, error) {
	a, err := s.facilitatorAccess(ctx, user, slug, id)
	if err != nil {
		return Workshop{}, err
	}
	if timerMinutes < 0 || timerMinutes > MaxTimerMinutes {
		return Workshop{}, errs.Field("minutes", fmt.Sprintf("The timer runs from 1 to %d minutes; leave it empty for none.", MaxTimerMinutes))
	}
	next := a.w.Step.Next()
	if next == StepGroup && a.w.Notes == 0 {
		return Workshop{}, errs.E(errs.Conflict, "Nobody has written a note yet; there is nothing to reveal.")
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		now := s.clock.Now()
		var ends any
		if timerMinutes > 0 {
			ends = store.Millis(now.Add(minutes(timerMinutes)))
		}
		var closed any
		if next == StepClosed {
			closed = store.Millis(now)
		}
		res, err := s.db.ExecContext(ctx, `UPDATE workshops SET step = $1, step_ends_at = $2, closed_at = $3 WHERE id = $4 AND step = $5`,
			string(next), ends, closed, a.w.ID, string(a.w.Step))
		if err != nil {
			return fmt.Errorf("workshop: advance: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "Someone moved the workshop on at the same moment; look at where it stands now.")
		}
		if err := s.bump(ctx, a.w.ID); err != nil {
			return err
		}
		kind := ActivityStep
		if next == StepClosed {
			kind = ActivityClosed
		}
		return s.record(ctx, a.w, user.ID, kind, map[string]any{"title": a.w.Title, "from": string(a.w.Step), "to": string(next)})
	})
	if err != nil {
		return Workshop{}, err
	}
	a, err = s.access(ctx, slug, id, Viewer{User: user})
	return a.w, err
}

// Close ends workshop id at any step. Notes, groups and votes stay, for
// the record; nobody can join or change anything any more.
func (s *Service) Close(ctx context.Context, user account.User, slug string, id int64) error {
	a, err := s.facilitatorAccess(ctx, user, slug, id)
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		now := store.Millis(s.clock.Now())
		if _, err := s.db.ExecContext(ctx, `UPDATE workshops SET step = 'closed', step_ends_at = NULL, closed_at = $1 WHERE id = $2`, now, a.w.ID); err != nil {
			return fmt.Errorf("workshop: close: %w", err)
		}
		if err := s.bump(ctx, a.w.ID); err != nil {
			return err
		}
		return s.record(ctx, a.w, user.ID, ActivityClosed, map[string]any{"title": a.w.Title, "from": string(a.w.Step)})
	})
}

// AddGroup adds a group titled title to section, during the group step.
func (s *Service) AddGroup(ctx context.Context, slug string, id int64, v Viewer, section, title string) (Group, error) {
	a, err := s.participantAccess(ctx, slug, id, v)
	if err != nil {
		return Group{}, err
	}
	if a.w.Step != StepGroup {
		return Group{}, errStep(StepGroup, a.w)
	}
	var f errs.Fields
	if !a.w.HasSection(section) {
		f.Add("section", "Choose one of this workshop's sections: "+strings.Join(a.w.SectionKeys(), ", ")+".")
	}
	title = validate.Text(&f, "title", "The group's title", title, 1, GroupTitleMax, false)
	if err := f.Err(); err != nil {
		return Group{}, err
	}
	g := Group{Section: section, Title: title, Notes: []Note{}}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.db.QueryRowContext(ctx, `INSERT INTO workshop_groups (workshop_id, section, title, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			a.w.ID, section, title, store.Millis(s.clock.Now())).Scan(&g.ID); err != nil {
			return fmt.Errorf("workshop: add group: %w", err)
		}
		return s.bump(ctx, a.w.ID)
	})
	return g, err
}

// MoveNote puts note noteID into group groupID (0 takes it out of any
// group), during the group step. The group must be of the note's section.
func (s *Service) MoveNote(ctx context.Context, slug string, id int64, v Viewer, noteID, groupID int64) error {
	a, err := s.participantAccess(ctx, slug, id, v)
	if err != nil {
		return err
	}
	if a.w.Step != StepGroup {
		return errStep(StepGroup, a.w)
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		var section string
		if err := s.db.QueryRowContext(ctx, `SELECT section FROM workshop_notes WHERE id = $1 AND workshop_id = $2`, noteID, a.w.ID).Scan(&section); err != nil {
			return errs.Wrap(errs.NotFound, store.NotFound(err, "note"), "There is no such note in this workshop.")
		}
		var target any
		if groupID != 0 {
			var gs string
			if err := s.db.QueryRowContext(ctx, `SELECT section FROM workshop_groups WHERE id = $1 AND workshop_id = $2`, groupID, a.w.ID).Scan(&gs); err != nil {
				return errs.Field("group", "There is no such group in this workshop; it may have been removed.")
			}
			if gs != section {
				return errs.Field("group", "Put the note in a group of its own section.")
			}
			target = groupID
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE workshop_notes SET group_id = $1 WHERE id = $2`, target, noteID); err != nil {
			return fmt.Errorf("workshop: move note: %w", err)
		}
		return s.bump(ctx, a.w.ID)
	})
}

// Vote sets viewer v's dots: dots maps a group to how many dots it gets
// (0 or absent: none). Several dots on one group are allowed; more than
// the workshop's N in total is refused and the earlier dots stay as they
// were.
func (s *Service) Vote(ctx context.Context, slug string, id int64, v Viewer, dots map[int64]int) error {
	a, err := s.participantAccess(ctx, slug, id, v)
	if err != nil {
		return err
	}
	if a.w.Step != StepVote {
		return errStep(StepVote, a.w)
	}
	if s.timeUp(a.w) {
		return errs.E(errs.Conflict, "Time is up for voting; your dots were not changed.")
	}
	total := 0
	for _, n := range dots {
		if n < 0 {
			return errs.Field("dots", "A group cannot get fewer than 0 dots.")
		}
		total += n
	}
	if total > a.w.Dots {
		return errs.Field("dots", fmt.Sprintf("You have %d dots and placed %d. Take %d off, then vote again; your earlier dots are unchanged.", a.w.Dots, total, total-a.w.Dots))
	}
	ids := make([]int64, 0, len(dots))
	for g := range dots {
		ids = append(ids, g)
	}
	slices.Sort(ids)
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.ExecContext(ctx, `DELETE FROM workshop_votes WHERE workshop_id = $1 AND participant_id = $2`, a.w.ID, a.me.ID); err != nil {
			return fmt.Errorf("workshop: vote: %w", err)
		}
		for _, g := range ids {
			n := dots[g]
			if n == 0 {
				continue
			}
			var ok int
			if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM workshop_groups WHERE id = $1 AND workshop_id = $2`, g, a.w.ID).Scan(&ok); err != nil {
				return fmt.Errorf("workshop: vote: %w", err)
			}
			if ok == 0 {
				return errs.Field("dots", "One of the groups you voted for is not in this workshop any more; reload the page.")
			}
			if _, err := s.db.ExecContext(ctx, `INSERT INTO workshop_votes (workshop_id, participant_id, group_id, dots) VALUES ($1, $2, $3, $4)`,
				a.w.ID, a.me.ID, g, n); err != nil {
				return fmt.Errorf("workshop: vote: %w", err)
			}
		}
		return s.bump(ctx, a.w.ID)
	})
}

// Send writes the chosen groups to the canvas, one revision per section,
// credited to the workshop and its facilitator: for a text section, the
// groups in tally order as a list with their notes; for the name, the
// title of the first. Only in the result step.
func (s *Service) Send(ctx context.Context, user account.User, slug string, id int64, groupIDs []int64) ([]string, error) {
	a, err := s.facilitatorAccess(ctx, user, slug, id)
	if err != nil {
		return nil, err
	}
	if a.w.Step != StepResult {
		return nil, errStep(StepResult, a.w)
	}
	if len(groupIDs) == 0 {
		return nil, errs.Field("groups", "Choose at least one group to send to the canvas.")
	}
	st, err := s.state(ctx, a)
	if err != nil {
		return nil, err
	}
	var written []string
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		for _, b := range st.Boards {
			var chosen []Group
			for _, g := range b.Groups {
				if slices.Contains(groupIDs, g.ID) {
					chosen = append(chosen, g)
				}
			}
			if len(chosen) == 0 {
				continue
			}
			if _, err := s.canvas.WriteFromWorkshop(ctx, a.w.CommunityID, b.Section.Key, sectionText(b.Section, chosen), user.ID, a.w.ID); err != nil {
				return err
			}
			for _, g := range chosen {
				if _, err := s.db.ExecContext(ctx, `UPDATE workshop_groups SET sent_at = $1 WHERE id = $2`, store.Millis(s.clock.Now()), g.ID); err != nil {
					return fmt.Errorf("workshop: mark sent: %w", err)
				}
			}
			written = append(written, b.Section.Key)
		}
		if len(written) == 0 {
			return errs.Field("groups", "None of the chosen groups is in this workshop.")
		}
		if err := s.bump(ctx, a.w.ID); err != nil {
			return err
		}
		return s.record(ctx, a.w, user.ID, ActivitySent, map[string]any{"title": a.w.Title, "sections": written, "groups": len(groupIDs)})
	})
	if err != nil {
		return nil, err
	}
	return written, nil
}

// sectionText is what the chosen groups become on the canvas.
func sectionText(sec canvas.Section, groups []Group) string {
	if sec.Kind == canvas.Line {
		return groups[0].Title
	}
	var b strings.Builder
	for _, g := range groups {
		fmt.Fprintf(&b, "- **%s**", g.Title)
		var notes []string
		for _, n := range g.Notes {
			notes = append(notes, strings.ReplaceAll(n.Text, "\n", " "))
		}
		if len(notes) > 0 {
			b.WriteString(": " + strings.Join(notes, "; "))
		}
		b.WriteString("\n")
	}
	out := b.String()
	if r := []rune(out); len(r) > sec.Max {
		out = string(r[:sec.Max-1]) + "…"
	}
	return out
}

// Ballot records viewer v's vote for candidateID as leader, replacing an
// earlier one. Only participants who are members vote, once each.
func (s *Service) Ballot(ctx context.Context, slug string, id int64, v Viewer, candidateID int64) error {
	a, err := s.participantAccess(ctx, slug, id, v)
	if err != nil {
		return err
	}
	if a.w.Step != StepElect {
		return errStep(StepElect, a.w)
	}
	if !a.m.IsMember() || a.me.UserID == 0 {
		return errs.E(errs.Forbidden, "Only members of the community elect its leader; guests take part in everything else.")
	}
	cm, err := s.communities.Membership(ctx, a.w.CommunityID, candidateID)
	if err != nil {
		return err
	}
	if !cm.IsMember() || cm.Role == community.Sponsor {
		return errs.Field("candidate", "Choose a member of the community.")
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.ExecContext(ctx, `DELETE FROM workshop_ballots WHERE workshop_id = $1 AND participant_id = $2`, a.w.ID, a.me.ID); err != nil {
			return fmt.Errorf("workshop: ballot: %w", err)
		}
		if _, err := s.db.ExecContext(ctx, `INSERT INTO workshop_ballots (workshop_id, participant_id, candidate_id, created_at) VALUES ($1, $2, $3, $4)`,
			a.w.ID, a.me.ID, candidateID, store.Millis(s.clock.Now())); err != nil {
			return fmt.Errorf("workshop: ballot: %w", err)
		}
		return s.bump(ctx, a.w.ID)
	})
}

// ApplyElection makes the elected member the community's leader, through
// the community's own handover rules (only the current leader may hand
// over; the old leader joins the core group), writes the canvas's leader
// section, and records the result. A tie, or no ballot, is refused.
func (s *Service) ApplyElection(ctx context.Context, user account.User, slug string, id int64) (Candidate, error) {
	a, err := s.facilitatorAccess(ctx, user, slug, id)
	if err != nil {
		return Candidate{}, err
	}
	if a.w.Step != StepElect {
		return Candidate{}, errStep(StepElect, a.w)
	}
	cands, _, ballots, err := s.candidates(ctx, a)
	if err != nil {
		return Candidate{}, err
	}
	if ballots == 0 {
		return Candidate{}, errs.E(errs.Conflict, "Nobody has voted yet.")
	}
	slices.SortStableFunc(cands, func(x, y Candidate) int { return y.Votes - x.Votes })
	if len(cands) > 1 && cands[0].Votes == cands[1].Votes {
		return Candidate{}, errs.E(errs.Conflict, "%s and %s have %d votes each. Talk it over and vote again; nothing was changed.", cands[0].Name, cands[1].Name, cands[0].Votes)
	}
	win := cands[0]
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.communities.SetRole(ctx, user, slug, win.UserID, community.Leader); err != nil {
			return err
		}
		text := fmt.Sprintf("%s, elected by the members at the workshop “%s” (%d of %d votes).", win.Name, a.w.Title, win.Votes, ballots)
		if _, err := s.canvas.WriteFromWorkshop(ctx, a.w.CommunityID, canvas.KeyLeader, text, user.ID, a.w.ID); err != nil {
			return err
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE workshops SET elected_id = $1 WHERE id = $2`, win.UserID, a.w.ID); err != nil {
			return fmt.Errorf("workshop: elected: %w", err)
		}
		if err := s.bump(ctx, a.w.ID); err != nil {
			return err
		}
		return s.record(ctx, a.w, user.ID, ActivityElected, map[string]any{"title": a.w.Title, "leader": win.Name, "leader_id": win.UserID, "votes": win.Votes, "ballots": ballots})
	})
	if err != nil {
		return Candidate{}, err
	}
	return win, nil
}
