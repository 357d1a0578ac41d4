package demo_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/app"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/demo"
	"cultivate/internal/knowledge"
	"cultivate/internal/notify"
	"cultivate/internal/practice"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestMain(m *testing.M) {
	code := storetest.Main(m)
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// shared is the demo organization of seed 5 on SQLite, generated once per
// test binary for the tests that only read it (each area's "tells the
// stories" test): generating takes seconds, and every area adds a test.
var shared struct {
	once sync.Once
	dir  string
	err  error
}

// sharedSeed is the seed of the shared demo.
const sharedSeed = 5

// sharedDemo returns a handle on the shared demo, closed at the end of the
// test. Tests must not change it.
func sharedDemo(t testing.TB) *store.DB {
	t.Helper()
	shared.once.Do(func() {
		if shared.dir, shared.err = os.MkdirTemp("", "cultivate-demo-test"); shared.err != nil {
			return
		}
		ctx := context.Background()
		db, err := store.Open(ctx, filepath.Join(shared.dir, "demo.db"))
		if err != nil {
			shared.err = err
			return
		}
		defer db.Close()
		if shared.err = db.Migrate(ctx); shared.err != nil {
			return
		}
		h, err := account.HashPassword(demo.DemoPassword, account.FastHashParams())
		if err != nil {
			shared.err = err
			return
		}
		_, shared.err = demo.Generate(ctx, db, demo.Options{Seed: sharedSeed, Now: testNow, PasswordHash: h})
	})
	if shared.err != nil {
		t.Fatalf("the shared demo: %v", shared.err)
	}
	return storetest.OpenURL(t, filepath.Join(shared.dir, "demo.db"))
}

// testNow is an arbitrary end of history: a Wednesday afternoon.
var testNow = time.Date(2026, time.March, 4, 14, 30, 0, 0, time.UTC)

const day = 24 * time.Hour

func fastHash(t testing.TB) string {
	t.Helper()
	h, err := account.HashPassword(demo.DemoPassword, account.FastHashParams())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func generate(t testing.TB, db *store.DB, seed int64) demo.Summary {
	t.Helper()
	start := time.Now()
	sum, err := demo.Generate(context.Background(), db, demo.Options{Seed: seed, Now: testNow, PasswordHash: fastHash(t)})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	t.Logf("Generate on %s took %s: %d users, %d communities, %d memberships, %d activity entries",
		db.Dialect(), time.Since(start).Round(time.Millisecond), sum.Users, sum.Communities, sum.Memberships, sum.ActivityEntries)
	return sum
}

// The demo plants one story per community; insights built later must be
// able to find each of them in the data, on both engines.
func TestGeneratePlantsTheStories(t *testing.T) {
	var sqliteDigest string
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		checkStories(t, db, generate(t, db, 1))
		// The same seed gives the same organization on either engine.
		d := digest(t, db)
		if db.Dialect() == store.SQLite {
			sqliteDigest = d
		} else if sqliteDigest != "" && d != sqliteDigest {
			t.Errorf("PostgreSQL's demo differs from SQLite's with the same seed")
		}
	})
}

