package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"cultivate/internal/canvas"
	"cultivate/internal/errs"
	"cultivate/internal/workshop"
)

// Vision (issue 5): the live workshop. Members and guests (who hold a
// token in a cookie scoped to the workshop's address) share one page; its
// board is refreshed through server-sent events, and every action is a
// plain form post, so the page works without JavaScript too.

const workshopCookiePrefix = "cultivate_ws_"

func workshopCookie(id int64) string { return workshopCookiePrefix + strconv.FormatInt(id, 10) }

// workshopViewer is the signed-in user and, for a guest, their token.
func workshopViewer(r *http.Request, id int64) workshop.Viewer {
	v := workshop.Viewer{User: UserFrom(r.Context())}
	if c, err := r.Cookie(workshopCookie(id)); err == nil {
		v.Token = c.Value
	}
	return v
}

type workshopsView struct {
	page
	Workshops []workshop.Workshop
	Source    string
}

func (s *Server) workshopsList(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.app.Workshops.List(r.Context(), UserFrom(r.Context()), c.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "workshops", &workshopsView{page: page{Title: "Workshops · " + c.Name, Community: newHeader(c, m, "health")},
		Workshops: list, Source: canvas.Source})
}

type workshopFormView struct {
	page
	Form     workshopForm
	Sections []canvas.Section
	Errors   map[string]string
}

type workshopForm struct {
	Title    string
	Sections []string
	Dots     string
	Minutes  string
}

// Has reports whether section key is ticked.
func (f workshopForm) Has(key string) bool {
	for _, k := range f.Sections {
		if k == key {
			return true
		}
	}
	return false
}

func (s *Server) newWorkshopForm(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !m.CanModerate() {
		s.fail(w, r, errs.E(errs.Forbidden, "Only the leader and the core group of %s can open a workshop.", c.Name))
		return
	}
	v := &workshopFormView{page: page{Title: "Open a workshop · " + c.Name, Community: newHeader(c, m, "health")}, Sections: workshop.SectionChoices(),
		Form: workshopForm{Title: "Our vision for " + c.Name, Dots: "3", Minutes: "10"}}
	for _, sec := range v.Sections {
		v.Form.Sections = append(v.Form.Sections, sec.Key)
	}
	s.render(w, r, http.StatusOK, "workshop_form", v)
}

func (s *Server) createWorkshop(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := workshopForm{Title: r.PostForm.Get("title"), Sections: r.PostForm["sections"], Dots: r.PostForm.Get("dots"), Minutes: r.PostForm.Get("minutes")}
	v := &workshopFormView{page: page{Title: "Open a workshop · " + c.Name, Community: newHeader(c, m, "health")}, Sections: workshop.SectionChoices(), Form: f}
	var fe errs.Fields
	dots, err := strconv.Atoi(strings.TrimSpace(f.Dots))
	if err != nil {
		fe.Add("dots", "Give a whole number of dots, such as 3.")
	}
	mins := 0
	if t := strings.TrimSpace(f.Minutes); t != "" {
		if mins, err = strconv.Atoi(t); err != nil {
			fe.Add("minutes", "Give the timer in whole minutes, such as 10, or leave it empty.")
		}
	}
	if err := fe.Err(); err != nil {
		s.formError(w, r, err, "workshop_form", v, &v.Errors)
		return
	}
	ws, err := s.app.Workshops.Create(r.Context(), UserFrom(r.Context()), c.Slug, workshop.NewWorkshop{Title: f.Title, Sections: f.Sections, Dots: dots, Minutes: mins})
	if err != nil {
		s.formError(w, r, err, "workshop_form", v, &v.Errors)
		return
	}
	s.redirect(w, r, ws.Path(), "The workshop is open. Share the code "+ws.Code+" with guests; members were told.")
}

type workshopView struct {
	page
	St     workshop.State
	Base   string // the workshop's address
	Errors map[string]string
	// NoteText and NoteSection keep a refused note in its form.
	NoteText, NoteSection string
	Source                string
}

// Steps lists the workshop's steps, for the step indicator.
func (v *workshopView) Steps() []workshop.Step { return workshop.Steps() }

// FieldErr is the error for field, for the board's forms.
func (v *workshopView) FieldErr(field string) string { return v.Errors[field] }

