package maturity

import (
	"context"
	"fmt"
	"math"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// Mark is one indicator's rating in an assessment, with the core group's note.
type Mark struct {
	Rating Rating `json:"rating"`
	Note   string `json:"note,omitempty"`
}

// Assessment is a dated snapshot of the core group's ratings.
type Assessment struct {
	ID           int64           `json:"id"`
	CommunityID  int64           `json:"community_id"`
	AssessorID   int64           `json:"assessor_id,omitzero"`
	AssessorName string          `json:"assessor_name,omitzero"`
	Note         string          `json:"note"`
	At           time.Time       `json:"at"`
	Marks        map[string]Mark `json:"marks"`
	Position     Position        `json:"position"`
}

// Mark returns the rating of indicator key ("" when it was not rated).
func (a Assessment) Mark(key string) Mark { return a.Marks[key] }

// Position is where a set of ratings puts a community on the model.
type Position struct {
	// Reached is how many stages are reached, 0 to 4.
	Reached int `json:"reached"`
	// Stage is the key of the highest stage reached; "" before Gather.
	Stage string `json:"stage"`
	// StageTitle names it for people ("Lifting off" before Gather).
	StageTitle string `json:"stage_title"`
	// Scores are each stage's score out of 9 (yes 1, partly ½).
	Scores []float64 `json:"scores"`
	// Along is the position along the four phases, from 0 to 4: the
	// stages reached plus the share of the next one's work done. The
	// picture marks the community there.
	Along float64 `json:"along"`
}

// Reach is the score out of a stage's nine indicators that counts as
// reaching it (see StageRule).
const Reach = 6.0

// Derive places ratings on the model, by StageRule.
func Derive(model []Stage, marks map[string]Mark) Position {
	p := Position{StageTitle: "Lifting off towards Gather"}
	stop := false
	for i, st := range model {
		var score float64
		n := 0
		for _, ind := range st.Indicators() {
			score += marks[ind.Key].Rating.score()
			n++
		}
		p.Scores = append(p.Scores, score)
		if stop {
			continue
		}
		need := Reach * float64(n) / 9
		if n > 0 && score >= need {
			p.Reached, p.Stage, p.StageTitle = i+1, st.Key, st.Title
			continue
		}
		stop = true
		if n > 0 {
			p.Along = float64(i) + math.Min(score/need, 1)*0.95
		}
	}
	if !stop {
		p.Along = float64(len(model))
	} else if p.Along < float64(p.Reached) {
		p.Along = float64(p.Reached)
	}
	return p
}

// AssessInput is what the core group records.
type AssessInput struct {
	// Marks rate indicators by key; indicators left out stay unrated.
	Marks map[string]Mark
	Note  string
}

// Limits on what people write.
const (
	NoteMax = 2000
)

func checkAssessment(model []Stage, in AssessInput) (AssessInput, error) {
	var f errs.Fields
	known := indicatorIndex(model)
	out := AssessInput{Marks: map[string]Mark{}}
	for key, m := range in.Marks {
		field := "rating." + key
		if _, ok := known[key]; !ok {
			f.Add(field, "There is no indicator “"+clip(key)+"” in the model.")
			continue
		}
		if m.Rating == "" {
			continue
		}
		if !m.Rating.Valid() {
			f.Add(field, "Choose not yet, partly or yes.")
			continue
		}
		m.Note = validate.Text(&f, "note."+key, "Note", m.Note, 0, NoteMax, true)
		out.Marks[key] = m
	}
	out.Note = validate.Text(&f, "note", "Note", in.Note, 0, NoteMax, true)
	if len(f) == 0 && len(out.Marks) == 0 {
		f.Add("rating", "Rate at least one indicator.")
	}
	return out, f.Err()
}

func clip(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		return string(r[:59]) + "…"
	}
	return s
}

