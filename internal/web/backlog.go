package web

import (
	"net/http"
	"strconv"
	"strings"

	"cultivate/internal/backlog"
	"cultivate/internal/errs"
	"cultivate/internal/events"
	"cultivate/internal/knowledge"
)

// The Backlog tab: what the community could work on next, ranked by the
// members' votes; the leader and the core group move items along.

type backlogListView struct {
	page
	Items    []backlog.Item
	Counts   backlog.Counts
	Statuses []backlog.StatusInfo
	Status   string // the filter: "" (open), "all" or a status
	Sort     string
	Next     string
}

func (s *Server) backlogList(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	v := &backlogListView{page: page{Title: "Backlog · " + c.Name, Community: newHeader(c, m, "backlog")},
		Statuses: backlog.Statuses(), Status: q.Get("status"), Sort: q.Get("sort")}
	p, err := s.app.Backlog.List(r.Context(), UserFrom(r.Context()), backlog.Filter{CommunitySlug: c.Slug, Status: v.Status, Sort: v.Sort, Cursor: q.Get("cursor")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Items, v.Next = p.Items, p.NextCursor
	if v.Counts, err = s.app.Backlog.CountByStatus(r.Context(), c.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "backlog", v)
}

type backlogFormView struct {
	page
	Form    backlog.NewItem
	Errors  map[string]string
	Editing bool
	ID      int64
}

func (s *Server) newBacklogForm(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !m.IsMember() {
		s.fail(w, r, errs.E(errs.Forbidden, "Only members of %s can propose backlog items. Join the community first.", c.Name))
		return
	}
	s.render(w, r, http.StatusOK, "backlog_form", &backlogFormView{page: page{Title: "Propose an idea · " + c.Name, Community: newHeader(c, m, "backlog")}})
}

func backlogItemFromForm(r *http.Request) backlog.NewItem {
	return backlog.NewItem{Title: r.PostForm.Get("title"), Description: r.PostForm.Get("description"), Tags: r.PostForm.Get("tags")}
}

func (s *Server) createBacklogItem(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := backlogItemFromForm(r)
	it, err := s.app.Backlog.Create(r.Context(), UserFrom(r.Context()), c.Slug, in)
	if err != nil {
		v := &backlogFormView{page: page{Title: "Propose an idea · " + c.Name, Community: newHeader(c, m, "backlog")}, Form: in}
		s.formError(w, r, err, "backlog_form", v, &v.Errors)
		return
	}
	s.redirect(w, r, it.Path(), "Proposed. Members can vote for it now.")
}

type backlogItemView struct {
	page
	It backlog.Item
	// Moves are the statuses the item may move to now.
	Moves    []backlog.StatusInfo
	Statuses []backlog.StatusInfo
	Errors   map[string]string
	// What the core member typed, kept when a move or a link is refused.
	MoveTo, Reason, LinkType, LinkID string
	// Events and Artefacts are what the item could link to: the
	// community's recent events and knowledge, for the picker.
	Events    []linkChoice
	Artefacts []linkChoice
}

// linkChoice is one option of the "what fulfilled it?" picker.
type linkChoice struct {
	Value, Label string
}

func (s *Server) backlogItemPage(w http.ResponseWriter, r *http.Request) {
	s.renderBacklogItem(w, r, http.StatusOK, nil, func(*backlogItemView) {})
}

// renderBacklogItem shows an item's page; errors and keep put back what a
// refused form held.
func (s *Server) renderBacklogItem(w http.ResponseWriter, r *http.Request, status int, errors map[string]string, keep func(v *backlogItemView)) {
	c, m, id, ok := s.target(w, r)
	if !ok {
		return
	}
	it, err := s.app.Backlog.Get(r.Context(), UserFrom(r.Context()), c.Slug, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &backlogItemView{page: page{Title: it.Title + " · " + c.Name, Community: newHeader(c, m, "backlog")}, It: it, Errors: errors,
		Statuses: backlog.Statuses()}
	for _, next := range it.Status.Next() {
		for _, info := range backlog.Statuses() {
			if info.Status == next {
				v.Moves = append(v.Moves, info)
			}
		}
	}
	if it.Can.Link {
		if err := s.linkChoices(r, c.Slug, v); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	keep(v)
	s.render(w, r, status, "backlog_item", v)
}

// linkChoices fills the picker with the community's events of the last
// three months and the next month, and its newest knowledge.
func (s *Server) linkChoices(r *http.Request, slug string, v *backlogItemView) error {
	ctx, u := r.Context(), UserFrom(r.Context())
	past, err := s.app.Events.List(ctx, u, slug, events.Filter{Past: true, Limit: 20})
	if err != nil {
		return err
	}
	next, err := s.app.Events.List(ctx, u, slug, events.Filter{Limit: 10, PerSeries: 1})
	if err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, o := range append(past, next...) {
		if seen[o.EventID] {
			continue
		}
		seen[o.EventID] = true
		v.Events = append(v.Events, linkChoice{Value: "event:" + strconv.FormatInt(o.EventID, 10),
			Label: o.Title + " (" + o.Local().Format("2 Jan 2006") + ")"})
	}
	arts, err := s.app.Knowledge.List(ctx, u, knowledge.Filter{CommunitySlug: slug, Limit: 20})
	if err != nil {
		return err
	}
	for _, a := range arts.Items {
		v.Artefacts = append(v.Artefacts, linkChoice{Value: "artefact:" + strconv.FormatInt(a.ID, 10), Label: a.Title + " (" + a.KindLabel() + ")"})
	}
	return nil
}

func (s *Server) editBacklogForm(w http.ResponseWriter, r *http.Request) {
	c, m, id, ok := s.target(w, r)
	if !ok {
		return
	}
	it, err := s.app.Backlog.Get(r.Context(), UserFrom(r.Context()), c.Slug, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !it.Can.Edit {
		s.fail(w, r, errs.E(errs.Forbidden, "Only the member who proposed this item (while it is proposed), the leader and the core group can change it."))
		return
	}
	v := &backlogFormView{page: page{Title: "Edit · " + it.Title, Community: newHeader(c, m, "backlog")}, Editing: true, ID: it.ID,
		Form: backlog.NewItem{Title: it.Title, Description: it.Description, Tags: strings.Join(it.Tags, ", ")}}
	s.render(w, r, http.StatusOK, "backlog_form", v)
}

func (s *Server) editBacklogItem(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, m, id, ok := s.target(w, r)
	if !ok {
		return
	}
	in := backlogItemFromForm(r)
	it, err := s.app.Backlog.Edit(r.Context(), UserFrom(r.Context()), c.Slug, id, in)
	if err != nil {
		v := &backlogFormView{page: page{Title: "Edit", Community: newHeader(c, m, "backlog")}, Editing: true, ID: id, Form: in}
		s.formError(w, r, err, "backlog_form", v, &v.Errors)
		return
	}
	s.redirect(w, r, it.Path(), "Saved. The previous text is kept in the activity log.")
}

// backlogAction handles the buttons and small forms of an item's page.
func (s *Server) backlogAction(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	slug := r.PathValue("slug")
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, ctx := UserFrom(r.Context()), r.Context()
	var msg string
	var it backlog.Item
	switch r.PathValue("action") {
	case "vote":
		it, err = s.app.Backlog.Vote(ctx, u, slug, id)
		msg = "Your vote is in. You can take it back at any time."
	case "unvote":
		it, err = s.app.Backlog.Unvote(ctx, u, slug, id)
		msg = "Your vote is withdrawn."
	case "move":
		to, reason := backlog.Status(r.PostForm.Get("status")), r.PostForm.Get("reason")
		it, err = s.app.Backlog.Move(ctx, u, slug, id, to, reason)
		if errs.KindOf(err) == errs.Invalid {
			s.renderBacklogItem(w, r, http.StatusUnprocessableEntity, backlogFieldErrors(err), func(v *backlogItemView) {
				v.MoveTo, v.Reason = string(to), reason
			})
			return
		}
		msg = "Moved to " + strings.ToLower(to.Label()) + ". The proposer and the voters are told."
	case "link":
		kind, raw := r.PostForm.Get("link_type"), strings.TrimSpace(r.PostForm.Get("link_id"))
		if pick := r.PostForm.Get("target"); pick != "" { // the picker: "event:12"
			kind, raw, _ = strings.Cut(pick, ":")
		}
		target, perr := strconv.ParseInt(strings.TrimPrefix(raw, "#"), 10, 64)
		if perr != nil {
			err = errs.Field("link_id", "Give the number of the event or the artefact, as in its address (…/knowledge/12 is 12).")
		} else {
			it, err = s.app.Backlog.Link(ctx, u, slug, id, kind, target)
		}
		if errs.KindOf(err) == errs.Invalid {
			s.renderBacklogItem(w, r, http.StatusUnprocessableEntity, backlogFieldErrors(err), func(v *backlogItemView) {
				v.LinkType, v.LinkID = kind, raw
			})
			return
		}
		msg = "Linked to what fulfilled it."
	case "unlink":
		it, err = s.app.Backlog.Unlink(ctx, u, slug, id)
		msg = "The link is removed."
	case "delete":
		if err = s.app.Backlog.Delete(ctx, u, slug, id); err == nil {
			s.redirect(w, r, "/c/"+slug+"/backlog", "Deleted. Its text is kept in the activity log.")
			return
		}
	default:
		s.notFoundPage(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// A vote from the list goes back to the list, where it was given.
	if back := r.PostForm.Get("back"); strings.HasPrefix(back, "/c/"+slug+"/backlog") {
		s.redirect(w, r, safeNext(back), msg)
		return
	}
	s.redirect(w, r, it.Path(), msg)
}

// fieldErrors maps an Invalid error to the form fields it names.
func backlogFieldErrors(err error) map[string]string {
	m := errs.ByField(err)
	if len(m) == 0 {
		_, _, msg := errs.Public(err)
		m = map[string]string{"_": msg}
	}
	return m
}
