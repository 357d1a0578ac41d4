// Package errs gives every layer one small vocabulary of failure kinds.
//
// Areas return errors built here (or wrap them with %w); the web and API
// layers map a Kind to an HTTP status in exactly one place and show the
// user Message, never the wrapped cause, which only reaches the log.
package errs

import (
	"errors"
	"fmt"
)

// Kind classifies an error for the client.
type Kind int

// The kinds of failure a client can be told about.
const (
	Internal     Kind = iota // a fault of ours; the client sees a generic message
	Invalid                  // the input is wrong; Field names which part
	NotFound                 // no such thing, or the caller may not know it exists
	Forbidden                // the caller is known but may not do this
	Unauthorized             // the caller must sign in first
	Conflict                 // the request clashes with the current state
	TooMany                  // rate limited
)

// String names the kind as the JSON API spells it.
func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid"
	case NotFound:
		return "not_found"
	case Forbidden:
		return "forbidden"
	case Unauthorized:
		return "unauthorized"
	case Conflict:
		return "conflict"
	case TooMany:
		return "too_many_requests"
	default:
		return "internal"
	}
}

// Error is an error a client may be shown.
type Error struct {
	Kind    Kind
	Field   string // the input field at fault, for Invalid; may be empty
	Message string // safe to show to the user
	Err     error  // the cause, for the log only
}

func (e *Error) Error() string {
	msg := e.Message
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Err != nil {
		return msg + ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an Error of kind k with a printf-style message.
func E(k Kind, format string, args ...any) error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// Field reports that input field name is invalid, with a message for a person.
func Field(name, message string) error {
	return &Error{Kind: Invalid, Field: name, Message: message}
}

// Wrap attaches kind and a user-facing message to cause.
func Wrap(k Kind, cause error, message string) error {
	return &Error{Kind: k, Message: message, Err: cause}
}

// As returns the first *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// KindOf reports the kind of err; errors that are not *Error are Internal.
func KindOf(err error) Kind {
	if e, ok := As(err); ok {
		return e.Kind
	}
	return Internal
}

// Is reports whether err is an *Error of kind k.
func Is(err error, k Kind) bool {
	e, ok := As(err)
	return ok && e.Kind == k
}

// Fields collects several field errors so a form can show each next to
// its field at once, instead of one per submit.
type Fields []*Error

// Add records a problem with field name.
func (f *Fields) Add(name, message string) {
	*f = append(*f, &Error{Kind: Invalid, Field: name, Message: message})
}

// Err returns nil when nothing was added, else an error carrying them all.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &FieldsError{List: f}
}

// FieldsError is returned by Fields.Err. It unwraps to its first field error
// so KindOf and As see an Invalid error.
type FieldsError struct{ List Fields }

func (e *FieldsError) Error() string {
	return e.List[0].Error()
}

func (e *FieldsError) Unwrap() error { return e.List[0] }

// ByField maps each field to its first message, for re-rendering a form.
func ByField(err error) map[string]string {
	out := map[string]string{}
	var fe *FieldsError
	if errors.As(err, &fe) {
		for _, e := range fe.List {
			if _, seen := out[e.Field]; !seen {
				out[e.Field] = e.Message
			}
		}
		return out
	}
	if e, ok := As(err); ok && e.Kind == Invalid && e.Field != "" {
		out[e.Field] = e.Message
	}
	return out
}

// HTTPStatus is the one place where a kind becomes an HTTP status.
func HTTPStatus(err error) int {
	switch KindOf(err) {
	case Invalid:
		return 422
	case NotFound:
		return 404
	case Forbidden:
		return 403
	case Unauthorized:
		return 401
	case Conflict:
		return 409
	case TooMany:
		return 429
	default:
		return 500
	}
}

// Public returns what a client may be told about err: its kind, the field
// at fault and a message. Internal errors get a generic message; their
// cause belongs in the log.
func Public(err error) (kind Kind, field, message string) {
	e, ok := As(err)
	if !ok || e.Kind == Internal {
		return Internal, "", "Something went wrong on our side. It has been logged; please try again."
	}
	return e.Kind, e.Field, e.Message
}
