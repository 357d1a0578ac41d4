package demo

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/practice"
	"cultivate/internal/search"
	"cultivate/internal/store"
)

// ScaleVersion names what Scale generates. Bump it whenever a change to
// Scale, or to the schema it fills, changes the data, so that datasets
// cached under its number (internal/practice/scale_bench_test.go) are
// generated again.
const ScaleVersion = 1

// ScaleOptions size the data Scale generates.
type ScaleOptions struct {
	// Requests is how many help requests to generate; required.
	Requests int
	// RepliesPerRequest is how many rows of replies and comments there are
	// per request; 3 when 0. Each batch holds exactly that many per request
	// (unless a batch is too small to hold its 60-row threads).
	RepliesPerRequest int
	// Communities is how many communities share the requests; 20 when 0,
	// at least 5. The first holds 30% of the requests, the n-th of the
	// others a share in proportion to 1/n^0.9.
	Communities int
	// Users is how many people there are; Requests/50 (at least 200) when 0.
	Users int
	// Seed chooses the data: the same options give the same data.
	Seed uint64
	// Now is the end of the history, ScaleNow when zero; Span is how far
	// back it goes, three years when zero.
	Now  time.Time
	Span time.Duration
	// PasswordHash is every account's password hash (an argon2id hash, as
	// account.HashPassword makes). Empty means nobody can log in: the
	// accounts are for reading, as in benchmarks.
	PasswordHash string
	// Batch is how many requests, with their replies, tags and search
	// documents, go in one transaction; 10,000 when 0. Memory is bounded
	// by a few batches.
	Batch int
	// Log, if set, is told how loading goes.
	Log func(format string, args ...any)
}

// ScaleNow is the default end of a generated history, fixed so that the
// same options give the same data.
var ScaleNow = time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)

// Words a generated corpus holds, for searches that find something.
const (
	// ScaleRareWord is in exactly ScaleRareCount requests (or fewer when
	// there are fewer requests), all in the biggest community, spread over
	// the history, and nowhere else.
	ScaleRareWord  = "zorblax"
	ScaleRareCount = 8
	// ScaleCommonWord (stemmed: test, tests, testing) is in a large share
	// of the documents, ScalePhrase in a fair share.
	ScaleCommonWord = "test"
	ScalePhrase     = "integration tests"
)

// ScaleInfo says what Scale generated, and where to look.
type ScaleInfo struct {
	Version     int
	Seed        uint64
	Now         time.Time
	Requests    int // including the deleted ones
	Deleted     int // requests deleted: not listed, not searchable
	Replies     int // rows of replies and comments
	Users       int
	Memberships int
	Communities []ScaleCommunity // the biggest first
	// Viewer is an ordinary member of the biggest community and of four
	// others (ViewerCommunities, the biggest first), for lists and
	// searches as a member sees them.
	Viewer            int64
	ViewerCommunities []int64
	// ShortThread is a request of the biggest community with 3 replies and
	// no comments, from the middle of the history; LongThread one with 50
	// replies and 10 comments.
	ShortThread int64
	LongThread  int64
	// Load is how long writing took; Analyze how long refreshing the
	// planner's statistics took after it.
	Load    time.Duration
	Analyze time.Duration
}

// ScaleCommunity is a generated community.
type ScaleCommunity struct {
	ID       int64
	Slug     string
	Name     string
	Requests int // including the deleted ones
}

