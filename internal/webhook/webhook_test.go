package webhook_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/feed"
	"cultivate/internal/jobs"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/webhook"
)

func TestWebhooks(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		for _, s := range []struct {
			name string
			run  func(t *testing.T, db *store.DB)
		}{
			{"generic payload is signed and carries the entry", testGenericPayloadIsSigned},
			{"slack and teams payloads escape hostile titles", testChatPayloadsEscape},
			{"5xx and 429 are retried with backoff until delivered", testRetriesUntilDelivered},
			{"404 fails at once", testClientErrorFailsPermanently},
			{"only chosen topics of active webhooks are sent", testTopicsAndPause},
			{"private communities send titles and links, never bodies", testPrivateSendsNoBody},
			{"the guard refuses bad addresses at save time, changing nothing", testGuardAtSave},
			{"the guard refuses at dial time what resolves to loopback", testGuardAtDial},
			{"ping, rotate, update and delete", testManage},
			{"only the leader and core group manage webhooks", testPermissions},
		} {
			t.Run(s.name, func(t *testing.T) { s.run(t, db) })
		}
	})
}

// Each scenario has its own database, so users and slugs do not clash.
func fresh(t *testing.T, db *store.DB) *store.DB {
	t.Helper()
	return storetest.Open(t, db.Dialect().String())
}

var allTopics = []string{feed.TopicHelp, feed.TopicKnowledge, feed.TopicEvents, feed.TopicAnnouncements, feed.TopicBacklog, feed.TopicMembers}

