package mail

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"

	"cultivate/internal/jobs"
)

// ParseAddress reads an email address, with or without a display name
// ("Cultivate <cop@example.org>").
func ParseAddress(s string) (*mail.Address, error) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("mail: %q is not an email address: %w", s, err)
	}
	return a, nil
}

// content is what a message says, before it is encoded.
type content struct {
	subject     string
	greeting    string
	intro       string
	sections    []Section
	why         string // why the person gets this message
	unsubscribe string // the signed link
	unsubLabel  string // what it stops
}

// notesMessage composes the message that carries notes to r.
func (s *Service) notesMessage(ctx context.Context, jobID int64, r recipient, notes []waitingNote) (Message, error) {
	scope := ScopeAll
	if sameKind(notes) {
		scope = notes[0].kind
	}
	unsub, err := s.UnsubscribeURL(ctx, r.id, scope)
	if err != nil {
		return Message{}, err
	}
	c := content{greeting: "Hello " + firstName(r.name) + ",", unsubscribe: unsub, unsubLabel: scopeLabel(scope)}
	items := make([]Item, len(notes))
	var labels []string
	for i, n := range notes {
		items[i] = Item{Title: n.title, Link: n.link}
		if n.actor != "" {
			items[i].Detail = "from " + n.actor
		}
		if k, _ := kindInfo(n.kind); !contains(labels, k.Label) {
			labels = append(labels, k.Label)
		}
	}
	if len(notes) == 1 {
		c.subject = notes[0].title
		c.intro = "There is news for you on cultivate:"
	} else {
		c.subject = fmt.Sprintf("%d updates on cultivate: %s, and more", len(notes), notes[0].title)
		c.intro = fmt.Sprintf("There are %d updates for you on cultivate:", len(notes))
	}
	c.sections = []Section{{Items: items}}
	c.why = "You get an email at once for: " + strings.Join(labels, "; ") + "."
	return s.message(jobID, r, "notes", c)
}

