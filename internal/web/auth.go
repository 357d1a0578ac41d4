package web

import (
	"net/http"

	"cultivate/internal/account"
	"cultivate/internal/errs"
)

type authView struct {
	page
	Email  string
	Name   string
	Next   string
	Errors map[string]string
	Demo   []DemoLogin
}

func (s *Server) signupForm(w http.ResponseWriter, r *http.Request) {
	if UserFrom(r.Context()).ID != 0 {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "signup", &authView{page: page{Title: "Create your account"}, Next: safeNext(r.URL.Query().Get("next"))})
}

func (s *Server) signup(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, errs.Wrap(errs.Invalid, err, "The form could not be read."))
		return
	}
	v := &authView{page: page{Title: "Create your account"}, Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"), Next: safeNext(r.PostForm.Get("next"))}
	u, err := s.app.Accounts.Create(r.Context(), account.SignUp{Email: v.Email, Name: v.Name, Password: r.PostForm.Get("password"), Addr: s.clientAddr(r)})
	if err != nil {
		s.formError(w, r, err, "signup", v, &v.Errors)
		return
	}
	sess, err := s.app.Accounts.NewSession(r.Context(), u.ID, s.clientAddr(r), r.UserAgent())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setSession(w, sess)
	s.redirect(w, r, v.Next, "Welcome, "+u.Name+"! Your account is ready. Add your expertise on your profile so people can find you.")
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if UserFrom(r.Context()).ID != 0 {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", &authView{page: page{Title: "Log in"}, Next: safeNext(r.URL.Query().Get("next")), Demo: s.cfg.DemoLogins})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, errs.Wrap(errs.Invalid, err, "The form could not be read."))
		return
	}
	v := &authView{page: page{Title: "Log in"}, Email: r.PostForm.Get("email"), Next: safeNext(r.PostForm.Get("next")), Demo: s.cfg.DemoLogins}
	_, sess, err := s.app.Accounts.Login(r.Context(), v.Email, r.PostForm.Get("password"), s.clientAddr(r), r.UserAgent(), sessionFrom(r.Context()))
	if err != nil {
		if errs.Is(err, errs.TooMany) || errs.Is(err, errs.Forbidden) {
			_, _, msg := errs.Public(err)
			v.Errors = map[string]string{"password": msg}
			s.render(w, r, errs.HTTPStatus(err), "login", v)
			return
		}
		s.formError(w, r, err, "login", v, &v.Errors)
		return
	}
	s.setSession(w, sess)
	s.redirect(w, r, v.Next, "")
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if tok := sessionFrom(r.Context()); tok != "" {
		if err := s.app.Accounts.Logout(r.Context(), tok); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.clearSession(w)
	s.redirect(w, r, "/", "You are logged out.")
}

// formError re-renders a form with every field's problem next to it and
// everything the person typed still in place; other errors become an
// error page.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, err error, name string, v view, dst *map[string]string) {
	if errs.KindOf(err) != errs.Invalid {
		s.fail(w, r, err)
		return
	}
	m := errs.ByField(err)
	if len(m) == 0 {
		_, _, msg := errs.Public(err)
		m = map[string]string{"_": msg}
	}
	*dst = m
	s.render(w, r, http.StatusUnprocessableEntity, name, v)
}
