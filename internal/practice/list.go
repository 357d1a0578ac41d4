package practice

import (
	"cmp"
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// View selects which requests a list shows.
type View string

// Views. Unanswered lists the oldest due first; every other view lists the
// newest activity first.
const (
	ViewAll             View = "all"
	ViewUnanswered      View = "unanswered"       // open, no reply yet
	ViewWaitingFollowup View = "waiting_followup" // mine, solved, no outcome yet: the follow-ups I owe
	ViewSolved          View = "solved"
	ViewMine            View = "mine"
	ViewExpertise       View = "expertise"     // open, tagged with one of my expertise tags
	ViewClaimedByMe     View = "claimed_by_me" // requests I took and still hold
)

// Views lists the views in the order a page offers them.
func Views() []View {
	return []View{ViewAll, ViewUnanswered, ViewExpertise, ViewMine, ViewWaitingFollowup, ViewClaimedByMe, ViewSolved}
}

// Label names the view for people.
func (v View) Label() string {
	switch v {
	case ViewAll:
		return "All"
	case ViewUnanswered:
		return "Unanswered"
	case ViewWaitingFollowup:
		return "Waiting for my follow-up"
	case ViewSolved:
		return "Solved"
	case ViewMine:
		return "Mine"
	case ViewExpertise:
		return "In my expertise"
	case ViewClaimedByMe:
		return "Taken by me"
	}
	return ""
}

// Valid reports whether v is a known view.
func (v View) Valid() bool { return slices.Contains(Views(), v) }

// personal reports whether the view is about the viewer, so needs one.
func (v View) personal() bool {
	return v == ViewMine || v == ViewWaitingFollowup || v == ViewClaimedByMe || v == ViewExpertise
}

// Filter selects a page of requests.
type Filter struct {
	// CommunitySlug limits the list to one community; empty means every
	// community the viewer is a member of.
	CommunitySlug string
	View          View   // empty means ViewAll
	Tag           string // only requests with this tag; empty for any
	Cursor        string // Page.Next of the previous page; empty for the first
	Limit         int    // 1 to MaxLimit; 0 means DefaultLimit
}

// Page sizes.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// Page is one page of a list.
type Page struct {
	Items []Item
	Next  string // the cursor of the next page; empty on the last
}

// Item is a request as a list row shows it.
type Item struct {
	ID              int64
	CommunityID     int64
	CommunitySlug   string
	CommunityName   string
	Title           string
	Author          Person
	Tags            []string
	ReplyCount      int
	Status          Status
	Locked          bool
	CreatedAt       time.Time
	LastActivityAt  time.Time
	Clock           ResponseClock
	Claim           Claim // zero unless someone's claim is running
	SolvedAt        time.Time
	FollowupAskedAt time.Time // when the asker was asked how it turned out
	Outcome         Outcome
}

// Link is the address of the item's thread.
func (it Item) Link() string { return RequestLink(it.CommunitySlug, it.ID) }

// scope is a community a list covers.
type scope struct {
	id         int64
	slug, name string
}

// List returns a page of requests as viewer may see them. With a
// CommunitySlug, the community's visibility rules apply (visitors may list
// an open community); without, the list covers the communities the viewer
// belongs to. Deleted requests are never listed.
//
// Pages are cut by keyset (the sort key and id of the last row, in an
// opaque cursor) and every community's part is an index range scan, so a
// page costs the same on the first page and the thousandth, with a million
// requests or ten.
func (s *Service) List(ctx context.Context, viewer account.User, f Filter) (Page, error) {
	if f.View == "" {
		f.View = ViewAll
	}
	if !f.View.Valid() {
		return Page{}, errs.Field("view", "Choose one of the lists: all, unanswered, in my expertise, mine, waiting for my follow-up, taken by me or solved.")
	}
	switch {
	case f.Limit == 0:
		f.Limit = DefaultLimit
	case f.Limit < 0:
		return Page{}, errs.Field("limit", "Ask for at least one request per page.")
	case f.Limit > MaxLimit:
		f.Limit = MaxLimit
	}
	var tag string
	if strings.TrimSpace(f.Tag) != "" {
		var fe errs.Fields
		tags := validate.Tags(&fe, "tag", f.Tag, 1)
		if err := fe.Err(); err != nil || len(tags) != 1 {
			return Page{}, errs.Field("tag", "That is not a tag: use letters, digits and - + . #")
		}
		tag = tags[0]
	}
	byDue := f.View == ViewUnanswered
	cur, err := decodeCursor(f.Cursor, byDue)
	if err != nil {
		return Page{}, err
	}
	if f.View.personal() && viewer.ID == 0 {
		return Page{}, errs.E(errs.Unauthorized, "Log in to see your own lists.")
	}
	scopes, err := s.scopes(ctx, viewer, f.CommunitySlug)
	if err != nil || len(scopes) == 0 {
		return Page{}, err
	}
	var expertise []string
	if f.View == ViewExpertise {
		u, err := s.accounts.Get(ctx, viewer.ID)
		if err != nil {
			return Page{}, err
		}
		if expertise = u.Expertise; len(expertise) == 0 {
			return Page{}, nil
		}
	}

	l := lister{view: f.View, viewer: viewer, tag: tag, expertise: expertise, cur: cur, byDue: byDue, now: s.clock.Now()}
	var keys []cursor
	if f.View == ViewMine || f.View == ViewWaitingFollowup || f.View == ViewClaimedByMe {
		// One range by person: an index on author or claimer.
		q := &query{}
		keys, err = s.keys(ctx, l.personal(q, scopes, f.Limit+1), q)
	} else {
		// One range per community, or per community and tag for a tag
		// page, each cut to a page and merged. A single query over
		// "community_id IN (…)" would sort every matching row instead.
		// They run in batches: SQLite takes at most 500 terms in a UNION.
		var parts []func(q *query, limit string) string
		for _, sc := range scopes {
			if tag == "" && f.View != ViewExpertise || byDue {
				parts = append(parts, func(q *query, limit string) string { return l.community(q, sc, limit) })
				continue
			}
			tags := expertise
			if tag != "" {
				tags = []string{tag}
			}
			for _, tg := range tags {
				parts = append(parts, func(q *query, limit string) string { return l.tagged(q, sc, tg, limit) })
			}
		}
		for len(parts) > 0 && err == nil {
			batch := parts[:min(len(parts), maxParts)]
			parts = parts[len(batch):]
			q := &query{}
			limit := q.arg(f.Limit + 1)
			texts := make([]string, len(batch))
			for i, part := range batch {
				texts[i] = `SELECT id, k FROM (` + part(q, limit) + `) p` + strconv.Itoa(i)
			}
			var more []cursor
			more, err = s.keys(ctx, strings.Join(texts, " UNION ALL "), q)
			keys = append(keys, more...)
		}
		keys = merge(keys, byDue, f.Limit+1)
	}
	if err != nil {
		return Page{}, fmt.Errorf("practice: list %s: %w", f.View, err)
	}
	var page Page
	if len(keys) > f.Limit {
		keys = keys[:f.Limit]
		page.Next = keys[len(keys)-1].encode(byDue)
	}
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = k.id
	}
	page.Items, err = s.items(ctx, scopes, ids)
	return page, err
}

