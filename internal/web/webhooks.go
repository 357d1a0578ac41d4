package web

import (
	"net/http"
	"strconv"

	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/feed"
	"cultivate/internal/webhook"
)

// webhookForm is what the webhook form shows and keeps on an error.
type webhookForm struct {
	Action string // where the form posts
	Name   string
	URL    string
	Format string
	Topics map[string]bool
	Active bool
}

func (f webhookForm) input() webhook.Input {
	in := webhook.Input{Name: f.Name, URL: f.URL, Format: webhook.Format(f.Format), Active: f.Active}
	for _, t := range feed.Topics() {
		if f.Topics[t.Key] {
			in.Topics = append(in.Topics, t.Key)
		}
	}
	return in
}

func webhookFormFrom(r *http.Request, action string) webhookForm {
	f := webhookForm{Action: action, Name: r.PostForm.Get("name"), URL: r.PostForm.Get("url"), Format: r.PostForm.Get("format"),
		Active: r.PostForm.Get("active") == "yes", Topics: map[string]bool{}}
	for _, t := range r.PostForm["topics"] {
		f.Topics[t] = true
	}
	return f
}

func formOf(h webhook.Webhook, action string) webhookForm {
	f := webhookForm{Action: action, Name: h.Name, URL: h.URL, Format: string(h.Format), Active: h.Active, Topics: map[string]bool{}}
	for _, t := range h.Topics {
		f.Topics[t] = true
	}
	return f
}

// webhooksView is the list of a community's webhooks and the form to add one.
type webhooksView struct {
	page
	Hooks   []webhook.Webhook
	Hook    webhook.Webhook // zero: the form adds a new one
	Form    webhookForm
	Errors  map[string]string
	Topics  []feed.Topic
	Formats []webhook.Format
}

// webhookView is one webhook: its settings, its secret when just made,
// and its delivery log.
type webhookView struct {
	page
	Hook       webhook.Webhook
	Form       webhookForm
	Errors     map[string]string
	Topics     []feed.Topic
	Formats    []webhook.Format
	Secret     string // shown once, after creation or rotation
	Deliveries []webhook.Delivery
	Next       string
}

func webhooksBase(slug string) string { return "/c/" + slug + "/settings/webhooks" }

// webhookScope loads the community and refuses those who may not
// manage it, with the same words the webhook area uses.
func (s *Server) webhookScope(w http.ResponseWriter, r *http.Request) (community.Community, community.Membership, bool) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return c, m, false
	}
	if !m.CanModerate() {
		s.fail(w, r, errs.E(errs.Forbidden, "Only the leader and the core group of %s can manage its webhooks.", c.Name))
		return c, m, false
	}
	return c, m, true
}

func (s *Server) newWebhooksView(c community.Community, m community.Membership) *webhooksView {
	return &webhooksView{page: page{Title: "Webhooks · " + c.Name, Community: newHeader(c, m, "settings")},
		Form:   webhookForm{Action: webhooksBase(c.Slug), Format: string(webhook.Slack), Active: true, Topics: map[string]bool{feed.TopicHelp: true, feed.TopicKnowledge: true, feed.TopicEvents: true, feed.TopicAnnouncements: true}},
		Topics: feed.Topics(), Formats: webhook.Formats()}
}

func (s *Server) webhooksPage(w http.ResponseWriter, r *http.Request) {
	c, m, ok := s.webhookScope(w, r)
	if !ok {
		return
	}
	v := s.newWebhooksView(c, m)
	var err error
	if v.Hooks, err = s.app.Webhooks.List(r.Context(), UserFrom(r.Context()), c.Slug); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "webhooks", v)
}

