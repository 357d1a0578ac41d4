package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"cultivate/internal/knowledge"
	"cultivate/internal/practice"
)

// seedPractice adds help requests and knowledge to a world, through the
// services, as people would have written them:
//
//   - frank joins testing, so that testing has alice (leader), dave (core
//     group), and bob and frank (plain members);
//   - in testing, "solved": bob asked about a deadlock and dave's reply
//     ("solution") solved it, no outcome yet; "reported": frank asked, bob's
//     reply ("helped") solved it and frank said it worked; "answered": frank
//     asked, dave ("reply") and bob ("reply2") replied and alice commented
//     under dave's reply ("comment"), nothing accepted; "locked": bob asked
//     and alice locked it; "deleted": frank asked and alice deleted it;
//     "open": bob asked last and nobody replied;
//   - in testing's knowledge: "faq" (dave's, drawn from "solved", edited
//     once, so at revision 2), "practice" (alice's, proposed, adopted by
//     bob) and "reflection" (bob's failure reflection, shared anonymously);
//   - in secret: "private" (erin's request) and "insight" (erin's);
//   - "note" is bob's newest notification.
//
// The clock moves a minute before each step, so lists have an order.
func seedPractice(t *testing.T, w *world) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seeding help and knowledge: %v", err)
		}
	}
	p, k, u := w.app.Practice, w.app.Knowledge, w.users
	_, err := w.app.Communities.Join(ctx, u["frank"], "testing", true, "")
	must(err)
	ask := func(who, slug, name, title, body, tags string) int64 {
		t.Helper()
		w.clock.Advance(time.Minute)
		r, err := p.Ask(ctx, u[who], slug, practice.NewRequest{Title: title, Body: body, Tags: tags})
		must(err)
		w.ids[name] = r.ID
		return r.ID
	}
	reply := func(who, name string, request int64, body string) int64 {
		t.Helper()
		w.clock.Advance(time.Minute)
		r, err := p.Reply(ctx, u[who], "testing", request, body)
		must(err)
		w.ids[name] = r.ID
		return r.ID
	}

	solved := ask("bob", "testing", "solved", "Database deadlock in the nightly import",
		"Two import workers deadlock on the orders table every night around 02:00.", "database import")
	must(p.Accept(ctx, u["bob"], "testing", solved, reply("dave", "solution", solved,
		"Take the row locks in the same order in both workers: sort the order ids before updating.")))

	reported := ask("frank", "testing", "reported", "Screenshots differ between CI and laptops",
		"Visual regression screenshots differ by a pixel between CI and our laptops.", "visual ci")
	must(p.Accept(ctx, u["frank"], "testing", reported, reply("bob", "helped", reported,
		"Pin the browser version and the fonts in the CI image; antialiasing differs otherwise.")))
	must(p.ReportOutcome(ctx, u["frank"], "testing", reported, practice.Worked, "Pinning the fonts fixed it."))

	answered := ask("frank", "testing", "answered", "How to mock the clock in Go tests",
		"Our tests sleep to wait for timeouts, which makes the suite slow and flaky.", "go testing")
	first := reply("dave", "reply", answered, "Inject a clock interface and use a fake one in tests that you advance by hand.")
	reply("bob", "reply2", answered, "We pass a func() time.Time around; simpler than an interface for small packages.")
	w.clock.Advance(time.Minute)
	c, err := p.Comment(ctx, u["alice"], "testing", first, "This is what we do too; the fake clock never sleeps.")
	must(err)
	w.ids["comment"] = c.ID

	locked := ask("bob", "testing", "locked", "Which laptop should I buy for testing",
		"Looking for advice on a laptop that runs many browsers at once.", "hardware")
	must(p.Lock(ctx, u["alice"], "testing", locked))
	deleted := ask("frank", "testing", "deleted", "Forgotten question about nothing",
		"This request was posted by mistake and is deleted right away.", "")
	must(p.Delete(ctx, u["alice"], "testing", deleted))
	ask("bob", "testing", "open", "Flaky login test on CI",
		"The login test fails one run in ten on CI, never on a laptop.", "ci flaky")
	ask("erin", "secret", "private", "Threat model for the payment service",
		"Which threats should the payment service's threat model cover first?", "threat-model")

	create := func(who, slug, name string, in knowledge.NewArtefact) int64 {
		t.Helper()
		w.clock.Advance(time.Minute)
		a, err := k.Create(ctx, u[who], slug, in)
		must(err)
		w.ids[name] = a.ID
		return a.ID
	}
	faq := create("dave", "testing", "faq", knowledge.NewArtefact{Kind: knowledge.FAQ, Title: "Avoiding deadlocks in imports",
		Body: "Workers that update the same rows must take their locks in one order.", Tags: "database",
		Sources: []knowledge.Source{{Type: knowledge.SourceRequest, ID: solved}}})
	w.clock.Advance(time.Minute)
	_, err = k.Edit(ctx, u["dave"], "testing", faq, "Avoiding deadlocks in nightly imports",
		"Workers that update the same rows must take their locks in one order.\n\nSort the ids first.", "database")
	must(err)
	practiceID := create("alice", "testing", "practice", knowledge.NewArtefact{Kind: knowledge.Practice, Title: "Pair on every flaky test",
		Body: "When a test turns flaky, two people look at it within a day.", Tags: "ci"})
	_, err = k.Adopt(ctx, u["bob"], "testing", practiceID)
	must(err)
	create("bob", "testing", "reflection", knowledge.NewArtefact{Kind: knowledge.FailureReflection, Title: "What a botched release taught me",
		Body: "I shipped on a Friday without a rollback plan, and we lost the weekend.", Tags: "release", Anonymous: true})
	create("erin", "secret", "insight", knowledge.NewArtefact{Kind: knowledge.Insight, Title: "Threat models age quickly",
		Body: "A threat model older than a quarter misses most of what changed since.", Tags: "threat-model"})

	notes, _, err := w.app.Inbox.List(ctx, u["bob"].ID, false, 0, 1)
	must(err)
	if len(notes) == 0 {
		t.Fatal("seeding: bob has no notification")
	}
	w.ids["note"] = notes[0].ID
	retouch(t, w)
}

// retouch uses every token and alice's session again at the clock's time:
// a token or session not used for a while records its use on the next
// call, and a call that only reads must write nothing.
func retouch(t *testing.T, w *world) {
	t.Helper()
	ctx := context.Background()
	for who, secret := range w.tokens {
		if strings.HasSuffix(who, "-revoked") {
			continue
		}
		if _, err := w.app.Accounts.TokenUser(ctx, secret); err != nil {
			t.Fatalf("retouch %s's token: %v", who, err)
		}
	}
	if _, err := w.app.Accounts.SessionUser(ctx, w.cookies["alice"]); err != nil {
		t.Fatalf("retouch alice's session: %v", err)
	}
}
