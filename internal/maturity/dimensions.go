package maturity

import (
	"context"
	"fmt"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// Dimension is one direction in which a community can develop on purpose.
type Dimension struct {
	Key         string   `json:"key"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Upsides     []string `json:"upsides"`
	Downsides   []string `json:"downsides"`
	// FromSeed is true for the dimension the seed describes (Practice);
	// the others are cultivate's working set.
	FromSeed bool `json:"from_seed"`
	// Adapted is true when the community reworded it.
	Adapted bool `json:"adapted"`
}

// DimensionsSource credits the idea, shown in "What is this?".
const DimensionsSource = "The idea of several separate dimensions, each a slider a community can turn up or leave low, comes from the " +
	"“seven dimensions of intentional development” discussed in seed 002 of cultivate's sources (a text on vision and on pushing the practice, " +
	"after Etienne and Beverly Wenger-Trayner). The seed describes only the first dimension, Practice; the other six here are a working set " +
	"cultivate proposes, which each community can rename and describe in its own words."

// Slider bounds.
const (
	SliderMin = 0
	SliderMax = 10
)

// DefaultDimensions is the working set: Practice after seed 002, the
// others cultivate's proposal.
func DefaultDimensions() []Dimension {
	return []Dimension{
		{Key: "practice", Name: "Practice", FromSeed: true,
			Description: "Getting better at the daily work: members bring real problems, get advice within a promised time, follow up on how it went and write down what they learn.",
			Upsides: []string{"Conversations stay close to members' actual work", "The community reacts quickly to new problems",
				"Members feel supported by their peers", "A safe place to try out ideas before using them for real"},
			Downsides: []string{"The focus can become too local", "Learning happens mostly after problems, rarely ahead of them",
				"Small improvements may not be enough when the work itself must change radically"}},
		{Key: "domain", Name: "Domain",
			Description: "Owning the field: the community stakes out what its topic covers, follows where it is going and becomes the place people go to about it.",
			Upsides:     []string{"A clear identity that attracts the right people", "The community sees trends early"},
			Downsides:   []string{"Can drift into theory far from daily work", "Boundaries may be drawn too tightly"}},
		{Key: "community", Name: "Community",
			Description: "The relationships themselves: trust, belonging and knowing who to ask, built through regular contact.",
			Upsides:     []string{"People ask for help sooner", "Newcomers find their way quickly"},
			Downsides:   []string{"Can become a comfortable club that resists outsiders", "Social energy can crowd out learning"}},
		{Key: "learning", Name: "Learning capability",
			Description: "Learning how to learn: the community reflects on how it works, experiments with formats and improves its own ways.",
			Upsides:     []string{"The community adapts as needs change", "Members gain skills they take elsewhere"},
			Downsides:   []string{"Reflection can become navel-gazing", "Constant change tires people"}},
		{Key: "organization", Name: "Connection to the organization",
			Description: "Being heard where decisions are made: a sponsor, a voice in strategy, support in time and money.",
			Upsides:     []string{"Resources and recognition for members' time", "Ideas from the community reach decisions"},
			Downsides:   []string{"Risk of being steered from above", "Pressure to report can replace real learning"}},
		{Key: "boundaries", Name: "Boundaries with other communities",
			Description: "Working across borders: joint events, shared questions and people who bridge to neighbouring communities.",
			Upsides:     []string{"Fresh perspectives and fewer silos", "Problems that span fields get solved"},
			Downsides:   []string{"Focus and identity can blur", "Coordination takes effort"}},
		{Key: "value", Name: "Value",
			Description: "Knowing and showing what difference the community makes, for members, their teams and the organization.",
			Upsides:     []string{"Easier to keep sponsorship and members' time", "Members see why it is worth it"},
			Downsides:   []string{"Measuring can favour what is easy to count", "Stories of value can turn into marketing"}},
	}
}

// Setting is one value of a dimension in a saved snapshot.
type Setting struct {
	Now  int `json:"now"`
	Want int `json:"want"`
}

// Gap is how far "where we want it" is from "now".
func (s Setting) Gap() int { return s.Want - s.Now }

// Snapshot is one save of the sliders.
type Snapshot struct {
	ID         int64              `json:"id"`
	SetterID   int64              `json:"setter_id,omitzero"`
	SetterName string             `json:"setter_name,omitzero"`
	Note       string             `json:"note"`
	At         time.Time          `json:"at"`
	Values     map[string]Setting `json:"values"`
}

// Dimensions is a community's dimensions with its current and past settings.
type Dimensions struct {
	Dimensions []Dimension `json:"dimensions"`
	// Current is the latest snapshot; zero ID when none was saved.
	Current Snapshot   `json:"current"`
	History []Snapshot `json:"history"`
	CanEdit bool       `json:"can_edit"`
}

// Value returns the current setting of dimension key.
func (d Dimensions) Value(key string) Setting { return d.Current.Values[key] }

// Dimensions returns the community's dimensions, as viewer may see them.
func (s *Service) Dimensions(ctx context.Context, viewer account.User, slug string) (Dimensions, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return Dimensions{}, err
	}
	return s.dimensions(ctx, sc)
}

func (s *Service) dimensionDefs(ctx context.Context, communityID int64) ([]Dimension, error) {
	dims := DefaultDimensions()
	rows, err := s.db.QueryContext(ctx, `SELECT dim_key, name, description, upsides, downsides FROM dimension_defs WHERE community_id = $1`, communityID)
	if err != nil {
		return nil, fmt.Errorf("maturity: dimensions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key, name, desc, up, down string
		if err := rows.Scan(&key, &name, &desc, &up, &down); err != nil {
			return nil, fmt.Errorf("maturity: dimensions: %w", err)
		}
		for i := range dims {
			if dims[i].Key == key {
				dims[i].Name, dims[i].Description, dims[i].Upsides, dims[i].Downsides, dims[i].Adapted = name, desc, lines(up), lines(down), true
			}
		}
	}
	return dims, rows.Err()
}

func lines(s string) []string {
	out := []string{}
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "- ")); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (s *Service) dimensions(ctx context.Context, sc scope) (Dimensions, error) {
	dims, err := s.dimensionDefs(ctx, sc.c.ID)
	if err != nil {
		return Dimensions{}, err
	}
	out := Dimensions{Dimensions: dims, CanEdit: sc.mayEdit(), History: []Snapshot{}}
	rows, err := s.db.QueryContext(ctx, `SELECT d.id, COALESCE(d.setter_id, 0), COALESCE(u.name, ''), d.note, d.created_at
		FROM dimension_settings d LEFT JOIN users u ON u.id = d.setter_id
		WHERE d.community_id = $1 ORDER BY d.id DESC LIMIT 20`, sc.c.ID)
	if err != nil {
		return out, fmt.Errorf("maturity: dimension settings: %w", err)
	}
	defer rows.Close()
	byID := map[int64]int{}
	for rows.Next() {
		sn := Snapshot{Values: map[string]Setting{}}
		var at int64
		if err := rows.Scan(&sn.ID, &sn.SetterID, &sn.SetterName, &sn.Note, &at); err != nil {
			return out, fmt.Errorf("maturity: dimension settings: %w", err)
		}
		sn.At = store.Time(at)
		byID[sn.ID] = len(out.History)
		out.History = append(out.History, sn)
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	if len(out.History) == 0 {
		return out, nil
	}
	vrows, err := s.db.QueryContext(ctx, `SELECT setting_id, dim_key, now_value, want_value FROM dimension_values
		WHERE setting_id >= $1 AND setting_id <= $2`, out.History[len(out.History)-1].ID, out.History[0].ID)
	if err != nil {
		return out, fmt.Errorf("maturity: dimension values: %w", err)
	}
	defer vrows.Close()
	for vrows.Next() {
		var id int64
		var key string
		var v Setting
		if err := vrows.Scan(&id, &key, &v.Now, &v.Want); err != nil {
			return out, fmt.Errorf("maturity: dimension values: %w", err)
		}
		if i, ok := byID[id]; ok {
			out.History[i].Values[key] = v
		}
	}
	if err := vrows.Err(); err != nil {
		return out, err
	}
	out.Current = out.History[0]
	return out, nil
}

// SettingsInput is a save of the sliders: every dimension's now and want.
type SettingsInput struct {
	Values map[string]Setting
	Note   string
}

// SetDimensions saves a new snapshot of the sliders (leader and core group).
func (s *Service) SetDimensions(ctx context.Context, user account.User, slug string, in SettingsInput) (Dimensions, error) {
	sc, err := s.coreScope(ctx, user, slug, "set the dimensions")
	if err != nil {
		return Dimensions{}, err
	}
	var f errs.Fields
	known := map[string]bool{}
	for _, d := range DefaultDimensions() {
		known[d.Key] = true
		v, ok := in.Values[d.Key]
		switch {
		case !ok:
			f.Add("now."+d.Key, "Set this dimension from 0 to 10.")
		case v.Now < SliderMin || v.Now > SliderMax:
			f.Add("now."+d.Key, "Choose a value from 0 to 10.")
		case v.Want < SliderMin || v.Want > SliderMax:
			f.Add("want."+d.Key, "Choose a value from 0 to 10.")
		}
	}
	for key := range in.Values {
		if !known[key] {
			f.Add("now."+clip(key), "There is no dimension “"+clip(key)+"”.")
		}
	}
	note := validate.Text(&f, "note", "Note", in.Note, 0, NoteMax, true)
	if err := f.Err(); err != nil {
		return Dimensions{}, err
	}
	now := s.clock.Now()
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		var id int64
		if err := s.db.QueryRowContext(ctx, `INSERT INTO dimension_settings (community_id, setter_id, note, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			sc.c.ID, user.ID, note, store.Millis(now)).Scan(&id); err != nil {
			return fmt.Errorf("maturity: set dimensions: %w", err)
		}
		for _, d := range DefaultDimensions() {
			v := in.Values[d.Key]
			if _, err := s.db.ExecContext(ctx, `INSERT INTO dimension_values (setting_id, dim_key, now_value, want_value) VALUES ($1, $2, $3, $4)`,
				id, d.Key, v.Now, v.Want); err != nil {
				return fmt.Errorf("maturity: set dimensions: %w", err)
			}
		}
		return s.record(ctx, sc, ActivityDimensionsSet, "community", sc.c.ID, map[string]any{"setting_id": id})
	})
	if err != nil {
		return Dimensions{}, err
	}
	return s.dimensions(ctx, sc)
}

