package knowledge_test

import (
	"slices"
	"strings"
	"testing"

	"cultivate/internal/errs"
	"cultivate/internal/knowledge"
	"cultivate/internal/notify"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestSolvedThreadBecomesAnFAQInOneStep(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		req := f.request(t, w.c, w.alice, "How do I stop flaky end-to-end tests?",
			"Our Chromium journey fails one run in ten, always at login.", "Retrying the step three times.", "flaky", "e2e")
		accepted := f.reply(t, req, w.bob, "Inject the clock and wait for the network to be idle.\n\n```go\nclock.NewFake(t0)\n```", 0)
		f.reply(t, req, w.core, "Also check that each test gets a fresh browser profile; shared profiles leak cookies.", 0)
		f.reply(t, req, w.alice, "Thanks, trying both ideas tomorrow and will report back here.", 0) // the asker's own
		f.reply(t, req, w.leader, "+1", 0)                                                           // too short to be useful
		f.reply(t, req, w.leader, "Comments under an answer are conversation, not part of the FAQ.", accepted)
		f.solve(t, req, accepted, "worked", "Not one failure in 200 runs since.")

		draft, err := f.k.DraftFromRequest(f.ctx, w.alice, w.c.Slug, req)
		if err != nil {
			t.Fatal(err)
		}
		if fromCore, err := f.k.DraftFromRequest(f.ctx, w.core, w.c.Slug, req); err != nil || fromCore.Body != draft.Body {
			t.Errorf("the core group gets a different draft (%v)", err)
		}
		if draft.Kind != knowledge.FAQ || draft.Title != "How do I stop flaky end-to-end tests?" || draft.Tags != "e2e flaky" || draft.Anonymous {
			t.Errorf("draft %s %q tags %q", draft.Kind, draft.Title, draft.Tags)
		}
		if !slices.Equal(draft.Sources, []knowledge.Source{{Type: knowledge.SourceRequest, ID: req}}) {
			t.Errorf("sources %+v", draft.Sources)
		}
		for _, want := range []string{
			"Our Chromium journey fails one run in ten, always at login.",         // the question
			"Retrying the step three times.",                                      // what was tried
			"> Inject the clock and wait for the network to be idle.\n>\n> ```go", // the accepted answer, quoted whole
			"answered by **Bob Member**, accepted as the solution",                // with credit
			"> Also check that each test gets a fresh browser profile",            // another useful reply
			"— **Corentin Core**",                                                 // credited too
			"**It worked**, Alice Member reported on 10 March 2025",               // the outcome
			"> Not one failure in 200 runs since.",                                // in the asker's words
			"“How do I stop flaky end-to-end tests?”, asked by Alice Member",      // where it came from
		} {
			if !strings.Contains(draft.Body, want) {
				t.Errorf("draft lacks %q:\n%s", want, draft.Body)
			}
		}
		for _, unwanted := range []string{"+1", "Thanks, trying", "Comments under an answer"} {
			if strings.Contains(draft.Body, unwanted) {
				t.Errorf("draft holds %q:\n%s", unwanted, draft.Body)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM artefacts`); n != 0 {
			t.Fatalf("a draft saved %d artefacts", n)
		}

		// Saving it tells everyone who took part, except its author.
		f.clock.Advance(1000)
		a, err := f.k.Create(f.ctx, w.core, w.c.Slug, draft)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Sources) != 1 || a.Sources[0].Title != "How do I stop flaky end-to-end tests?" {
			t.Errorf("sources %+v", a.Sources)
		}
		rows, err := db.QueryContext(f.ctx, `SELECT user_id, kind, actor_id, link, title FROM notifications ORDER BY user_id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var told []int64
		for rows.Next() {
			var user, actor int64
			var kind, link, title string
			if err := rows.Scan(&user, &kind, &actor, &link, &title); err != nil {
				t.Fatal(err)
			}
			told = append(told, user)
			if kind != notify.ArtefactFromMe || actor != w.core.ID || link != a.Path() || !strings.Contains(title, a.Title) {
				t.Errorf("note %s by %d to %s: %q", kind, actor, link, title)
			}
		}
		want := []int64{w.leader.ID, w.alice.ID, w.bob.ID}
		slices.Sort(want)
		if !slices.Equal(told, want) {
			t.Errorf("told %v, want the asker and everyone who replied but the author: %v", told, want)
		}
		linked, err := f.k.LinkedFrom(f.ctx, w.outsider, w.c.Slug, knowledge.Source{Type: knowledge.SourceRequest, ID: req})
		if err != nil || len(linked) != 1 || linked[0].ID != a.ID {
			t.Errorf("LinkedFrom = %+v, %v", linked, err)
		}
	})
}

func TestDraftWithoutOutcomeOrTriedSaysNothingAboutThem(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		req := f.request(t, w.c, w.alice, "Why", "Why do we pair on test design at all?", "")
		accepted := f.reply(t, req, w.bob, "Because two people see twice the edge cases.", 0)
		f.solve(t, req, accepted, "", "")
		draft, err := f.k.DraftFromRequest(f.ctx, w.alice, w.c.Slug, req)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(draft.Body, "tried") || strings.Contains(draft.Body, "turned out") || strings.Contains(draft.Body, "Also useful") {
			t.Errorf("draft speaks of what it does not know:\n%s", draft.Body)
		}
		if draft.Title != "FAQ: Why" {
			t.Errorf("a title too short to save becomes %q", draft.Title)
		}
		if _, err := f.k.Create(f.ctx, w.alice, w.c.Slug, draft); err != nil {
			t.Errorf("the draft cannot be saved as it is: %v", err)
		}
	})
}

