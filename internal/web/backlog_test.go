package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"cultivate/internal/account"
	"cultivate/internal/backlog"
	"cultivate/internal/community"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/web"
)

// backlogSite is a community (testing-guild) led by Léa, with Corentin
// in the core group and Alice a plain member, each in a browser.
func backlogSite(t *testing.T, db *store.DB) (s *site, lea, corentin, alice, outsider *browser) {
	t.Helper()
	s = newSite(t, db, web.Config{})
	lea, corentin, alice, outsider = s.browser(), s.browser(), s.browser(), s.browser()
	lea.signup("lea@example.org", "Léa Martin")
	corentin.signup("corentin@example.org", "Corentin Core")
	alice.signup("alice@example.org", "Alice Member")
	outsider.signup("oscar@example.org", "Oscar Outsider")
	wantStatus(t, lea.post("/communities", url.Values{"name": {"Testing Guild"}, "domain": {"Software testing"},
		"visibility": {"open"}, "code_of_conduct": {community.DefaultCodeOfConduct}}), http.StatusSeeOther)
	for _, b := range []*browser{corentin, alice} {
		wantStatus(t, b.post("/c/testing-guild/join", url.Values{"accept_coc": {"yes"}}), http.StatusSeeOther)
	}
	ctx := context.Background()
	leader, err := s.app.Accounts.ByEmail(ctx, "lea@example.org")
	if err != nil {
		t.Fatal(err)
	}
	core, err := s.app.Accounts.ByEmail(ctx, "corentin@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.app.Communities.SetRole(ctx, leader, "testing-guild", core.ID, community.Core); err != nil {
		t.Fatal(err)
	}
	return s, lea, corentin, alice, outsider
}

// location is where a redirect points.
func location(t *testing.T, r resp) string {
	t.Helper()
	if r.status != http.StatusSeeOther {
		t.Fatalf("status %d, want a redirect: %s", r.status, snippet(r.body))
	}
	return r.header.Get("Location")
}

func TestBacklogPagesFromProposalToDone(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s, lea, corentin, alice, outsider := backlogSite(t, db)
		anon := s.browser()
		wantStatus(t, anon.get("/c/testing-guild/backlog"), 200, "No ideas yet", "seed 004")
		wantStatus(t, alice.get("/c/testing-guild/backlog/new"), 200, "Propose an idea")
		wantStatus(t, outsider.get("/c/testing-guild/backlog/new"), 403, "Join the community first")

		// A bad proposal comes back with the error next to the field and
		// the text still in the form.
		r := alice.post("/c/testing-guild/backlog", url.Values{"title": {""}, "description": {"Keep this text, please."}})
		wantStatus(t, r, 422, "Title is required", "Keep this text, please.", `aria-invalid="true"`)

		item := location(t, alice.post("/c/testing-guild/backlog", url.Values{"title": {"A kata on test data builders"},
			"description": {"We all **build** fixtures differently."}, "tags": {"kata, fixtures"}}))
		if !strings.HasPrefix(item, "/c/testing-guild/backlog/") {
			t.Fatalf("proposed at %q", item)
		}
		id, _ := strconv.ParseInt(strings.TrimPrefix(item, "/c/testing-guild/backlog/"), 10, 64)
		wantStatus(t, alice.get(item), 200, "A kata on test data builders", "<strong>build</strong>", "I want this too", "Edit")
		wantStatus(t, anon.get(item), 200, "Log in</a> to vote")
		wantStatus(t, alice.get("/c/testing-guild/backlog"), 200, "A kata on test data builders", "Proposed by Alice Member")

		// Voting from the list comes back to the list.
		back := location(t, corentin.post(item+"/vote", url.Values{"back": {"/c/testing-guild/backlog?sort=newest"}}))
		if back != "/c/testing-guild/backlog?sort=newest" {
			t.Errorf("a vote from the list went to %q", back)
		}
		location(t, alice.post(item+"/vote", nil))
		wantStatus(t, alice.get(item), 200, "2 members want this", "Withdraw my vote")
		wantStatus(t, outsider.post(item+"/vote", nil), 403, "Only members")

		// Moving: a plain member may not; declining needs a reason, and a
		// refused move keeps what was typed.
		wantStatus(t, alice.post(item+"/move", url.Values{"status": {"planned"}}), 403, "leader and the core group")
		r = corentin.post(item+"/move", url.Values{"status": {"declined"}, "reason": {"  "}})
		wantStatus(t, r, 422, "Say why this item is declined", `<option value="declined" selected`)
		r = corentin.post(item+"/move", url.Values{"status": {"someday"}, "reason": {"Kept note"}})
		wantStatus(t, r, 422, "Choose one of the statuses", "Kept note")
		it, err := s.app.Backlog.Get(context.Background(), userByEmail(t, s, "alice@example.org"), "testing-guild", id)
		if err != nil || it.Status != backlog.Proposed {
			t.Fatalf("after refused moves: %s, %v", it.Status, err)
		}
		location(t, corentin.post(item+"/move", url.Values{"status": {"planned"}}))
		wantStatus(t, corentin.post(item+"/move", url.Values{"status": {"planned"}}), 409, "already planned")
		wantStatus(t, alice.get("/inbox"), 200, "is now planned")

		// Linking to what fulfilled it.
		wantStatus(t, corentin.get(item), 200, "Nothing to link yet")
		r = corentin.post(item+"/link", url.Values{"target": {"artefact:999"}})
		wantStatus(t, r, 422, "There is no artefact number 999")
		r = corentin.post(item+"/link", url.Values{"target": {"artefact:twelve"}})
		wantStatus(t, r, 422, "Give the number")
		a := location(t, corentin.post("/c/testing-guild/knowledge", url.Values{"kind": {"summary"}, "title": {"Builders kata: what we learned"},
			"body": {"Builders beat fixtures files for readability."}}))
		artefactID := strings.TrimPrefix(a, "/c/testing-guild/knowledge/")
		wantStatus(t, corentin.get(item), 200, `<option value="artefact:`+artefactID+`">Builders kata: what we learned (Summary`)
		location(t, corentin.post(item+"/link", url.Values{"target": {"artefact:" + artefactID}}))
		location(t, lea.post(item+"/move", url.Values{"status": {"done"}}))
		wantStatus(t, alice.get(item), 200, "Fulfilled by", `href="`+a+`"`, "Votes are closed")
		wantStatus(t, alice.get("/c/testing-guild/backlog?status=done"), 200, "fulfilled by Builders kata")
		wantStatus(t, alice.get("/c/testing-guild/backlog"), 200, "Nothing is open right now")

		// The proposer may no longer edit a done item; the leader may.
		wantStatus(t, alice.get(item+"/edit"), 403, "")
		wantStatus(t, lea.get(item+"/edit"), 200, "Edit the idea", "A kata on test data builders")
		wantStatus(t, lea.post(item+"/edit", url.Values{"title": {strings.Repeat("x", 151)}}), 422, "at most 150 characters")
		location(t, lea.post(item+"/edit", url.Values{"title": {"A kata on builders"}}))
		wantStatus(t, anon.get("/c/testing-guild/backlog?status=bogus"), 422, "Choose open, all")
		if got := location(t, lea.post(item+"/delete", nil)); got != "/c/testing-guild/backlog" {
			t.Errorf("after deleting: %q", got)
		}
		wantStatus(t, anon.get(item), 404, "")
	})
}

