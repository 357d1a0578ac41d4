package demo_test

import "testing"

// Each community's health checks and retrospectives tell its story (see
// internal/demo/health.go).
func TestHealthChecksTellTheStories(t *testing.T) {
	db := sharedDemo(t)
	q := querier{t: t, db: db}
	rounds := func(slug, where string) int {
		return q.int(`SELECT COUNT(*) FROM health_rounds r JOIN communities c ON c.id = r.community_id WHERE c.slug = $1 AND `+where, slug)
	}
	share := func(slug, rating, where string) float64 {
		n := q.int(`SELECT COUNT(*) FROM health_answers a JOIN health_rounds r ON r.id = a.round_id JOIN communities c ON c.id = r.community_id
			WHERE c.slug = $1 AND r.answered >= r.min_answers AND `+where, slug)
		g := q.int(`SELECT COUNT(*) FROM health_answers a JOIN health_rounds r ON r.id = a.round_id JOIN communities c ON c.id = r.community_id
			WHERE c.slug = $1 AND r.answered >= r.min_answers AND a.rating = $2 AND `+where, slug, rating)
		if n == 0 {
			return 0
		}
		return float64(g) / float64(n)
	}
	for _, slug := range []string{"testing", "ux-research", "data-analytics", "mobile", "platform-engineering", "frontend", "security-champions", "ways-of-working"} {
		t.Logf("%-22s %d rounds, %d shown, green %.2f red %.2f", slug, rounds(slug, "1 = 1"), rounds(slug, "r.answered >= r.min_answers"),
			share(slug, "green", "1 = 1"), share(slug, "red", "1 = 1"))
	}
	if n := rounds("testing", "r.answered >= r.min_answers"); n < 2 || share("testing", "green", "1 = 1") < 0.6 {
		t.Errorf("the thriving community: %d rounds shown, green %.2f", n, share("testing", "green", "1 = 1"))
	}
	latest := `r.id = (SELECT MAX(id) FROM health_rounds WHERE community_id = r.community_id)`
	if share("ux-research", "red", latest) <= share("ux-research", "red", "NOT "+latest) {
		t.Error("ux-research does not worsen in its latest round")
	}
	if n := rounds("mobile", latest+" AND r.answered < r.min_answers"); n != 1 {
		t.Error("mobile's last round should stay below K")
	}
	if n := rounds("platform-engineering", "r.closed_at IS NULL"); n != 1 || rounds("platform-engineering", "1 = 1") != 1 {
		t.Error("platform-engineering should have one open round")
	}
	if n := q.int(`SELECT COUNT(*) FROM health_rounds WHERE closed_at IS NULL AND closes_at <= $1`, testNow.UnixMilli()); n != 0 {
		t.Errorf("%d rounds past their date are still open", n)
	}
	for _, slug := range []string{"testing", "data-analytics"} {
		done := q.int(`SELECT COUNT(*) FROM retro_actions a JOIN retros r ON r.id = a.retro_id JOIN communities c ON c.id = r.community_id
			WHERE c.slug = $1 AND a.status = 'done'`, slug)
		overdue := q.int(`SELECT COUNT(*) FROM retro_actions a JOIN retros r ON r.id = a.retro_id JOIN communities c ON c.id = r.community_id
			WHERE c.slug = $1 AND a.status <> 'done' AND a.due_at + 86400000 <= $2 AND a.overdue_notified_at IS NOT NULL`, slug, testNow.UnixMilli())
		if done != 2 || overdue != 1 {
			t.Errorf("%s: %d actions done, %d overdue and told; want 2 and 1", slug, done, overdue)
		}
	}
	if n := q.int(`SELECT COUNT(*) FROM retros r JOIN communities c ON c.id = r.community_id WHERE c.slug = 'testing' AND r.round_id IS NOT NULL`); n != 1 {
		t.Error("testing's retrospective does not follow a health check")
	}
}
