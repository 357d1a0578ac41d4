package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/community"
	"cultivate/internal/knowledge"
	"cultivate/internal/practice"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// walk follows next_cursor from path's first page to its last, limit
// items a page, and returns each item's key (the JSON field key) in order.
func walk(t *testing.T, w *world, path, as, key string, limit int) []string {
	t.Helper()
	var keys []string
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatalf("%s: more than 100 pages; the cursor does not advance", path)
		}
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		p := fmt.Sprintf("%s%slimit=%d", path, sep, limit)
		if cursor != "" {
			p += "&cursor=" + url.QueryEscape(cursor)
		}
		r := w.do(t, request{method: "GET", path: p, as: as})
		if r.status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", p, r.status, r.body)
		}
		items, _ := get(r.json, "items").([]any)
		if len(items) > limit {
			t.Fatalf("GET %s: %d items, more than the limit", p, len(items))
		}
		for _, it := range items {
			keys = append(keys, fmt.Sprint(get(it, key)))
		}
		next, _ := get(r.json, "next_cursor").(string)
		if next == "" {
			if get(r.json, "next_cursor") != nil {
				t.Fatalf("GET %s: next_cursor is neither a string nor null: %s", p, r.body)
			}
			return keys
		}
		if len(items) != limit {
			t.Errorf("GET %s: a page that is not the last has %d items, want %d", p, len(items), limit)
		}
		cursor = next
	}
}

// once checks that got holds each of want exactly once, and nothing else.
func once(t *testing.T, what string, got, want []string) {
	t.Helper()
	seen := map[string]int{}
	for _, k := range got {
		seen[k]++
	}
	for _, k := range want {
		if seen[k] != 1 {
			t.Errorf("%s: %s seen %d times, want once", what, k, seen[k])
		}
		delete(seen, k)
	}
	for k, n := range seen {
		t.Errorf("%s: %s seen %d times, want never", what, k, n)
	}
}

func TestPagingWalksEveryItemExactlyOnce(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		alice := w.users["alice"]
		hash, err := account.HashPassword("plum velvet orbit 4821", account.FastHashParams())
		if err != nil {
			t.Fatal(err)
		}

		// 23 more members of testing (26 in all), each leading an open
		// community of their own that invites erin.
		wantMembers := []string{fmt.Sprint(alice.ID), fmt.Sprint(w.users["bob"].ID), fmt.Sprint(w.users["dave"].ID)}
		wantSlugs := []string{"testing"}
		var wantInvites []string
		for i := range 23 {
			u, err := w.app.Accounts.CreateWithHash(ctx, fmt.Sprintf("member%02d@example.net", i), fmt.Sprintf("Member %02d", i), hash)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.app.Communities.Join(ctx, u, "testing", true, ""); err != nil {
				t.Fatal(err)
			}
			wantMembers = append(wantMembers, fmt.Sprint(u.ID))
			slug := fmt.Sprintf("guild-%02d", i)
			if _, err := w.app.Communities.Create(ctx, u, community.Settings{Name: fmt.Sprintf("Guild %02d", i), Slug: slug, Domain: "Practice", Visibility: "open"}); err != nil {
				t.Fatal(err)
			}
			wantSlugs = append(wantSlugs, slug)
			inv, err := w.app.Communities.Invite(ctx, u, slug, email("erin"), community.Member)
			if err != nil {
				t.Fatal(err)
			}
			wantInvites = append(wantInvites, fmt.Sprint(inv.ID))
			if i < 15 {
				if _, err := w.app.Accounts.CreateToken(ctx, w.users["bob"].ID, fmt.Sprintf("token %d", i)); err != nil {
					t.Fatal(err)
				}
			}
		}

		for _, limit := range []int{1, 4, 26, 100} {
			once(t, fmt.Sprintf("members, limit %d", limit), walk(t, w, "/api/v1/communities/testing/members", "", "user_id", limit), wantMembers)
			once(t, fmt.Sprintf("communities, limit %d", limit), walk(t, w, "/api/v1/communities", "", "slug", limit), wantSlugs)
			once(t, fmt.Sprintf("my invitations, limit %d", limit), walk(t, w, "/api/v1/me/invitations", "erin", "id", limit), wantInvites)
		}
		// A filter holds across pages.
		once(t, "members named Member 1x", walk(t, w, "/api/v1/communities/testing/members?q=member+1", "", "user_id", 3),
			wantMembers[13:23])

		// The activity log: every entry once, in the same order as one big page.
		all := walk(t, w, "/api/v1/communities/testing/activity", "", "id", 100)
		if len(all) != 4+23 {
			t.Errorf("testing's log has %d entries, want %d", len(all), 4+23)
		}
		if paged := walk(t, w, "/api/v1/communities/testing/activity", "", "id", 5); strings.Join(paged, ",") != strings.Join(all, ",") {
			t.Errorf("paged log %v, want %v", paged, all)
		}

		// Bob's tokens: the 2 of the world and 15 more.
		if got := walk(t, w, "/api/v1/me/tokens", "bob", "id", 4); len(got) != 17 {
			t.Errorf("bob's tokens: %d, want 17", len(got))
		} else {
			once(t, "bob's tokens", got, walk(t, w, "/api/v1/me/tokens", "bob", "id", 100))
		}

		// Invitations and join requests of one community.
		var wantPending, wantRequests []string
		for i := range 7 {
			inv, err := w.app.Communities.Invite(ctx, alice, "secret", fmt.Sprintf("guest%d@example.net", i), community.Member)
			if err != nil {
				t.Fatal(err)
			}
			wantPending = append(wantPending, fmt.Sprint(inv.ID))
			u, err := w.app.Accounts.CreateWithHash(ctx, fmt.Sprintf("asker%d@example.net", i), fmt.Sprintf("Asker %d", i), hash)
			if err != nil {
				t.Fatal(err)
			}
			jr, err := w.app.Communities.RequestToJoin(ctx, u, w.code, "", true)
			if err != nil {
				t.Fatal(err)
			}
			wantRequests = append(wantRequests, fmt.Sprint(jr.ID))
		}
		wantPending = append(wantPending, fmt.Sprint(w.ids["invitation"]))
		wantRequests = append(wantRequests, fmt.Sprint(w.ids["request"]))
		once(t, "secret's invitations", walk(t, w, "/api/v1/communities/secret/invitations", "alice", "id", 3), wantPending)
		once(t, "secret's join requests", walk(t, w, "/api/v1/communities/secret/join-requests", "alice", "id", 3), wantRequests)
	})
}

