package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cultivate/internal/account"
	"cultivate/internal/community"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/web"
)

// visionSite is a private community (platform) led by Léa, with Corentin
// in the core group and Alice and Bob plain members, each in a browser,
// and Oscar, signed in but in no community.
func visionSite(t *testing.T, db *store.DB) (s *site, lea, corentin, alice, bob, oscar *browser) {
	t.Helper()
	s = newSite(t, db, web.Config{})
	lea, corentin, alice, bob, oscar = s.browser(), s.browser(), s.browser(), s.browser(), s.browser()
	lea.signup("lea@example.org", "Léa Martin")
	corentin.signup("corentin@example.org", "Corentin Core")
	alice.signup("alice@example.org", "Alice Member")
	bob.signup("bob@example.org", "Bob Member")
	oscar.signup("oscar@example.org", "Oscar Outsider")
	ctx := context.Background()
	leader := userByEmailV(t, s, "lea@example.org")
	if _, err := s.app.Communities.Create(ctx, leader, community.Settings{Name: "Platform Engineering", Slug: "platform",
		Domain: "Internal platforms", Purpose: "Make teams **self-sufficient**.", Visibility: "private", CodeOfConduct: community.DefaultCodeOfConduct}); err != nil {
		t.Fatal(err)
	}
	for _, e := range []string{"corentin@example.org", "alice@example.org", "bob@example.org"} {
		inv, err := s.app.Communities.Invite(ctx, leader, "platform", e, community.Member)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.app.Communities.AcceptInvitation(ctx, userByEmailV(t, s, e), 0, inv.Token, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.app.Communities.SetRole(ctx, leader, "platform", userByEmailV(t, s, "corentin@example.org").ID, community.Core); err != nil {
		t.Fatal(err)
	}
	return s, lea, corentin, alice, bob, oscar
}

func userByEmailV(t *testing.T, s *site, email string) account.User {
	t.Helper()
	u, err := s.app.Accounts.ByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestCanvasPagesEditHistoryAndPoster(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s, lea, corentin, alice, _, oscar := visionSite(t, db)
		// Empty states teach: the overview invites to the workshop.
		wantStatus(t, lea.get("/c/platform"), http.StatusOK, "No vision on the canvas yet", "Run the vision workshop")
		wantStatus(t, lea.get("/c/platform/canvas"), http.StatusOK, "The canvas is empty", "What is this?", "seed 004", "seed 002",
			"Make teams <strong>self-sufficient</strong>", "Run the vision workshop")
		wantStatus(t, alice.get("/c/platform/canvas"), http.StatusOK, "Ask the leader or the core group")
		wantStatus(t, oscar.get("/c/platform/canvas"), http.StatusNotFound)
		wantStatus(t, oscar.get("/c/platform/canvas/poster.svg"), http.StatusNotFound)

		wantStatus(t, lea.get("/c/platform/canvas/vision/edit"), http.StatusOK, `name="base" value="0"`, "Where do we want this community to be")
		r := lea.post("/c/platform/canvas/vision", url.Values{"base": {"0"}, "text": {"Teams ship to production **on their own**."}})
		if loc := location(t, r); loc != "/c/platform/canvas#vision" {
			t.Fatalf("saved to %q", loc)
		}
		wantStatus(t, alice.get("/c/platform"), http.StatusOK, "Teams ship to production <strong>on their own</strong>", "1 of 7 canvas sections")
		r = corentin.post("/c/platform/canvas/forces", url.Values{"base": {"0"}, "text": {"+ 5 A sponsor who shows up\n- 3 No time set aside"}})
		location(t, r)
		wantStatus(t, alice.get("/c/platform/canvas"), http.StatusOK, "A sponsor who shows up", "●●●●●", "strength 3 of 5", "Revision 1 by Corentin Core")

		// History and the diff.
		location(t, lea.post("/c/platform/canvas/vision", url.Values{"base": {"1"}, "text": {"Teams ship to production on their own, safely."}}))
		wantStatus(t, alice.get("/c/platform/canvas/vision/history"), http.StatusOK, "Changes from revision 1 to 2", "<mark>", "Léa Martin")

		// The poster: a print page and an SVG export.
		wantStatus(t, alice.get("/c/platform/canvas/poster?size=a4"), http.StatusOK, `class="poster poster-a4"`, "A sponsor who shows up")
		svg := alice.get("/c/platform/canvas/poster.svg")
		wantStatus(t, svg, http.StatusOK, "<svg", "safely.")
		if ct := svg.header.Get("Content-Type"); ct != "image/svg+xml" {
			t.Fatalf("poster content type %q", ct)
		}
		_ = s
	})
}

func TestCanvasBadInputKeepsTheTextAndChangesNothing(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s, lea, corentin, alice, _, _ := visionSite(t, db)
		snap := func() string { return storetest.Snapshot(t, s.app.DB, "canvas_revisions", "activity") }
		location(t, lea.post("/c/platform/canvas/how", url.Values{"base": {"0"}, "text": {"Monthly clinics."}}))
		before := snap()

		// A plain member may not edit.
		wantStatus(t, alice.get("/c/platform/canvas/how/edit"), http.StatusForbidden, "Only the leader and the core group")
		wantStatus(t, alice.post("/c/platform/canvas/how", url.Values{"base": {"1"}, "text": {"Mine now"}}), http.StatusForbidden, "Only the leader and the core group")
		// Empty and overlong sections, a strength outside 1 to 5, a line the
		// force field cannot read: the error next to the field, the text kept.
		wantStatus(t, lea.post("/c/platform/canvas/how", url.Values{"base": {"1"}, "text": {"   "}}), http.StatusUnprocessableEntity, "is required")
		long := strings.Repeat("word ", 801)
		wantStatus(t, lea.post("/c/platform/canvas/how", url.Values{"base": {"1"}, "text": {long}}), http.StatusUnprocessableEntity, "aria-invalid", long[:200])
		wantStatus(t, lea.post("/c/platform/canvas/forces", url.Values{"base": {"0"}, "text": {"+ 7 Far too strong"}}), http.StatusUnprocessableEntity,
			"the strength must be from 1 (weak) to 5 (strong); it is 7", "&#43; 7 Far too strong")
		wantStatus(t, lea.post("/c/platform/canvas/forces", url.Values{"base": {"0"}, "text": {"+ 0 Too weak"}}), http.StatusUnprocessableEntity, "it is 0")
		wantStatus(t, lea.post("/c/platform/canvas/forces", url.Values{"base": {"0"}, "text": {"A sponsor"}}), http.StatusUnprocessableEntity, "Line 1: start with &#43;")
		wantStatus(t, lea.post("/c/platform/canvas/mission", url.Values{"base": {"0"}, "text": {"x"}}), http.StatusNotFound)
		if snap() != before {
			t.Fatal("refused edits changed something")
		}

		// Two people edit the same section: both opened revision 1;
		// Corentin saves first; Léa's later save is refused, both versions
		// are shown, and her text is still in the form.
		wantStatus(t, lea.get("/c/platform/canvas/how/edit"), http.StatusOK, `name="base" value="1"`)
		wantStatus(t, corentin.get("/c/platform/canvas/how/edit"), http.StatusOK, `name="base" value="1"`)
		location(t, corentin.post("/c/platform/canvas/how", url.Values{"base": {"1"}, "text": {"Monthly clinics and a quarterly kata."}}))
		before = snap()
		r := lea.post("/c/platform/canvas/how", url.Values{"base": {"1"}, "text": {"Weekly clinics, measured by attendance."}})
		wantStatus(t, r, http.StatusConflict, "Their version (revision 2, by Corentin Core)", "Monthly clinics and a quarterly kata.",
			"Your version", "Weekly clinics, measured by attendance.", `name="base" value="2"`, "your text has not been saved")
		if snap() != before {
			t.Fatal("the conflicting save changed something")
		}
		// Saving again on top of their version works.
		location(t, lea.post("/c/platform/canvas/how", url.Values{"base": {"2"}, "text": {"Monthly clinics, a quarterly kata, measured by attendance."}}))
	})
}
