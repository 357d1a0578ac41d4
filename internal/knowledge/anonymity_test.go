package knowledge_test

import (
	"encoding/json"
	"strings"
	"testing"

	"cultivate/internal/account"
	"cultivate/internal/community"
	"cultivate/internal/knowledge"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// Seed 000: trust grows from being able to talk about failure. An
// anonymous failure reflection names its author only to the leader, the
// core group and the author, in every answer and in the activity log.
func TestAnonymousFailureReflectionNamesItsAuthorOnlyToLeaderCoreAndAuthor(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		mark := f.mark(t)
		a := f.create(t, w.alice, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.FailureReflection, Anonymous: true,
			Title: "The release we shipped untested", Body: body("We skipped the regression suite to hit a date"), Tags: "release"})
		if _, err := f.k.Edit(f.ctx, w.alice, w.c.Slug, a.ID, a.Title, a.Body+"\n\nWhat I would do now: say no.", "release"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.k.Edit(f.ctx, w.core, w.c.Slug, a.ID, a.Title+" (edited)", a.Body+"\n\nWhat I would do now: say no.", "release"); err != nil {
			t.Fatal(err)
		}
		// The log never names the author for their own actions on it; the
		// core member's edit is theirs to own.
		f.wantLog(t, mark, line{knowledge.ActivityCreated, 0, a.ID}, line{knowledge.ActivityEdited, 0, a.ID},
			line{knowledge.ActivityEdited, w.core.ID, a.ID})

		viewers := []struct {
			name  string
			user  account.User
			knows bool
		}{
			{"leader", w.leader, true},
			{"core", w.core, true},
			{"author", w.alice, true},
			{"member", w.bob, false},
			{"outsider", w.outsider, false},
			{"signed out", zeroUser, false},
		}
		for _, v := range viewers {
			t.Run(v.name, func(t *testing.T) {
				got, err := f.k.Get(f.ctx, v.user, w.c.Slug, a.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !got.Anonymous {
					t.Error("not marked anonymous")
				}
				if knows := got.AuthorID == w.alice.ID && got.AuthorName == "Alice Member"; knows != v.knows {
					t.Errorf("Get: author %d %q, want known=%v", got.AuthorID, got.AuthorName, v.knows)
				}
				if !v.knows && (got.AuthorID != 0 || got.AuthorName != "") {
					t.Errorf("Get leaks author %d %q", got.AuthorID, got.AuthorName)
				}
				js, err := json.Marshal(got)
				if err != nil {
					t.Fatal(err)
				}
				if hasAuthor := strings.Contains(string(js), "author") || strings.Contains(string(js), "Alice"); hasAuthor != v.knows {
					t.Errorf("JSON mentions the author: %v, want %v: %s", hasAuthor, v.knows, js)
				}

				page, err := f.k.List(f.ctx, v.user, knowledge.Filter{CommunitySlug: w.c.Slug})
				if err != nil {
					t.Fatal(err)
				}
				if len(page.Items) != 1 {
					t.Fatalf("List has %d items", len(page.Items))
				}
				it := page.Items[0]
				if knows := it.AuthorID == w.alice.ID && it.AuthorName == "Alice Member"; knows != v.knows || (!v.knows && (it.AuthorID != 0 || it.AuthorName != "")) {
					t.Errorf("List: author %d %q, want known=%v", it.AuthorID, it.AuthorName, v.knows)
				}
				js, _ = json.Marshal(page)
				if strings.Contains(string(js), "Alice") != v.knows {
					t.Errorf("List JSON: %s", js)
				}

				versions, err := f.k.Revisions(f.ctx, v.user, w.c.Slug, a.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(versions) != 3 {
					t.Fatalf("%d versions, want 3", len(versions))
				}
				for i, ver := range versions[:2] { // written by the author
					if knows := ver.EditorID == w.alice.ID && ver.EditorName == "Alice Member"; knows != v.knows || (!v.knows && (ver.EditorID != 0 || ver.EditorName != "")) {
						t.Errorf("version %d: editor %d %q, want known=%v", i+1, ver.EditorID, ver.EditorName, v.knows)
					}
				}
				if versions[2].EditorID != w.core.ID || versions[2].EditorName != "Corentin Core" {
					t.Errorf("the core member's version shows editor %d %q", versions[2].EditorID, versions[2].EditorName)
				}
				js, _ = json.Marshal(versions)
				if strings.Contains(string(js), "Alice") != v.knows {
					t.Errorf("Revisions JSON: %s", js)
				}
			})
		}
		// Nothing else stores the author's name next to the text.
		if n := f.count(t, `SELECT COUNT(*) FROM search_docs WHERE body LIKE '%Alice%' OR title LIKE '%Alice%' OR tags LIKE '%Alice%'`); n != 0 {
			t.Error("the search index names the author")
		}
	})
}

// A reflection shared under one's name stays named; anonymity is a choice.
func TestNamedFailureReflectionShowsItsAuthorToEveryone(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		a := f.create(t, w.alice, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.FailureReflection, Title: "My migration outage"})
		got, err := f.k.Get(f.ctx, w.outsider, w.c.Slug, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.AuthorName != "Alice Member" || got.Anonymous {
			t.Errorf("author %q anonymous %v", got.AuthorName, got.Anonymous)
		}
	})
}

// Across communities, the viewer's role in each artefact's own community
// decides: core in one community is no one special in another.
func TestAnonymityFollowsTheRoleInTheArtefactsOwnCommunity(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		f.add(t, w.lead2, w.other, w.core, community.Member) // core in c, plain member in other
		f.add(t, w.lead2, w.other, w.bob, community.Member)
		inC := f.create(t, w.alice, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.FailureReflection, Anonymous: true, Title: "Failure in the guild"})
		inOther := f.create(t, w.bob, w.other.Slug, knowledge.NewArtefact{Kind: knowledge.FailureReflection, Anonymous: true, Title: "Failure in the circle"})
		page, err := f.k.List(f.ctx, w.core, knowledge.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		authors := map[int64]int64{}
		for _, it := range page.Items {
			authors[it.ID] = it.AuthorID
		}
		if len(authors) != 2 || authors[inC.ID] != w.alice.ID || authors[inOther.ID] != 0 {
			t.Errorf("authors seen across communities: %v (want Alice's shown, Bob's hidden)", authors)
		}
	})
}

// Drawing an anonymous reflection from a thread tells the thread's people
// about it without saying who wrote it.
func TestAnonymousReflectionFromAThreadTellsParticipantsWithoutAnActor(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.world(t)
		req := f.request(t, w.c, w.bob, "Deploy went wrong", "What should we learn from Friday?", "")
		f.reply(t, req, w.alice, "It was my change; I skipped the canary.", 0)
		f.reply(t, req, w.core, "Let's write it up without blame.", 0)
		f.create(t, w.alice, w.c.Slug, knowledge.NewArtefact{Kind: knowledge.FailureReflection, Anonymous: true,
			Title: "Skipping the canary", Sources: []knowledge.Source{{Type: knowledge.SourceRequest, ID: req}}})
		if n := f.count(t, `SELECT COUNT(*) FROM notifications WHERE actor_id IS NOT NULL`); n != 0 {
			t.Errorf("%d notes name an actor", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM notifications WHERE user_id = $1`, w.alice.ID); n != 0 {
			t.Error("the author was told about their own reflection")
		}
		if n := f.count(t, `SELECT COUNT(*) FROM notifications WHERE kind = 'artefact_source' AND user_id IN ($1, $2)`, w.bob.ID, w.core.ID); n != 2 {
			t.Errorf("%d of the asker and the other replier were told", n)
		}
	})
}
