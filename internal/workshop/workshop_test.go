package workshop_test

import (
	"strings"
	"testing"
	"time"

	"cultivate/internal/canvas"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/workshop"
)

func TestAWorkshopGoesFromHiddenNotesToTheCanvasAndANewLeader(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		ws := f.open(t, w, 3, canvas.KeyVision, canvas.KeyName)
		if len(ws.Code) != workshop.CodeLength || ws.Step != workshop.StepWrite || ws.Participants != 3 {
			t.Fatalf("opened: %+v", ws)
		}
		if n := storetest.Count(t, f.db, `SELECT COUNT(*) FROM notifications WHERE kind = $1`, workshop.NoteOpened); n != 3 {
			t.Fatalf("%d members told, want 3 (leader, alice, bob; not the facilitator nor the sponsor)", n)
		}
		add := func(v workshop.Viewer, sec, text string) workshop.Note {
			t.Helper()
			n, err := f.ws.AddNote(f.ctx, w.c.Slug, ws.ID, v, sec, text)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		a1 := add(w.aliceV, canvas.KeyVision, "Self-service infrastructure for every team")
		add(w.aliceV, canvas.KeyName, "Paved Road")
		b1 := add(w.bobV, canvas.KeyVision, "Teams provision without tickets")
		add(w.coreV, canvas.KeyVision, "Golden paths, not gates")

		// While writing, nobody sees anyone else's notes: not even the
		// facilitator, who sees the counts.
		for _, v := range []workshop.Viewer{w.aliceV, w.bobV, w.coreV} {
			st, err := f.ws.State(f.ctx, w.c.Slug, ws.ID, v)
			if err != nil {
				t.Fatal(err)
			}
			if st.Boards[0].Count != 3 {
				t.Fatalf("%s sees a count of %d notes, want 3", v.User.Name, st.Boards[0].Count)
			}
			for _, b := range st.Boards {
				if len(b.Loose) != 0 || len(b.Groups) != 0 {
					t.Fatalf("%s sees revealed notes while writing", v.User.Name)
				}
				for _, n := range b.Mine {
					if (v.User.ID == w.alice.ID) != (n.ID == a1.ID || n.Text == "Paved Road") {
						t.Fatalf("%s sees someone else's note %q", v.User.Name, n.Text)
					}
				}
			}
		}
		if _, err := f.ws.Advance(f.ctx, w.alice, w.c.Slug, ws.ID, 0); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("a member reveals: %v", err)
		}
		if _, err := f.ws.Advance(f.ctx, w.core, w.c.Slug, ws.ID, 10); err != nil {
			t.Fatal(err)
		}
		st, err := f.ws.State(f.ctx, w.c.Slug, ws.ID, w.bobV)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Boards[0].Loose) != 3 || st.RemainingSeconds() != 600 {
			t.Fatalf("after the reveal Bob sees %d loose notes, timer %ds", len(st.Boards[0].Loose), st.RemainingSeconds())
		}
		g1, err := f.ws.AddGroup(f.ctx, w.c.Slug, ws.ID, w.bobV, canvas.KeyVision, "Self-service")
		if err != nil {
			t.Fatal(err)
		}
		g2, err := f.ws.AddGroup(f.ctx, w.c.Slug, ws.ID, w.aliceV, canvas.KeyVision, "Paths, not gates")
		if err != nil {
			t.Fatal(err)
		}
		gName, err := f.ws.AddGroup(f.ctx, w.c.Slug, ws.ID, w.aliceV, canvas.KeyName, "Paved Road")
		if err != nil {
			t.Fatal(err)
		}
		for _, mv := range []struct{ note, group int64 }{{a1.ID, g1.ID}, {b1.ID, g1.ID}} {
			if err := f.ws.MoveNote(f.ctx, w.c.Slug, ws.ID, w.aliceV, mv.note, mv.group); err != nil {
				t.Fatal(err)
			}
		}
		wantKind(t, f.ws.MoveNote(f.ctx, w.c.Slug, ws.ID, w.aliceV, a1.ID, gName.ID), errs.Invalid, "group")
		if _, err := f.ws.Advance(f.ctx, w.core, w.c.Slug, ws.ID, 0); err != nil {
			t.Fatal(err)
		}
		// Several dots on one group are fine, up to 3 in all.
		for _, v := range []struct {
			who  workshop.Viewer
			dots map[int64]int
		}{
			{w.aliceV, map[int64]int{g1.ID: 2, gName.ID: 1}},
			{w.bobV, map[int64]int{g1.ID: 1, g2.ID: 1, gName.ID: 1}},
			{w.coreV, map[int64]int{g2.ID: 3}},
		} {
			if err := f.ws.Vote(f.ctx, w.c.Slug, ws.ID, v.who, v.dots); err != nil {
				t.Fatal(err)
			}
		}
		// During the vote nobody sees the tally, only their own dots.
		st, _ = f.ws.State(f.ctx, w.c.Slug, ws.ID, w.aliceV)
		if st.DotsLeft != 0 || st.Boards[0].Groups[0].Dots != 0 || st.Boards[0].Groups[0].MyDots != 2 {
			t.Fatalf("during the vote: left %d, group %+v", st.DotsLeft, st.Boards[0].Groups[0])
		}
		if _, err := f.ws.Advance(f.ctx, w.core, w.c.Slug, ws.ID, 0); err != nil {
			t.Fatal(err)
		}
		st, _ = f.ws.State(f.ctx, w.c.Slug, ws.ID, w.aliceV)
		if top := st.Boards[0].Groups[0]; top.Title != "Paths, not gates" || top.Dots != 4 || top.Rank != 1 {
			t.Fatalf("the tally's winner: %+v", top)
		}
		written, err := f.ws.Send(f.ctx, w.core, w.c.Slug, ws.ID, []int64{g1.ID, g2.ID, gName.ID})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(written, ",") != "vision,name" {
			t.Fatalf("written: %v", written)
		}
		cv, err := f.cv.Get(f.ctx, w.alice, w.c.Slug)
		if err != nil {
			t.Fatal(err)
		}
		vision := cv.Section(canvas.KeyVision)
		if !strings.HasPrefix(vision.Text, "- **Paths, not gates**\n- **Self-service**: Self-service infrastructure for every team; Teams provision") ||
			vision.WorkshopID != ws.ID || vision.WorkshopTitle != "Our vision" || vision.EditorID != w.core.ID {
			t.Fatalf("vision on the canvas: %+v", vision)
		}
		if got := cv.Section(canvas.KeyName).Text; got != "Paved Road" {
			t.Fatalf("name on the canvas: %q", got)
		}

		// The last step: members elect Alice; the sponsor is no candidate.
		if _, err := f.ws.Advance(f.ctx, w.core, w.c.Slug, ws.ID, 0); err != nil {
			t.Fatal(err)
		}
		st, _ = f.ws.State(f.ctx, w.c.Slug, ws.ID, w.bobV)
		for _, c := range st.Candidates {
			if c.UserID == w.sponsor.ID {
				t.Fatal("the sponsor is a candidate")
			}
		}
		wantKind(t, f.ws.Ballot(f.ctx, w.c.Slug, ws.ID, w.bobV, w.outsider.ID), errs.Invalid, "candidate")
		for _, v := range []workshop.Viewer{w.aliceV, w.bobV, w.coreV} {
			if err := f.ws.Ballot(f.ctx, w.c.Slug, ws.ID, v, w.alice.ID); err != nil {
				t.Fatal(err)
			}
		}
		// Core facilitates, but only the leader hands leadership over.
		before := f.snapshot(t)
		_, err = f.ws.ApplyElection(f.ctx, w.core, w.c.Slug, ws.ID)
		wantKind(t, err, errs.Forbidden, "")
		if f.snapshot(t) != before {
			t.Fatal("a refused handover changed something")
		}
		win, err := f.ws.ApplyElection(f.ctx, w.leader, w.c.Slug, ws.ID)
		if err != nil {
			t.Fatal(err)
		}
		if win.UserID != w.alice.ID || win.Votes != 3 {
			t.Fatalf("winner: %+v", win)
		}
		if m, _ := f.com.Membership(f.ctx, w.c.ID, w.alice.ID); m.Role != community.Leader {
			t.Fatalf("Alice is %s", m.Role)
		}
		if m, _ := f.com.Membership(f.ctx, w.c.ID, w.leader.ID); m.Role != community.Core {
			t.Fatalf("the old leader is %s", m.Role)
		}
		cv, _ = f.cv.Get(f.ctx, w.alice, w.c.Slug)
		if got := cv.Section(canvas.KeyLeader).Text; !strings.Contains(got, "Alice Member, elected") {
			t.Fatalf("leader on the canvas: %q", got)
		}
		if err := f.ws.Close(f.ctx, w.core, w.c.Slug, ws.ID); err != nil {
			t.Fatal(err)
		}
	})
}

