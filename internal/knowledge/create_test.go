package knowledge_test

import (
	"context"
	"strings"
	"testing"

	"cultivate/internal/errs"
	"cultivate/internal/knowledge"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestCreateRefusesBadInputFieldByFieldAndWritesNothing(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		theirs := f.create(t, w.lead2, w.other.Slug, knowledge.NewArtefact{Kind: knowledge.Insight, Title: "Their insight"})
		theirRequest := f.request(t, w.other, w.lead2, "Their question", "Elsewhere entirely.", "")
		deletedRequest := f.request(t, w.c, w.alice, "Gone question", "Deleted since.", "")
		if _, err := db.ExecContext(f.ctx, `UPDATE requests SET deleted_at = 1 WHERE id = $1`, deletedRequest); err != nil {
			t.Fatal(err)
		}
		good := knowledge.NewArtefact{Kind: knowledge.FAQ, Title: "How do we seed test data?", Body: body("Use the fixture builders"), Tags: "fixtures data"}
		tests := []struct {
			name  string
			edit  func(in *knowledge.NewArtefact)
			field string
		}{
			{"unknown kind", func(in *knowledge.NewArtefact) { in.Kind = "poem" }, "kind"},
			{"no kind", func(in *knowledge.NewArtefact) { in.Kind = "" }, "kind"},
			{"title missing", func(in *knowledge.NewArtefact) { in.Title = "   " }, "title"},
			{"title too short", func(in *knowledge.NewArtefact) { in.Title = "FAQ" }, "title"},
			{"title too long", func(in *knowledge.NewArtefact) { in.Title = strings.Repeat("t", 201) }, "title"},
			{"title on two lines", func(in *knowledge.NewArtefact) { in.Title = "Two\nlines here" }, "title"},
			{"title not UTF-8", func(in *knowledge.NewArtefact) { in.Title = "bad \xff title" }, "title"},
			{"body too short", func(in *knowledge.NewArtefact) { in.Body = "Too short." }, "body"},
			{"body too long", func(in *knowledge.NewArtefact) { in.Body = strings.Repeat("word ", 10001) }, "body"},
			{"body with control characters", func(in *knowledge.NewArtefact) { in.Body = body("bell \a here") }, "body"},
			{"nine tags", func(in *knowledge.NewArtefact) { in.Tags = "a b c d e f g h i" }, "tags"},
			{"tag with a bad character", func(in *knowledge.NewArtefact) { in.Tags = "ok not/ok" }, "tags"},
			{"anonymous FAQ", func(in *knowledge.NewArtefact) { in.Anonymous = true }, "anonymous"},
			{"status on an FAQ", func(in *knowledge.NewArtefact) { in.PracticeStatus = knowledge.Tried }, "practice_status"},
			{"unknown practice status", func(in *knowledge.NewArtefact) {
				in.Kind, in.PracticeStatus = knowledge.Practice, "abandoned"
			}, "practice_status"},
			{"unknown source type", func(in *knowledge.NewArtefact) {
				in.Sources = []knowledge.Source{{Type: "wiki", ID: 1}}
			}, "sources"},
			{"source without id", func(in *knowledge.NewArtefact) {
				in.Sources = []knowledge.Source{{Type: knowledge.SourceRequest}}
			}, "sources"},
			{"request that does not exist", func(in *knowledge.NewArtefact) {
				in.Sources = []knowledge.Source{{Type: knowledge.SourceRequest, ID: 999999}}
			}, "sources"},
			{"request of another community", func(in *knowledge.NewArtefact) {
				in.Sources = []knowledge.Source{{Type: knowledge.SourceRequest, ID: theirRequest}}
			}, "sources"},
			{"artefact of another community", func(in *knowledge.NewArtefact) {
				in.Sources = []knowledge.Source{{Type: knowledge.SourceArtefact, ID: theirs.ID}}
			}, "sources"},
			{"deleted request", func(in *knowledge.NewArtefact) {
				in.Sources = []knowledge.Source{{Type: knowledge.SourceRequest, ID: deletedRequest}}
			}, "sources"},
			{"event while events cannot be linked", func(in *knowledge.NewArtefact) {
				in.Sources = []knowledge.Source{{Type: knowledge.SourceEvent, ID: 1}}
			}, "sources"},
			{"too many sources", func(in *knowledge.NewArtefact) {
				for i := range 21 {
					in.Sources = append(in.Sources, knowledge.Source{Type: knowledge.SourceArtefact, ID: int64(i + 1)})
				}
			}, "sources"},
		}
		before := f.snapshot(t)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := good
				tt.edit(&in)
				_, err := f.k.Create(f.ctx, w.alice, w.c.Slug, in)
				wantKind(t, err, errs.Invalid, tt.field)
				if got := f.snapshot(t); got != before {
					t.Errorf("a refused Create changed the database:\n%s\n%s", before, got)
				}
			})
		}

		// Every problem is reported at once, so a form shows them all.
		_, err := f.k.Create(f.ctx, w.alice, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.Insight, Title: "x", Body: "y", Anonymous: true})
		if got := errs.ByField(err); len(got) != 3 || got["title"] == "" || got["body"] == "" || got["anonymous"] == "" {
			t.Errorf("ByField = %v, want title, body and anonymous", got)
		}
	})
}

