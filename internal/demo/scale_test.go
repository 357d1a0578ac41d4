package demo_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"

	"cultivate/internal/account"
	"cultivate/internal/app"
	"cultivate/internal/clock"
	"cultivate/internal/demo"
	"cultivate/internal/practice"
	"cultivate/internal/search"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// TestScaleKeepsDenormalizedColumnsInStep generates 1,000 requests on each
// engine and checks every column the services would have kept in step
// against the rows it summarizes, then reads the data through the
// services.
func TestScaleKeepsDenormalizedColumnsInStep(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		info, err := demo.Scale(ctx, db, demo.ScaleOptions{Requests: 1000, Seed: 7, Batch: 400})
		if err != nil {
			t.Fatal(err)
		}
		a, err := app.New(db, clock.NewFake(info.Now), app.Options{PasswordHash: account.FastHashParams()})
		if err != nil {
			t.Fatal(err)
		}
		checkScaleCounts(t, db, info)
		checkScaleRequests(t, db, a.Practice, info)
		checkScaleTagsAndDocs(t, db)
		checkScaleReads(t, a, info)

		// Time-driven work is done already: the sweep finds nothing.
		rep, err := a.Practice.Sweep(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rep != (practice.SweepReport{}) {
			t.Errorf("the sweep at the end of the history still had work: %+v (reminders or follow-ups out of step)", rep)
		}

		// The services go on writing after it: ids do not collide.
		viewer, err := a.Accounts.Get(ctx, info.Viewer)
		if err != nil {
			t.Fatal(err)
		}
		big := info.Communities[0]
		req, err := a.Practice.Ask(ctx, viewer, big.Slug, practice.NewRequest{Title: "Asked after the bulk load",
			Body: "Does asking still work once a million rows are in?", Tags: "ci-cd"})
		if err != nil {
			t.Fatalf("ask after Scale: %v", err)
		}
		if req.ID <= int64(info.Requests) {
			t.Errorf("a new request got id %d, not after the %d generated", req.ID, info.Requests)
		}
		if _, err := a.Practice.Reply(ctx, viewer, big.Slug, info.ShortThread, "Replying after the bulk load works too."); err != nil {
			t.Fatalf("reply after Scale: %v", err)
		}
	})
}

func checkScaleCounts(t *testing.T, db *store.DB, info demo.ScaleInfo) {
	t.Helper()
	ctx := context.Background()
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"requests", count(`SELECT COUNT(*) FROM requests`), 1000},
		{"replies and comments", count(`SELECT COUNT(*) FROM replies`), 3000},
		{"ScaleInfo.Replies", info.Replies, 3000},
		{"deleted requests", count(`SELECT COUNT(*) FROM requests WHERE deleted_at IS NOT NULL`), info.Deleted},
		{"users", count(`SELECT COUNT(*) FROM users`), info.Users},
		{"memberships", count(`SELECT COUNT(*) FROM memberships`), info.Memberships},
		{"communities", count(`SELECT COUNT(*) FROM communities`), 20},
		{"leaders", count(`SELECT COUNT(*) FROM memberships WHERE role = 'leader'`), 20},
		{"commitments", count(`SELECT COUNT(*) FROM practice_settings`), 20},
		{"search documents", count(`SELECT COUNT(*) FROM search_docs`), 1000 - info.Deleted},
		{"long threads' replies", count(`SELECT COUNT(*) FROM replies WHERE request_id = $1 AND parent_id IS NULL`, info.LongThread), 50},
		{"long threads' comments", count(`SELECT COUNT(*) FROM replies WHERE request_id = $1 AND parent_id IS NOT NULL`, info.LongThread), 10},
		{"short threads' rows", count(`SELECT COUNT(*) FROM replies WHERE request_id = $1 AND parent_id IS NULL AND deleted_at IS NULL`, info.ShortThread), 3},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.what, c.got, c.want)
		}
	}
	big := info.Communities[0]
	if share := float64(big.Requests) / 1000; share < 0.25 || share > 0.36 {
		t.Errorf("the biggest community holds %.0f%% of the requests, want about 30%%", share*100)
	}
	for _, c := range info.Communities[1:] {
		if c.Requests >= big.Requests {
			t.Errorf("%s has %d requests, as many as the biggest (%d)", c.Slug, c.Requests, big.Requests)
		}
	}
	for _, id := range info.ViewerCommunities {
		var role string
		if err := db.QueryRowContext(ctx, `SELECT role FROM memberships WHERE community_id = $1 AND user_id = $2`, id, info.Viewer).Scan(&role); err != nil || role != "member" {
			t.Errorf("the viewer in community %d: role %q, %v; want an ordinary member", id, role, err)
		}
	}
	if n := count(`SELECT COUNT(*) FROM memberships WHERE user_id = $1`, info.Viewer); n != 5 || info.ViewerCommunities[0] != big.ID {
		t.Errorf("the viewer is in %d communities (%v), want 5, the biggest first", n, info.ViewerCommunities)
	}
}