func TestGuestsJoinWithTheCodeAndSeeOnlyTheWorkshop(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		ws := f.open(t, w, 3, canvas.KeyVision)
		j, err := f.ws.JoinByCode(f.ctx, w.outsider, strings.ToLower(ws.Code[:3])+"-"+ws.Code[3:], "Gus Guest")
		if err != nil {
			t.Fatal(err)
		}
		if j.Token == "" || j.Workshop.Code != "" {
			t.Fatalf("guest join: token %q, code shown %q", j.Token, j.Workshop.Code)
		}
		guest := workshop.Viewer{User: w.outsider, Token: j.Token}
		if _, err := f.ws.AddNote(f.ctx, w.c.Slug, ws.ID, guest, canvas.KeyVision, "A guest's idea"); err != nil {
			t.Fatal(err)
		}
		st, err := f.ws.State(f.ctx, w.c.Slug, ws.ID, guest)
		if err != nil {
			t.Fatal(err)
		}
		if !st.Me.Guest || st.Me.Name != "Gus Guest" || st.Member {
			t.Fatalf("guest state: %+v", st.Me)
		}
		// Without the token, the outsider sees nothing; the community stays hidden.
		if _, err := f.ws.State(f.ctx, w.c.Slug, ws.ID, workshop.Viewer{User: w.outsider}); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("without the token: %v", err)
		}
		if _, _, err := f.com.BySlug(f.ctx, w.c.Slug, w.outsider); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("the guest sees the private community: %v", err)
		}
		if _, err := f.ws.List(f.ctx, w.outsider, w.c.Slug); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("the guest lists the workshops: %v", err)
		}
		// A member joining with the code joins as themself, without a token.
		jm, err := f.ws.JoinByCode(f.ctx, w.leader, ws.Code, "")
		if err != nil || jm.Token != "" {
			t.Fatalf("member joins by code: %v, token %q", err, jm.Token)
		}
	})
}

