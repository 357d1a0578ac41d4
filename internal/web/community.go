package web

import (
	"net/http"
	"strconv"
	"time"

	"cultivate/internal/activity"
	"cultivate/internal/announce"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/events"
	"cultivate/internal/maturity"
	"cultivate/internal/practice"
)

// communityHeader is the band over every community page: name, domain,
// the viewer's role, and the tabs.
type communityHeader struct {
	C    community.Community
	M    community.Membership
	Tab  string
	Tabs []tab
}

type tab struct {
	Key, Label, URL string
}

func newHeader(c community.Community, m community.Membership, current string) *communityHeader {
	base := "/c/" + c.Slug
	tabs := []tab{{"overview", "Overview", base}, {"help", "Help", base + "/requests"}, {"knowledge", "Knowledge", base + "/knowledge"},
		{"events", "Events", base + "/events"}, {"backlog", "Backlog", base + "/backlog"},
		{"members", "Members", base + "/members"}, {"health", "Health", base + "/health"}, {"activity", "Activity", base + "/activity"}}
	if m.CanModerate() {
		tabs = append(tabs, tab{"triage", "Triage", base + "/triage"}, tab{"settings", "Settings", base + "/settings"})
	}
	return &communityHeader{C: c, M: m, Tab: current, Tabs: tabs}
}

// target reads the community and the {id} a request's path names, as the
// viewer may see them; when it can't, it has answered and returns false.
func (s *Server) target(w http.ResponseWriter, r *http.Request) (community.Community, community.Membership, int64, bool) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return c, m, 0, false
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return c, m, 0, false
	}
	return c, m, id, true
}

// loadCommunity reads the community a request's {slug} names, as the
// viewer may see it.
func (s *Server) loadCommunity(r *http.Request) (community.Community, community.Membership, error) {
	return s.app.Communities.BySlug(r.Context(), r.PathValue("slug"), UserFrom(r.Context()))
}

type discoverView struct {
	page
	Query       string
	Communities []community.Community
	Roles       map[int64]community.Role
	Next        string
}

func (s *Server) discover(w http.ResponseWriter, r *http.Request) {
	u := UserFrom(r.Context())
	q := r.URL.Query()
	v := &discoverView{page: page{Title: "Communities", Nav: "communities"}, Query: q.Get("q")}
	var err error
	v.Communities, v.Next, err = s.app.Communities.Discover(r.Context(), u, community.Filter{Query: v.Query, After: q.Get("after"), Limit: 24})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Roles, err = s.app.Communities.Roles(r.Context(), u.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "discover", v)
}

type communityFormView struct {
	page
	Form   community.Settings
	Errors map[string]string
}

func (s *Server) newCommunityForm(w http.ResponseWriter, r *http.Request) {
	v := &communityFormView{page: page{Title: "Start a community", Nav: "communities"},
		Form: community.Settings{Visibility: "open", CodeOfConduct: community.DefaultCodeOfConduct}}
	s.render(w, r, http.StatusOK, "community_new", v)
}

func settingsFromForm(r *http.Request) community.Settings {
	return community.Settings{
		Name: r.PostForm.Get("name"), Slug: r.PostForm.Get("slug"), Domain: r.PostForm.Get("domain"),
		Purpose: r.PostForm.Get("purpose"), Visibility: r.PostForm.Get("visibility"), CodeOfConduct: r.PostForm.Get("code_of_conduct"),
	}
}

func (s *Server) createCommunity(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	v := &communityFormView{page: page{Title: "Start a community", Nav: "communities"}, Form: settingsFromForm(r)}
	c, err := s.app.Communities.Create(r.Context(), UserFrom(r.Context()), v.Form)
	if err != nil {
		s.formError(w, r, err, "community_new", v, &v.Errors)
		return
	}
	s.redirect(w, r, "/c/"+c.Slug, c.Name+" is ready, and you lead it. Invite your first members from Settings.")
}

// parseForm reads a posted form, answering the error itself when it can't.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, errs.Wrap(errs.Invalid, err, "The form could not be read."))
		return false
	}
	return true
}

