package web_test

import (
	"context"
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

// TestNewcomerJoinsAnOpenCommunity is the foundation's user journey, in a
// real headless Chromium: a newcomer signs up, finds an open community,
// reads its code of conduct, joins, and appears in the member directory.
func TestNewcomerJoinsAnOpenCommunity(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		ctx := context.Background()
		lead, err := s.app.Accounts.Create(ctx, account.SignUp{Email: "lea@example.org", Name: "Léa Martin", Password: goodPassword})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.app.Communities.Create(ctx, lead, community.Settings{Name: "Testing Guild", Slug: "testing-guild",
			Domain: "Software testing and quality", Purpose: "We help each other **test better**.", Visibility: "open",
			CodeOfConduct: "Be kind.\n\n- Share real problems.\n- Credit who you learned from."}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.app.Communities.Create(ctx, lead, community.Settings{Name: "Secret Circle", Slug: "secret", Domain: "Hidden things",
			Visibility: "private", CodeOfConduct: "Keep it confidential, always."}); err != nil {
			t.Fatal(err)
		}

		tab := browsertest.New(t)
		tab, cancel := context.WithTimeout(tab, 60*time.Second)
		defer cancel()
		var home, communities, directory, coc string
		err = chromedp.Run(tab,
			chromedp.Navigate(s.url+"/"),
			chromedp.WaitVisible(`a[href="/signup"]`, chromedp.ByQuery),
			chromedp.Click(`main a[href="/signup"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`#email`, chromedp.ByQuery),
			chromedp.SendKeys(`#name`, "Nia Okafor", chromedp.ByQuery),
			chromedp.SendKeys(`#email`, "nia@example.org", chromedp.ByQuery),
			chromedp.SendKeys(`#password`, goodPassword, chromedp.ByQuery),
			chromedp.Submit(`#password`, chromedp.ByQuery),
			chromedp.WaitVisible(`.flash`, chromedp.ByQuery),
			chromedp.Text(`main`, &home, chromedp.ByQuery),
		)
		if err != nil {
			t.Fatalf("sign up: %v", err)
		}
		if !strings.Contains(home, "Welcome, Nia Okafor") || !strings.Contains(home, "Testing Guild") {
			t.Fatalf("home after sign-up:\n%s", home)
		}
		browsertest.Screenshot(t, tab, "1-home")

		err = chromedp.Run(tab,
			chromedp.Click(`nav.mainnav a[href="/communities"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`#q`, chromedp.ByQuery),
			chromedp.SendKeys(`#q`, "testing", chromedp.ByQuery),
			chromedp.Submit(`#q`, chromedp.ByQuery),
			chromedp.WaitVisible(`a[href="/c/testing-guild"]`, chromedp.ByQuery),
			chromedp.Text(`main`, &communities, chromedp.ByQuery),
			chromedp.Click(`main a[href="/c/testing-guild"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`.join-card`, chromedp.ByQuery),
		)
		if err != nil {
			t.Fatalf("find the community: %v", err)
		}
		if strings.Contains(communities, "Secret Circle") {
			t.Error("a private community is listed to a newcomer")
		}
		browsertest.Screenshot(t, tab, "2-community")

		err = chromedp.Run(tab,
			chromedp.Click(`.join-card a.button`, chromedp.ByQuery),
			chromedp.WaitVisible(`input[name="accept_coc"]`, chromedp.ByQuery),
			chromedp.Text(`.prose`, &coc, chromedp.ByQuery),
			chromedp.SendKeys(`#intro`, "Mobile tester, keen on exploratory testing.", chromedp.ByQuery),
			chromedp.Click(`input[name="accept_coc"]`, chromedp.ByQuery),
		)
		if err != nil {
			t.Fatalf("read the code of conduct: %v", err)
		}
		if !strings.Contains(coc, "Share real problems") {
			t.Fatalf("code of conduct shown:\n%s", coc)
		}
		browsertest.Screenshot(t, tab, "3-conduct")
		err = chromedp.Run(tab,
			chromedp.Submit(`#intro`, chromedp.ByQuery),
			chromedp.WaitVisible(`.myrole`, chromedp.ByQuery),
			chromedp.Click(`nav.tabs a[href="/c/testing-guild/members"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`ul.directory`, chromedp.ByQuery),
			chromedp.Text(`ul.directory`, &directory, chromedp.ByQuery),
		)
		if err != nil {
			t.Fatalf("join and open the directory: %v", err)
		}
		browsertest.Screenshot(t, tab, "4-directory")
		for _, want := range []string{"Nia Okafor", "Mobile tester, keen on exploratory testing.", "Léa Martin", "Leader"} {
			if !strings.Contains(directory, want) {
				t.Errorf("directory lacks %q:\n%s", want, directory)
			}
		}
		if !s.isMember(t, "testing-guild", "nia@example.org") {
			t.Fatal("the database does not have the membership")
		}
	})
}
