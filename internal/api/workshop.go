package api

import (
	"net/http"

	"cultivate/internal/web"
	"cultivate/internal/workshop"
)

// The live workshop (issue 5). Members act as themselves; guests join
// with the code and send the token they got as the Workshop-Token header.

func wsViewer(r *http.Request) workshop.Viewer {
	return workshop.Viewer{User: web.UserFrom(r.Context()), Token: r.Header.Get("Workshop-Token")}
}

func (h *handler) listWorkshops(r *http.Request, _ noBody) (listOf[workshopJSON], error) {
	list, err := h.app.Workshops.List(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"))
	if err != nil {
		return listOf[workshopJSON]{}, err
	}
	out := []workshopJSON{}
	for _, w := range list {
		out = append(out, newWorkshop(w))
	}
	return newList(out), nil
}

func (h *handler) createWorkshop(r *http.Request, in workshopRequest) (workshopJSON, error) {
	w, err := h.app.Workshops.Create(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"),
		workshop.NewWorkshop{Title: in.Title, Sections: in.Sections, Dots: in.Dots, Minutes: in.Minutes})
	if err != nil {
		return workshopJSON{}, err
	}
	return newWorkshop(w), nil
}

func (h *handler) workshopState(r *http.Request) (workshopStateJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return workshopStateJSON{}, err
	}
	st, err := h.app.Workshops.State(r.Context(), r.PathValue("slug"), id, wsViewer(r))
	if err != nil {
		return workshopStateJSON{}, err
	}
	return newWorkshopState(st), nil
}

func (h *handler) getWorkshop(r *http.Request, _ noBody) (workshopStateJSON, error) {
	return h.workshopState(r)
}

func (h *handler) joinWorkshopByCode(r *http.Request, in workshopJoinRequest) (workshopJoinedJSON, error) {
	j, err := h.app.Workshops.JoinByCode(r.Context(), web.UserFrom(r.Context()), in.Code, in.Name)
	if err != nil {
		return workshopJoinedJSON{}, err
	}
	out := workshopJoinedJSON{Workshop: newWorkshop(j.Workshop)}
	if j.Token != "" {
		t := j.Token
		out.Token = &t
	}
	return out, nil
}

// act runs a workshop action and answers with the caller's new state.
func (h *handler) act(r *http.Request, fn func(slug string, id int64, v workshop.Viewer) error) (workshopStateJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return workshopStateJSON{}, err
	}
	if err := fn(r.PathValue("slug"), id, wsViewer(r)); err != nil {
		return workshopStateJSON{}, err
	}
	return h.workshopState(r)
}

func (h *handler) joinWorkshop(r *http.Request, _ noBody) (workshopStateJSON, error) {
	return h.act(r, func(slug string, id int64, v workshop.Viewer) error {
		_, err := h.app.Workshops.Join(r.Context(), v.User, slug, id)
		return err
	})
}

func (h *handler) addWorkshopNote(r *http.Request, in workshopNoteRequest) (workshopStateJSON, error) {
	return h.act(r, func(slug string, id int64, v workshop.Viewer) error {
		_, err := h.app.Workshops.AddNote(r.Context(), slug, id, v, in.Section, in.Text)
		return err
	})
}

func (h *handler) advanceWorkshop(r *http.Request, in workshopAdvanceRequest) (workshopStateJSON, error) {
	return h.act(r, func(slug string, id int64, v workshop.Viewer) error {
		_, err := h.app.Workshops.Advance(r.Context(), v.User, slug, id, in.Minutes)
		return err
	})
}

func (h *handler) addWorkshopGroup(r *http.Request, in workshopGroupRequest) (workshopStateJSON, error) {
	return h.act(r, func(slug string, id int64, v workshop.Viewer) error {
		_, err := h.app.Workshops.AddGroup(r.Context(), slug, id, v, in.Section, in.Title)
		return err
	})
}

func (h *handler) moveWorkshopNote(r *http.Request, in workshopMoveRequest) (workshopStateJSON, error) {
	note, err := pathID(r, "note")
	if err != nil {
		return workshopStateJSON{}, err
	}
	return h.act(r, func(slug string, id int64, v workshop.Viewer) error {
		return h.app.Workshops.MoveNote(r.Context(), slug, id, v, note, in.GroupID)
	})
}

func (h *handler) voteWorkshop(r *http.Request, in workshopVoteRequest) (workshopStateJSON, error) {
	dots := map[int64]int{}
	for _, d := range in.Dots {
		dots[d.GroupID] += d.Dots
	}
	return h.act(r, func(slug string, id int64, v workshop.Viewer) error {
		return h.app.Workshops.Vote(r.Context(), slug, id, v, dots)
	})
}

func (h *handler) sendWorkshop(r *http.Request, in workshopSendRequest) (workshopSentJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return workshopSentJSON{}, err
	}
	written, err := h.app.Workshops.Send(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, in.GroupIDs)
	if err != nil {
		return workshopSentJSON{}, err
	}
	return workshopSentJSON{Sections: written}, nil
}

func (h *handler) ballotWorkshop(r *http.Request, in workshopBallotRequest) (workshopStateJSON, error) {
	return h.act(r, func(slug string, id int64, v workshop.Viewer) error {
		return h.app.Workshops.Ballot(r.Context(), slug, id, v, in.CandidateID)
	})
}

func (h *handler) applyWorkshopElection(r *http.Request, _ noBody) (workshopElectedJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return workshopElectedJSON{}, err
	}
	win, err := h.app.Workshops.ApplyElection(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	if err != nil {
		return workshopElectedJSON{}, err
	}
	return workshopElectedJSON{Leader: authorJSON{ID: win.UserID, Name: win.Name}, Votes: win.Votes}, nil
}

func (h *handler) closeWorkshop(r *http.Request, _ noBody) (workshopStateJSON, error) {
	return h.act(r, func(slug string, id int64, v workshop.Viewer) error {
		return h.app.Workshops.Close(r.Context(), v.User, slug, id)
	})
}