func testGenericPayloadIsSigned(t *testing.T, db *store.DB) {
	f := newFixture(t, fresh(t, db), nil, webhook.Options{AllowLoopback: true})
	w := f.world(t, community.Open)
	rcv := newReceiver(t)
	hook, secret := f.create(t, w.leader, w.c.Slug, webhook.Input{Name: "Build bot", URL: rcv.URL + "/hook", Format: webhook.Generic, Topics: allTopics, Active: true})
	if !strings.HasPrefix(secret, "whsec_") || len(secret) < 40 {
		t.Fatalf("secret %q", secret)
	}
	art := f.publish(t, w.alice, w.c.Slug, "How we <script>triage</script> flaky tests")
	if rep := f.runDue(t); rep.Done != 1 {
		t.Fatalf("RunDue = %+v, want one delivery done", rep)
	}
	got := rcv.requests()
	if len(got) != 1 {
		t.Fatalf("receiver got %d requests, want 1", len(got))
	}
	r := got[0]
	ts := r.header.Get(webhook.HeaderTimestamp)
	if ts != strconv.FormatInt(t0.Unix(), 10) {
		t.Errorf("timestamp %q, want the clock's %d", ts, t0.Unix())
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "."))
	mac.Write(r.body)
	want := "sha256=" + hex.EncodeToString(mac.Sum(nil))
	if sig := r.header.Get(webhook.HeaderSignature); !hmac.Equal([]byte(sig), []byte(want)) {
		t.Errorf("signature %q, want %q", sig, want)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	if k := r.header.Get(webhook.HeaderEvent); k != "artefact.created" {
		t.Errorf("event header %q", k)
	}
	var ev webhook.Event
	if err := json.Unmarshal(r.body, &ev); err != nil {
		t.Fatalf("body %s: %v", r.body, err)
	}
	if ev.Kind != "artefact.created" || ev.Topic != feed.TopicKnowledge || ev.Title != art.Title ||
		ev.Link != fmt.Sprintf("%s/c/%s/knowledge/%d", baseURL, w.c.Slug, art.ID) || ev.Actor.ID != w.alice.ID || ev.Actor.Name != w.alice.Name ||
		ev.Community.Slug != w.c.Slug || ev.Community.Private || ev.Subject.Type != "artefact" || ev.Subject.ID != art.ID || !ev.Time.Equal(t0) ||
		ev.Text != "Alice Member published an FAQ: "+art.Title {
		t.Errorf("event = %+v", ev)
	}
	if strings.Contains(string(r.body), "real answer") {
		t.Errorf("the body of the artefact was sent: %s", r.body)
	}
	ds, _, err := f.hooks.Deliveries(f.ctx, w.leader, w.c.Slug, hook.ID, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Outcome != webhook.Delivered || ds[0].StatusCode != 200 || ds[0].Attempt != 1 || ds[0].Error != "" ||
		r.header.Get(webhook.HeaderDelivery) != ds[0].DeliveryID() || ds[0].Kind != "artefact.created" {
		t.Errorf("delivery log = %+v, header delivery %q", ds, r.header.Get(webhook.HeaderDelivery))
	}
	if !strings.HasPrefix(ds[0].DeliveryID(), "job-") {
		t.Errorf("delivery id %q", ds[0].DeliveryID())
	}
}

func testChatPayloadsEscape(t *testing.T, db *store.DB) {
	f := newFixture(t, fresh(t, db), nil, webhook.Options{AllowLoopback: true})
	w := f.world(t, community.Open)
	slack, teams := newReceiver(t), newReceiver(t)
	f.create(t, w.leader, w.c.Slug, webhook.Input{Name: "Slack", URL: slack.URL, Format: webhook.Slack, Topics: allTopics, Active: true})
	f.create(t, w.core, w.c.Slug, webhook.Input{Name: "Teams", URL: teams.URL, Format: webhook.Teams, Topics: allTopics, Active: true})
	title := "<!channel> & [win](https://evil.example) | now"
	art := f.publish(t, w.alice, w.c.Slug, title)
	if rep := f.runDue(t); rep.Done != 2 {
		t.Fatalf("RunDue = %+v", rep)
	}
	link := fmt.Sprintf("%s/c/%s/knowledge/%d", baseURL, w.c.Slug, art.ID)

	var s struct{ Text string }
	if err := json.Unmarshal(slack.requests()[0].body, &s); err != nil {
		t.Fatal(err)
	}
	wantSlack := "*Testing &amp; &lt;Guild&gt;*: <" + link + "|Alice Member published an FAQ: &lt;!channel&gt; &amp; [win](https://evil.example) ¦ now>"
	if s.Text != wantSlack {
		t.Errorf("slack text\n%s\nwant\n%s", s.Text, wantSlack)
	}

	var m struct {
		Type        string
		Attachments []struct {
			ContentType string
			Content     struct {
				Type    string
				Body    []struct{ Type, Text string }
				Actions []struct{ Type, URL string }
			}
		}
	}
	if err := json.Unmarshal(teams.requests()[0].body, &m); err != nil {
		t.Fatal(err)
	}
	if m.Type != "message" || len(m.Attachments) != 1 || m.Attachments[0].ContentType != "application/vnd.microsoft.card.adaptive" {
		t.Fatalf("teams message = %+v", m)
	}
	card := m.Attachments[0].Content
	if card.Type != "AdaptiveCard" || len(card.Body) != 2 || len(card.Actions) != 1 || card.Actions[0].URL != link {
		t.Fatalf("card = %+v", card)
	}
	if got := card.Body[1].Text; !strings.Contains(got, `\[win\]\(https://evil\.example\)`) || strings.Contains(got, "[win](") {
		t.Errorf("teams text not escaped: %q", got)
	}
}

func testRetriesUntilDelivered(t *testing.T, db *store.DB) {
	f := newFixture(t, fresh(t, db), nil, webhook.Options{AllowLoopback: true})
	w := f.world(t, community.Open)
	rcv := newReceiver(t, 500, 429, 200)
	hook, _ := f.create(t, w.leader, w.c.Slug, webhook.Input{Name: "Flaky", URL: rcv.URL, Format: webhook.Generic, Topics: allTopics, Active: true})
	f.publish(t, w.alice, w.c.Slug, "Retried until it arrives")
	if rep := f.runDue(t); rep.Retried != 1 {
		t.Fatalf("first run = %+v, want a retry", rep)
	}
	// Not due again before the backoff.
	f.clock.Advance(jobs.Backoff(1) - time.Second)
	if rep := f.runDue(t); rep.Total() != 0 {
		t.Fatalf("run before the backoff = %+v", rep)
	}
	f.clock.Advance(time.Second)
	if rep := f.runDue(t); rep.Retried != 1 {
		t.Fatalf("second run = %+v, want a retry after 429", rep)
	}
	f.clock.Advance(jobs.Backoff(2))
	if rep := f.runDue(t); rep.Done != 1 {
		t.Fatalf("third run = %+v, want done", rep)
	}
	got := rcv.requests()
	if len(got) != 3 {
		t.Fatalf("%d requests, want 3", len(got))
	}
	for _, r := range got[1:] {
		if r.header.Get(webhook.HeaderDelivery) != got[0].header.Get(webhook.HeaderDelivery) || string(r.body) != string(got[0].body) {
			t.Errorf("a retry differs from the first attempt: %q vs %q", r.header.Get(webhook.HeaderDelivery), got[0].header.Get(webhook.HeaderDelivery))
		}
	}
	ds, _, err := f.hooks.Deliveries(f.ctx, w.leader, w.c.Slug, hook.ID, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		attempt, status int
		outcome         string
	}{{3, 200, webhook.Delivered}, {2, 429, webhook.Retrying}, {1, 500, webhook.Retrying}}
	if len(ds) != len(want) {
		t.Fatalf("delivery log = %+v", ds)
	}
	for i, d := range ds {
		if d.Attempt != want[i].attempt || d.StatusCode != want[i].status || d.Outcome != want[i].outcome {
			t.Errorf("log[%d] = %+v, want %+v", i, d, want[i])
		}
		if d.Outcome == webhook.Retrying && !strings.Contains(d.Error, "answered") {
			t.Errorf("log[%d] error %q", i, d.Error)
		}
	}
	list, err := f.hooks.List(f.ctx, w.leader, w.c.Slug)
	if err != nil || len(list) != 1 || list[0].Last == nil || list[0].Last.Outcome != webhook.Delivered {
		t.Errorf("List = %+v, %v", list, err)
	}
}

func testClientErrorFailsPermanently(t *testing.T, db *store.DB) {
	f := newFixture(t, fresh(t, db), nil, webhook.Options{AllowLoopback: true})
	w := f.world(t, community.Open)
	for _, status := range []int{404, 410, 301} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			rcv := newReceiver(t, status)
			hook, _ := f.create(t, w.leader, w.c.Slug, webhook.Input{Name: "Gone " + strconv.Itoa(status), URL: rcv.URL, Format: webhook.Slack, Topics: allTopics, Active: true})
			f.publish(t, w.alice, w.c.Slug, "Nobody is listening "+strconv.Itoa(status))
			if rep := f.runDue(t); rep.Failed != 1 {
				t.Fatalf("RunDue = %+v, want one failure", rep)
			}
			f.clock.Advance(24 * time.Hour)
			if rep := f.runDue(t); rep.Total() != 0 {
				t.Fatalf("a permanent failure ran again: %+v", rep)
			}
			if n := len(rcv.requests()); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
			ds, _, err := f.hooks.Deliveries(f.ctx, w.leader, w.c.Slug, hook.ID, 0, 10)
			if err != nil || len(ds) != 1 || ds[0].Outcome != webhook.Failed || ds[0].StatusCode != status {
				t.Fatalf("delivery log = %+v, %v", ds, err)
			}
			if strings.Contains(ds[0].Error, rcv.URL) {
				t.Errorf("the log shows the address: %q", ds[0].Error)
			}
			// The hook is not fixed: delete it so the next case starts clean.
			if err := f.hooks.Delete(f.ctx, w.leader, w.c.Slug, hook.ID); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func testTopicsAndPause(t *testing.T, db *store.DB) {
	f := newFixture(t, fresh(t, db), nil, webhook.Options{AllowLoopback: true})
	w := f.world(t, community.Open)
	events, paused := newReceiver(t), newReceiver(t)
	f.create(t, w.leader, w.c.Slug, webhook.Input{Name: "Events only", URL: events.URL, Format: webhook.Generic, Topics: []string{feed.TopicEvents}, Active: true})
	p, _ := f.create(t, w.leader, w.c.Slug, webhook.Input{Name: "Paused", URL: paused.URL, Format: webhook.Generic, Topics: allTopics, Active: false})
	before := storetest.Count(t, f.db, `SELECT COUNT(*) FROM jobs WHERE kind = $1`, webhook.JobDeliver)
	f.publish(t, w.alice, w.c.Slug, "Knowledge nobody subscribed to")
	if n := storetest.Count(t, f.db, `SELECT COUNT(*) FROM jobs WHERE kind = $1`, webhook.JobDeliver); n != before {
		t.Fatalf("%d deliveries enqueued, want none", n-before)
	}
	// Resumed, then paused again before the delivery runs: skipped.
	if _, err := f.hooks.SetActive(f.ctx, w.leader, w.c.Slug, p.ID, true); err != nil {
		t.Fatal(err)
	}
	f.publish(t, w.alice, w.c.Slug, "Queued, then paused")
	if _, err := f.hooks.SetActive(f.ctx, w.leader, w.c.Slug, p.ID, false); err != nil {
		t.Fatal(err)
	}
	if rep := f.runDue(t); rep.Done != 1 {
		t.Fatalf("RunDue = %+v", rep)
	}
	if len(paused.requests())+len(events.requests()) != 0 {
		t.Errorf("a paused or unsubscribed webhook was called")
	}
	ds, _, err := f.hooks.Deliveries(f.ctx, w.leader, w.c.Slug, p.ID, 0, 10)
	if err != nil || len(ds) != 1 || ds[0].Outcome != webhook.Skipped {
		t.Errorf("delivery log = %+v, %v", ds, err)
	}
}

func testPrivateSendsNoBody(t *testing.T, db *store.DB) {
	f := newFixture(t, fresh(t, db), nil, webhook.Options{AllowLoopback: true})
	w := f.world(t, community.Private)
	rcv := newReceiver(t)
	f.create(t, w.leader, w.c.Slug, webhook.Input{Name: "Private", URL: rcv.URL, Format: webhook.Generic, Topics: allTopics, Active: true})
	f.publish(t, w.alice, w.c.Slug, "A private title")
	f.runDue(t)
	got := rcv.requests()
	if len(got) != 1 {
		t.Fatalf("%d requests", len(got))
	}
	var ev webhook.Event
	if err := json.Unmarshal(got[0].body, &ev); err != nil {
		t.Fatal(err)
	}
	if !ev.Community.Private || ev.Title != "A private title" || strings.Contains(string(got[0].body), "real answer") {
		t.Errorf("private payload = %s", got[0].body)
	}
}

func testGuardAtSave(t *testing.T, db *store.DB) {
	f := newFixture(t, fresh(t, db), nil, webhook.Options{})
	w := f.world(t, community.Open)
	tests := []struct {
		url  string
		want string // in the message
	}{
		{"file:///etc/passwd", "http:// or https://"},
		{"ftp://files.example.org/hook", "http:// or https://"},
		{"javascript:alert(1)", "http:// or https://"},
		{"http://", "host name"},
		{"https:///only/a/path", "host name"},
		{"", "Paste"},
		{"http://localhost:8080/hook", "this machine"},
		{"http://api.localhost/hook", "this machine"},
		{"http://127.0.0.1/hook", "this machine"},
		{"http://127.1.2.3:9000/", "this machine"},
		{"http://[::1]/hook", "this machine"},
		{"http://[::ffff:127.0.0.1]/hook", "this machine"},
		{"http://169.254.169.254/latest/meta-data/", "link-local"},
		{"http://[fe80::1]/", "link-local"},
		{"http://0.0.0.0:8080/", "not an address"},
		{"http://[::]/", "not an address"},
		{"http://224.0.0.1/", "not an address"},
		{"http://10.0.0.5/hook", "private network"},
		{"http://172.16.3.4/hook", "private network"},
		{"http://192.168.1.20/hook", "private network"},
		{"http://[fd00:ec2::254]/", "private network"},
		{"https://cop.example.org/api/v1/me", "cultivate itself"},
		{"https://COP.example.org:8443/x", "cultivate itself"},
		{"https://hooks.example.org/" + strings.Repeat("x", 2001), "too long"},
	}
	tables := []string{"webhooks", "webhook_deliveries", "activity", "jobs"}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			before := storetest.Snapshot(t, f.db, tables...)
			_, _, err := f.hooks.Create(f.ctx, w.leader, w.c.Slug, webhook.Input{Name: "Bad", URL: tt.url, Format: webhook.Slack, Topics: allTopics, Active: true})
			fields := errs.ByField(err)
			if !strings.Contains(fields["url"], tt.want) {
				t.Fatalf("Create(%q) = %v (fields %v), want a url error with %q", tt.url, err, fields, tt.want)
			}
			if after := storetest.Snapshot(t, f.db, tables...); after != before {
				t.Errorf("a refused webhook changed the database")
			}
		})
	}
	// Other fields are checked with the address, each next to its field.
	_, _, err := f.hooks.Create(f.ctx, w.leader, w.c.Slug, webhook.Input{Name: " ", URL: "http://10.0.0.1/", Format: "irc", Topics: []string{"gossip"}})
	fields := errs.ByField(err)
	for _, k := range []string{"name", "url", "format", "topics"} {
		if fields[k] == "" {
			t.Errorf("no error on %s: %v", k, fields)
		}
	}
	// An instance that allows private addresses accepts them, and public ones.
	priv := newFixture(t, f.db, f.clock, webhook.Options{AllowPrivate: true})
	for _, u := range []string{"http://10.0.0.5/hook", "https://192.168.1.20/", "https://hooks.slack.example/services/T/B/X"} {
		if _, _, err := priv.hooks.Create(f.ctx, w.leader, w.c.Slug, webhook.Input{Name: "Inside", URL: u, Format: webhook.Slack, Topics: allTopics}); err != nil {
			t.Errorf("with AllowPrivate, %s: %v", u, err)
		}
	}
	if _, _, err := priv.hooks.Create(f.ctx, w.leader, w.c.Slug, webhook.Input{Name: "Meta", URL: "http://169.254.169.254/", Format: webhook.Slack, Topics: allTopics}); err == nil {
		t.Errorf("AllowPrivate let the metadata address through")
	}
}

