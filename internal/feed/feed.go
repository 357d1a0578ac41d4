// Package feed tells a community's activity to people outside the log: it
// groups activity kinds into topics that readers care about (new help
// requests, knowledge published, events…), turns an entry into a headline
// with the title of its subject and a link, writes Atom 1.0 feeds, and
// keeps the secret per-member tokens that let feed readers, which cannot
// log in, read the feeds of private communities.
//
// The outgoing webhooks (internal/webhook) and the Activity tab
// (internal/web) describe entries with the same Describer, so a headline
// reads the same in Slack, in a feed reader and on the page.
package feed

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cultivate/internal/activity"
	"cultivate/internal/store"
)

// Topic is a group of activity kinds that people outside the log follow.
type Topic struct {
	Key   string // stable: stored in webhook settings
	Label string
	Hint  string // what it sends, in words
}

// The topics, in the order pages list them.
const (
	TopicHelp          = "help"
	TopicKnowledge     = "knowledge"
	TopicEvents        = "events"
	TopicAnnouncements = "announcements"
	TopicBacklog       = "backlog"
	TopicMembers       = "members"
)

// Topics lists every topic. Feeds carry all but members (a reader does
// not need a line per newcomer); webhooks let the leader choose.
func Topics() []Topic {
	return []Topic{
		{TopicHelp, "Help requests", "new requests and requests marked solved"},
		{TopicKnowledge, "Knowledge", "artefacts published and practices that moved (proposed, tried, recommended)"},
		{TopicEvents, "Events", "events scheduled, changed or cancelled, and minutes"},
		{TopicAnnouncements, "Announcements", "announcements from the leader and core group"},
		{TopicBacklog, "Backlog", "topics proposed and backlog items that moved"},
		{TopicMembers, "Members", "people who joined"},
	}
}

// ValidTopic reports whether key names a topic.
func ValidTopic(key string) bool {
	for _, t := range Topics() {
		if t.Key == key {
			return true
		}
	}
	return false
}

// FeedTopics are the topics an Atom feed carries.
func FeedTopics() []string {
	return []string{TopicHelp, TopicKnowledge, TopicEvents, TopicAnnouncements, TopicBacklog}
}

// TopicOf returns the topic an activity kind belongs to, or "" when the
// kind is bookkeeping that only the log itself shows (edits, claims,
// comments, reminders, votes, RSVPs…).
func TopicOf(kind string) string {
	area, verb, _ := strings.Cut(kind, ".")
	switch area {
	case "request":
		switch verb {
		case "asked", "accepted":
			return TopicHelp
		}
	case "artefact":
		switch verb {
		case "created", "status_changed":
			return TopicKnowledge
		}
	case "event":
		// Every change to an event, not one person's answer to it.
		if noisy(verb, "rsvp", "attend", "feedback", "rated", "rating", "vote") {
			return ""
		}
		return TopicEvents
	case "announcement":
		switch verb {
		case "posted", "created", "published":
			return TopicAnnouncements
		}
	case "backlog":
		switch verb {
		case "proposed", "created", "moved", "status_changed", "linked":
			return TopicBacklog
		}
	case "member":
		if verb == "joined" {
			return TopicMembers
		}
	}
	return ""
}

func noisy(verb string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(verb, w) {
			return true
		}
	}
	return false
}

// Community is what an item needs to know about its community.
type Community struct {
	ID      int64
	Slug    string
	Name    string
	Private bool
}

// Item is an activity entry told to someone outside the log.
type Item struct {
	ID        int64 // the activity entry's id
	At        time.Time
	Kind      string
	Topic     string
	Community Community
	ActorID   int64
	Actor     string // "Someone" when the actor is hidden or the system
	Phrase    string // what the actor did: "asked for help"
	Title     string // the subject's current title; "" when it has none or was deleted
	Path      string // the page to open, relative to the site: /c/slug/requests/12
}

// Headline is the item as one sentence: "Ada asked for help: Flaky tests".
func (it Item) Headline() string {
	s := it.Actor + " " + it.Phrase
	if it.Title != "" {
		s += ": " + it.Title
	}
	return s
}

// Describer turns entries into items, looking up the current titles of
// their subjects.
type Describer struct {
	db *store.DB
}

// NewDescriber returns a Describer reading from db.
func NewDescriber(db *store.DB) *Describer { return &Describer{db: db} }