// TestTokenLifecycle follows one token from creation to revocation, as a
// script would use it.
func TestTokenLifecycle(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		r := w.do(t, request{method: "POST", path: "/api/v1/me/tokens", as: "carol", body: `{"name":"nightly report"}`})
		if r.status != http.StatusCreated {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		w.tokens["script"] = get(r.json, "secret").(string)
		id := fmt.Sprint(get(r.json, "id"))

		if r := w.do(t, request{method: "GET", path: "/api/v1/me", as: "script"}); r.status != http.StatusOK || get(r.json, "email") != email("carol") {
			t.Fatalf("the new token: %d %s", r.status, r.body)
		}
		r = w.do(t, request{method: "GET", path: "/api/v1/me/tokens", as: "script"})
		if fmt.Sprint(get(r.json, "items.0.id")) != id || get(r.json, "items.0.last_used_at") == nil {
			t.Errorf("the list does not show the token as used: %s", r.body)
		}
		if strings.Contains(string(r.body), w.tokens["script"]) {
			t.Error("the list shows the secret")
		}
		if r := w.do(t, request{method: "DELETE", path: "/api/v1/me/tokens/" + id, as: "carol"}); r.status != http.StatusNoContent {
			t.Fatalf("revoke: %d %s", r.status, r.body)
		}
		before := snapshot(t, w.db)
		for _, rq := range []request{
			{method: "GET", path: "/api/v1/me", as: "script"},
			{method: "POST", path: "/api/v1/communities", as: "script", body: `{"name":"Ghosts","domain":"Revoked tokens","visibility":"open"}`},
		} {
			if r := w.do(t, rq); r.status != http.StatusUnauthorized {
				t.Errorf("%s %s with a revoked token: %d, want 401", rq.method, rq.path, r.status)
			}
		}
		if after := snapshot(t, w.db); after != before {
			t.Errorf("a revoked token changed the database:\n%s", firstDiff(before, after))
		}
		r = w.do(t, request{method: "GET", path: "/api/v1/me/tokens", as: "carol"})
		if get(r.json, "items.0.revoked_at") == nil {
			t.Errorf("the list does not show the revocation: %s", r.body)
		}
	})
}

