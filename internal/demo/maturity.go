package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"cultivate/internal/community"
	"cultivate/internal/maturity"
)

// The "maturity" step (issue 5) has each community's core group assess it
// on the maturity model over time, set the dimension sliders, and set
// targets, so that each stands at its own stage:
//
//	community              | assessments (days ago → stage reached)        | targets
//	-----------------------+-----------------------------------------------+------------------------------------------------
//	testing                | 200 Gather, 120 Dispatch, 30 Explore          | median first reply under 2 h (live)
//	ways-of-working        | 220 Gather, 140 Dispatch, 60 Explore, 10      | teams using a retro practice (by hand, 3 values)
//	                       | Explore, well into Systems Change             |
//	ux-research            | 150 Gather, 70 Dispatch, 12 Dispatch slipping | share of requests solved (live)
//	                       | (by Yuki: Claire is quiet)                    |
//	data-analytics         | 160 Gather, 40 Dispatch; "momentum not reliant | first reply within 8 working hours (live:
//	                       | on one or two people" not yet, with a note    | commitment hit rate)
//	mobile                 | 150 Gather, 30 Gather and declining           | members active in 30 days (live)
//	frontend               | 120 Gather, 25 Dispatch                       | event attendance (live)
//	security-champions     | 100 Gather, 20 Dispatch                       | outcomes reported (live)
//	platform-engineering   | 3 Gather; two bootstrap steps ticked by hand  | none yet
//
// Dimensions are set by the core groups once or twice (platform
// engineering not yet). Each assessment is by the leader, or a core member
// when the leader is quiet.

// maturityPlan is one assessment: its age and how far it reaches.
type maturityPlan struct {
	daysAgo float64
	reached int     // stages reached
	next    float64 // share of the next stage's work done, 0 to 1
	slip    int     // indicators of the reached stages only partly there
	note    string
	marks   map[string]maturity.Mark // overrides
}

type maturityStory struct {
	plans   []maturityPlan
	dims    [][2][7]int // settings: now and want per dimension, oldest first
	targets []demoTarget
}

type demoTarget struct {
	daysAgo            float64
	name, unit, metric string
	baseline, target   string
	dueDays            int
	values             []demoValue // by hand
}

type demoValue struct {
	daysAgo float64
	value   string
	note    string
}