// DimensionInput rewords a dimension; upsides and downsides one a line.
type DimensionInput struct {
	Name, Description, Upsides, Downsides string
}

// AdaptDimension rewords dimension key for the community (leader and core
// group): the working set is meant to be adapted.
func (s *Service) AdaptDimension(ctx context.Context, user account.User, slug, key string, in DimensionInput) (Dimension, error) {
	sc, err := s.coreScope(ctx, user, slug, "adapt the dimensions")
	if err != nil {
		return Dimension{}, err
	}
	found := false
	for _, d := range DefaultDimensions() {
		found = found || d.Key == key
	}
	if !found {
		return Dimension{}, errs.E(errs.NotFound, "There is no dimension “%s”.", clip(key))
	}
	var f errs.Fields
	in.Name = validate.Text(&f, "name", "Name", in.Name, 2, 80, false)
	in.Description = validate.Text(&f, "description", "Description", in.Description, 0, NoteMax, true)
	in.Upsides = validate.Text(&f, "upsides", "Upsides", in.Upsides, 0, NoteMax, true)
	in.Downsides = validate.Text(&f, "downsides", "Downsides", in.Downsides, 0, NoteMax, true)
	if err := f.Err(); err != nil {
		return Dimension{}, err
	}
	now := store.Millis(s.clock.Now())
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO dimension_defs (community_id, dim_key, name, description, upsides, downsides, editor_id, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (community_id, dim_key) DO UPDATE SET name = excluded.name, description = excluded.description,
				upsides = excluded.upsides, downsides = excluded.downsides, editor_id = excluded.editor_id, updated_at = excluded.updated_at`,
			sc.c.ID, key, in.Name, in.Description, in.Upsides, in.Downsides, user.ID, now); err != nil {
			return fmt.Errorf("maturity: adapt dimension: %w", err)
		}
		return s.record(ctx, sc, ActivityDimensionAdapted, "community", sc.c.ID, map[string]any{"dimension": key, "name": in.Name})
	})
	if err != nil {
		return Dimension{}, err
	}
	dims, err := s.dimensionDefs(ctx, sc.c.ID)
	if err != nil {
		return Dimension{}, err
	}
	for _, d := range dims {
		if d.Key == key {
			return d, nil
		}
	}
	return Dimension{}, errs.E(errs.NotFound, "There is no dimension “%s”.", clip(key))
}