type scaleRequestRow struct {
	id, community, author, replyCount, created, lastActivity, due int64
	status                                                        string
	deleted, firstAt, firstBy, reminded, accepted, solved         sql.NullInt64
	followupDue, asked, reasked, outcomeAt, closedAt, closedBy    sql.NullInt64
	met                                                           sql.NullBool
	outcome                                                       sql.NullString
}

type scaleReplyRow struct {
	id, request, parent, author, created int64
	deleted                              sql.NullInt64
}

func checkScaleRequests(t *testing.T, db *store.DB, svc *practice.Service, info demo.ScaleInfo) {
	t.Helper()
	ctx := context.Background()
	rows, err := db.QueryContext(ctx, `SELECT id, community_id, author_id, reply_count, created_at, last_activity_at, due_at, status,
		deleted_at, first_reply_at, first_reply_by, reminded_at, accepted_reply_id, solved_at,
		followup_due_at, followup_asked_at, followup_reasked_at, outcome_at, closed_at, closed_by, commitment_met, outcome
		FROM requests ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var reqs []scaleRequestRow
	for rows.Next() {
		var q scaleRequestRow
		if err := rows.Scan(&q.id, &q.community, &q.author, &q.replyCount, &q.created, &q.lastActivity, &q.due, &q.status,
			&q.deleted, &q.firstAt, &q.firstBy, &q.reminded, &q.accepted, &q.solved,
			&q.followupDue, &q.asked, &q.reasked, &q.outcomeAt, &q.closedAt, &q.closedBy, &q.met, &q.outcome); err != nil {
			t.Fatal(err)
		}
		reqs = append(reqs, q)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	replies := map[int64][]scaleReplyRow{}
	rows, err = db.QueryContext(ctx, `SELECT id, request_id, COALESCE(parent_id, 0), author_id, created_at, deleted_at FROM replies ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]scaleReplyRow{}
	for rows.Next() {
		var p scaleReplyRow
		if err := rows.Scan(&p.id, &p.request, &p.parent, &p.author, &p.created, &p.deleted); err != nil {
			t.Fatal(err)
		}
		replies[p.request] = append(replies[p.request], p)
		byID[p.id] = p
	}
	rows.Close()

	settings := map[int64]practice.Settings{}
	bad := map[string]int{}
	wrong := func(what string, q scaleRequestRow) {
		if bad[what] == 0 {
			t.Errorf("request %d: %s (%+v)", q.id, what, q)
		}
		bad[what]++
	}
	prevCreated := int64(0)
	for _, q := range reqs {
		st, ok := settings[q.community]
		if !ok {
			if st, err = svc.Settings(ctx, q.community); err != nil {
				t.Fatal(err)
			}
			settings[q.community] = st
		}
		if q.created < prevCreated {
			wrong("ids and times do not grow together", q)
		}
		prevCreated = q.created
		if want := store.Millis(practice.DueAt(st, store.Time(q.created))); q.due != want {
			wrong("due_at is not the commitment's", q)
		}
		var count int64
		var first *scaleReplyRow
		last := q.created
		prev := scaleReplyRow{}
		for _, p := range replies[q.id] {
			last = max(last, p.created)
			if p.created < prev.created {
				wrong("reply ids and times do not grow together", q)
			}
			prev = p
			if p.parent != 0 {
				if parent, ok := byID[p.parent]; !ok || parent.request != q.id || parent.parent != 0 || parent.id > p.id {
					wrong("a comment is not under an earlier reply of the same request", q)
				}
				continue
			}
			if !p.deleted.Valid {
				count++
			}
			if first == nil && p.author != q.author {
				first = &p
			}
		}
		if q.replyCount != count {
			wrong("reply_count is not the number of replies", q)
		}
		switch {
		case first == nil && (q.firstAt.Valid || q.firstBy.Valid || q.met.Valid):
			wrong("a first reply is recorded without one", q)
		case first != nil && (q.firstAt.Int64 != first.created || q.firstBy.Int64 != first.author):
			wrong("first_reply_at/by are not the first reply's", q)
		case first != nil && (!q.met.Valid || q.met.Bool != (first.created <= q.due)):
			wrong("commitment_met does not say whether the first reply came in time", q)
		}
		if q.solved.Valid {
			last = max(last, q.solved.Int64)
		}
		if q.outcome.Valid && q.outcome.String != string(practice.NoOutcome) {
			last = max(last, q.outcomeAt.Int64)
		}
		if q.lastActivity != last {
			wrong("last_activity_at is not the latest activity", q)
		}
		switch q.status {
		case "solved":
			p, ok := byID[q.accepted.Int64]
			if !ok || p.request != q.id || p.parent != 0 || p.deleted.Valid || p.author == q.author || !q.solved.Valid || q.solved.Int64 < p.created {
				wrong("the accepted reply is not a live reply by someone else before solving", q)
			}
			if q.followupDue.Int64 != q.solved.Int64+int64(st.FollowupDays)*24*3600*1000 {
				wrong("followup_due_at is not FollowupDays after solving", q)
			}
			if q.asked.Valid != (q.followupDue.Int64 <= store.Millis(info.Now)) {
				wrong("the follow-up was not asked when due", q)
			}
			if q.reasked.Valid && q.reasked.Int64 != q.asked.Int64+st.ReaskAfter().Milliseconds() {
				wrong("the follow-up was not asked again ReaskAfter later", q)
			}
		case "closed":
			if !q.closedAt.Valid || !q.closedBy.Valid || q.accepted.Valid || q.solved.Valid {
				wrong("a closed request is not closed consistently", q)
			}
		case "open":
			if q.accepted.Valid || q.solved.Valid || q.closedAt.Valid || q.followupDue.Valid {
				wrong("an open request is solved or closed", q)
			}
		default:
			wrong("unknown status", q)
		}
		if q.reminded.Valid && q.reminded.Int64 != store.Millis(practice.AtRiskFrom(st, store.Time(q.due))) {
			wrong("reminded_at is not when the request came at risk", q)
		}
	}
	for what, n := range bad {
		if n > 1 {
			t.Errorf("%s: %d requests in all", what, n)
		}
	}
}