// maxParts is how many ranges one list query merges.
const maxParts = 200

// lister writes the SQL of one List call.
type lister struct {
	view      View
	viewer    account.User
	tag       string
	expertise []string
	cur       cursor
	byDue     bool
	now       time.Time
}

// order returns the sort column of requests and the direction.
func (l lister) order() (string, string) {
	if l.byDue {
		return "due_at", "ASC"
	}
	return "last_activity_at", "DESC"
}

// keyset is the condition that a row, sorted by key then id, comes after
// the cursor.
func (l lister) keyset(q *query, key, id string) string {
	if !l.cur.set {
		return ""
	}
	k, i := q.arg(l.cur.key), q.arg(l.cur.id)
	if l.byDue {
		return ` AND ` + key + ` >= ` + k + ` AND (` + key + ` > ` + k + ` OR ` + id + ` > ` + i + `)`
	}
	return ` AND ` + key + ` <= ` + k + ` AND (` + key + ` < ` + k + ` OR ` + id + ` < ` + i + `)`
}

// where is the condition on the request r of the view and the tag, except
// when byTag, where the tag is the range read.
func (l lister) where(q *query, byTag bool) string {
	w := ` AND r.deleted_at IS NULL`
	switch l.view {
	case ViewUnanswered:
		// Literal, so the planner can use the partial index requests_waiting.
		w += ` AND r.first_reply_at IS NULL AND r.status = 'open'`
	case ViewSolved:
		// Literal, so the planner can use the partial index requests_solved.
		w += ` AND r.status = 'solved'`
	case ViewMine:
		w += ` AND r.author_id = ` + q.arg(l.viewer.ID)
	case ViewWaitingFollowup:
		w += ` AND r.author_id = ` + q.arg(l.viewer.ID) + ` AND r.status = 'solved' AND r.outcome IS NULL`
	case ViewClaimedByMe:
		w += ` AND r.claimed_by = ` + q.arg(l.viewer.ID) + ` AND r.claimed_until > ` + q.arg(store.Millis(l.now))
	case ViewExpertise:
		w += ` AND r.status = 'open'`
		if !byTag || l.tag != "" {
			w += hasTag(q, l.expertise)
		}
	}
	if l.tag != "" && !byTag {
		w += hasTag(q, []string{l.tag})
	}
	return w
}

