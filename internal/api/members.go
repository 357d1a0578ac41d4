package api

import (
	"net/http"

	"cultivate/internal/community"
	"cultivate/internal/web"
)

// join makes the caller a member of an open community; private ones are
// joined by invitation or by a join request.
func (h *handler) join(r *http.Request, in joinBody) (membershipJSON, error) {
	m, err := h.app.Communities.Join(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), in.AcceptCodeOfConduct, in.Intro)
	if err != nil {
		return membershipJSON{}, err
	}
	return newMembership(m), nil
}

func (h *handler) leave(r *http.Request, _ noBody) (noContent, error) {
	return noContent{}, h.app.Communities.Leave(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"))
}

// listMembers is the member directory, by user id (the cursor).
func (h *handler) listMembers(r *http.Request, _ noBody) (page[personJSON], error) {
	after, limit, err := idPageQuery(r, "members")
	if err != nil {
		return page[personJSON]{}, err
	}
	f := community.MemberFilter{Role: community.Role(r.URL.Query().Get("role")), After: after, Limit: limit}
	if f.Expertise, err = textQuery(r, "expertise", 32); err != nil {
		return page[personJSON]{}, err
	}
	if f.Query, err = textQuery(r, "q", 200); err != nil {
		return page[personJSON]{}, err
	}
	list, next, err := h.app.Communities.Members(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), f)
	if err != nil {
		return page[personJSON]{}, err
	}
	items := make([]personJSON, len(list))
	for i, p := range list {
		items[i] = newPerson(p)
	}
	return newIDPage(items, "members", next), nil
}

// setRole changes a member's role and answers with their membership.
func (h *handler) setRole(r *http.Request, in roleRequest) (membershipJSON, error) {
	target, err := pathID(r, "user_id")
	if err != nil {
		return membershipJSON{}, err
	}
	u, slug := web.UserFrom(r.Context()), r.PathValue("slug")
	if err := h.app.Communities.SetRole(r.Context(), u, slug, target, community.Role(in.Role)); err != nil {
		return membershipJSON{}, err
	}
	c, _, err := h.app.Communities.BySlug(r.Context(), slug, u)
	if err != nil {
		return membershipJSON{}, err
	}
	m, err := h.app.Communities.Membership(r.Context(), c.ID, target)
	if err != nil {
		return membershipJSON{}, err
	}
	return newMembership(m), nil
}

func (h *handler) removeMember(r *http.Request, _ noBody) (noContent, error) {
	target, err := pathID(r, "user_id")
	if err != nil {
		return noContent{}, err
	}
	return noContent{}, h.app.Communities.Remove(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), target)
}
