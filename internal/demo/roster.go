package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"cultivate/internal/community"
)

// The helpers below plan one membership change each: they check it against
// the history planned so far, record it in the community's roster, and
// schedule the service call that makes it happen. A mistake (someone acting
// before signing up, a second leader, a silent person acting) is recorded
// with Fail and stops Generate.

func (w *World) failf(format string, args ...any) { w.Fail(fmt.Errorf("demo: "+format, args...)) }

// canAct checks that p may act in c at t.
func (w *World) canAct(c *Community, p *Person, t time.Time, what string) bool {
	switch {
	case p == nil:
		w.failf("%s in %s: nobody to act", what, c.Slug())
	case c.CreatedAt.IsZero() || t.Before(c.CreatedAt):
		w.failf("%s in %s at %s: the community does not exist yet", what, c.Slug(), stamp(t))
	case !p.ActiveAt(t):
		w.failf("%s in %s at %s: %s has not signed up or has gone quiet", what, c.Slug(), stamp(t), p.Email)
	default:
		return true
	}
	return false
}

// create plans the creation of c by founder at t; founder becomes leader.
func (w *World) create(c *Community, founder *Person, t time.Time) {
	if !founder.ActiveAt(t) {
		w.failf("create %s at %s: %s cannot act then", c.Slug(), stamp(t), founder.Email)
		return
	}
	c.Founder, c.CreatedAt = founder, t
	c.Members = append(c.Members, &Member{Person: founder, JoinedAt: t, Roles: []RoleChange{{At: t, Role: community.Leader}}})
	w.Communities = append(w.Communities, c)
	w.At(t, "create "+c.Slug(), func(ctx context.Context) error {
		created, err := w.App.Communities.Create(ctx, founder.User, c.Settings)
		c.Community = created
		return err
	})
}

// addMember records p as a member of c from t with role.
func (w *World) addMember(c *Community, p *Person, t time.Time, role community.Role) *Member {
	if m := c.Member(p); m != nil && (m.LeftAt.IsZero() || m.LeftAt.After(t)) {
		w.failf("%s joins %s at %s but is already a member", p.Email, c.Slug(), stamp(t))
		return nil
	}
	m := &Member{Person: p, JoinedAt: t, Roles: []RoleChange{{At: t, Role: role}}}
	c.Members = append(c.Members, m)
	return m
}

// join plans p joining the open community c at t, with an optional intro.
func (w *World) join(c *Community, p *Person, t time.Time, intro string) *Member {
	if !w.canAct(c, p, t, "join") {
		return nil
	}
	if c.Settings.Visibility != string(community.Open) {
		w.failf("%s joins private %s directly", p.Email, c.Slug())
		return nil
	}
	m := w.addMember(c, p, t, community.Member)
	if m == nil {
		return nil
	}
	w.At(t, "join "+c.Slug()+": "+p.Email, func(ctx context.Context) error {
		_, err := w.App.Communities.Join(ctx, p.User, c.Slug(), true, intro)
		return err
	})
	return m
}

// leave plans p leaving c at t. Only members who never held another role
// leave, so the planned roles stay simple.
func (w *World) leave(c *Community, p *Person, t time.Time) {
	if !w.canAct(c, p, t, "leave") {
		return
	}
	m := c.Member(p)
	switch {
	case m == nil || !m.At(t):
		w.failf("%s leaves %s at %s without being a member", p.Email, c.Slug(), stamp(t))
		return
	case m.RoleAt(t) == community.Leader:
		w.failf("the leader of %s leaves", c.Slug())
		return
	case m.Roles[len(m.Roles)-1].At.After(t):
		w.failf("%s leaves %s before a planned role change", p.Email, c.Slug())
		return
	}
	m.LeftAt = t
	w.At(t, "leave "+c.Slug()+": "+p.Email, func(ctx context.Context) error {
		return w.App.Communities.Leave(ctx, p.User, c.Slug())
	})
}

// setRole plans c's leader at t giving p role. Making p leader hands the
// leadership over; the old leader joins the core group, as the service does.
func (w *World) setRole(c *Community, p *Person, role community.Role, t time.Time) {
	leader := c.LeaderAt(t)
	if !w.canAct(c, leader, t, "set role") {
		return
	}
	m := c.Member(p)
	if m == nil || !m.At(t) {
		w.failf("%s gets role %s in %s at %s without being a member", p.Email, role, c.Slug(), stamp(t))
		return
	}
	if last := m.Roles[len(m.Roles)-1]; last.At.After(t) || last.Role == role || last.Role == community.Leader {
		w.failf("%s gets role %s in %s at %s: out of order, unchanged, or the leader", p.Email, role, c.Slug(), stamp(t))
		return
	}
	if role == community.Leader {
		old := c.Member(leader)
		old.Roles = append(old.Roles, RoleChange{At: t, Role: community.Core})
	}
	m.Roles = append(m.Roles, RoleChange{At: t, Role: role})
	w.At(t, fmt.Sprintf("role %s in %s: %s", role, c.Slug(), p.Email), func(ctx context.Context) error {
		return w.App.Communities.SetRole(ctx, leader.User, c.Slug(), p.User.ID, role)
	})
}

