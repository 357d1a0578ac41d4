package web

import (
	"bytes"
	"net/http"
	"strings"

	"cultivate/internal/account"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/feed"
)

// feedItems is how many entries an Atom feed holds.
const feedItems = 50

// publicFeed is an open community's Atom feed. It is read as an anonymous
// visitor would, whoever asks: feed readers carry no session, and a
// private community must not answer at a public address.
func (s *Server) publicFeed(w http.ResponseWriter, r *http.Request) {
	c, _, err := s.app.Communities.BySlug(r.Context(), r.PathValue("slug"), account.User{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeFeed(w, r, c, "public, max-age=300")
}

// tokenFeed is a community's feed at a member's secret address: it stands
// in for the member's login, so it answers only while its owner belongs to
// the community (a former member's address is not found).
func (s *Server) tokenFeed(w http.ResponseWriter, r *http.Request) {
	uid, err := s.app.FeedTokens.Owner(r.Context(), r.PathValue("token"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.app.Accounts.Get(r.Context(), uid)
	if err != nil || !u.DisabledAt.IsZero() {
		s.fail(w, r, errNoFeed())
		return
	}
	c, m, err := s.app.Communities.BySlug(r.Context(), r.PathValue("slug"), u)
	if err != nil || !m.IsMember() {
		s.fail(w, r, errNoFeed())
		return
	}
	s.writeFeed(w, r, c, "private, max-age=300")
}

func errNoFeed() error {
	return errs.E(errs.NotFound, "There is no feed at this address. Its owner may have made a new one, or left the community.")
}

func (s *Server) writeFeed(w http.ResponseWriter, r *http.Request, c community.Community, cache string) {
	fc := feed.Community{ID: c.ID, Slug: c.Slug, Name: c.Name, Private: c.Visibility == community.Private}
	items, err := s.app.Describer.Recent(r.Context(), s.app.Activity, fc, nil, feedItems)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	base := s.siteURL(r)
	var buf bytes.Buffer
	if err := feed.WriteAtom(&buf, fc, items, feed.AtomMeta{BaseURL: base, Self: base + r.URL.Path, Updated: c.UpdatedAt,
		Generator: "cultivate " + s.cfg.Version}); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", cache)
	_, _ = buf.WriteTo(w)
}

// siteURL is the site's public address: the configured base URL, or the
// one this request came to.
func (s *Server) siteURL(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimRight(s.cfg.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil || (s.cfg.TrustProxy && r.Header.Get("X-Forwarded-Proto") == "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// regenerateFeedToken makes the member's secret feed addresses new, so the
// old ones stop working, and goes back to the page the button was on.
func (s *Server) regenerateFeedToken(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	if _, err := s.app.FeedTokens.Regenerate(r.Context(), UserFrom(r.Context()).ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, safeNext(r.PostForm.Get("next")), "New feed address made. Your old feed addresses no longer work; update your feed reader.")
}

// feedBox is what the Activity tab says about following a community in a
// feed reader.
type feedBox struct {
	URL    string // "" when the viewer has no feed of this community
	Secret bool   // the address holds the viewer's token
}

func (s *Server) feedBoxFor(r *http.Request, c community.Community, m community.Membership) (feedBox, error) {
	base := s.siteURL(r)
	if c.Visibility != community.Private {
		return feedBox{URL: base + "/c/" + c.Slug + "/feed.atom"}, nil
	}
	if !m.IsMember() {
		return feedBox{}, nil
	}
	tok, err := s.app.FeedTokens.Token(r.Context(), m.UserID)
	if err != nil {
		return feedBox{}, err
	}
	return feedBox{URL: base + "/feeds/" + tok + "/c/" + c.Slug + "/feed.atom", Secret: true}, nil
}
