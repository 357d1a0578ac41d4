package web

import (
	"net/http"
	"strconv"

	"cultivate/internal/errs"
	"cultivate/internal/maturity"
)

// The dimensions page (issue 5): the sliders of intentional development,
// "now" and "where we want it", plain number inputs in a form, so it
// works without JavaScript.

type dimensionsView struct {
	page
	D      maturity.Dimensions
	Form   map[string]maturity.Setting
	Note   string
	Errors map[string]string
	// Adapt is the dimension whose wording is being edited ("" for none)
	// and AdaptForm what was typed.
	Adapt     string
	AdaptForm maturity.DimensionInput
	Source    string
	Min, Max  int
}

func (s *Server) dimensionsPage(w http.ResponseWriter, r *http.Request) {
	s.renderDimensions(w, r, http.StatusOK, func(*dimensionsView) {})
}

func (s *Server) renderDimensions(w http.ResponseWriter, r *http.Request, status int, keep func(v *dimensionsView)) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &dimensionsView{page: page{Title: "Dimensions · " + c.Name, Community: newHeader(c, m, "health")},
		Source: maturity.DimensionsSource, Min: maturity.SliderMin, Max: maturity.SliderMax, Adapt: r.URL.Query().Get("adapt")}
	if v.D, err = s.app.Maturity.Dimensions(r.Context(), UserFrom(r.Context()), c.Slug); err != nil {
		s.fail(w, r, err)
		return
	}
	v.Form = v.D.Current.Values
	if v.Form == nil {
		v.Form = map[string]maturity.Setting{}
		for _, d := range v.D.Dimensions {
			v.Form[d.Key] = maturity.Setting{Now: 5, Want: 5}
		}
	}
	for _, d := range v.D.Dimensions {
		if d.Key == v.Adapt {
			v.AdaptForm = maturity.DimensionInput{Name: d.Name, Description: d.Description, Upsides: joinLines(d.Upsides), Downsides: joinLines(d.Downsides)}
		}
	}
	keep(v)
	s.render(w, r, status, "dimensions", v)
}

func joinLines(list []string) string {
	out := ""
	for _, l := range list {
		out += l + "\n"
	}
	return out
}

func (s *Server) setDimensions(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, _, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := maturity.SettingsInput{Values: map[string]maturity.Setting{}, Note: r.PostForm.Get("note")}
	var f errs.Fields
	for _, d := range maturity.DefaultDimensions() {
		now, err1 := strconv.Atoi(r.PostForm.Get("now." + d.Key))
		want, err2 := strconv.Atoi(r.PostForm.Get("want." + d.Key))
		if err1 != nil {
			f.Add("now."+d.Key, "Choose a whole number from 0 to 10.")
		}
		if err2 != nil {
			f.Add("want."+d.Key, "Choose a whole number from 0 to 10.")
		}
		in.Values[d.Key] = maturity.Setting{Now: now, Want: want}
	}
	err = f.Err()
	if err == nil {
		_, err = s.app.Maturity.SetDimensions(r.Context(), UserFrom(r.Context()), c.Slug, in)
	}
	if err != nil {
		s.healthFormFail(w, r, err, func(fields map[string]string) {
			s.renderDimensions(w, r, http.StatusUnprocessableEntity, func(v *dimensionsView) { v.Form, v.Note, v.Errors = in.Values, in.Note, fields })
		})
		return
	}
	s.redirect(w, r, maturity.DimensionsPath(c.Slug), "Dimensions saved. Earlier settings stay in the history.")
}

func (s *Server) adaptDimension(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, _, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	key := r.PathValue("key")
	in := maturity.DimensionInput{Name: r.PostForm.Get("name"), Description: r.PostForm.Get("description"),
		Upsides: r.PostForm.Get("upsides"), Downsides: r.PostForm.Get("downsides")}
	if _, err := s.app.Maturity.AdaptDimension(r.Context(), UserFrom(r.Context()), c.Slug, key, in); err != nil {
		s.healthFormFail(w, r, err, func(fields map[string]string) {
			s.renderDimensions(w, r, http.StatusUnprocessableEntity, func(v *dimensionsView) { v.Adapt, v.AdaptForm, v.Errors = key, in, fields })
		})
		return
	}
	s.redirect(w, r, maturity.DimensionsPath(c.Slug), "Wording saved for this community.")
}
