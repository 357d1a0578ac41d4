package canvas_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"cultivate/internal/canvas"
	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestEmptyCanvasListsEverySectionWithItsSource(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		cv, err := f.cv.Get(f.ctx, w.outsider, w.c.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if len(cv.Sections) != 7 || cv.Filled != 0 || cv.CanEdit {
			t.Fatalf("empty canvas: %d sections, %d filled, can edit %v", len(cv.Sections), cv.Filled, cv.CanEdit)
		}
		for _, s := range cv.Sections {
			if !s.Empty() || !strings.Contains(s.About, "seed 004") {
				t.Errorf("section %s: empty %v, about %q", s.Key, s.Empty(), s.About)
			}
		}
		if _, err := f.cv.Get(f.ctx, w.outsider, w.priv.Slug); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("an outsider reads a private community's canvas: %v", err)
		}
	})
}

func TestLeaderAndCoreSaveRevisionsWithHistoryAndDiff(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		mark := storetest.LastActivity(t, f.db)
		v, err := f.cv.Save(f.ctx, w.leader, w.c.Slug, canvas.KeyVision, 0, canvas.Input{Text: "Every team ships with confidence.\nTesting is everyone's job."})
		if err != nil {
			t.Fatal(err)
		}
		if v.Revision != 1 || v.EditorName != "Léa Leader" {
			t.Fatalf("first save: %+v", v)
		}
		f.clock.Advance(time.Hour)
		v, err = f.cv.Save(f.ctx, w.core, w.c.Slug, canvas.KeyVision, 1, canvas.Input{Text: "Every team ships with confidence.\nQuality is everyone's job."})
		if err != nil {
			t.Fatal(err)
		}
		if v.Revision != 2 || v.EditorName != "Corentin Core" {
			t.Fatalf("second save: %+v", v)
		}
		// Saving the same text adds nothing.
		before := f.snapshot(t)
		if v, err = f.cv.Save(f.ctx, w.core, w.c.Slug, canvas.KeyVision, 2, canvas.Input{Text: "Every team ships with confidence.\nQuality is everyone's job."}); err != nil || v.Revision != 2 {
			t.Fatalf("same text: %v %+v", err, v)
		}
		if f.snapshot(t) != before {
			t.Fatal("saving the same text changed something")
		}
		revs, err := f.cv.Revisions(f.ctx, w.member, w.c.Slug, canvas.KeyVision)
		if err != nil || len(revs) != 2 {
			t.Fatalf("revisions: %v %d", err, len(revs))
		}
		cmp, err := f.cv.Compare(f.ctx, w.member, w.c.Slug, canvas.KeyVision, 1, 2)
		if err != nil {
			t.Fatal(err)
		}
		if cmp.Inserted != 1 || cmp.Deleted != 1 {
			t.Fatalf("diff: +%d -%d", cmp.Inserted, cmp.Deleted)
		}
		if _, err := f.cv.Compare(f.ctx, w.member, w.c.Slug, canvas.KeyVision, 1, 9); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("compare with a missing revision: %v", err)
		}
		storetest.WantLog(t, f.db, mark,
			storetest.LogLine{Kind: canvas.ActivityEdited, Actor: w.leader.ID, Subject: w.c.ID},
			storetest.LogLine{Kind: canvas.ActivityEdited, Actor: w.core.ID, Subject: w.c.ID})
	})
}

func TestTheLaterOfTwoSavesOnTheSameRevisionIsAConflict(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		if _, err := f.cv.Save(f.ctx, w.leader, w.c.Slug, canvas.KeyHow, 0, canvas.Input{Text: "Monthly clinics."}); err != nil {
			t.Fatal(err)
		}
		// Both opened revision 1; the core member saves first.
		if _, err := f.cv.Save(f.ctx, w.core, w.c.Slug, canvas.KeyHow, 1, canvas.Input{Text: "Monthly clinics and a kata."}); err != nil {
			t.Fatal(err)
		}
		before := f.snapshot(t)
		_, err := f.cv.Save(f.ctx, w.leader, w.c.Slug, canvas.KeyHow, 1, canvas.Input{Text: "Weekly clinics."})
		wantKind(t, err, errs.Conflict, "")
		if f.snapshot(t) != before {
			t.Fatal("a conflicting save changed something")
		}
		cv, _ := f.cv.Get(f.ctx, w.leader, w.c.Slug)
		if got := cv.Section(canvas.KeyHow).Text; got != "Monthly clinics and a kata." {
			t.Fatalf("the first save was overwritten: %q", got)
		}
		// A first save of an empty section collides the same way.
		if _, err := f.cv.Save(f.ctx, w.core, w.c.Slug, canvas.KeyName, 0, canvas.Input{Text: "Quality Crew"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.cv.Save(f.ctx, w.leader, w.c.Slug, canvas.KeyName, 0, canvas.Input{Text: "Test Pilots"})
		wantKind(t, err, errs.Conflict, "")
	})
}

