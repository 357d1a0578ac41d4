package api

import (
	"net/http"
	"strconv"

	"cultivate/internal/web"
)

// listNotifications is the caller's inbox, newest first.
func (h *handler) listNotifications(r *http.Request, _ noBody) (page[noteJSON], error) {
	before, limit, err := idPageQuery(r, "notifications")
	if err != nil {
		return page[noteJSON]{}, err
	}
	var unread bool
	if s := r.URL.Query().Get("unread"); s != "" {
		if unread, err = strconv.ParseBool(s); err != nil {
			return page[noteJSON]{}, badRequest("unread", "Use unread=true for unread notifications only, or leave it out for all.")
		}
	}
	notes, next, err := h.app.Inbox.List(r.Context(), web.UserFrom(r.Context()).ID, unread, before, limit)
	if err != nil {
		return page[noteJSON]{}, err
	}
	items := make([]noteJSON, len(notes))
	for i, n := range notes {
		items[i] = newNote(n)
	}
	// A cursor of the unread list is one of the whole inbox too: both
	// are ids, newest first.
	return newIDPage(items, "notifications", next), nil
}

func (h *handler) unreadCount(r *http.Request, _ noBody) (unreadJSON, error) {
	n, err := h.app.Inbox.Unread(r.Context(), web.UserFrom(r.Context()).ID)
	return unreadJSON{Unread: n}, err
}

func (h *handler) markAllRead(r *http.Request, _ noBody) (noContent, error) {
	return noContent{}, h.app.Inbox.MarkRead(r.Context(), web.UserFrom(r.Context()).ID, 0)
}

// markRead marks one of the caller's notes read; someone else's is not
// found.
func (h *handler) markRead(r *http.Request, _ noBody) (noContent, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return noContent{}, err
	}
	return noContent{}, h.app.Inbox.MarkRead(r.Context(), web.UserFrom(r.Context()).ID, id)
}