// checkStories asserts what the demo promises about the organization it
// generated into db.
func checkStories(t *testing.T, db *store.DB, sum demo.Summary) {
	ctx := context.Background()
	a, err := app.New(db, clock.NewFake(testNow), app.Options{PasswordHash: account.FastHashParams()})
	if err != nil {
		t.Fatal(err)
	}
	q := querier{t: t, db: db}

	t.Run("sizes", func(t *testing.T) {
		if sum.Users < 160 || sum.Users > 220 {
			t.Errorf("%d users, want 160 to 220", sum.Users)
		}
		if sum.Communities < 7 {
			t.Errorf("%d communities, want at least 7", sum.Communities)
		}
		if got := q.int(`SELECT COUNT(*) FROM memberships`); got != sum.Memberships || got < 250 {
			t.Errorf("summary says %d memberships, the database %d; want at least 250", sum.Memberships, got)
		}
		if got := q.int(`SELECT COUNT(*) FROM activity`); got != sum.ActivityEntries || got < sum.Users+sum.Memberships {
			t.Errorf("summary says %d activity entries, the database %d; want at least one per user and membership", sum.ActivityEntries, got)
		}
		if n := q.int(`SELECT COUNT(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id)`); n < 10 {
			t.Errorf("%d people in no community, want some lurkers and newcomers (at least 10)", n)
		}
		if n := q.int(`SELECT COUNT(*) FROM (SELECT user_id FROM memberships GROUP BY user_id HAVING COUNT(*) >= 3) x`); n < 10 {
			t.Errorf("%d people in three communities or more, want at least 10", n)
		}
	})

	t.Run("profiles", func(t *testing.T) {
		email := regexp.MustCompile(`^[a-z0-9-]+\.[a-z0-9-]+[0-9]*@northwind\.example$`)
		for _, e := range q.strings(`SELECT email FROM users ORDER BY email`) {
			if !email.MatchString(e) {
				t.Errorf("address %q is not first.last@northwind.example", e)
			}
		}
		if n := q.int(`SELECT COUNT(*) FROM users WHERE headline = '' OR bio = ''`); n > 0 {
			t.Errorf("%d people without a headline or a bio", n)
		}
		if n := q.int(`SELECT COUNT(*) FROM users u WHERE (SELECT COUNT(*) FROM user_expertise e WHERE e.user_id = u.id) NOT BETWEEN 3 AND 6`); n > 0 {
			t.Errorf("%d people without 3 to 6 expertise tags", n)
		}
		if n := q.int(`SELECT COUNT(DISTINCT time_zone) FROM users`); n < 8 {
			t.Errorf("people live in %d time zones, want a spread", n)
		}
		if q.int(`SELECT COUNT(*) FROM users WHERE is_admin`) != 1 || q.int(`SELECT COUNT(*) FROM users WHERE is_support`) != 1 {
			t.Error("want exactly one admin and one support-team member")
		}
	})

	t.Run("history", func(t *testing.T) {
		first, last := q.int(`SELECT MIN(at) FROM activity`), q.int(`SELECT MAX(at) FROM activity`)
		if from := testNow.Add(-demo.History).UnixMilli(); first < int(from) || last > int(testNow.UnixMilli()) {
			t.Errorf("activity spans %s to %s, want within %s to %s", store.Time(int64(first)), store.Time(int64(last)), testNow.Add(-demo.History), testNow)
		}
		oldest, newest := q.int(`SELECT MIN(created_at) FROM communities`), q.int(`SELECT MAX(created_at) FROM communities`)
		if d := age(oldest); d < 250 || d > 290 {
			t.Errorf("the oldest community is %.0f days old, want about nine months", d)
		}
		if d := age(newest); d < 12 || d > 16 {
			t.Errorf("the newest community is %.0f days old, want about two weeks", d)
		}
		// Entries are written in time order, so the log reads the same by id and by time.
		if n := q.int(`SELECT COUNT(*) FROM activity a JOIN activity b ON b.id = a.id + 1 WHERE b.at < a.at`); n > 0 {
			t.Errorf("%d activity entries are older than the entry before them", n)
		}
		if q.int(`SELECT COUNT(*) FROM activity WHERE kind = 'member.left'`) < 10 {
			t.Error("want people who joined and left")
		}
		if q.int(`SELECT COUNT(*) FROM activity WHERE kind = 'community.leader_changed'`) < 1 {
			t.Error("want a historical leadership hand-over")
		}
	})

	t.Run("one leader each", func(t *testing.T) {
		rows := q.rows(`SELECT c.slug, (SELECT COUNT(*) FROM memberships m WHERE m.community_id = c.id AND m.role = 'leader') FROM communities c ORDER BY c.slug`)
		for _, r := range rows {
			if r[1] != "1" {
				t.Errorf("%s has %s leaders", r[0], r[1])
			}
		}
		if n := q.int(`SELECT COUNT(DISTINCT community_id) FROM memberships WHERE role = 'sponsor'`); n < 4 {
			t.Errorf("sponsors in %d communities, want several", n)
		}
	})

	roles := func(slug string) map[string]int {
		out := map[string]int{}
		for _, r := range q.rows(`SELECT m.role, COUNT(*) FROM memberships m JOIN communities c ON c.id = m.community_id WHERE c.slug = $1 GROUP BY m.role`, slug) {
			out[r[0]] = atoi(t, r[1])
		}
		return out
	}
	members := func(roles map[string]int) int {
		return roles["leader"] + roles["core"] + roles["member"] + roles["sponsor"]
	}
	joinsSince := func(slug string, since time.Time) int {
		return q.int(`SELECT COUNT(*) FROM activity a JOIN communities c ON c.id = a.community_id
				WHERE c.slug = $1 AND a.kind IN ('member.joined', 'member.join_approved') AND a.at >= $2`, slug, since.UnixMilli())
	}

	t.Run("thriving testing community", func(t *testing.T) {
		r := roles("testing")
		if r["core"] < 5 || r["core"] > 6 || members(r) < 60 {
			t.Errorf("testing has %v, want 5 or 6 core and 60+ members", r)
		}
		// Every fortnight of the last two months (the holidays before them
		// are a planted quiet period).
		for fortnight := range 4 {
			from := testNow.Add(-time.Duration(2*fortnight+2) * 7 * day)
			if joinsSince("testing", from)-joinsSince("testing", from.Add(14*day)) == 0 {
				t.Errorf("nobody joined testing in the fortnight from %s", from.Format(time.DateOnly))
			}
		}
	})

	t.Run("two-person core", func(t *testing.T) {
		if r := roles("data-analytics"); r["leader"] != 1 || r["core"] != 1 || members(r) < 20 {
			t.Errorf("data-analytics has %v, want a leader, one core member and 20+ members", r)
		}
	})

	t.Run("silent leader", func(t *testing.T) {
		leader := q.int(`SELECT m.user_id FROM memberships m JOIN communities c ON c.id = m.community_id WHERE c.slug = 'ux-research' AND m.role = 'leader'`)
		last := q.int(`SELECT MAX(at) FROM activity WHERE actor_id = $1`, leader)
		if d := age(last); d < 35 || d > 42 {
			t.Errorf("the leader of ux-research last acted %.1f days ago, want 5 to 6 weeks", d)
		}
		if n := joinsSince("ux-research", store.Time(int64(last)).Add(time.Second)); n < 3 {
			t.Errorf("%d people joined ux-research after its leader went quiet, want several", n)
		}
		if n := q.int(`SELECT COUNT(*) FROM activity a JOIN memberships m ON m.user_id = a.actor_id AND m.community_id = a.community_id
				JOIN communities c ON c.id = a.community_id WHERE c.slug = 'ux-research' AND m.role = 'core' AND a.at > $1`, last); n == 0 {
			t.Error("the core group of ux-research did nothing after the leader went quiet")
		}
	})

	t.Run("events community", func(t *testing.T) {
		if r := roles("frontend"); members(r) < 40 {
			t.Errorf("frontend has %v, want a large membership", r)
		}
	})

	t.Run("brand new", func(t *testing.T) {
		created := q.int(`SELECT created_at FROM communities WHERE slug = 'platform-engineering'`)
		if d := age(created); d < 12 || d > 16 {
			t.Errorf("platform-engineering is %.1f days old, want two weeks", d)
		}
		if r := roles("platform-engineering"); members(r) < 3 || members(r) > 12 || r["sponsor"] != 0 {
			t.Errorf("platform-engineering has %v, want a handful and no sponsor yet", r)
		}
	})

	t.Run("private with pending requests", func(t *testing.T) {
		var lead account.User
		for _, l := range sum.Logins {
			if strings.Contains(l.Note, "Security Champions") {
				lead, err = a.Accounts.ByEmail(ctx, l.Email)
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		c, m, err := a.Communities.BySlug(ctx, "security-champions", lead)
		if err != nil || c.Visibility != community.Private || !m.CanModerate() {
			t.Fatalf("security-champions: %v, %v, %v; want private and led by the login", c.Visibility, m.Role, err)
		}
		reqs, err := a.Communities.PendingRequests(ctx, lead, c.Slug)
		if err != nil || len(reqs) < 3 {
			t.Errorf("%d pending join requests (%v), want at least 3", len(reqs), err)
		}
		invs, err := a.Communities.PendingInvitations(ctx, lead, c.Slug)
		if err != nil || len(invs) < 2 {
			t.Errorf("%d pending invitations (%v), want at least 2", len(invs), err)
		}
		if n := q.int(`SELECT COUNT(*) FROM join_requests WHERE status = 'declined'`); n < 1 {
			t.Error("want a declined join request")
		}
		if n := q.int(`SELECT COUNT(*) FROM join_requests WHERE status = 'approved'`); n < 3 {
			t.Error("want approved join requests")
		}
	})

	t.Run("cross-org community", func(t *testing.T) {
		r := roles("ways-of-working")
		if r["sponsor"] != 1 || members(r) < 30 {
			t.Errorf("ways-of-working has %v, want a sponsor and 30+ members", r)
		}
		elsewhere := q.int(`SELECT COUNT(*) FROM memberships m JOIN communities c ON c.id = m.community_id
				WHERE c.slug = 'ways-of-working' AND EXISTS (SELECT 1 FROM memberships o WHERE o.user_id = m.user_id AND o.community_id <> m.community_id)`)
		if elsewhere*10 < members(r)*6 {
			t.Errorf("%d of %d members of ways-of-working belong to another community, want most", elsewhere, members(r))
		}
	})

	user := func(t *testing.T, email string) account.User {
		t.Helper()
		u, err := a.Accounts.ByEmail(ctx, email)
		if err != nil {
			t.Fatalf("%s: %v", email, err)
		}
		return u
	}
	login := func(t *testing.T, role, about string) account.User {
		t.Helper()
		for _, l := range sum.Logins {
			if l.Role == role && strings.Contains(l.Note, about) {
				return user(t, l.Email)
			}
		}
		t.Fatalf("no %s login about %q", role, about)
		return account.User{}
	}
	communityID := func(slug string) int64 {
		return int64(q.int(`SELECT id FROM communities WHERE slug = $1`, slug))
	}
	requests := func(slug, where string, args ...any) int {
		return q.int(`SELECT COUNT(*) FROM requests r JOIN communities c ON c.id = r.community_id WHERE c.slug = $1 AND r.deleted_at IS NULL`+where,
			append([]any{slug}, args...)...)
	}

	t.Run("help requests", func(t *testing.T) {
		if n := q.int(`SELECT COUNT(*) FROM requests`); n < 220 || n > 420 {
			t.Errorf("%d help requests, want hundreds (220 to 420)", n)
		}
		if n := q.int(`SELECT COUNT(*) FROM replies`); n < 400 {
			t.Errorf("%d replies and comments, want at least 400", n)
		}
		for _, kind := range []string{"worked", "partly", "did_not", "no_outcome"} {
			if n := q.int(`SELECT COUNT(*) FROM requests WHERE outcome = $1`, kind); n < 3 {
				t.Errorf("%d requests with outcome %s, want some", n, kind)
			}
		}
		// Every part of the thread's life happened through the services.
		for kind, least := range map[string]int{
			practice.ActivityClaimed: 3, practice.ActivityEdited: 5, practice.ActivityReplyEdited: 3, practice.ActivityClosed: 3,
			practice.ActivityLocked: 1, practice.ActivityReminded: 10, practice.ActivityFollowupAsked: 50,
			practice.ActivityFollowupReasked: 5, practice.ActivityNoOutcome: 3, practice.ActivitySettingsUpdated: 6,
		} {
			if n := q.int(`SELECT COUNT(*) FROM activity WHERE kind = $1`, kind); n < least {
				t.Errorf("%d %s entries, want at least %d", n, kind, least)
			}
		}
		if n := q.int(`SELECT COUNT(*) FROM notifications WHERE kind = $1`, notify.Mention); n < 5 {
			t.Errorf("%d mentions, want some", n)
		}
		// The sweep ran with the fake clock: notes are dated through history.
		if first := q.int(`SELECT MIN(created_at) FROM notifications WHERE kind = $1`, notify.FollowUp); age(first) < 150 {
			t.Errorf("the first follow-up was asked %.0f days ago, want months ago", age(first))
		}
	})

	t.Run("commitments differ", func(t *testing.T) {
		for _, c := range []struct {
			slug    string
			minutes int
			working bool
			zone    string
		}{{"testing", 24 * 60, false, "UTC"}, {"data-analytics", 8 * 60, true, "Europe/London"},
			{"security-champions", 4 * 60, true, "America/New_York"}, {"ways-of-working", 48 * 60, false, "UTC"}} {
			st, err := a.Practice.Settings(ctx, communityID(c.slug))
			if err != nil {
				t.Fatal(err)
			}
			if st.ResponseMinutes != c.minutes || st.WorkingHoursOnly != c.working || st.TimeZone != c.zone || st.UpdatedAt.IsZero() {
				t.Errorf("%s commits to %s, want %d minutes (working hours %v, %s)", c.slug, st.Describe(), c.minutes, c.working, c.zone)
			}
		}
	})

	since := testNow.Add(-demo.History)
	t.Run("thriving: fast answers, closed loops, knowledge", func(t *testing.T) {
		if n := requests("testing", ""); n < 100 {
			t.Errorf("testing has %d requests, want 100+", n)
		}
		st, err := a.Practice.Commitment(ctx, communityID("testing"), since)
		if err != nil {
			t.Fatal(err)
		}
		if st.MedianFirstReply <= 0 || st.MedianFirstReply >= 3*time.Hour || st.HitRate < 0.85 || st.Overdue != 0 {
			t.Errorf("testing answers in a median %s, hit rate %.2f, %d overdue; want under 3 h, most in time, none overdue",
				st.MedianFirstReply, st.HitRate, st.Overdue)
		}
		solved := requests("testing", ` AND r.status = 'solved'`)
		reported := requests("testing", ` AND r.outcome IN ('worked', 'partly', 'did_not')`)
		if all := requests("testing", ""); solved*4 < all*3 || reported*5 < solved*3 {
			t.Errorf("testing: %d of %d solved, %d outcomes reported; want most solved and most outcomes reported", solved, all, reported)
		}
		lead := login(t, "Leader", "Testing & Quality")
		page, err := a.Knowledge.List(ctx, lead, knowledge.Filter{CommunitySlug: "testing", Status: knowledge.Recommended})
		if err != nil {
			t.Fatal(err)
		}
		var practiceID int64
		for _, it := range page.Items {
			if it.Title == "Quarantine flaky tests within a day" {
				practiceID = it.ID
			}
		}
		if practiceID == 0 {
			t.Fatalf("no recommended practice \"Quarantine flaky tests within a day\" in testing: %+v", page.Items)
		}
		adopters, err := a.Knowledge.Adopters(ctx, lead, "testing", practiceID)
		if err != nil || len(adopters) < 10 {
			t.Errorf("%d adopters of the recommended practice (%v), want 10+", len(adopters), err)
		}
		if n := q.int(`SELECT COUNT(*) FROM artefacts a JOIN communities c ON c.id = a.community_id
				WHERE c.slug = 'testing' AND a.kind = 'faq' AND a.source_request_id IS NOT NULL`); n < 3 {
			t.Errorf("testing has %d FAQs drawn from threads, want several", n)
		}
		if n := q.int(`SELECT COUNT(*) FROM artefacts a JOIN communities c ON c.id = a.community_id
				WHERE c.slug = 'testing' AND a.kind = 'case_story'`); n < 1 {
			t.Error("testing has no case story")
		}
	})

	t.Run("silent leader: overdue requests at Now", func(t *testing.T) {
		core := login(t, "Core group", "UX Research")
		tr, err := a.Practice.Triage(ctx, core, "ux-research")
		if err != nil {
			t.Fatal(err)
		}
		if len(tr.Overdue) < 2 || len(tr.AtRisk) < 1 {
			t.Errorf("ux-research's triage has %d overdue and %d at risk, want several overdue and some due soon", len(tr.Overdue), len(tr.AtRisk))
		}
		claire := q.int(`SELECT m.user_id FROM memberships m JOIN communities c ON c.id = m.community_id WHERE c.slug = 'ux-research' AND m.role = 'leader'`)
		if n := q.int(`SELECT COUNT(*) FROM replies WHERE author_id = $1 AND created_at > $2`, claire, testNow.Add(-36*day).UnixMilli()); n > 0 {
			t.Errorf("the silent leader replied %d times after going quiet", n)
		}
		if n := q.int(`SELECT COUNT(*) FROM replies WHERE author_id = $1`, claire); n < 3 {
			t.Errorf("the leader of ux-research replied %d times before going quiet, want her to have been active", n)
		}
	})

	t.Run("two-person core: slow answers from the same two", func(t *testing.T) {
		st, err := a.Practice.Commitment(ctx, communityID("data-analytics"), since)
		if err != nil {
			t.Fatal(err)
		}
		fast, _ := a.Practice.Commitment(ctx, communityID("testing"), since)
		t.Logf("median first reply: data-analytics %s, testing %s", st.MedianFirstReply.Round(time.Minute), fast.MedianFirstReply.Round(time.Minute))
		if st.MedianFirstReply < 12*time.Hour || st.MedianFirstReply > 48*time.Hour || st.MedianFirstReply < 5*fast.MedianFirstReply {
			t.Errorf("data-analytics answers in a median %s (testing %s), want about a day", st.MedianFirstReply, fast.MedianFirstReply)
		}
		byCore := q.int(`SELECT COUNT(*) FROM requests r JOIN communities c ON c.id = r.community_id
				JOIN memberships m ON m.community_id = c.id AND m.user_id = r.first_reply_by
				WHERE c.slug = 'data-analytics' AND m.role IN ('leader', 'core')`)
		if answered := requests("data-analytics", ` AND r.first_reply_at IS NOT NULL`); answered < 20 || byCore*4 < answered*3 {
			t.Errorf("%d of %d first replies in data-analytics from its two-person core, want most of 20+", byCore, answered)
		}
	})

	t.Run("few requests: events community, shrinking, brand new", func(t *testing.T) {
		if n := requests("frontend", ""); n > 20 {
			t.Errorf("frontend has %d requests, want few", n)
		}
		fl := login(t, "Leader", "Frontend Guild")
		tr, err := a.Practice.Triage(ctx, fl, "frontend")
		if err != nil || len(tr.Overdue) < 2 {
			t.Errorf("frontend's triage has %d overdue (%v), want several unanswered for days", len(tr.Overdue), err)
		}
		created := testNow.Add(-200 * day).UnixMilli()
		early := requests("mobile", ` AND r.created_at < $2`, created+int64(80*day/time.Millisecond))
		late := requests("mobile", ` AND r.created_at > $2`, testNow.Add(-100*day).UnixMilli())
		if early < 10 || late > 3 {
			t.Errorf("mobile has %d requests in its first 80 days and %d in the last 100, want a burst then silence", early, late)
		}
		if n, recent := requests("platform-engineering", ""), requests("platform-engineering", ` AND r.created_at > $2`, testNow.Add(-14*day).UnixMilli()); n < 2 || n > 3 || recent != n {
			t.Errorf("platform-engineering has %d requests (%d recent), want two or three from its first two weeks", n, recent)
		}
		pl := login(t, "Leader", "Platform Engineering")
		tr, err = a.Practice.Triage(ctx, pl, "platform-engineering")
		if err != nil {
			t.Fatal(err)
		}
		claimed := false
		for _, it := range append(append(tr.Waiting, tr.AtRisk...), tr.Overdue...) {
			if it.Claim.Active() && it.Claim.Until.After(testNow) && it.Claim.By.ID != it.Author.ID {
				claimed = true
			}
		}
		if !claimed {
			t.Error("no request in platform-engineering is claimed (\"I'll take it\") at Now")
		}
	})

	t.Run("a follow-up waits for the ordinary member", func(t *testing.T) {
		elif := login(t, "Member", "How did it turn out?")
		page, err := a.Practice.List(ctx, elif, practice.Filter{View: practice.ViewWaitingFollowup, Limit: practice.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		waiting := false
		for _, it := range page.Items {
			if !it.FollowupAskedAt.IsZero() && it.Outcome == "" {
				waiting = true
			}
		}
		if !waiting {
			t.Errorf("no follow-up asked and waiting for %s: %+v", elif.Name, page.Items)
		}
		notes, _, err := a.Inbox.List(ctx, elif.ID, false, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		asked := false
		for _, n := range notes {
			if n.Kind == notify.FollowUp && strings.HasPrefix(n.Title, "How did it turn out?") && testNow.Sub(n.CreatedAt) < 10*day {
				asked = true
			}
		}
		if !asked {
			t.Errorf("%s's inbox has no recent \"How did it turn out?\"", elif.Name)
		}
		if n := q.int(`SELECT COUNT(*) FROM requests WHERE followup_asked_at IS NOT NULL AND outcome IS NULL AND status = 'solved'`); n < 3 {
			t.Errorf("%d follow-ups waiting at Now across the organization, want some", n)
		}
	})

	t.Run("knowledge", func(t *testing.T) {
		if n := q.int(`SELECT COUNT(*) FROM artefacts WHERE kind <> 'minutes'`); n < 35 || n > 55 {
			t.Errorf("%d artefacts besides minutes, want about 40", n)
		}
		for _, kind := range []knowledge.Kind{knowledge.FAQ, knowledge.Summary, knowledge.CaseStory, knowledge.FailureReflection, knowledge.Insight, knowledge.Practice} {
			if n := q.int(`SELECT COUNT(*) FROM artefacts WHERE kind = $1`, string(kind)); n < 2 {
				t.Errorf("%d artefacts of kind %s, want some", n, kind)
			}
		}
		if n := q.int(`SELECT COUNT(*) FROM artefacts WHERE kind = 'faq' AND source_request_id IS NOT NULL`); n < 10 {
			t.Errorf("%d FAQs promoted from threads, want 10+", n)
		}
		if n := q.int(`SELECT COUNT(*) FROM activity WHERE kind = $1`, knowledge.ActivityEdited); n < 3 {
			t.Errorf("%d artefact edits, want some revisions", n)
		}
		tried := q.int(`SELECT COUNT(*) FROM artefacts a JOIN communities c ON c.id = a.community_id
				WHERE c.slug = 'ways-of-working' AND a.practice_status = 'tried'`)
		if tried < 1 {
			t.Error("ways-of-working has no practice in \"tried\"")
		}
	})

	t.Run("anonymous failure reflection", func(t *testing.T) {
		lead := login(t, "Leader", "Security Champions")
		page, err := a.Knowledge.List(ctx, lead, knowledge.Filter{CommunitySlug: "security-champions", Kind: knowledge.FailureReflection})
		if err != nil {
			t.Fatal(err)
		}
		var id int64
		for _, it := range page.Items {
			if it.Anonymous {
				id = it.ID
			}
		}
		if id == 0 {
			t.Fatal("no anonymous failure reflection in security-champions")
		}
		seen, err := a.Knowledge.Get(ctx, lead, "security-champions", id)
		if err != nil || seen.AuthorID == 0 {
			t.Errorf("the leader does not see who wrote the anonymous reflection (%v)", err)
		}
		member := q.int(`SELECT m.user_id FROM memberships m JOIN communities c ON c.id = m.community_id
				WHERE c.slug = 'security-champions' AND m.role = 'member' AND m.user_id <> $1 ORDER BY m.user_id LIMIT 1`, seen.AuthorID)
		other, err := a.Accounts.Get(ctx, int64(member))
		if err != nil {
			t.Fatal(err)
		}
		hidden, err := a.Knowledge.Get(ctx, other, "security-champions", id)
		if err != nil || hidden.AuthorID != 0 || hidden.AuthorName != "" || !hidden.Anonymous {
			t.Errorf("an ordinary member sees author %d %q of the anonymous reflection (%v)", hidden.AuthorID, hidden.AuthorName, err)
		}
	})

	t.Run("logins", func(t *testing.T) {
		want := map[string]bool{"Admin": false, "Support team": false, "Leader": false, "Core group": false, "Member": false, "Sponsor": false, "Newcomer": false}
		for _, l := range sum.Logins {
			want[l.Role] = true
			u, _, err := a.Accounts.Login(ctx, l.Email, demo.DemoPassword, "192.0.2.10", "demo test", "")
			if err != nil {
				t.Errorf("%s (%s) cannot log in: %v", l.Email, l.Role, err)
				continue
			}
			if l.Note == "" || l.Name != u.Name {
				t.Errorf("login %s: name %q, note %q", l.Email, l.Name, l.Note)
			}
			// Notes point at what the product has today.
			for _, missing := range []string{"portfolio"} {
				if strings.Contains(strings.ToLower(l.Note), missing) {
					t.Errorf("login %s's note mentions %q, which the product does not have yet: %s", l.Email, missing, l.Note)
				}
			}
			mine, err := a.Communities.Mine(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			switch l.Role {
			case "Newcomer":
				if len(mine) != 0 {
					t.Errorf("the newcomer belongs to %d communities", len(mine))
				}
			case "Member":
				if len(mine) < 3 {
					t.Errorf("the ordinary member belongs to %d communities, want several", len(mine))
				}
			case "Admin":
				if !u.IsAdmin {
					t.Error("the admin login is not an admin")
				}
			case "Support team":
				if !u.IsSupport {
					t.Error("the support login is not in the support team")
				}
			}
		}
		for role, seen := range want {
			if !seen {
				t.Errorf("no %s login", role)
			}
		}
	})
}

// The same seed gives the same organization, another seed another; and
// each step draws from its own generator, so a step added later (here one
// that draws a thousand numbers and adds an action) changes nothing the
// others generate.
func TestGenerateIsDeterministic(t *testing.T) {
	base := digest(t, sharedDemo(t))
	again := openSQLite(t)
	noisy := demo.Step{Name: "later:noise", Run: func(_ context.Context, w *demo.World) error {
		for range 1000 {
			w.Rand.Float64()
		}
		w.At(w.DaysAgo(30), "nothing", func(context.Context) error { return nil })
		return nil
	}}
	if _, err := demo.GenerateWith(context.Background(), again, demo.Options{Seed: sharedSeed, Now: testNow, PasswordHash: fastHash(t)}, noisy); err != nil {
		t.Fatal(err)
	}
	if digest(t, again) != base {
		t.Error("the same seed with a step added gives another organization")
	}
	other := openSQLite(t)
	generate(t, other, sharedSeed+3)
	if digest(t, other) == base {
		t.Error("another seed gives the same organization")
	}
}

// `cultivate demo` ends history at the moment it runs: any hour, any day.
func TestGenerateAtAnyHour(t *testing.T) {
	sunday := time.Date(2026, time.March, 8, 3, 10, 0, 0, time.UTC)
	if _, err := demo.Generate(context.Background(), openSQLite(t), demo.Options{Seed: 2, Now: sunday, PasswordHash: fastHash(t)}); err != nil {
		t.Fatalf("Generate ending on a Sunday night: %v", err)
	}
}

func TestGenerateRefusesANonEmptyDatabase(t *testing.T) {
	db := sharedDemo(t)
	before := digest(t, db)
	if _, err := demo.Generate(context.Background(), db, demo.Options{Seed: 1, Now: testNow, PasswordHash: fastHash(t)}); err == nil {
		t.Fatal("a second Generate on the same database succeeded")
	}
	if digest(t, db) != before {
		t.Fatal("a refused Generate changed the database")
	}
}

func TestGenerateRefusesAWrongHash(t *testing.T) {
	h, err := account.HashPassword("another-password", account.FastHashParams())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Generate(context.Background(), openSQLite(t), demo.Options{Now: testNow, PasswordHash: h}); err == nil {
		t.Fatal("Generate accepted a hash of another password")
	}
}

// BenchmarkGenerate measures the whole demo on SQLite, as `cultivate demo` runs it.
func BenchmarkGenerate(b *testing.B) {
	hash := fastHash(b)
	for b.Loop() {
		b.StopTimer()
		db := openSQLite(b)
		b.StartTimer()
		if _, err := demo.Generate(context.Background(), db, demo.Options{Seed: 1, Now: testNow, PasswordHash: hash}); err != nil {
			b.Fatal(err)
		}
	}
}

// openSQLite opens a fresh, migrated SQLite database the way the brief of
// the demo command does: a file in a temporary directory.
func openSQLite(t testing.TB) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

func age(ms int) float64 { return testNow.Sub(store.Time(int64(ms))).Hours() / 24 }

func atoi(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// querier runs the test's read-only SQL.
type querier struct {
	t  testing.TB
	db *store.DB
}

func (q querier) int(query string, args ...any) int {
	q.t.Helper()
	var n sql.NullInt64
	if err := q.db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		q.t.Fatalf("%s: %v", query, err)
	}
	return int(n.Int64)
}

func (q querier) strings(query string, args ...any) []string {
	q.t.Helper()
	var out []string
	for _, r := range q.rows(query, args...) {
		out = append(out, r[0])
	}
	return out
}

func (q querier) rows(query string, args ...any) [][]string {
	q.t.Helper()
	rows, err := q.db.QueryContext(context.Background(), query, args...)
	if err != nil {
		q.t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		q.t.Fatal(err)
	}
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			q.t.Fatalf("%s: %v", query, err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		q.t.Fatalf("%s: %v", query, err)
	}
	return out
}

// digest hashes everything the demo decides: people, profiles, communities,
// memberships, invitations, join requests, the activity log, commitments,
// help requests, replies, knowledge, adoptions and inbox notes, without the
// random secrets.
func digest(t testing.TB, db *store.DB) string {
	t.Helper()
	q := querier{t: t, db: db}
	h := sha256.New()
	for _, query := range []string{
		`SELECT email, name, headline, bio, time_zone, CASE WHEN is_admin THEN 1 ELSE 0 END, CASE WHEN is_support THEN 1 ELSE 0 END, created_at
			FROM users ORDER BY email`,
		`SELECT u.email, e.tag FROM user_expertise e JOIN users u ON u.id = e.user_id ORDER BY u.email, e.tag`,
		`SELECT slug, name, domain, purpose, visibility, code_of_conduct, created_at FROM communities ORDER BY slug`,
		`SELECT c.slug, u.email, m.role, m.intro, m.joined_at FROM memberships m
			JOIN communities c ON c.id = m.community_id JOIN users u ON u.id = m.user_id ORDER BY c.slug, u.email`,
		`SELECT c.slug, i.email, i.role, i.created_at, COALESCE(i.accepted_at, 0), COALESCE(i.revoked_at, 0) FROM invitations i
			JOIN communities c ON c.id = i.community_id ORDER BY c.slug, i.created_at, i.email`,
		`SELECT c.slug, u.email, r.message, r.status, r.created_at, COALESCE(r.decided_at, 0) FROM join_requests r
			JOIN communities c ON c.id = r.community_id JOIN users u ON u.id = r.user_id ORDER BY c.slug, r.created_at, u.email`,
		`SELECT a.at, a.kind, COALESCE(u.email, ''), COALESCE(c.slug, ''), a.subject_type, a.detail FROM activity a
			LEFT JOIN users u ON u.id = a.actor_id LEFT JOIN communities c ON c.id = a.community_id ORDER BY a.id`,
		`SELECT c.slug, p.response_minutes, CASE WHEN p.working_hours_only THEN 1 ELSE 0 END, p.time_zone, p.followup_days, p.claim_minutes,
			p.remind_before_minutes, p.updated_at FROM practice_settings p JOIN communities c ON c.id = p.community_id ORDER BY p.updated_at, c.slug`,
		`SELECT c.slug, u.email, r.title, r.body, r.tried, r.status, CASE WHEN r.locked THEN 1 ELSE 0 END, r.revision, r.reply_count, r.created_at,
			r.due_at, COALESCE(r.first_reply_at, 0), COALESCE(r.claimed_until, 0), COALESCE(r.solved_at, 0), COALESCE(r.followup_asked_at, 0),
			COALESCE(r.outcome, ''), r.outcome_note, COALESCE(r.outcome_at, 0), r.close_reason
			FROM requests r JOIN communities c ON c.id = r.community_id JOIN users u ON u.id = r.author_id ORDER BY r.id`,
		`SELECT r.title, u.email, p.body, p.revision, p.created_at, CASE WHEN p.parent_id IS NULL THEN 0 ELSE 1 END FROM replies p
			JOIN requests r ON r.id = p.request_id JOIN users u ON u.id = p.author_id ORDER BY p.id`,
		`SELECT c.slug, a.kind, a.title, a.body, u.email, CASE WHEN a.anonymous THEN 1 ELSE 0 END, a.practice_status, a.revision, a.created_at
			FROM artefacts a JOIN communities c ON c.id = a.community_id JOIN users u ON u.id = a.author_id ORDER BY a.id`,
		`SELECT a.title, u.email, d.created_at FROM adoptions d JOIN artefacts a ON a.id = d.artefact_id JOIN users u ON u.id = d.user_id
			ORDER BY d.created_at, a.id, u.id`,
		// Notes of one action to several people may be written in any order.
		`SELECT u.email, n.kind, n.title, n.link, n.created_at FROM notifications n JOIN users u ON u.id = n.user_id
			ORDER BY n.created_at, n.user_id, n.kind, n.title, n.link`,
	} {
		for _, row := range q.rows(query) {
			h.Write([]byte(strings.Join(row, "\x1f") + "\x1e"))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
