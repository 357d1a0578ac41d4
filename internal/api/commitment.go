package api

import (
	"net/http"

	"cultivate/internal/web"
)

// getCommitment is a community's response commitment, for anyone who may
// see the community: the promise is public.
func (h *handler) getCommitment(r *http.Request, _ noBody) (commitmentJSON, error) {
	c, _, err := h.app.Communities.BySlug(r.Context(), r.PathValue("slug"), web.UserFrom(r.Context()))
	if err != nil {
		return commitmentJSON{}, err
	}
	s, err := h.app.Practice.Settings(r.Context(), c.ID)
	if err != nil {
		return commitmentJSON{}, err
	}
	return newCommitment(s), nil
}

// updateCommitment changes the settings the body holds and keeps the
// others. Requests already asked keep the due time they were given.
func (h *handler) updateCommitment(r *http.Request, in commitmentUpdate) (commitmentJSON, error) {
	u := web.UserFrom(r.Context())
	c, _, err := h.app.Communities.BySlug(r.Context(), r.PathValue("slug"), u)
	if err != nil {
		return commitmentJSON{}, err
	}
	s, err := h.app.Practice.Settings(r.Context(), c.ID)
	if err != nil {
		return commitmentJSON{}, err
	}
	keep(&s.ResponseMinutes, in.ResponseMinutes)
	keep(&s.WorkingHoursOnly, in.WorkingHoursOnly)
	keep(&s.TimeZone, in.TimeZone)
	keep(&s.DayStartMinute, in.DayStartMinute)
	keep(&s.DayEndMinute, in.DayEndMinute)
	keep(&s.FollowupDays, in.FollowupDays)
	keep(&s.ClaimMinutes, in.ClaimMinutes)
	keep(&s.RemindBeforeMinutes, in.RemindBeforeMinutes)
	updated, err := h.app.Practice.UpdateSettings(r.Context(), u, c.Slug, s)
	if err != nil {
		return commitmentJSON{}, err
	}
	return newCommitment(updated), nil
}

// triage is the core group's queue of requests waiting for a first reply.
func (h *handler) triage(r *http.Request, _ noBody) (triageJSON, error) {
	t, err := h.app.Practice.Triage(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"))
	if err != nil {
		return triageJSON{}, err
	}
	return newTriage(t), nil
}

// similar is "has this been asked before?": requests and artefacts of the
// community like the text of a request being written.
func (h *handler) similar(r *http.Request, _ noBody) (listOf[searchResultJSON], error) {
	text, err := textQuery(r, "q", maxSimilarText)
	if err != nil {
		return listOf[searchResultJSON]{}, err
	}
	c, _, err := h.app.Communities.BySlug(r.Context(), r.PathValue("slug"), web.UserFrom(r.Context()))
	if err != nil {
		return listOf[searchResultJSON]{}, err
	}
	found, err := h.app.Search.Similar(r.Context(), text, []int64{c.ID}, similarLimit)
	if err != nil {
		return listOf[searchResultJSON]{}, err
	}
	out := make([]searchResultJSON, len(found))
	for i, f := range found {
		out[i] = newSearchResult(f, c.Slug)
	}
	return newList(out), nil
}

// maxSimilarText bounds the text compared: a title and the start of a
// body say what a request is about. similarLimit is how many suggestions
// a form shows, as on the web page.
const (
	maxSimilarText = 4000
	similarLimit   = 5
)
