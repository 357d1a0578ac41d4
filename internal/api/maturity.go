package api

import (
	"net/http"
	"strconv"
	"strings"

	"cultivate/internal/maturity"
	"cultivate/internal/web"
)

// Maturity, dimensions, targets and bootstrap steps (issue 5). The rules
// and permissions live in internal/maturity; these handlers translate.

func (h *handler) getMaturityModel(_ *http.Request, _ noBody) (maturityModelJSON, error) {
	return newMaturityModel(), nil
}

func (h *handler) getMaturity(r *http.Request, _ noBody) (maturityStandingJSON, error) {
	st, err := h.app.Maturity.Standing(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"))
	if err != nil {
		return maturityStandingJSON{}, err
	}
	return newStanding(st), nil
}

func (h *handler) listAssessments(r *http.Request, _ noBody) (listOf[maturityAssessmentJSON], error) {
	list, err := h.app.Maturity.History(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), 100)
	if err != nil {
		return listOf[maturityAssessmentJSON]{}, err
	}
	out := make([]maturityAssessmentJSON, len(list))
	for i, a := range list {
		out[i] = newAssessment(a)
	}
	return newList(out), nil
}

func (h *handler) recordAssessment(r *http.Request, in assessmentBody) (maturityAssessmentJSON, error) {
	ai := maturity.AssessInput{Marks: map[string]maturity.Mark{}, Note: in.Note}
	for _, m := range in.Marks {
		ai.Marks[m.Indicator] = maturity.Mark{Rating: maturity.Rating(m.Rating), Note: m.Note}
	}
	a, err := h.app.Maturity.Assess(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), ai)
	if err != nil {
		return maturityAssessmentJSON{}, err
	}
	return newAssessment(a), nil
}

func (h *handler) getMaturityEvidence(r *http.Request, _ noBody) (listOf[maturityEvidenceJSON], error) {
	ev, err := h.app.Maturity.Evidence(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"))
	if err != nil {
		return listOf[maturityEvidenceJSON]{}, err
	}
	var out []maturityEvidenceJSON
	for _, st := range maturity.Model() {
		for _, ind := range st.Indicators() {
			out = append(out, newEvidence(ev[ind.Key]))
		}
	}
	return newList(out), nil
}

func (h *handler) getDimensions(r *http.Request, _ noBody) (dimensionsJSON, error) {
	d, err := h.app.Maturity.Dimensions(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"))
	if err != nil {
		return dimensionsJSON{}, err
	}
	return newDimensions(d), nil
}

func (h *handler) setDimensions(r *http.Request, in dimensionsBody) (dimensionsJSON, error) {
	si := maturity.SettingsInput{Values: map[string]maturity.Setting{}, Note: in.Note}
	for _, v := range in.Values {
		si.Values[v.Dimension] = maturity.Setting{Now: v.Now, Want: v.Want}
	}
	d, err := h.app.Maturity.SetDimensions(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), si)
	if err != nil {
		return dimensionsJSON{}, err
	}
	return newDimensions(d), nil
}

func (h *handler) adaptDimension(r *http.Request, in dimensionWordingBody) (dimensionJSON, error) {
	d, err := h.app.Maturity.AdaptDimension(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), in.Dimension, maturity.DimensionInput{
		Name: in.Name, Description: in.Description, Upsides: strings.Join(in.Upsides, "\n"), Downsides: strings.Join(in.Downsides, "\n")})
	if err != nil {
		return dimensionJSON{}, err
	}
	return newDimension(d), nil
}

func (h *handler) listMaturityMetrics(_ *http.Request, _ noBody) (listOf[metricJSON], error) {
	var out []metricJSON
	for _, m := range maturity.Metrics() {
		out = append(out, metricJSON{Key: m.Key, Label: m.Label, Unit: m.Unit, Description: m.Description})
	}
	return newList(out), nil
}

func (h *handler) listTargets(r *http.Request, _ noBody) (listOf[targetJSON], error) {
	list, err := h.app.Maturity.Targets(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"))
	if err != nil {
		return listOf[targetJSON]{}, err
	}
	out := make([]targetJSON, len(list))
	for i, t := range list {
		out[i] = newTarget(t)
	}
	return newList(out), nil
}

func targetInput(in targetBody) maturity.TargetInput {
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	return maturity.TargetInput{Name: in.Name, Unit: in.Unit, Metric: in.Metric, Baseline: num(in.Baseline), Target: num(in.Target), Due: in.Due}
}

func (h *handler) createTarget(r *http.Request, in targetBody) (targetJSON, error) {
	t, err := h.app.Maturity.CreateTarget(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), targetInput(in))
	if err != nil {
		return targetJSON{}, err
	}
	return newTarget(t), nil
}

func (h *handler) getTarget(r *http.Request, _ noBody) (targetJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return targetJSON{}, err
	}
	t, err := h.app.Maturity.Target(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	if err != nil {
		return targetJSON{}, err
	}
	return newTarget(t), nil
}

func (h *handler) replaceTarget(r *http.Request, in targetBody) (targetJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return targetJSON{}, err
	}
	t, err := h.app.Maturity.UpdateTarget(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, targetInput(in))
	if err != nil {
		return targetJSON{}, err
	}
	return newTarget(t), nil
}

func (h *handler) deleteTarget(r *http.Request, _ noBody) (noContent, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return noContent{}, err
	}
	return noContent{}, h.app.Maturity.DeleteTarget(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
}

func (h *handler) recordTargetValue(r *http.Request, in targetValueBody) (targetJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return targetJSON{}, err
	}
	t, err := h.app.Maturity.RecordValue(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id,
		strconv.FormatFloat(in.Value, 'g', -1, 64), in.Note)
	if err != nil {
		return targetJSON{}, err
	}
	return newTarget(t), nil
}

func (h *handler) getBootstrap(r *http.Request, _ noBody) (bootstrapJSON, error) {
	b, err := h.app.Maturity.Bootstrap(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"))
	if err != nil {
		return bootstrapJSON{}, err
	}
	return newBootstrap(b), nil
}

func (h *handler) tickBootstrap(r *http.Request, in bootstrapTickBody) (bootstrapJSON, error) {
	b, err := h.app.Maturity.Tick(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), in.Step, in.Done, in.Note)
	if err != nil {
		return bootstrapJSON{}, err
	}
	return newBootstrap(b), nil
}