// Items describes entries of community c. Titles of requests and artefacts
// are read in one query each; a deleted subject has no title and links to
// its area's page, so a moderator's removal is not undone by the log.
func (d *Describer) Items(ctx context.Context, c Community, entries []activity.Entry) ([]Item, error) {
	ids := map[string][]int64{}
	for _, e := range entries {
		if e.SubjectID != 0 && (e.SubjectType == "request" || e.SubjectType == "artefact") {
			ids[e.SubjectType] = append(ids[e.SubjectType], e.SubjectID)
		}
	}
	titles := map[string]map[int64]string{}
	for typ, list := range ids {
		table := map[string]string{"request": "requests", "artefact": "artefacts"}[typ]
		m, err := d.titles(ctx, table, c.ID, list)
		if err != nil {
			return nil, err
		}
		titles[typ] = m
	}
	out := make([]Item, 0, len(entries))
	for _, e := range entries {
		out = append(out, describe(c, e, titles))
	}
	return out, nil
}

// titles reads the titles of the live rows of table among ids.
func (d *Describer) titles(ctx context.Context, table string, communityID int64, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	for len(ids) > 0 {
		n := min(len(ids), 200)
		chunk := ids[:n]
		ids = ids[n:]
		var in strings.Builder
		args := []any{communityID}
		for i, id := range chunk {
			if i > 0 {
				in.WriteString(", ")
			}
			args = append(args, id)
			fmt.Fprintf(&in, "$%d", len(args))
		}
		rows, err := d.db.QueryContext(ctx, `SELECT id, title FROM `+table+` WHERE community_id = $1 AND deleted_at IS NULL AND id IN (`+in.String()+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("feed: titles of %s: %w", table, err)
		}
		for rows.Next() {
			var id int64
			var title string
			if err := rows.Scan(&id, &title); err != nil {
				rows.Close()
				return nil, fmt.Errorf("feed: titles of %s: %w", table, err)
			}
			out[id] = title
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("feed: titles of %s: %w", table, err)
		}
	}
	return out, nil
}

func describe(c Community, e activity.Entry, titles map[string]map[int64]string) Item {
	it := Item{ID: e.ID, At: e.At, Kind: e.Kind, Topic: TopicOf(e.Kind), Community: c, ActorID: e.ActorID,
		Actor: e.ActorName, Phrase: Phrase(e)}
	if it.Actor == "" {
		it.Actor = "Someone"
	}
	base := "/c/" + c.Slug
	id := strconv.FormatInt(e.SubjectID, 10)
	detailTitle, _ := e.Detail["title"].(string)
	switch e.SubjectType {
	case "request":
		if t, ok := titles["request"][e.SubjectID]; ok {
			it.Title, it.Path = t, base+"/requests/"+id
		} else {
			it.Path = base + "/requests"
		}
	case "artefact":
		if t, ok := titles["artefact"][e.SubjectID]; ok {
			it.Title, it.Path = t, base+"/knowledge/"+id
		} else {
			it.Path = base + "/knowledge"
		}
	default:
		// Areas without a lookup here (events, the backlog, announcements)
		// put the title in the entry's detail; the link goes to the area's
		// page, or to the event itself.
		it.Title = detailTitle
		it.Path = areaPath(base, e)
	}
	return it
}

func areaPath(base string, e activity.Entry) string {
	if p, ok := e.Detail["path"].(string); ok && strings.HasPrefix(p, base+"/") {
		return p
	}
	area, _, _ := strings.Cut(e.Kind, ".")
	switch area {
	case "event":
		if e.SubjectType == "event" && e.SubjectID != 0 {
			return base + "/events/" + strconv.FormatInt(e.SubjectID, 10)
		}
		return base + "/events"
	case "backlog":
		if e.SubjectType == "backlog_item" && e.SubjectID != 0 {
			return base + "/backlog/" + strconv.FormatInt(e.SubjectID, 10)
		}
		return base + "/backlog"
	case "member", "community":
		return base + "/members"
	case "announcement":
		if e.SubjectType == "announcement" && e.SubjectID != 0 {
			return base + "/announcements#announcement-" + strconv.FormatInt(e.SubjectID, 10)
		}
		return base + "/announcements"
	}
	return base + "/activity"
}

