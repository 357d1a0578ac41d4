package maturity_test

import (
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/backlog"
	"cultivate/internal/errs"
	"cultivate/internal/events"
	"cultivate/internal/maturity"
	"cultivate/internal/practice"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestModelIsFourStagesOfThreeAreasOfThreeIndicators(t *testing.T) {
	model := maturity.Model()
	if len(model) != 4 {
		t.Fatalf("%d stages, want 4", len(model))
	}
	want := []string{"Gather", "Dispatch", "Explore", "Systems Change"}
	seen := map[string]bool{}
	ev := maturity.EvidenceFor(model, maturity.Facts{Slug: "x"})
	for i, st := range model {
		if st.Title != want[i] {
			t.Errorf("stage %d is %q, want %q", i, st.Title, want[i])
		}
		if len(st.Areas) != 3 {
			t.Errorf("%s has %d areas, want 3", st.Title, len(st.Areas))
		}
		for _, a := range st.Areas {
			if len(a.Indicators) != 3 {
				t.Errorf("%s/%s has %d indicators, want 3", st.Title, a.Title, len(a.Indicators))
			}
			for _, ind := range a.Indicators {
				if seen[ind.Key] {
					t.Errorf("indicator key %s twice", ind.Key)
				}
				seen[ind.Key] = true
				// Every measure named is one the evidence knows.
				if got := ev[ind.Key].Available; got != (ind.Measure != "") {
					t.Errorf("%s: measure %q, evidence available %v", ind.Key, ind.Measure, got)
				}
			}
		}
	}
}

func TestDerivePlacesRatingsOnTheStages(t *testing.T) {
	tests := []struct {
		name    string
		marks   map[string]maturity.Mark
		reached int
		stage   string
	}{
		{"nothing rated", nil, 0, ""},
		{"gather all yes", allMarks(1, maturity.Yes), 1, "gather"},
		{"two stages partly is not enough", allMarks(2, maturity.Partly), 0, ""},
		{"three stages yes", allMarks(3, maturity.Yes), 3, "explore"},
		{"all four", allMarks(4, maturity.Yes), 4, "systems_change"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := maturity.Derive(maturity.Model(), tt.marks)
			if p.Reached != tt.reached || p.Stage != tt.stage {
				t.Fatalf("reached %d (%q), want %d (%q)", p.Reached, p.Stage, tt.reached, tt.stage)
			}
			if p.Along < float64(p.Reached) || p.Along > 4 {
				t.Fatalf("along %v outside [%d, 4]", p.Along, p.Reached)
			}
		})
	}
	// A later stage rated yes does not count while an earlier one is missing.
	marks := allMarks(0, maturity.NotYet)
	for _, ind := range maturity.Model()[1].Indicators() {
		marks[ind.Key] = maturity.Mark{Rating: maturity.Yes}
	}
	if p := maturity.Derive(maturity.Model(), marks); p.Reached != 0 {
		t.Fatalf("Dispatch without Gather reached %d stages, want 0", p.Reached)
	}
	// Six of nine is the threshold.
	marks = allMarks(0, maturity.NotYet)
	for i, ind := range maturity.Model()[0].Indicators() {
		if i < 6 {
			marks[ind.Key] = maturity.Mark{Rating: maturity.Yes}
		}
	}
	if p := maturity.Derive(maturity.Model(), marks); p.Reached != 1 {
		t.Fatalf("six yes reached %d stages, want 1", p.Reached)
	}
}

func TestAssessmentsKeepHistoryAndShowTheChange(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		before := storetest.LastActivity(t, db)
		first, err := f.mat.Assess(f.ctx, w.core, w.c.Slug, maturity.AssessInput{Marks: allMarks(1, maturity.Yes), Note: "First look"})
		if err != nil {
			t.Fatal(err)
		}
		if first.Position.Stage != "gather" {
			t.Fatalf("stage %q, want gather", first.Position.Stage)
		}
		storetest.WantLog(t, db, before, storetest.LogLine{Kind: maturity.ActivityAssessed, Actor: w.core.ID, Subject: w.c.ID})
		f.clock.Advance(30 * 24 * time.Hour)
		marks := allMarks(2, maturity.Yes)
		marks["gather.talking.side"] = maturity.Mark{Rating: maturity.Partly, Note: "Only the chat channel"}
		if _, err := f.mat.Assess(f.ctx, w.leader, w.c.Slug, maturity.AssessInput{Marks: marks}); err != nil {
			t.Fatal(err)
		}
		st, err := f.mat.Standing(f.ctx, w.member, w.c.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if !st.Assessed || st.Latest.Position.Stage != "dispatch" || st.Previous.ID != first.ID {
			t.Fatalf("standing: assessed %v, stage %q, previous %d; want dispatch after %d", st.Assessed, st.Latest.Position.Stage, st.Previous.ID, first.ID)
		}
		if st.CanEdit {
			t.Fatal("a plain member may edit")
		}
		if got := st.Latest.Mark("gather.talking.side"); got.Note != "Only the chat channel" || got.Rating != maturity.Partly {
			t.Fatalf("mark %+v", got)
		}
		// 9 Dispatch indicators went up, one Gather one went down.
		up, down := 0, 0
		for _, c := range st.Changes {
			if c.Up() {
				up++
			} else {
				down++
			}
		}
		if up != 9 || down != 1 {
			t.Fatalf("changes: %d up, %d down; want 9 and 1", up, down)
		}
		hist, err := f.mat.History(f.ctx, w.member, w.c.Slug, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 2 || hist[1].ID != first.ID || len(hist[1].Marks) != 36 {
			t.Fatalf("history: %d assessments", len(hist))
		}
	})
}

