package api

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/knowledge"
	"cultivate/internal/search"
	"cultivate/internal/web"
)

// search finds requests and artefacts in the communities the caller may
// read: the open ones and the private ones they belong to. Titles and
// snippets come as HTML the search area escaped, with <mark> around the
// matched words and no other markup. Whatever q holds is read as words
// (the area's parser has no syntax errors), so no query fails.
func (h *handler) search(r *http.Request, _ noBody) (page[searchResultJSON], error) {
	cursor, limit, err := pageQuery(r, "search")
	if err != nil {
		return page[searchResultJSON]{}, err
	}
	q := r.URL.Query()
	sq := search.Q{Kind: q.Get("kind"), Cursor: cursor, Limit: limit}
	if sq.Text, err = textQuery(r, "q", search.MaxQueryBytes); err != nil {
		return page[searchResultJSON]{}, err
	}
	if sq.Tag, err = textQuery(r, "tag", 32); err != nil {
		return page[searchResultJSON]{}, err
	}
	sq.Tag = strings.ToLower(sq.Tag) // tags are stored in lower case
	if sq.Subkind = q.Get("subkind"); sq.Subkind != "" && !knowledge.Kind(sq.Subkind).Valid() {
		return page[searchResultJSON]{}, errs.Field("subkind", "Choose one of the kinds of knowledge: faq, summary, case_story, failure_reflection, insight, practice or minutes.")
	}
	if s := q.Get("solved"); s != "" {
		solved, err := strconv.ParseBool(s)
		if err != nil {
			return page[searchResultJSON]{}, badRequest("solved", "Use solved=true or solved=false, or leave it out for both.")
		}
		sq.Solved = &solved
	}
	if sq.From, err = dateQuery(r, "from", false); err != nil {
		return page[searchResultJSON]{}, err
	}
	if sq.To, err = dateQuery(r, "to", true); err != nil {
		return page[searchResultJSON]{}, err
	}
	slugs := map[int64]string{}
	if slug := q.Get("community"); slug != "" {
		c, _, err := h.app.Communities.BySlug(r.Context(), slug, web.UserFrom(r.Context()))
		if err != nil {
			return page[searchResultJSON]{}, err
		}
		slugs[c.ID] = c.Slug
	} else {
		all, err := h.readableCommunities(r)
		if err != nil {
			return page[searchResultJSON]{}, err
		}
		for _, c := range all {
			slugs[c.ID] = c.Slug
		}
	}
	sq.CommunityIDs = slices.Sorted(maps.Keys(slugs))
	res, err := h.app.Search.Search(r.Context(), sq)
	if err != nil {
		return page[searchResultJSON]{}, err
	}
	items := make([]searchResultJSON, len(res.Items))
	for i, it := range res.Items {
		items[i] = newSearchResult(it, slugs[it.CommunityID])
	}
	return newPage(items, "search", res.Next), nil
}

// readableCommunities is every community the caller may read, as
// discovery lists them.
func (h *handler) readableCommunities(r *http.Request) ([]community.Community, error) {
	u := web.UserFrom(r.Context())
	var all []community.Community
	f := community.Filter{Limit: maxLimit}
	for {
		list, next, err := h.app.Communities.Discover(r.Context(), u, f)
		if err != nil {
			return nil, err
		}
		all = append(all, list...)
		if next == "" {
			return all, nil
		}
		f.After = next
	}
}

// dateQuery reads a date (2026-03-02) or a date-time (RFC 3339). A date
// as the end of a range includes its whole day.
func dateQuery(r *http.Request, name string, end bool) (time.Time, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, badRequest(name, "Give %s as a date (2026-03-02) or a date and time (2026-03-02T09:30:00Z).", name)
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}
