package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cultivate/internal/account"
	"cultivate/internal/community"
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
