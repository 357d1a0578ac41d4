package api

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"cultivate/internal/errs"
)

// maxBody bounds a request body. The largest field any endpoint takes is
// an artefact's body of 50,000 characters, which JSON escaping can make
// six times as long (300,000 bytes); 512 KiB leaves room and still stops a
// client from making the server buffer much (the web layer's own bound is
// 1 MiB).
const maxBody = 512 << 10

// decodeBody reads r's body into dst, strictly: the media type must be
// JSON, the body valid UTF-8 and a single JSON object whose every field dst
// declares exactly once, with values of the right types.
func decodeBody(w http.ResponseWriter, r *http.Request, dst any) error {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return &requestError{status: http.StatusUnsupportedMediaType, code: "unsupported_media_type",
			message: "Send the request body as JSON, with the header “Content-Type: application/json”."}
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return &requestError{status: http.StatusUnsupportedMediaType, code: "unsupported_media_type",
			message: "Send JSON in UTF-8 (charset=utf-8), not " + cs + "."}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return &requestError{status: http.StatusRequestEntityTooLarge, code: "too_large",
				message: fmt.Sprintf("The request body is larger than the %d KiB allowed.", tooLarge.Limit>>10)}
		}
		return badRequest("", "The request body could not be read.")
	}
	return decodeJSON(body, dst)
}

// decodeJSON is decodeBody once the bytes are in hand.
func decodeJSON(body []byte, dst any) error {
	keys, err := scanObject(body)
	if err != nil {
		return err
	}
	// encoding/json matches field names case-insensitively and keeps the
	// last of duplicated keys; a strict API matches them exactly, once.
	fields := jsonFields(reflect.TypeOf(dst).Elem())
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k] {
			return badRequest(k, "The field “%s” appears more than once.", k)
		}
		seen[k] = true
		if !fields[k] {
			return badRequest(k, "Unknown field “%s”. This endpoint takes: %s.", k, strings.Join(fieldList(reflect.TypeOf(dst).Elem()), ", "))
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			field, _, _ := strings.Cut(typeErr.Field, ".")
			return badRequest(field, "The field “%s” must be %s, not %s.", field, jsonKind(typeErr.Type), typeErr.Value)
		}
		return badRequest("", "The request body is not valid JSON: %v.", err)
	}
	return nil
}

// scanObject walks body's JSON tokens and returns the keys of its top-level
// object. It checks what encoding/json would let through silently: invalid
// UTF-8 (which it replaces with U+FFFD), a value that is not an object, and
// anything after the object. Its errors name the top-level field at fault.
func scanObject(body []byte) ([]string, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, badRequest("", "The request body is empty; send a JSON object.")
	}
	notObject := badRequest("", `The request body must be one JSON object, like {"name": "…"}.`)
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var (
		keys    []string
		key     string // the top-level field being read
		depth   int
		wantKey bool // at depth 1, the next token is a key
		closed  bool // the top-level object has ended
		prev    int64
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if !closed {
				return nil, badRequest(key, "The JSON ends before its object is closed.")
			}
			return keys, nil
		}
		if err != nil {
			var syn *json.SyntaxError
			if errors.As(err, &syn) {
				return nil, badRequest(key, "The request body is not valid JSON at byte %d: %s.", syn.Offset, strings.TrimPrefix(syn.Error(), "json: "))
			}
			return nil, badRequest(key, "The request body is not valid JSON: %s.", strings.TrimPrefix(err.Error(), "json: "))
		}
		if closed {
			return nil, notObject
		}
		s, isString := tok.(string)
		isKey := depth == 1 && wantKey && isString
		off := dec.InputOffset()
		if !utf8.Valid(body[prev:off]) {
			if isKey || key == "" {
				return nil, badRequest("", "The request body is not valid UTF-8 text.")
			}
			return nil, badRequest(key, "The field “%s” is not valid UTF-8 text.", key)
		}
		prev = off
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				if depth == 0 && d != '{' {
					return nil, notObject
				}
				depth++
				if depth == 1 {
					wantKey = true
				}
			case '}', ']':
				depth--
				switch depth {
				case 0:
					closed = true
				case 1:
					wantKey = true // a nested value ended; a key comes next
				}
			}
			continue
		}
		switch {
		case depth == 0:
			return nil, notObject
		case isKey:
			key, wantKey = s, false
			keys = append(keys, key)
		case depth == 1:
			wantKey = true
		}
	}
}