func TestBadInputIsRefusedAndChangesNothing(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		if _, err := f.mat.CreateTarget(f.ctx, w.leader, w.c.Slug, maturity.TargetInput{Name: "Talks", Baseline: "1", Target: "4", Due: "2026-06-30"}); err != nil {
			t.Fatal(err)
		}
		sliders := func(now, want int) map[string]maturity.Setting {
			out := map[string]maturity.Setting{}
			for _, d := range maturity.DefaultDimensions() {
				out[d.Key] = maturity.Setting{Now: 5, Want: 6}
			}
			out["practice"] = maturity.Setting{Now: now, Want: want}
			return out
		}
		good := maturity.TargetInput{Name: "Faster replies", Metric: "first_reply_hours", Baseline: "10", Target: "2", Due: "2026-09-30"}
		with := func(change func(in *maturity.TargetInput)) maturity.TargetInput {
			in := good
			change(&in)
			return in
		}
		tests := []struct {
			name  string
			do    func() error
			kind  errs.Kind
			field string
		}{
			{"rating outside the scale", func() error {
				_, err := f.mat.Assess(f.ctx, w.core, w.c.Slug, maturity.AssessInput{Marks: map[string]maturity.Mark{"gather.talking.meet": {Rating: "maybe"}}})
				return err
			}, errs.Invalid, "rating.gather.talking.meet"},
			{"unknown indicator", func() error {
				_, err := f.mat.Assess(f.ctx, w.core, w.c.Slug, maturity.AssessInput{Marks: map[string]maturity.Mark{"gather.nope": {Rating: maturity.Yes}}})
				return err
			}, errs.Invalid, "rating.gather.nope"},
			{"nothing rated", func() error {
				_, err := f.mat.Assess(f.ctx, w.core, w.c.Slug, maturity.AssessInput{})
				return err
			}, errs.Invalid, "rating"},
			{"assessment by a plain member", func() error {
				_, err := f.mat.Assess(f.ctx, w.member, w.c.Slug, maturity.AssessInput{Marks: allMarks(1, maturity.Yes)})
				return err
			}, errs.Forbidden, ""},
			{"assessment of a private community by an outsider", func() error {
				_, err := f.mat.Assess(f.ctx, w.outsider, w.priv.Slug, maturity.AssessInput{Marks: allMarks(1, maturity.Yes)})
				return err
			}, errs.NotFound, ""},
			{"slider above 10", func() error {
				_, err := f.mat.SetDimensions(f.ctx, w.core, w.c.Slug, maturity.SettingsInput{Values: sliders(11, 5)})
				return err
			}, errs.Invalid, "now.practice"},
			{"slider below 0", func() error {
				_, err := f.mat.SetDimensions(f.ctx, w.core, w.c.Slug, maturity.SettingsInput{Values: sliders(3, -1)})
				return err
			}, errs.Invalid, "want.practice"},
			{"sliders by a plain member", func() error {
				_, err := f.mat.SetDimensions(f.ctx, w.member, w.c.Slug, maturity.SettingsInput{Values: sliders(3, 5)})
				return err
			}, errs.Forbidden, ""},
			{"dimension renamed to nothing", func() error {
				_, err := f.mat.AdaptDimension(f.ctx, w.core, w.c.Slug, "domain", maturity.DimensionInput{Name: " "})
				return err
			}, errs.Invalid, "name"},
			{"target with no name", func() error {
				_, err := f.mat.CreateTarget(f.ctx, w.core, w.c.Slug, with(func(in *maturity.TargetInput) { in.Name = "" }))
				return err
			}, errs.Invalid, "name"},
			{"due date that is not a date", func() error {
				_, err := f.mat.CreateTarget(f.ctx, w.core, w.c.Slug, with(func(in *maturity.TargetInput) { in.Due = "next spring" }))
				return err
			}, errs.Invalid, "due"},
			{"metric that does not exist", func() error {
				_, err := f.mat.CreateTarget(f.ctx, w.core, w.c.Slug, with(func(in *maturity.TargetInput) { in.Metric = "happiness" }))
				return err
			}, errs.Invalid, "metric"},
			{"baseline equal to the target", func() error {
				_, err := f.mat.CreateTarget(f.ctx, w.core, w.c.Slug, with(func(in *maturity.TargetInput) { in.Target = "10.0" }))
				return err
			}, errs.Invalid, "target"},
			{"baseline that is not a number", func() error {
				_, err := f.mat.CreateTarget(f.ctx, w.core, w.c.Slug, with(func(in *maturity.TargetInput) { in.Baseline = "lots" }))
				return err
			}, errs.Invalid, "baseline"},
			{"target by a plain member", func() error {
				_, err := f.mat.CreateTarget(f.ctx, w.member, w.c.Slug, good)
				return err
			}, errs.Forbidden, ""},
			{"hand value that is not a number", func() error {
				tg, err := f.mat.Targets(f.ctx, w.member, w.c.Slug)
				if err != nil {
					return err
				}
				_, err = f.mat.RecordValue(f.ctx, w.core, w.c.Slug, tg[0].ID, "many", "")
				return err
			}, errs.Invalid, "value"},
			{"unknown bootstrap step", func() error {
				_, err := f.mat.Tick(f.ctx, w.core, w.c.Slug, "party", true, "")
				return err
			}, errs.NotFound, ""},
			{"bootstrap tick by a plain member", func() error {
				_, err := f.mat.Tick(f.ctx, w.member, w.c.Slug, "sponsor", true, "")
				return err
			}, errs.Forbidden, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := f.snapshot(t)
				wantKind(t, tt.do(), tt.kind, tt.field)
				if after := f.snapshot(t); after != before {
					t.Fatalf("refused action changed the data:\nbefore %s\nafter %s", before, after)
				}
			})
		}
	})
}

