package api

import (
	"net/http"

	"cultivate/internal/practice"
	"cultivate/internal/web"
)

// Replies and comments are addressed within their community by their own
// id (/communities/{slug}/replies/{reply_id}), as the practice area
// addresses them: a reply id names one reply, so a path that also named
// its request could only disagree with it.

// reply answers a request; the first reply by someone else stops its clock.
func (h *handler) reply(r *http.Request, in replyBody) (replyJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return replyJSON{}, err
	}
	p, err := h.app.Practice.Reply(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, in.Body)
	if err != nil {
		return replyJSON{}, err
	}
	return newReply(p), nil
}

// comment adds a comment under a reply; a comment on a comment joins the
// same reply.
func (h *handler) comment(r *http.Request, in replyBody) (replyJSON, error) {
	id, err := pathID(r, "reply_id")
	if err != nil {
		return replyJSON{}, err
	}
	p, err := h.app.Practice.Comment(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, in.Body)
	if err != nil {
		return replyJSON{}, err
	}
	return newReply(p), nil
}

func (h *handler) editReply(r *http.Request, in replyBody) (replyJSON, error) {
	id, err := pathID(r, "reply_id")
	if err != nil {
		return replyJSON{}, err
	}
	p, err := h.app.Practice.EditReply(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, in.Body)
	if err != nil {
		return replyJSON{}, err
	}
	return newReply(p), nil
}

func (h *handler) deleteReply(r *http.Request, _ noBody) (noContent, error) {
	id, err := pathID(r, "reply_id")
	if err != nil {
		return noContent{}, err
	}
	return noContent{}, h.app.Practice.DeleteReply(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
}

// replyRevisions is every version of a reply or comment, oldest first.
func (h *handler) replyRevisions(r *http.Request, _ noBody) (listOf[replyRevisionJSON], error) {
	id, err := pathID(r, "reply_id")
	if err != nil {
		return listOf[replyRevisionJSON]{}, err
	}
	versions, err := h.app.Practice.Revisions(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), practice.SubjectReply, id)
	if err != nil {
		return listOf[replyRevisionJSON]{}, err
	}
	out := make([]replyRevisionJSON, len(versions))
	for i, v := range versions {
		out[i] = replyRevisionJSON{Number: v.Number, Editor: newParticipant(v.Editor), WrittenAt: v.At.UTC(), Current: v.Current, Body: v.Body}
	}
	return newList(out), nil
}