type communityHomeView struct {
	page
	Team      []community.Person
	Tags      []community.TagCount
	Activity  []activityLine
	Newcomers []community.Person

	// Announcements are the pinned and latest ones (announcements.go).
	Announcements []announce.Announcement

	// Vision is the canvas's vision, or the invitation to write it (canvas.go).
	Vision *visionCard

	// NextEvents are the coming dates, one per series (events.go).
	NextEvents []events.Occurrence

	// Bootstrap is the new community's checklist (maturity.go); shown while
	// it is young or has steps to go.
	Bootstrap maturity.Bootstrap
}

func (s *Server) communityHome(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	v := &communityHomeView{page: page{Title: c.Name, Description: c.Domain, Community: newHeader(c, m, "overview")}}
	if v.Team, err = s.app.Communities.Team(ctx, c.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Tags, err = s.app.Communities.ExpertiseTags(ctx, c.ID, 24); err != nil {
		s.fail(w, r, err)
		return
	}
	entries, _, err := s.app.Activity.List(ctx, activity.Query{CommunityID: c.ID, Limit: 8})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Activity = describeAll(entries)
	if v.Announcements, err = s.app.Announcements.Latest(ctx, c.ID, 3); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.NextEvents, err = s.app.Events.List(ctx, UserFrom(ctx), c.Slug, events.Filter{Limit: 3, PerSeries: 1}); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Bootstrap, err = s.app.Maturity.Bootstrap(ctx, UserFrom(ctx), c.Slug); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Vision, err = s.visionCard(ctx, c, m); err != nil {
		s.fail(w, r, err)
		return
	}
	if m.CanModerate() {
		if v.Newcomers, err = s.app.Communities.Newcomers(ctx, c.ID, s.app.Clock.Now().Add(-14*24*time.Hour), 8); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "community", v)
}

type conductView struct {
	page
	Errors map[string]string
	Intro  string
}

func (s *Server) conduct(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "conduct", &conductView{page: page{Title: "Code of conduct · " + c.Name, Community: newHeader(c, m, "overview")}})
}