func TestDimensionsAreSetAndAdaptedWithHistory(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		d, err := f.mat.Dimensions(f.ctx, w.member, w.c.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Dimensions) != 7 || d.Current.ID != 0 || !d.Dimensions[0].FromSeed {
			t.Fatalf("fresh dimensions: %d, current %d", len(d.Dimensions), d.Current.ID)
		}
		vals := map[string]maturity.Setting{}
		for i, dim := range maturity.DefaultDimensions() {
			vals[dim.Key] = maturity.Setting{Now: i, Want: i + 3}
		}
		if _, err := f.mat.SetDimensions(f.ctx, w.core, w.c.Slug, maturity.SettingsInput{Values: vals, Note: "Kick-off"}); err != nil {
			t.Fatal(err)
		}
		vals["practice"] = maturity.Setting{Now: 6, Want: 9}
		f.clock.Advance(time.Hour)
		if d, err = f.mat.SetDimensions(f.ctx, w.leader, w.c.Slug, maturity.SettingsInput{Values: vals}); err != nil {
			t.Fatal(err)
		}
		if len(d.History) != 2 || d.Value("practice") != (maturity.Setting{Now: 6, Want: 9}) || d.History[1].Values["practice"].Now != 0 {
			t.Fatalf("history %d, practice now %+v, before %+v", len(d.History), d.Value("practice"), d.History[1].Values["practice"])
		}
		dim, err := f.mat.AdaptDimension(f.ctx, w.core, w.c.Slug, "boundaries", maturity.DimensionInput{Name: "Neighbours",
			Description: "How we work with the other guilds", Upsides: "- Fresh eyes\n- Fewer silos", Downsides: "Blurry focus"})
		if err != nil {
			t.Fatal(err)
		}
		if dim.Name != "Neighbours" || !dim.Adapted || len(dim.Upsides) != 2 || dim.Upsides[0] != "Fresh eyes" {
			t.Fatalf("adapted: %+v", dim)
		}
	})
}