// jsonName is the name encoding/json gives struct field f, or "" when f is
// not encoded.
func jsonName(f reflect.StructField) string {
	tag := f.Tag.Get("json")
	if tag == "-" || !f.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	return name
}

// jsonFields is the set of JSON field names of struct type t.
func jsonFields(t reflect.Type) map[string]bool {
	out := map[string]bool{}
	for _, n := range fieldList(t) {
		out[n] = true
	}
	return out
}

// fieldList is the JSON field names of struct type t, in order.
func fieldList(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		if n := jsonName(t.Field(i)); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// jsonKind says in words what JSON a Go type takes.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return jsonKind(t.Elem())
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array of " + strings.TrimPrefix(strings.TrimPrefix(jsonKind(t.Elem()), "a "), "an ") + "s"
	}
	return "an object"
}

// Paging. Every list that can grow answers {"items": [...], "next_cursor":
// ...}. A cursor is the area's own cursor (a slug or an id) with the name of
// the list it belongs to, in URL-safe base64: opaque to clients, and a
// cursor from one list is refused by another.

const (
	defaultLimit = 20
	maxLimit     = 100
)

// page is one page of a list.
type page[T any] struct {
	Items      []T     `json:"items" doc:"This page's items, in the list's order."`
	NextCursor *string `json:"next_cursor" doc:"Pass as cursor to get the next page; null on the last page."`
}

// newPage builds a page from items (never null in JSON) and the area's
// cursor for the next page ("" at the end).
func newPage[T any](items []T, list, next string) page[T] {
	if items == nil {
		items = []T{}
	}
	p := page[T]{Items: items}
	if next != "" {
		c := base64.RawURLEncoding.EncodeToString([]byte(list + ":" + next))
		p.NextCursor = &c
	}
	return p
}

// newIDPage is newPage for lists whose cursor is an id (0 at the end).
func newIDPage[T any](items []T, list string, next int64) page[T] {
	if next == 0 {
		return newPage(items, list, "")
	}
	return newPage(items, list, strconv.FormatInt(next, 10))
}

// pageQuery reads the cursor (for the list named list) and limit query
// parameters; the cursor is "" on the first page.
func pageQuery(r *http.Request, list string) (cursor string, limit int, err error) {
	q := r.URL.Query()
	limit = defaultLimit
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			return "", 0, badRequest("limit", "Use a limit between 1 and %d.", maxLimit)
		}
		limit = n
	}
	raw := q.Get("cursor")
	if raw == "" {
		return "", limit, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(raw)
	rest, ok := strings.CutPrefix(string(b), list+":")
	if err != nil || !ok || rest == "" || !utf8.ValidString(rest) {
		return "", 0, badRequest("cursor", "This cursor is not one of this list's. Pass the next_cursor of the previous page unchanged, or leave it out for the first page.")
	}
	return rest, limit, nil
}

// idPageQuery is pageQuery for lists whose cursor is an id.
func idPageQuery(r *http.Request, list string) (cursor int64, limit int, err error) {
	s, limit, err := pageQuery(r, list)
	if err != nil || s == "" {
		return 0, limit, err
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, 0, badRequest("cursor", "This cursor is not one of this list's. Pass the next_cursor of the previous page unchanged, or leave it out for the first page.")
	}
	return id, limit, nil
}

// pathID reads a numeric path value. Anything else names no resource: 404,
// as for an id that does not exist.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "There is nothing at this address.")
	}
	return id, nil
}