// Scale fills an empty, migrated database with a large organization for
// benchmarks: communities of very different sizes, people, and help
// requests over a span of years with replies, comments, tags, accepted
// answers, learning loops, closes and deletions, and their search
// documents.
//
// It writes rows directly, with multi-row INSERTs in large transactions,
// rather than through the services, which would take hours for millions of
// rows. So it sets every column the services keep in step, as they would
// have: reply counts, last activity (of requests and of their tags), first
// replies and whether the commitment was met, due times from each
// community's commitment, reminders, claims, accepted replies, follow-ups
// and outcomes, tag counts, and search documents holding each request with
// its replies (the engines' full-text indexes follow those by trigger or
// generated column). It writes no activity log, notifications, revisions
// or knowledge artefacts. Request, reply and document ids grow with time,
// as when people write them; reply ids do so within a request.
//
// After loading it refreshes the planner's statistics: ANALYZE and PRAGMA
// optimize on SQLite; VACUUM (ANALYZE) on PostgreSQL, which autovacuum
// would have done by then (it also moves the GIN index's pending entries
// into the index proper).
func Scale(ctx context.Context, db *store.DB, opts ScaleOptions) (ScaleInfo, error) {
	if opts.Requests <= 0 {
		return ScaleInfo{}, errors.New("demo: scale: Requests must be positive")
	}
	if opts.RepliesPerRequest < 0 || opts.Communities < 0 || opts.Users < 0 || opts.Batch < 0 || opts.Span < 0 {
		return ScaleInfo{}, errors.New("demo: scale: sizes must not be negative")
	}
	opts.RepliesPerRequest = scaleOrDefault(opts.RepliesPerRequest, 3)
	opts.Communities = scaleOrDefault(opts.Communities, 20)
	opts.Users = scaleOrDefault(opts.Users, max(200, opts.Requests/50))
	opts.Batch = scaleOrDefault(opts.Batch, 10_000)
	if opts.Now.IsZero() {
		opts.Now = ScaleNow
	}
	opts.Now = opts.Now.UTC().Truncate(time.Millisecond)
	if opts.Span == 0 {
		opts.Span = 3 * 365 * 24 * time.Hour
	}
	if opts.Communities < 5 {
		return ScaleInfo{}, errors.New("demo: scale: Communities must be at least 5")
	}
	if opts.Users < opts.Communities*8 {
		return ScaleInfo{}, fmt.Errorf("demo: scale: %d users are too few for %d communities (at least 8 each)", opts.Users, opts.Communities)
	}
	if opts.PasswordHash == "" {
		opts.PasswordHash = "!" // matches no password
	} else if _, err := account.CheckPassword(opts.PasswordHash, ""); err != nil {
		return ScaleInfo{}, fmt.Errorf("demo: scale: PasswordHash: %w", err)
	}
	logf := opts.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM communities)`).Scan(&n); err != nil {
		return ScaleInfo{}, fmt.Errorf("demo: scale: %w", err)
	}
	if n > 0 {
		return ScaleInfo{}, errors.New("demo: scale: the database already has users or communities; Scale needs a freshly migrated one")
	}

	began := time.Now()
	g := newScaleGen(opts)
	if db.Dialect() == store.SQLite {
		// A larger page cache for the one writer while loading: the
		// indexes of millions of rows do not fit in the default 2 MB.
		if _, err := db.ExecContext(ctx, `PRAGMA cache_size = -262144`); err != nil {
			return ScaleInfo{}, fmt.Errorf("demo: scale: %w", err)
		}
		defer func() { _, _ = db.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_size = -2000`) }()
	}
	if err := db.WithTx(ctx, func(ctx context.Context) error { return g.writeOrganization(ctx, db) }); err != nil {
		return ScaleInfo{}, fmt.Errorf("demo: scale: organization: %w", err)
	}
	logf("scale: %d people, %d communities, %d memberships written in %s",
		opts.Users, opts.Communities, g.info.Memberships, time.Since(began).Round(time.Millisecond))

	// One goroutine writes the next batch's text while this one inserts
	// the current batch.
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan *scaleBatch, 1)
	go func() {
		defer close(batches)
		for lo := 0; lo < opts.Requests; lo += opts.Batch {
			select {
			case batches <- g.batch(lo, min(lo+opts.Batch, opts.Requests)):
			case <-pctx.Done():
				return
			}
		}
	}()
	for b := range batches {
		if err := db.WithTx(ctx, func(ctx context.Context) error { return b.write(ctx, db) }); err != nil {
			cancel()
			for range batches { // let the generator end
			}
			return ScaleInfo{}, fmt.Errorf("demo: scale: requests %d to %d: %w", b.lo+1, b.hi, err)
		}
		logf("scale: %d of %d requests written (%s)", b.hi, opts.Requests, time.Since(began).Round(time.Second))
	}
	// The generator has finished: what it counted can be read.
	if err := db.WithTx(ctx, func(ctx context.Context) error { return g.writeTagCounts(ctx, db) }); err != nil {
		return ScaleInfo{}, fmt.Errorf("demo: scale: tag counts: %w", err)
	}
	if db.Dialect() == store.Postgres {
		// Ids were given explicitly: the identity sequences must follow.
		for _, t := range []string{"users", "communities", "requests", "replies", "search_docs"} {
			if _, err := db.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT MAX(id) FROM `+t+`))`); err != nil {
				return ScaleInfo{}, fmt.Errorf("demo: scale: the id sequence of %s: %w", t, err)
			}
		}
	}
	for _, c := range g.communities {
		g.info.Communities = append(g.info.Communities, c.ScaleCommunity)
	}
	g.info.Load = time.Since(began)
	logf("scale: loaded in %s; refreshing the planner's statistics", g.info.Load.Round(time.Millisecond))

	began = time.Now()
	stmts := []string{`ANALYZE`, `PRAGMA optimize`, `PRAGMA wal_checkpoint(TRUNCATE)`}
	if db.Dialect() == store.Postgres {
		stmts = []string{`VACUUM (ANALYZE)`}
	}
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return ScaleInfo{}, fmt.Errorf("demo: scale: %s: %w", s, err)
		}
	}
	g.info.Analyze = time.Since(began)
	logf("scale: statistics refreshed in %s", g.info.Analyze.Round(time.Millisecond))
	return g.info, nil
}

func scaleOrDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

const (
	scaleMinute = int64(60 * 1000)
	scaleHour   = 60 * scaleMinute
	scaleDay    = 24 * scaleHour
)

// scaleGen generates the organization. Everything random comes from r,
// used by one goroutine at a time, so the data depend only on the options.
type scaleGen struct {
	opts  ScaleOptions
	r     *rand.Rand
	text  *scaleText
	now   int64 // ms
	start int64 // ms: the history's beginning

	communities []*scaleCommunity
	cumulative  []float64 // cumulative shares of requests by community
	users       []int64

	reqBase, docBase int64 // the ids before the first request and document
	nextReply        int64

	tagCounts map[scaleTagKey]int
	info      ScaleInfo
}

type scaleCommunity struct {
	ScaleCommunity
	index    int
	topic    *scaleTopic
	domain   string
	private  bool
	tags     []string
	tagZipf  *rand.Zipf
	members  []int64    // by how much they ask and answer, most first
	askers   *rand.Zipf // over members: who asks
	helpers  *rand.Zipf // over members: who answers, more concentrated
	core     []int64    // the leader, then the core group
	settings practice.Settings
	// How the community answers: the median time to a first reply, the
	// share of requests nobody answers, and the share of answered ones
	// solved.
	firstReply time.Duration
	unanswered float64
	solve      float64
}

type scaleTagKey struct {
	community int64
	tag       string
}

// scaleFlavours are the communities in order of size: a name, what they
// talk about (a discipline's key) and their domain. They repeat, with a
// number, beyond the list.
var scaleFlavours = []struct{ name, topic, domain string }{
	{"Testing & Quality", "testing", "Software testing"},
	{"Backend Guild", "backend", "Backend development"},
	{"Frontend Guild", "frontend", "Frontend development"},
	{"Data & Analytics", "data", "Data and analytics"},
	{"Platform Engineering", "platform", "Infrastructure and operations"},
	{"Product Management", "product", "Product management"},
	{"Design Practice", "design", "Product design"},
	{"Mobile", "mobile", "Mobile development"},
	{"UX Research", "ux-research", "User research"},
	{"Security Champions", "security", "Security"},
	{"Ways of Working", "delivery", "Agile delivery"},
	{"Machine Learning", "ml", "Machine learning"},
	{"Test Automation Circle", "testing", "Test automation"},
	{"API Design", "backend", "API design"},
	{"Site Reliability", "platform", "Site reliability engineering"},
	{"Accessibility", "frontend", "Accessibility"},
	{"Data Engineering", "data", "Data engineering"},
	{"Kotlin Users", "mobile", "Kotlin"},
	{"Research Ops", "ux-research", "Research operations"},
	{"Agile Coaching", "delivery", "Coaching"},
}

// scaleGeneralTags are tags any community uses now and then.
var scaleGeneralTags = []string{"onboarding", "tooling", "documentation", "career", "hiring", "legacy-code", "code-review",
	"ci-cd", "estimation", "mentoring", "remote-work", "metrics"}

func newScaleGen(opts ScaleOptions) *scaleGen {
	r := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x5ca1ab1e))
	g := &scaleGen{opts: opts, r: r, text: newScaleText(r), now: store.Millis(opts.Now), tagCounts: map[scaleTagKey]int{}}
	g.start = g.now - opts.Span.Milliseconds()
	g.info = ScaleInfo{Version: ScaleVersion, Seed: opts.Seed, Now: opts.Now, Requests: opts.Requests, Users: opts.Users}
	shares := make([]float64, opts.Communities)
	rest := 0.0
	for i := 1; i < len(shares); i++ {
		shares[i] = 1 / math.Pow(float64(i), 0.9)
		rest += shares[i]
	}
	sum := 0.0
	for i := range shares {
		if i == 0 {
			shares[i] = 0.3
		} else {
			shares[i] *= 0.7 / rest
		}
		sum += shares[i]
		g.cumulative = append(g.cumulative, sum)
	}
	return g
}

// writeOrganization writes the people, the communities with their
// commitments, and the memberships.
func (g *scaleGen) writeOrganization(ctx context.Context, db *store.DB) error {
	r := g.r
	var userBase, communityBase, replyBase int64
	err := db.QueryRowContext(ctx, `SELECT COALESCE((SELECT MAX(id) FROM users), 0), COALESCE((SELECT MAX(id) FROM communities), 0),
		COALESCE((SELECT MAX(id) FROM requests), 0), COALESCE((SELECT MAX(id) FROM replies), 0), COALESCE((SELECT MAX(id) FROM search_docs), 0)`).
		Scan(&userBase, &communityBase, &g.reqBase, &replyBase, &g.docBase)
	if err != nil {
		return err
	}
	g.nextReply = replyBase + 1
	orgStart := g.start - 90*scaleDay

	// People.
	users := newScaleInsert(db, "users", "id", "email", "name", "handle", "password_hash", "time_zone", "created_at", "updated_at")
	cultures := cultures()
	weights := make([]int, len(cultures))
	for i, c := range cultures {
		weights[i] = c.weight
	}
	handles := map[string]int{}
	for i := range g.opts.Users {
		cu := cultures[weighted(r, weights)]
		first := cu.female
		if r.IntN(2) == 0 {
			first = cu.male
		}
		family := pick(r, cu.family)
		given := pick(r, first)
		handle := foldASCII(given) + "-" + foldASCII(family)
		handles[handle]++
		if k := handles[handle]; k > 1 {
			handle += "-" + strconv.Itoa(k)
		}
		id := userBase + int64(i) + 1
		g.users = append(g.users, id)
		at := orgStart + r.Int64N(60*scaleDay)
		if err := users.row(ctx, id, handle+"@scale.example", given+" "+family, handle, g.opts.PasswordHash, pick(r, cu.zones), at, at); err != nil {
			return err
		}
	}
	if err := users.flush(ctx); err != nil {
		return err
	}

	// Communities, each with a way of answering and a commitment.
	for i := range g.opts.Communities {
		fl := scaleFlavours[i%len(scaleFlavours)]
		c := &scaleCommunity{index: i, topic: scaleTopics[fl.topic], domain: fl.domain, private: fl.topic == "security"}
		c.ID, c.Name = communityBase+int64(i)+1, fl.name
		if i >= len(scaleFlavours) {
			c.Name += " " + strconv.Itoa(i/len(scaleFlavours)+1)
		}
		c.Slug = strings.ReplaceAll(strings.Trim(foldASCII(strings.NewReplacer(" & ", "-", " ", "-").Replace(c.Name)), "-"), "--", "-")
		c.tags = append(slices.Clone(disciplineByKey(fl.topic).tags), scaleGeneralTags...)
		r.Shuffle(len(c.tags), func(a, b int) { c.tags[a], c.tags[b] = c.tags[b], c.tags[a] })
		c.tagZipf = rand.NewZipf(r, 1.2, 2, uint64(len(c.tags)-1))
		// Most answer within hours; some slowly; some leave many requests
		// unanswered.
		c.firstReply, c.unanswered, c.solve = 6*time.Hour, 0.03, 0.5
		switch i % 7 {
		case 1:
			c.firstReply, c.solve = 90*time.Minute, 0.6
		case 3:
			c.firstReply, c.solve = 30*time.Hour, 0.4
		case 5:
			c.firstReply, c.unanswered, c.solve = 40*time.Hour, 0.25, 0.3
		}
		st := practice.DefaultSettings()
		st.CommunityID = c.ID
		switch i % 4 {
		case 1:
			st.ResponseMinutes, st.WorkingHoursOnly, st.TimeZone = 8*60, true, "Europe/Paris"
		case 2:
			st.ResponseMinutes, st.FollowupDays = 48*60, 21
		case 3:
			st.ResponseMinutes, st.WorkingHoursOnly, st.TimeZone, st.FollowupDays = 4*60, true, "America/New_York", 7
		}
		c.settings = st
		g.communities = append(g.communities, c)
	}
	g.chooseMembers()

	communities := newScaleInsert(db, "communities", "id", "slug", "name", "domain", "purpose", "visibility", "code_of_conduct",
		"request_code", "created_by", "created_at", "updated_at")
	settings := newScaleInsert(db, "practice_settings", "community_id", "response_minutes", "working_hours_only", "time_zone",
		"day_start_minute", "day_end_minute", "followup_days", "claim_minutes", "remind_before_minutes", "updated_at")
	for _, c := range g.communities {
		vis := "open"
		if c.private {
			vis = "private"
		}
		if err := communities.row(ctx, c.ID, c.Slug, c.Name, c.domain, "Where people in "+strings.ToLower(c.domain)+" help each other.",
			vis, "Be kind, share what you tried, credit your sources.", fmt.Sprintf("%016x", r.Uint64()), c.core[0],
			orgStart, orgStart); err != nil {
			return err
		}
		st := c.settings
		if err := settings.row(ctx, c.ID, st.ResponseMinutes, st.WorkingHoursOnly, st.TimeZone, st.DayStartMinute, st.DayEndMinute,
			st.FollowupDays, st.ClaimMinutes, st.RemindBeforeMinutes, orgStart); err != nil {
			return err
		}
	}
	if err := communities.flush(ctx); err != nil {
		return err
	}
	if err := settings.flush(ctx); err != nil {
		return err
	}

	members := newScaleInsert(db, "memberships", "community_id", "user_id", "role", "joined_at", "coc_accepted_at", "coc_version")
	expertise := newScaleInsert(db, "user_expertise", "user_id", "tag")
	hasExpertise := map[int64]bool{}
	for _, c := range g.communities {
		for k, u := range c.members {
			role := "member"
			switch {
			case k == 0:
				role = "leader"
			case k < len(c.core):
				role = "core"
			case k%97 == 50 && u != g.info.Viewer:
				role = "sponsor"
			}
			at := orgStart + int64(c.index)*scaleHour + int64(k)*scaleMinute
			g.info.Memberships++
			if err := members.row(ctx, c.ID, u, role, at, at, 1); err != nil {
				return err
			}
			// A third of the people name an expertise or two, from the
			// first community they are counted in.
			if u%3 == 0 && !hasExpertise[u] {
				hasExpertise[u] = true
				tags := []string{c.tags[c.tagZipf.Uint64()], c.tags[c.tagZipf.Uint64()]}
				for j, t := range tags {
					if j == 0 || t != tags[0] {
						if err := expertise.row(ctx, u, t); err != nil {
							return err
						}
					}
				}
			}
		}
	}
	if err := members.flush(ctx); err != nil {
		return err
	}
	return expertise.flush(ctx)
}

// chooseMembers puts people in communities: most in one or two, some in
// more, a few in none, the big communities drawing more. The last person
// is the Viewer: an ordinary member of the biggest community and of four
// others.
func (g *scaleGen) chooseMembers() {
	r := g.r
	n := len(g.communities)
	pull := make([]float64, n) // cumulative popularity
	sum := 0.0
	for i := range n {
		share := g.cumulative[i]
		if i > 0 {
			share -= g.cumulative[i-1]
		}
		sum += math.Pow(share, 0.6)
		pull[i] = sum
	}
	viewer := g.users[len(g.users)-1]
	g.info.Viewer = viewer
	for _, u := range g.users[:len(g.users)-1] {
		k := []int{0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 4, 5}[r.IntN(20)]
		var in []int
		for len(in) < k {
			i, _ := slices.BinarySearch(pull, r.Float64()*sum)
			i = min(i, n-1)
			if !slices.Contains(in, i) {
				in = append(in, i)
				g.communities[i].members = append(g.communities[i].members, u)
			}
		}
	}
	// Everyone has at least a few people.
	for _, c := range g.communities {
		for len(c.members) < 8 {
			if u := pick(r, g.users[:len(g.users)-1]); !slices.Contains(c.members, u) {
				c.members = append(c.members, u)
			}
		}
		r.Shuffle(len(c.members), func(a, b int) { c.members[a], c.members[b] = c.members[b], c.members[a] })
	}
	var taken []int
	for _, i := range []int{0, 2, 5, 9, 14} {
		for i = min(i, n-1); slices.Contains(taken, i); i = (i + 1) % n {
		}
		taken = append(taken, i)
		c := g.communities[i]
		// Past the leader and the core group, and not among the quietest.
		at := max(len(c.members)/2, 6)
		c.members = slices.Insert(c.members, at, viewer)
		g.info.ViewerCommunities = append(g.info.ViewerCommunities, c.ID)
	}
	for _, c := range g.communities {
		// The most active are the leader and core group: two to five.
		c.core = slices.Clone(c.members[:2+r.IntN(4)])
		c.askers = rand.NewZipf(r, 1.1, 20, uint64(len(c.members)-1))
		c.helpers = rand.NewZipf(r, 1.3, 4, uint64(len(c.members)-1))
	}
}

// scaleRequest is a request being generated.
type scaleRequest struct {
	i          int
	id         int64
	c          *scaleCommunity
	author     int64
	created    int64
	firstDelay int64 // from asking to the first reply
	answered   bool
	rows       int // of replies and comments
	long, rare bool
}

// scaleReply is a reply or comment being generated.
type scaleReply struct {
	id, at, author int64
	parent         int // index of the reply a comment is under, -1 for a reply
	deleted        int64
	body           string
}

// scaleBatch is the rows of a run of requests, ready to insert.
type scaleBatch struct {
	lo, hi                        int
	requests, tags, replies, docs [][]any
}

// long reports whether request i is one of the long threads: one in every
// 10,000 requests, in the biggest community.
func (g *scaleGen) long(i int) bool {
	if g.opts.Requests < 10_000 {
		return i == g.opts.Requests/2
	}
	return i%10_000 == 5_000
}

// rare reports whether request i holds the rare word: ScaleRareCount
// requests evenly spread over the history.
func (g *scaleGen) rare(i int) bool {
	n := g.opts.Requests
	if n < ScaleRareCount {
		return i == n/2
	}
	for k := range ScaleRareCount {
		if (2*k+1)*n/(2*ScaleRareCount) == i {
			return true
		}
	}
	return false
}

// batch generates requests lo to hi-1 with everything that comes with
// them.
func (g *scaleGen) batch(lo, hi int) *scaleBatch {
	r := g.r
	span := float64(g.now - g.start)
	reqs := make([]*scaleRequest, 0, hi-lo)
	for i := lo; i < hi; i++ {
		q := &scaleRequest{i: i, id: g.reqBase + int64(i) + 1, long: g.long(i), rare: g.rare(i)}
		q.c = g.communities[0]
		if !q.long && !q.rare {
			ci, _ := slices.BinarySearch(g.cumulative, r.Float64())
			q.c = g.communities[min(ci, len(g.communities)-1)]
		}
		q.created = g.start + int64((float64(i)+r.Float64())*span/float64(g.opts.Requests))
		q.author = q.c.members[q.c.askers.Uint64()]
		q.firstDelay = max(5*scaleMinute, int64(float64(q.c.firstReply.Milliseconds())*math.Exp(0.9*r.NormFloat64())))
		q.answered = q.created+q.firstDelay < g.now && (q.long || r.Float64() >= q.c.unanswered)
		if q.long {
			q.rows = 60
		} else if q.answered {
			q.rows = 1 + int(r.ExpFloat64()*2.6)
		}
		reqs = append(reqs, q)
	}
	// Exactly RepliesPerRequest rows per request in the batch: add to or
	// take from answered requests at random.
	target, sum := (hi-lo)*g.opts.RepliesPerRequest, 0
	var adjustable []*scaleRequest
	for _, q := range reqs {
		sum += q.rows
		if q.answered && !q.long {
			adjustable = append(adjustable, q)
		}
	}
	for tries := 0; sum != target && len(adjustable) > 0 && tries < 100*(hi-lo); tries++ {
		q := adjustable[r.IntN(len(adjustable))]
		switch {
		case sum < target:
			q.rows++
			sum++
		case q.rows > 1:
			q.rows--
			sum--
		}
	}
	b := &scaleBatch{lo: lo, hi: hi}
	for _, q := range reqs {
		g.finish(q, b)
	}
	return b
}

// finish writes one request's replies and comments, decides what became
// of it and adds its rows to b.
func (g *scaleGen) finish(q *scaleRequest, b *scaleBatch) {
	r, c, now := g.r, q.c, g.now
	st := c.settings
	c.Requests++
	lognormal := func(median int64, sigma float64) int64 {
		return int64(float64(median) * math.Exp(sigma*r.NormFloat64()))
	}
	helper := func(not int64) int64 {
		for {
			if u := c.members[c.helpers.Uint64()]; u != not {
				return u
			}
		}
	}

	// Replies, then comments under them; the first reply is by someone
	// other than the asker, later ones now and then by the asker.
	var rows []scaleReply
	if q.rows > 0 {
		comments := 0
		if q.long {
			comments = 10
		} else {
			for k := 1; k < q.rows; k++ {
				if r.Float64() < 0.12 {
					comments++
				}
			}
		}
		at := q.created + q.firstDelay
		for k := range q.rows - comments {
			author := helper(q.author)
			if k > 0 {
				at += lognormal(2*scaleHour, 1.2) + scaleMinute
				if r.Float64() < 0.1 {
					author = q.author
				}
			}
			rows = append(rows, scaleReply{at: min(at, now), author: author, parent: -1, body: g.text.reply(c.topic)})
		}
		replies := len(rows)
		for range comments {
			p := r.IntN(replies)
			author := helper(0)
			if r.Float64() < 0.4 {
				author = q.author
			}
			rows = append(rows, scaleReply{at: min(rows[p].at+lognormal(scaleHour, 1)+scaleMinute, now), author: author, parent: p,
				body: g.text.comment(c.topic)})
		}
	}
	// Ids in the order they were written; a comment comes after its reply
	// even at the same millisecond.
	order := make([]int, len(rows))
	for k := range order {
		order[k] = k
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if rows[a].at != rows[b].at {
			return int(rows[a].at - rows[b].at)
		}
		return scaleBoolInt(rows[a].parent >= 0) - scaleBoolInt(rows[b].parent >= 0)
	})
	for _, k := range order {
		rows[k].id = g.nextReply
		g.nextReply++
	}

	due := store.Millis(practice.DueAt(st, store.Time(q.created)))
	status := "open"
	var solvedAt, acceptedID, followupDue, asked, reasked, outcomeAt, closedAt, closedBy, deletedAt int64
	var outcome, note, reason string
	var firstAt, firstBy int64
	if len(rows) > 0 {
		firstAt, firstBy = rows[0].at, rows[0].author
	}
	// Solved: a reply by someone else is accepted, some hours later.
	if q.answered && r.Float64() < c.solve {
		var candidates []int
		for k := range rows {
			if rows[k].parent < 0 && rows[k].author != q.author {
				candidates = append(candidates, k)
			}
		}
		k := candidates[0]
		if r.IntN(2) == 0 {
			k = pick(r, candidates)
		}
		if at := rows[k].at + lognormal(18*scaleHour, 1); at <= now {
			status, solvedAt, acceptedID = "solved", at, rows[k].id
		}
	}
	// Replies deleted now and then (never the accepted one, nor in the
	// long threads, which are to show 50).
	for k := 1; k < len(rows) && !q.long; k++ {
		if rows[k].parent < 0 && rows[k].id != acceptedID && r.Float64() < 0.01 {
			rows[k].deleted = min(rows[k].at+lognormal(2*scaleHour, 1), now)
		}
	}
	lastActivity := q.created
	for _, p := range rows {
		lastActivity = max(lastActivity, p.at)
	}
	if status == "solved" {
		lastActivity = max(lastActivity, solvedAt)
		// The learning loop, as the sweep would have run it.
		followupDue = solvedAt + int64(st.FollowupDays)*scaleDay
		if followupDue <= now {
			gap := st.ReaskAfter().Milliseconds()
			asked = followupDue
			reports := r.Float64() < 0.65
			reportAt := asked + lognormal(36*scaleHour, 1)
			switch {
			case reports && reportAt <= now && reportAt < asked+gap:
				outcomeAt = reportAt
			case asked+gap > now:
			default:
				reasked = asked + gap
				if reports && reportAt <= now && reportAt < reasked+gap {
					outcomeAt = reportAt
				} else if reasked+gap <= now {
					outcome, outcomeAt = string(practice.NoOutcome), reasked+gap
				}
			}
			if outcomeAt != 0 && outcome == "" {
				outcome = []string{"worked", "worked", "worked", "worked", "worked", "worked", "partly", "partly", "partly", "did_not"}[r.IntN(10)]
				if r.Float64() < 0.6 {
					note = g.text.sentence(c.topic, scaleTried)
				}
				lastActivity = max(lastActivity, outcomeAt)
			}
		}
	}
	// Closed: now and then; most requests left unanswered for weeks.
	if status == "open" && now-q.created > 45*scaleDay {
		p := 0.04
		if !q.answered {
			p = 0.6
		}
		if r.Float64() < p {
			from := max(lastActivity, due)
			closedAt = min(from+scaleDay+r.Int64N(30*scaleDay), now)
			status, closedBy, reason = "closed", q.author, pick(r, scaleCloseReasons)
			if r.Float64() < 0.3 {
				closedBy = c.core[0]
			}
		}
	}
	// Deleted: rarely, by a moderator.
	if status == "open" && !q.long && !q.rare && r.Float64() < 0.004 {
		deletedAt = min(q.created+lognormal(6*scaleHour, 1)+scaleMinute, now)
		g.info.Deleted++
	}
	locked := (status == "solved" || status == "closed") && r.Float64() < 0.003
	// The reminder went out when the request came at risk, if it was still
	// waiting then.
	var reminded int64
	waitedUntil := now
	for _, t := range []int64{firstAt, closedAt, deletedAt} {
		if t != 0 {
			waitedUntil = min(waitedUntil, t)
		}
	}
	if risk := store.Millis(practice.AtRiskFrom(st, store.Time(due))); risk <= waitedUntil {
		reminded = risk
	}
	// Claims on fresh requests nobody answered yet.
	var claimedBy, claimedUntil int64
	if status == "open" && firstAt == 0 && deletedAt == 0 && now-q.created < 2*scaleDay && r.Float64() < 0.25 {
		claimedBy, claimedUntil = c.core[r.IntN(len(c.core))], now+30*scaleMinute+r.Int64N(90*scaleMinute)
		if claimedBy == q.author {
			claimedBy = 0
			claimedUntil = 0
		}
	}
	replyCount := 0
	for _, p := range rows {
		if p.parent < 0 && p.deleted == 0 {
			replyCount++
		}
	}
	var met any
	if firstAt != 0 {
		met = firstAt <= due
	}

	title := g.text.title(c.topic)
	body := g.text.body(c.topic)
	if q.rare {
		body += " " + g.text.rareSentence()
	}
	tried := ""
	if r.Float64() < 0.5 {
		tried = g.text.tried(c.topic)
	}
	b.requests = append(b.requests, []any{q.id, c.ID, q.author, title, body, tried, status, locked, replyCount,
		q.created, q.created, lastActivity, scaleNull(deletedAt), due, scaleNull(firstAt), scaleNull(firstBy), met,
		scaleNull(reminded), scaleNull(claimedBy), scaleNull(claimedUntil), scaleNull(acceptedID), scaleNull(solvedAt),
		scaleNull(followupDue), scaleNull(asked), scaleNull(reasked), scaleNullString(outcome), note, scaleNull(outcomeAt),
		scaleNull(closedAt), scaleNull(closedBy), reason})

	// Tags: one to four of the community's, the popular ones more often.
	tags := make([]string, 0, 4)
	for range []int{1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4}[r.IntN(11)] {
		if t := c.tags[c.tagZipf.Uint64()]; !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	slices.Sort(tags)
	for _, t := range tags {
		b.tags = append(b.tags, []any{q.id, c.ID, t, lastActivity})
		if deletedAt == 0 {
			g.tagCounts[scaleTagKey{c.ID, t}]++
		}
	}

	for _, k := range order {
		p := rows[k]
		parent := any(nil)
		if p.parent >= 0 {
			parent = rows[p.parent].id
		}
		b.replies = append(b.replies, []any{p.id, q.id, parent, p.author, p.body, p.at, p.at, scaleNull(p.deleted)})
	}
	g.info.Replies += len(rows)

	// The search document, as practice's reindex writes it.
	if deletedAt == 0 {
		var sb strings.Builder
		sb.WriteString(body)
		if tried != "" {
			sb.WriteString("\n\n")
			sb.WriteString(tried)
		}
		for _, k := range order {
			if rows[k].deleted == 0 {
				sb.WriteString("\n\n")
				sb.WriteString(rows[k].body)
			}
		}
		b.docs = append(b.docs, []any{g.docBase + int64(q.i) + 1, search.KindRequest, q.id, c.ID, "", status == "solved",
			strings.Join(tags, " "), q.created, title, sb.String()})
	}

	if c.index == 0 && deletedAt == 0 {
		switch {
		case q.long && (g.info.LongThread == 0 || q.i <= g.opts.Requests/2+10_000):
			g.info.LongThread = q.id
		case g.info.ShortThread == 0 && q.i >= g.opts.Requests/2 && len(rows) == 3 && replyCount == 3:
			g.info.ShortThread = q.id
		}
	}
}

func scaleBoolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// scaleNull is a time, an id or NULL for 0.
func scaleNull(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

func scaleNullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

var scaleCloseReasons = []string{
	"Solved it ourselves in the end, thanks all.",
	"A duplicate of an older request; following that one.",
	"No longer relevant after the reorganisation.",
	"We went another way; closing.",
	"Nobody had seen this before; we will write up what we find.",
}

// write inserts the batch, parents before children.
func (b *scaleBatch) write(ctx context.Context, db *store.DB) error {
	tables := []struct {
		ins  *scaleInsert
		rows [][]any
	}{
		{newScaleInsert(db, "requests", "id", "community_id", "author_id", "title", "body", "tried", "status", "locked", "reply_count",
			"created_at", "updated_at", "last_activity_at", "deleted_at", "due_at", "first_reply_at", "first_reply_by", "commitment_met",
			"reminded_at", "claimed_by", "claimed_until", "accepted_reply_id", "solved_at",
			"followup_due_at", "followup_asked_at", "followup_reasked_at", "outcome", "outcome_note", "outcome_at",
			"closed_at", "closed_by", "close_reason"), b.requests},
		{newScaleInsert(db, "request_tags", "request_id", "community_id", "tag", "last_activity_at"), b.tags},
		{newScaleInsert(db, "replies", "id", "request_id", "parent_id", "author_id", "body", "created_at", "updated_at", "deleted_at"), b.replies},
		{newScaleInsert(db, "search_docs", "id", "kind", "ref_id", "community_id", "subkind", "solved", "tags", "created_at", "title", "body"), b.docs},
	}
	for _, t := range tables {
		for _, row := range t.rows {
			if err := t.ins.row(ctx, row...); err != nil {
				return err
			}
		}
		if err := t.ins.flush(ctx); err != nil {
			return err
		}
	}
	return nil
}

// writeTagCounts writes each community's tag counts, as practice keeps
// them.
func (g *scaleGen) writeTagCounts(ctx context.Context, db *store.DB) error {
	keys := make([]scaleTagKey, 0, len(g.tagCounts))
	for k := range g.tagCounts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b scaleTagKey) int {
		if a.community != b.community {
			return int(a.community - b.community)
		}
		return strings.Compare(a.tag, b.tag)
	})
	ins := newScaleInsert(db, "request_tag_counts", "community_id", "tag", "requests")
	for _, k := range keys {
		if err := ins.row(ctx, k.community, k.tag, g.tagCounts[k]); err != nil {
			return err
		}
	}
	return ins.flush(ctx)
}

// scaleInsert writes rows into a table with multi-row INSERTs, as many
// rows per statement as keep it under scaleMaxArgs placeholders. Full
// statements are the same text each time, so PostgreSQL's driver prepares
// each once.
type scaleInsert struct {
	db   *store.DB
	head string
	cols int
	max  int // rows per statement
	args []any
}

// scaleMaxArgs is under both engines' limit on placeholders (SQLite's is
// 32,766, PostgreSQL's 65,535).
const scaleMaxArgs = 16_000

func newScaleInsert(db *store.DB, table string, cols ...string) *scaleInsert {
	return &scaleInsert{db: db, head: "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ",
		cols: len(cols), max: min(1000, scaleMaxArgs/len(cols))}
}

func (in *scaleInsert) row(ctx context.Context, vals ...any) error {
	if len(vals) != in.cols {
		return fmt.Errorf("demo: scale: %d values for %d columns in %s", len(vals), in.cols, in.head)
	}
	in.args = append(in.args, vals...)
	if len(in.args) >= in.max*in.cols {
		return in.flush(ctx)
	}
	return nil
}

func (in *scaleInsert) flush(ctx context.Context) error {
	n := len(in.args) / in.cols
	if n == 0 {
		return nil
	}
	var sb strings.Builder
	sb.Grow(len(in.head) + n*in.cols*8)
	sb.WriteString(in.head)
	p := 0
	for k := range n {
		if k > 0 {
			sb.WriteString(", ")
		}
		sb.WriteByte('(')
		for j := range in.cols {
			if j > 0 {
				sb.WriteString(", ")
			}
			// SQLite looks each $N up among the names seen so far, which
			// is quadratic in a statement this long; plain ? is not.
			if in.db.Dialect() == store.SQLite {
				sb.WriteByte('?')
				continue
			}
			p++
			sb.WriteByte('$')
			sb.WriteString(strconv.Itoa(p))
		}
		sb.WriteByte(')')
	}
	_, err := in.db.ExecContext(ctx, sb.String(), in.args...)
	clear(in.args)
	in.args = in.args[:0]
	if err != nil {
		return fmt.Errorf("%s…: %w", in.head[:min(len(in.head), 40)], err)
	}
	return nil
}

// scaleText writes what people write: titles, descriptions, what they
// tried, replies and comments, in the words of a discipline, with common
// phrases recurring and a long tail of rare words (names of services,
// libraries, jargon), so that full-text search meets realistic term
// frequencies.
type scaleText struct {
	r        *rand.Rand
	rare     []string
	rareZipf *rand.Zipf
	zipfs    map[*scaleTopic][2]*rand.Zipf // phrases, tools
	sb       strings.Builder
}

func newScaleText(r *rand.Rand) *scaleText {
	t := &scaleText{r: r, zipfs: map[*scaleTopic][2]*rand.Zipf{}}
	syllables := strings.Fields("ka lo mi zor bla ven tra qui del fen gor ith um pal rex sto vin wex yal dra nor pix tul bek")
	seen := map[string]bool{ScaleRareWord: true}
	for len(t.rare) < 20_000 {
		w := ""
		for range 2 + r.IntN(3) {
			w += syllables[r.IntN(len(syllables))]
		}
		if !seen[w] && !strings.Contains(w, ScaleRareWord) {
			seen[w] = true
			t.rare = append(t.rare, w)
		}
	}
	t.rareZipf = rand.NewZipf(r, 1.05, 1, uint64(len(t.rare)-1))
	for _, key := range scaleTopicOrder {
		tp := scaleTopics[key]
		t.zipfs[tp] = [2]*rand.Zipf{rand.NewZipf(r, 1.1, 1, uint64(len(tp.phrases)-1)), rand.NewZipf(r, 1.1, 1, uint64(len(tp.tools)-1))}
	}
	return t
}

// Kinds of sentence.
const (
	scaleTitle = iota
	scaleBody
	scaleTried
	scaleReplyText
	scaleComment
)

func (t *scaleText) title(tp *scaleTopic) string {
	s := t.sentence(tp, scaleTitle)
	return strings.TrimSuffix(s, ".")
}

func (t *scaleText) body(tp *scaleTopic) string { return t.paragraph(tp, scaleBody, 3+t.r.IntN(6)) }

func (t *scaleText) tried(tp *scaleTopic) string { return t.paragraph(tp, scaleTried, 1+t.r.IntN(3)) }

func (t *scaleText) reply(tp *scaleTopic) string {
	return t.paragraph(tp, scaleReplyText, 1+t.r.IntN(4))
}

func (t *scaleText) comment(tp *scaleTopic) string {
	return t.paragraph(tp, scaleComment, 1+t.r.IntN(2))
}

func (t *scaleText) rareSentence() string {
	return "We traced part of it to the " + ScaleRareWord + " adapter, which nobody here seems to know."
}

func (t *scaleText) paragraph(tp *scaleTopic, kind, n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = t.sentence(tp, kind)
	}
	return strings.Join(parts, " ")
}

// sentence fills a template of kind: {P} a phrase of the topic, {T} a
// tool, {X} a product team, {R} a rare word, {G} a general word, {V} a
// verb, {B} a problem, {E} an event, {A} an approach, {J} an adjective,
// {N} a number, {O} an obstacle.
func (t *scaleText) sentence(tp *scaleTopic, kind int) string {
	r := t.r
	tmpl := pick(r, scaleTemplates[kind])
	z := t.zipfs[tp]
	sb := &t.sb
	sb.Reset()
	for i := 0; i < len(tmpl); i++ {
		if tmpl[i] != '{' || i+2 >= len(tmpl) {
			sb.WriteByte(tmpl[i])
			continue
		}
		var w string
		switch tmpl[i+1] {
		case 'P':
			w = tp.phrases[z[0].Uint64()]
		case 'T':
			w = tp.tools[z[1].Uint64()]
		case 'X':
			w = pick(r, scaleTeams)
		case 'R':
			w = t.rare[t.rareZipf.Uint64()]
		case 'G':
			w = pick(r, scaleGeneral)
		case 'V':
			w = pick(r, scaleVerbs)
		case 'B':
			w = pick(r, scaleProblems)
		case 'E':
			w = pick(r, scaleEvents)
			w = strings.ReplaceAll(w, "{T}", tp.tools[z[1].Uint64()])
		case 'A':
			w = pick(r, scaleApproaches)
			w = strings.ReplaceAll(w, "{P}", tp.phrases[z[0].Uint64()])
			w = strings.ReplaceAll(w, "{X}", pick(r, scaleTeams))
		case 'J':
			w = pick(r, scaleAdjectives)
		case 'N':
			w = strconv.Itoa(2 + r.IntN(30))
		case 'O':
			w = pick(r, scaleObstacles)
		}
		sb.WriteString(w)
		i += 2
	}
	s := sb.String()
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// scaleTopic is what a discipline talks about: phrases (the most common
// first) and tools.
type scaleTopic struct {
	phrases []string
	tools   []string
}

var scaleTopicOrder = []string{"testing", "ux-research", "design", "data", "security", "frontend", "backend", "platform", "mobile",
	"product", "delivery", "ml"}

var scaleTopics = map[string]*scaleTopic{
	"testing": {
		phrases: []string{"flaky tests", "integration tests", "end-to-end tests", "test data", "the regression suite", "exploratory testing",
			"test automation", "contract tests", "load tests", "the test environment", "unit tests", "code coverage", "mutation testing",
			"the test pyramid", "release testing", "test reports", "visual regression tests"},
		tools: []string{"playwright", "cypress", "k6", "pact", "selenium", "junit", "pytest", "testcontainers", "stryker", "allure"},
	},
	"ux-research": {
		phrases: []string{"usability tests", "user interviews", "the research repository", "participant recruitment", "survey results",
			"the journey map", "a diary study", "the synthesis workshop", "research findings", "card sorting", "consent forms",
			"the interview guide"},
		tools: []string{"dovetail", "maze", "lookback", "optimal workshop", "miro", "typeform", "userzoom"},
	},
	"design": {
		phrases: []string{"the design system", "the component library", "design tokens", "handoff to developers", "interaction patterns",
			"design reviews", "colour contrast", "prototype testing", "the icon set", "the style guide", "empty states"},
		tools: []string{"figma", "storybook", "tokens studio", "framer", "zeroheight", "principle"},
	},
	"data": {
		phrases: []string{"the data pipeline", "data quality", "the dashboard refresh", "a slow sql query", "dbt models", "the data warehouse",
			"ab tests", "metric definitions", "late arriving data", "query performance", "the data catalogue", "schema changes"},
		tools: []string{"dbt", "airflow", "looker", "snowflake", "bigquery", "spark", "great expectations", "metabase", "pandas"},
	},
	"security": {
		phrases: []string{"the threat model", "secret scanning", "dependency updates", "access reviews", "the penetration test",
			"security reviews", "incident response", "the supply chain", "the vulnerability backlog", "least privilege", "token rotation"},
		tools: []string{"semgrep", "trivy", "vault", "dependabot", "snyk", "owasp zap", "sigstore"},
	},
	"frontend": {
		phrases: []string{"bundle size", "core web vitals", "react components", "state management", "the css layout", "server rendering",
			"form validation", "type errors", "hydration errors", "the accessibility audit", "focus management"},
		tools: []string{"react", "typescript", "nextjs", "vite", "webpack", "testing library", "tailwind", "eslint"},
	},
	"backend": {
		phrases: []string{"the api design", "the database migration", "the message queue", "the connection pool", "event schemas",
			"rate limiting", "service boundaries", "the retry policy", "background jobs", "cache invalidation", "idempotency keys"},
		tools: []string{"postgresql", "kafka", "grpc", "redis", "spring boot", "go", "kotlin", "openapi", "rabbitmq"},
	},
	"platform": {
		phrases: []string{"the deployment pipeline", "the kubernetes cluster", "terraform state", "on call", "alert fatigue",
			"incident reviews", "cloud costs", "build times", "the service mesh", "log retention", "disk pressure"},
		tools: []string{"kubernetes", "terraform", "prometheus", "grafana", "argo cd", "github actions", "helm", "opentelemetry"},
	},
	"mobile": {
		phrases: []string{"the app store review", "crash reports", "offline mode", "push notifications", "the release train", "the device farm",
			"app startup time", "deep links", "feature flags", "battery usage", "screen readers on mobile"},
		tools: []string{"swiftui", "jetpack compose", "react native", "firebase", "fastlane", "xcode cloud", "detox"},
	},
	"product": {
		phrases: []string{"product discovery", "roadmap planning", "customer feedback", "success metrics", "stakeholder alignment",
			"feature requests", "the opportunity tree", "a pricing experiment", "user stories", "release notes"},
		tools: []string{"productboard", "amplitude", "jira", "linear", "notion", "pendo"},
	},
	"delivery": {
		phrases: []string{"sprint planning", "team retrospectives", "work in progress", "cycle time", "standup meetings", "dependency mapping",
			"planning poker", "remote facilitation", "team health checks", "the kanban board"},
		tools: []string{"jira", "miro", "mural", "trello", "retrotool", "teamretro"},
	},
	"ml": {
		phrases: []string{"model drift", "the feature store", "the training pipeline", "model monitoring", "label quality",
			"offline evaluation", "inference latency", "experiment tracking", "gpu costs", "the recommendation model"},
		tools: []string{"pytorch", "mlflow", "feast", "kubeflow", "sagemaker", "weights and biases", "ray"},
	},
}

var scaleTemplates = [...][]string{
	scaleTitle: {
		"{P} {B} after {E}",
		"How do you {V} {P} with {T}?",
		"Best way to {V} {P} for the {X} team?",
		"Anyone using {T} for {P}?",
		"{P} {B} on {X}",
		"Need help with {P} and {T}",
		"Is it worth it to {V} {P} before {E}?",
		"{T} and {P}: {B} since {E}",
	},
	scaleBody: {
		"We are seeing {P} {B} on the {X} team since {E}.",
		"Our {P} {B}, mostly when the {G} runs overnight.",
		"I would like to {V} {P}, but {O}.",
		"Has anyone here tried {T} for {P}?",
		"Right now we rely on {A}, which helps a bit, but {P} still {B}.",
		"The {R} {G} depends on {P} and on {T}.",
		"Context: {X} team, {N} people, {T} in production for {N} months.",
		"It happens about {N} times a week and costs us hours each time.",
		"What would you {V} first, {P} or the {G}?",
		"Any pointers, write-ups or examples of {P} that worked for you are welcome.",
		"Our {G} says {P} is fine, but the numbers from {T} say otherwise.",
		"We followed the {T} docs on {P} to the letter.",
	},
	scaleTried: {
		"I tried {A}, but {P} still {B}.",
		"We read the {T} docs on {P} twice.",
		"Turning the {G} off made no difference.",
		"We asked the {X} team; they see the same with {P}.",
		"Rolling back {T} helped for a day.",
	},
	scaleReplyText: {
		"We had the same problem with {P}: {A} fixed most of it.",
		"Try {A}; it made our {P} much {J}.",
		"Have you looked at {T}? We use it for {P} on the {X} team.",
		"I would start by measuring {P} before changing anything.",
		"The {R} {G} was our culprit; check the {G} first.",
		"Happy to pair on this next week if you like.",
		"Plus one for {A}, and write down what you learn for the FAQ.",
		"In my experience {P} {B} when nobody owns it; give it an owner first.",
		"We moved {P} to {T} last year and never looked back.",
	},
	scaleComment: {
		"Thanks, trying this now.",
		"Did that also help with {P}?",
		"Good point about {T}.",
		"Same here on the {X} team.",
		"How long did that take you?",
		"This worked for us too.",
	},
}

var (
	scaleTeams = []string{"payments", "checkout", "onboarding", "search", "logistics", "billing", "identity", "pricing", "notifications",
		"partner APIs", "support tools", "growth", "warehouse systems", "merchant portal"}
	scaleGeneral = []string{"team", "release", "config", "build", "review", "process", "backlog", "dashboard", "script", "checklist",
		"ticket", "budget", "deadline", "manager", "workshop", "template", "guideline", "runbook", "version", "staging setup", "handbook"}
	scaleVerbs = []string{"speed up", "stabilise", "test", "monitor", "review", "document", "automate", "measure", "debug", "roll out",
		"refactor", "scale", "simplify", "own", "prioritise", "replace", "migrate"}
	scaleProblems = []string{"fail intermittently", "time out", "are slow", "give different results on every run", "break on every release",
		"are hard to read", "have no clear owner", "cost too much", "drift from production", "hide real bugs", "keep growing",
		"block the release", "confuse new joiners"}
	scaleEvents = []string{"the last release", "we moved to {T}", "the reorganisation", "the database migration", "upgrading {T}",
		"the team doubled", "the holidays", "we split the monolith", "the start of the quarter", "the new office opened"}
	scaleApproaches = []string{"retrying on failure", "splitting {P} into smaller parts", "more logging", "pairing with the {X} team",
		"a time-boxed spike", "caching the slow parts", "quarantining the worst offenders", "a weekly review of {P}",
		"a checklist in the pull request template", "deleting what nobody used", "a shared glossary", "running {P} nightly"}
	scaleAdjectives = []string{"faster", "calmer", "more reliable", "easier to reason about", "cheaper", "smaller", "more predictable"}
	scaleObstacles  = []string{"nobody has time this quarter", "the budget is frozen", "we lack experience with it",
		"management wants numbers first", "the vendor contract runs another year", "the people who built it have left"}
)
