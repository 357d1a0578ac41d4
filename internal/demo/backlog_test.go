package demo_test

import (
	"testing"
)

// Each community's backlog tells its story (see internal/demo/backlog.go).
func TestBacklogsTellTheStories(t *testing.T) {
	db := sharedDemo(t)
	q := querier{t: t, db: db}
	count := func(slug, where string, args ...any) int {
		return q.int(`SELECT COUNT(*) FROM backlog_items b JOIN communities c ON c.id = b.community_id WHERE c.slug = $1 AND `+where,
			append([]any{slug}, args...)...)
	}
	moved := func(slug string) int { return count(slug, `b.status <> 'proposed'`) }
	for _, slug := range []string{"testing", "ways-of-working", "frontend", "data-analytics", "security-champions", "ux-research", "mobile", "platform-engineering"} {
		t.Logf("%-22s %2d items, %2d moved, %2d done, %3d votes, %2d linked, %d announcements", slug, count(slug, `1 = 1`), moved(slug),
			count(slug, `b.status = 'done'`), q.int(`SELECT COALESCE(SUM(b.votes), 0) FROM backlog_items b JOIN communities c ON c.id = b.community_id WHERE c.slug = $1`, slug),
			count(slug, `b.link_type <> ''`),
			q.int(`SELECT COUNT(*) FROM announcements a JOIN communities c ON c.id = a.community_id WHERE c.slug = $1`, slug))
		if n := q.int(`SELECT COUNT(*) FROM announcements a JOIN communities c ON c.id = a.community_id WHERE c.slug = $1`, slug); n == 0 {
			t.Errorf("%s has no announcement", slug)
		}
	}
	if n, done := count("testing", `1 = 1`), count("testing", `b.status = 'done'`); n < 12 || done < 3 {
		t.Errorf("the thriving community has %d items, %d done; want a busy backlog", n, done)
	}
	if v := q.int(`SELECT COUNT(*) FROM backlog_votes v JOIN backlog_items b ON b.id = v.item_id JOIN communities c ON c.id = b.community_id WHERE c.slug = 'testing'`); v < 40 {
		t.Errorf("the thriving community's backlog has %d votes", v)
	}
	if n := count("testing", `b.link_type = 'artefact'`); n == 0 {
		t.Error("no done item of the thriving community links to what fulfilled it")
	}
	if n := count("platform-engineering", `1 = 1`); n > 2 || moved("platform-engineering") > 0 {
		t.Errorf("the brand-new community has %d items, %d moved", n, moved("platform-engineering"))
	}
	if moved("mobile") > 0 || count("mobile", `b.created_at > $2`, testNow.Add(-100*day).UnixMilli()) > 0 {
		t.Error("the shrinking community's backlog should be stale: proposed in the kick-off boom, never moved")
	}
	// The silent leader: nothing moved since she went quiet, newer ideas wait.
	quiet := q.int(`SELECT MAX(a.at) FROM activity a JOIN memberships m ON m.user_id = a.actor_id AND m.community_id = a.community_id
		JOIN communities c ON c.id = a.community_id WHERE c.slug = 'ux-research' AND m.role = 'leader'`)
	if n := count("ux-research", `b.status_changed_at > $2 AND b.status <> 'proposed'`, quiet); n > 0 {
		t.Errorf("%d ux-research items moved after the leader went quiet", n)
	}
	if n := count("ux-research", `b.status = 'proposed' AND b.created_at > $2`, quiet); n == 0 {
		t.Error("no ux-research idea waits since the leader went quiet")
	}
	// Votes are one per member and item, and the count agrees.
	if n := q.int(`SELECT COUNT(*) FROM backlog_items b WHERE b.votes <> (SELECT COUNT(*) FROM backlog_votes v WHERE v.item_id = b.id)`); n > 0 {
		t.Errorf("%d items whose vote count disagrees with their votes", n)
	}
}
