package api

import (
	"net/http"
	"strings"

	"cultivate/internal/account"
	"cultivate/internal/web"
)

// signUp creates an account. It opens no session: an API client signs in
// by creating a token from a session or the web pages.
func (h *handler) signUp(r *http.Request, in signUpRequest) (userJSON, error) {
	u, err := h.app.Accounts.Create(r.Context(), account.SignUp{Email: in.Email, Name: in.Name, Password: in.Password, Addr: web.AddrFrom(r.Context())})
	if err != nil {
		return userJSON{}, err
	}
	return newUser(u), nil
}

func (h *handler) me(r *http.Request, _ noBody) (userJSON, error) {
	return newUser(web.UserFrom(r.Context())), nil
}

// updateMe changes the fields the body holds and keeps the others.
func (h *handler) updateMe(r *http.Request, in profileUpdate) (userJSON, error) {
	u := web.UserFrom(r.Context())
	p := account.Profile{Name: u.Name, Headline: u.Headline, Bio: u.Bio, TimeZone: u.TimeZone, Expertise: strings.Join(u.Expertise, ",")}
	keep(&p.Name, in.Name)
	keep(&p.Headline, in.Headline)
	keep(&p.Bio, in.Bio)
	keep(&p.TimeZone, in.TimeZone)
	if in.Expertise != nil {
		var err error
		if p.Expertise, err = joinTags("expertise", *in.Expertise); err != nil {
			return userJSON{}, err
		}
	}
	updated, err := h.app.Accounts.UpdateProfile(r.Context(), u.ID, p)
	if err != nil {
		return userJSON{}, err
	}
	return newUser(updated), nil
}

// getUser is anyone's public profile, for signed-in callers.
func (h *handler) getUser(r *http.Request, _ noBody) (publicUserJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return publicUserJSON{}, err
	}
	u, err := h.app.Accounts.Get(r.Context(), id)
	if err != nil {
		return publicUserJSON{}, err
	}
	return newPublicUser(u), nil
}

// keep sets *dst to *v when the request holds a value, for partial updates.
func keep[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}