// invite plans by inviting p (or, when p is nil, an address without an
// account) into c with role at t. A non-zero acceptAt plans the acceptance;
// zero leaves the invitation pending, or expiring if it is old enough.
func (w *World) invite(c *Community, by, p *Person, email string, role community.Role, t, acceptAt time.Time) *Invitation {
	if !w.canAct(c, by, t, "invite") {
		return nil
	}
	byRole := c.Member(by).RoleAt(t)
	if byRole != community.Leader && (byRole != community.Core || role != community.Member) {
		w.failf("%s (%s) invites a %s into %s", by.Email, byRole, role, c.Slug())
		return nil
	}
	if p != nil {
		email = p.Email
		if m := c.Member(p); m != nil && m.At(t) {
			w.failf("%s invited into %s while a member", p.Email, c.Slug())
			return nil
		}
	}
	inv := &Invitation{By: by, Email: email, Person: p, Role: role, At: t, AcceptedAt: acceptAt}
	c.Invitations = append(c.Invitations, inv)
	w.At(t, "invite into "+c.Slug()+": "+email, func(ctx context.Context) error {
		sent, err := w.App.Communities.Invite(ctx, by.User, c.Slug(), email, role)
		inv.ID, inv.token = sent.ID, sent.Token
		return err
	})
	if acceptAt.IsZero() {
		return inv
	}
	switch {
	case p == nil:
		w.failf("an invitation to %s without an account is accepted", email)
		return inv
	case !acceptAt.After(t) || acceptAt.Sub(t) >= community.InvitationTTL:
		w.failf("%s accepts the invitation into %s at %s, outside its validity", p.Email, c.Slug(), stamp(acceptAt))
		return inv
	case !w.canAct(c, p, acceptAt, "accept an invitation"):
		return inv
	}
	w.addMember(c, p, acceptAt, role)
	w.At(acceptAt, "accept invitation into "+c.Slug()+": "+p.Email, func(ctx context.Context) error {
		_, err := w.App.Communities.AcceptInvitation(ctx, p.User, 0, inv.token, true)
		return err
	})
	return inv
}

// request plans p asking to join the private community c at t with
// message. A non-nil decider decides at decideAt; nil leaves it pending.
func (w *World) request(c *Community, p *Person, t time.Time, message string, decider *Person, decideAt time.Time, approve bool) *Request {
	if !w.canAct(c, p, t, "request to join") {
		return nil
	}
	if m := c.Member(p); m != nil && m.At(t) {
		w.failf("%s asks to join %s while a member", p.Email, c.Slug())
		return nil
	}
	req := &Request{Person: p, Message: message, At: t}
	c.Requests = append(c.Requests, req)
	w.At(t, "request to join "+c.Slug()+": "+p.Email, func(ctx context.Context) error {
		made, err := w.App.Communities.RequestToJoin(ctx, p.User, c.Community.RequestCode, message, true)
		req.ID = made.ID
		return err
	})
	if decider == nil {
		return req
	}
	if !decideAt.After(t) || !w.canAct(c, decider, decideAt, "decide a request") {
		w.failf("request of %s to %s decided before it was made or by someone who cannot act", p.Email, c.Slug())
		return req
	}
	if role := c.Member(decider).RoleAt(decideAt); role != community.Leader && role != community.Core {
		w.failf("%s (%s) decides a request to %s", decider.Email, role, c.Slug())
		return req
	}
	req.DecidedBy, req.DecidedAt, req.Approve = decider, decideAt, approve
	if approve {
		w.addMember(c, p, decideAt, community.Member)
	}
	w.At(decideAt, "decide request to "+c.Slug()+": "+p.Email, func(ctx context.Context) error {
		return w.App.Communities.DecideRequest(ctx, decider.User, c.Slug(), req.ID, approve)
	})
	return req
}

// intro plans p rewriting their introduction in c at t.
func (w *World) intro(c *Community, p *Person, t time.Time, text string) {
	if !w.canAct(c, p, t, "update intro") {
		return
	}
	if m := c.Member(p); m == nil || !m.At(t) {
		w.failf("%s updates an intro in %s without being a member", p.Email, c.Slug())
		return
	}
	w.At(t, "intro in "+c.Slug()+": "+p.Email, func(ctx context.Context) error {
		return w.App.Communities.UpdateIntro(ctx, p.User, c.Slug(), text)
	})
}

// affinity weighs disciplines for a community's crowd: how likely someone
// of that discipline is to join. Unlisted disciplines weigh 0.05.
type affinity map[string]float64

