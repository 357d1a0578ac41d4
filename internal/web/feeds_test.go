package web_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"cultivate/internal/activity"
	"cultivate/internal/knowledge"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

var secretFeed = regexp.MustCompile(`https://cop\.example\.org/feeds/[A-Za-z0-9_-]{32}/c/red/feed\.atom`)

func TestFeeds(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newReachSite(t, db)
		ctx := context.Background()
		for _, slug := range []string{"testing", "red"} {
			if _, err := s.app.Knowledge.Create(ctx, s.memberU, slug, knowledge.NewArtefact{Kind: knowledge.FAQ,
				Title: `Flaky tests & <em>how</em> we "fixed" them in ` + slug, Body: "The body, which a feed never carries, is long enough."}); err != nil {
				t.Fatal(err)
			}
		}
		// An open community: a public feed, announced in the page head.
		wantStatus(t, s.outsider.get("/c/testing"), 200, `<link rel="alternate" type="application/atom+xml" title="Testing Guild" href="/c/testing/feed.atom">`)
		r := s.outsider.get("/c/testing/feed.atom")
		wantStatus(t, r, 200)
		if ct := r.header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		var doc struct {
			ID      string `xml:"id"`
			Entries []struct {
				Title string `xml:"title"`
				Link  struct {
					Href string `xml:"href,attr"`
				} `xml:"link"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal([]byte(r.body), &doc); err != nil {
			t.Fatalf("feed is not XML: %v\n%s", err, r.body)
		}
		if len(doc.Entries) != 1 || doc.Entries[0].Title != `Max Member published an FAQ: Flaky tests & <em>how</em> we "fixed" them in testing` ||
			!strings.HasPrefix(doc.Entries[0].Link.Href, "https://cop.example.org/c/testing/knowledge/") {
			t.Errorf("entries = %+v", doc.Entries)
		}
		if strings.Contains(r.body, "<em>") || strings.Contains(r.body, "The body") {
			t.Errorf("raw markup or a body in the feed")
		}

		// A private community: no public feed, no alternate link; each
		// member has a secret address on the Activity tab.
		wantStatus(t, s.member.get("/c/red/feed.atom"), http.StatusNotFound)
		if strings.Contains(s.member.get("/c/red").body, "application/atom+xml") {
			t.Errorf("a private community announces a public feed")
		}
		page := s.member.get("/c/red/activity")
		wantStatus(t, page, 200, "Follow in a feed reader", "yours alone")
		addr := secretFeed.FindString(page.body)
		if addr == "" {
			t.Fatalf("no secret feed address on the page:\n%s", snippet(page.body))
		}
		path := strings.TrimPrefix(addr, "https://cop.example.org")
		anon := s.browser()
		r = anon.get(path)
		wantStatus(t, r, 200, "in red")
		if r.header.Get("Cache-Control") != "private, max-age=300" {
			t.Errorf("Cache-Control %q", r.header.Get("Cache-Control"))
		}
		// The address reads only the owner's communities.
		wantStatus(t, anon.get(strings.Replace(path, "/c/red/", "/c/nope/", 1)), http.StatusNotFound)
		wantStatus(t, anon.get(strings.Replace(path, "/feeds/", "/feeds/x", 1)), http.StatusNotFound)

		// A new address retires the old one.
		wantStatus(t, s.member.post("/me/feed-token", url.Values{"next": {"/c/red/activity"}}), http.StatusSeeOther)
		wantStatus(t, anon.get(path), http.StatusNotFound)
		addr = secretFeed.FindString(s.member.get("/c/red/activity").body)
		path = strings.TrimPrefix(addr, "https://cop.example.org")
		wantStatus(t, anon.get(path), 200)
		// After leaving, the address answers not found.
		if err := s.app.Communities.Leave(ctx, s.memberU, "red"); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, anon.get(path), http.StatusNotFound)
	})
}

func TestActivityFilters(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newReachSite(t, db)
		ctx := context.Background()
		c, _, err := s.app.Communities.BySlug(ctx, "testing", s.leadU)
		if err != nil {
			t.Fatal(err)
		}
		art, err := s.app.Knowledge.Create(ctx, s.memberU, "testing", knowledge.NewArtefact{Kind: knowledge.FAQ, Title: "Pinned <fonts> for screenshots",
			Body: "Pin the fonts in the CI image; the body is long enough."})
		if err != nil {
			t.Fatal(err)
		}
		// 60 more entries by the member, so the filtered log has pages.
		err = db.WithTx(ctx, func(ctx context.Context) error {
			for i := range 60 {
				if err := s.app.Activity.Record(ctx, activity.Entry{At: s.clock.Now(), CommunityID: c.ID, ActorID: s.memberU.ID, Kind: "artefact.adopted",
					SubjectType: "artefact", SubjectID: art.ID, Detail: map[string]any{"title": fmt.Sprint(i)}}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		all := s.outsider.get("/c/testing/activity")
		wantStatus(t, all, 200, `<option value="knowledge">Knowledge</option>`, "Max Member", "said they use a practice",
			`<a href="/c/testing/knowledge/`+strconv.FormatInt(art.ID, 10)+`">Pinned &lt;fonts&gt; for screenshots</a>`)

		members := s.outsider.get("/c/testing/activity?area=members")
		wantStatus(t, members, 200, "joined", `<option value="members" selected>`)
		if strings.Contains(members.body, "said they use a practice") {
			t.Errorf("the members filter shows knowledge")
		}
		lead := s.outsider.get("/c/testing/activity?actor=" + strconv.FormatInt(s.leadU.ID, 10))
		wantStatus(t, lead, 200, "started the community", "selected>Léa Martin</option>")
		if strings.Contains(lead.body, "said they use a practice") {
			t.Errorf("the person filter shows someone else's entries")
		}
		// By @handle, with pages that keep both filters.
		first := s.outsider.get("/c/testing/activity?area=knowledge&actor=@" + s.memberU.Handle)
		wantStatus(t, first, 200, "said they use a practice")
		next := regexp.MustCompile(`href="(/c/testing/activity\?[^"]+)">Older entries`).FindStringSubmatch(first.body)
		if next == nil {
			t.Fatalf("no next page link")
		}
		link := strings.ReplaceAll(next[1], "&amp;", "&")
		for _, want := range []string{"area=knowledge", "actor=%40" + s.memberU.Handle, "before="} {
			if !strings.Contains(link, want) {
				t.Errorf("next page %q lacks %q", link, want)
			}
		}
		second := s.outsider.get(link)
		wantStatus(t, second, 200, "published an FAQ")
		if strings.Contains(second.body, "Older entries") {
			t.Errorf("a third page of 61 entries")
		}
		wantStatus(t, s.outsider.get("/c/testing/activity?area=gossip"), http.StatusUnprocessableEntity, "Choose one of the areas")
		wantStatus(t, s.outsider.get("/c/testing/activity?actor=@nobody-here"), http.StatusUnprocessableEntity, "no one with that @handle")
		wantStatus(t, s.outsider.get("/c/testing/activity?area=events"), 200, "Nothing matches these filters")
		// A private community's log is for members only.
		wantStatus(t, s.outsider.get("/c/red/activity"), http.StatusNotFound)
		wantStatus(t, s.member.get("/c/red/activity?area=members"), 200, "joined")
	})
}
