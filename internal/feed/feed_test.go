package feed_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/feed"
	"cultivate/internal/knowledge"
	"cultivate/internal/notify"
	"cultivate/internal/search"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

var t0 = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

func TestTopicOf(t *testing.T) {
	tests := map[string]string{
		"request.asked": feed.TopicHelp, "request.accepted": feed.TopicHelp, "request.replied": "", "request.claimed": "",
		"artefact.created": feed.TopicKnowledge, "artefact.status_changed": feed.TopicKnowledge, "artefact.edited": "",
		"event.created": feed.TopicEvents, "event.cancelled": feed.TopicEvents, "event.occurrence_changed": feed.TopicEvents,
		"event.rsvp": "", "event.attendance": "", "event.feedback": "",
		"announcement.posted": feed.TopicAnnouncements, "announcement.edited": "",
		"backlog.proposed": feed.TopicBacklog, "backlog.moved": feed.TopicBacklog, "backlog.vote": "", "backlog.edited": "",
		"member.joined": feed.TopicMembers, "member.left": "", "webhook.created": "", "nonsense": "",
	}
	for kind, want := range tests {
		if got := feed.TopicOf(kind); got != want {
			t.Errorf("TopicOf(%q) = %q, want %q", kind, got, want)
		}
	}
}

func TestPhraseFallsBackToTheKind(t *testing.T) {
	tests := []struct {
		e    activity.Entry
		want string
	}{
		{activity.Entry{Kind: "request.asked"}, "asked for help"},
		{activity.Entry{Kind: "artefact.created", Detail: map[string]any{"kind": "faq"}}, "published an FAQ"},
		{activity.Entry{Kind: "artefact.created", Detail: map[string]any{"kind": "case_story"}}, "published a case story"},
		{activity.Entry{Kind: "artefact.status_changed", Detail: map[string]any{"to": "recommended"}}, "marked a practice recommended"},
		{activity.Entry{Kind: "backlog.moved", Detail: map[string]any{"to": "in_progress"}}, "moved a backlog item to in progress"},
		{activity.Entry{Kind: "garden.seeds_planted"}, "garden: seeds planted"},
		{activity.Entry{Kind: "odd"}, "did odd"},
	}
	for _, tt := range tests {
		if got := feed.Phrase(tt.e); got != tt.want {
			t.Errorf("Phrase(%s) = %q, want %q", tt.e.Kind, got, tt.want)
		}
	}
}

type fixture struct {
	ctx    context.Context
	db     *store.DB
	clock  *clock.Fake
	log    *activity.Log
	acc    *account.Service
	com    *community.Service
	k      *knowledge.Service
	d      *feed.Describer
	tokens *feed.Tokens
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	clk := clock.NewFake(t0)
	log := activity.New(db)
	acc, err := account.New(db, clk, log, account.Options{Hash: account.FastHashParams()})
	if err != nil {
		t.Fatal(err)
	}
	com := community.New(db, clk, log)
	return &fixture{ctx: context.Background(), db: db, clock: clk, log: log, acc: acc, com: com,
		k: knowledge.New(db, clk, log, com, notify.New(db, clk), search.New(db)), d: feed.NewDescriber(db), tokens: feed.NewTokens(db, clk)}
}

