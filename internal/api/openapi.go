package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// The OpenAPI 3.1 document is built once, in New, from the route table and
// from the Go types the routes decode and encode. Nothing in it is written
// by hand twice: a route's path, method, parameters, body and answers come
// from its table entry, and every schema from its Go type (schemaNames).

// openAPI builds the document for routes.
func openAPI(routes []route) ([]byte, error) {
	s := newSchemas()
	if _, err := s.ref(reflect.TypeFor[errorBody]()); err != nil {
		return nil, err
	}
	paths := map[string]map[string]any{}
	shared := map[string]any{}
	ids := map[string]bool{}
	var tags []any
	seenTag := map[string]bool{}
	for _, rt := range routes {
		if !strings.HasPrefix(rt.Path, prefix) {
			return nil, fmt.Errorf("route %s %s is outside %s", rt.Method, rt.Path, prefix)
		}
		if rt.ID == "" || ids[rt.ID] {
			return nil, fmt.Errorf("route %s %s: operation id %q is empty or used twice", rt.Method, rt.Path, rt.ID)
		}
		ids[rt.ID] = true
		op, err := operation(s, rt, shared)
		if err != nil {
			return nil, fmt.Errorf("route %s %s: %w", rt.Method, rt.Path, err)
		}
		if paths[rt.Path] == nil {
			paths[rt.Path] = map[string]any{}
		}
		m := strings.ToLower(rt.Method)
		if _, dup := paths[rt.Path][m]; dup {
			return nil, fmt.Errorf("route %s %s is in the table twice", rt.Method, rt.Path)
		}
		paths[rt.Path][m] = op
		if !seenTag[rt.Tag] {
			seenTag[rt.Tag] = true
			tags = append(tags, map[string]any{"name": rt.Tag})
		}
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "cultivate API",
			"version": "1",
			"description": "The JSON API of cultivate, a platform for communities of practice. " +
				"Authenticate with a personal API token (create one in your profile, or with POST /api/v1/me/tokens) " +
				"sent as “Authorization: Bearer cvt_…”. Lists are paged with an opaque cursor: pass a page's next_cursor " +
				"as the cursor parameter to get the next one. Every error has the shape {\"error\": {\"code\", \"message\", \"field\"}}. " +
				"What people write (requests, replies, artefacts) comes back as the Markdown they wrote, never as HTML: render it with a " +
				"sanitizing Markdown renderer. The only HTML the API returns is in search results (title_html, snippet_html): escaped text " +
				"with <mark> around the matched words.",
		},
		"servers": []any{map[string]any{"url": "/", "description": "This instance"}},
		// Most routes answer anonymous callers too; those that need a
		// signed-in caller say so in their own security.
		"security": []any{map[string]any{}, map[string]any{"bearer": []any{}}, map[string]any{"cookie": []any{}}},
		"tags":     tags,
		"paths":    paths,
		"components": map[string]any{
			"schemas":    s.defs,
			"parameters": shared,
			"responses":  errorResponses(),
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer", "bearerFormat": "cvt_…",
					"description": "A personal API token. A token that is unknown or revoked is refused with 401."},
				"cookie": map[string]any{"type": "apiKey", "in": "cookie", "name": "cultivate_session",
					"description": "The browser's session, as the web pages use it (named __Host-cultivate_session over HTTPS). " +
						"Unsafe methods from another origin are refused with 403."},
			},
		},
	}
	return json.MarshalIndent(doc, "", "  ")
}

