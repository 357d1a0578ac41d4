package demo

import (
	"container/heap"
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/app"
	"cultivate/internal/clock"
	"cultivate/internal/community"
)

const day = 24 * time.Hour

// Step is one part of the demo's history. Run plans: it reads the World
// (people, communities and their planned rosters) and schedules actions
// with At. It does not call the services itself; Generate runs every
// scheduled action in time order once the last step has planned.
type Step struct {
	Name string
	Run  func(ctx context.Context, w *World) error
}

// World is what every step reads and extends: the app the actions go
// through, the fake clock they run under, the people and the communities
// with their planned story, and the step's own random generator.
//
// Everything a step plans is recorded here at once, before any action has
// run, so a later step sees the whole planned history: who is a member of
// which community, with which role, at any time (Community.MembersAt,
// Member.RoleAt), and who must stay silent (Person.QuietSince).
type World struct {
	App   *app.App
	Clock *clock.Fake
	// Start is when the platform was installed (about nine months before
	// Now); nothing happens before it. Now is the end of history.
	Start, Now time.Time
	// Rand is the generator of the step being run. Generate seeds it from
	// Options.Seed and the step's name, so adding, removing or reordering a
	// step never changes what the other steps generate. An action that needs
	// randomness when it runs captures it at planning time (r := w.Rand).
	Rand *rand.Rand
	// PasswordHash is the argon2id hash of DemoPassword every account gets.
	PasswordHash string

	People      []*Person    // in the order they were planned: the cast, then the crowd
	Communities []*Community // in the order they were planned

	byKey   map[string]*Person
	byEmail map[string]*Person
	queue   actions
	seq     int
	running bool
	err     error
}

func newWorld(a *app.App, fake *clock.Fake, start, now time.Time, hash string) *World {
	return &World{App: a, Clock: fake, Start: start, Now: now, PasswordHash: hash,
		byKey: map[string]*Person{}, byEmail: map[string]*Person{}}
}

// stepRand returns the generator for the step called name.
func stepRand(seed int64, name string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(uint64(seed), h.Sum64()))
}

// Fail records a planning mistake; the first one stops Generate after the
// current step. Helpers call it instead of returning errors so that a
// story reads as a list of things that happened.
func (w *World) Fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// Err returns the first planning mistake.
func (w *World) Err() error { return w.err }

// At schedules fn to run when the clock reads t. Actions run in time
// order; two at the same instant run in the order they were scheduled. An
// action may schedule more actions, never earlier than the current time.
func (w *World) At(t time.Time, what string, fn func(ctx context.Context) error) {
	switch {
	case t.Before(w.Start) || t.After(w.Now):
		w.Fail(fmt.Errorf("demo: %s planned at %s, outside the demo's history (%s to %s)", what, stamp(t), stamp(w.Start), stamp(w.Now)))
		return
	case w.running && t.Before(w.Clock.Now()):
		w.Fail(fmt.Errorf("demo: %s planned at %s, before the current time %s", what, stamp(t), stamp(w.Clock.Now())))
		return
	}
	w.seq++
	heap.Push(&w.queue, &action{at: t, seq: w.seq, what: what, fn: fn})
}

// run executes the scheduled actions in time order, moving the clock to
// each one's time, and leaves the clock at Now.
func (w *World) run(ctx context.Context) error {
	w.running = true
	defer func() { w.running = false }()
	for w.queue.Len() > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		a := heap.Pop(&w.queue).(*action)
		w.Clock.Set(a.at)
		if err := a.fn(ctx); err != nil {
			return fmt.Errorf("demo: %s at %s: %w", a.what, stamp(a.at), err)
		}
		if w.err != nil {
			return w.err
		}
	}
	w.Clock.Set(w.Now)
	return nil
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") }

type action struct {
	at   time.Time
	seq  int
	what string
	fn   func(ctx context.Context) error
}

// actions is a min-heap on (at, seq).
type actions []*action

func (q actions) Len() int { return len(q) }
func (q actions) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].seq < q[j].seq
}
func (q actions) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *actions) Push(x any)   { *q = append(*q, x.(*action)) }
func (q *actions) Pop() any {
	old := *q
	a := old[len(old)-1]
	*q = old[:len(old)-1]
	return a
}

// DaysAgo is the instant d days before Now.
func (w *World) DaysAgo(d float64) time.Time {
	return w.Now.Add(-time.Duration(d * float64(day)))
}

// Person returns the cast member with key (see the cast table in the
// package doc), or nil.
func (w *World) Person(key string) *Person { return w.byKey[key] }

