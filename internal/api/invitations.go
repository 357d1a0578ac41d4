package api

import (
	"net/http"

	"cultivate/internal/community"
	"cultivate/internal/web"
)

// listInvitations is a community's pending invitations, for its leader and
// core group.
func (h *handler) listInvitations(r *http.Request, _ noBody) (page[invitationJSON], error) {
	before, limit, err := idPageQuery(r, "invitations")
	if err != nil {
		return page[invitationJSON]{}, err
	}
	list, next, err := h.app.Communities.PendingInvitationsPage(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), before, limit)
	if err != nil {
		return page[invitationJSON]{}, err
	}
	return newIDPage(invitations(list), "invitations", next), nil
}

// createInvitation answers with the invitation link's token, the only
// time it is shown; nothing is emailed yet, so the caller passes it on.
func (h *handler) createInvitation(r *http.Request, in invitationRequest) (invitationJSON, error) {
	role := community.Role(in.Role)
	if role == "" {
		role = community.Member
	}
	u, slug := web.UserFrom(r.Context()), r.PathValue("slug")
	inv, err := h.app.Communities.Invite(r.Context(), u, slug, in.Email, role)
	if err != nil {
		return invitationJSON{}, err
	}
	c, _, err := h.app.Communities.BySlug(r.Context(), slug, u)
	if err != nil {
		return invitationJSON{}, err
	}
	inv.CodeOfConduct = c.CodeOfConduct
	return newInvitation(inv), nil
}

func (h *handler) revokeInvitation(r *http.Request, _ noBody) (noContent, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return noContent{}, err
	}
	return noContent{}, h.app.Communities.RevokeInvitation(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
}

// myInvitations is the pending invitations addressed to the caller's email.
func (h *handler) myInvitations(r *http.Request, _ noBody) (page[invitationJSON], error) {
	before, limit, err := idPageQuery(r, "my-invitations")
	if err != nil {
		return page[invitationJSON]{}, err
	}
	list, next, err := h.app.Communities.InvitationsForPage(r.Context(), web.UserFrom(r.Context()), before, limit)
	if err != nil {
		return page[invitationJSON]{}, err
	}
	return newIDPage(invitations(list), "my-invitations", next), nil
}

// acceptInvitation makes the caller a member with the invited role and
// answers with the community as they now see it.
func (h *handler) acceptInvitation(r *http.Request, in acceptBody) (communityJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return communityJSON{}, err
	}
	u := web.UserFrom(r.Context())
	c, err := h.app.Communities.AcceptInvitation(r.Context(), u, id, "", in.AcceptCodeOfConduct)
	if err != nil {
		return communityJSON{}, err
	}
	// AcceptInvitation returns the community unfiltered; BySlug shows only
	// what the new member may see (no join-link code for a plain member).
	c, m, err := h.app.Communities.BySlug(r.Context(), c.Slug, u)
	if err != nil {
		return communityJSON{}, err
	}
	return newCommunity(c, m.Role), nil
}

func invitations(list []community.Invitation) []invitationJSON {
	out := make([]invitationJSON, len(list))
	for i, inv := range list {
		out[i] = newInvitation(inv)
	}
	return out
}
