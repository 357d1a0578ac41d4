package errs_test

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"testing"

	"cultivate/internal/errs"
)

const generic = "Something went wrong on our side. It has been logged; please try again."

func fields(add ...[2]string) error {
	var f errs.Fields
	for _, a := range add {
		f.Add(a[0], a[1])
	}
	return f.Err()
}

// TestKindsMapToStatusAndPublicMessage protects the one place where an
// error becomes what a client sees: the HTTP status, the kind, the field
// and a message that never carries the wrapped cause.
func TestKindsMapToStatusAndPublicMessage(t *testing.T) {
	secret := errors.New("pq: password authentication failed for user root at 10.0.0.7")
	tests := []struct {
		name      string
		err       error
		status    int
		kind      errs.Kind
		field     string
		message   string
		kindName  string
		byField   map[string]string
		isInvalid bool
	}{
		{
			name: "plain error is internal with a generic message", err: secret,
			status: http.StatusInternalServerError, kind: errs.Internal, message: generic, kindName: "internal", byField: map[string]string{},
		},
		{
			name: "internal kind hides its own message", err: errs.E(errs.Internal, "table users is corrupt"),
			status: 500, kind: errs.Internal, message: generic, kindName: "internal", byField: map[string]string{},
		},
		{
			name: "invalid field", err: errs.Field("email", "Enter an email."),
			status: http.StatusUnprocessableEntity, kind: errs.Invalid, field: "email", message: "Enter an email.", kindName: "invalid",
			byField: map[string]string{"email": "Enter an email."}, isInvalid: true,
		},
		{
			name: "invalid without field", err: errs.E(errs.Invalid, "The form could not be read."),
			status: 422, kind: errs.Invalid, message: "The form could not be read.", kindName: "invalid", byField: map[string]string{}, isInvalid: true,
		},
		{
			name: "not found wraps a cause that stays private", err: errs.Wrap(errs.NotFound, secret, "No such user."),
			status: http.StatusNotFound, kind: errs.NotFound, message: "No such user.", kindName: "not_found", byField: map[string]string{},
		},
		{
			name: "forbidden", err: errs.E(errs.Forbidden, "Only the leader can do %s.", "that"),
			status: http.StatusForbidden, kind: errs.Forbidden, message: "Only the leader can do that.", kindName: "forbidden", byField: map[string]string{},
		},
		{
			name: "unauthorized", err: errs.E(errs.Unauthorized, "Please log in."),
			status: http.StatusUnauthorized, kind: errs.Unauthorized, message: "Please log in.", kindName: "unauthorized", byField: map[string]string{},
		},
		{
			name: "conflict", err: errs.E(errs.Conflict, "Already a member."),
			status: http.StatusConflict, kind: errs.Conflict, message: "Already a member.", kindName: "conflict", byField: map[string]string{},
		},
		{
			name: "too many", err: errs.E(errs.TooMany, "Slow down."),
			status: http.StatusTooManyRequests, kind: errs.TooMany, message: "Slow down.", kindName: "too_many_requests", byField: map[string]string{},
		},
		{
			name: "kind survives wrapping with %w", err: fmt.Errorf("account: create token: %w", errs.E(errs.Conflict, "Too many tokens.")),
			status: 409, kind: errs.Conflict, message: "Too many tokens.", kindName: "conflict", byField: map[string]string{},
		},
		{
			name:   "several fields: first message per field, kind invalid",
			err:    fields([2]string{"name", "Name is required."}, [2]string{"email", "Enter an email."}, [2]string{"name", "second name problem"}),
			status: 422, kind: errs.Invalid, field: "name", message: "Name is required.", kindName: "invalid",
			byField: map[string]string{"name": "Name is required.", "email": "Enter an email."}, isInvalid: true,
		},
		{
			name:   "several fields wrapped with %w",
			err:    fmt.Errorf("community: create: %w", fields([2]string{"slug", "Taken."}, [2]string{"visibility", "Choose."})),
			status: 422, kind: errs.Invalid, field: "slug", message: "Taken.", kindName: "invalid",
			byField: map[string]string{"slug": "Taken.", "visibility": "Choose."}, isInvalid: true,
		},
		{
			name: "nil", err: nil, status: 500, kind: errs.Internal, message: generic, kindName: "internal", byField: map[string]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errs.HTTPStatus(tt.err); got != tt.status {
				t.Errorf("HTTPStatus = %d, want %d", got, tt.status)
			}
			if got := errs.KindOf(tt.err); got != tt.kind {
				t.Errorf("KindOf = %v, want %v", got, tt.kind)
			}
			if got := errs.KindOf(tt.err).String(); got != tt.kindName {
				t.Errorf("Kind.String = %q, want %q", got, tt.kindName)
			}
			if got := errs.Is(tt.err, errs.Invalid); got != tt.isInvalid {
				t.Errorf("Is(Invalid) = %v, want %v", got, tt.isInvalid)
			}
			kind, field, msg := errs.Public(tt.err)
			if kind != tt.kind || field != tt.field || msg != tt.message {
				t.Errorf("Public = (%v, %q, %q), want (%v, %q, %q)", kind, field, msg, tt.kind, tt.field, tt.message)
			}
			if strings.Contains(msg, "10.0.0.7") {
				t.Errorf("Public message leaks the cause: %q", msg)
			}
			if got := errs.ByField(tt.err); !maps.Equal(got, tt.byField) {
				t.Errorf("ByField = %v, want %v", got, tt.byField)
			}
		})
	}
}

// TestWrappedCauseReachesTheLogOnly: the cause is kept for errors.Is and
// the log line, but not for the client.
func TestWrappedCauseReachesTheLogOnly(t *testing.T) {
	cause := errors.New("sql: no rows in result set")
	err := errs.Wrap(errs.NotFound, cause, "No such community.")
	if !errors.Is(err, cause) {
		t.Error("errors.Is does not reach the cause")
	}
	if got, want := err.Error(), "No such community.: sql: no rows in result set"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if _, _, msg := errs.Public(err); strings.Contains(msg, "sql") {
		t.Errorf("Public message %q contains the cause", msg)
	}
	if got, want := errs.Field("email", "Taken.").Error(), "email: Taken."; got != want {
		t.Errorf("field error Error() = %q, want %q", got, want)
	}
}

// TestEmptyFieldsIsNoError: a form with nothing wrong must not fail.
func TestEmptyFieldsIsNoError(t *testing.T) {
	var f errs.Fields
	if err := f.Err(); err != nil {
		t.Fatalf("empty Fields.Err() = %v, want nil", err)
	}
}
