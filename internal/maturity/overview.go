package maturity

import (
	"context"

	"cultivate/internal/account"
)

// Overview is what the Health tab's first page shows: the stage, the
// bootstrap steps, the targets and the dimensions, in one read.
type Overview struct {
	Standing   Standing   `json:"standing"`
	Bootstrap  Bootstrap  `json:"bootstrap"`
	Targets    []Target   `json:"targets"`
	Dimensions Dimensions `json:"dimensions"`
	// Curve is the stage picture (SVG markup) and CurveText its text.
	Curve     string `json:"-"`
	CurveText string `json:"curve_text"`
}

// Overview reads the community's health overview, as viewer may see it.
func (s *Service) Overview(ctx context.Context, viewer account.User, slug string) (Overview, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return Overview{}, err
	}
	var out Overview
	if out.Standing, err = s.standing(ctx, sc); err != nil {
		return Overview{}, err
	}
	if out.Bootstrap, err = s.bootstrap(ctx, sc); err != nil {
		return Overview{}, err
	}
	if out.Targets, err = s.targets(ctx, sc, 0); err != nil {
		return Overview{}, err
	}
	if out.Dimensions, err = s.dimensions(ctx, sc); err != nil {
		return Overview{}, err
	}
	out.Curve, out.CurveText = s.curve(sc, out.Standing)
	return out, nil
}

// curve draws the stage picture, marking the community once assessed.
func (s *Service) curve(sc scope, st Standing) (string, string) {
	model := Model()
	var p *Position
	if st.Assessed {
		p = &st.Latest.Position
	}
	return Curve(model, p, sc.c.Name), CurveText(model, p, sc.c.Name)
}
