package domain

import (
	"errors"
	"strings"
)

// How records and updates enter: every entity has one Normalize and one
// Validate for a new record and for its update, in the entity's own file
// (actor.go, service.go, …). The API, imports (command line,
// importFiles, HSDS) and dataset loads reach them alike: the store
// prepares every record and update it writes (Prepare). The one rule
// only the API applies is Service.CheckLinks.

// Input is a value on its way into the store: a new record or an
// update.
type Input interface {
	// Normalize trims the texts.
	Normalize()
	// Validate reports every bad field at once.
	Validate() error
}

// Prepare normalizes and validates a new record or an update (pass a
// pointer). The store calls it for every write, whoever writes; the API
// calls it first where it does more work before the write.
func Prepare(in Input) error {
	in.Normalize()
	return in.Validate()
}

// Nested moves the field errors of err under prefix, for a record that
// arrives inside another's input: with prefix "input.role",
// "input.title" becomes "input.role.title". Other errors are kept.
func Nested(prefix string, err error) error {
	fes := FieldErrors(err)
	if len(fes) == 0 {
		return err
	}
	out := make([]error, len(fes))
	for i, fe := range fes {
		out[i] = &FieldError{Field: prefix + strings.TrimPrefix(fe.Field, "input"), Message: fe.Message}
	}
	return errors.Join(out...)
}

func (m *Meta) normalize() {
	m.ExternalKey, m.Source = Trimmed(m.ExternalKey), Trimmed(m.Source)
}

// checkStatus refuses a status that is not one (empty is active).
func (m Meta) checkStatus() error {
	if m.Status == "" {
		return nil
	}
	return CheckEnum("input.status", m.Status)
}

// atLeastOne requires a list of ids to hold one.
func atLeastOne(field string, ids []string) error {
	if len(ids) == 0 {
		return Invalid(field, "needs at least one id")
	}
	return nil
}
