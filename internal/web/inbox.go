package web

import (
	"net/http"
	"strconv"

	"cultivate/internal/notify"
)

type inboxView struct {
	page
	Notes      []notify.Note
	UnreadOnly bool
	Next       string
}

func (s *Server) inbox(w http.ResponseWriter, r *http.Request) {
	u := UserFrom(r.Context())
	q := r.URL.Query()
	before, err := parseInt(q.Get("before"))
	if err != nil {
		before = 0
	}
	v := &inboxView{page: page{Title: "Inbox", Nav: "inbox"}, UnreadOnly: q.Get("unread") == "1"}
	notes, next, err := s.app.Inbox.List(r.Context(), u.ID, v.UnreadOnly, before, 30)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Notes = notes
	if next != 0 {
		v.Next = strconv.FormatInt(next, 10)
	}
	s.render(w, r, http.StatusOK, "inbox", v)
}

func (s *Server) markAllRead(w http.ResponseWriter, r *http.Request) {
	if err := s.app.Inbox.MarkRead(r.Context(), UserFrom(r.Context()).ID, 0); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/inbox", "Everything is marked as read.")
}

// openNote marks a note read and follows its link.
func (s *Server) openNote(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := UserFrom(r.Context())
	notes, _, err := s.app.Inbox.List(r.Context(), u.ID, false, id+1, 1)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(notes) == 0 || notes[0].ID != id {
		s.notFoundPage(w, r)
		return
	}
	if err := s.app.Inbox.MarkRead(r.Context(), u.ID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, safeNext(notes[0].Link), http.StatusSeeOther)
}
