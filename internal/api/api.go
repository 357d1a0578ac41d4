// Package api serves cultivate's JSON API under /api/v1/.
//
// It is the second surface on the logic layer of internal/app, next to the
// HTML pages of internal/web: handlers decode a request, call an area, and
// encode its answer; the rules and the SQL stay in the areas. The web layer
// mounts the handler New returns behind its middleware, which has already
// resolved the caller (a personal token or the session cookie), refused
// cross-origin browser requests and bounded the body.
//
// Every route is one entry of one table (routes.go). The mux registrations
// and the OpenAPI document served at /api/v1/openapi.json are both built
// from it, so what is served and what is documented cannot drift apart.
package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"cultivate/internal/app"
	"cultivate/internal/errs"
	"cultivate/internal/web"
)

// prefix is where the web layer mounts the API; every route's path starts
// with it and the fallback for unknown paths is registered on it.
const prefix = "/api/v1/"

// handler is the API: the services, its mux and the document built from
// the route table. Nothing in it changes after New.
type handler struct {
	app *app.App
	log *slog.Logger
	mux *http.ServeMux
	// patterns holds every pattern registered on mux, in order; the tests
	// compare it with the OpenAPI document.
	patterns []string
	doc      []byte // the OpenAPI document, encoded once
}

// New builds the API on a's services. Its routes are registered with full
// paths ("GET /api/v1/communities"), so the request's Pattern names the
// route in the web layer's metrics.
func New(a *app.App, log *slog.Logger) (http.Handler, error) {
	h := &handler{app: a, log: log, mux: http.NewServeMux()}
	routes := h.routes()
	doc, err := openAPI(routes)
	if err != nil {
		return nil, fmt.Errorf("api: OpenAPI document: %w", err)
	}
	h.doc = doc
	for _, rt := range routes {
		if err := h.handle(rt.Method+" "+rt.Path, h.serve(rt)); err != nil {
			return nil, err
		}
	}
	if err := h.handle(prefix, http.HandlerFunc(h.unmatched)); err != nil {
		return nil, err
	}
	return h, nil
}

// handle is the only place a pattern reaches the mux. ServeMux panics on a
// conflicting or malformed pattern; New reports it as an error instead.
func (h *handler) handle(pattern string, hd http.Handler) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("api: register %q: %v", pattern, p)
		}
	}()
	h.mux.Handle(pattern, hd)
	h.patterns = append(h.patterns, pattern)
	return nil
}

// ServeHTTP hands the request to the mux unchanged, so the mux's Pattern
// is set on the very request the web layer's metrics read.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mux.ServeHTTP(w, r)
}

// serve turns a route into its http.Handler: the sign-in check the table
// asks for, then the route's call.
func (h *handler) serve(rt route) http.Handler {
	status := rt.successStatus()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.Auth == signedIn && web.UserFrom(r.Context()).ID == 0 {
			h.fail(w, r, errs.E(errs.Unauthorized, "Sign in first: send “Authorization: Bearer <token>” with a personal API token."))
			return
		}
		// URL.Query drops what it cannot parse; a strict API refuses it.
		if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
			h.fail(w, r, badRequest("", "The query string is malformed: %v. Escape it as a URL query (application/x-www-form-urlencoded).", err))
			return
		}
		rt.Call.serve(h, w, r, status)
	})
}

// unmatched answers what no route matched, in the API's error shape: 405
// with an Allow header when the path exists with other methods, else 404.
// (ServeMux's own 404 and 405 are plain text; the fallback on prefix takes
// every request no route matched, so they never reach the client.)
func (h *handler) unmatched(w http.ResponseWriter, r *http.Request) {
	var allow []string
	// Probe the mux with each method the API may answer.
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host, Header: http.Header{}}
		if _, pattern := h.mux.Handler(probe); pattern != "" && pattern != prefix {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		h.fail(w, r, &requestError{status: http.StatusMethodNotAllowed, code: "method_not_allowed",
			message: fmt.Sprintf("%s is not allowed on %s; use %s.", r.Method, r.URL.Path, strings.Join(allow, ", "))})
		return
	}
	h.fail(w, r, &requestError{status: http.StatusNotFound, code: errs.NotFound.String(),
		message: "There is no API endpoint at this address. Every endpoint is listed in " + prefix + "openapi.json."})
}

// requestError is a problem with the HTTP request itself (its JSON, its
// media type, its size, its query parameters), found before any area is
// called. Areas' errors are *errs.Error; both are answered by fail.
type requestError struct {
	status  int
	code    string
	field   string
	message string
}

func (e *requestError) Error() string {
	if e.field != "" {
		return e.field + ": " + e.message
	}
	return e.message
}

// badRequest reports a malformed request (400), naming the field at fault.
func badRequest(field, format string, args ...any) error {
	return &requestError{status: http.StatusBadRequest, code: "bad_request", field: field, message: fmt.Sprintf(format, args...)}
}

// apiField maps the few field names the areas use that the API spells
// differently, so an error points at the field the client actually sent.
func apiField(field string) string {
	switch field {
	case "accept_coc":
		return "accept_code_of_conduct"
	}
	return field
}

// fail is the one place where an error becomes an API response: a
// requestError keeps its status; an area's error gets its status from
// errs.HTTPStatus and its safe message from errs.Public. Internal causes go
// to the log, never to the client.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	var re *requestError
	if errors.As(err, &re) {
		web.WriteJSONError(w, re.status, re.code, re.field, re.message)
		return
	}
	status := errs.HTTPStatus(err)
	kind, field, msg := errs.Public(err)
	if status >= http.StatusInternalServerError {
		h.log.ErrorContext(r.Context(), "api: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	web.WriteJSONError(w, status, kind.String(), apiField(field), msg)
}

// writeJSON encodes v before writing anything, so an encoding failure is a
// clean 500 rather than half a body.
func (h *handler) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		h.fail(w, r, fmt.Errorf("api: encode %T: %w", v, err))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
