package api

import (
	"net/http"
	"slices"
)

// Mux exposes the mux inside the handler New returns, and the patterns
// registered on it, so the tests can walk the mux on their own and compare
// it with the OpenAPI document.
func Mux(h http.Handler) (*http.ServeMux, []string) {
	x := h.(*handler)
	return x.mux, slices.Clone(x.patterns)
}