func maturityStories() map[Story]maturityStory {
	reliant := map[string]maturity.Mark{"explore.more_leaders.momentum": {Rating: maturity.NotYet,
		Note: "Aisha and Diego answer nearly everything and run every event. If either is away, the community stops."}}
	return map[Story]maturityStory{
		StoryThriving: {
			plans: []maturityPlan{{daysAgo: 200, reached: 1, next: 0.5, note: "First look after the kick-off."},
				{daysAgo: 120, reached: 2, next: 0.4, note: "Quality week brought a lot of new people."},
				{daysAgo: 30, reached: 3, next: 0.2, slip: 1, note: "Five in the core group now; moderation is shared."}},
			dims: [][2][7]int{{{6, 4, 5, 3, 4, 3, 3}, {8, 6, 7, 6, 6, 5, 6}}, {{8, 5, 7, 5, 6, 4, 5}, {9, 7, 8, 7, 7, 6, 7}}},
			targets: []demoTarget{{daysAgo: 80, name: "Median first reply under 2 hours", metric: "first_reply_hours",
				baseline: "5", target: "2", dueDays: 60}},
		},
		StoryCrossOrg: {
			plans: []maturityPlan{{daysAgo: 220, reached: 1, next: 0.3}, {daysAgo: 140, reached: 2, next: 0.5},
				{daysAgo: 60, reached: 3, next: 0.3, note: "Open-door retrospectives with other communities are working."},
				{daysAgo: 10, reached: 3, next: 0.8, note: "Teams outside ask us how to recognise good work; we are helping HR with the review process."}},
			dims: [][2][7]int{{{5, 4, 6, 5, 5, 6, 4}, {7, 6, 7, 7, 7, 8, 6}}, {{6, 5, 7, 7, 7, 8, 6}, {7, 6, 8, 8, 8, 9, 8}}},
			targets: []demoTarget{{daysAgo: 150, name: "Teams using the one-action retrospective", unit: "teams", baseline: "3", target: "12", dueDays: 90,
				values: []demoValue{{120, "4", "Two platform teams started"}, {70, "7", "Survey after the open-door session"}, {15, "9", "Count at the quarterly review"}}}},
		},
		StorySilentLeader: {
			plans: []maturityPlan{{daysAgo: 150, reached: 1, next: 0.4}, {daysAgo: 70, reached: 2, next: 0.2},
				{daysAgo: 12, reached: 2, next: 0, slip: 3, note: "Yuki: many requests wait, and we have not heard from Claire for weeks."}},
			dims:    [][2][7]int{{{6, 5, 5, 4, 3, 3, 4}, {8, 6, 7, 6, 5, 4, 6}}},
			targets: []demoTarget{{daysAgo: 60, name: "Most requests solved", metric: "solved_share", baseline: "55", target: "80", dueDays: 60}},
		},
		StoryTwoPersonCore: {
			plans: []maturityPlan{{daysAgo: 160, reached: 1, next: 0.3},
				{daysAgo: 40, reached: 2, next: 0.3, note: "Strong on answers; thin on people who share the load.", marks: reliant}},
			dims: [][2][7]int{{{7, 6, 3, 4, 6, 3, 5}, {8, 7, 6, 6, 7, 5, 7}}},
			targets: []demoTarget{{daysAgo: 100, name: "First reply within 8 working hours", metric: "commitment_hit_rate",
				baseline: "45", target: "90", dueDays: 75}},
		},
		StoryShrinking: {
			plans: []maturityPlan{{daysAgo: 150, reached: 1, next: 0.5, note: "Great kick-off."},
				{daysAgo: 30, reached: 1, next: 0.1, slip: 2, note: "Fewer people come; the last event was weeks ago."}},
			dims:    [][2][7]int{{{4, 4, 5, 3, 3, 2, 3}, {7, 6, 7, 5, 5, 4, 6}}},
			targets: []demoTarget{{daysAgo: 120, name: "Members active every month", metric: "active_members", baseline: "12", target: "20", dueDays: 30}},
		},
		StoryEventsNoHelp: {
			plans: []maturityPlan{{daysAgo: 120, reached: 1, next: 0.3}, {daysAgo: 25, reached: 2, next: 0.1, note: "Events are full; the help requests are not answered."}},
			dims:  [][2][7]int{{{3, 5, 6, 5, 4, 4, 4}, {7, 6, 7, 6, 5, 5, 6}}},
			targets: []demoTarget{{daysAgo: 60, name: "People at each event", unit: "people", metric: "event_attendance",
				baseline: "15", target: "25", dueDays: 45}},
		},
		StoryPrivate: {
			plans:   []maturityPlan{{daysAgo: 100, reached: 1, next: 0.4}, {daysAgo: 20, reached: 2, next: 0.2}},
			dims:    [][2][7]int{{{7, 6, 5, 4, 6, 2, 5}, {8, 7, 6, 6, 7, 3, 7}}},
			targets: []demoTarget{{daysAgo: 50, name: "Outcomes reported per quarter", unit: "answers", metric: "outcomes_reported", baseline: "4", target: "12", dueDays: 80}},
		},
		StoryBrandNew: {
			plans: []maturityPlan{{daysAgo: 3, reached: 1, next: 0, note: "Two weeks in: people, a place and a first meeting."}},
		},
	}
}

// maturityMarks rates every indicator for plan p, drawing which
// indicators lag from r.
func maturityMarks(r *rand.Rand, p maturityPlan) map[string]maturity.Mark {
	out := map[string]maturity.Mark{}
	model := maturity.Model()
	for i, st := range model {
		inds := st.Indicators()
		order := r.Perm(len(inds))
		for j, k := range order {
			key := inds[k].Key
			switch {
			case i < p.reached:
				// At most 3 partly keeps the stage reached (score ≥ 7.5).
				if j < min(p.slip, 3) {
					out[key] = maturity.Mark{Rating: maturity.Partly}
				} else {
					out[key] = maturity.Mark{Rating: maturity.Yes}
				}
			case i == p.reached:
				// Below six: yes for the share done (at most four), partly for two more.
				yes := min(4, int(p.next*5+0.5))
				switch {
				case j < yes:
					out[key] = maturity.Mark{Rating: maturity.Yes}
				case j < yes+2 && p.next > 0:
					out[key] = maturity.Mark{Rating: maturity.Partly}
				default:
					out[key] = maturity.Mark{Rating: maturity.NotYet}
				}
			default:
				out[key] = maturity.Mark{Rating: maturity.NotYet}
			}
		}
	}
	for k, m := range p.marks {
		out[k] = m
	}
	return out
}