// operation documents one route.
func operation(s *schemas, rt route, shared map[string]any) (map[string]any, error) {
	op := map[string]any{"operationId": rt.ID, "summary": rt.Summary, "tags": []any{rt.Tag}}
	statuses := map[int]bool{}
	for _, st := range rt.Errors {
		statuses[st] = true
	}
	if rt.Auth == signedIn {
		op["security"] = []any{map[string]any{"bearer": []any{}}, map[string]any{"cookie": []any{}}}
		statuses[http.StatusUnauthorized] = true
	}

	var params []any
	for _, name := range pathParams(rt.Path) {
		p, ok := pathParamDoc(name)
		if !ok {
			return nil, fmt.Errorf("path value {%s} is not documented in pathParamDoc", name)
		}
		params = append(params, p)
		statuses[http.StatusNotFound] = true
	}
	for _, q := range rt.Query {
		doc := map[string]any{"name": q.Name, "in": "query", "required": q.Required, "description": q.Description, "schema": q.Schema}
		if q.Shared {
			shared[q.Name] = doc
			params = append(params, map[string]any{"$ref": "#/components/parameters/" + q.Name})
		} else {
			params = append(params, doc)
		}
		statuses[http.StatusBadRequest] = true
	}
	if len(params) > 0 {
		op["parameters"] = params
	}

	if rt.Call.in != nil {
		ref, err := s.ref(rt.Call.in)
		if err != nil {
			return nil, err
		}
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": ref}}}
		for _, st := range []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity} {
			statuses[st] = true
		}
	}

	responses := map[string]any{}
	status := rt.successStatus()
	switch {
	case rt.Call.raw != nil:
		responses[strconv.Itoa(status)] = map[string]any{"description": http.StatusText(status),
			"content": map[string]any{"application/json": map[string]any{"schema": rt.Call.raw}}}
	case rt.Call.out == nil:
		responses[strconv.Itoa(status)] = map[string]any{"description": "Done; there is nothing to return."}
	default:
		ref, err := s.ref(rt.Call.out)
		if err != nil {
			return nil, err
		}
		responses[strconv.Itoa(status)] = map[string]any{"description": http.StatusText(status),
			"content": map[string]any{"application/json": map[string]any{"schema": ref}}}
	}
	known := errorResponses()
	for st := range statuses {
		name := errorResponseName(st)
		if _, ok := known[name]; !ok {
			return nil, fmt.Errorf("no documented error response for status %d", st)
		}
		responses[strconv.Itoa(st)] = map[string]any{"$ref": "#/components/responses/" + name}
	}
	responses["default"] = map[string]any{"$ref": "#/components/responses/" + errorResponseName(http.StatusInternalServerError)}
	op["responses"] = responses
	return op, nil
}

// errorResponseName is the component name of the error response for status.
func errorResponseName(status int) string {
	return strings.ReplaceAll(http.StatusText(status), " ", "")
}

// errorResponses documents every error status the API answers with.
func errorResponses() map[string]any {
	out := map[string]any{}
	for status, desc := range map[int]string{
		http.StatusBadRequest:            "The request is malformed: not JSON, a wrong type, an unknown field, invalid UTF-8, a bad cursor or limit. The field says which.",
		http.StatusUnauthorized:          "Sign in first, or the token is unknown or revoked.",
		http.StatusForbidden:             "The caller may not do this, or a browser request came from another site.",
		http.StatusNotFound:              "No such thing, or it is private and the caller is not a member.",
		http.StatusConflict:              "The request clashes with the current state, such as joining twice, replying to a locked request, or editing from a revision someone has since replaced.",
		http.StatusRequestEntityTooLarge: "The request body is too large.",
		http.StatusUnsupportedMediaType:  "The body is not sent as application/json.",
		http.StatusUnprocessableEntity:   "The input breaks a rule, such as a taken email or a weak password. The field says which.",
		http.StatusTooManyRequests:       "Too many attempts; wait and try again.",
		http.StatusInternalServerError:   "Something went wrong on the server; it has been logged.",
	} {
		out[errorResponseName(status)] = map[string]any{"description": desc,
			"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	}
	return out
}

// pathParams lists the {name} path values of a route's path, in order.
func pathParams(path string) []string {
	var out []string
	for seg := range strings.SplitSeq(path, "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			out = append(out, strings.TrimSuffix(name, "}"))
		}
	}
	return out
}

// pathParamDoc documents a path value by its name; the same name means the
// same thing on every route.
func pathParamDoc(name string) (map[string]any, bool) {
	p := func(desc string, schema map[string]any) map[string]any {
		return map[string]any{"name": name, "in": "path", "required": true, "description": desc, "schema": schema}
	}
	id := map[string]any{"type": "integer", "format": "int64", "minimum": 1}
	switch name {
	case "slug":
		return p("The community's web address.", map[string]any{"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*[a-z0-9]$"}), true
	case "id":
		return p("The id of the resource.", id), true
	case "user_id":
		return p("The member's user id.", id), true
	case "reply_id":
		return p("The id of a reply or a comment.", id), true
	case "card": // retrospectives (issue 5)
		return p("The id of a card of the retrospective.", id), true
	case "action": // retrospectives (issue 5)
		return p("The id of an action of the retrospective.", id), true
	case "section": // the vision canvas (issue 5)
		return p("A canvas section's key.", map[string]any{"type": "string", "enum": []any{"vision", "how", "impact", "resources", "forces", "name", "leader"}}), true
	case "note": // workshops (issue 5)
		return p("The id of a note of the workshop.", id), true
	}
	return nil, false
}

