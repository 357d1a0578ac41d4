package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"cultivate/internal/account"
	"cultivate/internal/backlog"
	"cultivate/internal/browsertest"
	"cultivate/internal/community"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/web"
)

// TestARecurringBrownBagFromScheduleToBacklog is the rhythm journey in a
// real Chromium, with the leader and a member in two browser contexts: the
// leader schedules a weekly brown bag; the member answers "going" and
// downloads the date's .ics; after the session (the fake clock moves on)
// the host records attendance and writes the minutes; the member, asked by
// the feedback job, rates it; the backlog idea the member voted up is
// marked done by that event.
func TestARecurringBrownBagFromScheduleToBacklog(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		ctx := context.Background()
		people := map[string]account.User{}
		for _, p := range []struct{ email, name string }{{"lea@example.org", "Léa Martin"}, {"ann@example.org", "Ann Lee"}, {"omar@example.org", "Omar Haddad"}} {
			u, err := s.app.Accounts.Create(ctx, account.SignUp{Email: p.email, Name: p.name, Password: goodPassword})
			if err != nil {
				t.Fatal(err)
			}
			people[p.email] = u
		}
		if _, err := s.app.Communities.Create(ctx, people["lea@example.org"], community.Settings{Name: "Testing Guild", Slug: "testing-guild",
			Domain: "Software testing", Visibility: "open", CodeOfConduct: "Be kind and share what you really saw work."}); err != nil {
			t.Fatal(err)
		}
		for _, e := range []string{"ann@example.org", "omar@example.org"} {
			if _, err := s.app.Communities.Join(ctx, people[e], "testing-guild", true, ""); err != nil {
				t.Fatal(err)
			}
		}
		idea, err := s.app.Backlog.Create(ctx, people["omar@example.org"], "testing-guild", backlog.NewItem{Title: "A brown bag on contract tests",
			Description: "Several teams are starting with Pact; let's compare notes."})
		if err != nil {
			t.Fatal(err)
		}
		ideaPath := backlog.Path("testing-guild", idea.ID)

		lea := browsertest.New(t)
		lea, cancel := context.WithTimeout(lea, 180*time.Second)
		defer cancel()
		ann := browsertest.NewContext(t, lea)
		login(t, lea, s.url, "lea@example.org")
		login(t, ann, s.url, "ann@example.org")

		// Ann votes the idea up.
		err = chromedp.Run(ann,
			chromedp.Navigate(s.url+ideaPath),
			chromedp.WaitVisible(`form[data-vote] button`, chromedp.ByQuery),
			chromedp.Click(`form[data-vote] button`, chromedp.ByQuery),
			chromedp.WaitVisible(`form[data-vote] button[aria-pressed="true"]`, chromedp.ByQuery),
		)
		if err != nil {
			t.Fatalf("vote: %v", err)
		}
		if got := text(t, ann, `.vote-total`); !strings.Contains(got, "1 member wants") {
			t.Fatalf("after Ann's vote the item shows %q", got)
		}

		// Léa schedules a weekly brown bag (the clock reads Monday 2 March).
		err = chromedp.Run(lea,
			chromedp.Navigate(s.url+"/c/testing-guild/events/new"),
			chromedp.WaitVisible(`#event-form`, chromedp.ByQuery),
			chromedp.SendKeys(`#title`, "Brown bag: contract tests", chromedp.ByQuery),
			chromedp.Click(`input[name="format"][value="brown_bag"]`, chromedp.ByQuery),
			chromedp.SendKeys(`#description`, "Omar shows how his team uses **Pact**.", chromedp.ByQuery),
			chromedp.SetValue(`#start`, "2026-03-03T12:00", chromedp.ByQuery),
			chromedp.SetValue(`#end`, "2026-03-03T13:00", chromedp.ByQuery),
			chromedp.SetValue(`#time_zone`, "Europe/London", chromedp.ByQuery),
			chromedp.SendKeys(`#link`, "https://meet.example.org/testing", chromedp.ByQuery),
			chromedp.SetValue(`#recur_freq`, "weekly", chromedp.ByQuery),
			chromedp.SetValue(`#recur_interval`, "1", chromedp.ByQuery),
			chromedp.SetValue(`#recur_count`, "6", chromedp.ByQuery),
			chromedp.Submit(`#title`, chromedp.ByQuery),
			chromedp.WaitVisible(`#rsvp-going`, chromedp.ByQuery),
		)
		if err != nil {
			t.Fatalf("schedule: %v", err)
		}
		var eventURL string
		if err := chromedp.Run(lea, chromedp.Location(&eventURL)); err != nil {
			t.Fatal(err)
		}
		if got := text(t, lea, `main`); !strings.Contains(got, "Every week on Tuesday, 6 times") || !strings.Contains(got, "Brown bag: contract tests") {
			t.Fatalf("the new event shows:\n%s", got)
		}
		browsertest.Screenshot(t, lea, "rhythm-1-scheduled")
		eventID := strings.TrimPrefix(eventURL, s.url+"/c/testing-guild/events/")
		if _, err := strconv.ParseInt(eventID, 10, 64); err != nil {
			t.Fatalf("the event page %s has no id", eventURL)
		}
		first := "/c/testing-guild/events/" + eventID + "/20260303T120000Z"

		// Ann answers "going" and downloads the date's calendar entry.
		err = chromedp.Run(ann,
			chromedp.Navigate(s.url+first),
			chromedp.WaitVisible(`#rsvp-going`, chromedp.ByQuery),
			chromedp.Click(`#rsvp-going`, chromedp.ByQuery),
			chromedp.WaitVisible(`#my-answer`, chromedp.ByQuery),
		)
		if err != nil {
			t.Fatalf("rsvp: %v", err)
		}
		if got := text(t, ann, `#my-answer`); !strings.Contains(got, "Going") {
			t.Fatalf("after answering, the page says %q", got)
		}
		var ics string
		err = chromedp.Run(ann, chromedp.Evaluate(`fetch(document.querySelector('#add-to-calendar').href).then(r => r.text())`, &ics,
			func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
		if err != nil {
			t.Fatalf("download the .ics: %v", err)
		}
		for _, want := range []string{"BEGIN:VCALENDAR", "BEGIN:VTIMEZONE", "TZID:Europe/London", "DTSTART;TZID=Europe/London:20260303T120000",
			"SUMMARY:Brown bag: contract tests"} {
			if !strings.Contains(ics, want) {
				t.Fatalf("the .ics lacks %q:\n%s", want, ics)
			}
		}

		// After the session, Léa records who came and writes the minutes.
		s.clock.Set(time.Date(2026, 3, 3, 13, 30, 0, 0, time.UTC))
		annBox := "#attended-" + strconv.FormatInt(people["ann@example.org"].ID, 10)
		err = chromedp.Run(lea,
			chromedp.Navigate(s.url+first),
			chromedp.WaitVisible(`#attendance-form`, chromedp.ByQuery),
			chromedp.WaitVisible(annBox+`:checked`, chromedp.ByQuery), // those going are ticked already
			chromedp.Submit(annBox, chromedp.ByQuery),
		)
		if err != nil {
			t.Fatalf("attendance: %v", err)
		}
		waitFlash(t, lea, "Attendance recorded")
		err = chromedp.Run(lea,
			chromedp.Click(`#write-minutes`, chromedp.ByQuery),
			chromedp.WaitVisible(`#body`, chromedp.ByQuery),
			chromedp.SendKeys(`#body`, "Omar walked us through consumer-driven contracts. Two teams will try Pact this quarter.", chromedp.ByQuery),
			chromedp.Submit(`#body`, chromedp.ByQuery),
		)
		if err != nil {
			t.Fatalf("minutes: %v", err)
		}
		waitFlash(t, lea, "Minutes saved")
		if got := text(t, lea, `main`); !strings.Contains(got, "Two teams will try Pact") || !strings.Contains(got, "Brown bag: contract tests") {
			t.Fatalf("the minutes show:\n%s", got)
		}
		browsertest.Screenshot(t, lea, "rhythm-2-minutes")

		// The feedback job asks Ann; she rates it.
		if _, err := s.app.Jobs.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
		err = chromedp.Run(ann,
			chromedp.Navigate(s.url+"/inbox"),
			chromedp.WaitVisible(`main`, chromedp.ByQuery),
		)
		if err != nil {
			t.Fatal(err)
		}
		if got := text(t, ann, `main`); !strings.Contains(got, "worth your time") {
			t.Fatalf("Ann's inbox has no feedback ask:\n%s", got)
		}
		err = chromedp.Run(ann,
			chromedp.Navigate(s.url+first),
			chromedp.WaitVisible(`#feedback-form`, chromedp.ByQuery),
			chromedp.Click(`#rating-5`, chromedp.ByQuery),
			chromedp.SendKeys(`#feedback-form textarea[name="comment"]`, "I can use this tomorrow.", chromedp.ByQuery),
			chromedp.Submit(`#feedback-form textarea[name="comment"]`, chromedp.ByQuery),
		)
		if err != nil {
			t.Fatalf("feedback: %v", err)
		}
		waitFlash(t, ann, "the hosts read every answer")
		err = chromedp.Run(lea, chromedp.Navigate(s.url+first), chromedp.WaitVisible(`#average-rating`, chromedp.ByQuery))
		if err != nil {
			t.Fatalf("feedback summary: %v", err)
		}
		if got := text(t, lea, `main`); !strings.Contains(got, "I can use this tomorrow.") || !strings.Contains(text(t, lea, `#average-rating`), "5") {
			t.Fatalf("the host sees:\n%s", got)
		}

		// The idea is done, fulfilled by the brown bag.
		err = chromedp.Run(lea,
			chromedp.Navigate(s.url+ideaPath),
			chromedp.WaitVisible(`#status`, chromedp.ByQuery),
			chromedp.SetValue(`#status`, "done", chromedp.ByQuery),
			chromedp.Submit(`#status`, chromedp.ByQuery),
		)
		if err != nil {
			t.Fatalf("mark done: %v", err)
		}
		waitFlash(t, lea, "Moved to done")
		err = chromedp.Run(lea,
			chromedp.SetValue(`#target`, "event:"+eventID, chromedp.ByQuery),
			chromedp.Submit(`#target`, chromedp.ByQuery),
		)
		if err != nil {
			t.Fatalf("link: %v", err)
		}
		waitFlash(t, lea, "Linked to what fulfilled it")
		err = chromedp.Run(ann, chromedp.Navigate(s.url+ideaPath), chromedp.WaitVisible(`main`, chromedp.ByQuery))
		if err != nil {
			t.Fatal(err)
		}
		if got := text(t, ann, `main`); !strings.Contains(got, "Fulfilled by") || !strings.Contains(got, "Brown bag: contract tests") || !strings.Contains(got, "Done") {
			t.Fatalf("the done idea shows:\n%s", got)
		}
		browsertest.Screenshot(t, ann, "rhythm-3-backlog-done")
	})
}

// waitFlash waits until the tab shows a flash message containing want:
// the sign that a form post went through and its redirect has loaded.
// Evaluating while the page navigates fails, so it asks again.
func waitFlash(t *testing.T, tab context.Context, want string) {
	t.Helper()
	expr := `(document.querySelector('.flash') || {textContent: ''}).textContent.includes(` + strconv.Quote(want) + `)`
	for {
		var ok bool
		if err := chromedp.Run(tab, chromedp.Evaluate(expr, &ok)); err == nil && ok {
			return
		}
		select {
		case <-tab.Done():
			t.Fatalf("no flash message %q: %v", want, tab.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
