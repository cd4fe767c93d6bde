package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Creates are idempotent for a client that chose the id: a create whose
// answer was lost (a Neo4j restart, a cut connection) can be sent again
// blindly. Each created record keeps the fingerprint of the input that
// created it (createdWith, beside the data it fingerprints, so that it
// goes with the record and never into the audit trail); a create that
// conflicts on an id whose record was created with the same fingerprint
// by the same caller returns that record, as the caller may see it now.
// Any other conflict stays CONFLICT: another input under the same id,
// another caller, a duplicate external key.

// createdWithProp is the property holding a record's create fingerprint.
const createdWithProp = "createdWith"

// fingerprint is the SHA-256 of the JSON of a create's input, as the
// store received it (before it draws ids for those left out).
func fingerprint(input ...any) string {
	b, err := json.Marshal(input)
	if err != nil {
		// Domain values always marshal; a fingerprint that matches
		// nothing keeps a retry a CONFLICT.
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// created runs the create op of t as auditedTouching does and records
// fp on the record; when it conflicts, it returns the record that the
// same caller created with the same input, read by load, if there is
// one the caller may see.
func created[T any](ctx context.Context, s *Store, op string, t target, also []target, fp string,
	load func(*Store, context.Context, []string) (map[string]T, error), work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	out, err := auditedTouching(ctx, s, op, t, also, func(tx neo4j.ManagedTransaction) (T, error) {
		v, err := work(tx)
		if err != nil {
			return v, err
		}
		_, err = collect(ctx, tx, "MATCH "+t.match+" SET n."+createdWithProp+" = $fp", map[string]any{"id": t.id, "fp": fp})
		return v, err
	})
	if !errors.Is(err, domain.ErrConflict) || fp == "" {
		return out, err
	}
	same, lookErr := s.createdBefore(ctx, op, t, fp)
	if lookErr != nil || !same {
		return out, err
	}
	m, lookErr := load(s, ctx, []string{t.id})
	if v, ok := m[t.id]; lookErr == nil && ok {
		return v, nil
	}
	return out, err
}

// createdBeforeCypherTail asks whether the target was created with the
// fingerprint by the subject (its create's audit entry names them).
const createdBeforeCypherTail = `
WHERE n.` + createdWithProp + ` = $fp
  AND EXISTS { MATCH (e:AuditEntry {targetId: $id}) WHERE e.operation = $op AND e.subject = $subject }
RETURN count(*) > 0 AS same`

// createdBefore reports whether the record of t was created by op with
// the fingerprint fp by the caller of ctx.
func (s *Store) createdBefore(ctx context.Context, op string, t target, fp string) (bool, error) {
	acc := domain.AccessFrom(ctx)
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (bool, error) {
		return single[bool](ctx, tx, "MATCH "+t.match+createdBeforeCypherTail,
			map[string]any{"id": t.id, "fp": fp, "op": op, "subject": acc.Subject}, "same")
	})
}
