package web

import (
	"html/template"
	"net/http"

	"cultivate/internal/maturity"
)

// The Health tab's overview (issue 5): how is this community doing? Its
// stage on the maturity model, its bootstrap steps, its targets and its
// dimensions, with links to the canvas, workshops, health checks and
// retrospectives.

type healthOverviewView struct {
	page
	O          maturity.Overview
	Curve      template.HTML
	Model      []maturity.Stage
	ModelSrc   string
	Rule       string
	BootSrc    string
	TargetsSrc string
	DimsSrc    string
}

func (s *Server) healthOverview(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.app.Maturity.Overview(r.Context(), UserFrom(r.Context()), c.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &healthOverviewView{page: page{Title: "Health · " + c.Name, Community: newHeader(c, m, "health")}, O: o,
		Curve: template.HTML(o.Curve), // built from escaped parts in internal/maturity
		Model: maturity.Model(), ModelSrc: maturity.ModelSource, Rule: maturity.StageRule, BootSrc: maturity.BootstrapSource,
		TargetsSrc: maturity.TargetsSource, DimsSrc: maturity.DimensionsSource}
	s.render(w, r, http.StatusOK, "health_overview", v)
}

// tickBootstrap ticks or unticks a bootstrap step by hand.
func (s *Server) tickBootstrap(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, _, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	done := r.PostForm.Get("done") == "1"
	if _, err := s.app.Maturity.Tick(r.Context(), UserFrom(r.Context()), c.Slug, r.PathValue("step"), done, r.PostForm.Get("note")); err != nil {
		s.fail(w, r, err)
		return
	}
	back := r.PostForm.Get("back")
	if back != "/c/"+c.Slug {
		back = maturity.HealthPath(c.Slug)
	}
	msg := "Step ticked."
	if !done {
		msg = "Tick removed."
	}
	s.redirect(w, r, back, msg)
}