// ByEmail returns the person with email, or nil.
func (w *World) ByEmail(email string) *Person { return w.byEmail[email] }

// CommunityWith returns the first community planted with story, or nil.
func (w *World) CommunityWith(story Story) *Community {
	for _, c := range w.Communities {
		if c.Story == story {
			return c
		}
	}
	return nil
}

// CommunityBySlug returns the community at slug, or nil.
func (w *World) CommunityBySlug(slug string) *Community {
	for _, c := range w.Communities {
		if c.Settings.Slug == slug {
			return c
		}
	}
	return nil
}

// WorkTime moves t to a believable working moment on the same day in loc
// (nil for UTC): weekdays, mostly between 08:00 and 18:00, busiest around
// midday; weekends mostly slide to the nearest weekday. The result is kept
// within [lo, hi]; a zero lo means Start and a zero hi means Now.
func (w *World) WorkTime(r *rand.Rand, t, lo, hi time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	if lo.IsZero() || lo.Before(w.Start) {
		lo = w.Start
	}
	if hi.IsZero() || hi.After(w.Now) {
		hi = w.Now
	}
	local := t.In(loc)
	d := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	if r.Float64() < 0.9 {
		switch d.Weekday() {
		case time.Saturday:
			d = d.AddDate(0, 0, -1)
		case time.Sunday:
			d = d.AddDate(0, 0, 1)
		}
	}
	// The sum of two uniforms peaks in the middle of the working day.
	minutes := 8*60 + (r.Float64()+r.Float64())*5*60
	out := d.Add(time.Duration(minutes * float64(time.Minute))).UTC()
	if hi.Before(lo) {
		w.Fail(fmt.Errorf("demo: no time between %s and %s", stamp(lo), stamp(hi)))
		return lo
	}
	span := hi.Sub(lo)
	jitter := func() time.Duration {
		max := min(3*time.Hour, span/2)
		if max <= time.Minute {
			return 0
		}
		return time.Minute + time.Duration(r.Int64N(int64(max-time.Minute)))
	}
	if out.Before(lo) {
		out = lo.Add(jitter())
	}
	if out.After(hi) {
		out = hi.Add(-jitter())
	}
	return out.Truncate(time.Second)
}

