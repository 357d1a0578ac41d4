package api

import (
	"time"

	"cultivate/internal/canvas"
	"cultivate/internal/workshop"
)

// The vision canvas and the live workshop as JSON (issue 5). A value that
// may be absent is null, never left out.

type forceJSON struct {
	Direction string `json:"direction" enum:"supports,hinders"`
	Strength  int    `json:"strength" doc:"From 1 (weak) to 5 (strong)."`
	Text      string `json:"text"`
}

type workshopRefJSON struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

// canvasSectionJSON is one section of a canvas at one revision.
type canvasSectionJSON struct {
	Key       string           `json:"key" enum:"vision,how,impact,resources,forces,name,leader"`
	Label     string           `json:"label"`
	Kind      string           `json:"kind" enum:"markdown,line,force_field"`
	Prompt    string           `json:"prompt" doc:"The question the section answers."`
	About     string           `json:"about" doc:"What the section is, with its source credited."`
	Revision  int              `json:"revision" doc:"0 while the section was never written; send it back as base_revision when saving."`
	Text      string           `json:"text" doc:"Markdown (or one line, for the name); empty for the force field."`
	Forces    []forceJSON      `json:"forces" doc:"The force field's forces; empty for the other sections."`
	Editor    *authorJSON      `json:"editor" doc:"Who saved this revision; null before the first save or when the account is gone."`
	Workshop  *workshopRefJSON `json:"workshop" doc:"The workshop this revision came from; null for an edit."`
	WrittenAt *time.Time       `json:"written_at" doc:"When this revision was saved; null before the first save."`
}

func newCanvasSection(v canvas.Value) canvasSectionJSON {
	out := canvasSectionJSON{Key: v.Key, Label: v.Label, Kind: string(v.Kind), Prompt: v.Prompt, About: v.About, Revision: v.Revision,
		Text: v.Text, Forces: []forceJSON{}}
	for _, f := range v.Forces {
		out.Forces = append(out.Forces, forceJSON{Direction: string(f.Direction), Strength: f.Strength, Text: f.Text})
	}
	if v.EditorID != 0 {
		out.Editor = &authorJSON{ID: v.EditorID, Name: v.EditorName}
	}
	if v.WorkshopID != 0 {
		out.Workshop = &workshopRefJSON{ID: v.WorkshopID, Title: v.WorkshopTitle}
	}
	if !v.WrittenAt.IsZero() {
		t := v.WrittenAt
		out.WrittenAt = &t
	}
	return out
}

// canvasJSON is a community's whole canvas.
type canvasJSON struct {
	CommunityID   int64               `json:"community_id"`
	CommunitySlug string              `json:"community_slug"`
	Sections      []canvasSectionJSON `json:"sections"`
	Filled        int                 `json:"filled" doc:"How many sections were written at least once."`
	UpdatedAt     *time.Time          `json:"updated_at" doc:"The latest save of any section; null for an empty canvas."`
	CanEdit       bool                `json:"can_edit" doc:"The caller may edit (the leader and the core group)."`
}

func newCanvas(cv canvas.Canvas) canvasJSON {
	out := canvasJSON{CommunityID: cv.CommunityID, CommunitySlug: cv.CommunitySlug, Filled: cv.Filled, CanEdit: cv.CanEdit, Sections: []canvasSectionJSON{}}
	for _, v := range cv.Sections {
		out.Sections = append(out.Sections, newCanvasSection(v))
	}
	if !cv.UpdatedAt.IsZero() {
		t := cv.UpdatedAt
		out.UpdatedAt = &t
	}
	return out
}

// canvasSectionUpdate saves one section.
type canvasSectionUpdate struct {
	BaseRevision int         `json:"base_revision" doc:"The section's revision when you read it (0 if it was never written). If someone saved since, the save is refused with 409 and both versions."`
	Text         *string     `json:"text,omitempty" doc:"The new text, for every section but the force field."`
	Forces       []forceJSON `json:"forces,omitempty" doc:"The new forces, for the force field."`
}