// hasTag is the condition that r carries one of tags, checked row by row.
func hasTag(q *query, tags []string) string {
	return ` AND EXISTS (SELECT 1 FROM request_tags x WHERE x.request_id = r.id AND x.tag IN (` + args(q, tags) + `))`
}

// personal selects a person's requests in scopes.
func (l lister) personal(q *query, scopes []scope, limit int) string {
	ids := make([]int64, len(scopes))
	for i, sc := range scopes {
		ids[i] = sc.id
	}
	col, order := l.order()
	return `SELECT r.id, r.` + col + ` FROM requests r WHERE r.community_id IN (` + args(q, ids) + `)` + l.where(q, false) +
		l.keyset(q, "r."+col, "r.id") + ` ORDER BY r.` + col + ` ` + order + `, r.id ` + order + ` LIMIT ` + q.arg(limit)
}

// community selects a page of one community's requests.
func (l lister) community(q *query, sc scope, limit string) string {
	col, order := l.order()
	return `SELECT r.id AS id, r.` + col + ` AS k FROM requests r WHERE r.community_id = ` + q.arg(sc.id) + l.where(q, false) +
		l.keyset(q, "r."+col, "r.id") + ` ORDER BY r.` + col + ` ` + order + `, r.id ` + order + ` LIMIT ` + limit
}

// tagged selects a page of one community's requests with tag tg, from
// request_tags_activity, newest activity first.
func (l lister) tagged(q *query, sc scope, tg, limit string) string {
	return `SELECT t.request_id AS id, t.last_activity_at AS k FROM request_tags t JOIN requests r ON r.id = t.request_id
		WHERE t.community_id = ` + q.arg(sc.id) + ` AND t.tag = ` + q.arg(tg) + l.where(q, true) +
		l.keyset(q, "t.last_activity_at", "t.request_id") + ` ORDER BY t.last_activity_at DESC, t.request_id DESC LIMIT ` + limit
}