// Assess records a new assessment of the community at slug by the leader
// or a core member.
func (s *Service) Assess(ctx context.Context, user account.User, slug string, in AssessInput) (Assessment, error) {
	sc, err := s.coreScope(ctx, user, slug, "assess its maturity")
	if err != nil {
		return Assessment{}, err
	}
	model := Model()
	in, err = checkAssessment(model, in)
	if err != nil {
		return Assessment{}, err
	}
	now := s.clock.Now()
	a := Assessment{CommunityID: sc.c.ID, AssessorID: user.ID, AssessorName: user.Name, Note: in.Note, At: now, Marks: in.Marks,
		Position: Derive(model, in.Marks)}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.db.QueryRowContext(ctx, `INSERT INTO maturity_assessments (community_id, assessor_id, stage, note, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, sc.c.ID, user.ID, a.Position.Stage, a.Note, store.Millis(now)).Scan(&a.ID); err != nil {
			return fmt.Errorf("maturity: assess: %w", err)
		}
		// Insert in model order, so both engines store the same sequence.
		for _, st := range model {
			for _, ind := range st.Indicators() {
				m, ok := a.Marks[ind.Key]
				if !ok {
					continue
				}
				if _, err := s.db.ExecContext(ctx, `INSERT INTO maturity_ratings (assessment_id, indicator, rating, note) VALUES ($1, $2, $3, $4)`,
					a.ID, ind.Key, string(m.Rating), m.Note); err != nil {
					return fmt.Errorf("maturity: assess: %w", err)
				}
			}
		}
		return s.record(ctx, sc, ActivityAssessed, "community", sc.c.ID, map[string]any{"assessment_id": a.ID, "stage": a.Position.Stage})
	})
	if err != nil {
		return Assessment{}, err
	}
	return a, nil
}

// History returns the community's assessments, newest first (at most
// limit, 1 to 100), with their ratings.
func (s *Service) History(ctx context.Context, viewer account.User, slug string, limit int) ([]Assessment, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return nil, err
	}
	return s.history(ctx, sc.c.ID, limit)
}

func (s *Service) history(ctx context.Context, communityID int64, limit int) ([]Assessment, error) {
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, COALESCE(a.assessor_id, 0), COALESCE(u.name, ''), a.note, a.created_at
		FROM maturity_assessments a LEFT JOIN users u ON u.id = a.assessor_id
		WHERE a.community_id = $1 ORDER BY a.id DESC LIMIT $2`, communityID, limit)
	if err != nil {
		return nil, fmt.Errorf("maturity: history: %w", err)
	}
	defer rows.Close()
	var out []Assessment
	byID := map[int64]int{}
	for rows.Next() {
		a := Assessment{CommunityID: communityID, Marks: map[string]Mark{}}
		var at int64
		if err := rows.Scan(&a.ID, &a.AssessorID, &a.AssessorName, &a.Note, &at); err != nil {
			return nil, fmt.Errorf("maturity: history: %w", err)
		}
		a.At = store.Time(at)
		byID[a.ID] = len(out)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("maturity: history: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	// The ratings of the page's assessments: one range over the primary key.
	rrows, err := s.db.QueryContext(ctx, `SELECT assessment_id, indicator, rating, note FROM maturity_ratings
		WHERE assessment_id >= $1 AND assessment_id <= $2`, out[len(out)-1].ID, out[0].ID)
	if err != nil {
		return nil, fmt.Errorf("maturity: ratings: %w", err)
	}
	defer rrows.Close()
	for rrows.Next() {
		var id int64
		var key, rating, note string
		if err := rrows.Scan(&id, &key, &rating, &note); err != nil {
			return nil, fmt.Errorf("maturity: ratings: %w", err)
		}
		if i, ok := byID[id]; ok {
			out[i].Marks[key] = Mark{Rating: Rating(rating), Note: note}
		}
	}
	if err := rrows.Err(); err != nil {
		return nil, fmt.Errorf("maturity: ratings: %w", err)
	}
	model := Model()
	for i := range out {
		out[i].Position = Derive(model, out[i].Marks)
	}
	return out, nil
}

// Standing is the latest assessment, the one before it and what changed.
type Standing struct {
	Latest   Assessment `json:"latest"`
	Previous Assessment `json:"previous"`
	// Assessed is false while no assessment was ever recorded.
	Assessed bool `json:"assessed"`
	// Changes are the indicators whose rating differs from the previous
	// assessment, in model order.
	Changes []Change `json:"changes"`
	CanEdit bool     `json:"can_edit"`
}

// Change is one indicator whose rating moved between two assessments.
type Change struct {
	Indicator Indicator `json:"indicator"`
	From      Rating    `json:"from"`
	To        Rating    `json:"to"`
}

// Up reports whether the rating rose.
func (c Change) Up() bool { return c.To.score() > c.From.score() }

// Standing returns where the community at slug stands.
func (s *Service) Standing(ctx context.Context, viewer account.User, slug string) (Standing, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return Standing{}, err
	}
	return s.standing(ctx, sc)
}

func (s *Service) standing(ctx context.Context, sc scope) (Standing, error) {
	list, err := s.history(ctx, sc.c.ID, 2)
	if err != nil {
		return Standing{}, err
	}
	out := Standing{CanEdit: sc.mayEdit(), Changes: []Change{}}
	if len(list) == 0 {
		out.Latest.Position = Derive(Model(), nil)
		return out, nil
	}
	out.Latest, out.Assessed = list[0], true
	if len(list) > 1 {
		out.Previous = list[1]
		for _, st := range Model() {
			for _, ind := range st.Indicators() {
				from, to := out.Previous.Marks[ind.Key].Rating, out.Latest.Marks[ind.Key].Rating
				if from != to {
					out.Changes = append(out.Changes, Change{Indicator: ind, From: from, To: to})
				}
			}
		}
	}
	return out, nil
}
