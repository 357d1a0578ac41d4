package web

import (
	"context"
	"net/http"
	"strconv"

	"cultivate/internal/canvas"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/workshop"
)

// Vision (issue 5): the canvas page, its section editor with conflict
// handling, each section's history, and the poster (print and SVG).

type canvasView struct {
	page
	Canvas    canvas.Canvas
	Workshops []workshop.Workshop // open ones, to invite people in
	Source    string
}

func (s *Server) canvasPage(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := UserFrom(r.Context())
	cv, err := s.app.Canvas.Get(r.Context(), u, c.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &canvasView{page: page{Title: "Vision canvas · " + c.Name, Community: newHeader(c, m, "health")}, Canvas: cv, Source: canvas.Source}
	all, err := s.app.Workshops.List(r.Context(), u, c.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, ws := range all {
		if ws.Open() {
			v.Workshops = append(v.Workshops, ws)
		}
	}
	s.render(w, r, http.StatusOK, "canvas", v)
}

type canvasEditView struct {
	page
	Section canvas.Value
	Base    int
	Text    string // what the editor typed (or the force field's lines)
	Errors  map[string]string
	// Theirs is the version someone else saved meanwhile, on a conflict.
	Theirs *canvas.Value
}

func (s *Server) canvasSection(r *http.Request, c community.Community) (canvas.Value, error) {
	cv, err := s.app.Canvas.Get(r.Context(), UserFrom(r.Context()), c.Slug)
	if err != nil {
		return canvas.Value{}, err
	}
	key := r.PathValue("section")
	if _, ok := canvas.SectionByKey(key); !ok {
		return canvas.Value{}, errs.E(errs.NotFound, "The canvas has no section %q.", key)
	}
	if !cv.CanEdit {
		return canvas.Value{}, errs.E(errs.Forbidden, "Only the leader and the core group of %s can edit the canvas. Suggest a change to them, or take part in the next vision workshop.", c.Name)
	}
	return cv.Section(key), nil
}

func editText(v canvas.Value) string {
	if v.Kind == canvas.ForceField {
		return v.ForcesText()
	}
	return v.Text
}

func (s *Server) canvasEditForm(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sec, err := s.canvasSection(r, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &canvasEditView{page: page{Title: sec.Label + " · Vision canvas · " + c.Name, Community: newHeader(c, m, "health")},
		Section: sec, Base: sec.Revision, Text: editText(sec)}
	s.render(w, r, http.StatusOK, "canvas_edit", v)
}

func (s *Server) canvasSave(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := UserFrom(r.Context())
	key := r.PathValue("section")
	sec, ok := canvas.SectionByKey(key)
	if !ok {
		s.fail(w, r, errs.E(errs.NotFound, "The canvas has no section %q.", key))
		return
	}
	base, _ := strconv.Atoi(r.PostForm.Get("base"))
	text := r.PostForm.Get("text")
	v := &canvasEditView{page: page{Title: sec.Label + " · Vision canvas · " + c.Name, Community: newHeader(c, m, "health")},
		Section: canvas.Value{Section: sec, Revision: base}, Base: base, Text: text}
	in := canvas.Input{Text: text}
	if sec.Kind == canvas.ForceField {
		in.Forces, err = canvas.ParseForces(text)
		if err != nil {
			s.formError(w, r, err, "canvas_edit", v, &v.Errors)
			return
		}
		in.Text = ""
	}
	saved, err := s.app.Canvas.Save(r.Context(), u, c.Slug, key, base, in)
	if err != nil {
		if errs.Is(err, errs.Conflict) {
			// Someone saved meanwhile: show both, keep this editor's text,
			// and base the next save on their version.
			cv, gerr := s.app.Canvas.Get(r.Context(), u, c.Slug)
			if gerr != nil {
				s.fail(w, r, gerr)
				return
			}
			theirs := cv.Section(key)
			v.Theirs, v.Base = &theirs, theirs.Revision
			_, _, msg := errs.Public(err)
			v.Errors = map[string]string{"_": msg}
			s.render(w, r, http.StatusConflict, "canvas_edit", v)
			return
		}
		s.formError(w, r, err, "canvas_edit", v, &v.Errors)
		return
	}
	s.redirect(w, r, canvas.Path(c.Slug)+"#"+key, saved.Label+" saved as revision "+strconv.Itoa(saved.Revision)+".")
}

type canvasHistoryView struct {
	page
	Section  canvas.Section
	Versions []canvas.Value
	Cmp      *canvas.Comparison
}

func (s *Server) canvasHistory(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := UserFrom(r.Context())
	key := r.PathValue("section")
	sec, ok := canvas.SectionByKey(key)
	if !ok {
		s.fail(w, r, errs.E(errs.NotFound, "The canvas has no section %q.", key))
		return
	}
	versions, err := s.app.Canvas.Revisions(r.Context(), u, c.Slug, key)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &canvasHistoryView{page: page{Title: "History · " + sec.Label + " · " + c.Name, Community: newHeader(c, m, "health")}, Section: sec, Versions: versions}
	q := r.URL.Query()
	from, _ := strconv.Atoi(q.Get("from"))
	to, _ := strconv.Atoi(q.Get("to"))
	if from == 0 && to == 0 && len(versions) > 1 {
		from, to = versions[len(versions)-2].Revision, versions[len(versions)-1].Revision
	}
	if from != 0 && to != 0 {
		cmp, err := s.app.Canvas.Compare(r.Context(), u, c.Slug, key, from, to)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Cmp = &cmp
	}
	s.render(w, r, http.StatusOK, "canvas_history", v)
}

type posterView struct {
	page
	Canvas canvas.Canvas
	Size   string // "a4" or "a3"
}

// canvasPoster is the canvas laid out to print on one sheet; the print
// stylesheet sets the page size (A3 by default, A4 with ?size=a4).
func (s *Server) canvasPoster(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cv, err := s.app.Canvas.Get(r.Context(), UserFrom(r.Context()), c.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	size := "a3"
	if r.URL.Query().Get("size") == "a4" {
		size = "a4"
	}
	s.render(w, r, http.StatusOK, "canvas_poster", &posterView{page: page{Title: "Poster · " + c.Name, Community: newHeader(c, m, "health")}, Canvas: cv, Size: size})
}

// canvasPosterSVG exports the poster as an SVG image (see canvas.Poster
// for why SVG rather than PNG or PDF).
func (s *Server) canvasPosterSVG(w http.ResponseWriter, r *http.Request) {
	c, _, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cv, err := s.app.Canvas.Get(r.Context(), UserFrom(r.Context()), c.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `inline; filename="`+c.Slug+`-vision-canvas.svg"`)
	// The SVG holds no script; this keeps it that way if opened directly.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	_, _ = w.Write(canvas.Poster(cv))
}

// visionCard is the overview's "Vision" card: the canvas's vision, or an
// invitation to run the vision workshop while it is empty.
type visionCard struct {
	Vision   canvas.Value
	Filled   int
	Sections int
	CanEdit  bool
	Open     []workshop.Workshop
}

func (s *Server) visionCard(ctx context.Context, c community.Community, m community.Membership) (*visionCard, error) {
	cv, err := s.app.Canvas.ByCommunity(ctx, c)
	if err != nil {
		return nil, err
	}
	vc := &visionCard{Vision: cv.Section(canvas.KeyVision), Filled: cv.Filled, Sections: len(cv.Sections), CanEdit: m.CanModerate()}
	if m.IsMember() {
		all, err := s.app.Workshops.List(ctx, UserFrom(ctx), c.Slug)
		if err != nil {
			return nil, err
		}
		for _, ws := range all {
			if ws.Open() {
				vc.Open = append(vc.Open, ws)
			}
		}
	}
	return vc, nil
}