func TestBadWorkshopInputIsRefusedAndChangesNothing(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		ws := f.open(t, w, 3, canvas.KeyVision)
		n, err := f.ws.AddNote(f.ctx, w.c.Slug, ws.ID, w.aliceV, canvas.KeyVision, "An idea")
		if err != nil {
			t.Fatal(err)
		}
		_ = n
		check := func(name string, err error, k errs.Kind, field string) {
			t.Helper()
			t.Run(name, func(t *testing.T) { wantKind(t, err, k, field) })
		}
		before := f.snapshot(t)
		_, err = f.ws.Create(f.ctx, w.alice, w.c.Slug, workshop.NewWorkshop{Title: "Mine", Sections: []string{"vision"}, Dots: 3})
		check("a member opens a workshop", err, errs.Forbidden, "")
		_, err = f.ws.Create(f.ctx, w.core, w.c.Slug, workshop.NewWorkshop{Title: "x", Sections: []string{"forces"}, Dots: 0, Minutes: 999})
		check("bad settings", err, errs.Invalid, "title")
		if got := errs.ByField(err); got["sections"] == "" || got["dots"] == "" || got["minutes"] == "" {
			t.Errorf("bad settings name only %v", got)
		}
		_, err = f.ws.AddNote(f.ctx, w.c.Slug, ws.ID, w.aliceV, canvas.KeyVision, strings.Repeat("x", workshop.NoteMax+1))
		check("an overlong note", err, errs.Invalid, "text")
		_, err = f.ws.AddNote(f.ctx, w.c.Slug, ws.ID, w.aliceV, canvas.KeyVision, "  ")
		check("an empty note", err, errs.Invalid, "text")
		_, err = f.ws.AddNote(f.ctx, w.c.Slug, ws.ID, w.aliceV, canvas.KeyHow, "Not this section")
		check("a note on another section", err, errs.Invalid, "section")
		_, err = f.ws.AddNote(f.ctx, w.c.Slug, ws.ID, workshop.Viewer{User: w.outsider}, canvas.KeyVision, "Let me in")
		check("an outsider's note", err, errs.NotFound, "")
		_, err = f.ws.JoinByCode(f.ctx, w.outsider, "ZZZZZZ", "Gus")
		check("a wrong code", err, errs.Invalid, "code")
		_, err = f.ws.JoinByCode(f.ctx, w.outsider, ws.Code, "G")
		check("a guest without a name", err, errs.Invalid, "name")
		_, err = f.ws.Join(f.ctx, w.sponsor, w.c.Slug, ws.ID)
		check("the sponsor joins", err, errs.Forbidden, "")
		check("a vote while writing", f.ws.Vote(f.ctx, w.c.Slug, ws.ID, w.aliceV, map[int64]int{1: 1}), errs.Conflict, "")
		if f.snapshot(t) != before {
			t.Fatal("refused input changed something")
		}

		// Notes after the write step.
		if _, err := f.ws.Advance(f.ctx, w.core, w.c.Slug, ws.ID, 0); err != nil {
			t.Fatal(err)
		}
		g, err := f.ws.AddGroup(f.ctx, w.c.Slug, ws.ID, w.aliceV, canvas.KeyVision, "Ideas")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.ws.Advance(f.ctx, w.core, w.c.Slug, ws.ID, 0); err != nil {
			t.Fatal(err)
		}
		if err := f.ws.Vote(f.ctx, w.c.Slug, ws.ID, w.aliceV, map[int64]int{g.ID: 2}); err != nil {
			t.Fatal(err)
		}
		before = f.snapshot(t)
		_, err = f.ws.AddNote(f.ctx, w.c.Slug, ws.ID, w.bobV, canvas.KeyVision, "Too late")
		check("a note after the write step", err, errs.Conflict, "")
		err = f.ws.Vote(f.ctx, w.c.Slug, ws.ID, w.aliceV, map[int64]int{g.ID: 4})
		check("more dots than allowed", err, errs.Invalid, "dots")
		if msg := errs.ByField(err)["dots"]; !strings.Contains(msg, "You have 3 dots and placed 4") {
			t.Errorf("the dots message: %q", msg)
		}
		check("negative dots", f.ws.Vote(f.ctx, w.c.Slug, ws.ID, w.aliceV, map[int64]int{g.ID: -1}), errs.Invalid, "dots")
		check("a vote on a group of another workshop", f.ws.Vote(f.ctx, w.c.Slug, ws.ID, w.aliceV, map[int64]int{g.ID + 100: 1}), errs.Invalid, "dots")
		_, err = f.ws.Send(f.ctx, w.core, w.c.Slug, ws.ID, []int64{g.ID})
		check("sending before the result", err, errs.Conflict, "")
		if f.snapshot(t) != before {
			t.Fatal("refused input changed something")
		}
		st, _ := f.ws.State(f.ctx, w.c.Slug, ws.ID, w.aliceV)
		if st.DotsUsed != 2 {
			t.Fatalf("Alice's earlier dots were lost: %d used", st.DotsUsed)
		}

		// Joining a closed workshop, by code or as a member.
		if err := f.ws.Close(f.ctx, w.core, w.c.Slug, ws.ID); err != nil {
			t.Fatal(err)
		}
		before = f.snapshot(t)
		_, err = f.ws.JoinByCode(f.ctx, w.outsider, ws.Code, "Gus Guest")
		check("a guest joins a closed workshop", err, errs.Conflict, "")
		_, err = f.ws.Join(f.ctx, w.leader, w.c.Slug, ws.ID)
		check("a member joins a closed workshop", err, errs.Conflict, "")
		_, err = f.ws.AddNote(f.ctx, w.c.Slug, ws.ID, w.aliceV, canvas.KeyVision, "After the end")
		check("a note in a closed workshop", err, errs.Conflict, "")
		if f.snapshot(t) != before {
			t.Fatal("refused input changed something")
		}
	})
}