// Phrase is what an entry's actor did, as words that follow their name.
// Kinds it does not know are said plainly from the kind itself, so a new
// area's entries read sensibly before anyone words them.
func Phrase(e activity.Entry) string {
	str := func(k string) string {
		v, _ := e.Detail[k].(string)
		return v
	}
	switch e.Kind {
	case "request.asked":
		return "asked for help"
	case "request.replied":
		return "replied to a help request"
	case "request.commented":
		return "commented on a help request"
	case "request.edited":
		return "edited a help request"
	case "reply.edited":
		return "edited a reply"
	case "reply.deleted":
		return "deleted a reply"
	case "request.accepted":
		return "marked a help request solved"
	case "request.unaccepted":
		return "took back an accepted answer"
	case "request.locked":
		return "locked a help request"
	case "request.unlocked":
		return "unlocked a help request"
	case "request.closed":
		return "closed a help request"
	case "request.reopened":
		return "reopened a help request"
	case "request.deleted":
		return "deleted a help request"
	case "request.claimed":
		return "said they are on a help request"
	case "request.unclaimed":
		return "let go of a help request"
	case "request.outcome":
		switch str("outcome") {
		case "worked":
			return "said the advice worked"
		case "partly":
			return "said the advice partly worked"
		case "did_not":
			return "said the advice did not work"
		}
		return "said how it turned out"
	case "request.reminded":
		return "reminded the core group of an overdue request"
	case "request.followup_asked", "request.followup_reasked":
		return "asked how a solved request turned out"
	case "request.no_outcome":
		return "closed a learning loop without an outcome"
	case "practice.settings_updated":
		return "changed the help settings"
	case "artefact.created":
		if k := str("kind"); k != "" {
			return "published " + article(kindWords(k))
		}
		return "published knowledge"
	case "artefact.edited":
		return "edited a knowledge artefact"
	case "artefact.deleted":
		return "deleted a knowledge artefact"
	case "artefact.restored":
		return "restored a knowledge artefact"
	case "artefact.status_changed":
		if to := str("to"); to != "" {
			return "marked a practice " + to
		}
		return "changed a practice's status"
	case "artefact.adopted":
		return "said they use a practice"
	case "artefact.unadopted":
		return "no longer uses a practice"
	case "event.created", "event.scheduled":
		return "scheduled an event"
	case "event.updated", "event.changed", "event.edited":
		return "changed an event"
	case "event.cancelled", "event.canceled":
		return "cancelled an event"
	case "event.minutes_published", "event.minutes":
		return "published the minutes of an event"
	case "event.occurrence_changed":
		return "changed one date of an event"
	case "event.occurrence_cancelled":
		return "cancelled one date of an event"
	case "event.rsvp":
		return "answered an event's invitation"
	case "event.attendance":
		return "recorded who came to an event"
	case "event.feedback":
		return "said whether an event was worth their time"
	case "announcement.created", "announcement.posted", "announcement.published":
		return "announced"
	case "announcement.edited":
		return "edited an announcement"
	case "announcement.deleted":
		return "took down an announcement"
	case "backlog.edited":
		return "edited a backlog topic"
	case "backlog.deleted":
		return "deleted a backlog topic"
	case "webhook.created":
		return "added a webhook"
	case "webhook.updated":
		return "changed a webhook"
	case "webhook.deleted":
		return "deleted a webhook"
	case "webhook.secret_rotated":
		return "made a new signing secret for a webhook"
	case "backlog.linked":
		return "linked a backlog topic to what fulfilled it"
	case "backlog.proposed", "backlog.created":
		return "proposed a backlog topic"
	case "user.signed_up":
		return "signed up"
	case "community.created":
		return "started the community"
	case "community.updated":
		return "changed the community's settings"
	case "community.leader_changed":
		return "handed over the leadership"
	case "member.joined":
		return "joined"
	case "member.left":
		return "left"
	case "member.invited":
		return "invited someone to join"
	case "member.join_requested":
		return "asked to join"
	case "member.join_approved":
		return "approved a request to join"
	case "member.join_declined":
		return "declined a request to join"
	case "member.role_changed":
		if role, ok := map[string]string{"core": "a core member", "member": "a member", "sponsor": "a sponsor"}[str("to")]; ok {
			return "made someone " + role
		}
		return "changed someone's role"
	case "health.round_opened":
		return "opened a health check"
	case "health.round_closed":
		return "closed a health check"
	case "health.settings_changed":
		return "changed the health-check settings"
	case "health.template_changed":
		return "adapted the health-check cards"
	case "retro.created":
		return "started a retrospective"
	case "retro.card_added":
		return "added to a retrospective"
	case "retro.action_added":
		return "agreed an action in a retrospective"
	case "retro.action_status":
		if to := str("to"); to == "done" {
			return "finished a retrospective action"
		}
		return "updated a retrospective action"
	case "retro.closed":
		return "closed a retrospective"
	case "canvas.edited":
		if sec := str("section"); sec != "" {
			return "edited the vision canvas (" + strings.ReplaceAll(sec, "_", " ") + ")"
		}
		return "edited the vision canvas"
	case "workshop.opened":
		return "opened a vision workshop"
	case "workshop.step":
		return "moved a workshop to its next step"
	case "workshop.sent":
		return "sent a workshop's result to the canvas"
	case "workshop.leader_elected":
		return "confirmed the leader a workshop elected"
	case "workshop.closed":
		return "closed a workshop"
	case "dimensions.set":
		return "set where the community stands on its dimensions"
	case "dimensions.adapted":
		return "adapted the community's dimensions"
	case "maturity.assessed":
		return "assessed the community's maturity"
	case "bootstrap.ticked":
		return "ticked a bootstrap step"
	case "bootstrap.unticked":
		return "unticked a bootstrap step"
	case "target.created":
		return "set a target"
	case "target.updated":
		return "changed a target"
	case "target.deleted":
		return "dropped a target"
	case "target.value_recorded":
		return "recorded progress on a target"
	case "backlog.moved", "backlog.status_changed":
		if to := str("to"); to != "" {
			return "moved a backlog item to " + strings.ReplaceAll(to, "_", " ")
		}
		return "moved a backlog item"
	}
	area, verb, ok := strings.Cut(e.Kind, ".")
	if !ok {
		return "did " + strings.ReplaceAll(e.Kind, "_", " ")
	}
	// "backlog.item_linked" → "backlog: item linked"
	return strings.ReplaceAll(area, "_", " ") + ": " + strings.ReplaceAll(verb, "_", " ")
}

