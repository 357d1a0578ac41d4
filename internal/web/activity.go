package web

import (
	"net/http"
	"strconv"
	"strings"

	"cultivate/internal/activity"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/feed"
)

// activityView is the community's transparency log: who did what, when,
// filterable by area and by person.
type activityView struct {
	page
	Lines  []activityLine
	Next   string // the cursor of the next page, "" at the end
	Areas  []feed.Area
	Area   string // the area filter's key, "" for everything
	Actor  string // the person filter as given (an id or an @handle)
	People []community.Person
	// ActorID is the person the log is narrowed to (0: everyone), and
	// ActorName their name.
	ActorID   int64
	ActorName string
	Feed      feedBox
}

// activityLog answers anyone who may see the community: the log is
// readable by every member, and by anyone for an open community.
func (s *Server) activityLog(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	v := &activityView{page: page{Title: "Activity · " + c.Name, Community: newHeader(c, m, "activity")}, Areas: feed.Areas(),
		Area: q.Get("area"), Actor: strings.TrimSpace(q.Get("actor"))}
	query := activity.Query{CommunityID: c.ID, Limit: 50}
	query.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	if v.Area != "" {
		prefix, ok := feed.AreaPrefix(v.Area)
		if !ok {
			s.fail(w, r, errs.Field("area", "Choose one of the areas listed."))
			return
		}
		query.KindPrefix = prefix
	}
	if v.Actor != "" {
		if v.ActorID, v.ActorName, err = s.resolveActor(r, v.Actor); err != nil {
			s.fail(w, r, err)
			return
		}
		query.ActorID = v.ActorID
	}
	entries, next, err := s.app.Activity.List(ctx, query)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Lines = describeAll(entries)
	fc := feed.Community{ID: c.ID, Slug: c.Slug, Name: c.Name, Private: c.Visibility == community.Private}
	items, err := s.app.Describer.Items(ctx, fc, entries)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for i, it := range items {
		if it.Title != "" {
			v.Lines[i].Title, v.Lines[i].Link = it.Title, it.Path
		}
	}
	if next != 0 {
		v.Next = strconv.FormatInt(next, 10)
	}
	// The person picker: the community's members (the first 200; anyone
	// else, a former member say, by ?actor=@handle).
	if v.People, _, err = s.app.Communities.Members(ctx, UserFrom(ctx), c.Slug, community.MemberFilter{Limit: 200}); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Feed, err = s.feedBoxFor(r, c, m); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "activity", v)
}

// resolveActor reads the person filter: a user id, or an @handle.
func (s *Server) resolveActor(r *http.Request, actor string) (int64, string, error) {
	if id, err := strconv.ParseInt(actor, 10, 64); err == nil && id > 0 {
		u, err := s.app.Accounts.Get(r.Context(), id)
		if err != nil {
			return 0, "", errs.Field("actor", "There is no one with that id.")
		}
		return u.ID, u.Name, nil
	}
	u, err := s.app.Accounts.ByHandle(r.Context(), strings.TrimPrefix(actor, "@"))
	if err != nil {
		return 0, "", errs.Field("actor", "There is no one with that @handle.")
	}
	return u.ID, u.Name, nil
}
