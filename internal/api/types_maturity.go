package api

import (
	"reflect"
	"time"

	"cultivate/internal/maturity"
)

// Maturity, dimensions, targets and bootstrap steps as JSON (issue 5). As
// elsewhere the API keeps its own types: lists instead of maps, and a
// value that may be absent is null, never left out.

type maturityIndicatorJSON struct {
	Key     string  `json:"key"`
	Text    string  `json:"text"`
	Measure *string `json:"measure" doc:"The evidence computed for it; null when no data can show it and the core group rates it by hand only."`
}

type maturityAreaJSON struct {
	Key        string                  `json:"key"`
	Title      string                  `json:"title"`
	Indicators []maturityIndicatorJSON `json:"indicators"`
}

type maturityStageJSON struct {
	Key     string             `json:"key"`
	Title   string             `json:"title"`
	Flight  string             `json:"flight" doc:"The stage's name in the space-flight picture."`
	Summary string             `json:"summary"`
	Areas   []maturityAreaJSON `json:"areas"`
}

// maturityModelJSON is the maturity model (seed 003) with its rule and credit.
type maturityModelJSON struct {
	Stages  []maturityStageJSON `json:"stages"`
	Ratings []string            `json:"ratings"`
	Rule    string              `json:"rule" doc:"How the current stage is derived from the ratings."`
	Source  string              `json:"source"`
}

type maturityMarkJSON struct {
	Indicator string `json:"indicator"`
	Rating    string `json:"rating" enum:"not_yet,partly,yes"`
	Note      string `json:"note"`
}

type maturityPositionJSON struct {
	Reached    int       `json:"reached" doc:"How many stages are reached, 0 to 4."`
	Stage      *string   `json:"stage" doc:"The key of the highest stage reached; null before Gather."`
	StageTitle string    `json:"stage_title"`
	Scores     []float64 `json:"scores" doc:"Each stage's score out of 9 (yes 1, partly a half)."`
	Along      float64   `json:"along" doc:"Position along the four phases, 0 to 4, for the picture."`
}

type maturityAssessmentJSON struct {
	ID       int64                `json:"id"`
	At       time.Time            `json:"at"`
	Assessor *authorJSON          `json:"assessor" doc:"Null when the account is gone."`
	Note     string               `json:"note"`
	Marks    []maturityMarkJSON   `json:"marks" doc:"The indicators rated, in model order."`
	Position maturityPositionJSON `json:"position"`
}

type maturityChangeJSON struct {
	Indicator string `json:"indicator"`
	From      string `json:"from" doc:"The previous rating; empty when it was not rated."`
	To        string `json:"to" doc:"The latest rating; empty when it is not rated."`
}

// maturityStandingJSON is the latest assessment, the previous one and the change.
type maturityStandingJSON struct {
	Assessed bool                    `json:"assessed"`
	Latest   *maturityAssessmentJSON `json:"latest"`
	Previous *maturityAssessmentJSON `json:"previous"`
	Position maturityPositionJSON    `json:"position" doc:"Where the latest assessment puts the community (reached 0 when none)."`
	Changes  []maturityChangeJSON    `json:"changes"`
	CanEdit  bool                    `json:"can_edit"`
}

type maturityLinkJSON struct {
	Label string `json:"label"`
	URL   string `json:"url" doc:"A path on this site."`
}

type maturityEvidenceJSON struct {
	Indicator string             `json:"indicator"`
	Available bool               `json:"available" doc:"False for indicators no data can show."`
	Summary   string             `json:"summary"`
	Measure   string             `json:"measure" doc:"How the numbers are counted (over the last 90 days)."`
	Links     []maturityLinkJSON `json:"links"`
	Proposed  *string            `json:"proposed" enum:"not_yet,partly,yes" doc:"The rating the numbers suggest; null when there is too little data."`
}

type maturityMarkBody struct {
	Indicator string `json:"indicator"`
	Rating    string `json:"rating" enum:"not_yet,partly,yes"`
	Note      string `json:"note,omitempty"`
}

// assessmentBody records an assessment (leader and core group).
type assessmentBody struct {
	Marks []maturityMarkBody `json:"marks" doc:"One rating per indicator rated; indicators left out stay unrated."`
	Note  string             `json:"note,omitempty"`
}

