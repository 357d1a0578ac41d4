package web

import (
	"net/http"
	"strconv"
	"strings"

	"cultivate/internal/errs"
	"cultivate/internal/health"
)

// Retrospectives (issue 5): went well, to improve, ideas; votes; actions
// with an owner and a due day, tracked to done.

type retrosView struct {
	page
	Retros []health.Retro
	Rounds []health.Round
	Errors map[string]string
	Title  string
	Round  string
	Credit string
}

func (s *Server) retros(w http.ResponseWriter, r *http.Request) {
	s.renderRetros(w, r, http.StatusOK, nil, "", "")
}

func (s *Server) renderRetros(w http.ResponseWriter, r *http.Request, status int, errors map[string]string, title, round string) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, ctx := UserFrom(r.Context()), r.Context()
	v := &retrosView{page: page{Title: "Retrospectives · " + c.Name, Community: newHeader(c, m, "health")}, Errors: errors, Title: title, Round: round,
		Credit: health.Credit}
	if v.Retros, err = s.app.Health.Retros(ctx, u, c.Slug); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Rounds, err = s.app.Health.Rounds(ctx, u, c.Slug); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "retros", v)
}

func (s *Server) createRetro(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	title, round := r.PostForm.Get("title"), r.PostForm.Get("round_id")
	in := health.NewRetro{Title: title}
	var err error
	if round != "" {
		if in.RoundID, err = strconv.ParseInt(round, 10, 64); err != nil {
			err = errs.Field("round_id", "Choose a health-check round from the list.")
		}
	}
	var retro health.Retro
	if err == nil {
		retro, err = s.app.Health.CreateRetro(r.Context(), UserFrom(r.Context()), r.PathValue("slug"), in)
	}
	if errs.KindOf(err) == errs.Invalid {
		s.renderRetros(w, r, http.StatusUnprocessableEntity, backlogFieldErrors(err), title, round)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, retro.Path(), "The retrospective is open: members can add cards now.")
}

type retroView struct {
	page
	Retro    health.Retro
	Round    *health.Results
	Owners   []health.OwnerChoice
	Statuses []health.ActionStatus
	Errors   map[string]string
	Credit   string
	// What was typed, kept when a form is refused.
	Form map[string]string
}

func (s *Server) retroPage(w http.ResponseWriter, r *http.Request) {
	s.renderRetro(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderRetro(w http.ResponseWriter, r *http.Request, status int, errors, form map[string]string) {
	c, m, id, ok := s.target(w, r)
	if !ok {
		return
	}
	u, ctx := UserFrom(r.Context()), r.Context()
	retro, err := s.app.Health.Retro(ctx, u, c.Slug, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &retroView{page: page{Title: retro.Title + " · " + c.Name, Community: newHeader(c, m, "health")}, Retro: retro, Errors: errors, Form: form,
		Statuses: health.ActionStatuses(), Credit: health.Credit}
	if retro.RoundID != 0 {
		res, err := s.app.Health.Results(ctx, u, c.Slug, retro.RoundID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Round = &res
	}
	if retro.CanManage {
		if v.Owners, err = s.app.Health.Owners(ctx, u, c.Slug); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, status, "retro", v)
}

// retroAction handles the forms of a retrospective's page.
func (s *Server) retroAction(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	slug := r.PathValue("slug")
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, ctx, f := UserFrom(r.Context()), r.Context(), r.PostForm
	back := health.RetroPath(slug, id)
	var msg string
	switch r.PathValue("action") {
	case "cards":
		_, err = s.app.Health.AddCard(ctx, u, slug, id, health.NewCard{Column: health.Column(f.Get("column")), Body: f.Get("body"), Anonymous: f.Get("anonymous") != ""})
		if errs.KindOf(err) == errs.Invalid {
			s.renderRetro(w, r, http.StatusUnprocessableEntity, prefixErrors(err, "card."+f.Get("column")+"."), map[string]string{"card." + f.Get("column"): f.Get("body")})
			return
		}
		msg, back = "Your card is up.", back+"#col-"+f.Get("column")
	case "vote", "unvote":
		var card int64
		if card, err = strconv.ParseInt(f.Get("card"), 10, 64); err != nil {
			err = errs.E(errs.NotFound, "There is no such card on this retrospective.")
			break
		}
		_, err = s.app.Health.VoteCard(ctx, u, slug, id, card, r.PathValue("action") == "vote")
		msg = "Your vote is in."
		if r.PathValue("action") == "unvote" {
			msg = "Your vote is withdrawn."
		}
		back += "#card-" + f.Get("card")
	case "actions":
		owner, _ := strconv.ParseInt(f.Get("owner_id"), 10, 64)
		_, err = s.app.Health.AddAction(ctx, u, slug, id, health.NewAction{Title: f.Get("title"), OwnerID: owner, Due: f.Get("due")})
		if errs.KindOf(err) == errs.Invalid {
			s.renderRetro(w, r, http.StatusUnprocessableEntity, prefixErrors(err, "action."), map[string]string{"action.title": f.Get("title"),
				"action.owner_id": f.Get("owner_id"), "action.due": f.Get("due")})
			return
		}
		msg, back = "Action added; its owner is told.", back+"#actions"
	case "status":
		action, perr := strconv.ParseInt(f.Get("action"), 10, 64)
		if perr != nil {
			err = errs.E(errs.NotFound, "There is no such action on this retrospective.")
			break
		}
		var a health.Action
		a, err = s.app.Health.SetActionStatus(ctx, u, slug, id, action, health.ActionStatus(f.Get("status")))
		msg, back = "“"+a.Title+"” is now "+strings.ToLower(a.Status.Label())+".", back+"#actions"
	case "close":
		_, err = s.app.Health.CloseRetro(ctx, u, slug, id)
		msg = "The retrospective is closed. Its actions are still tracked here."
	default:
		s.notFoundPage(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, back, msg)
}

// prefixErrors maps an Invalid error's fields under prefix, for a page
// with several forms.
func prefixErrors(err error, prefix string) map[string]string {
	out := map[string]string{}
	for k, v := range backlogFieldErrors(err) {
		if k == "_" {
			out[k] = v
			continue
		}
		out[prefix+k] = v
	}
	return out
}
