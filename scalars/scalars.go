// Package scalars marshals kiezgraph's custom GraphQL scalars. Date is a
// calendar day, carried in Go as a time.Time at midnight UTC.
package scalars

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kiezgraph/kiezgraph/domain"
)

// DateLayout is the wire form of a Date.
const DateLayout = "2006-01-02"

// MarshalDate writes t's calendar day as "YYYY-MM-DD".
func MarshalDate(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(t.Format(DateLayout)))
	})
}

// UnmarshalDate reads a "YYYY-MM-DD" string.
func UnmarshalDate(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, fmt.Errorf("%w: a Date must be a string like 2024-03-01, got %T", domain.ErrInvalid, v)
	}
	return ParseDate(s)
}

// ParseDate parses "YYYY-MM-DD" into midnight UTC.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %q is not a date of the form YYYY-MM-DD", domain.ErrInvalid, s)
	}
	return t, nil
}
