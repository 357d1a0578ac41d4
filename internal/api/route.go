package api

import (
	"net/http"
	"reflect"
)

// access says who may call a route.
type access int

const (
	// anyone may call the route; a signed-in caller may see more (the
	// private communities they belong to, for instance).
	anyone access = iota
	// signedIn routes answer 401 to anonymous callers.
	signedIn
)

// route is one line of the route table: everything the mux and the OpenAPI
// document need to know about an endpoint.
type route struct {
	Method  string // GET, POST, PUT, PATCH or DELETE
	Path    string // full path, with {name} for path values
	ID      string // the OpenAPI operationId
	Tag     string // groups operations in the document
	Summary string
	Auth    access
	// Status is the success status; 0 means 200, or 204 when the call
	// returns noContent.
	Status int
	Query  []param // query parameters the handler reads
	// Errors lists the error statuses particular to this route; those that
	// follow from the route's shape (401 when signed in, 400/413/415/422
	// with a body, 404 with path values, 400 with query parameters) are
	// added by the document.
	Errors []int
	Call   binding
}

// successStatus is the status a successful call answers with.
func (rt route) successStatus() int {
	switch {
	case rt.Status != 0:
		return rt.Status
	case rt.Call.out == nil && rt.Call.raw == nil:
		return http.StatusNoContent
	}
	return http.StatusOK
}

// param documents a query parameter.
type param struct {
	Name        string
	Description string
	Schema      map[string]any
	Required    bool
	// Shared parameters (cursor, limit) are documented once, under
	// components/parameters, and referenced.
	Shared bool
}

// noBody is the input of a route that takes no request body.
type noBody struct{}

// noContent is the output of a route that answers 204 No Content.
type noContent struct{}

// binding ties a route to its handler function, and records the Go types
// it decodes and encodes so the document describes exactly those.
type binding struct {
	in, out reflect.Type // nil for noBody / noContent
	raw     map[string]any
	serve   func(h *handler, w http.ResponseWriter, r *http.Request, status int)
}

// call binds fn: the request body, if In is not noBody, is decoded strictly
// into an In; fn's Out is encoded with the route's status, or 204 when Out
// is noContent; fn's error goes to fail.
func call[In, Out any](fn func(r *http.Request, in In) (Out, error)) binding {
	var b binding
	if t := reflect.TypeFor[In](); t != reflect.TypeFor[noBody]() {
		b.in = t
	}
	if t := reflect.TypeFor[Out](); t != reflect.TypeFor[noContent]() {
		b.out = t
	}
	b.serve = func(h *handler, w http.ResponseWriter, r *http.Request, status int) {
		var in In
		if b.in != nil {
			if err := decodeBody(w, r, &in); err != nil {
				h.fail(w, r, err)
				return
			}
		}
		out, err := fn(r, in)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if b.out == nil {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.writeJSON(w, r, status, out)
	}
	return b
}

// rawJSON binds a handler that writes a JSON body of its own, described in
// the document by schema.
func rawJSON(schema map[string]any, fn http.HandlerFunc) binding {
	return binding{raw: schema, serve: func(_ *handler, w http.ResponseWriter, r *http.Request, _ int) { fn(w, r) }}
}