// candidate chooses at random, weighted by affinity, sociability and
// extra (nil for none), someone from the crowd who never belonged to c and
// could join it at t. It returns nil when nobody could.
func (w *World) candidate(r *rand.Rand, c *Community, t time.Time, aff affinity, extra func(*Person) float64) *Person {
	var total float64
	weights := make([]float64, len(w.People))
	for i, p := range w.People {
		if p.Key != "" || p.Lurker || !p.ActiveAt(t.Add(-time.Hour)) || c.Member(p) != nil {
			continue
		}
		weight, ok := aff[p.Discipline]
		if !ok {
			weight = 0.05
		}
		weight *= p.Sociability
		if extra != nil {
			weight *= extra(p)
		}
		weights[i] = weight
		total += weight
	}
	if total == 0 {
		return nil
	}
	x := r.Float64() * total
	for i, wt := range weights {
		if x < wt {
			return w.People[i]
		}
		x -= wt
	}
	for i := len(weights) - 1; i >= 0; i-- {
		if weights[i] > 0 {
			return w.People[i]
		}
	}
	return nil
}

// growth describes when a community's crowd joins.
type growth struct {
	kickoff      int     // joins in the two weeks after creation, front-loaded
	perWeek      float64 // steady joins per week after the kick-off
	steadyUntil  float64 // days ago the steady rate ends (0: it lasts until Now)
	afterPerWeek float64 // joins per week after steadyUntil
	// regular makes every week's count the rate rounded up or down, instead
	// of a Poisson draw: a community that people join every single week.
	regular bool
	bursts  []burst
}

// burst is a wave of joins after something that drew attention.
type burst struct {
	daysAgo float64 // when it starts
	joins   int
	days    float64 // over how many days
}

// joinTimes draws the raw times of a community's crowd joins, sorted.
// Weeks in the usual holiday seasons (late December, August) are quieter.
func (w *World) joinTimes(r *rand.Rand, c *Community, g growth) []time.Time {
	var out []time.Time
	for range g.kickoff {
		u := r.Float64()
		out = append(out, c.CreatedAt.Add(time.Duration(u*u*14*float64(day))))
	}
	until := w.Now
	if g.steadyUntil > 0 {
		until = w.DaysAgo(g.steadyUntil)
	}
	for week := c.CreatedAt.Add(14 * day); week.Before(w.Now); week = week.Add(7 * day) {
		rate := g.perWeek
		if !week.Before(until) {
			rate = g.afterPerWeek
		}
		if holiday(week) {
			rate *= 0.25
		}
		n := poisson(r, rate)
		if g.regular {
			n = int(rate)
			if r.Float64() < rate-float64(n) {
				n++
			}
		}
		for range n {
			out = append(out, week.Add(time.Duration(r.Float64()*7*float64(day))))
		}
	}
	for _, b := range g.bursts {
		for range b.joins {
			out = append(out, w.DaysAgo(b.daysAgo).Add(time.Duration(r.Float64()*b.days*float64(day))))
		}
	}
	out = slices.DeleteFunc(out, func(t time.Time) bool { return t.After(w.Now) })
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// holiday reports whether the week starting at t falls in a season when
// few people are at work.
func holiday(t time.Time) bool {
	end := t.Add(7 * day)
	for _, d := range []time.Time{t, t.Add(3 * day), end} {
		if d.Month() == time.August || (d.Month() == time.December && d.Day() >= 20) || (d.Month() == time.January && d.Day() <= 3) {
			return true
		}
	}
	return false
}

// joinCrowd plans the crowd joining the open community c at times.
func (w *World) joinCrowd(r *rand.Rand, c *Community, times []time.Time, aff affinity, extra func(*Person) float64) []*Member {
	var out []*Member
	for _, t := range times {
		p := w.candidate(r, c, t, aff, extra)
		if p == nil {
			continue
		}
		at := w.WorkTime(r, t, later(c.CreatedAt, p.SignedUpAt).Add(10*time.Minute), time.Time{}, p.Location())
		intro := ""
		if r.Float64() < 0.55 {
			intro = joinIntro(r, p, c)
		}
		if m := w.join(c, p, at, intro); m != nil {
			out = append(out, m)
		}
	}
	return out
}

// leaveSome plans n of c's plain crowd members leaving between fromDays
// and toDays ago, each at least two weeks after joining.
func (w *World) leaveSome(r *rand.Rand, c *Community, n int, fromDays, toDays float64) {
	from, to := w.DaysAgo(fromDays), w.DaysAgo(toDays)
	var eligible []*Member
	for _, m := range c.Members {
		if m.Person.Key == "" && len(m.Roles) == 1 && m.Roles[0].Role == community.Member &&
			m.LeftAt.IsZero() && m.JoinedAt.Add(14*day).Before(to) {
			eligible = append(eligible, m)
		}
	}
	for _, m := range pickN(r, eligible, n) {
		lo := later(from, m.JoinedAt.Add(14*day))
		t := lo.Add(time.Duration(r.Float64() * float64(to.Sub(lo))))
		w.leave(c, m.Person, w.WorkTime(r, t, lo, to, m.Person.Location()))
	}
}

// later returns the later of a and b.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
