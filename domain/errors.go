package domain

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every layer wraps them with %w and context; the GraphQL
// error presenter maps each to one stable extensions.code.
var (
	// ErrNotFound: the record does not exist (or the caller may not see it).
	ErrNotFound = errors.New("not found")
	// ErrConflict: the write would break identity (a duplicate id or
	// external key) or a referential rule.
	ErrConflict = errors.New("conflict")
	// ErrInvalid: the input is malformed or breaks a validation rule.
	ErrInvalid = errors.New("invalid input")
	// ErrUnavailable: the database cannot be reached right now; retrying
	// later may succeed.
	ErrUnavailable = errors.New("database unavailable")
	// ErrForbidden: the caller is known but may not do this (a write
	// outside their districts, an admin-only field). Reads the caller may
	// not see are ErrNotFound or simply absent, never ErrForbidden.
	ErrForbidden = errors.New("forbidden")
	// ErrUnauthenticated: credentials are missing where they are required,
	// or invalid, expired or unknown.
	ErrUnauthenticated = errors.New("unauthenticated")
)

// Hinted is an error with advice on what to ask instead (a cheaper
// question that answers in time). The error presenter keeps the code
// and message it gives Err and adds the hint to the message and as
// extensions.hint; only for timeouts (context.DeadlineExceeded) so far.
type Hinted struct {
	Err  error
	Hint string
}

// Error implements error.
func (e *Hinted) Error() string { return e.Err.Error() + "; " + e.Hint }

// Unwrap makes errors.Is see Err.
func (e *Hinted) Unwrap() error { return e.Err }

// FieldError is an ErrInvalid about one input field; Field is the input
// path as a client wrote it (e.g. "input.validTo").
type FieldError struct {
	Field   string
	Message string
}

// Error implements error.
func (e *FieldError) Error() string { return fmt.Sprintf("%s: %s", e.Field, e.Message) }

// Unwrap makes errors.Is(err, ErrInvalid) hold.
func (e *FieldError) Unwrap() error { return ErrInvalid }

// Invalid returns a *FieldError for field.
func Invalid(field, format string, args ...any) error {
	return &FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// FieldErrors returns every *FieldError in err's tree (errors.Join keeps
// several), in order; nil when there is none.
func FieldErrors(err error) []*FieldError {
	var out []*FieldError
	var walk func(error)
	walk = func(e error) {
		switch x := e.(type) {
		case nil:
		case *FieldError:
			out = append(out, x)
		case interface{ Unwrap() []error }:
			for _, c := range x.Unwrap() {
				walk(c)
			}
		case interface{ Unwrap() error }:
			walk(x.Unwrap())
		}
	}
	walk(err)
	return out
}