func TestTheServerClockEndsTheWritingStep(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		ws, err := f.ws.Create(f.ctx, w.core, w.c.Slug, workshop.NewWorkshop{Title: "Timed", Sections: []string{canvas.KeyVision}, Dots: 2, Minutes: 5})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.ws.AddNote(f.ctx, w.c.Slug, ws.ID, w.coreV, canvas.KeyVision, "In time"); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(5 * time.Minute)
		st, _ := f.ws.State(f.ctx, w.c.Slug, ws.ID, w.coreV)
		if !st.TimeUp || st.Can.Write {
			t.Fatalf("after 5 minutes: time up %v, can write %v", st.TimeUp, st.Can.Write)
		}
		_, err = f.ws.AddNote(f.ctx, w.c.Slug, ws.ID, w.coreV, canvas.KeyVision, "Too late")
		wantKind(t, err, errs.Conflict, "")
	})
}

func TestEveryChangeBumpsTheVersionLivePagesWatch(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		ws := f.open(t, w, 3, canvas.KeyVision)
		v0, err := f.ws.Version(f.ctx, ws.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.ws.AddNote(f.ctx, w.c.Slug, ws.ID, w.aliceV, canvas.KeyVision, "Idea"); err != nil {
			t.Fatal(err)
		}
		got := make(chan int64, 1)
		if err := f.ws.Watch(f.ctx, ws.ID, v0, time.Millisecond, nil, func(v int64) error {
			got <- v
			return errStop
		}); err != errStop {
			t.Fatalf("Watch: %v", err)
		}
		if v := <-got; v != v0+1 {
			t.Fatalf("watched version %d, want %d", v, v0+1)
		}
		// Shutdown ends a stream that sees no change.
		f.ws.Shutdown()
		if err := f.ws.Watch(f.ctx, ws.ID, v0+1, time.Millisecond, nil, func(int64) error { return nil }); err != nil {
			t.Fatalf("Watch after Shutdown: %v", err)
		}
	})
}

var errStop = errs.E(errs.Internal, "stop")