func kindWords(k string) string {
	switch k {
	case "faq":
		return "FAQ"
	case "case_story":
		return "case story"
	case "failure_reflection":
		return "failure reflection"
	}
	return strings.ReplaceAll(k, "_", " ")
}

func article(noun string) string {
	if noun == "" {
		return noun
	}
	switch noun[0] {
	case 'a', 'e', 'i', 'o', 'u', 'F': // "an FAQ"
		return "an " + noun
	}
	return "a " + noun
}

// Recent returns up to limit items of community c in topics (FeedTopics
// when nil), newest first. It reads the log a page at a time and stops
// after a bounded number of entries, so a burst of bookkeeping cannot make
// a feed request expensive.
func (d *Describer) Recent(ctx context.Context, log *activity.Log, c Community, topics []string, limit int) ([]Item, error) {
	if topics == nil {
		topics = FeedTopics()
	}
	want := map[string]bool{}
	for _, t := range topics {
		want[t] = true
	}
	var picked []activity.Entry
	var before int64
	for scanned := 0; scanned < 2000 && len(picked) < limit; {
		page, next, err := log.List(ctx, activity.Query{CommunityID: c.ID, Before: before, Limit: 200})
		if err != nil {
			return nil, err
		}
		scanned += len(page)
		for _, e := range page {
			if want[TopicOf(e.Kind)] && len(picked) < limit {
				picked = append(picked, e)
			}
		}
		if next == 0 {
			break
		}
		before = next
	}
	return d.Items(ctx, c, picked)
}

// Area is a group of the transparency log's kinds, by their "area." prefix.
type Area struct {
	Key    string // stable, in URLs: ?area=help
	Label  string
	Prefix string // the kinds it holds start with this
}

// Areas lists the groups the Activity tab and the API filter by.
func Areas() []Area {
	return []Area{
		{"help", "Help requests", "request."},
		{"knowledge", "Knowledge", "artefact."},
		{"events", "Events", "event."},
		{"backlog", "Backlog", "backlog."},
		{"announcements", "Announcements", "announcement."},
		{"members", "Members", "member."},
		{"community", "Community settings", "community."},
		{"webhooks", "Webhooks", "webhook."},
	}
}

// AreaPrefix returns the kind prefix of the area key, and whether it is one.
func AreaPrefix(key string) (string, bool) {
	for _, a := range Areas() {
		if a.Key == key {
			return a.Prefix, true
		}
	}
	return "", false
}
