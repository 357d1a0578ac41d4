package api

import (
	"net/http"
	"strings"
	"unicode"

	"cultivate/internal/errs"
	"cultivate/internal/practice"
	"cultivate/internal/web"
)

// listRequests is a community's help requests, in its view's order.
func (h *handler) listRequests(r *http.Request, _ noBody) (page[requestItemJSON], error) {
	return h.requestPage(r, r.PathValue("slug"))
}

// listMyRequests is the help requests of every community the caller
// belongs to.
func (h *handler) listMyRequests(r *http.Request, _ noBody) (page[requestItemJSON], error) {
	return h.requestPage(r, "")
}

func (h *handler) requestPage(r *http.Request, slug string) (page[requestItemJSON], error) {
	view := r.URL.Query().Get("view")
	if view == "" {
		view = string(practice.ViewAll)
	}
	// Views are ordered differently, so a cursor belongs to its view.
	list := "requests." + view
	cursor, limit, err := pageQuery(r, list)
	if err != nil {
		return page[requestItemJSON]{}, err
	}
	tag, err := textQuery(r, "tag", 32)
	if err != nil {
		return page[requestItemJSON]{}, err
	}
	p, err := h.app.Practice.List(r.Context(), web.UserFrom(r.Context()), practice.Filter{
		CommunitySlug: slug, View: practice.View(view), Tag: tag, Cursor: cursor, Limit: limit})
	if err != nil {
		return page[requestItemJSON]{}, err
	}
	return newPage(requestItems(p.Items), list, p.Next), nil
}

// askRequest makes a help request; the community's commitment starts its
// clock.
func (h *handler) askRequest(r *http.Request, in askBody) (requestJSON, error) {
	tags, err := joinTags("tags", in.Tags)
	if err != nil {
		return requestJSON{}, err
	}
	req, err := h.app.Practice.Ask(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"),
		practice.NewRequest{Title: in.Title, Body: in.Body, Tried: in.Tried, Tags: tags})
	if err != nil {
		return requestJSON{}, err
	}
	return newRequest(req), nil
}

// getThread is a request with its replies, comments, clock and what the
// caller may do.
func (h *handler) getThread(r *http.Request, _ noBody) (threadJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return threadJSON{}, err
	}
	t, err := h.app.Practice.Thread(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	if err != nil {
		return threadJSON{}, err
	}
	return newThread(t), nil
}

// editRequest changes the fields the body holds and keeps the others.
func (h *handler) editRequest(r *http.Request, in requestUpdate) (requestJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return requestJSON{}, err
	}
	u, slug := web.UserFrom(r.Context()), r.PathValue("slug")
	cur, err := h.app.Practice.Get(r.Context(), u, slug, id)
	if err != nil {
		return requestJSON{}, err
	}
	title, body, tried, tags := cur.Title, cur.Body, cur.Tried, strings.Join(cur.Tags, " ")
	keep(&title, in.Title)
	keep(&body, in.Body)
	keep(&tried, in.Tried)
	if in.Tags != nil {
		if tags, err = joinTags("tags", *in.Tags); err != nil {
			return requestJSON{}, err
		}
	}
	req, err := h.app.Practice.EditRequest(r.Context(), u, slug, id, title, body, tried, tags)
	if err != nil {
		return requestJSON{}, err
	}
	return newRequest(req), nil
}

func (h *handler) deleteRequest(r *http.Request, _ noBody) (noContent, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return noContent{}, err
	}
	return noContent{}, h.app.Practice.Delete(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
}

// actOnRequest runs act on the request of the path and answers with the
// request as it now stands, so a client sees the action's effect (status,
// clock, claim, outcome) without asking again.
func (h *handler) actOnRequest(r *http.Request, act func(id int64) error) (requestJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return requestJSON{}, err
	}
	if err := act(id); err != nil {
		return requestJSON{}, err
	}
	req, err := h.app.Practice.Get(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	if err != nil {
		return requestJSON{}, err
	}
	return newRequest(req), nil
}

