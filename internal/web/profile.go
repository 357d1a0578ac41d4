package web

import (
	"net/http"
	"strconv"
	"strings"

	"cultivate/internal/account"
	"cultivate/internal/community"
	"cultivate/internal/errs"
)

type profileView struct {
	page
	Form      account.Profile
	Errors    map[string]string
	PwdErrors map[string]string
}

func profileForm(u account.User) account.Profile {
	return account.Profile{Name: u.Name, Headline: u.Headline, Bio: u.Bio, TimeZone: u.TimeZone, Expertise: strings.Join(u.Expertise, ", ")}
}

func (s *Server) profileForm(w http.ResponseWriter, r *http.Request) {
	u := UserFrom(r.Context())
	s.render(w, r, http.StatusOK, "profile", &profileView{page: page{Title: "Your profile", Nav: "me"}, Form: profileForm(u)})
}

func (s *Server) saveProfile(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	u := UserFrom(r.Context())
	in := account.Profile{Name: r.PostForm.Get("name"), Headline: r.PostForm.Get("headline"), Bio: r.PostForm.Get("bio"),
		TimeZone: r.PostForm.Get("time_zone"), Expertise: r.PostForm.Get("expertise")}
	if _, err := s.app.Accounts.UpdateProfile(r.Context(), u.ID, in); err != nil {
		v := &profileView{page: page{Title: "Your profile", Nav: "me"}, Form: in}
		s.formError(w, r, err, "profile", v, &v.Errors)
		return
	}
	s.redirect(w, r, "/me", "Profile saved.")
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	u := UserFrom(r.Context())
	next := r.PostForm.Get("new_password")
	if next != r.PostForm.Get("confirm_password") {
		v := &profileView{page: page{Title: "Your profile", Nav: "me"}, Form: profileForm(u)}
		s.formError(w, r, errs.Field("confirm_password", "The two new passwords differ."), "profile", v, &v.PwdErrors)
		return
	}
	err := s.app.Accounts.ChangePassword(r.Context(), u.ID, r.PostForm.Get("current_password"), next, sessionFrom(r.Context()))
	if err != nil {
		v := &profileView{page: page{Title: "Your profile", Nav: "me"}, Form: profileForm(u)}
		s.formError(w, r, err, "profile", v, &v.PwdErrors)
		return
	}
	s.redirect(w, r, "/me", "Password changed. Your other sessions were logged out.")
}

type tokensView struct {
	page
	Tokens []account.Token
	New    account.Token
	Name   string
	Errors map[string]string
}

func (s *Server) tokensView(r *http.Request) (*tokensView, error) {
	u := UserFrom(r.Context())
	list, err := s.app.Accounts.Tokens(r.Context(), u.ID)
	return &tokensView{page: page{Title: "API tokens", Nav: "me"}, Tokens: list}, err
}

func (s *Server) tokens(w http.ResponseWriter, r *http.Request) {
	v, err := s.tokensView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "tokens", v)
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	t, err := s.app.Accounts.CreateToken(r.Context(), UserFrom(r.Context()).ID, r.PostForm.Get("name"))
	v, lerr := s.tokensView(r)
	if lerr != nil {
		s.fail(w, r, lerr)
		return
	}
	if err != nil {
		v.Name = r.PostForm.Get("name")
		s.formError(w, r, err, "tokens", v, &v.Errors)
		return
	}
	// The secret is shown once, on this response, and never stored.
	v.New = t
	s.render(w, r, http.StatusCreated, "tokens", v)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.Accounts.RevokeToken(r.Context(), UserFrom(r.Context()).ID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/me/tokens", "Token revoked. Programs using it can no longer sign in.")
}

type personView struct {
	page
	P      account.User
	Shared []community.Community
}

// person shows someone's public profile and the communities the viewer
// shares with them (never the private ones the viewer is not in).
func (s *Server) person(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.app.Accounts.Get(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	viewer := UserFrom(r.Context())
	theirs, err := s.app.Communities.Mine(r.Context(), p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	mine, err := s.app.Communities.Roles(r.Context(), viewer.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &personView{page: page{Title: p.Name}, P: p}
	for _, c := range theirs {
		if _, shared := mine[c.ID]; shared || c.Visibility == community.Open {
			v.Shared = append(v.Shared, c)
		}
	}
	v.P.Email = "" // not shown to others
	s.render(w, r, http.StatusOK, "person", v)
}

// personByHandle follows an @mention to the person's page.
func (s *Server) personByHandle(w http.ResponseWriter, r *http.Request) {
	u, err := s.app.Accounts.ByHandle(r.Context(), strings.TrimPrefix(r.PathValue("handle"), "@"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/u/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
}

type adminUsersView struct {
	page
	Users []account.User
	Query string
	Next  int64
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	after, _ := parseInt(q.Get("after"))
	users, err := s.app.Accounts.List(r.Context(), q.Get("q"), after, 100)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &adminUsersView{page: page{Title: "People · Admin", Nav: "admin"}, Users: users, Query: q.Get("q")}
	if len(users) == 100 {
		v.Next = users[len(users)-1].ID
	}
	s.render(w, r, http.StatusOK, "admin_users", v)
}

func (s *Server) adminSetRoles(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	admin := r.PostForm.Get("admin") == "yes"
	if id == UserFrom(r.Context()).ID && !admin {
		s.fail(w, r, errs.E(errs.Conflict, "You cannot remove your own admin role; ask another admin."))
		return
	}
	if err := s.app.Accounts.SetRoles(r.Context(), id, admin, r.PostForm.Get("support") == "yes"); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/users", "Roles saved.")
}