// canvasConflictJSON answers a save that lost a race: the error, the
// version saved meanwhile and the caller's own, nothing lost.
type canvasConflictJSON struct {
	Error   errorDetail         `json:"error"`
	Current canvasSectionJSON   `json:"current" doc:"The version someone else saved meanwhile; base the next save on its revision."`
	Yours   canvasSectionUpdate `json:"yours" doc:"What you sent, unsaved."`
}

type workshopSectionJSON struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// workshopJSON is a workshop's settings and where it stands.
type workshopJSON struct {
	ID            int64                 `json:"id"`
	CommunitySlug string                `json:"community_slug"`
	Title         string                `json:"title"`
	Sections      []workshopSectionJSON `json:"sections"`
	Facilitator   *authorJSON           `json:"facilitator"`
	Code          *string               `json:"code" doc:"What guests type to join; shown to members only."`
	Step          string                `json:"step" enum:"write,group,vote,result,elect,closed"`
	Dots          int                   `json:"dots" doc:"Dots each participant may place in the vote."`
	StepEndsAt    *time.Time            `json:"step_ends_at" doc:"When the current step's timer ends (the server's clock decides); null for no timer."`
	Version       int64                 `json:"version" doc:"Bumped by every change; the web page's event stream announces it."`
	Participants  int                   `json:"participants"`
	Notes         int                   `json:"notes"`
	CreatedAt     time.Time             `json:"created_at"`
	ClosedAt      *time.Time            `json:"closed_at"`
}

func newWorkshop(w workshop.Workshop) workshopJSON {
	out := workshopJSON{ID: w.ID, CommunitySlug: w.CommunitySlug, Title: w.Title, Sections: []workshopSectionJSON{}, Step: string(w.Step),
		Dots: w.Dots, Version: w.Version, Participants: w.Participants, Notes: w.Notes, CreatedAt: w.CreatedAt}
	for _, s := range w.Sections {
		out.Sections = append(out.Sections, workshopSectionJSON{Key: s.Key, Label: s.Label})
	}
	if w.FacilitatorID != 0 {
		out.Facilitator = &authorJSON{ID: w.FacilitatorID, Name: w.FacilitatorName}
	}
	if w.Code != "" {
		c := w.Code
		out.Code = &c
	}
	if !w.StepEndsAt.IsZero() {
		t := w.StepEndsAt
		out.StepEndsAt = &t
	}
	if !w.ClosedAt.IsZero() {
		t := w.ClosedAt
		out.ClosedAt = &t
	}
	return out
}

type workshopNoteJSON struct {
	ID      int64  `json:"id"`
	Section string `json:"section"`
	Text    string `json:"text"`
	Mine    bool   `json:"mine" doc:"The caller wrote it. Authors are never shown."`
}

type workshopGroupJSON struct {
	ID     int64              `json:"id"`
	Title  string             `json:"title"`
	Notes  []workshopNoteJSON `json:"notes"`
	Dots   int                `json:"dots" doc:"The tally, 0 until the vote is over."`
	MyDots int                `json:"my_dots"`
	Sent   bool               `json:"sent" doc:"Sent to the canvas."`
}

type workshopBoardJSON struct {
	Section string              `json:"section"`
	Count   int                 `json:"count" doc:"How many notes the section holds; while writing, all anyone learns of others' notes."`
	Mine    []workshopNoteJSON  `json:"mine" doc:"The caller's own notes, while writing."`
	Loose   []workshopNoteJSON  `json:"loose" doc:"Revealed notes in no group yet."`
	Groups  []workshopGroupJSON `json:"groups"`
}

type workshopParticipantJSON struct {
	Name  string `json:"name"`
	Guest bool   `json:"guest"`
	Notes int    `json:"notes"`
}

