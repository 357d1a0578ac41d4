package web

import (
	"net/http"
	"strconv"
	"strings"

	"cultivate/internal/errs"
	"cultivate/internal/knowledge"
)

type knowledgeListView struct {
	page
	Items  []knowledge.Item
	Kinds  []kindChip
	Kind   string
	Tag    string
	Status string
	Next   string
	Info   knowledge.KindInfo
	Tags   []knowledge.TagCount
}

type kindChip struct {
	knowledge.KindInfo
	Count int
}

func (s *Server) knowledgeList(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	v := &knowledgeListView{page: page{Title: "Knowledge · " + c.Name, Community: newHeader(c, m, "knowledge")},
		Kind: q.Get("kind"), Tag: q.Get("tag"), Status: q.Get("status")}
	counts, err := s.app.Knowledge.CountsByKind(r.Context(), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, k := range knowledge.Kinds() {
		v.Kinds = append(v.Kinds, kindChip{KindInfo: k, Count: counts[k.Kind]})
		if string(k.Kind) == v.Kind {
			v.Info = k
		}
	}
	p, err := s.app.Knowledge.List(r.Context(), UserFrom(r.Context()), knowledge.Filter{CommunitySlug: c.Slug, Kind: knowledge.Kind(v.Kind),
		Tag: v.Tag, Status: knowledge.PracticeStatus(v.Status), Cursor: q.Get("cursor")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Items, v.Next = p.Items, p.NextCursor
	if v.Tags, err = s.app.Knowledge.TagCounts(r.Context(), c.ID, 30); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "knowledge", v)
}

type artefactFormView struct {
	page
	Form     knowledge.NewArtefact
	Kinds    []knowledge.KindInfo
	Statuses []knowledge.StatusInfo
	Errors   map[string]string
	From     string // "request:ID" when promoting a thread
	// For edits.
	Editing  bool
	ID       int64
	Base     int
	Conflict *knowledge.Artefact // the newer version someone else saved
}

// FromEvent reports whether the form writes an event's minutes (issue 4).
func (v *artefactFormView) FromEvent() bool { return strings.HasPrefix(v.From, "event:") }

func (s *Server) newArtefactForm(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	v := &artefactFormView{page: page{Title: "Capture what we learned · " + c.Name, Community: newHeader(c, m, "knowledge")},
		Kinds: knowledge.Kinds(), Statuses: knowledge.PracticeStatuses(), Form: knowledge.NewArtefact{Kind: knowledge.Kind(q.Get("kind"))}}
	if v.Form.Kind == "" {
		v.Form.Kind = knowledge.FAQ
	}
	// Minutes of an event (issue 4): from=event:ID links them to the event.
	if from := q.Get("from"); strings.HasPrefix(from, "event:") {
		id, perr := strconv.ParseInt(strings.TrimPrefix(from, "event:"), 10, 64)
		if perr != nil {
			s.fail(w, r, errs.Field("from", "The event is not valid."))
			return
		}
		title, err := s.app.Events.EventTitle(r.Context(), c.ID, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Form.Kind, v.Form.Title, v.From = knowledge.Minutes, q.Get("title"), from
		if v.Form.Title == "" {
			v.Form.Title = "Minutes: " + title
		}
	} else if from != "" {
		id, perr := strconv.ParseInt(strings.TrimPrefix(from, "request:"), 10, 64)
		if perr != nil || !strings.HasPrefix(from, "request:") {
			s.fail(w, r, errs.Field("from", "The thread to draw from is not valid."))
			return
		}
		draft, err := s.app.Knowledge.DraftFromRequest(r.Context(), UserFrom(r.Context()), c.Slug, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Form, v.From = draft, from
	}
	s.render(w, r, http.StatusOK, "artefact_form", v)
}

func artefactFromForm(r *http.Request) (knowledge.NewArtefact, string) {
	in := knowledge.NewArtefact{Kind: knowledge.Kind(r.PostForm.Get("kind")), Title: r.PostForm.Get("title"), Body: r.PostForm.Get("body"),
		Tags: r.PostForm.Get("tags"), Anonymous: r.PostForm.Get("anonymous") == "yes", PracticeStatus: knowledge.PracticeStatus(r.PostForm.Get("practice_status"))}
	from := r.PostForm.Get("from")
	if id, err := strconv.ParseInt(strings.TrimPrefix(from, "request:"), 10, 64); err == nil && strings.HasPrefix(from, "request:") {
		in.Sources = []knowledge.Source{{Type: knowledge.SourceRequest, ID: id}}
	}
	if id, err := strconv.ParseInt(strings.TrimPrefix(from, "event:"), 10, 64); err == nil && strings.HasPrefix(from, "event:") {
		in.Sources = []knowledge.Source{{Type: knowledge.SourceEvent, ID: id}}
	}
	return in, from
}

func (s *Server) createArtefact(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, from := artefactFromForm(r)
	a, err := s.app.Knowledge.Create(r.Context(), UserFrom(r.Context()), c.Slug, in)
	if err != nil {
		v := &artefactFormView{page: page{Title: "Capture what we learned · " + c.Name, Community: newHeader(c, m, "knowledge")},
			Kinds: knowledge.Kinds(), Statuses: knowledge.PracticeStatuses(), Form: in, From: from}
		s.formError(w, r, err, "artefact_form", v, &v.Errors)
		return
	}
	s.redirect(w, r, a.Path(), a.KindLabel()+" saved. Thank you: this is how the community remembers.")
}

type artefactView struct {
	page
	A        knowledge.Artefact
	Info     knowledge.KindInfo
	Statuses []knowledge.StatusInfo
	Adopters []knowledge.Adopter
}

func (s *Server) artefactPage(w http.ResponseWriter, r *http.Request) {
	c, m, id, ok := s.target(w, r)
	if !ok {
		return
	}
	u := UserFrom(r.Context())
	a, err := s.app.Knowledge.Get(r.Context(), u, c.Slug, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	info, _ := a.Kind.Info()
	v := &artefactView{page: page{Title: a.Title + " · " + c.Name, Community: newHeader(c, m, "knowledge")}, A: a, Info: info, Statuses: knowledge.PracticeStatuses()}
	if info.HasStatus {
		if v.Adopters, err = s.app.Knowledge.Adopters(r.Context(), u, c.Slug, id); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "artefact", v)
}

func (s *Server) editArtefactForm(w http.ResponseWriter, r *http.Request) {
	c, m, id, ok := s.target(w, r)
	if !ok {
		return
	}
	a, err := s.app.Knowledge.Get(r.Context(), UserFrom(r.Context()), c.Slug, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !a.Can.Edit {
		s.fail(w, r, errs.E(errs.Forbidden, "Only the author, the leader and the core group can edit this."))
		return
	}
	v := &artefactFormView{page: page{Title: "Edit · " + a.Title, Community: newHeader(c, m, "knowledge")}, Editing: true, ID: a.ID, Base: a.Revision,
		Form: knowledge.NewArtefact{Kind: a.Kind, Title: a.Title, Body: a.Body, Tags: strings.Join(a.Tags, ", ")}}
	s.render(w, r, http.StatusOK, "artefact_form", v)
}

func (s *Server) editArtefact(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, m, id, ok := s.target(w, r)
	if !ok {
		return
	}
	base, _ := strconv.Atoi(r.PostForm.Get("base"))
	in := knowledge.NewArtefact{Kind: knowledge.Kind(r.PostForm.Get("kind")), Title: r.PostForm.Get("title"), Body: r.PostForm.Get("body"), Tags: r.PostForm.Get("tags")}
	a, err := s.app.Knowledge.EditFrom(r.Context(), UserFrom(r.Context()), c.Slug, id, base, in.Title, in.Body, in.Tags)
	if err != nil {
		v := &artefactFormView{page: page{Title: "Edit", Community: newHeader(c, m, "knowledge")}, Editing: true, ID: id, Base: base, Form: in}
		if errs.Is(err, errs.Conflict) {
			// Someone saved meanwhile: show both versions, keep this one's text.
			latest, gerr := s.app.Knowledge.Get(r.Context(), UserFrom(r.Context()), c.Slug, id)
			if gerr != nil {
				s.fail(w, r, gerr)
				return
			}
			v.Conflict, v.Base = &latest, latest.Revision
			_, _, msg := errs.Public(err)
			v.Errors = map[string]string{"_": msg}
			s.render(w, r, http.StatusConflict, "artefact_form", v)
			return
		}
		s.formError(w, r, err, "artefact_form", v, &v.Errors)
		return
	}
	s.redirect(w, r, a.Path(), "Saved as revision "+strconv.Itoa(a.Revision)+".")
}

type revisionsView struct {
	page
	A        knowledge.Artefact
	Versions []knowledge.Version
	Cmp      *knowledge.Comparison
}

func (s *Server) artefactRevisions(w http.ResponseWriter, r *http.Request) {
	c, m, id, ok := s.target(w, r)
	if !ok {
		return
	}
	u := UserFrom(r.Context())
	a, err := s.app.Knowledge.Get(r.Context(), u, c.Slug, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	versions, err := s.app.Knowledge.Revisions(r.Context(), u, c.Slug, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &revisionsView{page: page{Title: "History · " + a.Title, Community: newHeader(c, m, "knowledge")}, A: a, Versions: versions}
	q := r.URL.Query()
	from, _ := strconv.Atoi(q.Get("from"))
	to, _ := strconv.Atoi(q.Get("to"))
	if from == 0 && to == 0 && len(versions) > 1 {
		from, to = versions[len(versions)-2].Revision, versions[len(versions)-1].Revision
	}
	if from != 0 && to != 0 {
		cmp, err := s.app.Knowledge.Compare(r.Context(), u, c.Slug, id, from, to)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Cmp = &cmp
	}
	s.render(w, r, http.StatusOK, "artefact_revisions", v)
}

// artefactAction handles the small buttons on an artefact's page.
func (s *Server) artefactAction(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	slug := r.PathValue("slug")
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := UserFrom(r.Context())
	ctx := r.Context()
	var msg string
	switch r.PathValue("action") {
	case "adopt":
		_, err = s.app.Knowledge.Adopt(ctx, u, slug, id)
		msg = "Noted: you use this practice."
	case "unadopt":
		_, err = s.app.Knowledge.Unadopt(ctx, u, slug, id)
		msg = "Noted: you no longer use this practice."
	case "status":
		st := knowledge.PracticeStatus(r.PostForm.Get("status"))
		_, err = s.app.Knowledge.SetPracticeStatus(ctx, u, slug, id, st)
		msg = "Status changed to " + st.Label() + "."
	case "delete":
		if err = s.app.Knowledge.Delete(ctx, u, slug, id); err == nil {
			s.redirect(w, r, "/c/"+slug+"/knowledge", "Deleted. The leader and core group can still restore it.")
			return
		}
	case "restore":
		_, err = s.app.Knowledge.Restore(ctx, u, slug, id)
		msg = "Restored."
	default:
		s.notFoundPage(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, knowledge.Path(slug, id), msg)
}
