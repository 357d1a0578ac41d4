package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"cultivate/internal/canvas"
	"cultivate/internal/community"
	"cultivate/internal/workshop"
)

// The "canvas" step gives every community its vision canvas, in its
// story's shape:
//
//	community              | canvas
//	-----------------------+-------------------------------------------------------------------
//	mature ones            | complete, written by the leader a few weeks after the start, with
//	(testing, ways-of-     | later revisions by the core group (the vision reworded, the
//	working, data, front-  | measures sharpened, the force field rescored)
//	end, security)         |
//	ux-research (silent)   | complete, written while Claire still led; nobody touched it since
//	mobile (shrinking)     | stale: four sections written at the kick-off, never touched again
//	platform-engineering   | filled by its vision workshop a week before Now: members wrote
//	                       | notes alone, the facilitator revealed them, they were grouped and
//	                       | dot-voted, the winners went to the canvas, Nikolai was confirmed
//	                       | as leader by vote, and the workshop was closed
//
// The core group rescores the force field on the canvas itself (the
// workshop does not fill that section), so the new community has it empty.
func planCanvas(_ context.Context, w *World) error {
	r := w.Rand
	for _, c := range w.Communities {
		switch c.Story {
		case StoryBrandNew:
			planVisionWorkshop(w, r, c)
		case StoryShrinking:
			planCanvasHistory(w, r, c, false, []string{canvas.KeyVision, canvas.KeyHow, canvas.KeyName, canvas.KeyLeader})
		case StorySilentLeader:
			planCanvasHistory(w, r, c, false, nil)
		default:
			planCanvasHistory(w, r, c, true, nil)
		}
	}
	return nil
}

// canvasText is what a community's canvas says: first versions, and the
// revised wording the core group settles on later.
type canvasText struct {
	vision, visionLater, how, howLater, impact, resources, forces, forcesLater, name string
}

func canvasTexts(c *Community) canvasText {
	domain := strings.ToLower(c.Settings.Domain)
	topics := strings.Join(c.Topics[:min(3, len(c.Topics))], ", ")
	return canvasText{
		vision: fmt.Sprintf("Everyone at Northwind who works on %s has peers to turn to, and our good practices spread from team to team instead of being reinvented.\n\n"+
			"It matters now: teams solve the same problems (%s) separately, and newcomers take months to find who knows what.", domain, topics),
		visionLater: fmt.Sprintf("Anyone at Northwind who works on %s gets help from a peer within a day, and what we learn becomes the way we all work.\n\n"+
			"It matters now: teams still solve the same problems (%s) separately, and every answer we capture saves the next team a week.", domain, topics),
		how: "- Ask and answer in the open, within the response time we committed to\n- Meet every two weeks, in varied formats\n- Turn solved questions into FAQs and write down what failed\n\n" +
			"**Measures**: time to the first reply, share of requests solved, attendance, members active in the last 30 days.",
		howLater: "- Ask and answer in the open, within the response time we committed to\n- Meet every two weeks, in varied formats, with minutes published\n- Turn solved questions into FAQs and write down what failed\n- A health check every quarter, then a retrospective\n\n" +
			"**Measures**: median time to the first reply under 4 hours, 80% of requests solved, 20 people at events, half the members active each month.",
		impact:      "- **Members**: unblocked faster, and recognized for the help they give\n- **Their teams**: fewer repeated mistakes, shared tooling\n- **Northwind**: one way of doing " + domain + " that newcomers learn in weeks",
		resources:   "- Two hours a week for the leader, agreed with their manager\n- A sponsor who attends a session each quarter\n- A small budget for an external speaker twice a year\n- This platform, and a room booked every other Thursday",
		forces:      "+ 4 A sponsor who shows up\n+ 3 Members who answer quickly\n- 4 Little time set aside for community work\n- 2 Knowledge scattered across wikis",
		forcesLater: "+ 5 A sponsor who shows up and answers our asks\n+ 4 Members who answer quickly\n+ 2 Quality of the FAQs\n- 3 Little time set aside for community work\n- 2 Knowledge scattered across wikis",
		name:        c.Settings.Name,
	}
}