func TestPromotionIsRefusedForUnsolvedAndOthersThreads(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		open := f.request(t, w.c, w.alice, "Still open", "Nobody has answered yet.", "")
		f.reply(t, open, w.bob, "A reply that was not accepted (yet), but long enough.", 0)
		solved := f.request(t, w.c, w.alice, "Solved one", "An answered question.", "")
		f.solve(t, solved, f.reply(t, solved, w.bob, "The answer to it, long enough to count.", 0), "partly", "")
		elsewhere := f.request(t, w.other, w.lead2, "Elsewhere", "In another community.", "")
		gone := f.request(t, w.c, w.alice, "Deleted", "Deleted since.", "")
		if _, err := db.ExecContext(f.ctx, `UPDATE requests SET deleted_at = 1 WHERE id = $1`, gone); err != nil {
			t.Fatal(err)
		}

		_, err := f.k.DraftFromRequest(f.ctx, w.alice, w.c.Slug, open)
		wantKind(t, err, errs.Conflict, "")
		_, err = f.k.DraftFromRequest(f.ctx, w.bob, w.c.Slug, solved) // a member who is not the asker
		wantKind(t, err, errs.Forbidden, "")
		_, err = f.k.DraftFromRequest(f.ctx, w.outsider, w.c.Slug, solved)
		wantKind(t, err, errs.Forbidden, "")
		_, err = f.k.DraftFromRequest(f.ctx, w.leader, w.c.Slug, elsewhere)
		wantKind(t, err, errs.NotFound, "")
		_, err = f.k.DraftFromRequest(f.ctx, w.leader, w.c.Slug, gone)
		wantKind(t, err, errs.NotFound, "")
		_, err = f.k.DraftFromRequest(f.ctx, w.leader, w.c.Slug, 999999)
		wantKind(t, err, errs.NotFound, "")
		draft, err := f.k.DraftFromRequest(f.ctx, w.leader, w.c.Slug, solved)
		if err != nil || !strings.Contains(draft.Body, "**It partly worked**") {
			t.Errorf("leader's draft: %v\n%s", err, draft.Body)
		}
	})
}
