package resolvers

import (
	"errors"

	"github.com/kiezgraph/kiezgraph/domain"
)

// validator collects every problem of an input the domain has no value
// for (locations), so that a client learns of all its bad fields at
// once. Records and updates have theirs in domain (domain.Prepare).
type validator struct{ err error }

func (v *validator) fail(field, format string, args ...any) {
	v.check(domain.Invalid(field, format, args...))
}

// check keeps err (nil for none) beside the earlier ones.
func (v *validator) check(err error) {
	if err != nil {
		v.err = errors.Join(v.err, err)
	}
}

// text checks an optional one-line free text (domain.CheckText) and
// returns it trimmed, nil when empty.
func (v *validator) text(field string, s *string) *string {
	v.check(domain.CheckText(field, s))
	return domain.Trimmed(s)
}
