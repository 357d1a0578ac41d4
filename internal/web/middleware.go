package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"cultivate/internal/account"
	"cultivate/internal/errs"
)

type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cultivate_http_requests_total",
			Help: "HTTP requests by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "cultivate_http_request_duration_seconds",
			Help:    "HTTP request latency by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.latency)
	return m
}

// statusWriter remembers the status code for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	code  int
	bytes int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush lets server-sent events through the wrapper.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

type ctxKey int

const (
	userKey ctxKey = iota
	sessionKey
	requestIDKey
	routeKey
	addrKey
)

// observe logs each request once, counts it in the metrics by route
// pattern, and turns a panic into a 500 without killing the server.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		sw := &statusWriter{ResponseWriter: w}
		route := new(string)
		ctx := context.WithValue(context.WithValue(r.Context(), requestIDKey, id), routeKey, route)
		r = r.WithContext(ctx)
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic", "request_id", id, "path", r.URL.Path, "panic", p)
				if sw.code == 0 {
					s.fail(sw, r, errors.New("panic"))
				}
			}
			code := sw.code
			if code == 0 {
				code = http.StatusOK
			}
			pattern := *route
			if pattern == "" {
				pattern = "unmatched"
			}
			elapsed := time.Since(start)
			s.metrics.requests.WithLabelValues(pattern, r.Method, strconv.Itoa(code)).Inc()
			s.metrics.latency.WithLabelValues(pattern).Observe(elapsed.Seconds())
			if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/metrics" || r.URL.Path == "/healthz" {
				return
			}
			level := slog.LevelInfo
			if code >= 500 {
				level = slog.LevelError
			}
			s.log.LogAttrs(r.Context(), level, "request",
				slog.String("request_id", id), slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.String("route", pattern), slog.Int("status", code), slog.Int("bytes", sw.bytes),
				slog.Duration("duration", elapsed), slog.Int64("user", UserFrom(r.Context()).ID))
		}()
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(sw, r)
	})
}

// recordRoute wraps the mux: once it has matched, the pattern is known and
// handed back to observe for the metrics' route label.
func recordRoute(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r)
		if p, ok := r.Context().Value(routeKey).(*string); ok {
			*p = r.Pattern
		}
	})
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// securityHeaders sets a strict content security policy: every script and
// style is ours, from /static.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		if s.secure {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody bounds every request body; handlers that read past the limit
// get an error they turn into 413.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > s.cfg.MaxBodyBytes {
			s.fail(w, r, &http.MaxBytesError{Limit: s.cfg.MaxBodyBytes})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

func errCrossOrigin() error {
	return errs.E(errs.Forbidden, "This request came from another site, so it was refused. If you clicked a link that led here, go back to cultivate and try again from its own page.")
}

// sessionCookie is the cookie's name; with HTTPS the __Host- prefix makes
// browsers refuse it from subdomains or over plain HTTP.
func (s *Server) sessionCookie() string {
	if s.secure {
		return "__Host-cultivate_session"
	}
	return "cultivate_session"
}

// authenticate resolves the signed-in user from a bearer token (the API)
// or the session cookie (the browser) and puts it in the context. A bad
// token is refused at once; a stale cookie is cleared and the request goes
// on anonymously.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), addrKey, s.clientAddr(r))
		r = r.WithContext(ctx)
		if h := r.Header.Get("Authorization"); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				s.fail(w, r, errs.E(errs.Unauthorized, "Use the header “Authorization: Bearer <token>” with a personal API token."))
				return
			}
			u, err := s.app.Accounts.TokenUser(ctx, strings.TrimSpace(token))
			if err != nil {
				s.fail(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, userKey, u)))
			return
		}
		if c, err := r.Cookie(s.sessionCookie()); err == nil && c.Value != "" {
			u, err := s.app.Accounts.SessionUser(ctx, c.Value)
			switch {
			case err == nil:
				ctx = context.WithValue(context.WithValue(ctx, userKey, u), sessionKey, c.Value)
			case errs.Is(err, errs.Unauthorized):
				s.clearSession(w)
			default:
				s.fail(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// UserFrom returns the signed-in user; ID 0 means anonymous.
func UserFrom(ctx context.Context) account.User {
	u, _ := ctx.Value(userKey).(account.User)
	return u
}

// AddrFrom returns the client's address as the server resolved it (see
// Config.TrustProxy), for rate limits.
func AddrFrom(ctx context.Context) string {
	a, _ := ctx.Value(addrKey).(string)
	return a
}

func sessionFrom(ctx context.Context) string {
	s, _ := ctx.Value(sessionKey).(string)
	return s
}

func (s *Server) setSession(w http.ResponseWriter, sess account.Session) {
	http.SetCookie(w, &http.Cookie{
		// MaxAge rather than Expires: the browser's clock need not agree with ours.
		Name: s.sessionCookie(), Value: sess.Token, Path: "/", MaxAge: int(account.SessionTTL / time.Second),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: s.sessionCookie(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
}

// signedIn sends anonymous visitors to the login page and back afterwards.
func (s *Server) signedIn(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if UserFrom(r.Context()).ID == 0 {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.fail(w, r, errs.E(errs.Unauthorized, "Please log in first."))
			return
		}
		h(w, r)
	}
}

// admin lets only site administrators through.
func (s *Server) admin(h http.HandlerFunc) http.HandlerFunc {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request) {
		if !UserFrom(r.Context()).IsAdmin {
			s.fail(w, r, errs.E(errs.Forbidden, "Only administrators can open this page."))
			return
		}
		h(w, r)
	})
}

// clientAddr is the address login limits count by. X-Forwarded-For is
// believed only when the operator says a proxy sets it (Config.TrustProxy);
// otherwise anyone could dodge the limit by inventing addresses.
func (s *Server) clientAddr(r *http.Request) string {
	if xff := r.Header.Get("X-Forwarded-For"); xff != "" && s.cfg.TrustProxy {
		parts := strings.Split(xff, ",")
		return strings.TrimSpace(parts[len(parts)-1])
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
