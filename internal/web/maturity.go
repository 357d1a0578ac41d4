package web

import (
	"html/template"
	"net/http"
	"strings"

	"cultivate/internal/errs"
	"cultivate/internal/maturity"
)

// The maturity page (issue 5): the model of seed 003 with the core
// group's latest ratings, the evidence for each indicator, the form to
// record a new assessment, and the history of past ones.

type maturityView struct {
	page
	Model    []maturity.Stage
	Standing maturity.Standing
	Evidence map[string]maturity.Evidence
	History  []maturity.Assessment
	Ratings  []maturity.Rating
	// Form holds the ratings shown in the form: the latest assessment's,
	// or what was typed when a save was refused.
	Form   map[string]maturity.Mark
	Note   string
	Errors map[string]string
	// Curve is server-rendered SVG; CurveText says it in words.
	Curve     template.HTML
	CurveText string
	Source    string
	Rule      string
}

func (s *Server) maturityPage(w http.ResponseWriter, r *http.Request) {
	s.renderMaturity(w, r, http.StatusOK, nil, nil, "")
}

// renderMaturity shows the page; form and note put back what a refused
// save held.
func (s *Server) renderMaturity(w http.ResponseWriter, r *http.Request, status int, errors map[string]string, form map[string]maturity.Mark, note string) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := UserFrom(r.Context())
	ctx := r.Context()
	v := &maturityView{page: page{Title: "Maturity · " + c.Name, Community: newHeader(c, m, "health")},
		Model: maturity.Model(), Ratings: maturity.Ratings(), Errors: errors, Note: note,
		Source: maturity.ModelSource, Rule: maturity.StageRule}
	if v.Standing, err = s.app.Maturity.Standing(ctx, u, c.Slug); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Evidence, err = s.app.Maturity.Evidence(ctx, u, c.Slug); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.History, err = s.app.Maturity.History(ctx, u, c.Slug, 12); err != nil {
		s.fail(w, r, err)
		return
	}
	v.Form = form
	if v.Form == nil {
		v.Form = v.Standing.Latest.Marks
	}
	var pos *maturity.Position
	if v.Standing.Assessed {
		pos = &v.Standing.Latest.Position
	}
	v.Curve = template.HTML(maturity.Curve(v.Model, pos, c.Name)) // built from escaped parts in internal/maturity
	v.CurveText = maturity.CurveText(v.Model, pos, c.Name)
	s.render(w, r, status, "maturity", v)
}

func (s *Server) assess(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, _, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := maturity.AssessInput{Marks: map[string]maturity.Mark{}, Note: r.PostForm.Get("note")}
	for key, vals := range r.PostForm {
		if k, ok := strings.CutPrefix(key, "rating."); ok && len(vals) > 0 {
			in.Marks[k] = maturity.Mark{Rating: maturity.Rating(vals[0]), Note: r.PostForm.Get("note." + k)}
		}
	}
	if _, err := s.app.Maturity.Assess(r.Context(), UserFrom(r.Context()), c.Slug, in); err != nil {
		s.healthFormFail(w, r, err, func(fields map[string]string) {
			// A field the form has no place for (an unknown indicator)
			// is shown at the top.
			known := map[string]bool{"note": true, "rating": true, "_": true}
			for _, st := range maturity.Model() {
				for _, ind := range st.Indicators() {
					known["rating."+ind.Key], known["note."+ind.Key] = true, true
				}
			}
			for k, msg := range fields {
				if !known[k] {
					fields["_"] = msg
				}
			}
			s.renderMaturity(w, r, http.StatusUnprocessableEntity, fields, in.Marks, in.Note)
		})
		return
	}
	s.redirect(w, r, maturity.MaturityPath(c.Slug), "Assessment saved. The previous one stays in the history.")
}

// healthFormFail re-renders a refused form through again when err is
// about the input, and answers any other error itself.
func (s *Server) healthFormFail(w http.ResponseWriter, r *http.Request, err error, again func(fields map[string]string)) {
	if errs.KindOf(err) != errs.Invalid {
		s.fail(w, r, err)
		return
	}
	fields := errs.ByField(err)
	if len(fields) == 0 {
		_, _, msg := errs.Public(err)
		fields = map[string]string{"_": msg}
	}
	again(fields)
}
