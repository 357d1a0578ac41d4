package api

import (
	"net/http"

	"cultivate/internal/announce"
	"cultivate/internal/web"
)

// listAnnouncements is a page of a community's announcements, pinned
// first, then the newest.
func (h *handler) listAnnouncements(r *http.Request, _ noBody) (page[announcementJSON], error) {
	cursor, limit, err := pageQuery(r, "announcements")
	if err != nil {
		return page[announcementJSON]{}, err
	}
	p, err := h.app.Announcements.List(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), cursor, limit)
	if err != nil {
		return page[announcementJSON]{}, err
	}
	items := make([]announcementJSON, len(p.Items))
	for i, a := range p.Items {
		items[i] = newAnnouncement(a)
	}
	return newPage(items, "announcements", p.NextCursor), nil
}

func (h *handler) postAnnouncement(r *http.Request, in announcementBody) (announcementJSON, error) {
	a, err := h.app.Announcements.Post(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"),
		announce.Draft{Title: in.Title, Body: in.Body, Pinned: in.Pinned})
	if err != nil {
		return announcementJSON{}, err
	}
	return newAnnouncement(a), nil
}

func (h *handler) getAnnouncement(r *http.Request, _ noBody) (announcementJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return announcementJSON{}, err
	}
	a, err := h.app.Announcements.Get(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	if err != nil {
		return announcementJSON{}, err
	}
	return newAnnouncement(a), nil
}

// editAnnouncement changes the fields the body holds and keeps the others.
func (h *handler) editAnnouncement(r *http.Request, in announcementUpdate) (announcementJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return announcementJSON{}, err
	}
	u, slug := web.UserFrom(r.Context()), r.PathValue("slug")
	cur, err := h.app.Announcements.Get(r.Context(), u, slug, id)
	if err != nil {
		return announcementJSON{}, err
	}
	d := announce.Draft{Title: cur.Title, Body: cur.Body, Pinned: cur.Pinned}
	keep(&d.Title, in.Title)
	keep(&d.Body, in.Body)
	keep(&d.Pinned, in.Pinned)
	a, err := h.app.Announcements.Edit(r.Context(), u, slug, id, d)
	if err != nil {
		return announcementJSON{}, err
	}
	return newAnnouncement(a), nil
}

func (h *handler) deleteAnnouncement(r *http.Request, _ noBody) (noContent, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return noContent{}, err
	}
	return noContent{}, h.app.Announcements.Delete(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
}
