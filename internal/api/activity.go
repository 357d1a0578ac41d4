package api

import (
	"net/http"
	"strconv"
	"strings"

	"cultivate/internal/activity"
	"cultivate/internal/feed"
	"cultivate/internal/web"
)

// listActivity is a community's activity log, newest first, for anyone who
// may see the community (the log is transparent by design).
func (h *handler) listActivity(r *http.Request, _ noBody) (page[activityEntryJSON], error) {
	c, _, err := h.app.Communities.BySlug(r.Context(), r.PathValue("slug"), web.UserFrom(r.Context()))
	if err != nil {
		return page[activityEntryJSON]{}, err
	}
	before, limit, err := idPageQuery(r, "activity")
	if err != nil {
		return page[activityEntryJSON]{}, err
	}
	q := activity.Query{CommunityID: c.ID, Before: before, Limit: limit}
	query := r.URL.Query()
	if q.KindPrefix = query.Get("kind"); !validKindPrefix(q.KindPrefix) {
		return page[activityEntryJSON]{}, badRequest("kind", "Use a kind or the start of one, such as “member.” or “member.joined”.")
	}
	if s := query.Get("actor"); s != "" {
		if q.ActorID, err = strconv.ParseInt(s, 10, 64); err != nil || q.ActorID <= 0 {
			return page[activityEntryJSON]{}, badRequest("actor", "Use the user id of the person whose actions you want.")
		}
	}
	if area := query.Get("area"); area != "" {
		prefix, ok := feed.AreaPrefix(area)
		if !ok {
			return page[activityEntryJSON]{}, badRequest("area", "Use one of: %s.", strings.Join(areaKeys(), ", "))
		}
		// An area and a kind together: the kind must lie inside the area.
		switch {
		case q.KindPrefix == "" || strings.HasPrefix(q.KindPrefix, prefix):
			if q.KindPrefix == "" {
				q.KindPrefix = prefix
			}
		case strings.HasPrefix(prefix, q.KindPrefix):
			q.KindPrefix = prefix
		default:
			return newIDPage([]activityEntryJSON{}, "activity", 0), nil
		}
	}
	list, next, err := h.app.Activity.List(r.Context(), q)
	if err != nil {
		return page[activityEntryJSON]{}, err
	}
	items := make([]activityEntryJSON, len(list))
	for i, e := range list {
		items[i] = newActivityEntry(e)
	}
	return newIDPage(items, "activity", next), nil
}

// areaKeys are the values of the area filter.
func areaKeys() []string {
	var out []string
	for _, a := range feed.Areas() {
		out = append(out, a.Key)
	}
	return out
}

func activityAreas() []any {
	var out []any
	for _, k := range areaKeys() {
		out = append(out, k)
	}
	return out
}

// validKindPrefix accepts what kinds are made of ("area.verb": lower-case
// letters, underscores and dots), so the prefix cannot carry LIKE's
// wildcards.
func validKindPrefix(s string) bool {
	if len(s) > 64 {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '_' && r != '.' {
			return false
		}
	}
	return true
}