type dimensionJSON struct {
	Key         string   `json:"key"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Upsides     []string `json:"upsides"`
	Downsides   []string `json:"downsides"`
	FromSeed    bool     `json:"from_seed" doc:"True for Practice, the dimension the source describes; the others are a working set."`
	Adapted     bool     `json:"adapted" doc:"The community reworded it."`
}

type dimensionValueJSON struct {
	Dimension string `json:"dimension"`
	Now       int    `json:"now" doc:"0 to 10."`
	Want      int    `json:"want" doc:"Where we want it, 0 to 10."`
}

type dimensionSnapshotJSON struct {
	ID     int64                `json:"id"`
	At     time.Time            `json:"at"`
	Setter *authorJSON          `json:"setter"`
	Note   string               `json:"note"`
	Values []dimensionValueJSON `json:"values"`
}

// dimensionsJSON is a community's dimensions with their settings.
type dimensionsJSON struct {
	Dimensions []dimensionJSON         `json:"dimensions"`
	Current    *dimensionSnapshotJSON  `json:"current" doc:"The latest setting; null when none was saved."`
	History    []dimensionSnapshotJSON `json:"history" doc:"Up to 20 settings, newest first."`
	CanEdit    bool                    `json:"can_edit"`
	Source     string                  `json:"source"`
}

type dimensionsBody struct {
	Values []dimensionValueJSON `json:"values" doc:"Every dimension, once."`
	Note   string               `json:"note,omitempty"`
}

type dimensionWordingBody struct {
	Dimension   string   `json:"dimension"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Upsides     []string `json:"upsides,omitempty"`
	Downsides   []string `json:"downsides,omitempty"`
}

type metricJSON struct {
	Key         string `json:"key"`
	Label       string `json:"label"`
	Unit        string `json:"unit"`
	Description string `json:"description"`
}

type targetValueJSON struct {
	Value      float64   `json:"value"`
	Note       string    `json:"note"`
	RecordedBy string    `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`
}

// targetJSON is a target with its progress now.
type targetJSON struct {
	ID        int64             `json:"id"`
	Name      string            `json:"name"`
	Unit      string            `json:"unit"`
	Metric    *string           `json:"metric" doc:"The live metric it follows; null when updated by hand."`
	Baseline  float64           `json:"baseline"`
	Target    float64           `json:"target"`
	Due       string            `json:"due" format:"date"`
	Current   *float64          `json:"current" doc:"The metric now, or the latest value recorded by hand (the baseline before any); null when the metric has no data yet."`
	Progress  float64           `json:"progress" doc:"Share of the way from baseline to target, 0 to 1."`
	Reached   bool              `json:"reached"`
	Values    []targetValueJSON `json:"values" doc:"Values recorded by hand, newest first."`
	CreatedAt time.Time         `json:"created_at"`
}

// targetBody sets or replaces a target.
type targetBody struct {
	Name     string  `json:"name"`
	Unit     string  `json:"unit,omitempty"`
	Metric   string  `json:"metric,omitempty" doc:"A live metric's key (listMaturityMetrics); leave out to update by hand."`
	Baseline float64 `json:"baseline"`
	Target   float64 `json:"target" doc:"Must differ from the baseline."`
	Due      string  `json:"due" format:"date" doc:"YYYY-MM-DD."`
}

type targetValueBody struct {
	Value float64 `json:"value"`
	Note  string  `json:"note,omitempty"`
}

type bootstrapStepJSON struct {
	Key        string     `json:"key"`
	Title      string     `json:"title"`
	Hint       string     `json:"hint"`
	URL        string     `json:"url"`
	Done       bool       `json:"done"`
	ByEvidence bool       `json:"by_evidence"`
	Evidence   string     `json:"evidence"`
	ByHand     bool       `json:"by_hand"`
	Note       string     `json:"note"`
	TickedBy   string     `json:"ticked_by"`
	TickedAt   *time.Time `json:"ticked_at"`
}

// bootstrapJSON is a community's bootstrap checklist (seed 004).
type bootstrapJSON struct {
	Steps   []bootstrapStepJSON `json:"steps"`
	Done    int                 `json:"done"`
	Show    bool                `json:"show" doc:"Whether the community's overview shows it: young, or steps left."`
	CanEdit bool                `json:"can_edit"`
	Source  string              `json:"source"`
}

type bootstrapTickBody struct {
	Step string `json:"step" enum:"goals,sponsor,backlog,kickoff,first_events,improve"`
	Done bool   `json:"done"`
	Note string `json:"note,omitempty"`
}