// planCanvasHistory writes c's canvas a few weeks after its start and,
// when it lives on, revises it later, always as someone who leads or is in
// the core group at the time and may act then.
func planCanvasHistory(w *World, r *rand.Rand, c *Community, revise bool, only []string) {
	tx := canvasTexts(c)
	first := []struct{ key, text string }{
		{canvas.KeyVision, tx.vision}, {canvas.KeyName, tx.name}, {canvas.KeyHow, tx.how}, {canvas.KeyImpact, tx.impact},
		{canvas.KeyResources, tx.resources}, {canvas.KeyForces, tx.forces}, {canvas.KeyLeader, ""},
	}
	at := c.CreatedAt.Add(time.Duration(10+r.IntN(10)) * day)
	for _, s := range first {
		if only != nil && !slices.Contains(only, s.key) {
			continue
		}
		at = at.Add(time.Duration(20+r.IntN(90)) * time.Minute)
		planCanvasEdit(w, r, c, at, s.key, s.text)
	}
	if !revise {
		return
	}
	later := []struct {
		key, text string
		daysIn    float64 // share of the community's life
	}{
		{canvas.KeyHow, tx.howLater, 0.45}, {canvas.KeyVision, tx.visionLater, 0.6}, {canvas.KeyForces, tx.forcesLater, 0.8},
	}
	life := w.Now.Sub(c.CreatedAt)
	for _, s := range later {
		planCanvasEdit(w, r, c, c.CreatedAt.Add(time.Duration(s.daysIn*float64(life))), s.key, s.text)
	}
}

// planCanvasEdit saves one section at about t as a moderator of c then;
// the leader section names whoever leads at that moment.
func planCanvasEdit(w *World, r *rand.Rand, c *Community, t time.Time, key, text string) {
	var by *Person
	for _, p := range c.PeopleAt(t, community.Leader, community.Core) {
		if moderatorAt(c, p, t) {
			by = p
			break
		}
	}
	if by == nil {
		return
	}
	at, ok := w.workAfter(r, t, t, by)
	if !ok || !moderatorAt(c, by, at) {
		return
	}
	w.At(at, "canvas "+key+" in "+c.Slug(), func(ctx context.Context) error {
		cv, err := w.App.Canvas.Get(ctx, by.User, c.Slug())
		if err != nil {
			return err
		}
		cur := cv.Section(key)
		in := canvas.Input{Text: text}
		switch key {
		case canvas.KeyForces:
			if in.Forces, err = canvas.ParseForces(text); err != nil {
				return err
			}
			in.Text = ""
		case canvas.KeyLeader:
			lead := c.LeaderAt(at)
			if lead == nil {
				return nil
			}
			in.Text = lead.Name + ", with two hours a week set aside for the community; coached by the support team in the first months."
		}
		_, err = w.App.Canvas.Save(ctx, by.User, c.Slug(), key, cur.Revision, in)
		return err
	})
}

