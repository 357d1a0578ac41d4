package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/knowledge"
	"cultivate/internal/practice"
)

//go:embed templates
var templateFiles embed.FS

// views holds every page's template, parsed at start-up so a broken
// template fails the tests (TestEveryPageRenders), never a visitor.
type views struct {
	pages map[string]*template.Template
}

func parseViews(funcs template.FuncMap) (*views, error) {
	base, err := template.New("base").Funcs(funcs).ParseFS(templateFiles, "templates/layout/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	names, err := fs.Glob(templateFiles, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	v := &views{pages: map[string]*template.Template{}}
	for _, n := range names {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templateFiles, n); err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", n, err)
		}
		v.pages[strings.TrimSuffix(path.Base(n), ".html")] = t
	}
	return v, nil
}

// page is what the layout needs; every view struct embeds it.
type page struct {
	Title       string
	Description string
	User        account.User
	Flash       string
	Path        string
	Version     string
	Nav         string // which top navigation entry is current
	Unread      int    // unread notes in the viewer's inbox
	Community   *communityHeader
}

func (p *page) base() *page { return p }

type view interface{ base() *page }

// render writes the named page with status. The page is rendered into a
// buffer first, so a template error becomes a clean 500, not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	p := v.base()
	p.User = UserFrom(r.Context())
	p.Path = r.URL.RequestURI()
	p.Version = s.cfg.Version
	if p.Flash == "" {
		p.Flash = s.takeFlash(w, r)
	}
	if p.User.ID != 0 {
		n, err := s.app.Inbox.Unread(r.Context(), p.User.ID)
		if err != nil {
			s.log.Error("web: unread count", "err", err)
		}
		p.Unread = n
	}
	t, ok := s.views.pages[name]
	if !ok {
		s.log.Error("web: no such page template", "page", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("web: render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

type errorView struct {
	page
	Status  int
	Message string
}

// fail answers with err: JSON under /api/, an error page elsewhere. The
// client sees the safe message; the cause goes to the log once.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := errs.HTTPStatus(err)
	kind, field, msg := errs.Public(err)
	code := kind.String()
	if tooLarge := new(http.MaxBytesError); errors.As(err, &tooLarge) {
		status, code, msg = http.StatusRequestEntityTooLarge, "too_large", "The request is too large."
	}
	if status >= 500 {
		s.log.Error("request failed", "path", r.URL.Path, "request_id", r.Context().Value(requestIDKey), "err", err)
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		WriteJSONError(w, status, code, field, msg)
		return
	}
	title := map[int]string{400: "Bad request", 401: "Please log in", 403: "Not allowed", 404: "Not found",
		409: "That clashes with what is there", 413: "Too large", 422: "Please check what you entered", 429: "Slow down", 500: "Something went wrong"}[status]
	s.render(w, r, status, "error", &errorView{page: page{Title: title}, Status: status, Message: msg})
}

// WriteJSONError writes the API's one error shape.
func WriteJSONError(w http.ResponseWriter, status int, code, field, message string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	body := map[string]any{"error": map[string]string{"code": code, "message": message, "field": field}}
	_ = json.NewEncoder(w).Encode(body)
}

func (s *Server) notFoundPage(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, errs.E(errs.NotFound, "There is nothing at this address. It may have moved, or the link may be mistyped."))
}

const flashCookie = "cultivate_flash"

// redirect sends the browser to target with a one-time message.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, target, flash string) {
	if flash != "" {
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(flash), Path: "/", MaxAge: 60,
			HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	msg, err := url.QueryUnescape(c.Value)
	if err != nil || len(msg) > 300 {
		return ""
	}
	return msg
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"asset": func(name string) string { return s.assets.url(name) },
		"md":    func(src string) template.HTML { return s.md.HTML(src) },
		"ago": func(t time.Time, viewer account.User) template.HTML {
			return timeTag(t, viewer.TimeZone, s.app.Clock.Now())
		},
		"date": func(t time.Time) string { return t.Format("2 Jan 2006") },
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return fmt.Sprintf("%d %s", n, one)
			}
			return fmt.Sprintf("%d %s", n, many)
		},
		"initials":       initials,
		"hue":            hue,
		"join":           strings.Join,
		"lower":          strings.ToLower,
		"percent":        func(f float64) string { return strconv.Itoa(int(f*100+0.5)) + "%" },
		"duration":       humanDuration,
		"list":           func(items ...any) []any { return items },
		"hours":          func(minutes int) int { return minutes / 60 },
		"knowledgeKinds": knowledge.Kinds,
		"kindLabel":      func(k string) string { return knowledge.Kind(k).Label() },
		"triageSection": func(title, key string, items []practice.Item) triageSection {
			return triageSection{Title: title, Key: key, Items: items}
		},
		"add": func(a, b int) int { return a + b },
		"firstLine": func(s string, n int) string {
			s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
			r := []rune(s)
			if len(r) > n {
				return string(r[:n-1]) + "…"
			}
			return s
		},
		"query": func(base string, kv ...string) string {
			v := url.Values{}
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i+1] != "" {
					v.Set(kv[i], kv[i+1])
				}
			}
			if len(v) == 0 {
				return base
			}
			return base + "?" + v.Encode()
		},
		"fieldErr": func(errs map[string]string, field string) string { return errs[field] },
	}
}

// timeTag renders a relative time with the exact time, in the viewer's
// zone, on hover.
func timeTag(t time.Time, tz string, now time.Time) template.HTML {
	if t.IsZero() {
		return ""
	}
	loc, err := time.LoadLocation(tz)
	if err != nil || tz == "" {
		loc = time.UTC
	}
	exact := t.In(loc).Format("Mon 2 Jan 2006, 15:04 MST")
	return template.HTML(fmt.Sprintf(`<time datetime="%s" title="%s">%s</time>`,
		t.UTC().Format(time.RFC3339), template.HTMLEscapeString(exact), template.HTMLEscapeString(relative(t, now))))
}

func relative(t, now time.Time) string {
	d := now.Sub(t)
	future := d < 0
	if future {
		d = -d
	}
	var s string
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		s = plural(int(d/time.Minute), "minute")
	case d < 24*time.Hour:
		s = plural(int(d/time.Hour), "hour")
	case d < 30*24*time.Hour:
		s = plural(int(d/(24*time.Hour)), "day")
	case d < 365*24*time.Hour:
		s = plural(int(d/(30*24*time.Hour)), "month")
	default:
		s = plural(int(d/(365*24*time.Hour)), "year")
	}
	if future {
		return "in " + s
	}
	return s + " ago"
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

func initials(name string) string {
	var out []rune
	for _, f := range strings.Fields(name) {
		for _, r := range f {
			out = append(out, r)
			break
		}
		if len(out) == 2 {
			break
		}
	}
	return strings.ToUpper(string(out))
}

// hue gives each name a stable avatar colour, one of 12 classes (inline
// styles are barred by the content security policy).
func hue(name string) int {
	h := 0
	for _, r := range name {
		h = (h*31 + int(r)) % 12
	}
	return h
}

func parseInt(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	return strconv.ParseInt(s, 10, 64)
}

// triageSection is one part of the triage queue.
type triageSection struct {
	Title, Key string
	Items      []practice.Item
}

// humanDuration says a duration the way a person would: "3 hours", "2 days".
func humanDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute")
	case d < 48*time.Hour:
		h := int((d + 30*time.Minute) / time.Hour)
		return plural(h, "hour")
	default:
		return plural(int((d+12*time.Hour)/(24*time.Hour)), "day")
	}
}
