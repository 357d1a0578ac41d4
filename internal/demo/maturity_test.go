package demo_test

import (
	"testing"
)

// Each community stands at its own stage (see internal/demo/maturity.go).
func TestMaturityTellsTheStories(t *testing.T) {
	db := sharedDemo(t)
	q := querier{t: t, db: db}
	latest := func(slug string) string {
		var stage string
		if err := db.QueryRowContext(t.Context(), `SELECT a.stage FROM maturity_assessments a JOIN communities c ON c.id = a.community_id
			WHERE c.slug = $1 ORDER BY a.id DESC LIMIT 1`, slug).Scan(&stage); err != nil {
			t.Fatalf("%s: %v", slug, err)
		}
		return stage
	}
	want := map[string]string{"testing": "explore", "ways-of-working": "explore", "ux-research": "dispatch", "data-analytics": "dispatch",
		"mobile": "gather", "frontend": "dispatch", "security-champions": "dispatch", "platform-engineering": "gather"}
	for slug, stage := range want {
		if got := latest(slug); got != stage {
			t.Errorf("%s is at %q, want %q", slug, got, stage)
		}
	}
	if n := q.int(`SELECT COUNT(*) FROM maturity_ratings r JOIN maturity_assessments a ON a.id = r.assessment_id JOIN communities c ON c.id = a.community_id
		WHERE c.slug = 'data-analytics' AND r.indicator = 'explore.more_leaders.momentum' AND r.rating = 'not_yet' AND r.note <> ''`); n == 0 {
		t.Error("data-analytics: momentum reliant on two people is not rated not yet with a note")
	}
	if n := q.int(`SELECT COUNT(*) FROM targets WHERE metric = ''`); n == 0 {
		t.Error("no target is updated by hand")
	}
	if n := q.int(`SELECT COUNT(*) FROM target_values`); n < 2 {
		t.Errorf("%d values recorded by hand", n)
	}
	if n := q.int(`SELECT COUNT(*) FROM bootstrap_ticks b JOIN communities c ON c.id = b.community_id WHERE c.slug = 'platform-engineering' AND b.done`); n != 2 {
		t.Errorf("platform-engineering has %d steps ticked by hand, want 2", n)
	}
	if n := q.int(`SELECT COUNT(DISTINCT community_id) FROM dimension_settings`); n < 7 {
		t.Errorf("dimensions set in %d communities, want 7", n)
	}
}
