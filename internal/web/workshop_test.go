package web_test

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"cultivate/internal/community"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/web"
	"cultivate/internal/workshop"
)

// openWorkshop opens a workshop on the vision as Corentin, has Alice and
// Bob join, and returns its address and join code.
func openWorkshop(t *testing.T, corentin *browser, members ...*browser) (path, code string) {
	t.Helper()
	r := corentin.post("/c/platform/workshops", url.Values{"title": {"Our vision"}, "sections": {"vision", "name"}, "dots": {"3"}, "minutes": {""}})
	path = location(t, r)
	page := corentin.get(path)
	wantStatus(t, page, http.StatusOK, "Our vision", "Write alone", "Reveal all notes")
	m := regexp.MustCompile(`<code class="ws-code">([A-Z0-9]+)</code>`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("no join code on the page:\n%s", snippet(page.body))
	}
	for _, b := range members {
		wantStatus(t, b.get(path), http.StatusOK, "Join this workshop")
		location(t, b.post(path+"/join", url.Values{}))
	}
	return path, m[1]
}

func TestWorkshopPagesFromHiddenNotesToTheCanvas(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s, lea, corentin, alice, bob, _ := visionSite(t, db)
		wantStatus(t, alice.get("/c/platform/workshops"), http.StatusOK, "No workshop yet", "seed 004")
		wantStatus(t, corentin.get("/c/platform/workshops/new"), http.StatusOK, "Open a workshop", "Dots per person")
		wantStatus(t, alice.get("/c/platform/workshops/new"), http.StatusForbidden)
		path, _ := openWorkshop(t, corentin, alice, bob)
		wantStatus(t, alice.get("/inbox"), http.StatusOK, "A workshop is open in Platform Engineering")
		wantStatus(t, lea.get("/c/platform"), http.StatusOK, "A workshop is running", "Our vision")

		// The live stream announces the current version, then each change.
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", s.url+path+"/events", nil)
		res, err := bob.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
			t.Fatalf("events content type %q", ct)
		}
		events := bufio.NewReader(res.Body)
		next := func() string {
			t.Helper()
			for {
				line, err := events.ReadString('\n')
				if err != nil {
					t.Fatalf("read event: %v", err)
				}
				if v, ok := strings.CutPrefix(line, "data: "); ok {
					return strings.TrimSpace(v)
				}
			}
		}
		first := next()

		location(t, alice.post(path+"/note", url.Values{"section": {"vision"}, "text": {"Self-service for every team"}}))
		if v := next(); v == first {
			t.Fatalf("the stream did not move on from version %s", first)
		}
		location(t, bob.post(path+"/note", url.Values{"section": {"vision"}, "text": {"Provision without tickets"}}))
		// Hidden while writing: Bob sees his own note and a count, never Alice's.
		page := bob.get(path)
		wantStatus(t, page, http.StatusOK, "Provision without tickets", "2 notes written so far")
		if strings.Contains(page.body, "Self-service for every team") {
			t.Fatal("Bob sees Alice's note before the reveal")
		}
		fac := corentin.get(path + "/board")
		wantStatus(t, fac, http.StatusOK, "you see only the count", "Alice Member · 1 note")
		if strings.Contains(fac.body, "Self-service") || strings.Contains(fac.body, "<html") {
			t.Fatal("the facilitator's board shows a note, or is not a fragment")
		}

		// Reveal, group, vote, send.
		location(t, corentin.post(path+"/advance", url.Values{"minutes": {""}}))
		wantStatus(t, bob.get(path+"/board"), http.StatusOK, "Self-service for every team", "Provision without tickets", "Not grouped yet")
		location(t, alice.post(path+"/group", url.Values{"section": {"vision"}, "title": {"Self-service"}}))
		st, err := s.app.Workshops.State(context.Background(), "platform", 1, workshopViewerFor(t, s, "alice@example.org"))
		if err != nil {
			t.Fatal(err)
		}
		g := st.Boards[0].Groups[0].ID
		for _, n := range st.Boards[0].Loose {
			location(t, alice.post(path+"/move", url.Values{"note": {wsID(n.ID)}, "group": {wsID(g)}}))
		}
		location(t, corentin.post(path+"/advance", url.Values{}))
		// More dots than allowed: a clear error, the earlier dots kept.
		location(t, alice.post(path+"/vote", url.Values{"dots-" + wsID(g): {"2"}}))
		before := storetest.Snapshot(t, s.app.DB, "workshop_votes")
		wantStatus(t, alice.post(path+"/vote", url.Values{"dots-" + wsID(g): {"5"}}), http.StatusUnprocessableEntity, "You have 3 dots and placed 5")
		if storetest.Snapshot(t, s.app.DB, "workshop_votes") != before {
			t.Fatal("a refused vote changed the dots")
		}
		location(t, bob.post(path+"/vote", url.Values{"dots-" + wsID(g): {"3"}}))
		// Notes after the write step are refused, the text kept.
		wantStatus(t, bob.post(path+"/note", url.Values{"section": {"vision"}, "text": {"A late idea"}}), http.StatusConflict, "has moved on")
		location(t, corentin.post(path+"/advance", url.Values{}))
		wantStatus(t, bob.get(path), http.StatusOK, "5 dots", "#1")
		location(t, corentin.post(path+"/send", url.Values{"groups": {wsID(g)}}))
		wantStatus(t, alice.get("/c/platform/canvas"), http.StatusOK, "Self-service", "from the workshop", "Our vision")
		location(t, corentin.post(path+"/close", url.Values{}))
		wantStatus(t, alice.get(path), http.StatusOK, "Closed", "See the canvas")
	})
}