func TestEvidenceCountsEventsRepliesAndNewcomers(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		// A weekly series of lightning talks, and one open-door session.
		start := t0.Add(24 * time.Hour)
		if _, err := f.app.Events.Create(f.ctx, w.leader, w.c.Slug, events.Input{Title: "Weekly talks", Format: events.LightningTalks,
			Start: start.Format(events.LocalLayout), End: start.Add(time.Hour).Format(events.LocalLayout), TimeZone: "UTC", Place: "Room 4",
			Recurrence: events.Recurrence{Freq: events.Weekly, Interval: 1}}); err != nil {
			t.Fatal(err)
		}
		od := t0.Add(10 * 24 * time.Hour)
		if _, err := f.app.Events.Create(f.ctx, w.core, w.c.Slug, events.Input{Title: "Show and tell", Format: events.OpenDoor,
			Start: od.Format(events.LocalLayout), End: od.Add(time.Hour).Format(events.LocalLayout), TimeZone: "UTC", Place: "Atrium"}); err != nil {
			t.Fatal(err)
		}
		// Three newcomers: one asks and gets a reply, one asks and waits, one does nothing.
		n1, n2, n3 := f.user(t, "Nadia New"), f.user(t, "Noah New"), f.user(t, "Nina New")
		for _, u := range []account.User{n1, n2, n3} {
			if _, err := f.app.Communities.Join(f.ctx, u, w.c.Slug, true, ""); err != nil {
				t.Fatal(err)
			}
		}
		r1, err := f.app.Practice.Ask(f.ctx, n1, w.c.Slug, practice.NewRequest{Title: "How do I start with contract tests?", Body: "We have ten services and no idea where to begin."})
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(2 * time.Hour)
		if _, err := f.app.Practice.Reply(f.ctx, w.core, w.c.Slug, r1.ID, "Start with the consumer that breaks most often."); err != nil {
			t.Fatal(err)
		}
		if _, err := f.app.Backlog.Create(f.ctx, w.member, w.c.Slug, backlog.NewItem{Title: "A kata on mutation testing"}); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(8 * 7 * 24 * time.Hour) // eight weeks of talks later
		ev, err := f.mat.Evidence(f.ctx, w.member, w.c.Slug)
		if err != nil {
			t.Fatal(err)
		}
		meet := ev["gather.talking.meet"]
		if !strings.Contains(meet.Summary, "9 events held") || meet.Proposed != maturity.Yes {
			t.Fatalf("meet regularly: %q, proposed %q", meet.Summary, meet.Proposed)
		}
		if od := ev["explore.leading.open_door"]; !strings.HasPrefix(od.Summary, "1 open-door") || od.Proposed != maturity.Partly {
			t.Fatalf("open door: %q, proposed %q", od.Summary, od.Proposed)
		}
		welcome := ev["dispatch.attract.welcome"]
		// The core member and the member joined too, on the first day:
		// five newcomers, of whom the member (backlog), the core member
		// (reply) and Nadia (reply to her request) took part or got a reply.
		if !strings.HasPrefix(welcome.Summary, "3 of 5 newcomers") || welcome.Proposed != maturity.Partly {
			t.Fatalf("welcome: %q, proposed %q", welcome.Summary, welcome.Proposed)
		}
		// Too few replies and events to judge momentum, but the numbers show.
		if m := ev["explore.more_leaders.momentum"]; !strings.Contains(m.Summary, "100% of 3 replies and events") ||
			!strings.Contains(m.Summary, "Corentin Core and Léa Leader") || m.Proposed != "" {
			t.Fatalf("momentum: %q, proposed %q", m.Summary, m.Proposed)
		}
		if needs := ev["dispatch.identity.needs"]; needs.Proposed != maturity.Partly {
			t.Fatalf("needs: %+v", needs)
		}
		if side := ev["gather.talking.side"]; side.Available || side.Proposed != "" {
			t.Fatalf("a hand-only indicator has evidence: %+v", side)
		}
		// Evidence is for those who may see the community.
		if _, err := f.mat.Evidence(f.ctx, w.outsider, w.priv.Slug); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("outsider on a private community: %v", err)
		}
	})
}