func TestAnnouncementsReachTheOverviewAndOnlyTheCorePosts(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		_, lea, corentin, alice, _ := backlogSite(t, db)
		wantStatus(t, alice.get("/c/testing-guild/announcements"), 200, "No announcements yet")
		wantStatus(t, lea.get("/c/testing-guild"), 200, "Tell every member what is coming")
		wantStatus(t, alice.get("/c/testing-guild/announcements/new"), 403, "leader and the core group")
		wantStatus(t, alice.post("/c/testing-guild/announcements", url.Values{"title": {"Hello"}, "body": {"From a member"}}), 403, "leader and the core group")
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM announcements`); n != 0 {
			t.Fatalf("%d announcements after refusals", n)
		}
		wantStatus(t, corentin.get("/c/testing-guild/announcements/new"), 200, "Announce to every member")
		wantStatus(t, corentin.post("/c/testing-guild/announcements", url.Values{"title": {""}, "body": {"Keep me."}}), 422, "Title is required", "Keep me.")
		at := location(t, corentin.post("/c/testing-guild/announcements", url.Values{"title": {"Quality week is back"},
			"body": {"From **3 to 7 March**."}, "pinned": {"yes"}}))
		if !strings.HasPrefix(at, "/c/testing-guild/announcements#announcement-") {
			t.Errorf("posted at %q", at)
		}
		wantStatus(t, alice.get("/c/testing-guild"), 200, "Quality week is back", "Pinned", "Every announcement")
		wantStatus(t, alice.get("/c/testing-guild/announcements"), 200, "<strong>3 to 7 March</strong>")
		wantStatus(t, alice.get("/inbox"), 200, "Testing Guild: Quality week is back")
		id := strings.TrimPrefix(at, "/c/testing-guild/announcements#announcement-")
		wantStatus(t, alice.post("/c/testing-guild/announcements/"+id+"/delete", nil), 403, "")
		wantStatus(t, lea.get("/c/testing-guild/announcements/"+id+"/edit"), 200, "Quality week is back")
		location(t, lea.post("/c/testing-guild/announcements/"+id+"/edit", url.Values{"title": {"Quality week moves"}, "body": {"To April."}}))
		wantStatus(t, alice.get("/c/testing-guild/announcements"), 200, "Quality week moves", "edited")
		location(t, corentin.post("/c/testing-guild/announcements/"+id+"/delete", nil))
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM announcements`); n != 0 {
			t.Errorf("%d announcements after deleting", n)
		}
	})
}

func userByEmail(t *testing.T, s *site, email string) account.User {
	t.Helper()
	u, err := s.app.Accounts.ByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