func TestGuestsJoinByCodeAndBadCodesAreRefused(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s, _, corentin, alice, _, _ := visionSite(t, db)
		path, code := openWorkshop(t, corentin, alice)
		guest := s.browser() // no account
		wantStatus(t, guest.get(path), http.StatusNotFound, "Ask the facilitator for the join code")
		wantStatus(t, guest.get("/workshops/join?code="+code), http.StatusOK, `value="`+code+`"`)
		wantStatus(t, guest.post("/workshops/join", url.Values{"code": {"NOPE42"}, "name": {"Gus Guest"}}), http.StatusUnprocessableEntity,
			"No workshop has the code", `value="Gus Guest"`)
		wantStatus(t, guest.post("/workshops/join", url.Values{"code": {code}, "name": {""}}), http.StatusUnprocessableEntity, "Your name is required")
		if n := storetest.Count(t, s.app.DB, `SELECT COUNT(*) FROM workshop_participants`); n != 2 {
			t.Fatalf("%d participants after refused joins, want 2", n)
		}
		if loc := location(t, guest.post("/workshops/join", url.Values{"code": {strings.ToLower(code)}, "name": {"Gus Guest"}})); loc != path {
			t.Fatalf("joined to %q", loc)
		}
		page := guest.get(path)
		wantStatus(t, page, http.StatusOK, "Our vision", "Add my note")
		if strings.Contains(page.body, `class="tabs"`) || strings.Contains(page.body, code) {
			t.Fatal("a guest sees the community's tabs or the join code")
		}
		location(t, guest.post(path+"/note", url.Values{"section": {"vision"}, "text": {"A guest's view"}}))
		wantStatus(t, guest.get("/c/platform"), http.StatusNotFound)
		wantStatus(t, guest.get("/c/platform/canvas"), http.StatusNotFound)

		// A closed workshop takes nobody in.
		location(t, corentin.post(path+"/close", url.Values{}))
		other := s.browser()
		wantStatus(t, other.post("/workshops/join", url.Values{"code": {code}, "name": {"Late Guest"}}), http.StatusConflict, "This workshop is closed")
		if n := storetest.Count(t, s.app.DB, `SELECT COUNT(*) FROM workshop_participants`); n != 3 {
			t.Fatalf("%d participants after a refused join, want 3", n)
		}
	})
}

func wsID(n int64) string { return strconv.FormatInt(n, 10) }

func workshopViewerFor(t *testing.T, s *site, email string) workshop.Viewer {
	t.Helper()
	return workshop.Viewer{User: userByEmailV(t, s, email)}
}

// TestWorkshopStreamSeesChangesMadeOnAnotherReplica runs two servers on
// one PostgreSQL database: a page streaming from replica two learns of a
// note written through replica one, because the stream polls the
// workshop's version in the database rather than listening in memory.
func TestWorkshopStreamSeesChangesMadeOnAnotherReplica(t *testing.T) {
	dsn := storetest.URL(t, storetest.Postgres)
	one := newSite(t, storetest.OpenURL(t, dsn), web.Config{})
	two := newSite(t, storetest.OpenURL(t, dsn), web.Config{})
	lea := one.browser()
	lea.signup("lea@example.org", "Léa Martin")
	wantStatus(t, lea.post("/communities", url.Values{"name": {"Platform"}, "domain": {"Internal platforms"}, "visibility": {"open"},
		"code_of_conduct": {community.DefaultCodeOfConduct}}), http.StatusSeeOther)
	path := location(t, lea.post("/c/platform/workshops", url.Values{"title": {"Our vision"}, "sections": {"vision"}, "dots": {"3"}}))

	onTwo := two.browser()
	u1, _ := url.Parse(one.url)
	u2, _ := url.Parse(two.url)
	onTwo.c.Jar.SetCookies(u2, lea.c.Jar.Cookies(u1))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", two.url+path+"/events", nil)
	res, err := onTwo.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	events := bufio.NewReader(res.Body)
	var versions []string
	for len(versions) < 2 {
		line, err := events.ReadString('\n')
		if err != nil {
			t.Fatalf("read the stream: %v (versions so far %v)", err, versions)
		}
		if v, ok := strings.CutPrefix(line, "data: "); ok {
			versions = append(versions, strings.TrimSpace(v))
			if len(versions) == 1 {
				location(t, lea.post(path+"/note", url.Values{"section": {"vision"}, "text": {"Written on replica one"}}))
			}
		}
	}
	if versions[0] == versions[1] {
		t.Fatalf("the stream on replica two did not move on: %v", versions)
	}
	// The client goes away: the stream ends (the handler returns), which
	// httptest's Close would otherwise wait for.
	cancel()
}
