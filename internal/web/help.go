package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"cultivate/internal/community"
	"cultivate/internal/diff"
	"cultivate/internal/errs"
	"cultivate/internal/knowledge"
	"cultivate/internal/practice"
	"cultivate/internal/search"
)

type requestsView struct {
	page
	Items    []practice.Item
	Views    []practice.View
	View     string
	Tag      string
	Next     string
	Settings practice.Settings
	Tags     []practice.TagCount
	Stats    practice.CommitmentStats
	AllMine  bool // the cross-community list
}

// requests lists a community's help requests, or (at /requests) those of
// every community the viewer belongs to.
func (s *Server) requests(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := &requestsView{Views: practice.Views(), View: q.Get("view"), Tag: q.Get("tag")}
	if v.View == "" {
		v.View = string(practice.ViewAll)
	}
	f := practice.Filter{View: practice.View(v.View), Tag: v.Tag, Cursor: q.Get("cursor")}
	u := UserFrom(r.Context())
	if slug := r.PathValue("slug"); slug != "" {
		c, m, err := s.loadCommunity(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.page = page{Title: "Help · " + c.Name, Community: newHeader(c, m, "help")}
		f.CommunitySlug = c.Slug
		if v.Settings, err = s.app.Practice.Settings(r.Context(), c.ID); err != nil {
			s.fail(w, r, err)
			return
		}
		if v.Tags, err = s.app.Practice.Tags(r.Context(), u, c.Slug); err != nil {
			s.fail(w, r, err)
			return
		}
		if v.Stats, err = s.app.Practice.Commitment(r.Context(), c.ID, s.app.Clock.Now().AddDate(0, 0, -90)); err != nil {
			s.fail(w, r, err)
			return
		}
	} else {
		if u.ID == 0 {
			http.Redirect(w, r, "/login?next=/requests", http.StatusSeeOther)
			return
		}
		v.page = page{Title: "Help requests in my communities", Nav: "help"}
		v.AllMine = true
	}
	p, err := s.app.Practice.List(r.Context(), u, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Items, v.Next = p.Items, p.Next
	s.render(w, r, http.StatusOK, "requests", v)
}

type requestFormView struct {
	page
	Form     practice.NewRequest
	Errors   map[string]string
	Settings practice.Settings
	Similar  []similarHit
	Checked  bool
	Editing  bool
	ID       int64
}

// similarHit is a search result with the address to open it.
type similarHit struct {
	search.Result
	Link string
}

func (s *Server) newRequestForm(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.app.Practice.Settings(r.Context(), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	v := &requestFormView{page: page{Title: "Ask for help · " + c.Name, Community: newHeader(c, m, "help")}, Settings: st,
		Form: practice.NewRequest{Title: q.Get("title"), Tags: q.Get("tag")}}
	s.render(w, r, http.StatusOK, "request_form", v)
}

func requestFromForm(r *http.Request) practice.NewRequest {
	return practice.NewRequest{Title: r.PostForm.Get("title"), Body: r.PostForm.Get("body"), Tried: r.PostForm.Get("tried"), Tags: r.PostForm.Get("tags")}
}

func (s *Server) createRequest(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := requestFromForm(r)
	st, err := s.app.Practice.Settings(r.Context(), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &requestFormView{page: page{Title: "Ask for help · " + c.Name, Community: newHeader(c, m, "help")}, Settings: st, Form: in}
	if r.PostForm.Get("action") == "check" {
		// Without JavaScript, "Has this been asked before?" is a button.
		v.Checked = true
		if v.Similar, err = s.similar(r, c, in.Title+"\n"+in.Body); err != nil {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, "request_form", v)
		return
	}
	req, err := s.app.Practice.Ask(r.Context(), UserFrom(r.Context()), c.Slug, in)
	if err != nil {
		s.formError(w, r, err, "request_form", v, &v.Errors)
		return
	}
	s.redirect(w, r, practice.RequestLink(c.Slug, req.ID), "Your request is posted. The community promised "+st.Describe()+"; you will see replies in your inbox.")
}

// similar finds requests and artefacts like text in community c.
func (s *Server) similar(r *http.Request, c community.Community, text string) ([]similarHit, error) {
	res, err := s.app.Search.Similar(r.Context(), text, []int64{c.ID}, 5)
	if err != nil {
		return nil, err
	}
	out := make([]similarHit, 0, len(res))
	for _, h := range res {
		out = append(out, similarHit{Result: h, Link: resultLink(c.Slug, h)})
	}
	return out, nil
}

func resultLink(slug string, h search.Result) string {
	if h.Kind == search.KindArtefact {
		return knowledge.Path(slug, h.RefID)
	}
	return practice.RequestLink(slug, h.RefID)
}

type similarView struct {
	Similar []similarHit
}

// similarFragment answers the ask form's live "asked before?" box: a small
// HTML fragment, fetched as the person types.
func (s *Server) similarFragment(w http.ResponseWriter, r *http.Request) {
	c, _, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	text := r.URL.Query().Get("q")
	if len(text) > 4000 {
		text = text[:4000]
	}
	hits, err := s.similar(r, c, text)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.views.pages["request_form"].ExecuteTemplate(w, "similar-list", similarView{Similar: hits}); err != nil {
		s.log.Error("web: similar fragment", "err", err)
	}
}

type threadView struct {
	page
	T            practice.Thread
	Now          time.Time
	Outcomes     []practice.Outcome
	ReplyErr     map[string]string
	ReplyBody    string
	OutcomeErr   map[string]string
	OutcomeNote  string
	Learned      []knowledge.Item
	CanPromote   bool
	PromoteKinds []knowledge.KindInfo
}

func (s *Server) thread(w http.ResponseWriter, r *http.Request) {
	v, err := s.threadView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "thread", v)
}

func (s *Server) threadView(r *http.Request) (*threadView, error) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		return nil, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	u := UserFrom(r.Context())
	t, err := s.app.Practice.Thread(r.Context(), u, c.Slug, id)
	if err != nil {
		return nil, err
	}
	v := &threadView{page: page{Title: t.Request.Title + " · " + c.Name, Community: newHeader(c, m, "help")}, T: t, Now: s.app.Clock.Now(),
		Outcomes: []practice.Outcome{practice.Worked, practice.Partly, practice.DidNot}}
	if v.Learned, err = s.app.Knowledge.LinkedFrom(r.Context(), u, c.Slug, knowledge.Source{Type: knowledge.SourceRequest, ID: id}); err != nil {
		return nil, err
	}
	solved := t.Request.Status == practice.Solved
	v.CanPromote = solved && (m.CanModerate() || (u.ID != 0 && u.ID == t.Request.Author.ID))
	return v, nil
}

// threadAction handles every button on a thread: reply, comment, accept,
// claim, outcome and moderation. Each is one service call; on an input
// error the thread comes back with the text still in its box.
func (s *Server) threadAction(w http.ResponseWriter, r *http.Request) {
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
	link := practice.RequestLink(slug, id)
	var msg string
	switch r.PathValue("action") {
	case "replies":
		var rep practice.Reply
		rep, err = s.app.Practice.Reply(ctx, u, slug, id, r.PostForm.Get("body"))
		if err == nil {
			link = practice.ReplyLink(slug, id, rep.ID)
			msg = "Reply posted. Thank you for helping."
		}
	case "comment":
		replyID, perr := strconv.ParseInt(r.PostForm.Get("reply_id"), 10, 64)
		if perr != nil {
			err = errs.Field("reply_id", "Choose the reply to comment on.")
			break
		}
		var rep practice.Reply
		rep, err = s.app.Practice.Comment(ctx, u, slug, replyID, r.PostForm.Get("body"))
		if err == nil {
			link = practice.ReplyLink(slug, id, rep.ID)
		}
	case "accept":
		replyID, perr := strconv.ParseInt(r.PostForm.Get("reply_id"), 10, 64)
		if perr != nil {
			err = errs.Field("reply_id", "Choose the reply that solved it.")
			break
		}
		err = s.app.Practice.Accept(ctx, u, slug, id, replyID)
		msg = "Marked as solved. In a while we will ask how it turned out."
	case "unaccept":
		err, msg = s.app.Practice.Unaccept(ctx, u, slug, id), "Reopened: no reply is marked as the solution now."
	case "claim":
		_, err = s.app.Practice.Claim(ctx, u, slug, id)
		msg = "It's yours for now: others can see you are on it."
	case "unclaim":
		err, msg = s.app.Practice.Unclaim(ctx, u, slug, id), "Released. Someone else can take it."
	case "outcome":
		err = s.app.Practice.ReportOutcome(ctx, u, slug, id, practice.Outcome(r.PostForm.Get("outcome")), r.PostForm.Get("note"))
		msg = "Thank you: everyone who helped will hear how it turned out."
	case "lock":
		err, msg = s.app.Practice.Lock(ctx, u, slug, id), "Locked: no new replies."
	case "unlock":
		err, msg = s.app.Practice.Unlock(ctx, u, slug, id), "Unlocked."
	case "close":
		err, msg = s.app.Practice.Close(ctx, u, slug, id, r.PostForm.Get("reason")), "Closed."
	case "reopen":
		err, msg = s.app.Practice.Reopen(ctx, u, slug, id), "Reopened."
	case "delete":
		if err = s.app.Practice.Delete(ctx, u, slug, id); err == nil {
			s.redirect(w, r, "/c/"+slug+"/requests", "Request deleted.")
			return
		}
	default:
		s.notFoundPage(w, r)
		return
	}
	if err != nil {
		if errs.KindOf(err) == errs.Invalid {
			v, verr := s.threadView(r)
			if verr != nil {
				s.fail(w, r, verr)
				return
			}
			if r.PathValue("action") == "outcome" {
				v.OutcomeNote = r.PostForm.Get("note")
				s.formError(w, r, err, "thread", v, &v.OutcomeErr)
				return
			}
			v.ReplyBody = r.PostForm.Get("body")
			s.formError(w, r, err, "thread", v, &v.ReplyErr)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, link, msg)
}

func (s *Server) editRequestForm(w http.ResponseWriter, r *http.Request) {
	c, m, id, ok := s.target(w, r)
	if !ok {
		return
	}
	t, err := s.app.Practice.Thread(r.Context(), UserFrom(r.Context()), c.Slug, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !t.Can.Edit {
		s.fail(w, r, errs.E(errs.Forbidden, "Only the asker, the leader and the core group can edit this request."))
		return
	}
	q := t.Request
	v := &requestFormView{page: page{Title: "Edit · " + q.Title, Community: newHeader(c, m, "help")}, Editing: true, ID: id, Settings: t.Settings,
		Form: practice.NewRequest{Title: q.Title, Body: q.Body, Tried: q.Tried, Tags: strings.Join(q.Tags, ", ")}}
	s.render(w, r, http.StatusOK, "request_form", v)
}

func (s *Server) editRequest(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, m, id, ok := s.target(w, r)
	if !ok {
		return
	}
	in := requestFromForm(r)
	if _, err := s.app.Practice.EditRequest(r.Context(), UserFrom(r.Context()), c.Slug, id, in.Title, in.Body, in.Tried, in.Tags); err != nil {
		v := &requestFormView{page: page{Title: "Edit", Community: newHeader(c, m, "help")}, Editing: true, ID: id, Form: in}
		s.formError(w, r, err, "request_form", v, &v.Errors)
		return
	}
	s.redirect(w, r, practice.RequestLink(c.Slug, id), "Saved. The earlier version is kept in the history.")
}

type replyEditView struct {
	page
	RequestID int64
	ReplyID   int64
	Body      string
	Errors    map[string]string
}

func (s *Server) editReplyForm(w http.ResponseWriter, r *http.Request) {
	c, m, id, ok := s.target(w, r)
	if !ok {
		return
	}
	rid, err := pathID(r, "rid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.app.Practice.Thread(r.Context(), UserFrom(r.Context()), c.Slug, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, rep := range t.Replies {
		for _, cand := range append([]practice.Reply{rep}, rep.Comments...) {
			if cand.ID == rid {
				if !cand.CanEdit {
					s.fail(w, r, errs.E(errs.Forbidden, "Only its author, the leader and the core group can edit this reply."))
					return
				}
				s.render(w, r, http.StatusOK, "reply_form", &replyEditView{page: page{Title: "Edit reply", Community: newHeader(c, m, "help")},
					RequestID: id, ReplyID: rid, Body: cand.Body})
				return
			}
		}
	}
	s.notFoundPage(w, r)
}

func (s *Server) editReply(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, m, id, ok := s.target(w, r)
	if !ok {
		return
	}
	rid, err := pathID(r, "rid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	body := r.PostForm.Get("body")
	if r.PostForm.Get("action") == "delete" {
		if err := s.app.Practice.DeleteReply(r.Context(), UserFrom(r.Context()), c.Slug, rid); err != nil {
			s.fail(w, r, err)
			return
		}
		s.redirect(w, r, practice.RequestLink(c.Slug, id), "Reply deleted.")
		return
	}
	if _, err := s.app.Practice.EditReply(r.Context(), UserFrom(r.Context()), c.Slug, rid, body); err != nil {
		v := &replyEditView{page: page{Title: "Edit reply", Community: newHeader(c, m, "help")}, RequestID: id, ReplyID: rid, Body: body}
		s.formError(w, r, err, "reply_form", v, &v.Errors)
		return
	}
	s.redirect(w, r, practice.ReplyLink(c.Slug, id, rid), "Saved. The earlier version is kept in the history.")
}

type requestHistoryView struct {
	page
	RequestID int64
	ReplyID   int64
	Subject   string
	Versions  []practice.Revision
	From, To  *practice.Revision
	Hunks     []diff.Hunk
	TitleDiff bool
}

func (s *Server) requestHistory(w http.ResponseWriter, r *http.Request) {
	c, m, id, ok := s.target(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	subject, subjectID := practice.SubjectRequest, id
	if rid := q.Get("reply"); rid != "" {
		n, perr := strconv.ParseInt(rid, 10, 64)
		if perr != nil {
			s.fail(w, r, errs.Field("reply", "The reply must be a number."))
			return
		}
		subject, subjectID = practice.SubjectReply, n
	}
	replyID := int64(0)
	if subject == practice.SubjectReply {
		replyID = subjectID
	}
	versions, err := s.app.Practice.Revisions(r.Context(), UserFrom(r.Context()), c.Slug, subject, subjectID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &requestHistoryView{page: page{Title: "History", Community: newHeader(c, m, "help")}, RequestID: id, ReplyID: replyID, Subject: subject, Versions: versions}
	to, _ := strconv.Atoi(q.Get("to"))
	if to == 0 && len(versions) > 0 {
		to = versions[len(versions)-1].Number
	}
	for i := range versions {
		if versions[i].Number == to && i > 0 {
			v.From, v.To = &versions[i-1], &versions[i]
		}
	}
	if v.From != nil {
		old := v.From.Body
		cur := v.To.Body
		if subject == practice.SubjectRequest {
			old += "\n\n" + v.From.Tried
			cur += "\n\n" + v.To.Tried
		}
		v.Hunks = diff.Unified(old, cur, 3)
		v.TitleDiff = v.From.Title != v.To.Title
	}
	s.render(w, r, http.StatusOK, "request_history", v)
}

type triageView struct {
	page
	T practice.Triage
}

func (s *Server) triage(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.app.Practice.Triage(r.Context(), UserFrom(r.Context()), c.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "triage", &triageView{page: page{Title: "Triage · " + c.Name, Community: newHeader(c, m, "triage")}, T: t})
}

func (s *Server) saveHelpSettings(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	atoi := func(k string) int {
		n, _ := strconv.Atoi(strings.TrimSpace(r.PostForm.Get(k)))
		return n
	}
	in := practice.Settings{
		ResponseMinutes:     atoi("response_hours") * 60,
		WorkingHoursOnly:    r.PostForm.Get("working_hours_only") == "yes",
		TimeZone:            r.PostForm.Get("time_zone"),
		DayStartMinute:      atoi("day_start_hour") * 60,
		DayEndMinute:        atoi("day_end_hour") * 60,
		FollowupDays:        atoi("followup_days"),
		ClaimMinutes:        atoi("claim_hours") * 60,
		RemindBeforeMinutes: atoi("remind_hours") * 60,
	}
	if _, err := s.app.Practice.UpdateSettings(r.Context(), UserFrom(r.Context()), r.PathValue("slug"), in); err != nil {
		if errs.KindOf(err) != errs.Invalid {
			s.fail(w, r, err)
			return
		}
		c, m, lerr := s.loadCommunity(r)
		if lerr != nil {
			s.fail(w, r, lerr)
			return
		}
		v, verr := s.settingsView(r, c, m)
		if verr != nil {
			s.fail(w, r, verr)
			return
		}
		v.Help = in
		s.formError(w, r, err, "settings", v, &v.HelpErr)
		return
	}
	s.redirect(w, r, "/c/"+r.PathValue("slug")+"/settings#commitment", "Response commitment saved. New requests get the new clock.")
}

type searchView struct {
	page
	Query       string
	Kind        string
	Tag         string
	Solved      string
	CommunityID int64
	Communities []community.Community
	Hits        []searchHit
	Next        string
	Searched    bool
}

type searchHit struct {
	search.Result
	Link      string
	Community string
}

// searchPage searches every community the viewer may read.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	u := UserFrom(r.Context())
	v := &searchView{page: page{Title: "Search", Nav: "search"}, Query: q.Get("q"), Kind: q.Get("kind"), Tag: q.Get("tag"), Solved: q.Get("solved")}
	v.CommunityID, _ = strconv.ParseInt(q.Get("community"), 10, 64)
	var all []community.Community
	after := ""
	for {
		page, next, err := s.app.Communities.Discover(r.Context(), u, community.Filter{After: after, Limit: 100})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		all = append(all, page...)
		if next == "" {
			break
		}
		after = next
	}
	v.Communities = all
	bySlug := map[int64]community.Community{}
	var ids []int64
	for _, c := range all {
		bySlug[c.ID] = c
		if v.CommunityID == 0 || v.CommunityID == c.ID {
			ids = append(ids, c.ID)
		}
	}
	if v.Query == "" && v.Tag == "" {
		s.render(w, r, http.StatusOK, "search", v)
		return
	}
	sq := search.Q{Text: v.Query, CommunityIDs: ids, Kind: v.Kind, Tag: v.Tag, Cursor: q.Get("cursor")}
	switch v.Solved {
	case "yes":
		t := true
		sq.Solved = &t
	case "no":
		f := false
		sq.Solved = &f
	}
	if v.Kind != "" && v.Kind != search.KindRequest && v.Kind != search.KindArtefact {
		sq.Kind, sq.Subkind = search.KindArtefact, v.Kind
	}
	res, err := s.app.Search.Search(r.Context(), sq)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Searched, v.Next = true, res.Next
	for _, h := range res.Items {
		c := bySlug[h.CommunityID]
		v.Hits = append(v.Hits, searchHit{Result: h, Link: resultLink(c.Slug, h), Community: c.Name})
	}
	s.render(w, r, http.StatusOK, "search", v)
}
