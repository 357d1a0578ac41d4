package web

import (
	"net/http"

	"cultivate/internal/announce"
	"cultivate/internal/errs"
)

// Announcements: news from the leader and the core group, pinned ones
// first, also shown on the community's overview.

type announcementsView struct {
	page
	Items []announce.Announcement
	Next  string
}

func (s *Server) announcementsPage(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.app.Announcements.List(r.Context(), UserFrom(r.Context()), c.Slug, r.URL.Query().Get("cursor"), 20)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "announcements", &announcementsView{page: page{Title: "Announcements · " + c.Name,
		Community: newHeader(c, m, "overview")}, Items: p.Items, Next: p.NextCursor})
}

type announcementFormView struct {
	page
	Form    announce.Draft
	Errors  map[string]string
	Editing bool
	ID      int64
}

func (s *Server) newAnnouncementForm(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !m.CanModerate() {
		s.fail(w, r, errs.E(errs.Forbidden, "Only the leader and the core group can post announcements."))
		return
	}
	s.render(w, r, http.StatusOK, "announcement_form", &announcementFormView{page: page{Title: "Announce · " + c.Name, Community: newHeader(c, m, "overview")}})
}

func announcementFromForm(r *http.Request) announce.Draft {
	return announce.Draft{Title: r.PostForm.Get("title"), Body: r.PostForm.Get("body"), Pinned: r.PostForm.Get("pinned") == "yes"}
}

func (s *Server) createAnnouncement(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := announcementFromForm(r)
	a, err := s.app.Announcements.Post(r.Context(), UserFrom(r.Context()), c.Slug, in)
	if err != nil {
		v := &announcementFormView{page: page{Title: "Announce · " + c.Name, Community: newHeader(c, m, "overview")}, Form: in}
		s.formError(w, r, err, "announcement_form", v, &v.Errors)
		return
	}
	s.redirect(w, r, a.Path(), "Announced. Every member has it in their inbox.")
}

func (s *Server) editAnnouncementForm(w http.ResponseWriter, r *http.Request) {
	c, m, id, ok := s.target(w, r)
	if !ok {
		return
	}
	a, err := s.app.Announcements.Get(r.Context(), UserFrom(r.Context()), c.Slug, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !a.Can.Edit {
		s.fail(w, r, errs.E(errs.Forbidden, "Only the author of an announcement and the leader can change it."))
		return
	}
	s.render(w, r, http.StatusOK, "announcement_form", &announcementFormView{page: page{Title: "Edit · " + a.Title, Community: newHeader(c, m, "overview")},
		Editing: true, ID: a.ID, Form: announce.Draft{Title: a.Title, Body: a.Body, Pinned: a.Pinned}})
}

func (s *Server) editAnnouncement(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, m, id, ok := s.target(w, r)
	if !ok {
		return
	}
	in := announcementFromForm(r)
	a, err := s.app.Announcements.Edit(r.Context(), UserFrom(r.Context()), c.Slug, id, in)
	if err != nil {
		v := &announcementFormView{page: page{Title: "Edit", Community: newHeader(c, m, "overview")}, Editing: true, ID: id, Form: in}
		s.formError(w, r, err, "announcement_form", v, &v.Errors)
		return
	}
	s.redirect(w, r, a.Path(), "Saved. The previous text is kept in the activity log.")
}

func (s *Server) deleteAnnouncement(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, _, id, ok := s.target(w, r)
	if !ok {
		return
	}
	if err := s.app.Announcements.Delete(r.Context(), UserFrom(r.Context()), c.Slug, id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, announce.Path(c.Slug), "Deleted. Its text is kept in the activity log.")
}