func (f *fixture) user(t *testing.T, name string) account.User {
	hash, err := account.HashPassword("correct horse battery staple", account.FastHashParams())
	if err != nil {
		t.Fatal(err)
	}
	u, err := f.acc.CreateWithHash(f.ctx, strings.ToLower(strings.Fields(name)[0])+"@example.org", name, hash)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestAtomFeed(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ada := f.user(t, "Ada <b>Lovelace</b>")
		c, err := f.com.Create(f.ctx, ada, community.Settings{Name: "Testers & <Friends>", Domain: "Testing", Visibility: "open",
			CodeOfConduct: "Be kind, share what you tried, credit your sources."})
		if err != nil {
			t.Fatal(err)
		}
		hostile := `]]></title><script>alert("x")</script> & friends`
		var arts []knowledge.Artefact
		for i, title := range []string{"First & foremost notes", hostile, "Deleted later on"} {
			f.clock.Advance(time.Minute)
			a, err := f.k.Create(f.ctx, ada, c.Slug, knowledge.NewArtefact{Kind: knowledge.FAQ, Title: title, Body: fmt.Sprintf("Body %d that feeds never carry, long enough.", i)})
			if err != nil {
				t.Fatal(err)
			}
			arts = append(arts, a)
		}
		if err := f.k.Delete(f.ctx, ada, c.Slug, arts[2].ID); err != nil {
			t.Fatal(err)
		}
		fc := feed.Community{ID: c.ID, Slug: c.Slug, Name: c.Name}
		items, err := f.d.Recent(f.ctx, f.log, fc, nil, 50)
		if err != nil {
			t.Fatal(err)
		}
		// Joining and editing are not news; three artefacts are.
		if len(items) != 3 {
			t.Fatalf("%d items: %+v", len(items), items)
		}
		if items[0].Title != "" || items[0].Path != "/c/"+c.Slug+"/knowledge" {
			t.Errorf("a deleted artefact keeps its title or link: %+v", items[0])
		}
		var buf bytes.Buffer
		if err := feed.WriteAtom(&buf, fc, items, feed.AtomMeta{BaseURL: "https://cop.example.org", Self: "https://cop.example.org/c/" + c.Slug + "/feed.atom",
			Updated: c.CreatedAt, Generator: "cultivate test"}); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
			ID      string   `xml:"id"`
			Title   string   `xml:"title"`
			Updated string   `xml:"updated"`
			Links   []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Entries []struct {
				ID      string `xml:"id"`
				Title   string `xml:"title"`
				Updated string `xml:"updated"`
				Link    struct {
					Rel  string `xml:"rel,attr"`
					Href string `xml:"href,attr"`
				} `xml:"link"`
				Author struct {
					Name string `xml:"name"`
					URI  string `xml:"uri"`
				} `xml:"author"`
				Summary string `xml:"summary"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatalf("not XML: %v\n%s", err, buf.String())
		}
		if doc.ID != fmt.Sprintf("tag:cop.example.org,2026:community/%d", c.ID) || doc.Title != c.Name || doc.Updated != items[0].At.Format(time.RFC3339) {
			t.Errorf("feed head = %q %q %q", doc.ID, doc.Title, doc.Updated)
		}
		if len(doc.Links) != 2 || doc.Links[0].Rel != "self" || doc.Links[1].Href != "https://cop.example.org/c/"+c.Slug {
			t.Errorf("feed links = %+v", doc.Links)
		}
		if len(doc.Entries) != 3 {
			t.Fatalf("%d entries", len(doc.Entries))
		}
		e := doc.Entries[1]
		if e.ID != fmt.Sprintf("tag:cop.example.org,2026:activity/%d", items[1].ID) || e.Title != ada.Name+" published an FAQ: "+hostile ||
			e.Link.Rel != "alternate" || e.Link.Href != fmt.Sprintf("https://cop.example.org/c/%s/knowledge/%d", c.Slug, arts[1].ID) ||
			e.Author.Name != ada.Name || e.Author.URI != fmt.Sprintf("https://cop.example.org/u/%d", ada.ID) || e.Updated == "" || e.Summary == "" {
			t.Errorf("entry = %+v", e)
		}
		raw := buf.String()
		if strings.Contains(raw, "<script>") || strings.Contains(raw, "<b>") || strings.Contains(raw, "Body 1") {
			t.Errorf("markup or a body leaked into the feed:\n%s", raw)
		}
	})
}

func TestTokens(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ada, bob := f.user(t, "Ada"), f.user(t, "Bob")
		a1, err := f.tokens.Token(f.ctx, ada.ID)
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := f.tokens.Token(f.ctx, ada.ID); again != a1 {
			t.Errorf("Token changed between calls: %q, %q", a1, again)
		}
		b1, _ := f.tokens.Token(f.ctx, bob.ID)
		if b1 == a1 || len(a1) != 32 {
			t.Errorf("tokens %q and %q", a1, b1)
		}
		if id, err := f.tokens.Owner(f.ctx, a1); err != nil || id != ada.ID {
			t.Errorf("Owner = %d, %v", id, err)
		}
		a2, err := f.tokens.Regenerate(f.ctx, ada.ID)
		if err != nil || a2 == a1 {
			t.Fatalf("Regenerate = %q, %v", a2, err)
		}
		for _, bad := range []string{a1, "", "short", strings.Repeat("x", 32), b1[:31] + "!"} {
			if _, err := f.tokens.Owner(f.ctx, bad); !errs.Is(err, errs.NotFound) {
				t.Errorf("Owner(%q) = %v, want not found", bad, err)
			}
		}
		if id, _ := f.tokens.Owner(f.ctx, a2); id != ada.ID {
			t.Errorf("new token's owner = %d", id)
		}
	})
}