func TestConcurrentSavesOnTheSameRevisionLetExactlyOneThrough(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		errc := make(chan error, 2)
		for _, u := range []string{"A", "B"} {
			go func() {
				_, err := f.cv.Save(context.Background(), w.leader, w.c.Slug, canvas.KeyImpact, 0, canvas.Input{Text: "Impact written by " + u})
				errc <- err
			}()
		}
		var ok, conflicts int
		for range 2 {
			switch err := <-errc; {
			case err == nil:
				ok++
			case errs.Is(err, errs.Conflict):
				conflicts++
			default:
				t.Fatal(err)
			}
		}
		if ok != 1 || conflicts != 1 {
			t.Fatalf("%d saved, %d conflicts; want 1 and 1", ok, conflicts)
		}
	})
}

func TestBadCanvasEditsAreRefusedAndChangeNothing(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		force := func(d canvas.Direction, s int, text string) []canvas.Force {
			return []canvas.Force{{Direction: d, Strength: s, Text: text}}
		}
		cases := []struct {
			name  string
			who   func() (string, int64)
			key   string
			in    canvas.Input
			kind  errs.Kind
			field string
		}{
			{"a plain member", nil, canvas.KeyVision, canvas.Input{Text: "Mine now"}, errs.Forbidden, ""},
			{"an outsider", nil, canvas.KeyVision, canvas.Input{Text: "Mine now"}, errs.Forbidden, ""},
			{"an empty section", nil, canvas.KeyVision, canvas.Input{Text: "   "}, errs.Invalid, "text"},
			{"an overlong section", nil, canvas.KeyVision, canvas.Input{Text: strings.Repeat("x", 4001)}, errs.Invalid, "text"},
			{"an overlong name", nil, canvas.KeyName, canvas.Input{Text: strings.Repeat("n", 121)}, errs.Invalid, "text"},
			{"a name on two lines", nil, canvas.KeyName, canvas.Input{Text: "Quality\nCrew"}, errs.Invalid, "text"},
			{"strength 0", nil, canvas.KeyForces, canvas.Input{Forces: force(canvas.Supports, 0, "A sponsor")}, errs.Invalid, "forces"},
			{"strength 6", nil, canvas.KeyForces, canvas.Input{Forces: force(canvas.Hinders, 6, "No time")}, errs.Invalid, "forces"},
			{"no direction", nil, canvas.KeyForces, canvas.Input{Forces: force("", 3, "No time")}, errs.Invalid, "forces"},
			{"no forces", nil, canvas.KeyForces, canvas.Input{}, errs.Invalid, "forces"},
			{"an unknown section", nil, "mission", canvas.Input{Text: "x"}, errs.NotFound, ""},
		}
		before := f.snapshot(t)
		for _, tc := range cases {
			u := w.leader
			switch tc.name {
			case "a plain member":
				u = w.member
			case "an outsider":
				u = w.outsider
			}
			_, err := f.cv.Save(f.ctx, u, w.c.Slug, tc.key, 0, tc.in)
			t.Run(tc.name, func(t *testing.T) { wantKind(t, err, tc.kind, tc.field) })
		}
		if _, err := f.cv.Save(f.ctx, w.outsider, w.priv.Slug, canvas.KeyVision, 0, canvas.Input{Text: "x"}); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("an outsider editing a private canvas: %v", err)
		}
		if f.snapshot(t) != before {
			t.Fatal("a refused edit changed something")
		}
	})
}

func TestForceFieldKeepsDirectionAndStrength(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		forces, err := canvas.ParseForces("+ 5 A sponsor who shows up\n\n- 4 Nobody has time set aside\n+ 2 Quality week buzz")
		if err != nil {
			t.Fatal(err)
		}
		v, err := f.cv.Save(f.ctx, w.core, w.c.Slug, canvas.KeyForces, 0, canvas.Input{Forces: forces})
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Supporting()) != 2 || len(v.Hindering()) != 1 || v.Hindering()[0].Strength != 4 {
			t.Fatalf("force field: %+v", v.Forces)
		}
		if got := v.ForcesText(); got != "+ 5 A sponsor who shows up\n- 4 Nobody has time set aside\n+ 2 Quality week buzz\n" {
			t.Fatalf("editor text: %q", got)
		}
		for _, bad := range []string{"5 no sign", "+ strong support", "* 3 a star"} {
			if _, err := canvas.ParseForces(bad); errs.KindOf(err) != errs.Invalid {
				t.Errorf("ParseForces(%q) = %v, want an invalid field error", bad, err)
			}
		}
	})
}

func TestPosterIsAnSVGOfEverySection(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		if _, err := f.cv.Save(f.ctx, w.leader, w.c.Slug, canvas.KeyVision, 0, canvas.Input{Text: "Ship with <confidence> & joy"}); err != nil {
			t.Fatal(err)
		}
		cv, err := f.cv.Get(f.ctx, w.member, w.c.Slug)
		if err != nil {
			t.Fatal(err)
		}
		svg := string(canvas.Poster(cv))
		for _, want := range []string{"<svg", "Vision and why it matters", "Ship with &lt;confidence&gt; &amp; joy", "Force field", "(not written yet)", "seed 004"} {
			if !strings.Contains(svg, want) {
				t.Errorf("poster lacks %q", want)
			}
		}
	})
}