func sameKind(notes []waitingNote) bool {
	for _, n := range notes[1:] {
		if n.kind != notes[0].kind {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func firstName(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return "there"
}

// message encodes c for r as a multipart/alternative message (plain text
// and HTML) whose Message-ID comes from the job's id.
func (s *Service) message(jobID int64, r recipient, kind string, c content) (Message, error) {
	msgID := jobs.FormatID(jobID) + "@" + s.base.Hostname()
	text := renderText(s, c)
	var htmlBuf bytes.Buffer
	if err := htmlMessage.Execute(&htmlBuf, htmlView{c: c, s: s}); err != nil {
		return Message{}, fmt.Errorf("mail: render: %w", err)
	}
	to := (&mail.Address{Name: r.name, Address: r.email}).String()
	now := s.clock.Now()

	// The boundary comes from the Message-ID, so a message composed again
	// for the same job would be byte for byte the same.
	sum := sha256.Sum256([]byte(msgID))
	boundary := "cultivate-" + hex.EncodeToString(sum[:12])
	var b bytes.Buffer
	h := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	h("From", s.from)
	h("To", to)
	h("Subject", mime.QEncoding.Encode("utf-8", oneLine(c.subject)))
	h("Date", now.Format(time.RFC1123Z))
	h("Message-ID", "<"+msgID+">")
	h("MIME-Version", "1.0")
	h("Auto-Submitted", "auto-generated")
	h("List-Unsubscribe", "<"+c.unsubscribe+">")
	h("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	h("Content-Type", `multipart/alternative; boundary="`+boundary+`"`)
	b.WriteString("\r\n")
	for _, part := range []struct{ typ, body string }{{"text/plain", text}, {"text/html", htmlBuf.String()}} {
		fmt.Fprintf(&b, "--%s\r\n", boundary)
		fmt.Fprintf(&b, "Content-Type: %s; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", part.typ)
		qp := quotedprintable.NewWriter(&b)
		if _, err := qp.Write([]byte(part.body)); err != nil {
			return Message{}, err
		}
		if err := qp.Close(); err != nil {
			return Message{}, err
		}
		b.WriteString("\r\n")
	}
	fmt.Fprintf(&b, "--%s--\r\n", boundary)
	return Message{JobID: jobID, UserID: r.id, Kind: kind, To: r.email, Subject: oneLine(c.subject), MessageID: msgID,
		UnsubscribeURL: c.unsubscribe, Text: text, Raw: b.String()}, nil
}

// oneLine keeps a header value on one line, at a readable length.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 150 {
		s = string(r[:149]) + "…"
	}
	return s
}

// renderText is the plain-text part.
func renderText(s *Service, c content) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n%s\n", c.greeting, c.intro)
	for _, sec := range c.sections {
		if sec.Title != "" {
			fmt.Fprintf(&b, "\n%s\n%s\n", sec.Title, strings.Repeat("=", len([]rune(sec.Title))))
		}
		for _, it := range sec.Items {
			fmt.Fprintf(&b, "\n* %s\n", oneLine(it.Title))
			if it.Detail != "" {
				fmt.Fprintf(&b, "  %s\n", oneLine(it.Detail))
			}
			if it.Link != "" {
				fmt.Fprintf(&b, "  %s\n", s.link(it.Link))
			}
		}
		if sec.Link != "" {
			fmt.Fprintf(&b, "\n  See all: %s\n", s.link(sec.Link))
		}
	}
	fmt.Fprintf(&b, "\n-- \n%s\nChoose what reaches you by email: %s\n%s: %s\n", c.why, s.link(SettingsPath), c.unsubLabel, c.unsubscribe)
	return b.String()
}

// SettingsPath is the page where a member chooses what reaches them.
const SettingsPath = "/me/notifications"

type htmlView struct {
	c content
	s *Service
}

func (v htmlView) Subject() string     { return v.c.subject }
func (v htmlView) Greeting() string    { return v.c.greeting }
func (v htmlView) Intro() string       { return v.c.intro }
func (v htmlView) Sections() []Section { return v.c.sections }
func (v htmlView) Why() string         { return v.c.why }
func (v htmlView) Unsubscribe() string { return v.c.unsubscribe }
func (v htmlView) UnsubLabel() string  { return v.c.unsubLabel }
func (v htmlView) Settings() string    { return v.s.link(SettingsPath) }
func (v htmlView) Link(p string) string {
	if p == "" {
		return ""
	}
	return v.s.link(p)
}

// htmlMessage is the HTML part: plain markup that reads well in any mail
// client, with the few inline styles mail clients still need.
var htmlMessage = template.Must(template.New("mail").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: system-ui, -apple-system, Segoe UI, Roboto, sans-serif; line-height: 1.5; color: #1f2328; max-width: 36rem; margin: 0 auto; padding: 16px;">
<p>{{.Greeting}}</p>
<p>{{.Intro}}</p>
{{range .Sections}}
{{if .Title}}<h2 style="font-size: 1.1rem; margin: 24px 0 8px;">{{.Title}}</h2>{{end}}
<ul style="padding-left: 20px;">
{{range .Items}}<li style="margin-bottom: 8px;">{{with $.Link .Link}}<a href="{{.}}">{{end}}{{.Title}}{{if .Link}}</a>{{end}}{{with .Detail}}<br><span style="color: #59636e;">{{.}}</span>{{end}}</li>
{{end}}</ul>
{{with .Link}}<p><a href="{{$.Link .}}">See all</a></p>{{end}}
{{end}}
<hr style="border: 0; border-top: 1px solid #d1d9e0; margin: 24px 0 8px;">
<p style="color: #59636e; font-size: 0.9rem;">{{.Why}} <a href="{{.Settings}}">Choose what reaches you by email</a> · <a href="{{.Unsubscribe}}">{{.UnsubLabel}}</a></p>
</body></html>
`))