func checkScaleTagsAndDocs(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	for _, c := range []struct{ what, query string }{
		{"tags whose last activity is not their request's", `SELECT COUNT(*) FROM request_tags t JOIN requests r ON r.id = t.request_id
			WHERE t.last_activity_at <> r.last_activity_at OR t.community_id <> r.community_id`},
		{"requests without tags", `SELECT COUNT(*) FROM requests r WHERE NOT EXISTS (SELECT 1 FROM request_tags t WHERE t.request_id = r.id)`},
		{"tag counts out of step", `SELECT COUNT(*) FROM (
			SELECT t.community_id, t.tag, COUNT(*) AS n FROM request_tags t JOIN requests r ON r.id = t.request_id
			WHERE r.deleted_at IS NULL GROUP BY t.community_id, t.tag) a
			FULL OUTER JOIN request_tag_counts c ON c.community_id = a.community_id AND c.tag = a.tag
			WHERE a.n IS NULL OR c.requests IS NULL OR a.n <> c.requests`},
		{"deleted requests in search", `SELECT COUNT(*) FROM search_docs d JOIN requests r ON r.id = d.ref_id WHERE r.deleted_at IS NOT NULL`},
		{"search documents out of step", `SELECT COUNT(*) FROM search_docs d JOIN requests r ON r.id = d.ref_id
			WHERE d.kind <> 'request' OR d.community_id <> r.community_id OR d.created_at <> r.created_at OR d.title <> r.title
			OR d.solved <> (r.status = 'solved')`},
	} {
		var n int
		if err := db.QueryRowContext(ctx, c.query).Scan(&n); err != nil {
			t.Fatalf("%s: %v", c.what, err)
		}
		if n != 0 {
			t.Errorf("%s: %d", c.what, n)
		}
	}
	// Each document holds what practice's reindex would write: the
	// request, what was tried and the live replies in order; tags sorted.
	rows, err := db.QueryContext(ctx, `SELECT r.id, r.body, r.tried, d.tags, d.body FROM requests r JOIN search_docs d ON d.ref_id = r.id ORDER BY r.id`)
	if err != nil {
		t.Fatal(err)
	}
	type doc struct {
		id                      int64
		body, tried, tags, text string
	}
	var docs []doc
	for rows.Next() {
		var d doc
		if err := rows.Scan(&d.id, &d.body, &d.tried, &d.tags, &d.text); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	rows.Close()
	bad := 0
	for _, d := range docs {
		want := []string{d.body}
		if d.tried != "" {
			want = append(want, d.tried)
		}
		replies := scaleStrings(t, db, `SELECT body FROM replies WHERE request_id = $1 AND deleted_at IS NULL ORDER BY id`, d.id)
		tags := scaleStrings(t, db, `SELECT tag FROM request_tags WHERE request_id = $1 ORDER BY tag`, d.id)
		if d.text != strings.Join(append(want, replies...), "\n\n") || d.tags != strings.Join(tags, " ") {
			if bad == 0 {
				t.Errorf("request %d: the search document is not what reindex writes", d.id)
			}
			bad++
		}
	}
	if bad > 1 {
		t.Errorf("%d search documents out of step", bad)
	}
}

func scaleStrings(t *testing.T, db *store.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// checkScaleReads reads the generated data as a member would: lists,
// threads and searches.
func checkScaleReads(t *testing.T, a *app.App, info demo.ScaleInfo) {
	t.Helper()
	ctx := context.Background()
	viewer, err := a.Accounts.Get(ctx, info.Viewer)
	if err != nil {
		t.Fatal(err)
	}
	big := info.Communities[0]
	var live int
	if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM requests WHERE community_id = $1 AND deleted_at IS NULL`, big.ID).Scan(&live); err != nil {
		t.Fatal(err)
	}
	for _, view := range []practice.View{practice.ViewAll, practice.ViewUnanswered, practice.ViewSolved} {
		seen := map[int64]bool{}
		var last practice.Item
		cursor := ""
		for pages := 0; ; pages++ {
			page, err := a.Practice.List(ctx, viewer, practice.Filter{CommunitySlug: big.Slug, View: view, Cursor: cursor, Limit: 37})
			if err != nil {
				t.Fatalf("list %s: %v", view, err)
			}
			for _, it := range page.Items {
				if seen[it.ID] {
					t.Fatalf("list %s: request %d twice", view, it.ID)
				}
				seen[it.ID] = true
				if view == practice.ViewAll && last.ID != 0 && it.LastActivityAt.After(last.LastActivityAt) {
					t.Errorf("list %s: %d after %d but newer", view, it.ID, last.ID)
				}
				last = it
			}
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		if view == practice.ViewAll && len(seen) != live {
			t.Errorf("list all of %s: %d requests, want %d", big.Slug, len(seen), live)
		}
		if len(seen) == 0 {
			t.Errorf("list %s of %s is empty", view, big.Slug)
		}
	}
	for _, c := range []struct {
		id                int64
		replies, comments int
	}{{info.ShortThread, 3, 0}, {info.LongThread, 50, 10}} {
		th, err := a.Practice.Thread(ctx, viewer, big.Slug, c.id)
		if err != nil {
			t.Fatalf("thread %d: %v", c.id, err)
		}
		comments := 0
		for _, p := range th.Replies {
			comments += len(p.Comments)
		}
		if len(th.Replies) != c.replies || comments != c.comments || th.Request.ReplyCount != c.replies {
			t.Errorf("thread %d: %d replies (count %d), %d comments; want %d and %d", c.id, len(th.Replies), th.Request.ReplyCount, comments, c.replies, c.comments)
		}
	}
	for _, c := range []struct {
		text     string
		min, max int
	}{
		{demo.ScaleRareWord, demo.ScaleRareCount, demo.ScaleRareCount},
		{demo.ScaleCommonWord, 20, 20},
		{`"` + demo.ScalePhrase + `"`, 1, 20},
	} {
		res, err := a.Search.Search(ctx, search.Q{Text: c.text, CommunityIDs: info.ViewerCommunities})
		if err != nil {
			t.Fatalf("search %s: %v", c.text, err)
		}
		if n := len(res.Items); n < c.min || n > c.max {
			t.Errorf("search %s: %d results, want %d to %d", c.text, n, c.min, c.max)
		}
		for _, it := range res.Items {
			if !slices.Contains(info.ViewerCommunities, it.CommunityID) {
				t.Errorf("search %s found a document of community %d, outside the viewer's", c.text, it.CommunityID)
			}
		}
	}
}

// TestScaleIsDeterministic generates twice with one seed, once with
// another.
func TestScaleIsDeterministic(t *testing.T) {
	digest := func(seed uint64) string {
		db := storetest.Open(t, storetest.SQLite)
		if _, err := demo.Scale(context.Background(), db, demo.ScaleOptions{Requests: 300, Seed: seed, Batch: 128}); err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		for _, q := range []string{
			`SELECT id || ' ' || community_id || ' ' || author_id || ' ' || title || ' ' || body || ' ' || status || ' ' || last_activity_at FROM requests ORDER BY id`,
			`SELECT id || ' ' || request_id || ' ' || author_id || ' ' || body || ' ' || created_at FROM replies ORDER BY id`,
			`SELECT user_id || ' ' || community_id || ' ' || role FROM memberships ORDER BY user_id, community_id`,
		} {
			for _, s := range scaleStrings(t, db, q) {
				fmt.Fprintln(h, s)
			}
		}
		return hex.EncodeToString(h.Sum(nil))
	}
	a, b, c := digest(1), digest(1), digest(2)
	if a != b {
		t.Error("the same options gave different data")
	}
	if a == c {
		t.Error("another seed gave the same data")
	}
}

// TestScaleRefusesBadOptions checks the errors before anything is written.
func TestScaleRefusesBadOptions(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	for _, opts := range []demo.ScaleOptions{
		{},
		{Requests: -1},
		{Requests: 10, Communities: 3},
		{Requests: 10, Users: 20},
		{Requests: 10, PasswordHash: "not a hash"},
	} {
		if _, err := demo.Scale(ctx, db, opts); err == nil {
			t.Errorf("Scale(%+v) succeeded", opts)
		}
	}
	if _, err := demo.Scale(ctx, db, demo.ScaleOptions{Requests: 20}); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Scale(ctx, db, demo.ScaleOptions{Requests: 20}); err == nil {
		t.Error("Scale filled a database that was not empty")
	}
}

// BenchmarkScale measures loading 10,000 requests with 30,000 replies on
// each engine (see internal/practice/scale_bench_test.go for 1,000,000).
func BenchmarkScale(b *testing.B) {
	for _, engine := range []string{storetest.SQLite, storetest.Postgres} {
		b.Run(engine, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db := storetest.Open(b, engine)
				b.StartTimer()
				info, err := demo.Scale(context.Background(), db, demo.ScaleOptions{Requests: 10_000})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(info.Load.Seconds(), "load-s")
				b.ReportMetric(info.Analyze.Seconds(), "analyze-s")
			}
		})
	}
}
