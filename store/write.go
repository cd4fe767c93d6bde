package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Patch is a set of property changes inside the store: a key with a nil
// value removes the property. Keys are property names; time.Time values
// are days. Updates arrive typed (domain.ActorUpdate, …) and become a
// Patch only here, next to the Cypher that writes it.
type Patch map[string]any

// set puts the value field f sets under key.
func set[T any](p Patch, key string, f domain.Edit[T]) {
	if f.Set {
		p[key] = f.Value
	}
}

// setFlag puts a boolean field f sets under key; null is false.
func setFlag(p Patch, key string, f domain.Edit[*bool]) {
	if f.Set {
		p[key] = f.Value != nil && *f.Value
	}
}

// setEnum puts a required enum f sets under key (Validate refused null).
func setEnum[T ~string](p Patch, key string, f domain.Edit[*T]) {
	if f.Set && f.Value != nil {
		p[key] = string(*f.Value)
	}
}

// setName puts a required name f sets under key (Validate refused null).
func setName(p Patch, key string, f domain.Edit[*string]) {
	if f.Set && f.Value != nil {
		p[key] = *f.Value
	}
}

// replacement is the list of ids an update puts in place of a record's
// links: nil leaves them, an empty list (also for an explicit null)
// removes them all.
func replacement(f domain.Edit[[]string]) []string {
	if f.Set && f.Value == nil {
		return []string{}
	}
	return f.Value
}

// setSpan puts the validity an update sets.
func (p Patch) setSpan(u domain.SpanUpdate) Patch {
	set(p, "validFrom", u.ValidFrom)
	set(p, "validTo", u.ValidTo)
	return p
}

// setMeta puts the provenance an update sets.
func (p Patch) setMeta(u domain.MetaUpdate) Patch {
	set(p, "externalKey", u.ExternalKey)
	set(p, "source", u.Source)
	set(p, "lastConfirmed", u.LastConfirmed)
	return p
}

// NewID returns a fresh global id with the given prefix (e.g. "act_").
func NewID(prefix string) string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}

// checkID validates a client-supplied id or makes a new one.
func checkID(id *string, prefix string) (string, error) {
	if id == nil || *id == "" {
		return NewID(prefix), nil
	}
	if !strings.HasPrefix(*id, prefix) || len(*id) > 100 || len(*id) <= len(prefix) {
		return "", domain.Invalid("input.id", "must start with %q and be at most 100 characters", prefix)
	}
	for _, r := range (*id)[len(prefix):] {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return "", domain.Invalid("input.id", "may hold only a-z, 0-9, '-' and '_' after the prefix")
		}
	}
	return *id, nil
}

// toNeo converts Go values of a patch into Neo4j parameter values.
func toNeo(v any) any {
	switch x := v.(type) {
	case time.Time:
		return neo4j.DateOf(x)
	case *time.Time:
		return dateParam(x)
	case *string:
		return strParam(x)
	case *int:
		if x == nil {
			return nil
		}
		return int64(*x)
	case *float64:
		if x == nil {
			return nil
		}
		return *x
	case int:
		return int64(x)
	case []string:
		if x == nil {
			return []string{}
		}
		return x
	}
	return v
}

func (p Patch) params() map[string]any {
	out := make(map[string]any, len(p))
	for k, v := range p {
		out[k] = toNeo(v)
	}
	return out
}

// requireAll fails with a field error when any id has no node of the
// label that the caller may see: a hidden record is as missing as one
// that does not exist. label is a constant of this package.
func requireAll(ctx context.Context, tx neo4j.ManagedTransaction, label, field string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	cypher := "UNWIND $ids AS id OPTIONAL MATCH (m:" + label + " {id: id}) WHERE " + vis(kindOf(label), "m") +
		" WITH id, m WHERE m IS NULL RETURN collect(id) AS missing"
	missing, err := single[[]any](ctx, tx, cypher, map[string]any{"ids": ids}, "missing")
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		given, _ := missing[0].(string)
		hint, err := didYouMean(ctx, tx, label, given)
		if err != nil {
			return err
		}
		return domain.Invalid(field, "no %s with id %v%s", refNoun(label), missing[0], hint)
	}
	return nil
}

// requireOne is requireAll for one optional id.
func requireOne(ctx context.Context, tx neo4j.ManagedTransaction, label, field string, id *string) error {
	if id == nil {
		return nil
	}
	return requireAll(ctx, tx, label, field, []string{*id})
}

// currentProps reads the properties of a node or relationship matched by
// match (binding n) with $id.
func currentProps(ctx context.Context, tx neo4j.ManagedTransaction, match, id string) (map[string]any, error) {
	m, err := single[map[string]any](ctx, tx, "MATCH "+match+" RETURN properties(n) AS p", map[string]any{"id": id}, "p")
	if err != nil {
		return nil, err
	}
	return m, nil
}

// merged returns the value of key after the patch is applied to cur.
func merged(cur map[string]any, p Patch, key string) any {
	if v, ok := p[key]; ok {
		return toNeo(v)
	}
	return cur[key]
}

// checkSpan checks the validity a record has after a patch
// (domain.Span.Check).
func checkSpan(cur map[string]any, p Patch) error {
	day := func(key string) *time.Time {
		if d, ok := merged(cur, p, key).(neo4j.Date); ok && d != (neo4j.Date{}) {
			t := d.Time()
			return &t
		}
		return nil
	}
	return domain.Span{ValidFrom: day("validFrom"), ValidTo: day("validTo")}.Check()
}

// withSearch adds the folded search fields computed from the merged name,
// description and keywords.
func withSearch(cur map[string]any, p Patch) {
	name, _ := merged(cur, p, "name").(string)
	var desc *string
	if d, ok := merged(cur, p, "description").(string); ok {
		desc = &d
	}
	var kws []string
	switch k := merged(cur, p, "keywords").(type) {
	case []string:
		kws = k
	case []any:
		for _, e := range k {
			if s, ok := e.(string); ok {
				kws = append(kws, s)
			}
		}
	}
	p["searchName"], p["searchText"] = searchFields(name, desc, kws)
}

// deleteEffect is one line of a delete's report.
func deleteEffect(what string, n int64) domain.DeleteEffect {
	return domain.DeleteEffect{What: what, Count: int(n)}
}