// maturityActor is who assesses for c at t: the leader while active, else
// a core member.
func maturityActor(c *Community, t time.Time) *Person {
	if l := c.LeaderAt(t); l != nil && memberAt(c, l, t) {
		return l
	}
	for _, p := range c.PeopleAt(t, community.Core) {
		if memberAt(c, p, t) {
			return p
		}
	}
	return nil
}

func planMaturity(_ context.Context, w *World) error {
	r := w.Rand
	stories := maturityStories()
	dimKeys := maturity.DefaultDimensions()
	for _, c := range w.Communities {
		st, ok := stories[c.Story]
		if !ok {
			continue
		}
		slug := c.Slug()
		at := func(daysAgo float64, p *Person) time.Time {
			t := w.Now.Add(-time.Duration(daysAgo * float64(day)))
			if t.Before(c.CreatedAt.Add(time.Hour)) {
				t = c.CreatedAt.Add(time.Hour)
			}
			return w.WorkTime(r, t, t, t.Add(day), p.Location())
		}
		for _, p := range st.plans {
			who := maturityActor(c, w.Now.Add(-time.Duration(p.daysAgo*float64(day))))
			if who == nil {
				continue
			}
			t := at(p.daysAgo, who)
			if who = maturityActor(c, t); who == nil || t.After(w.Now) {
				continue
			}
			in := maturity.AssessInput{Marks: maturityMarks(r, p), Note: p.note}
			actor := who
			w.At(t, "maturity assessment in "+slug, func(ctx context.Context) error {
				_, err := w.App.Maturity.Assess(ctx, actor.User, slug, in)
				return err
			})
		}
		for i, d := range st.dims {
			daysAgo := 5.0 + float64(len(st.dims)-1-i)*90
			who := maturityActor(c, w.Now.Add(-time.Duration(daysAgo*float64(day))))
			if who == nil {
				continue
			}
			t := at(daysAgo, who)
			if who = maturityActor(c, t); who == nil || t.After(w.Now) {
				continue
			}
			in := maturity.SettingsInput{Values: map[string]maturity.Setting{}, Note: "Set together at a core-group meeting"}
			for k, dim := range dimKeys {
				in.Values[dim.Key] = maturity.Setting{Now: d[0][k], Want: d[1][k]}
			}
			actor := who
			w.At(t, "dimensions in "+slug, func(ctx context.Context) error {
				_, err := w.App.Maturity.SetDimensions(ctx, actor.User, slug, in)
				return err
			})
		}
		for _, tg := range st.targets {
			who := maturityActor(c, w.Now.Add(-time.Duration(tg.daysAgo*float64(day))))
			if who == nil {
				continue
			}
			t := at(tg.daysAgo, who)
			if who = maturityActor(c, t); who == nil || t.After(w.Now) {
				continue
			}
			in := maturity.TargetInput{Name: tg.name, Unit: tg.unit, Metric: tg.metric, Baseline: tg.baseline, Target: tg.target,
				Due: w.Now.AddDate(0, 0, tg.dueDays).Format(maturity.DateLayout)}
			actor := who
			id := new(int64)
			w.At(t, "target in "+slug, func(ctx context.Context) error {
				created, err := w.App.Maturity.CreateTarget(ctx, actor.User, slug, in)
				*id = created.ID
				return err
			})
			for _, v := range tg.values {
				vt := at(v.daysAgo, actor)
				by := maturityActor(c, vt)
				if by == nil || !vt.After(t) || vt.After(w.Now) {
					continue
				}
				val := v
				w.At(vt, "target value in "+slug, func(ctx context.Context) error {
					_, err := w.App.Maturity.RecordValue(ctx, by.User, slug, *id, val.value, val.note)
					return err
				})
			}
		}
		if c.Story == StoryBrandNew {
			lead := maturityActor(c, w.Now.Add(-2*day))
			if lead == nil {
				continue
			}
			t := at(2, lead)
			for _, tick := range []struct{ step, note string }{
				{"goals", "Agreed with the first twelve people at the kick-off lunch; the canvas comes after the workshop."},
				{"kickoff", "Kick-off lunch with the platform teams."},
			} {
				tk := tick
				w.At(t, "bootstrap tick in "+slug, func(ctx context.Context) error {
					_, err := w.App.Maturity.Tick(ctx, lead.User, slug, tk.step, true, tk.note)
					return err
				})
				t = t.Add(10 * time.Minute)
			}
		}
	}
	return nil
}