// testGuardAtDial: an address that passed when saved (here by a replica
// that allowed loopback, standing for DNS that changed its answer) is
// refused when it is dialled, before any request is sent.
func testGuardAtDial(t *testing.T, db *store.DB) {
	db = fresh(t, db)
	lax := newFixture(t, db, nil, webhook.Options{AllowLoopback: true})
	w := lax.world(t, community.Open)
	rcv := newReceiver(t)
	hook, _ := lax.create(t, w.leader, w.c.Slug, webhook.Input{Name: "Rebound", URL: rcv.localURL("/hook"), Format: webhook.Generic, Topics: allTopics, Active: true})
	strict := newFixture(t, db, lax.clock, webhook.Options{})
	lax.publish(t, w.alice, w.c.Slug, "Sent to an address that became loopback")
	if rep, err := strict.queue.RunDue(strict.ctx); err != nil || rep.Failed != 1 {
		t.Fatalf("strict RunDue = %+v, %v; want one permanent failure", rep, err)
	}
	if n := len(rcv.requests()); n != 0 {
		t.Fatalf("the receiver on loopback got %d requests", n)
	}
	ds, _, err := strict.hooks.Deliveries(strict.ctx, w.leader, w.c.Slug, hook.ID, 0, 10)
	if err != nil || len(ds) != 1 || ds[0].Outcome != webhook.Failed || !strings.Contains(ds[0].Error, "refused") {
		t.Fatalf("delivery log = %+v, %v", ds, err)
	}
}