// schemaName names a Go type's schema; request types refuse undeclared
// fields (additionalProperties: false), as the decoder does.
type schemaName struct {
	name    string
	typ     reflect.Type
	request bool
}

// schemas derives JSON Schemas from Go types by reflection, following
// encoding/json's rules: the json tag names a field; omitempty makes it
// optional; a pointer without omitempty may be null; embedded structs are
// flattened. The doc, enum and format tags add description, enum and
// format.
type schemas struct {
	names map[reflect.Type]schemaName
	defs  map[string]any
}

func newSchemas() *schemas {
	s := &schemas{names: map[reflect.Type]schemaName{}, defs: map[string]any{}}
	for _, n := range schemaNames() {
		s.names[n.typ] = n
	}
	return s
}

// ref returns a reference to t's schema, defining it on first use. Every
// struct the API encodes or decodes must be named in schemaNames.
func (s *schemas) ref(t reflect.Type) (map[string]any, error) {
	n, ok := s.names[t]
	if !ok {
		return nil, fmt.Errorf("type %v has no schema name; add it to schemaNames", t)
	}
	if _, done := s.defs[n.name]; !done {
		s.defs[n.name] = nil // reserve the name while t's fields are derived
		props := map[string]any{}
		var required []any
		if err := s.fields(t, props, &required); err != nil {
			return nil, fmt.Errorf("schema %s: %w", n.name, err)
		}
		def := map[string]any{"type": "object", "properties": props}
		if len(required) > 0 {
			def["required"] = required
		}
		if n.request {
			def["additionalProperties"] = false
		}
		s.defs[n.name] = def
	}
	return map[string]any{"$ref": "#/components/schemas/" + n.name}, nil
}

func (s *schemas) fields(t reflect.Type, props map[string]any, required *[]any) error {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
			if err := s.fields(f.Type, props, required); err != nil {
				return err
			}
			continue
		}
		name := jsonName(f)
		if name == "" {
			continue
		}
		_, opts, _ := strings.Cut(tag, ",")
		optional := strings.Contains(opts, "omitempty")
		sch, err := s.schema(f.Type, !optional)
		if err != nil {
			return fmt.Errorf("field %s: %w", f.Name, err)
		}
		if d := f.Tag.Get("doc"); d != "" {
			sch["description"] = d
		}
		if e := f.Tag.Get("enum"); e != "" {
			var values []any
			for v := range strings.SplitSeq(e, ",") {
				values = append(values, v)
			}
			if f.Type.Kind() == reflect.Pointer && !optional {
				values = append(values, nil)
			}
			sch["enum"] = values
		}
		if fm := f.Tag.Get("format"); fm != "" {
			sch["format"] = fm
		}
		props[name] = sch
		if !optional {
			*required = append(*required, name)
		}
	}
	return nil
}

// schema describes a value of type t. A pointer is nullable when nullable
// is set (a field always present, null when absent).
func (s *schemas) schema(t reflect.Type, nullable bool) (map[string]any, error) {
	if t.Kind() == reflect.Pointer {
		inner, err := s.schema(t.Elem(), false)
		if err != nil || !nullable {
			return inner, err
		}
		if typ, ok := inner["type"].(string); ok {
			inner["type"] = []any{typ, "null"}
			return inner, nil
		}
		return map[string]any{"anyOf": []any{inner, map[string]any{"type": "null"}}}, nil
	}
	if t == reflect.TypeFor[time.Time]() {
		return map[string]any{"type": "string", "format": "date-time"}, nil
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}, nil
	case reflect.Bool:
		return map[string]any{"type": "boolean"}, nil
	case reflect.Int, reflect.Int32:
		return map[string]any{"type": "integer"}, nil
	case reflect.Int64:
		return map[string]any{"type": "integer", "format": "int64"}, nil
	case reflect.Float64:
		return map[string]any{"type": "number"}, nil
	case reflect.Slice:
		items, err := s.schema(t.Elem(), false)
		if err != nil {
			return nil, err
		}
		return map[string]any{"type": "array", "items": items}, nil
	case reflect.Map:
		if t.Key().Kind() == reflect.String && t.Elem().Kind() == reflect.Interface {
			return map[string]any{"type": "object", "additionalProperties": true}, nil
		}
	case reflect.Struct:
		return s.ref(t)
	}
	return nil, fmt.Errorf("no JSON Schema for Go type %v", t)
}