// maturitySchemaNames are this file's schemas, added to schemaNames.
func maturitySchemaNames() []schemaName {
	return []schemaName{
		{"MaturityIndicator", reflect.TypeFor[maturityIndicatorJSON](), false},
		{"MaturityArea", reflect.TypeFor[maturityAreaJSON](), false},
		{"MaturityStage", reflect.TypeFor[maturityStageJSON](), false},
		{"MaturityModel", reflect.TypeFor[maturityModelJSON](), false},
		{"MaturityMark", reflect.TypeFor[maturityMarkJSON](), false},
		{"MaturityPosition", reflect.TypeFor[maturityPositionJSON](), false},
		{"MaturityAssessment", reflect.TypeFor[maturityAssessmentJSON](), false},
		{"MaturityAssessmentList", reflect.TypeFor[listOf[maturityAssessmentJSON]](), false},
		{"MaturityChange", reflect.TypeFor[maturityChangeJSON](), false},
		{"MaturityStanding", reflect.TypeFor[maturityStandingJSON](), false},
		{"MaturityLink", reflect.TypeFor[maturityLinkJSON](), false},
		{"MaturityEvidence", reflect.TypeFor[maturityEvidenceJSON](), false},
		{"MaturityEvidenceList", reflect.TypeFor[listOf[maturityEvidenceJSON]](), false},
		{"Dimension", reflect.TypeFor[dimensionJSON](), false},
		{"DimensionValue", reflect.TypeFor[dimensionValueJSON](), false},
		{"DimensionSnapshot", reflect.TypeFor[dimensionSnapshotJSON](), false},
		{"Dimensions", reflect.TypeFor[dimensionsJSON](), false},
		{"Metric", reflect.TypeFor[metricJSON](), false},
		{"MetricList", reflect.TypeFor[listOf[metricJSON]](), false},
		{"TargetValue", reflect.TypeFor[targetValueJSON](), false},
		{"Target", reflect.TypeFor[targetJSON](), false},
		{"TargetList", reflect.TypeFor[listOf[targetJSON]](), false},
		{"BootstrapStep", reflect.TypeFor[bootstrapStepJSON](), false},
		{"Bootstrap", reflect.TypeFor[bootstrapJSON](), false},
		{"AssessmentRequest", reflect.TypeFor[assessmentBody](), true},
		{"MaturityMarkRequest", reflect.TypeFor[maturityMarkBody](), true},
		{"DimensionsRequest", reflect.TypeFor[dimensionsBody](), true},
		{"DimensionValueRequest", reflect.TypeFor[dimensionValueJSON](), true},
		{"DimensionWordingRequest", reflect.TypeFor[dimensionWordingBody](), true},
		{"TargetRequest", reflect.TypeFor[targetBody](), true},
		{"TargetValueRequest", reflect.TypeFor[targetValueBody](), true},
		{"BootstrapTickRequest", reflect.TypeFor[bootstrapTickBody](), true},
	}
}

func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func newMaturityModel() maturityModelJSON {
	out := maturityModelJSON{Rule: maturity.StageRule, Source: maturity.ModelSource}
	for _, r := range maturity.Ratings() {
		out.Ratings = append(out.Ratings, string(r))
	}
	for _, st := range maturity.Model() {
		sj := maturityStageJSON{Key: st.Key, Title: st.Title, Flight: st.Flight, Summary: st.Summary}
		for _, a := range st.Areas {
			aj := maturityAreaJSON{Key: a.Key, Title: a.Title}
			for _, ind := range a.Indicators {
				aj.Indicators = append(aj.Indicators, maturityIndicatorJSON{Key: ind.Key, Text: ind.Text, Measure: strOrNil(ind.Measure)})
			}
			sj.Areas = append(sj.Areas, aj)
		}
		out.Stages = append(out.Stages, sj)
	}
	return out
}

func newPosition(p maturity.Position) maturityPositionJSON {
	scores := p.Scores
	if scores == nil {
		scores = []float64{}
	}
	return maturityPositionJSON{Reached: p.Reached, Stage: strOrNil(p.Stage), StageTitle: p.StageTitle, Scores: scores, Along: p.Along}
}

func newAssessment(a maturity.Assessment) maturityAssessmentJSON {
	out := maturityAssessmentJSON{ID: a.ID, At: a.At, Note: a.Note, Marks: []maturityMarkJSON{}, Position: newPosition(a.Position)}
	if a.AssessorID != 0 {
		out.Assessor = &authorJSON{ID: a.AssessorID, Name: a.AssessorName}
	}
	for _, st := range maturity.Model() {
		for _, ind := range st.Indicators() {
			if m, ok := a.Marks[ind.Key]; ok {
				out.Marks = append(out.Marks, maturityMarkJSON{Indicator: ind.Key, Rating: string(m.Rating), Note: m.Note})
			}
		}
	}
	return out
}