// keys runs a query of (id, sort key) rows.
func (s *Service) keys(ctx context.Context, sqlText string, q *query) ([]cursor, error) {
	rows, err := s.db.QueryContext(ctx, sqlText, q.list...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cursor
	for rows.Next() {
		c := cursor{set: true}
		if err := rows.Scan(&c.id, &c.key); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// merge sorts the rows of several ranges into the view's order, drops
// repeats (a request found under two tags) and keeps the first n.
func merge(keys []cursor, byDue bool, n int) []cursor {
	slices.SortFunc(keys, func(a, b cursor) int {
		c := cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.id, b.id))
		if byDue {
			return c
		}
		return -c
	})
	keys = slices.CompactFunc(keys, func(a, b cursor) bool { return a.id == b.id })
	return keys[:min(len(keys), n)]
}

// scopes returns the communities a list covers: the one at slug as viewer
// may see it, or every community viewer belongs to.
func (s *Service) scopes(ctx context.Context, viewer account.User, slug string) ([]scope, error) {
	if slug != "" {
		c, _, err := s.access(ctx, viewer, slug)
		if err != nil {
			return nil, err
		}
		return []scope{{id: c.ID, slug: c.Slug, name: c.Name}}, nil
	}
	if viewer.ID == 0 {
		return nil, errs.E(errs.Unauthorized, "Log in to see the requests of your communities.")
	}
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.slug, c.name FROM memberships m JOIN communities c ON c.id = m.community_id
		WHERE m.user_id = $1 AND c.archived_at IS NULL ORDER BY c.id`, viewer.ID)
	if err != nil {
		return nil, fmt.Errorf("practice: communities of %d: %w", viewer.ID, err)
	}
	defer rows.Close()
	var out []scope
	for rows.Next() {
		var sc scope
		if err := rows.Scan(&sc.id, &sc.slug, &sc.name); err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, rows.Err()
}

// items loads list rows for ids, in that order.
func (s *Service) items(ctx context.Context, scopes []scope, ids []int64) ([]Item, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	q := &query{}
	rows, err := s.db.QueryContext(ctx, `SELECT `+rowColumns+` FROM requests r WHERE r.id IN (`+args(q, ids)+`)`, q.list...)
	if err != nil {
		return nil, fmt.Errorf("practice: list rows: %w", err)
	}
	byID := map[int64]row{}
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("practice: list rows: %w", err)
		}
		byID[r.id] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	var who []int64
	for _, r := range byID {
		who = append(who, r.authorID, r.claimHolder(now))
	}
	people, err := s.people(ctx, who...)
	if err != nil {
		return nil, err
	}
	tags, err := s.tagsOfMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	names := map[int64]scope{}
	for _, sc := range scopes {
		names[sc.id] = sc
	}
	settings := s.settingsCache()
	out := make([]Item, 0, len(ids))
	for _, id := range ids {
		r, ok := byID[id]
		if !ok {
			continue
		}
		st, err := settings.get(ctx, r.communityID)
		if err != nil {
			return nil, err
		}
		it := Item{ID: r.id, CommunityID: r.communityID, CommunitySlug: names[r.communityID].slug, CommunityName: names[r.communityID].name,
			Title: r.title, Author: people[r.authorID], Tags: tags[r.id], ReplyCount: r.replyCount, Status: r.status, Locked: r.locked,
			CreatedAt: store.Time(r.createdAt), LastActivityAt: store.Time(r.lastActivityAt), Clock: responseClock(st, r, now),
			SolvedAt: store.NullTime(r.solvedAt), FollowupAskedAt: store.NullTime(r.followupAskedAt), Outcome: Outcome(r.outcome.String)}
		if h := r.claimHolder(now); h != 0 {
			it.Claim = Claim{By: people[h], Until: store.NullTime(r.claimedUntil)}
		}
		out = append(out, it)
	}
	return out, nil
}

// tagsOfMany returns the tags of several requests in one query.
func (s *Service) tagsOfMany(ctx context.Context, ids []int64) (map[int64][]string, error) {
	q := &query{}
	rows, err := s.db.QueryContext(ctx, `SELECT request_id, tag FROM request_tags WHERE request_id IN (`+args(q, ids)+`) ORDER BY tag`, q.list...)
	if err != nil {
		return nil, fmt.Errorf("practice: tags: %w", err)
	}
	defer rows.Close()
	out := map[int64][]string{}
	for rows.Next() {
		var id int64
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			return nil, err
		}
		out[id] = append(out[id], t)
	}
	return out, rows.Err()
}

// TagCount is a tag and how many requests carry it.
type TagCount struct {
	Tag   string
	Count int
}

// Tags returns the tags used in the community at slug with how many
// requests (not deleted) carry each, most used first: the community's tag
// set, to offer when asking and to browse by.
func (s *Service) Tags(ctx context.Context, viewer account.User, slug string) ([]TagCount, error) {
	c, _, err := s.access(ctx, viewer, slug)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT tag, requests FROM request_tag_counts
		WHERE community_id = $1 AND requests > 0 ORDER BY requests DESC, tag LIMIT 500`, c.ID)
	if err != nil {
		return nil, fmt.Errorf("practice: tags of %s: %w", slug, err)
	}
	defer rows.Close()
	var out []TagCount
	for rows.Next() {
		var t TagCount
		if err := rows.Scan(&t.Tag, &t.Count); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// query collects the arguments of a statement built piece by piece.
type query struct{ list []any }

// arg adds v and returns its placeholder.
func (q *query) arg(v any) string {
	q.list = append(q.list, v)
	return "$" + strconv.Itoa(len(q.list))
}

// args adds every value of vs and returns their placeholders, comma-separated.
func args[T any](q *query, vs []T) string {
	ph := make([]string, len(vs))
	for i, v := range vs {
		ph[i] = q.arg(v)
	}
	return strings.Join(ph, ", ")
}

// cursor is the position after which a page starts: the last row's sort
// key and id.
type cursor struct {
	set     bool
	key, id int64
}

func (c cursor) encode(byDue bool) string {
	kind := "a"
	if byDue {
		kind = "d"
	}
	return base64.RawURLEncoding.EncodeToString([]byte(kind + "." + strconv.FormatInt(c.key, 36) + "." + strconv.FormatInt(c.id, 36)))
}

func decodeCursor(s string, byDue bool) (cursor, error) {
	if s == "" {
		return cursor{}, nil
	}
	bad := errs.Field("cursor", "This page link is out of date or damaged; start again from the first page.")
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, bad
	}
	parts := strings.Split(string(raw), ".")
	want := "a"
	if byDue {
		want = "d"
	}
	if len(parts) != 3 || parts[0] != want {
		return cursor{}, bad
	}
	key, err1 := strconv.ParseInt(parts[1], 36, 64)
	id, err2 := strconv.ParseInt(parts[2], 36, 64)
	if err1 != nil || err2 != nil || id <= 0 {
		return cursor{}, bad
	}
	return cursor{set: true, key: key, id: id}, nil
}