// TestHelpKnowledgeSearchAndInboxPagesWalkEveryItemExactlyOnce walks the
// lists of help requests (each ordered its own way, with ties on the sort
// key), artefacts, search results and notifications page by page.
func TestHelpKnowledgeSearchAndInboxPagesWalkEveryItemExactlyOnce(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		seedPractice(t, w)
		ctx := context.Background()
		u := w.users
		all := []string{fmt.Sprint(w.ids["open"]), fmt.Sprint(w.ids["locked"]), fmt.Sprint(w.ids["answered"]), fmt.Sprint(w.ids["reported"]), fmt.Sprint(w.ids["solved"])}
		unanswered := []string{fmt.Sprint(w.ids["open"]), fmt.Sprint(w.ids["locked"])}
		var tagged, answeredLater []string
		// 30 more requests; the clock moves only every third one, so many
		// share their sort key, and every fifth gets a reply later, so the
		// order of activity is not the order of ids.
		var later []int64
		for i := range 30 {
			if i%3 == 0 {
				w.clock.Advance(time.Minute)
			}
			who := []string{"bob", "frank"}[i%2]
			r, err := w.app.Practice.Ask(ctx, u[who], "testing", practice.NewRequest{Title: fmt.Sprintf("Paging question number %02d", i),
				Body: "A question asked to fill pages of the lists.", Tags: "paging"})
			if err != nil {
				t.Fatal(err)
			}
			id := fmt.Sprint(r.ID)
			all, tagged = append(all, id), append(tagged, id)
			if i%5 == 0 {
				later = append(later, r.ID)
				answeredLater = append(answeredLater, id)
			} else {
				unanswered = append(unanswered, id)
			}
		}
		for _, id := range later {
			w.clock.Advance(time.Minute)
			if _, err := w.app.Practice.Reply(ctx, u["dave"], "testing", id, "An answer that moves this request up the list."); err != nil {
				t.Fatal(err)
			}
		}
		var artefacts, insights []string
		for _, name := range []string{"reflection", "practice", "faq"} {
			artefacts = append(artefacts, fmt.Sprint(w.ids[name]))
		}
		for i := range 25 {
			kind := []knowledge.Kind{knowledge.Insight, knowledge.Summary}[i%2]
			a, err := w.app.Knowledge.Create(ctx, u["frank"], "testing", knowledge.NewArtefact{Kind: kind, Title: fmt.Sprintf("Paging insight %02d", i),
				Body: "Knowledge written to fill pages of the lists.", Tags: "paging"})
			if err != nil {
				t.Fatal(err)
			}
			artefacts = append(artefacts, fmt.Sprint(a.ID))
			if kind == knowledge.Insight {
				insights = append(insights, fmt.Sprint(a.ID))
			}
		}
		retouch(t, w)

		for _, limit := range []int{1, 4, 7, 100} {
			once(t, fmt.Sprintf("requests, limit %d", limit), walk(t, w, "/api/v1/communities/testing/requests", "", "id", limit), all)
			once(t, fmt.Sprintf("artefacts, limit %d", limit), walk(t, w, "/api/v1/communities/testing/artefacts", "", "id", limit), artefacts)
		}
		for _, limit := range []int{1, 6, 100} {
			once(t, fmt.Sprintf("unanswered, limit %d", limit), walk(t, w, "/api/v1/communities/testing/requests?view=unanswered", "", "id", limit), unanswered)
		}
		once(t, "a tag's requests", walk(t, w, "/api/v1/communities/testing/requests?tag=paging", "", "id", 4), tagged)
		once(t, "insights", walk(t, w, "/api/v1/communities/testing/artefacts?kind=insight", "", "id", 2), insights)
		once(t, "across my communities", walk(t, w, "/api/v1/requests", "alice", "id", 4), append(slices.Clone(all), fmt.Sprint(w.ids["private"])))
		// The activity order: the requests answered last come first.
		if first := walk(t, w, "/api/v1/communities/testing/requests", "", "id", 3)[0]; first != answeredLater[len(answeredLater)-1] {
			t.Errorf("the newest activity is %s, want %s", first, answeredLater[len(answeredLater)-1])
		}
		// A paged list is the same list as one big page, in the same order.
		for _, path := range []string{"/api/v1/communities/testing/requests", "/api/v1/communities/testing/requests?view=unanswered",
			"/api/v1/communities/testing/artefacts"} {
			if paged, whole := walk(t, w, path, "", "id", 4), walk(t, w, path, "", "id", 100); !slices.Equal(paged, whole) {
				t.Errorf("%s paged %v, in one page %v", path, paged, whole)
			}
		}

		// Search: ranked pages and newest-first pages.
		var docs []string
		for _, id := range tagged {
			docs = append(docs, "request:"+id)
		}
		for _, id := range artefacts[3:] {
			docs = append(docs, "artefact:"+id)
		}
		for _, q := range []string{"q=paging", "tag=paging"} {
			for _, limit := range []int{4, 100} {
				once(t, fmt.Sprintf("search %s, limit %d", q, limit), walkPairs(t, w, "/api/v1/search?"+q, limit), docs)
			}
		}

		// The inbox: frank was told of the three replies of the seed and of
		// dave's replies to his paging questions.
		notes := walk(t, w, "/api/v1/me/notifications", "frank", "id", 100)
		if len(notes) != 3+len(later)/2 {
			t.Errorf("frank has %d notifications, want %d", len(notes), 3+len(later)/2)
		}
		once(t, "frank's notifications", walk(t, w, "/api/v1/me/notifications", "frank", "id", 1), notes)
	})
}

// walkPairs is walk for search results, whose key is their kind and id.
func walkPairs(t *testing.T, w *world, path string, limit int) []string {
	t.Helper()
	kinds := walk(t, w, path, "", "kind", limit)
	ids := walk(t, w, path, "", "id", limit)
	out := make([]string, len(ids))
	for i := range ids {
		out[i] = kinds[i] + ":" + ids[i]
	}
	return out
}
