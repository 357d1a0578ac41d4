package web

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"cultivate/internal/errs"
	"cultivate/internal/mail"
)

// Email: a member's notification settings, the signed one-click
// unsubscribe links of every message, and the admins' outbox.

type mailSettingsRow struct {
	Kind, Label string
	Choice      mail.Choice
	Default     mail.Choice
}

type mailSettingsGroup struct {
	Title string
	Rows  []mailSettingsRow
}

type notificationSettingsView struct {
	page
	Groups       []mailSettingsGroup
	Choices      []mail.Choice
	WeeklyDigest bool
	NextDigest   time.Time
	Configured   bool
	Errors       map[string]string
}

// mailSettingsView lays out prefs by the groups of mail.Kinds.
func (s *Server) mailSettingsView(p mail.Preferences) *notificationSettingsView {
	v := &notificationSettingsView{page: page{Title: "Notifications", Nav: "me"}, Choices: mail.Choices(),
		WeeklyDigest: p.WeeklyDigest, NextDigest: s.app.Mail.NextDigest(), Configured: s.app.Mail.Configured()}
	for _, k := range mail.Kinds() {
		if len(v.Groups) == 0 || v.Groups[len(v.Groups)-1].Title != k.Group {
			v.Groups = append(v.Groups, mailSettingsGroup{Title: k.Group})
		}
		g := &v.Groups[len(v.Groups)-1]
		g.Rows = append(g.Rows, mailSettingsRow{Kind: k.Kind, Label: k.Label, Choice: p.Choice(k.Kind), Default: k.Default})
	}
	return v
}

func (s *Server) notificationSettings(w http.ResponseWriter, r *http.Request) {
	p, err := s.app.Mail.Preferences(r.Context(), UserFrom(r.Context()).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "notification_settings", s.mailSettingsView(p))
}

// saveNotificationSettings reads one radio group per kind ("kind.<kind>")
// and the digest checkbox; a form without a kind keeps its choice.
func (s *Server) saveNotificationSettings(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	u := UserFrom(r.Context())
	digest := r.PostForm.Get("weekly_digest") == "on"
	in := mail.Update{WeeklyDigest: &digest, Choices: map[string]string{}}
	for name, vals := range r.PostForm {
		if kind, ok := strings.CutPrefix(name, "kind."); ok && len(vals) > 0 {
			in.Choices[kind] = vals[len(vals)-1]
		}
	}
	if _, err := s.app.Mail.SetPreferences(r.Context(), u.ID, in); err != nil {
		// Show the form as it was sent, with the errors beside the rows.
		p, perr := s.app.Mail.Preferences(r.Context(), u.ID)
		if perr != nil {
			s.fail(w, r, perr)
			return
		}
		p.WeeklyDigest = digest
		for k, c := range in.Choices {
			if mail.Choice(c).Valid() {
				p.Choices[k] = mail.Choice(c)
			}
		}
		if errs.KindOf(err) != errs.Invalid {
			s.fail(w, r, err)
			return
		}
		v := s.mailSettingsView(p)
		v.Errors = map[string]string{}
		known := map[string]bool{}
		for _, k := range mail.Kinds() {
			known["kind."+k.Kind] = true
		}
		// An error about a kind the form does not list (a crafted form)
		// goes at the top, where it can be read.
		for field, msg := range errs.ByField(err) {
			if !known[field] {
				field = "_"
			}
			v.Errors[field] = strings.TrimSpace(v.Errors[field] + " " + msg)
		}
		s.render(w, r, http.StatusUnprocessableEntity, "notification_settings", v)
		return
	}
	s.redirect(w, r, mail.SettingsPath, "Notification settings saved.")
}

type unsubscribeView struct {
	page
	Token string
	U     mail.Unsubscription
	Done  bool
}

// unsubscribeForm shows what a signed link would stop, with one button:
// mail scanners open every link in a message, so a GET changes nothing.
func (s *Server) unsubscribeForm(w http.ResponseWriter, r *http.Request) {
	tok := r.PathValue("token")
	u, err := s.app.Mail.CheckUnsubscribe(r.Context(), tok)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "unsubscribe", &unsubscribeView{page: page{Title: "Unsubscribe"}, Token: tok, U: u})
}

// unsubscribe applies a signed link. It needs no session and no form
// token: the signature is the proof, and a mail client's one-click POST
// (RFC 8058) carries neither cookies nor an Origin header, which
// CrossOriginProtection lets through.
func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) {
	tok := r.PathValue("token")
	u, err := s.app.Mail.Unsubscribe(r.Context(), tok)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "unsubscribe", &unsubscribeView{page: page{Title: "Unsubscribed"}, Token: tok, U: u, Done: true})
}

type outboxView struct {
	page
	Messages   []mail.Message
	Status     mail.Status
	Statuses   []mail.Status
	Next       string
	Configured bool
}

func (s *Server) adminOutbox(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	st, err := mail.ParseStatus(q.Get("status"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	before, err := parseInt(q.Get("before"))
	if err != nil {
		before = 0
	}
	list, next, err := s.app.Mail.Outbox(r.Context(), st, before, 50)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &outboxView{page: page{Title: "Outbox", Nav: "admin"}, Messages: list, Status: st, Configured: s.app.Mail.Configured(),
		Statuses: []mail.Status{mail.Queued, mail.Sent, mail.Kept, mail.Failed}}
	if next != 0 {
		v.Next = strconv.FormatInt(next, 10)
	}
	s.render(w, r, http.StatusOK, "admin_outbox", v)
}

type messageView struct {
	page
	M       mail.Message
	Headers []headerLine
}

type headerLine struct{ Name, Value string }

func (s *Server) adminMessage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.app.Mail.Message(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_message", &messageView{page: page{Title: m.Subject, Nav: "admin"}, M: m, Headers: rawHeaders(m.Raw)})
}

// rawHeaders lists the top-level headers of a raw message, in order, for
// the admin to check what a mail client sees.
func rawHeaders(raw string) []headerLine {
	head, _, _ := strings.Cut(raw, "\r\n\r\n")
	var out []headerLine
	dec := new(mime.WordDecoder)
	for _, line := range strings.Split(head, "\r\n") {
		name, value, ok := strings.Cut(line, ": ")
		if !ok {
			continue
		}
		if d, err := dec.DecodeHeader(value); err == nil {
			value = d
		}
		out = append(out, headerLine{Name: name, Value: value})
	}
	return out
}