func TestCreateStoresTheArtefactWithItsTagsSourcesActivityAndSearchDoc(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		req := f.request(t, w.c, w.bob, "Flaky login test", "It fails one run in ten.", "")
		earlier := f.create(t, w.core, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.Insight, Title: "Clocks cause most flakes"})

		mark := f.mark(t)
		a, err := f.k.Create(f.ctx, w.alice, w.c.Slug, knowledge.NewArtefact{
			Kind: knowledge.Practice, Title: "  Inject the clock  ", Body: "Pass a `clock.Clock` to every service.\r\nNever call time.Now.",
			Tags: "Flaky, clocks  flaky",
			Sources: []knowledge.Source{{Type: knowledge.SourceRequest, ID: req}, {Type: knowledge.SourceArtefact, ID: earlier.ID},
				{Type: knowledge.SourceRequest, ID: req}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if a.Title != "Inject the clock" || a.Body != "Pass a `clock.Clock` to every service.\nNever call time.Now." {
			t.Errorf("title %q body %q: want them trimmed, with LF line endings", a.Title, a.Body)
		}
		if a.Kind != knowledge.Practice || a.PracticeStatus != knowledge.Proposed || a.Revision != 1 || a.Anonymous {
			t.Errorf("kind %s status %q revision %d anonymous %v", a.Kind, a.PracticeStatus, a.Revision, a.Anonymous)
		}
		if a.AuthorID != w.alice.ID || a.AuthorName != "Alice Member" || a.CommunitySlug != w.c.Slug {
			t.Errorf("author %d %q in %q", a.AuthorID, a.AuthorName, a.CommunitySlug)
		}
		if strings.Join(a.Tags, ",") != "clocks,flaky" {
			t.Errorf("tags %v, want clocks and flaky once each", a.Tags)
		}
		if len(a.Sources) != 2 || a.Sources[0] != (knowledge.Source{Type: knowledge.SourceRequest, ID: req, Title: "Flaky login test"}) ||
			a.Sources[1] != (knowledge.Source{Type: knowledge.SourceArtefact, ID: earlier.ID, Title: "Clocks cause most flakes"}) {
			t.Errorf("sources %+v", a.Sources)
		}
		if !a.CreatedAt.Equal(t0) || !a.UpdatedAt.Equal(t0) || !a.DeletedAt.IsZero() {
			t.Errorf("times %v %v %v", a.CreatedAt, a.UpdatedAt, a.DeletedAt)
		}
		if a.Can != (knowledge.Permissions{Edit: true, Delete: true, Adopt: true}) {
			t.Errorf("author may %+v", a.Can)
		}
		if a.Path() != "/c/testing-guild/knowledge/"+itoa(a.ID) || a.KindLabel() != "Practice" {
			t.Errorf("path %q label %q", a.Path(), a.KindLabel())
		}
		f.wantLog(t, mark, line{knowledge.ActivityCreated, w.alice.ID, a.ID})

		var kind, subkind, tags, title, text string
		var communityID, created int64
		if err := db.QueryRowContext(f.ctx, `SELECT kind, subkind, community_id, tags, title, body, created_at FROM search_docs WHERE kind = 'artefact' AND ref_id = $1`, a.ID).
			Scan(&kind, &subkind, &communityID, &tags, &title, &text, &created); err != nil {
			t.Fatalf("search doc: %v", err)
		}
		if subkind != "practice" || communityID != w.c.ID || tags != "flaky clocks" || title != a.Title || text != a.Body || created != store.Millis(t0) {
			t.Errorf("search doc %s/%s c%d tags %q title %q body %q at %d", kind, subkind, communityID, tags, title, text, created)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM artefacts WHERE id = $1 AND source_request_id = $2`, a.ID, req); n != 1 {
			t.Errorf("source_request_id not set to the request")
		}
	})
}

func TestOnlyMembersCreate(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		in := knowledge.NewArtefact{Kind: knowledge.FAQ, Title: "A question", Body: body("An answer")}
		before := f.snapshot(t)
		_, err := f.k.Create(f.ctx, w.outsider, w.c.Slug, in)
		wantKind(t, err, errs.Forbidden, "")
		_, err = f.k.Create(f.ctx, zeroUser, w.c.Slug, in)
		wantKind(t, err, errs.Unauthorized, "")
		_, err = f.k.Create(f.ctx, w.alice, "no-such-community", in)
		wantKind(t, err, errs.NotFound, "")
		if got := f.snapshot(t); got != before {
			t.Errorf("refused creates changed the database")
		}
	})
}

func TestEventSourcesNeedTheEventsArea(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		f.k.SetEventLookup(func(_ context.Context, communityID, eventID int64) (string, error) {
			if communityID == w.c.ID && eventID == 7 {
				return "March brown bag", nil
			}
			return "", errs.E(errs.NotFound, "no such event")
		})
		a := f.create(t, w.core, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.Minutes, Title: "Minutes of the March brown bag",
			Sources: []knowledge.Source{{Type: knowledge.SourceEvent, ID: 7}}})
		if len(a.Sources) != 1 || a.Sources[0].Title != "March brown bag" {
			t.Errorf("sources %+v", a.Sources)
		}
		_, err := f.k.Create(f.ctx, w.core, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.Minutes, Title: "Minutes of nothing",
			Body: body("Nothing"), Sources: []knowledge.Source{{Type: knowledge.SourceEvent, ID: 8}}})
		wantKind(t, err, errs.Invalid, "sources")
	})
}
