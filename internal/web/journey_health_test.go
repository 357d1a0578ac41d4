package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cultivate/internal/account"
	"cultivate/internal/browsertest"
	"cultivate/internal/community"
	"cultivate/internal/health"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/web"
)

// TestHealthCheckResultsAppearOnlyFromTheThirdAnswer is journey (b) in a
// real Chromium: the leader opens a health check; five members, each in
// a browser context of their own, answer it; the results are withheld
// after the first and the second answers and appear after the third.
func TestHealthCheckResultsAppearOnlyFromTheThirdAnswer(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		ctx := context.Background()
		lead, err := s.app.Accounts.Create(ctx, account.SignUp{Email: "lea@example.org", Name: "Léa Martin", Password: goodPassword})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.app.Communities.Create(ctx, lead, community.Settings{Name: "Testing Guild", Slug: "testing-guild",
			Domain: "Software testing", Visibility: "open", CodeOfConduct: "Be kind and share what you really saw work."}); err != nil {
			t.Fatal(err)
		}
		var emails []string
		for i, name := range []string{"Nia Okafor", "Omar Haddad", "Pia Berg", "Quinn Lee", "Rosa Diaz"} {
			e := fmt.Sprintf("m%d@example.org", i+1)
			u, err := s.app.Accounts.Create(ctx, account.SignUp{Email: e, Name: name, Password: goodPassword})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.app.Communities.Join(ctx, u, "testing-guild", true, ""); err != nil {
				t.Fatal(err)
			}
			emails = append(emails, e)
		}
		// A short template keeps the form quick to fill in.
		if _, err := s.app.Health.SaveTemplate(ctx, lead, "testing-guild", health.DefaultCards()[:3]); err != nil {
			t.Fatal(err)
		}
		round, err := s.app.Health.OpenRound(ctx, lead, "testing-guild", health.OpenInput{ClosesOn: "2026-03-20"})
		if err != nil {
			t.Fatal(err)
		}
		path := round.Path()

		first := browsertest.New(t)
		first, cancel := context.WithTimeout(first, 120*time.Second)
		defer cancel()
		ratings := []string{"green", "amber", "green", "red", "green"}
		for i, e := range emails {
			tab := first
			if i > 0 {
				tab = browsertest.NewContext(t, first)
			}
			login(t, tab, s.url, e)
			actions := []chromedp.Action{chromedp.Navigate(s.url + path), chromedp.WaitVisible(`form.health-form`, chromedp.ByQuery)}
			for _, c := range round.Cards {
				actions = append(actions,
					chromedp.Click(fmt.Sprintf(`input[name="rating.%s"][value="%s"]`, c.Key, ratings[i]), chromedp.ByQuery),
					chromedp.Click(fmt.Sprintf(`input[name="trend.%s"][value="same"]`, c.Key), chromedp.ByQuery))
			}
			actions = append(actions,
				chromedp.SendKeys(`#comment-learning`, fmt.Sprintf("Comment number %d", i+1), chromedp.ByQuery),
				chromedp.Click(`form.health-form button[type="submit"]`, chromedp.ByQuery),
				chromedp.WaitVisible(`.flash`, chromedp.ByQuery))
			if err := chromedp.Run(tab, actions...); err != nil {
				t.Fatalf("member %d answers: %v", i+1, err)
			}
			results := text(t, tab, `#results`)
			browsertest.Screenshot(t, tab, fmt.Sprintf("%d-answered", i+1))
			shown := strings.Contains(results, "comments, without names") && !strings.Contains(results, "answers needed")
			switch {
			case i < 2 && shown:
				t.Fatalf("results shown after %d answers:\n%s", i+1, results)
			case i < 2 && !strings.Contains(results, fmt.Sprintf("%d of 3 answers needed", i+1)):
				t.Fatalf("after %d answers the page says:\n%s", i+1, results)
			case i >= 2 && !shown:
				t.Fatalf("no results after %d answers:\n%s", i+1, results)
			}
			if i >= 2 && strings.Contains(results, "Nia") {
				t.Fatalf("results name a member:\n%s", results)
			}
			if got := text(t, tab, `main`); !strings.Contains(got, "you answered") {
				t.Fatalf("the page does not say the member answered:\n%s", got)
			}
		}
		// Each card's history is a chart with its numbers one click away.
		if err := chromedp.Run(first, chromedp.Navigate(s.url+"/c/testing-guild/health/checks/history"),
			chromedp.WaitVisible(`svg.chart`, chromedp.ByQuery)); err != nil {
			t.Fatalf("history: %v", err)
		}
		browsertest.Screenshot(t, first, "6-history")
		res, err := s.app.Health.Results(ctx, lead, "testing-guild", round.ID)
		if err != nil || res.Round.Answered != 5 || res.Cards[0].Green != 3 || res.Cards[0].Red != 1 {
			t.Fatalf("after five answers: %+v %v", res.Round, err)
		}
	})
}