func (s *Server) join(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	u := UserFrom(r.Context())
	intro := r.PostForm.Get("intro")
	_, err := s.app.Communities.Join(r.Context(), u, r.PathValue("slug"), r.PostForm.Get("accept_coc") == "yes", intro)
	if err != nil {
		if errs.KindOf(err) == errs.Invalid {
			c, m, lerr := s.loadCommunity(r)
			if lerr != nil {
				s.fail(w, r, lerr)
				return
			}
			v := &conductView{page: page{Title: "Code of conduct · " + c.Name, Community: newHeader(c, m, "overview")}, Intro: intro}
			s.formError(w, r, err, "conduct", v, &v.Errors)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/c/"+r.PathValue("slug"), "Welcome aboard! You are now a member.")
}

func (s *Server) leave(w http.ResponseWriter, r *http.Request) {
	if err := s.app.Communities.Leave(r.Context(), UserFrom(r.Context()), r.PathValue("slug")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/", "You left the community. You can join again any time it is open.")
}

func (s *Server) updateIntro(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	if err := s.app.Communities.UpdateIntro(r.Context(), UserFrom(r.Context()), r.PathValue("slug"), r.PostForm.Get("intro")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/c/"+r.PathValue("slug")+"/members", "Your introduction is saved.")
}

type membersView struct {
	page
	People    []community.Person
	Filter    community.MemberFilter
	RoleParam string
	Tags      []community.TagCount
	Next      string
	Roles     []community.Role
}

func (s *Server) members(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	f := community.MemberFilter{Role: community.Role(q.Get("role")), Expertise: q.Get("expertise"), Query: q.Get("q"), After: after, Limit: 60}
	v := &membersView{page: page{Title: "Members · " + c.Name, Community: newHeader(c, m, "members")}, Filter: f, RoleParam: q.Get("role"),
		Roles: []community.Role{community.Leader, community.Core, community.Member, community.Sponsor}}
	people, next, err := s.app.Communities.Members(r.Context(), UserFrom(r.Context()), c.Slug, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.People = people
	if next != 0 {
		v.Next = strconv.FormatInt(next, 10)
	}
	if v.Tags, err = s.app.Communities.ExpertiseTags(r.Context(), c.ID, 30); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "members", v)
}

func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "There is nothing at this address.")
	}
	return id, nil
}

func (s *Server) setRole(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	role := community.Role(r.PostForm.Get("role"))
	if err := s.app.Communities.SetRole(r.Context(), UserFrom(r.Context()), r.PathValue("slug"), id, role); err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "Role changed to " + role.Label() + "."
	if role == community.Leader {
		msg = "Leadership handed over. You are now in the core group."
	}
	s.redirect(w, r, "/c/"+r.PathValue("slug")+"/members", msg)
}

func (s *Server) removeMember(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.Communities.Remove(r.Context(), UserFrom(r.Context()), r.PathValue("slug"), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/c/"+r.PathValue("slug")+"/members", "Member removed.")
}

// The Activity tab (the transparency log) is in activity.go.

type settingsView struct {
	page
	Form        community.Settings
	Errors      map[string]string
	InviteEmail string
	InviteRole  string
	InviteErr   map[string]string
	InviteLink  string
	Invitations []community.Invitation
	Requests    []community.JoinRequest
	Help        practice.Settings
	HelpErr     map[string]string
	Zones       []string
}

func (s *Server) settingsView(r *http.Request, c community.Community, m community.Membership) (*settingsView, error) {
	u := UserFrom(r.Context())
	v := &settingsView{page: page{Title: "Settings · " + c.Name, Community: newHeader(c, m, "settings")},
		Form:       community.Settings{Name: c.Name, Slug: c.Slug, Domain: c.Domain, Purpose: c.Purpose, Visibility: string(c.Visibility), CodeOfConduct: c.CodeOfConduct},
		InviteRole: "member"}
	var err error
	if v.Invitations, err = s.app.Communities.PendingInvitations(r.Context(), u, c.Slug); err != nil {
		return nil, err
	}
	if v.Requests, err = s.app.Communities.PendingRequests(r.Context(), u, c.Slug); err != nil {
		return nil, err
	}
	if v.Help, err = s.app.Practice.Settings(r.Context(), c.ID); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Server) settingsForm(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !m.CanModerate() {
		s.fail(w, r, errs.E(errs.Forbidden, "Only the leader and the core group can open the settings."))
		return
	}
	v, err := s.settingsView(r, c, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "settings", v)
}

func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	u := UserFrom(r.Context())
	c, err := s.app.Communities.Update(r.Context(), u, r.PathValue("slug"), settingsFromForm(r))
	if err != nil {
		if errs.KindOf(err) != errs.Invalid {
			s.fail(w, r, err)
			return
		}
		old, m, lerr := s.loadCommunity(r)
		if lerr != nil {
			s.fail(w, r, lerr)
			return
		}
		v, verr := s.settingsView(r, old, m)
		if verr != nil {
			s.fail(w, r, verr)
			return
		}
		v.Form = settingsFromForm(r)
		s.formError(w, r, err, "settings", v, &v.Errors)
		return
	}
	s.redirect(w, r, "/c/"+c.Slug+"/settings", "Settings saved.")
}

func (s *Server) invite(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	u := UserFrom(r.Context())
	email, role := r.PostForm.Get("email"), r.PostForm.Get("role")
	inv, err := s.app.Communities.Invite(r.Context(), u, r.PathValue("slug"), email, community.Role(role))
	c, m, lerr := s.loadCommunity(r)
	if lerr != nil {
		s.fail(w, r, lerr)
		return
	}
	if err != nil && errs.KindOf(err) != errs.Invalid {
		s.fail(w, r, err)
		return
	}
	v, verr := s.settingsView(r, c, m)
	if verr != nil {
		s.fail(w, r, verr)
		return
	}
	if err != nil {
		v.InviteEmail, v.InviteRole = email, role
		s.formError(w, r, err, "settings", v, &v.InviteErr)
		return
	}
	// The link holds the invitation's secret, so it is shown once, now.
	v.InviteLink = s.absURL("/invitations/" + inv.Token)
	v.Flash = "Invitation created for " + inv.Email + ". Send them the link below; they will also see it on their home page once they log in with that address."
	s.render(w, r, http.StatusOK, "settings", v)
}

func (s *Server) revokeInvitation(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.Communities.RevokeInvitation(r.Context(), UserFrom(r.Context()), r.PathValue("slug"), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/c/"+r.PathValue("slug")+"/settings#invitations", "Invitation withdrawn.")
}

func (s *Server) decideJoinRequest(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	decision := r.PostForm.Get("decision")
	if decision != "approve" && decision != "decline" {
		s.fail(w, r, errs.Field("decision", "Choose approve or decline."))
		return
	}
	if err := s.app.Communities.DecideRequest(r.Context(), UserFrom(r.Context()), r.PathValue("slug"), id, decision == "approve"); err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "Request declined."
	if decision == "approve" {
		msg = "Request approved: they are a member now. Say hello!"
	}
	s.redirect(w, r, "/c/"+r.PathValue("slug")+"/settings#requests", msg)
}

func (s *Server) regenerateJoinLink(w http.ResponseWriter, r *http.Request) {
	if _, err := s.app.Communities.RegenerateRequestCode(r.Context(), UserFrom(r.Context()), r.PathValue("slug")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/c/"+r.PathValue("slug")+"/settings#join-link", "A new join link is ready; the old one no longer works.")
}

type joinLinkView struct {
	page
	C       community.Community
	Code    string
	Message string
	Errors  map[string]string
	Member  bool
}

func (s *Server) joinLinkPage(w http.ResponseWriter, r *http.Request) {
	c, err := s.app.Communities.ByRequestCode(r.Context(), r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &joinLinkView{page: page{Title: "Ask to join " + c.Name}, C: c, Code: r.PathValue("code")}
	if u := UserFrom(r.Context()); u.ID != 0 {
		m, err := s.app.Communities.Membership(r.Context(), c.ID, u.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Member = m.IsMember()
	}
	s.render(w, r, http.StatusOK, "join_link", v)
}

func (s *Server) requestToJoin(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	code := r.PathValue("code")
	msg := r.PostForm.Get("message")
	_, err := s.app.Communities.RequestToJoin(r.Context(), UserFrom(r.Context()), code, msg, r.PostForm.Get("accept_coc") == "yes")
	if err != nil {
		c, cerr := s.app.Communities.ByRequestCode(r.Context(), code)
		if cerr != nil || errs.KindOf(err) != errs.Invalid {
			s.fail(w, r, err)
			return
		}
		v := &joinLinkView{page: page{Title: "Ask to join " + c.Name}, C: c, Code: code, Message: msg}
		s.formError(w, r, err, "join_link", v, &v.Errors)
		return
	}
	s.redirect(w, r, "/", "Your request is sent. The leader or core group will answer; you will see the community here once approved.")
}

type invitationView struct {
	page
	Inv    community.Invitation
	C      community.Community
	Token  string
	Errors map[string]string
	Wrong  bool // signed in with another address
}

func (s *Server) invitationPage(w http.ResponseWriter, r *http.Request) {
	inv, err := s.app.Communities.InvitationByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.app.Communities.ByID(r.Context(), inv.CommunityID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c.RequestCode = ""
	u := UserFrom(r.Context())
	v := &invitationView{page: page{Title: "Invitation to " + c.Name}, Inv: inv, C: c, Token: r.PathValue("token"),
		Wrong: u.ID != 0 && u.Email != inv.Email}
	s.render(w, r, http.StatusOK, "invitation", v)
}

func (s *Server) acceptInvitationLink(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, err := s.app.Communities.AcceptInvitation(r.Context(), UserFrom(r.Context()), 0, r.PathValue("token"), r.PostForm.Get("accept_coc") == "yes")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/c/"+c.Slug, "Welcome to "+c.Name+"!")
}

func (s *Server) acceptInvitation(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.app.Communities.AcceptInvitation(r.Context(), UserFrom(r.Context()), id, "", r.PostForm.Get("accept_coc") == "yes")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/c/"+c.Slug, "Welcome to "+c.Name+"!")
}

func (s *Server) absURL(p string) string {
	if s.cfg.BaseURL == "" {
		return p
	}
	return trimSlash(s.cfg.BaseURL) + p
}

func trimSlash(s string) string {
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s
}