func newStanding(st maturity.Standing) maturityStandingJSON {
	out := maturityStandingJSON{Assessed: st.Assessed, CanEdit: st.CanEdit, Position: newPosition(st.Latest.Position), Changes: []maturityChangeJSON{}}
	if st.Assessed {
		l := newAssessment(st.Latest)
		out.Latest = &l
	}
	if st.Previous.ID != 0 {
		p := newAssessment(st.Previous)
		out.Previous = &p
	}
	for _, c := range st.Changes {
		out.Changes = append(out.Changes, maturityChangeJSON{Indicator: c.Indicator.Key, From: string(c.From), To: string(c.To)})
	}
	return out
}

func newEvidence(e maturity.Evidence) maturityEvidenceJSON {
	out := maturityEvidenceJSON{Indicator: e.Indicator, Available: e.Available, Summary: e.Summary, Measure: e.Measure,
		Links: []maturityLinkJSON{}, Proposed: strOrNil(string(e.Proposed))}
	for _, l := range e.Links {
		out.Links = append(out.Links, maturityLinkJSON{Label: l.Label, URL: l.URL})
	}
	return out
}

func newDimension(d maturity.Dimension) dimensionJSON {
	return dimensionJSON{Key: d.Key, Name: d.Name, Description: d.Description, Upsides: nonNil(d.Upsides), Downsides: nonNil(d.Downsides),
		FromSeed: d.FromSeed, Adapted: d.Adapted}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func newSnapshot(dims []maturity.Dimension, s maturity.Snapshot) dimensionSnapshotJSON {
	out := dimensionSnapshotJSON{ID: s.ID, At: s.At, Note: s.Note, Values: []dimensionValueJSON{}}
	if s.SetterID != 0 {
		out.Setter = &authorJSON{ID: s.SetterID, Name: s.SetterName}
	}
	for _, d := range dims {
		if v, ok := s.Values[d.Key]; ok {
			out.Values = append(out.Values, dimensionValueJSON{Dimension: d.Key, Now: v.Now, Want: v.Want})
		}
	}
	return out
}

func newDimensions(d maturity.Dimensions) dimensionsJSON {
	out := dimensionsJSON{Dimensions: []dimensionJSON{}, History: []dimensionSnapshotJSON{}, CanEdit: d.CanEdit, Source: maturity.DimensionsSource}
	for _, dim := range d.Dimensions {
		out.Dimensions = append(out.Dimensions, newDimension(dim))
	}
	for _, s := range d.History {
		out.History = append(out.History, newSnapshot(d.Dimensions, s))
	}
	if d.Current.ID != 0 {
		c := newSnapshot(d.Dimensions, d.Current)
		out.Current = &c
	}
	return out
}

func newTarget(t maturity.Target) targetJSON {
	out := targetJSON{ID: t.ID, Name: t.Name, Unit: t.Unit, Metric: strOrNil(t.Metric), Baseline: t.Baseline, Target: t.Target,
		Due: t.Due.Format(maturity.DateLayout), Progress: t.Progress, Reached: t.Reached(), Values: []targetValueJSON{}, CreatedAt: t.CreatedAt}
	if t.Known {
		c := t.Current
		out.Current = &c
	}
	for _, v := range t.Values {
		out.Values = append(out.Values, targetValueJSON{Value: v.Value, Note: v.Note, RecordedBy: v.ByName, RecordedAt: v.Recorded})
	}
	return out
}

func newBootstrap(b maturity.Bootstrap) bootstrapJSON {
	out := bootstrapJSON{Steps: []bootstrapStepJSON{}, Done: b.Done, Show: b.Show, CanEdit: b.CanEdit, Source: maturity.BootstrapSource}
	for _, s := range b.Steps {
		out.Steps = append(out.Steps, bootstrapStepJSON{Key: s.Key, Title: s.Title, Hint: s.Hint, URL: s.URL, Done: s.Done,
			ByEvidence: s.ByEvidence, Evidence: s.Evidence, ByHand: s.ByHand, Note: s.Note, TickedBy: s.TickedBy, TickedAt: timeOrNil(s.TickedAt)})
	}
	return out
}
