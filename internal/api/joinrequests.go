package api

import (
	"net/http"

	"cultivate/internal/web"
)

// listJoinRequests is a private community's pending join requests, oldest
// first, for its leader and core group.
func (h *handler) listJoinRequests(r *http.Request, _ noBody) (page[joinRequestJSON], error) {
	after, limit, err := idPageQuery(r, "join-requests")
	if err != nil {
		return page[joinRequestJSON]{}, err
	}
	list, next, err := h.app.Communities.PendingRequestsPage(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), after, limit)
	if err != nil {
		return page[joinRequestJSON]{}, err
	}
	items := make([]joinRequestJSON, len(list))
	for i, jr := range list {
		items[i] = newJoinRequest(jr)
	}
	return newIDPage(items, "join-requests", next), nil
}

func (h *handler) approveJoinRequest(r *http.Request, _ noBody) (noContent, error) {
	return h.decide(r, true)
}

func (h *handler) declineJoinRequest(r *http.Request, _ noBody) (noContent, error) {
	return h.decide(r, false)
}

func (h *handler) decide(r *http.Request, approve bool) (noContent, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return noContent{}, err
	}
	return noContent{}, h.app.Communities.DecideRequest(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, approve)
}

// createJoinRequest asks to join the private community a join link's code
// points at.
func (h *handler) createJoinRequest(r *http.Request, in joinRequestBody) (joinRequestJSON, error) {
	u := web.UserFrom(r.Context())
	jr, err := h.app.Communities.RequestToJoin(r.Context(), u, in.Code, in.Message, in.AcceptCodeOfConduct)
	if err != nil {
		return joinRequestJSON{}, err
	}
	jr.Headline = u.Headline // as the leader's list shows it
	return newJoinRequest(jr), nil
}
