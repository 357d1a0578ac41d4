package demo_test

import (
	"testing"

	"cultivate/internal/store"
)

// Each community's events keep the rhythm of its story (see
// internal/demo/events.go), and the mail that history sent is in the
// outbox: notes at once, and the last weeks' digests.
func TestEventsKeepEachStorysRhythm(t *testing.T) {
	db := sharedDemo(t)
	q := querier{t: t, db: db}
	now := store.Millis(testNow)
	occurrences := func(slug string, since int64) int {
		return q.int(`SELECT COUNT(DISTINCT a.event_id * 1000000000000 + a.occurrence) FROM event_attendance a JOIN events e ON e.id = a.event_id
			JOIN communities c ON c.id = e.community_id WHERE c.slug = $1 AND a.occurrence >= $2`, slug, since)
	}
	for _, slug := range []string{"testing", "ways-of-working", "ux-research", "data-analytics", "mobile", "frontend", "security-champions", "platform-engineering"} {
		if n := q.int(`SELECT COUNT(*) FROM events e JOIN communities c ON c.id = e.community_id WHERE c.slug = $1`, slug); n == 0 {
			t.Errorf("%s has no event", slug)
		}
		t.Logf("%-22s %3d dates with attendance, %3d in the last 60 days", slug, occurrences(slug, 0), occurrences(slug, now-60*86400000))
	}
	if n := occurrences("testing", 0); n < 12 {
		t.Errorf("the thriving community held %d events with attendance, want a steady rhythm", n)
	}
	if n := occurrences("mobile", now-60*86400000); n != 0 {
		t.Errorf("the shrinking community held %d events in the last 60 days; its brown bags stopped", n)
	}
	if n := q.int(`SELECT COUNT(*) FROM events e JOIN communities c ON c.id = e.community_id JOIN event_rsvps r ON r.event_id = e.id
		WHERE c.slug = 'platform-engineering' AND e.start_at > $1`, now); n < 3 {
		t.Errorf("the new community's kick-off ahead has %d answers", n)
	}
	var avg float64
	if err := db.QueryRowContext(t.Context(), `SELECT AVG(CAST(f.rating AS REAL)) FROM event_feedback f JOIN events e ON e.id = f.event_id
		JOIN communities c ON c.id = e.community_id WHERE c.slug = 'testing'`).Scan(&avg); err != nil || avg < 3.8 || avg > 4.9 {
		t.Errorf("the thriving community's events rate %.2f (%v), want about 4.3", avg, err)
	}
	if n := q.int(`SELECT COUNT(*) FROM artefacts a JOIN artefact_links s ON s.artefact_id = a.id WHERE a.kind = 'minutes' AND s.target_type = 'event'`); n < 10 {
		t.Errorf("%d minutes linked to their event, want many", n)
	}
	if n := q.int(`SELECT COUNT(*) FROM event_rsvps WHERE answer = 'waitlist'`); n == 0 {
		t.Error("no kata filled up: nobody is on a waitlist")
	}
	// The silent leader hosts nothing after going quiet.
	if n := q.int(`SELECT COUNT(*) FROM activity a JOIN users u ON u.id = a.actor_id WHERE u.email LIKE 'claire.dubois@%' AND a.kind LIKE 'event.%'
		AND a.at > $1`, now-35*86400000); n != 0 {
		t.Errorf("the silent leader did %d things with events in the last five weeks", n)
	}
	if n := q.int(`SELECT COUNT(*) FROM mail_outbox WHERE kind = 'digest'`); n < 100 {
		t.Errorf("%d digests in the outbox, want the last weeks' for most people", n)
	}
	if n := q.int(`SELECT COUNT(*) FROM mail_outbox WHERE kind = 'digest' AND created_at < $1`, now-36*86400000); n != 0 {
		t.Errorf("%d digests from before the last five weeks", n)
	}
	if n := q.int(`SELECT COUNT(*) FROM mail_outbox WHERE kind = 'notes' AND status = 'kept'`); n < 100 {
		t.Errorf("%d emails of notes kept in the outbox", n)
	}
}