// poisson draws from a Poisson distribution with mean lambda (Knuth's
// method; the demo's rates are small).
func poisson(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// pick returns one of items at random.
func pick[T any](r *rand.Rand, items []T) T { return items[r.IntN(len(items))] }

// pickN returns n distinct items at random, in the order they appear in items.
func pickN[T any](r *rand.Rand, items []T, n int) []T {
	idx := r.Perm(len(items))
	if n > len(idx) {
		n = len(idx)
	}
	chosen := make([]bool, len(items))
	for _, i := range idx[:n] {
		chosen[i] = true
	}
	out := make([]T, 0, n)
	for i, it := range items {
		if chosen[i] {
			out = append(out, it)
		}
	}
	return out
}

// Person is someone at Northwind Labs, planned before their account exists.
type Person struct {
	// Key names a member of the cast ("testing-lead"); empty for the crowd.
	Key        string
	Name       string
	Email      string
	Headline   string
	Bio        string
	TimeZone   string
	Discipline string // a key of disciplines(): "testing", "data", …
	Team       string
	Expertise  []string
	// SignedUpAt is when the account is created. Nobody acts before it.
	SignedUpAt time.Time
	// QuietSince, when set, is the time from which the person does nothing
	// at all: the silent leader's story depends on every step keeping it.
	QuietSince time.Time
	Admin      bool
	Support    bool
	// Lurker people never join a community on their own.
	Lurker bool
	// Sociability scales how readily the person joins communities (about
	// 0.3 to 3; the cast has 1).
	Sociability float64
	// User is the account, filled in when the sign-up action has run.
	User account.User

	loc *time.Location
}

// ActiveAt reports whether the person may act at t: signed up and not
// (yet) gone quiet.
func (p *Person) ActiveAt(t time.Time) bool {
	return !t.Before(p.SignedUpAt) && (p.QuietSince.IsZero() || t.Before(p.QuietSince))
}

// Location is the person's time zone.
func (p *Person) Location() *time.Location {
	if p.loc == nil {
		loc, err := time.LoadLocation(p.TimeZone)
		if err != nil {
			loc = time.UTC
		}
		p.loc = loc
	}
	return p.loc
}

// Story is what a community's history was planted to show. Later steps
// switch on it to add activity consistent with it (see the package doc).
type Story string

// The planted stories.
const (
	StoryThriving      Story = "thriving"      // broad core group, many members, steady joins
	StoryTwoPersonCore Story = "two-person"    // the whole core group is the leader and one more
	StorySilentLeader  Story = "silent-leader" // the leader stopped acting five to six weeks ago
	StoryEventsNoHelp  Story = "events"        // a big audience for events, little mutual help
	StoryBrandNew      Story = "new"           // two weeks old, bootstrapping
	StoryPrivate       Story = "private"       // invitation and request only, with pending ones
	StoryCrossOrg      Story = "cross-org"     // mature, spans the organization, sponsor involved
	StoryShrinking     Story = "shrinking"     // a kick-off boom, then people leave
)

// Community is a community of practice with its planned history.
type Community struct {
	Story Story
	// Note says in one line what the story is, for people reading the demo.
	Note     string
	Settings community.Settings
	// Topics are the expertise tags the community's practice is about:
	// what its members ask and answer about.
	Topics    []string
	Founder   *Person
	CreatedAt time.Time
	// Members holds everyone who ever belonged, in the order they were planned.
	Members     []*Member
	Invitations []*Invitation
	Requests    []*Request
	// Threads are the help requests asked in the community, in the order
	// they were planned (the "help" step); later steps draw on them.
	Threads []*Thread
	// Artefacts are its knowledge, in the order planned (the "knowledge" step).
	Artefacts []*Artefact
	// Events are its events and series, in the order planned (the "events" step).
	Events []*plannedEvent
	// Community is the created community (ID, slug, request code), filled
	// in when the creation action has run.
	Community community.Community
}

// Slug is the community's web address.
func (c *Community) Slug() string { return c.Settings.Slug }

// Member is one person's planned membership of a community.
type Member struct {
	Person   *Person
	JoinedAt time.Time
	LeftAt   time.Time // zero while still a member at Now
	// Roles lists the role from JoinedAt on and every later change.
	Roles []RoleChange
}

// RoleChange is a role held from At on.
type RoleChange struct {
	At   time.Time
	Role community.Role
}

// At reports whether the membership covers t.
func (m *Member) At(t time.Time) bool {
	return !t.Before(m.JoinedAt) && (m.LeftAt.IsZero() || t.Before(m.LeftAt))
}

// RoleAt returns the role held at t, or "" when not a member then.
func (m *Member) RoleAt(t time.Time) community.Role {
	if !m.At(t) {
		return ""
	}
	var role community.Role
	for _, rc := range m.Roles {
		if !rc.At.After(t) {
			role = rc.Role
		}
	}
	return role
}

// Role returns the role held at the end of history ("" if they left).
func (m *Member) Role() community.Role {
	if !m.LeftAt.IsZero() {
		return ""
	}
	return m.Roles[len(m.Roles)-1].Role
}

// MembersAt returns the memberships that cover t.
func (c *Community) MembersAt(t time.Time) []*Member {
	var out []*Member
	for _, m := range c.Members {
		if m.At(t) {
			out = append(out, m)
		}
	}
	return out
}

// PeopleAt returns the people holding one of roles at t (every role when
// none is given).
func (c *Community) PeopleAt(t time.Time, roles ...community.Role) []*Person {
	var out []*Person
	for _, m := range c.Members {
		role := m.RoleAt(t)
		if role == "" {
			continue
		}
		if len(roles) == 0 {
			out = append(out, m.Person)
			continue
		}
		for _, want := range roles {
			if role == want {
				out = append(out, m.Person)
				break
			}
		}
	}
	return out
}

// LeaderAt returns the leader at t, or nil before the community exists.
func (c *Community) LeaderAt(t time.Time) *Person {
	if l := c.PeopleAt(t, community.Leader); len(l) > 0 {
		return l[0]
	}
	return nil
}

// Member returns p's latest membership record, or nil if p never belonged.
func (c *Community) Member(p *Person) *Member {
	for i := len(c.Members) - 1; i >= 0; i-- {
		if c.Members[i].Person == p {
			return c.Members[i]
		}
	}
	return nil
}

// Invitation is a planned invitation; AcceptedAt zero means still pending
// at Now (or left to expire, if older than community.InvitationTTL).
type Invitation struct {
	By         *Person
	Email      string
	Person     *Person // nil when the address has no account
	Role       community.Role
	At         time.Time
	AcceptedAt time.Time
	ID         int64 // filled in when the invitation has been sent
	token      string
}

// Request is a planned request to join a private community; DecidedAt zero
// means still pending at Now.
type Request struct {
	Person    *Person
	Message   string
	At        time.Time
	DecidedBy *Person
	DecidedAt time.Time
	Approve   bool
	ID        int64 // filled in when the request has been made
}