// workshopStateJSON is what a participant's page shows.
type workshopStateJSON struct {
	Workshop    workshopJSON              `json:"workshop"`
	Me          *workshopParticipantJSON  `json:"me" doc:"The caller as a participant; null until they join."`
	Facilitates bool                      `json:"facilitates"`
	People      []workshopParticipantJSON `json:"people"`
	Boards      []workshopBoardJSON       `json:"boards"`
	DotsLeft    int                       `json:"dots_left"`
	TimeUp      bool                      `json:"time_up"`
}

func newNotes(ns []workshop.Note) []workshopNoteJSON {
	out := []workshopNoteJSON{}
	for _, n := range ns {
		out = append(out, workshopNoteJSON{ID: n.ID, Section: n.Section, Text: n.Text, Mine: n.Mine})
	}
	return out
}

func newWorkshopState(st workshop.State) workshopStateJSON {
	out := workshopStateJSON{Workshop: newWorkshop(st.Workshop), Facilitates: st.Facilitates, People: []workshopParticipantJSON{},
		Boards: []workshopBoardJSON{}, DotsLeft: st.DotsLeft, TimeUp: st.TimeUp}
	if st.Me.ID != 0 {
		out.Me = &workshopParticipantJSON{Name: st.Me.Name, Guest: st.Me.Guest, Notes: st.Me.Notes}
	}
	for _, p := range st.People {
		out.People = append(out.People, workshopParticipantJSON{Name: p.Name, Guest: p.Guest, Notes: p.Notes})
	}
	for _, b := range st.Boards {
		bj := workshopBoardJSON{Section: b.Section.Key, Count: b.Count, Mine: newNotes(b.Mine), Loose: newNotes(b.Loose), Groups: []workshopGroupJSON{}}
		for _, g := range b.Groups {
			bj.Groups = append(bj.Groups, workshopGroupJSON{ID: g.ID, Title: g.Title, Notes: newNotes(g.Notes), Dots: g.Dots, MyDots: g.MyDots, Sent: g.Sent})
		}
		out.Boards = append(out.Boards, bj)
	}
	return out
}

type workshopRequest struct {
	Title    string   `json:"title"`
	Sections []string `json:"sections" doc:"Canvas sections to work on: vision, how, impact, resources, name."`
	Dots     int      `json:"dots" doc:"Dots per participant, 1 to 20."`
	Minutes  int      `json:"minutes,omitempty" doc:"A timer for writing, in minutes; 0 or left out for none."`
}

type workshopJoinRequest struct {
	Code string `json:"code"`
	Name string `json:"name,omitempty" doc:"A guest's display name; a member's account name is used for them."`
}

type workshopJoinedJSON struct {
	Workshop workshopJSON `json:"workshop"`
	Token    *string      `json:"token" doc:"A guest's secret: send it as the Workshop-Token header on this workshop's calls. Null for members."`
}

type workshopNoteRequest struct {
	Section string `json:"section"`
	Text    string `json:"text"`
}

type workshopAdvanceRequest struct {
	Minutes int `json:"minutes,omitempty" doc:"A timer for the new step; 0 or left out for none. From write, advancing reveals every note."`
}

type workshopGroupRequest struct {
	Section string `json:"section"`
	Title   string `json:"title"`
}

type workshopMoveRequest struct {
	GroupID int64 `json:"group_id" doc:"0 takes the note out of any group."`
}

type workshopDot struct {
	GroupID int64 `json:"group_id"`
	Dots    int   `json:"dots"`
}

type workshopVoteRequest struct {
	Dots []workshopDot `json:"dots" doc:"The caller's dots, replacing earlier ones; never more than the workshop's dots in total."`
}

type workshopSendRequest struct {
	GroupIDs []int64 `json:"group_ids"`
}

type workshopSentJSON struct {
	Sections []string `json:"sections" doc:"The canvas sections written."`
}

type workshopBallotRequest struct {
	CandidateID int64 `json:"candidate_id"`
}

type workshopElectedJSON struct {
	Leader authorJSON `json:"leader"`
	Votes  int        `json:"votes"`
}