// accept marks the reply that solved the request; its learning loop
// starts.
func (h *handler) accept(r *http.Request, in acceptReplyBody) (requestJSON, error) {
	if in.ReplyID <= 0 {
		return requestJSON{}, errs.Field("reply_id", "Send the id of the reply that solved the request.")
	}
	return h.actOnRequest(r, func(id int64) error {
		return h.app.Practice.Accept(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, in.ReplyID)
	})
}

func (h *handler) unaccept(r *http.Request, _ noBody) (requestJSON, error) {
	return h.actOnRequest(r, func(id int64) error {
		return h.app.Practice.Unaccept(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	})
}

// claim is "I'll take it"; the request shows who holds it until when.
func (h *handler) claim(r *http.Request, _ noBody) (requestJSON, error) {
	return h.actOnRequest(r, func(id int64) error {
		_, err := h.app.Practice.Claim(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
		return err
	})
}

func (h *handler) lock(r *http.Request, _ noBody) (requestJSON, error) {
	return h.actOnRequest(r, func(id int64) error {
		return h.app.Practice.Lock(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	})
}

func (h *handler) unlock(r *http.Request, _ noBody) (requestJSON, error) {
	return h.actOnRequest(r, func(id int64) error {
		return h.app.Practice.Unlock(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	})
}

func (h *handler) reopen(r *http.Request, _ noBody) (requestJSON, error) {
	return h.actOnRequest(r, func(id int64) error {
		return h.app.Practice.Reopen(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	})
}

func (h *handler) unclaim(r *http.Request, _ noBody) (noContent, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return noContent{}, err
	}
	return noContent{}, h.app.Practice.Unclaim(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
}

// reportOutcome closes the learning loop: how the advice turned out.
func (h *handler) reportOutcome(r *http.Request, in outcomeBody) (requestJSON, error) {
	return h.actOnRequest(r, func(id int64) error {
		return h.app.Practice.ReportOutcome(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, practice.Outcome(in.Outcome), in.Note)
	})
}

func (h *handler) closeRequest(r *http.Request, in closeBody) (requestJSON, error) {
	return h.actOnRequest(r, func(id int64) error {
		return h.app.Practice.Close(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, in.Reason)
	})
}

// requestRevisions is every version of a request, oldest first.
func (h *handler) requestRevisions(r *http.Request, _ noBody) (listOf[requestRevisionJSON], error) {
	id, err := pathID(r, "id")
	if err != nil {
		return listOf[requestRevisionJSON]{}, err
	}
	versions, err := h.app.Practice.Revisions(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), practice.SubjectRequest, id)
	if err != nil {
		return listOf[requestRevisionJSON]{}, err
	}
	out := make([]requestRevisionJSON, len(versions))
	for i, v := range versions {
		out[i] = requestRevisionJSON{Number: v.Number, Editor: newParticipant(v.Editor), WrittenAt: v.At.UTC(), Current: v.Current,
			Title: v.Title, Body: v.Body, Tried: v.Tried, Tags: strings0(v.Tags)}
	}
	return newList(out), nil
}

// requestTags is the community's tag set, most used first.
func (h *handler) requestTags(r *http.Request, _ noBody) (listOf[tagCountJSON], error) {
	tags, err := h.app.Practice.Tags(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"))
	if err != nil {
		return listOf[tagCountJSON]{}, err
	}
	out := make([]tagCountJSON, len(tags))
	for i, t := range tags {
		out[i] = tagCountJSON{Tag: t.Tag, Count: t.Count}
	}
	return newList(out), nil
}

// joinTags turns a list of tags into the one string the areas read, where
// commas and spaces separate tags: a tag holding one would silently become
// two, so it is refused.
func joinTags(field string, tags []string) (string, error) {
	for _, t := range tags {
		if strings.ContainsFunc(t, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
			return "", errs.Field(field, "Each tag is one word; join words with hyphens, as in “exploratory-testing”.")
		}
	}
	return strings.Join(tags, ","), nil
}