func TestTargetsFollowLiveMetricsOrHandValues(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		r, err := f.app.Practice.Ask(f.ctx, w.member, w.c.Slug, practice.NewRequest{Title: "Flaky end-to-end tests in CI", Body: "They fail one run in five."})
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(4 * time.Hour)
		if _, err := f.app.Practice.Reply(f.ctx, w.core, w.c.Slug, r.ID, "Quarantine them first, then fix."); err != nil {
			t.Fatal(err)
		}
		before := storetest.LastActivity(t, db)
		live, err := f.mat.CreateTarget(f.ctx, w.core, w.c.Slug, maturity.TargetInput{Name: "First reply under 2 h", Metric: "first_reply_hours",
			Baseline: "10", Target: "2", Due: "2026-06-30"})
		if err != nil {
			t.Fatal(err)
		}
		storetest.WantLog(t, db, before, storetest.LogLine{Kind: maturity.ActivityTargetCreated, Actor: w.core.ID, Subject: live.ID})
		if !live.Known || live.Current != 4 || live.Percent() != 75 || live.Unit != "hours" {
			t.Fatalf("live target: current %v known %v progress %d%% unit %q", live.Current, live.Known, live.Percent(), live.Unit)
		}
		hand, err := f.mat.CreateTarget(f.ctx, w.leader, w.c.Slug, maturity.TargetInput{Name: "Teams using contract tests", Unit: "teams",
			Baseline: "2", Target: "12", Due: "2026-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		if hand.Current != 2 || hand.Progress != 0 {
			t.Fatalf("hand target before a value: %v, %v", hand.Current, hand.Progress)
		}
		f.clock.Advance(24 * time.Hour)
		if hand, err = f.mat.RecordValue(f.ctx, w.core, w.c.Slug, hand.ID, "7", "Survey of March"); err != nil {
			t.Fatal(err)
		}
		if hand.Current != 7 || hand.Percent() != 50 || len(hand.Values) != 1 || hand.Values[0].Note != "Survey of March" {
			t.Fatalf("hand target: %+v", hand)
		}
		if _, err := f.mat.RecordValue(f.ctx, w.core, w.c.Slug, live.ID, "3", ""); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("hand value on a live target: %v", err)
		}
		list, err := f.mat.Targets(f.ctx, w.outsider, w.c.Slug)
		if err != nil || len(list) != 2 || list[0].ID != live.ID {
			t.Fatalf("everyone sees the targets, soonest due first: %v, %d", err, len(list))
		}
		if err := f.mat.DeleteTarget(f.ctx, w.core, w.c.Slug, hand.ID); err != nil {
			t.Fatal(err)
		}
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM target_values`); n != 0 {
			t.Fatalf("%d values left after deleting their target", n)
		}
	})
}

func TestBootstrapStepsTickByEvidenceOrByHand(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		b, err := f.mat.Bootstrap(f.ctx, w.member, w.c.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if b.Done != 0 || !b.Show || len(b.Steps) != 6 {
			t.Fatalf("fresh community: %d done, show %v", b.Done, b.Show)
		}
		if _, err := f.app.Backlog.Create(f.ctx, w.member, w.c.Slug, backlog.NewItem{Title: "Pairing sessions on exploratory testing"}); err != nil {
			t.Fatal(err)
		}
		if err := f.app.Communities.SetRole(f.ctx, w.leader, w.c.Slug, w.member.ID, "sponsor"); err != nil {
			t.Fatal(err)
		}
		before := storetest.LastActivity(t, db)
		if b, err = f.mat.Tick(f.ctx, w.core, w.c.Slug, "goals", true, "Agreed at the kick-off lunch"); err != nil {
			t.Fatal(err)
		}
		storetest.WantLog(t, db, before, storetest.LogLine{Kind: maturity.ActivityBootstrapTicked, Actor: w.core.ID, Subject: w.c.ID})
		got := map[string]maturity.StepState{}
		for _, s := range b.Steps {
			got[s.Key] = s
		}
		if !got["backlog"].ByEvidence || !got["sponsor"].ByEvidence || !got["goals"].ByHand || got["goals"].Note != "Agreed at the kick-off lunch" || got["kickoff"].Done {
			t.Fatalf("steps: %+v", b.Steps)
		}
		if b.Done != 3 {
			t.Fatalf("%d done, want 3", b.Done)
		}
		if b, err = f.mat.Tick(f.ctx, w.leader, w.c.Slug, "goals", false, ""); err != nil || b.Done != 2 {
			t.Fatalf("untick: %v, %d done", err, b.Done)
		}
	})
}

func TestCurveMarksTheCommunityWithATextAlternative(t *testing.T) {
	p := maturity.Derive(maturity.Model(), allMarks(2, maturity.Yes))
	svg := maturity.Curve(maturity.Model(), &p, "Testing <Guild>")
	for _, want := range []string{`<circle class="marker"`, "Systems Change", "Testing &lt;Guild&gt;", "<desc", "has reached Dispatch and is working towards Explore"} {
		if !strings.Contains(svg, want) {
			t.Errorf("curve lacks %q", want)
		}
	}
	if strings.Contains(svg, "style=") {
		t.Error("inline style in the curve; the CSP forbids it")
	}
	if bare := maturity.Curve(maturity.Model(), nil, "X"); strings.Contains(bare, "marker") {
		t.Error("an unassessed community is marked")
	}
}