// planVisionWorkshop runs the brand-new community's vision workshop a
// week before Now, step by step, minutes apart.
func planVisionWorkshop(w *World, r *rand.Rand, c *Community) {
	start := w.WorkTime(r, w.Now.Add(-7*day), w.Now.Add(-8*day), w.Now.Add(-6*day), nil).Truncate(time.Minute)
	lead := c.LeaderAt(start)
	if lead == nil || !moderatorAt(c, lead, start) {
		return
	}
	var people []*Person
	for _, p := range c.PeopleAt(start, community.Leader, community.Core, community.Member) {
		if memberAt(c, p, start) && len(people) < 7 {
			people = append(people, p)
		}
	}
	// What each section's notes say, and how the group sorted them.
	type idea struct{ group, note string }
	notes := map[string][]idea{
		canvas.KeyVision: {
			{"Self-service platform", "Teams get an environment in minutes, without a ticket"},
			{"Self-service platform", "Golden paths that make the right way the easy way"},
			{"Self-service platform", "Provisioning without waiting on another team"},
			{"Fewer incidents", "Fewer outages caused by configuration drift"},
			{"Fewer incidents", "Everyone knows how to roll back safely"},
			{"Learn from each other", "Share our runbooks instead of keeping them in heads"},
			{"Learn from each other", "Pair on the hard migrations"},
		},
		canvas.KeyHow: {
			{"Paved roads with docs", "Templates for the three most common services"},
			{"Paved roads with docs", "Docs next to the templates, kept up to date"},
			{"Measure the platform", "Time from repo to production, measured every month"},
			{"Measure the platform", "Count tickets we no longer need"},
			{"Office hours", "A weekly platform clinic anyone can drop into"},
		},
		canvas.KeyImpact: {
			{"Product teams ship faster", "Product teams spend time on features, not on infrastructure"},
			{"Product teams ship faster", "New services in production on day one"},
			{"On-call gets calmer", "Fewer pages at night for the on-call engineers"},
		},
		canvas.KeyResources: {
			{"Time and a sponsor", "Half a day a week for the core group"},
			{"Time and a sponsor", "A sponsor in engineering management"},
			{"A sandbox", "A sandbox account to try things safely"},
		},
		canvas.KeyName: {
			{"Platform Engineering", "Platform Engineering"},
			{"Platform Engineering", "Keep it simple: Platform Engineering"},
			{"Paved Road Crew", "Paved Road Crew"},
		},
	}
	sections := []string{canvas.KeyVision, canvas.KeyHow, canvas.KeyImpact, canvas.KeyResources, canvas.KeyName}
	// Shared between the actions, filled in as they run.
	var ws workshop.Workshop
	noteIDs := map[string][]int64{}
	groupIDs := map[string]int64{}
	step := func(m int) time.Time { return start.Add(time.Duration(m) * time.Minute) }
	slug := c.Slug()

	w.At(step(0), "vision workshop in "+slug, func(ctx context.Context) error {
		var err error
		ws, err = w.App.Workshops.Create(ctx, lead.User, slug, workshop.NewWorkshop{Title: "Our vision for Platform Engineering",
			Sections: sections, Dots: 3, Minutes: 30})
		return err
	})
	for i, p := range people {
		if p == lead {
			continue
		}
		w.At(step(2+i), "join the vision workshop", func(ctx context.Context) error {
			_, err := w.App.Workshops.Join(ctx, p.User, slug, ws.ID)
			return err
		})
	}
	// Writing alone: the notes are spread over the participants.
	m, k := 5, 0
	for _, key := range sections {
		for _, n := range notes[key] {
			p := people[k%len(people)]
			k++
			m++
			w.At(step(m), "a workshop note", func(ctx context.Context) error {
				note, err := w.App.Workshops.AddNote(ctx, slug, ws.ID, workshop.Viewer{User: p.User}, key, n.note)
				noteIDs[key+"|"+n.group] = append(noteIDs[key+"|"+n.group], note.ID)
				return err
			})
		}
	}
	advance := func(at, timer int) {
		w.At(step(at), "next workshop step", func(ctx context.Context) error {
			_, err := w.App.Workshops.Advance(ctx, lead.User, slug, ws.ID, timer)
			return err
		})
	}
	advance(36, 20) // reveal
	// Grouping, together.
	m = 40
	for _, key := range sections {
		seen := map[string]bool{}
		for _, n := range notes[key] {
			if seen[n.group] {
				continue
			}
			seen[n.group] = true
			p := people[r.IntN(len(people))]
			m++
			w.At(step(m), "a workshop group", func(ctx context.Context) error {
				g, err := w.App.Workshops.AddGroup(ctx, slug, ws.ID, workshop.Viewer{User: p.User}, key, n.group)
				if err != nil {
					return err
				}
				groupIDs[key+"|"+n.group] = g.ID
				for _, id := range noteIDs[key+"|"+n.group] {
					if err := w.App.Workshops.MoveNote(ctx, slug, ws.ID, workshop.Viewer{User: p.User}, id, g.ID); err != nil {
						return err
					}
				}
				return nil
			})
		}
	}
	advance(58, 10) // vote
	// Everyone places their three dots, mostly on the first group of a
	// section, which is how these rooms usually go.
	favourites := []string{canvas.KeyVision + "|Self-service platform", canvas.KeyHow + "|Paved roads with docs",
		canvas.KeyImpact + "|Product teams ship faster", canvas.KeyName + "|Platform Engineering", canvas.KeyVision + "|Fewer incidents",
		canvas.KeyHow + "|Measure the platform", canvas.KeyResources + "|Time and a sponsor"}
	for i, p := range people {
		picks := []string{favourites[i%3], favourites[(i+1)%len(favourites)], favourites[3+r.IntN(4)]}
		w.At(step(60+i), "workshop dots", func(ctx context.Context) error {
			dots := map[int64]int{}
			for _, k := range picks {
				dots[groupIDs[k]]++
			}
			return w.App.Workshops.Vote(ctx, slug, ws.ID, workshop.Viewer{User: p.User}, dots)
		})
	}
	advance(72, 0) // result
	w.At(step(76), "workshop result to the canvas", func(ctx context.Context) error {
		st, err := w.App.Workshops.State(ctx, slug, ws.ID, workshop.Viewer{User: lead.User})
		if err != nil {
			return err
		}
		var winners []int64
		for _, b := range st.Boards {
			for i, g := range b.Groups {
				if i < 2 && g.Dots > 0 {
					winners = append(winners, g.ID)
				}
			}
		}
		_, err = w.App.Workshops.Send(ctx, lead.User, slug, ws.ID, winners)
		return err
	})
	advance(80, 10) // elect
	for i, p := range people {
		w.At(step(82+i), "leader ballot", func(ctx context.Context) error {
			return w.App.Workshops.Ballot(ctx, slug, ws.ID, workshop.Viewer{User: p.User}, lead.User.ID)
		})
	}
	w.At(step(95), "apply the election", func(ctx context.Context) error {
		_, err := w.App.Workshops.ApplyElection(ctx, lead.User, slug, ws.ID)
		return err
	})
	w.At(step(97), "close the workshop", func(ctx context.Context) error {
		return w.App.Workshops.Close(ctx, lead.User, slug, ws.ID)
	})
}