// loadWorkshop reads the workshop state for the request's viewer and the
// header to show: the community's for its members, none for guests, who
// may see nothing else of a private community.
func (s *Server) loadWorkshop(r *http.Request) (workshop.State, *communityHeader, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return workshop.State{}, nil, err
	}
	slug := r.PathValue("slug")
	st, err := s.app.Workshops.State(r.Context(), slug, id, workshopViewer(r, id))
	if err != nil {
		return workshop.State{}, nil, err
	}
	var h *communityHeader
	if c, m, err := s.loadCommunity(r); err == nil {
		h = newHeader(c, m, "health")
	}
	return st, h, nil
}

func (s *Server) workshopPage(w http.ResponseWriter, r *http.Request) {
	s.renderWorkshop(w, r, http.StatusOK, nil, "", "")
}

func (s *Server) renderWorkshop(w http.ResponseWriter, r *http.Request, status int, problems map[string]string, noteSection, noteText string) {
	st, h, err := s.loadWorkshop(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &workshopView{page: page{Title: st.Title + " · Workshop", Community: h}, St: st, Base: st.Path(), Errors: problems,
		NoteSection: noteSection, NoteText: noteText, Source: canvas.Source}
	s.render(w, r, status, "workshop", v)
}

// workshopBoard answers the live page's fetch with the board alone.
func (s *Server) workshopBoard(w http.ResponseWriter, r *http.Request) {
	st, _, err := s.loadWorkshop(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &workshopView{St: st, Base: st.Path()}
	v.User = UserFrom(r.Context())
	t, ok := s.views.pages["workshop"]
	if !ok {
		s.fail(w, r, errors.New("web: no workshop template"))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "ws-board", v); err != nil {
		s.fail(w, r, fmt.Errorf("web: render workshop board: %w", err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
}

// Live streams poll the workshop's version this often, and send a comment
// line when nothing changed for a while, so proxies keep the stream open.
const (
	workshopPoll      = time.Second
	workshopHeartbeat = 15 // polls
)

// workshopEvents is the live stream: an event "version" whenever the
// workshop changed, on this replica or another (see workshop.Watch). The
// stream ends when the client goes away or the server shuts down.
func (s *Server) workshopEvents(w http.ResponseWriter, r *http.Request) {
	st, _, err := s.loadWorkshop(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rc := http.NewResponseController(w)
	// The server's WriteTimeout would cut the stream after a minute; each
	// write pushes the deadline a little further instead.
	extend := func() error { return rc.SetWriteDeadline(time.Now().Add(3 * workshopHeartbeat * workshopPoll)) }
	if err := extend(); err != nil && !errors.Is(err, http.ErrNotSupported) {
		s.log.Warn("workshop stream: write deadline", "err", err)
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	send := func(format string, args ...any) error {
		if err := extend(); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return err
		}
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			return err
		}
		return rc.Flush()
	}
	if err := send("retry: 2000\nevent: version\ndata: %d\n\n", st.Version); err != nil {
		return
	}
	quiet := 0
	err = s.app.Workshops.Watch(r.Context(), st.ID, st.Version, workshopPoll,
		func() error {
			if quiet++; quiet < workshopHeartbeat {
				return nil
			}
			quiet = 0
			return send(": still here\n\n")
		},
		func(version int64) error {
			quiet = 0
			return send("event: version\ndata: %d\n\n", version)
		})
	if err != nil && r.Context().Err() == nil {
		s.log.Warn("workshop stream ended", "workshop", st.ID, "err", err)
	}
}

// workshopAction handles every button and form of the workshop page.
func (s *Server) workshopAction(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	slug := r.PathValue("slug")
	ctx := r.Context()
	u := UserFrom(ctx)
	v := workshopViewer(r, id)
	f := r.PostForm
	ws := s.app.Workshops
	var msg, anchor string
	switch r.PathValue("action") {
	case "join":
		_, err = ws.Join(ctx, u, slug, id)
		msg = "You joined the workshop."
	case "note":
		_, err = ws.AddNote(ctx, slug, id, v, f.Get("section"), f.Get("text"))
		msg, anchor = "Note added. Only you can see it until the facilitator reveals all notes.", "#board-"+f.Get("section")
		if err != nil && (errs.KindOf(err) == errs.Invalid || errs.KindOf(err) == errs.Conflict) {
			s.workshopProblem(w, r, err, f.Get("section"), f.Get("text"))
			return
		}
	case "advance":
		mins := 0
		if t := strings.TrimSpace(f.Get("minutes")); t != "" {
			if mins, err = strconv.Atoi(t); err != nil {
				err = errs.Field("minutes", "Give the timer in whole minutes, or leave it empty.")
				break
			}
		}
		var next workshop.Workshop
		if next, err = ws.Advance(ctx, u, slug, id, mins); err == nil {
			msg = "Now: " + next.Step.Label() + "."
		}
	case "close":
		err = ws.Close(ctx, u, slug, id)
		msg = "The workshop is closed."
	case "group":
		_, err = ws.AddGroup(ctx, slug, id, v, f.Get("section"), f.Get("title"))
		msg, anchor = "Group added.", "#board-"+f.Get("section")
	case "move":
		note, _ := strconv.ParseInt(f.Get("note"), 10, 64)
		group, _ := strconv.ParseInt(f.Get("group"), 10, 64)
		err = ws.MoveNote(ctx, slug, id, v, note, group)
		msg = "Note moved."
	case "vote":
		dots := map[int64]int{}
		for k, vals := range f {
			gid, ok := strings.CutPrefix(k, "dots-")
			if !ok || len(vals) == 0 || strings.TrimSpace(vals[0]) == "" {
				continue
			}
			g, perr := strconv.ParseInt(gid, 10, 64)
			n, nerr := strconv.Atoi(strings.TrimSpace(vals[0]))
			if perr != nil || nerr != nil {
				err = errs.Field("dots", "Give each group a whole number of dots, such as 0, 1 or 2.")
				break
			}
			dots[g] = n
		}
		if err == nil {
			err = ws.Vote(ctx, slug, id, v, dots)
		}
		msg = "Your dots are placed. You can change them until the vote ends."
	case "send":
		var groups []int64
		for _, g := range f["groups"] {
			if n, perr := strconv.ParseInt(g, 10, 64); perr == nil {
				groups = append(groups, n)
			}
		}
		var written []string
		if written, err = ws.Send(ctx, u, slug, id, groups); err == nil {
			msg = "Sent to the canvas: " + strings.Join(written, ", ") + "."
		}
	case "ballot":
		cand, _ := strconv.ParseInt(f.Get("candidate"), 10, 64)
		err = ws.Ballot(ctx, slug, id, v, cand)
		msg = "Your vote is in. You can change it until the facilitator applies the result."
	case "apply":
		var win workshop.Candidate
		if win, err = ws.ApplyElection(ctx, u, slug, id); err == nil {
			msg = win.Name + " now leads the community."
		}
	default:
		s.notFoundPage(w, r)
		return
	}
	if err != nil {
		s.workshopProblem(w, r, err, "", "")
		return
	}
	s.redirect(w, r, workshop.Path(slug, id)+anchor, msg)
}

// workshopProblem shows the workshop page again with what went wrong:
// field errors next to their fields, anything else at the top, and a
// refused note still in its box.
func (s *Server) workshopProblem(w http.ResponseWriter, r *http.Request, err error, section, text string) {
	kind := errs.KindOf(err)
	if kind != errs.Invalid && kind != errs.Conflict && kind != errs.Forbidden {
		s.fail(w, r, err)
		return
	}
	problems := errs.ByField(err)
	if len(problems) == 0 {
		_, _, msg := errs.Public(err)
		problems = map[string]string{"_": msg}
	}
	s.renderWorkshop(w, r, errs.HTTPStatus(err), problems, section, text)
}

type joinWorkshopView struct {
	page
	Code, Name string
	Errors     map[string]string
}

func (s *Server) joinWorkshopForm(w http.ResponseWriter, r *http.Request) {
	u := UserFrom(r.Context())
	s.render(w, r, http.StatusOK, "workshop_join", &joinWorkshopView{page: page{Title: "Join a workshop"},
		Code: r.URL.Query().Get("code"), Name: u.Name})
}

func (s *Server) joinWorkshop(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	u := UserFrom(r.Context())
	v := &joinWorkshopView{page: page{Title: "Join a workshop"}, Code: r.PostForm.Get("code"), Name: r.PostForm.Get("name")}
	j, err := s.app.Workshops.JoinByCode(r.Context(), u, v.Code, v.Name)
	if err != nil {
		if errs.Is(err, errs.Conflict) {
			_, _, msg := errs.Public(err)
			v.Errors = map[string]string{"_": msg}
			s.render(w, r, http.StatusConflict, "workshop_join", v)
			return
		}
		s.formError(w, r, err, "workshop_join", v, &v.Errors)
		return
	}
	if j.Token != "" {
		// The guest's proof of who they are, for this workshop's pages only.
		http.SetCookie(w, &http.Cookie{Name: workshopCookie(j.Workshop.ID), Value: j.Token, Path: j.Workshop.Path(),
			MaxAge: 7 * 24 * 3600, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	}
	s.redirect(w, r, j.Workshop.Path(), "Welcome to “"+j.Workshop.Title+"”.")
}
