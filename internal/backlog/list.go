package backlog

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/store"
)

// Filter selects a page of a community's backlog.
type Filter struct {
	CommunitySlug string
	// Status is FilterOpen (also ""), FilterAll or one status.
	Status string
	// Sort is SortVotes (also "") or SortNewest.
	Sort string
	// Cursor is the NextCursor of the previous page; "" for the first.
	Cursor string
	Limit  int // 1 to 100; 0 means 20
}

// Page is a page of items.
type Page struct {
	Items []Item `json:"items"`
	// NextCursor fetches the next page; "" on the last one.
	NextCursor string `json:"next_cursor"`
}

// Counts are how many items a community has in each status, for the
// filter chips.
type Counts map[Status]int

// Open is how many items are still to do.
func (c Counts) Open() int { return c[Proposed] + c[Planned] + c[InProgress] }

// All is how many items there are.
func (c Counts) All() int { return c.Open() + c[Done] + c[Declined] }

// statusesFor turns a filter's status into the statuses it selects.
func statusesFor(status string) ([]Status, bool) {
	switch status {
	case "", FilterOpen:
		return []Status{Proposed, Planned, InProgress}, true
	case FilterAll:
		return []Status{Proposed, Planned, InProgress, Done, Declined}, true
	}
	if st := Status(status); st.Valid() {
		return []Status{st}, true
	}
	return nil, false
}

// List returns a page of the community's items that f selects: by votes
// (most first, the oldest first among equals, so ideas that have waited
// rise) or newest first. The order by votes follows votes as they are
// when each page is read: a vote given between two pages may move an item
// across the page boundary.
func (s *Service) List(ctx context.Context, viewer account.User, f Filter) (Page, error) {
	var fields errs.Fields
	statuses, ok := statusesFor(f.Status)
	if !ok {
		fields.Add("status", "Choose open, all or one of the statuses: "+statusChoices()+".")
	}
	if f.Sort == "" {
		f.Sort = SortVotes
	}
	if f.Sort != SortVotes && f.Sort != SortNewest {
		fields.Add("sort", "Sort by votes or newest.")
	}
	var afterVotes, afterID int64
	if f.Cursor != "" {
		var err error
		if f.Sort == SortVotes {
			v, id, found := strings.Cut(f.Cursor, ".")
			afterVotes, err = strconv.ParseInt(v, 10, 64)
			if err == nil && found {
				afterID, err = strconv.ParseInt(id, 10, 64)
			}
			if !found {
				err = strconv.ErrSyntax
			}
		} else {
			afterID, err = strconv.ParseInt(f.Cursor, 10, 64)
		}
		if err != nil || afterID <= 0 || afterVotes < 0 {
			fields.Add("cursor", "This is not a cursor this list gave out. Leave it out to start from the top.")
		}
	}
	if err := fields.Err(); err != nil {
		return Page{}, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	f.Limit = min(f.Limit, 100)
	sc, err := s.scope(ctx, viewer, f.CommunitySlug)
	if err != nil {
		return Page{}, err
	}

	args := []any{viewer.ID, sc.c.ID}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	var q strings.Builder
	q.WriteString(itemColumns + ` WHERE b.community_id = $2 AND b.status IN (`)
	for i, st := range statuses {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(arg(string(st)))
	}
	q.WriteString(")")
	if f.Sort == SortVotes {
		if f.Cursor != "" {
			v := arg(afterVotes)
			q.WriteString(` AND (b.votes < ` + v + ` OR (b.votes = ` + v + ` AND b.id > ` + arg(afterID) + `))`)
		}
		q.WriteString(` ORDER BY b.votes DESC, b.id ASC`)
	} else {
		if f.Cursor != "" {
			q.WriteString(` AND b.id < ` + arg(afterID))
		}
		q.WriteString(` ORDER BY b.id DESC`)
	}
	q.WriteString(` LIMIT ` + arg(f.Limit+1))
	rows, err := s.db.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return Page{}, fmt.Errorf("backlog: list: %w", err)
	}
	items, err := scanItems(rows)
	if err != nil {
		return Page{}, err
	}
	page := Page{Items: items}
	if len(items) > f.Limit {
		page.Items = items[:f.Limit]
		last := page.Items[f.Limit-1]
		page.NextCursor = strconv.FormatInt(last.ID, 10)
		if f.Sort == SortVotes {
			page.NextCursor = strconv.Itoa(last.Votes) + "." + page.NextCursor
		}
	}
	for i := range page.Items {
		page.Items[i].Can = sc.permissions(page.Items[i])
	}
	return page, nil
}

func scanItems(rows *sql.Rows) ([]Item, error) {
	defer rows.Close()
	items := []Item{}
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, fmt.Errorf("backlog: list: %w", err)
		}
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("backlog: list: %w", err)
	}
	return items, nil
}

// CountByStatus counts a community's items in each status; every status
// is present. It does no access check: for tabs and overviews of a
// community the caller has loaded.
func (s *Service) CountByStatus(ctx context.Context, communityID int64) (Counts, error) {
	out := Counts{}
	for _, i := range Statuses() {
		out[i.Status] = 0
	}
	rows, err := s.db.QueryContext(ctx, `SELECT status, COUNT(*) FROM backlog_items WHERE community_id = $1 GROUP BY status`, communityID)
	if err != nil {
		return nil, fmt.Errorf("backlog: counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("backlog: counts: %w", err)
		}
		out[Status(st)] = n
	}
	return out, rows.Err()
}

// Top returns the community's n most wanted open items (most votes, the
// oldest first among equals), for the leader's home. It does no access
// check: the caller shows it to people who may read the community. Can
// and Voted are not filled in.
func (s *Service) Top(ctx context.Context, communityID int64, n int) ([]Item, error) {
	if n <= 0 {
		n = 5
	}
	rows, err := s.db.QueryContext(ctx, itemColumns+` WHERE b.community_id = $2 AND b.status IN ($3, $4, $5)
		ORDER BY b.votes DESC, b.id ASC LIMIT $6`, 0, communityID, string(Proposed), string(Planned), string(InProgress), n)
	if err != nil {
		return nil, fmt.Errorf("backlog: top: %w", err)
	}
	return scanItems(rows)
}

// MovedSince returns the items, in every community userID belongs to,
// whose status changed at or after since (newest change first, at most
// 50): "backlog items that moved" in the weekly digest. Items that were
// only proposed in that time have not moved and are left out. Voted says
// whether userID voted for each; Can is not filled in.
func (s *Service) MovedSince(ctx context.Context, userID int64, since time.Time) ([]Item, error) {
	rows, err := s.db.QueryContext(ctx, itemColumns+`
		JOIN memberships m ON m.community_id = b.community_id AND m.user_id = $1
		WHERE c.archived_at IS NULL AND b.status_changed_at >= $2 AND b.status_changed_at > b.created_at
		ORDER BY b.status_changed_at DESC, b.id DESC LIMIT 50`, userID, store.Millis(since))
	if err != nil {
		return nil, fmt.Errorf("backlog: moved since: %w", err)
	}
	return scanItems(rows)
}
