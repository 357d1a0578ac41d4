package api

import (
	"net/http"
	"unicode/utf8"

	"cultivate/internal/community"
	"cultivate/internal/web"
)

// listCommunities is discovery: open communities, and the private ones the
// caller belongs to, by web address.
func (h *handler) listCommunities(r *http.Request, _ noBody) (page[communityJSON], error) {
	after, limit, err := pageQuery(r, "communities")
	if err != nil {
		return page[communityJSON]{}, err
	}
	q, err := textQuery(r, "q", 200)
	if err != nil {
		return page[communityJSON]{}, err
	}
	u := web.UserFrom(r.Context())
	list, next, err := h.app.Communities.Discover(r.Context(), u, community.Filter{Query: q, After: after, Limit: limit})
	if err != nil {
		return page[communityJSON]{}, err
	}
	roles := map[int64]community.Role{}
	if u.ID != 0 {
		if roles, err = h.app.Communities.Roles(r.Context(), u.ID); err != nil {
			return page[communityJSON]{}, err
		}
	}
	items := make([]communityJSON, len(list))
	for i, c := range list {
		items[i] = newCommunity(c, roles[c.ID])
	}
	return newPage(items, "communities", next), nil
}

// createCommunity makes the caller the new community's leader.
func (h *handler) createCommunity(r *http.Request, in communityRequest) (communityJSON, error) {
	c, err := h.app.Communities.Create(r.Context(), web.UserFrom(r.Context()), community.Settings{
		Name: in.Name, Slug: in.Slug, Domain: in.Domain, Purpose: in.Purpose, Visibility: in.Visibility, CodeOfConduct: in.CodeOfConduct})
	if err != nil {
		return communityJSON{}, err
	}
	return newCommunity(c, community.Leader), nil
}

func (h *handler) getCommunity(r *http.Request, _ noBody) (communityJSON, error) {
	c, m, err := h.app.Communities.BySlug(r.Context(), r.PathValue("slug"), web.UserFrom(r.Context()))
	if err != nil {
		return communityJSON{}, err
	}
	return newCommunity(c, m.Role), nil
}

// updateCommunity changes the settings the body holds and keeps the others.
func (h *handler) updateCommunity(r *http.Request, in communityUpdate) (communityJSON, error) {
	u := web.UserFrom(r.Context())
	c, m, err := h.app.Communities.BySlug(r.Context(), r.PathValue("slug"), u)
	if err != nil {
		return communityJSON{}, err
	}
	s := community.Settings{Name: c.Name, Slug: c.Slug, Domain: c.Domain, Purpose: c.Purpose,
		Visibility: string(c.Visibility), CodeOfConduct: c.CodeOfConduct}
	keep(&s.Name, in.Name)
	keep(&s.Slug, in.Slug)
	keep(&s.Domain, in.Domain)
	keep(&s.Purpose, in.Purpose)
	keep(&s.Visibility, in.Visibility)
	keep(&s.CodeOfConduct, in.CodeOfConduct)
	updated, err := h.app.Communities.Update(r.Context(), u, c.Slug, s)
	if err != nil {
		return communityJSON{}, err
	}
	return newCommunity(updated, m.Role), nil
}

// textQuery reads a free-text query parameter: valid UTF-8, at most max
// characters.
func textQuery(r *http.Request, name string, max int) (string, error) {
	v := r.URL.Query().Get(name)
	if !utf8.ValidString(v) || utf8.RuneCountInString(v) > max {
		return "", badRequest(name, "Use at most %d characters of text for %s.", max, name)
	}
	return v, nil
}