func testManage(t *testing.T, db *store.DB) {
	f := newFixture(t, fresh(t, db), nil, webhook.Options{AllowLoopback: true})
	w := f.world(t, community.Open)
	rcv := newReceiver(t)
	since := storetest.LastActivity(t, f.db)
	hook, secret := f.create(t, w.leader, w.c.Slug, webhook.Input{Name: "Ops", URL: rcv.URL, Format: webhook.Generic, Topics: []string{feed.TopicHelp}, Active: false})

	// A ping goes out even while paused, signed with the current secret.
	if err := f.hooks.Ping(f.ctx, w.core, w.c.Slug, hook.ID); err != nil {
		t.Fatal(err)
	}
	f.runDue(t)
	newSecret, err := f.hooks.RotateSecret(f.ctx, w.leader, w.c.Slug, hook.ID)
	if err != nil || newSecret == secret {
		t.Fatalf("RotateSecret = %q, %v", newSecret, err)
	}
	if err := f.hooks.Ping(f.ctx, w.leader, w.c.Slug, hook.ID); err != nil {
		t.Fatal(err)
	}
	f.runDue(t)
	got := rcv.requests()
	if len(got) != 2 {
		t.Fatalf("%d pings arrived", len(got))
	}
	for i, s := range []string{secret, newSecret} {
		r := got[i]
		if sig := r.header.Get(webhook.HeaderSignature); sig != webhook.Sign(s, r.header.Get(webhook.HeaderTimestamp), r.body) {
			t.Errorf("ping %d not signed with secret %d", i, i)
		}
		if r.header.Get(webhook.HeaderEvent) != "webhook.ping" {
			t.Errorf("ping %d event %q", i, r.header.Get(webhook.HeaderEvent))
		}
	}

	upd, err := f.hooks.Update(f.ctx, w.leader, w.c.Slug, hook.ID, webhook.Input{Name: "Ops channel", URL: rcv.URL + "/v2", Format: webhook.Teams,
		Topics: []string{feed.TopicEvents, feed.TopicEvents, feed.TopicHelp}, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	if upd.Name != "Ops channel" || upd.Format != webhook.Teams || !upd.Active || len(upd.Topics) != 2 || !upd.Sends(feed.TopicEvents) || upd.Sends(feed.TopicKnowledge) {
		t.Errorf("updated = %+v", upd)
	}
	// A refused update changes nothing.
	before := storetest.Snapshot(t, f.db, "webhooks", "activity")
	if _, err := f.hooks.Update(f.ctx, w.leader, w.c.Slug, hook.ID, webhook.Input{Name: "Ops", URL: "http://169.254.169.254/", Format: webhook.Teams, Topics: allTopics}); errs.ByField(err)["url"] == "" {
		t.Fatalf("Update to the metadata address = %v", err)
	}
	if storetest.Snapshot(t, f.db, "webhooks", "activity") != before {
		t.Errorf("a refused update changed the database")
	}
	if err := f.hooks.Delete(f.ctx, w.leader, w.c.Slug, hook.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.hooks.Get(f.ctx, w.leader, w.c.Slug, hook.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("Get after Delete = %v", err)
	}
	if n := storetest.Count(t, f.db, `SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = $1`, hook.ID); n != 0 {
		t.Errorf("%d log rows outlived their webhook", n)
	}
	storetest.WantLog(t, f.db, since,
		storetest.LogLine{Kind: webhook.ActivityCreated, Actor: w.leader.ID, Subject: hook.ID},
		storetest.LogLine{Kind: webhook.ActivitySecretRotated, Actor: w.leader.ID, Subject: hook.ID},
		storetest.LogLine{Kind: webhook.ActivityUpdated, Actor: w.leader.ID, Subject: hook.ID},
		storetest.LogLine{Kind: webhook.ActivityDeleted, Actor: w.leader.ID, Subject: hook.ID})
	if n := storetest.Count(t, f.db, `SELECT COUNT(*) FROM activity WHERE kind LIKE 'webhook.%' AND detail LIKE '%127.0.0.1%'`); n != 0 {
		t.Errorf("the activity log shows a webhook's address")
	}
}

func testPermissions(t *testing.T, db *store.DB) {
	f := newFixture(t, fresh(t, db), nil, webhook.Options{AllowLoopback: true})
	w := f.world(t, community.Private)
	hook, _ := f.create(t, w.core, w.c.Slug, webhook.Input{Name: "Core's", URL: "https://hooks.example.org/x", Format: webhook.Slack, Topics: allTopics, Active: true})
	in := webhook.Input{Name: "Mine", URL: "https://hooks.example.org/y", Format: webhook.Slack, Topics: allTopics}
	tests := []struct {
		who  account.User
		want errs.Kind
	}{{w.alice, errs.Forbidden}, {w.outsider, errs.NotFound}, {account.User{}, errs.Unauthorized}}
	for _, tt := range tests {
		t.Run(tt.who.Name, func(t *testing.T) {
			before := storetest.Snapshot(t, f.db, "webhooks", "activity", "jobs")
			calls := map[string]error{}
			_, _, calls["create"] = f.hooks.Create(f.ctx, tt.who, w.c.Slug, in)
			_, calls["list"] = f.hooks.List(f.ctx, tt.who, w.c.Slug)
			_, calls["update"] = f.hooks.Update(f.ctx, tt.who, w.c.Slug, hook.ID, in)
			_, calls["rotate"] = f.hooks.RotateSecret(f.ctx, tt.who, w.c.Slug, hook.ID)
			calls["ping"] = f.hooks.Ping(f.ctx, tt.who, w.c.Slug, hook.ID)
			calls["delete"] = f.hooks.Delete(f.ctx, tt.who, w.c.Slug, hook.ID)
			_, _, calls["deliveries"] = f.hooks.Deliveries(f.ctx, tt.who, w.c.Slug, hook.ID, 0, 10)
			for name, err := range calls {
				if !errs.Is(err, tt.want) {
					t.Errorf("%s = %v, want %v", name, err, tt.want)
				}
			}
			if storetest.Snapshot(t, f.db, "webhooks", "activity", "jobs") != before {
				t.Errorf("a refused call changed the database")
			}
		})
	}
	// A webhook of another community is not found through this one.
	other, err := f.com.Create(f.ctx, w.outsider, community.Settings{Name: "Other", Domain: "Other things", Visibility: "open", CodeOfConduct: "Be kind to each other, always."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.hooks.Get(f.ctx, w.outsider, other.Slug, hook.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("Get across communities = %v", err)
	}
}

// TestDeliveredOnceByTwoReplicas: two queues on two handles of one
// database (two `cultivate serve` replicas) run the same due deliveries at
// the same time; each delivery reaches the receiver once.
func TestDeliveredOnceByTwoReplicas(t *testing.T) {
	t.Parallel()
	for _, engine := range []string{storetest.SQLite, storetest.Postgres} {
		t.Run(engine, func(t *testing.T) {
			dsn := storetest.URL(t, engine)
			clk := newFixture(t, storetest.OpenURL(t, dsn), nil, webhook.Options{AllowLoopback: true}).clock
			a := newFixture(t, storetest.OpenURL(t, dsn), clk, webhook.Options{AllowLoopback: true})
			b := newFixture(t, storetest.OpenURL(t, dsn), clk, webhook.Options{AllowLoopback: true})
			w := a.world(t, community.Open)
			rcv := newReceiver(t)
			a.create(t, w.leader, w.c.Slug, webhook.Input{Name: "Once", URL: rcv.URL, Format: webhook.Generic, Topics: allTopics, Active: true})
			const n = 12
			for i := range n {
				a.publish(t, w.alice, w.c.Slug, fmt.Sprintf("Entry number %d for two replicas", i))
			}
			var wg sync.WaitGroup
			for _, f := range []*fixture{a, b} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := f.queue.RunDue(context.Background()); err != nil {
						t.Errorf("RunDue: %v", err)
					}
				}()
			}
			wg.Wait()
			seen := map[string]int{}
			for _, r := range rcv.requests() {
				var ev webhook.Event
				if err := json.Unmarshal(r.body, &ev); err != nil {
					t.Fatal(err)
				}
				seen[ev.ID]++
			}
			if len(seen) != n {
				t.Errorf("%d distinct deliveries, want %d", len(seen), n)
			}
			for id, c := range seen {
				if c != 1 {
					t.Errorf("%s delivered %d times", id, c)
				}
			}
			if got := storetest.Count(t, a.db, `SELECT COUNT(*) FROM webhook_deliveries WHERE outcome = 'delivered'`); got != n {
				t.Errorf("%d delivered rows in the log, want %d", got, n)
			}
		})
	}
}

// TestSign pins the signature so receivers can implement it from the docs.
func TestSign(t *testing.T) {
	got := webhook.Sign("whsec_test", "1700000000", []byte(`{"a":1}`))
	m := hmac.New(sha256.New, []byte("whsec_test"))
	m.Write([]byte(`1700000000.{"a":1}`))
	if want := "sha256=" + hex.EncodeToString(m.Sum(nil)); got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
}