func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, m, ok := s.webhookScope(w, r)
	if !ok {
		return
	}
	u := UserFrom(r.Context())
	v := s.newWebhooksView(c, m)
	v.Form = webhookFormFrom(r, webhooksBase(c.Slug))
	h, secret, err := s.app.Webhooks.Create(r.Context(), u, c.Slug, v.Form.input())
	if err != nil {
		v.Hooks, _ = s.app.Webhooks.List(r.Context(), u, c.Slug)
		s.formError(w, r, err, "webhooks", v, &v.Errors)
		return
	}
	// The secret is shown on this page, this once: it is rendered, not
	// redirected, so it never travels in a cookie or a URL.
	hv := s.newWebhookView(c, m, h)
	hv.Secret = secret
	hv.Flash = "Webhook added. Copy its signing secret now; it will not be shown again."
	s.render(w, r, http.StatusCreated, "webhook", hv)
}

func (s *Server) newWebhookView(c community.Community, m community.Membership, h webhook.Webhook) *webhookView {
	return &webhookView{page: page{Title: h.Name + " · Webhooks · " + c.Name, Community: newHeader(c, m, "settings")},
		Hook: h, Form: formOf(h, webhooksBase(c.Slug)+"/"+strconv.FormatInt(h.ID, 10)), Topics: feed.Topics(), Formats: webhook.Formats()}
}

// loadWebhookView reads a webhook with a page of its delivery log.
func (s *Server) loadWebhookView(w http.ResponseWriter, r *http.Request) (*webhookView, bool) {
	c, m, ok := s.webhookScope(w, r)
	if !ok {
		return nil, false
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	u := UserFrom(r.Context())
	h, err := s.app.Webhooks.Get(r.Context(), u, c.Slug, id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	v := s.newWebhookView(c, m, h)
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	var next int64
	if v.Deliveries, next, err = s.app.Webhooks.Deliveries(r.Context(), u, c.Slug, id, before, 25); err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if next != 0 {
		v.Next = strconv.FormatInt(next, 10)
	}
	return v, true
}

func (s *Server) webhookPage(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadWebhookView(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "webhook", v)
}

func (s *Server) updateWebhook(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	v, ok := s.loadWebhookView(w, r)
	if !ok {
		return
	}
	slug := v.Community.C.Slug
	v.Form = webhookFormFrom(r, v.Form.Action)
	if _, err := s.app.Webhooks.Update(r.Context(), UserFrom(r.Context()), slug, v.Hook.ID, v.Form.input()); err != nil {
		s.formError(w, r, err, "webhook", v, &v.Errors)
		return
	}
	s.redirect(w, r, v.Form.Action, "Webhook saved.")
}

// webhookAction is ping, pause, resume, rotate or delete.
func (s *Server) webhookAction(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, _, ok := s.webhookScope(w, r)
	if !ok {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := UserFrom(r.Context())
	self := webhooksBase(c.Slug) + "/" + strconv.FormatInt(id, 10)
	switch r.PathValue("action") {
	case "ping":
		err = s.app.Webhooks.Ping(r.Context(), u, c.Slug, id)
		if err == nil {
			s.redirect(w, r, self, "Test ping queued. It is sent within a minute; its result appears in the delivery log below.")
			return
		}
	case "pause", "resume":
		active := r.PathValue("action") == "resume"
		if _, err = s.app.Webhooks.SetActive(r.Context(), u, c.Slug, id, active); err == nil {
			msg := "Webhook paused: nothing is sent until you resume it."
			if active {
				msg = "Webhook resumed."
			}
			s.redirect(w, r, self, msg)
			return
		}
	case "rotate":
		var secret string
		if secret, err = s.app.Webhooks.RotateSecret(r.Context(), u, c.Slug, id); err == nil {
			v, ok := s.loadWebhookView(w, r)
			if !ok {
				return
			}
			v.Secret = secret
			v.Flash = "New signing secret made; the old one no longer signs. Copy it now; it will not be shown again."
			s.render(w, r, http.StatusOK, "webhook", v)
			return
		}
	case "delete":
		if err = s.app.Webhooks.Delete(r.Context(), u, c.Slug, id); err == nil {
			s.redirect(w, r, webhooksBase(c.Slug), "Webhook deleted.")
			return
		}
	default:
		err = errs.E(errs.NotFound, "There is nothing at this address.")
	}
	s.fail(w, r, err)
}
