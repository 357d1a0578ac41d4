package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"cultivate/internal/backlog"
	"cultivate/internal/community"
	"cultivate/internal/events"
	"cultivate/internal/health"
	"cultivate/internal/practice"
)

type homeView struct {
	page
	Mine        []myCommunity
	Invitations []community.Invitation
	Discover    []community.Community
	Needs       int
	FollowUps   []practice.Item     // solved requests of mine whose outcome I owe
	Expertise   []practice.Item     // open requests in my expertise
	Events      []events.Occurrence // my communities' next dates, two weeks ahead
	HealthAsks  []health.OpenRound  // health checks waiting for my answer
}

// myCommunity is a card on the home page, with what needs the viewer there.
type myCommunity struct {
	C         community.Community
	Role      community.Role
	Requests  int
	Newcomers []community.Person
	Backlog   []backlog.Item // the top of the backlog, for its leader and core group
}

// home answers "what needs me today?" for a signed-in person, and shows a
// visitor what this place is and which communities are open.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := UserFrom(ctx)
	v := &homeView{page: page{Title: "Home", Nav: "home"}}
	open, _, err := s.app.Communities.Discover(ctx, u, community.Filter{Limit: 12})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if u.ID == 0 {
		v.Discover = open
		s.render(w, r, http.StatusOK, "home", v)
		return
	}
	mine, err := s.app.Communities.Mine(ctx, u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	roles, err := s.app.Communities.Roles(ctx, u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	since := s.app.Clock.Now().Add(-14 * 24 * time.Hour)
	for _, c := range mine {
		mc := myCommunity{C: c, Role: roles[c.ID]}
		if mc.Role == community.Leader || mc.Role == community.Core {
			if mc.Requests, err = s.app.Communities.PendingRequestCount(ctx, c.ID); err != nil {
				s.fail(w, r, err)
				return
			}
			if mc.Newcomers, err = s.app.Communities.Newcomers(ctx, c.ID, since, 5); err != nil {
				s.fail(w, r, err)
				return
			}
			v.Needs += mc.Requests + len(mc.Newcomers)
			if mc.Backlog, err = s.app.Backlog.Top(ctx, c.ID, 3); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		v.Mine = append(v.Mine, mc)
	}
	owed, err := s.app.Practice.List(ctx, u, practice.Filter{View: practice.ViewWaitingFollowup, Limit: 5})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	inField, err := s.app.Practice.List(ctx, u, practice.Filter{View: practice.ViewExpertise, Limit: 5})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.FollowUps, v.Expertise = owed.Items, inField.Items
	now := s.app.Clock.Now()
	next, err := s.app.Events.Upcoming(ctx, u.ID, now, now.Add(14*24*time.Hour))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Events = next[:min(len(next), 5)]
	if v.HealthAsks, err = s.app.Health.Waiting(ctx, u.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	v.Needs += len(v.HealthAsks)
	v.Needs += len(v.FollowUps) + len(v.Expertise)
	if v.Invitations, err = s.app.Communities.InvitationsFor(ctx, u); err != nil {
		s.fail(w, r, err)
		return
	}
	v.Needs += len(v.Invitations)
	for _, c := range open {
		if _, member := roles[c.ID]; !member && len(v.Discover) < 6 {
			v.Discover = append(v.Discover, c)
		}
	}
	s.render(w, r, http.StatusOK, "home", v)
}

func isHTTPS(base string) bool {
	u, err := url.Parse(base)
	return err == nil && strings.EqualFold(u.Scheme, "https")
}
