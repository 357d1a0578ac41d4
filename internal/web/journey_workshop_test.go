package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cultivate/internal/account"
	"cultivate/internal/browsertest"
	"cultivate/internal/community"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/web"
)

// waitText waits until the element sel of tab holds want, the way a person
// watches a page change by itself (no reload is asked for).
func waitText(t *testing.T, tab context.Context, sel, want string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, 20*time.Second)
	defer cancel()
	var got string
	for {
		err := chromedp.Run(ctx, chromedp.Text(sel, &got, chromedp.ByQuery, chromedp.AtLeast(0)))
		if err == nil && strings.Contains(got, want) {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s never showed %q; it shows:\n%s", sel, want, got)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// submit runs actions that end by submitting a form, and waits until the
// browser shows the page the server answered with (not the old one).
func submit(t *testing.T, tab context.Context, what string, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(tab, chromedp.Evaluate(`window.beforeSubmit = true`, nil)); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if err := chromedp.Run(tab, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	ctx, cancel := context.WithTimeout(tab, 20*time.Second)
	defer cancel()
	for {
		var old bool
		err := chromedp.Run(ctx, chromedp.Evaluate(`window.beforeSubmit === true`, &old))
		if err == nil && !old {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s: the answer never loaded", what)
		case <-time.After(100 * time.Millisecond):
		}
	}
	if err := chromedp.Run(ctx, chromedp.WaitReady(`body`, chromedp.ByQuery)); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// settle waits until every tab's board shows the workshop's current
// version, so the next action does not race a live update.
func settle(t *testing.T, s *site, id int64, tabs ...context.Context) {
	t.Helper()
	v, err := s.app.Workshops.Version(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, tab := range tabs {
		ctx, cancel := context.WithTimeout(tab, 20*time.Second)
		var got string
		for got != strconv.FormatInt(v, 10) {
			if err := chromedp.Run(ctx, chromedp.Evaluate(`(document.getElementById("ws-board") || {getAttribute: () => ""}).getAttribute("data-version")`, &got)); err != nil {
				cancel()
				t.Fatalf("the board never reached version %d (it shows %q): %v", v, got, err)
			}
			if got != strconv.FormatInt(v, 10) {
				time.Sleep(100 * time.Millisecond)
			}
		}
		cancel()
	}
}

// TestWorkshopJourneyHiddenNotesRevealedLiveVotedToTheCanvas is the vision
// workshop in a real Chromium with three people in three browser
// contexts: the leader facilitates, two members join; each writes a note
// nobody else sees; the facilitator reveals and every browser shows all
// notes without reloading (server-sent events); they group and dot-vote,
// and the winning group lands on the canvas.
func TestWorkshopJourneyHiddenNotesRevealedLiveVotedToTheCanvas(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		ctx := context.Background()
		people := map[string]account.User{}
		for _, p := range []struct{ email, name string }{{"lea@example.org", "Léa Martin"}, {"nia@example.org", "Nia Okafor"}, {"omar@example.org", "Omar Haddad"}} {
			u, err := s.app.Accounts.Create(ctx, account.SignUp{Email: p.email, Name: p.name, Password: goodPassword})
			if err != nil {
				t.Fatal(err)
			}
			people[p.email] = u
		}
		if _, err := s.app.Communities.Create(ctx, people["lea@example.org"], community.Settings{Name: "Platform Engineering", Slug: "platform",
			Domain: "Internal platforms", Visibility: "open", CodeOfConduct: "Be kind and share what you really saw work."}); err != nil {
			t.Fatal(err)
		}
		for _, e := range []string{"nia@example.org", "omar@example.org"} {
			if _, err := s.app.Communities.Join(ctx, people[e], "platform", true, ""); err != nil {
				t.Fatal(err)
			}
		}

		lea := browsertest.New(t)
		lea, cancel := context.WithTimeout(lea, 150*time.Second)
		defer cancel()
		nia := browsertest.NewContext(t, lea)
		omar := browsertest.NewContext(t, lea)
		login(t, lea, s.url, "lea@example.org")
		login(t, nia, s.url, "nia@example.org")
		login(t, omar, s.url, "omar@example.org")

		// Léa opens the workshop on the vision.
		var path string
		err := chromedp.Run(lea,
			chromedp.Navigate(s.url+"/c/platform/workshops/new"),
			chromedp.WaitVisible(`#title`, chromedp.ByQuery),
			chromedp.Click(`input[name="sections"][value="how"]`, chromedp.ByQuery),
			chromedp.Click(`input[name="sections"][value="impact"]`, chromedp.ByQuery),
			chromedp.Click(`input[name="sections"][value="resources"]`, chromedp.ByQuery),
			chromedp.Click(`input[name="sections"][value="name"]`, chromedp.ByQuery),
			chromedp.Submit(`#title`, chromedp.ByQuery),
			chromedp.WaitVisible(`#ws-board`, chromedp.ByQuery),
			chromedp.Evaluate(`location.pathname`, &path),
		)
		if err != nil {
			t.Fatalf("open the workshop: %v", err)
		}
		browsertest.Screenshot(t, lea, "1-opened")
		id, err := strconv.ParseInt(path[strings.LastIndex(path, "/")+1:], 10, 64)
		if err != nil {
			t.Fatalf("workshop address %q", path)
		}
		all := []context.Context{lea, nia, omar}

		// Nia and Omar join; the three write alone.
		for i, tab := range []context.Context{nia, omar} {
			if err := chromedp.Run(tab,
				chromedp.Navigate(s.url+path),
				chromedp.WaitVisible(`.join-card button`, chromedp.ByQuery),
				chromedp.Click(`.join-card button`, chromedp.ByQuery),
				chromedp.WaitVisible(`#note-vision`, chromedp.ByQuery),
			); err != nil {
				t.Fatalf("join: %v", err)
			}
			settle(t, s, id, all[:i+2]...)
		}
		notes := map[context.Context]string{
			lea:  "Teams get an environment in minutes",
			nia:  "Golden paths, not gates",
			omar: "Provision without a ticket",
		}
		for _, tab := range all {
			submit(t, tab, "write a note",
				chromedp.SendKeys(`#note-vision`, notes[tab], chromedp.ByQuery),
				chromedp.Click(`#board-vision .ws-note-form button`, chromedp.ByQuery))
			settle(t, s, id, all...)
		}
		// Every browser learns there are three notes, and shows only its own.
		for _, tab := range []context.Context{lea, nia, omar} {
			waitText(t, tab, `#board-vision .ws-count`, "3 notes written so far")
			var board string
			if err := chromedp.Run(tab, chromedp.Text(`#ws-board`, &board, chromedp.ByQuery)); err != nil {
				t.Fatal(err)
			}
			for other, text := range notes {
				if other != tab && strings.Contains(board, text) {
					t.Fatalf("a browser shows someone else's hidden note %q:\n%s", text, board)
				}
			}
		}
		browsertest.Screenshot(t, nia, "2-hidden")

		// Léa reveals; Nia's and Omar's pages show every note by themselves.
		for _, tab := range []context.Context{nia, omar} {
			if err := chromedp.Run(tab, chromedp.Evaluate(`window.stillHere = true`, nil)); err != nil {
				t.Fatal(err)
			}
		}
		submit(t, lea, "reveal", chromedp.Click(`.ws-facilitate form[action$="/advance"] button`, chromedp.ByQuery))
		for _, tab := range []context.Context{nia, omar} {
			for _, text := range notes {
				waitText(t, tab, `#board-vision`, text)
			}
			var same bool
			if err := chromedp.Run(tab, chromedp.Evaluate(`window.stillHere === true`, &same)); err != nil || !same {
				t.Fatalf("the page reloaded instead of updating in place (%v)", err)
			}
		}
		browsertest.Screenshot(t, omar, "3-revealed")

		// Grouping, with the group picker: two groups, three notes.
		for _, g := range []string{"Self-service", "Guidance"} {
			submit(t, nia, "add a group", chromedp.SendKeys(`#group-vision`, g, chromedp.ByQuery), chromedp.Submit(`#group-vision`, chromedp.ByQuery))
		}
		for range 3 {
			var html string
			if err := chromedp.Run(nia, chromedp.InnerHTML(`.ws-loose .ws-note`, &html, chromedp.ByQuery)); err != nil {
				t.Fatal(err)
			}
			group := "Self-service"
			if strings.Contains(html, "Golden paths") {
				group = "Guidance"
			}
			submit(t, nia, "move a note",
				chromedp.SetValue(`.ws-loose .ws-note select`, groupValue(t, nia, group), chromedp.ByQuery),
				chromedp.Click(`.ws-loose .ws-note button`, chromedp.ByQuery))
		}
		waitText(t, omar, `.ws-group:nth-child(1)`, "Provision without a ticket")
		settle(t, s, id, all...)
		browsertest.Screenshot(t, omar, "4-grouped")

		// The vote: three dots each; four are refused with a clear error.
		submit(t, lea, "start the vote", chromedp.Click(`.ws-facilitate form[action$="/advance"] button`, chromedp.ByQuery))
		vote := func(tab context.Context, first, second string) {
			t.Helper()
			settle(t, s, id, all...)
			waitText(t, tab, `.ws-status`, "Dot vote")
			submit(t, tab, "vote",
				chromedp.SetValue(`.ws-group:nth-child(1) input`, first, chromedp.ByQuery),
				chromedp.SetValue(`.ws-group:nth-child(2) input`, second, chromedp.ByQuery),
				chromedp.Click(`#ws-vote button`, chromedp.ByQuery))
		}
		vote(nia, "3", "1")
		waitText(t, nia, `#ws-vote`, "You have 3 dots and placed 4")
		browsertest.Screenshot(t, nia, "5-too-many-dots")
		vote(nia, "2", "1")
		vote(omar, "3", "0")
		vote(lea, "1", "2")
		waitText(t, nia, `#ws-vote`, "you placed 3")

		// The result, and the winner to the canvas.
		submit(t, lea, "show the result", chromedp.Click(`.ws-facilitate form[action$="/advance"] button`, chromedp.ByQuery))
		waitText(t, omar, `.ws-group:nth-child(1)`, "6 dots")
		settle(t, s, id, all...)
		submit(t, lea, "send the winner",
			chromedp.Click(`form[action$="/send"] label:nth-of-type(2) input`, chromedp.ByQuery), // only the winner
			chromedp.Click(`form[action$="/send"] button`, chromedp.ByQuery))
		waitText(t, lea, `.flash`, "Sent to the canvas: vision")
		browsertest.Screenshot(t, lea, "6-sent")
		if err := chromedp.Run(omar, chromedp.Navigate(s.url+"/c/platform/canvas"), chromedp.WaitVisible(`#vision`, chromedp.ByQuery)); err != nil {
			t.Fatal(err)
		}
		got := text(t, omar, `#vision`)
		if !strings.Contains(got, "Self-service") || !strings.Contains(got, "Provision without a ticket") || strings.Contains(got, "Guidance") ||
			!strings.Contains(got, "from the workshop") {
			t.Fatalf("the canvas's vision after the workshop:\n%s", got)
		}
		browsertest.Screenshot(t, omar, "7-canvas")
	})
}

// groupValue is the value of the group picker's option titled title.
func groupValue(t *testing.T, tab context.Context, title string) string {
	t.Helper()
	var v string
	js := `Array.from(document.querySelectorAll('.ws-loose .ws-note select option')).filter(o => o.textContent === ` + "`" + title + "`" + `).map(o => o.value)[0] || ""`
	if err := chromedp.Run(tab, chromedp.Evaluate(js, &v)); err != nil || v == "" {
		t.Fatalf("no group %q in the picker (%v)", title, err)
	}
	return v
}
