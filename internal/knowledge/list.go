package knowledge

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/store"
)

// Filter selects a page of artefacts.
type Filter struct {
	// CommunitySlug is the community to list; empty lists every community
	// the viewer belongs to ("what my communities learned").
	CommunitySlug string
	Kind          Kind           // "" for every kind
	Tag           string         // "" for every tag
	Status        PracticeStatus // "" for any; set, it implies Kind practice
	// Since keeps artefacts created at or after it; zero keeps all.
	Since time.Time
	// Cursor is the NextCursor of the previous page; "" for the first.
	Cursor string
	Limit  int // 1 to 100; 0 means 20
}

// Item is one line of a list of artefacts.
type Item struct {
	ID             int64          `json:"id"`
	CommunityID    int64          `json:"community_id"`
	CommunitySlug  string         `json:"community_slug"`
	CommunityName  string         `json:"community_name"`
	Kind           Kind           `json:"kind"`
	Title          string         `json:"title"`
	Tags           []string       `json:"tags"`
	AuthorID       int64          `json:"author_id,omitzero"`
	AuthorName     string         `json:"author_name,omitzero"`
	Anonymous      bool           `json:"anonymous"`
	PracticeStatus PracticeStatus `json:"practice_status,omitzero"`
	Revision       int            `json:"revision"`
	Adopters       int            `json:"adopters"`
	Adopted        bool           `json:"adopted"`
	// Excerpt is the beginning of the body as plain text, about 200
	// characters.
	Excerpt   string    `json:"excerpt"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// KindLabel is the item's kind for people.
func (it Item) KindLabel() string { return it.Kind.Label() }

// Path is the item's web address.
func (it Item) Path() string { return Path(it.CommunitySlug, it.ID) }

// Page is a page of artefacts, newest first.
type Page struct {
	Items []Item `json:"items"`
	// NextCursor fetches the next page; "" on the last one.
	NextCursor string `json:"next_cursor"`
}

// ExcerptLength is about how many characters an Item's excerpt holds.
const ExcerptLength = 200

// List returns a page of the artefacts f selects that viewer may see,
// newest first, without deleted ones. Pages follow each other without gaps
// or repeats even while artefacts are added.
func (s *Service) List(ctx context.Context, viewer account.User, f Filter) (Page, error) {
	var fields errs.Fields
	if f.Kind != "" && !f.Kind.Valid() {
		fields.Add("kind", "Choose one of the kinds of knowledge: "+kindChoices()+".")
	}
	if f.Status != "" {
		switch {
		case !f.Status.Valid():
			fields.Add("status", "Choose proposed, tried or recommended.")
		case f.Kind == "":
			f.Kind = Practice
		case f.Kind != Practice:
			fields.Add("status", "Only practices have a status.")
		}
	}
	before := int64(1<<62 - 1)
	if f.Cursor != "" {
		n, err := strconv.ParseInt(f.Cursor, 10, 64)
		if err != nil || n <= 0 {
			fields.Add("cursor", "This is not a cursor this list gave out. Leave it out to start from the newest.")
		}
		before = n
	}
	if err := fields.Err(); err != nil {
		return Page{}, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	f.Limit = min(f.Limit, 100)
	f.Tag = strings.ToLower(strings.TrimSpace(f.Tag))

	var communities []int64
	if f.CommunitySlug != "" {
		sc, err := s.scope(ctx, viewer, f.CommunitySlug)
		if err != nil {
			return Page{}, err
		}
		communities = []int64{sc.c.ID}
	} else {
		if viewer.ID == 0 {
			return Page{}, errs.E(errs.Unauthorized, "Sign in to see what your communities learned.")
		}
		var err error
		if communities, err = s.myCommunities(ctx, viewer.ID); err != nil {
			return Page{}, err
		}
	}
	ids, err := s.pageIDs(ctx, communities, f, before)
	if err != nil {
		return Page{}, err
	}
	var page Page
	if len(ids) > f.Limit {
		ids = ids[:f.Limit]
		page.NextCursor = strconv.FormatInt(ids[len(ids)-1], 10)
	}
	if page.Items, err = s.items(ctx, viewer, ids); err != nil {
		return Page{}, err
	}
	return page, nil
}

// myCommunities returns the ids of the communities userID belongs to.
func (s *Service) myCommunities(ctx context.Context, userID int64) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT m.community_id FROM memberships m JOIN communities c ON c.id = m.community_id
		WHERE m.user_id = $1 AND c.archived_at IS NULL`, userID)
	if err != nil {
		return nil, fmt.Errorf("knowledge: my communities: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("knowledge: my communities: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// pageIDs finds the ids of a page (plus one, to know whether another page
// follows), newest first. Each community is read along an index in id
// order, newest first, and stops after limit+1 rows: by (community, id),
// by (community, kind, id) or, for a tag, by the tag index; only the ids of
// one page then get their details. That keeps a page's cost independent of
// how much a community has written.
func (s *Service) pageIDs(ctx context.Context, communities []int64, f Filter, before int64) ([]int64, error) {
	if len(communities) == 0 {
		return nil, nil
	}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	limit := arg(f.Limit + 1)
	var arms []string
	for _, c := range communities {
		var q strings.Builder
		if f.Tag != "" {
			// "+ 0" keeps PostgreSQL from merge-joining along the whole
			// primary key: the tag index gives the order, and each of the
			// few rows it yields is looked up by id.
			q.WriteString(`SELECT t.artefact_id AS id FROM artefact_tags t JOIN artefacts a ON a.id = t.artefact_id + 0
				WHERE t.community_id = ` + arg(c) + ` AND t.tag = ` + arg(f.Tag) + ` AND t.artefact_id < ` + arg(before))
		} else {
			q.WriteString(`SELECT a.id AS id FROM artefacts a WHERE a.community_id = ` + arg(c) + ` AND a.id < ` + arg(before))
		}
		q.WriteString(` AND a.deleted_at IS NULL`)
		if f.Kind != "" {
			q.WriteString(` AND a.kind = ` + arg(string(f.Kind)))
		}
		if f.Status != "" {
			q.WriteString(` AND a.practice_status = ` + arg(string(f.Status)))
		}
		if !f.Since.IsZero() {
			q.WriteString(` AND a.created_at >= ` + arg(store.Millis(f.Since)))
		}
		if f.Tag != "" {
			q.WriteString(` ORDER BY t.artefact_id DESC LIMIT ` + limit)
		} else {
			q.WriteString(` ORDER BY a.id DESC LIMIT ` + limit)
		}
		arms = append(arms, q.String())
	}
	query := arms[0]
	if len(arms) > 1 {
		// Each arm keeps its own ORDER BY and LIMIT inside a derived table,
		// which both engines accept in a UNION.
		for i, a := range arms {
			arms[i] = `SELECT id FROM (` + a + `) AS c` + strconv.Itoa(i)
		}
		query = strings.Join(arms, " UNION ALL ") + ` ORDER BY id DESC LIMIT ` + limit
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("knowledge: list: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("knowledge: list: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// items loads the list lines of ids, in the order given, as viewer may see
// them.
func (s *Service) items(ctx context.Context, viewer account.User, ids []int64) ([]Item, error) {
	if len(ids) == 0 {
		return []Item{}, nil
	}
	args := []any{viewer.ID}
	ph := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		ph[i] = "$" + strconv.Itoa(i+2)
	}
	rows, err := s.db.QueryContext(ctx, itemColumns+`
		FROM artefacts a
		JOIN communities c ON c.id = a.community_id
		LEFT JOIN users u ON u.id = a.author_id
		LEFT JOIN memberships vm ON vm.community_id = a.community_id AND vm.user_id = $1
		WHERE a.id IN (`+strings.Join(ph, ", ")+`)
		ORDER BY a.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("knowledge: list: %w", err)
	}
	items, err := scanItems(rows, viewer)
	if err != nil {
		return nil, err
	}
	return items, s.fillTags(ctx, items)
}

// itemColumns selects what scanItems reads; $1 is the viewer.
const itemColumns = `SELECT a.id, a.community_id, c.slug, c.name, a.kind, a.title, SUBSTR(a.body, 1, 1000),
		COALESCE(a.author_id, 0), COALESCE(u.name, ''), a.anonymous, a.practice_status, a.revision, a.created_at, a.updated_at,
		(SELECT COUNT(*) FROM adoptions ad WHERE ad.artefact_id = a.id),
		(SELECT COUNT(*) FROM adoptions ad WHERE ad.artefact_id = a.id AND ad.user_id = $1),
		COALESCE(vm.role, '')`

// scanItems reads list rows, hiding anonymous authors from viewers who
// may not know them.
func scanItems(rows *sql.Rows, viewer account.User) ([]Item, error) {
	defer rows.Close()
	items := []Item{}
	for rows.Next() {
		var it Item
		var kind, status, body, role string
		var created, updated int64
		var adopted int
		if err := rows.Scan(&it.ID, &it.CommunityID, &it.CommunitySlug, &it.CommunityName, &kind, &it.Title, &body,
			&it.AuthorID, &it.AuthorName, &it.Anonymous, &status, &it.Revision, &created, &updated,
			&it.Adopters, &adopted, &role); err != nil {
			return nil, fmt.Errorf("knowledge: list: %w", err)
		}
		it.Kind, it.PracticeStatus, it.Adopted = Kind(kind), PracticeStatus(status), adopted > 0
		it.CreatedAt, it.UpdatedAt = store.Time(created), store.Time(updated)
		it.Excerpt = Excerpt(body, ExcerptLength)
		sc := scope{m: community.Membership{Role: community.Role(role)}, viewer: viewer}
		if !sc.seesAuthor(it.Anonymous, it.AuthorID) {
			it.AuthorID, it.AuthorName = 0, ""
		}
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("knowledge: list: %w", err)
	}
	return items, nil
}

// fillTags loads the tags of a page of items in one query.
func (s *Service) fillTags(ctx context.Context, items []Item) error {
	if len(items) == 0 {
		return nil
	}
	at := map[int64]int{}
	args := make([]any, len(items))
	ph := make([]string, len(items))
	for i := range items {
		items[i].Tags = []string{}
		at[items[i].ID] = i
		args[i] = items[i].ID
		ph[i] = "$" + strconv.Itoa(i+1)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT artefact_id, tag FROM artefact_tags WHERE artefact_id IN (`+strings.Join(ph, ", ")+`) ORDER BY tag`, args...)
	if err != nil {
		return fmt.Errorf("knowledge: list tags: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var tag string
		if err := rows.Scan(&id, &tag); err != nil {
			return fmt.Errorf("knowledge: list tags: %w", err)
		}
		it := &items[at[id]]
		it.Tags = append(it.Tags, tag)
	}
	return rows.Err()
}

// LinkedFrom lists the artefacts of the community at slug that cite src
// as a source, newest first: on a thread's page, "what was learned from
// this".
func (s *Service) LinkedFrom(ctx context.Context, viewer account.User, slug string, src Source) ([]Item, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, itemColumns+`
		FROM artefact_links l
		JOIN artefacts a ON a.id = l.artefact_id
		JOIN communities c ON c.id = a.community_id
		LEFT JOIN users u ON u.id = a.author_id
		LEFT JOIN memberships vm ON vm.community_id = a.community_id AND vm.user_id = $1
		WHERE l.target_type = $2 AND l.target_id = $3 AND a.community_id = $4 AND a.deleted_at IS NULL
		ORDER BY a.id DESC LIMIT 50`, viewer.ID, string(src.Type), src.ID, sc.c.ID)
	if err != nil {
		return nil, fmt.Errorf("knowledge: linked from: %w", err)
	}
	items, err := scanItems(rows, viewer)
	if err != nil {
		return nil, err
	}
	return items, s.fillTags(ctx, items)
}

// CountsByKind counts a community's artefacts (not deleted) of each kind;
// every kind is present, with 0 when there is none. It does no access
// check: for overview tabs and insights.
func (s *Service) CountsByKind(ctx context.Context, communityID int64) (map[Kind]int, error) {
	out := map[Kind]int{}
	for _, k := range Kinds() {
		out[k.Kind] = 0
	}
	rows, err := s.db.QueryContext(ctx, `SELECT kind, COUNT(*) FROM artefacts WHERE community_id = $1 AND deleted_at IS NULL GROUP BY kind`, communityID)
	if err != nil {
		return nil, fmt.Errorf("knowledge: counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, fmt.Errorf("knowledge: counts: %w", err)
		}
		out[Kind(k)] = n
	}
	return out, rows.Err()
}

// TagCount is a tag with how many artefacts carry it.
type TagCount struct {
	Tag   string `json:"tag"`
	Count int    `json:"count"`
}

// TagCounts returns the tags of a community's artefacts (not deleted), most
// used first, at most limit (0 means 50): the tag filter of the Knowledge
// tab.
func (s *Service) TagCounts(ctx context.Context, communityID int64, limit int) ([]TagCount, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, `SELECT t.tag, COUNT(*) FROM artefact_tags t JOIN artefacts a ON a.id = t.artefact_id
		WHERE t.community_id = $1 AND a.deleted_at IS NULL
		GROUP BY t.tag ORDER BY COUNT(*) DESC, t.tag LIMIT $2`, communityID, limit)
	if err != nil {
		return nil, fmt.Errorf("knowledge: tag counts: %w", err)
	}
	defer rows.Close()
	out := []TagCount{}
	for rows.Next() {
		var tc TagCount
		if err := rows.Scan(&tc.Tag, &tc.Count); err != nil {
			return nil, fmt.Errorf("knowledge: tag counts: %w", err)
		}
		out = append(out, tc)
	}
	return out, rows.Err()
}
