package web

import (
	"net/http"
	"strconv"
	"time"

	"cultivate/internal/maturity"
)

// The targets page (issue 5): goals with a baseline, a target and a due
// date, following a live metric or updated by hand. Everyone who may see
// the community reads them; the leader and core group manage them.

type targetsView struct {
	page
	Targets []maturity.Target
	Metrics []maturity.Metric
	Form    maturity.TargetInput
	Errors  map[string]string
	// Editing is the target whose definition is being changed (0: the
	// form adds a new one); ValueFor is the target a refused value was for.
	Editing   int64
	ValueFor  int64
	Value     string
	ValueNote string
	Source    string
	Now       time.Time
	CanEdit   bool
}

func (s *Server) targetsPage(w http.ResponseWriter, r *http.Request) {
	s.renderTargets(w, r, http.StatusOK, func(*targetsView) {})
}

func (s *Server) renderTargets(w http.ResponseWriter, r *http.Request, status int, keep func(v *targetsView)) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := UserFrom(r.Context())
	v := &targetsView{page: page{Title: "Targets · " + c.Name, Community: newHeader(c, m, "health")},
		Metrics: maturity.Metrics(), Source: maturity.TargetsSource, Now: s.app.Clock.Now(), CanEdit: m.CanModerate() || u.IsAdmin,
		Form: maturity.TargetInput{Due: s.app.Clock.Now().AddDate(0, 3, 0).Format(maturity.DateLayout)}}
	if v.Targets, err = s.app.Maturity.Targets(r.Context(), u, c.Slug); err != nil {
		s.fail(w, r, err)
		return
	}
	if id, err := strconv.ParseInt(r.URL.Query().Get("edit"), 10, 64); err == nil {
		for _, t := range v.Targets {
			if t.ID == id {
				v.Editing = id
				v.Form = maturity.TargetInput{Name: t.Name, Unit: t.Unit, Metric: t.Metric, Baseline: maturity.Format(t.Baseline),
					Target: maturity.Format(t.Target), Due: t.Due.Format(maturity.DateLayout)}
			}
		}
	}
	keep(v)
	s.render(w, r, status, "targets", v)
}

func targetFromForm(r *http.Request) maturity.TargetInput {
	return maturity.TargetInput{Name: r.PostForm.Get("name"), Unit: r.PostForm.Get("unit"), Metric: r.PostForm.Get("metric"),
		Baseline: r.PostForm.Get("baseline"), Target: r.PostForm.Get("target"), Due: r.PostForm.Get("due")}
}

func (s *Server) createTarget(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, _, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := targetFromForm(r)
	if _, err := s.app.Maturity.CreateTarget(r.Context(), UserFrom(r.Context()), c.Slug, in); err != nil {
		s.healthFormFail(w, r, err, func(fields map[string]string) {
			s.renderTargets(w, r, http.StatusUnprocessableEntity, func(v *targetsView) { v.Form, v.Errors, v.Editing = in, fields, 0 })
		})
		return
	}
	s.redirect(w, r, maturity.TargetsPath(c.Slug), "Target set. Everyone in the community can follow it.")
}

// targetAction is edit, value or delete on one target.
func (s *Server) targetAction(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, _, id, ok := s.target(w, r)
	if !ok {
		return
	}
	u := UserFrom(r.Context())
	back := maturity.TargetsPath(c.Slug)
	switch r.PathValue("action") {
	case "edit":
		in := targetFromForm(r)
		if _, err := s.app.Maturity.UpdateTarget(r.Context(), u, c.Slug, id, in); err != nil {
			s.healthFormFail(w, r, err, func(fields map[string]string) {
				s.renderTargets(w, r, http.StatusUnprocessableEntity, func(v *targetsView) { v.Form, v.Errors, v.Editing = in, fields, id })
			})
			return
		}
		s.redirect(w, r, back, "Target changed.")
	case "value":
		value, note := r.PostForm.Get("value"), r.PostForm.Get("value_note")
		if _, err := s.app.Maturity.RecordValue(r.Context(), u, c.Slug, id, value, note); err != nil {
			s.healthFormFail(w, r, err, func(fields map[string]string) {
				s.renderTargets(w, r, http.StatusUnprocessableEntity, func(v *targetsView) {
					v.ValueFor, v.Value, v.ValueNote = id, value, note
					v.Errors = map[string]string{}
					for k, m := range fields {
						v.Errors["value."+k] = m
					}
				})
			})
			return
		}
		s.redirect(w, r, back, "Value recorded.")
	case "delete":
		if err := s.app.Maturity.DeleteTarget(r.Context(), u, c.Slug, id); err != nil {
			s.fail(w, r, err)
			return
		}
		s.redirect(w, r, back, "Target removed.")
	default:
		s.notFoundPage(w, r)
	}
}
