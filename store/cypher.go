package store

import (
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/kiezgraph/kiezgraph/domain"
)

// collect runs a statement and returns its records. It applies the
// caller's row-level access rules to the statement's VIS marks (see
// access.go): every statement of the store runs through here.
func collect(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	cypher, params = withAccess(ctx, cypher, params)
	prof := profileFrom(ctx)
	if prof != nil {
		cypher = "PROFILE " + cypher
	}
	start := time.Now()
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	recs, err := res.Collect(ctx)
	if prof != nil && err == nil {
		sum, cerr := res.Consume(ctx)
		if cerr != nil {
			return nil, cerr
		}
		prof.add(cypher, sum.Profile())
	}
	if slog.Default().Enabled(ctx, slog.LevelDebug) {
		slog.DebugContext(ctx, "cypher", "statement", statementHead(cypher), "records", len(recs), "ms", float64(time.Since(start).Microseconds())/1000)
	}
	return recs, err
}

// withAccess replaces the statement's VIS and PUBORDER marks with the
// rules of the caller's access and adds the parameters they read.
func withAccess(ctx context.Context, cypher string, params map[string]any) (string, map[string]any) {
	if strings.Contains(cypher, "VIS(") || strings.Contains(cypher, "PUBORDER(") {
		a := domain.AccessFrom(ctx)
		cypher = scoped(cypher, a)
		if ds := a.ReadDistricts(); ds != nil {
			if params == nil {
				params = map[string]any{}
			}
			params["accessDistricts"] = ds
		}
	}
	return cypher, params
}

// statementHead shortens a statement for the debug log.
func statementHead(cypher string) string {
	cypher = strings.Join(strings.Fields(cypher), " ")
	if len(cypher) > 300 {
		return cypher[:300] + "…"
	}
	return cypher
}

// single runs a statement that returns at most one record and reads key
// from it; no record is domain.ErrNotFound.
func single[T any](ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any, key string) (T, error) {
	var zero T
	recs, err := collect(ctx, tx, cypher, params)
	if err != nil {
		return zero, err
	}
	if len(recs) == 0 {
		return zero, domain.ErrNotFound
	}
	v, ok := recs[0].Get(key)
	if !ok {
		return zero, fmt.Errorf("store: record has no %q", key)
	}
	t, ok := v.(T)
	if !ok {
		return zero, fmt.Errorf("store: %q is %T, want %T", key, v, zero)
	}
	return t, nil
}

// props reads a map projection of a node or relationship, remembering
// the first missing or mistyped value.
type props struct {
	m   map[string]any
	err error
}

func (p *props) fail(key string, v any, want string) {
	if p.err == nil {
		p.err = fmt.Errorf("store: property %q is %T, want %s", key, v, want)
	}
}

func (p *props) str(key string) string {
	v := p.m[key]
	s, ok := v.(string)
	if !ok {
		p.fail(key, v, "string")
	}
	return s
}

func (p *props) strPtr(key string) *string {
	v, ok := p.m[key]
	if !ok || v == nil {
		return nil
	}
	s, ok := v.(string)
	if !ok {
		p.fail(key, v, "string")
		return nil
	}
	return &s
}

func (p *props) strs(key string) []string {
	v, ok := p.m[key]
	if !ok || v == nil {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		p.fail(key, v, "list")
		return nil
	}
	out := make([]string, 0, len(list))
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		} else if e != nil {
			p.fail(key, e, "string element")
		}
	}
	return out
}

func (p *props) intPtr(key string) *int {
	v, ok := p.m[key]
	if !ok || v == nil {
		return nil
	}
	i, ok := v.(int64)
	if !ok {
		p.fail(key, v, "int64")
		return nil
	}
	n := int(i)
	return &n
}

func (p *props) float(key string) float64 {
	f := p.floatPtr(key)
	if f == nil {
		return 0
	}
	return *f
}

func (p *props) floatPtr(key string) *float64 {
	v, ok := p.m[key]
	if !ok || v == nil {
		return nil
	}
	switch f := v.(type) {
	case float64:
		return &f
	case int64:
		x := float64(f)
		return &x
	}
	p.fail(key, v, "float64")
	return nil
}

func (p *props) boolean(key string) bool {
	v, ok := p.m[key]
	if !ok || v == nil {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		p.fail(key, v, "bool")
	}
	return b
}

func (p *props) datePtr(key string) *time.Time {
	v, ok := p.m[key]
	if !ok || v == nil {
		return nil
	}
	d, ok := v.(dbtype.Date)
	if !ok {
		p.fail(key, v, "Date")
		return nil
	}
	t := d.Time()
	t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return &t
}

func (p *props) date(key string) time.Time {
	t := p.datePtr(key)
	if t == nil {
		p.fail(key, nil, "Date")
		return time.Time{}
	}
	return *t
}

func (p *props) dateTime(key string) time.Time {
	v := p.m[key]
	t, ok := v.(time.Time)
	if !ok {
		p.fail(key, v, "DateTime")
	}
	return t.UTC()
}

// dateTimeIfRead is dateTime for a property a projection may leave out
// (see metaParts): one left out is the zero time, one read must be a
// DateTime.
func (p *props) dateTimeIfRead(key string) time.Time {
	if _, read := p.m[key]; !read {
		return time.Time{}
	}
	return p.dateTime(key)
}

// metaParts project the properties that meta and span read, each for
// the field of the API that shows it: a page of names reads none of
// them (eight properties a record, about a tenth of Neo4j's work on a
// page of services with their providers, issue 14). meta and span read
// one not projected as a record without it; no resolver reads them but
// the fields of their own name.
var metaParts = []part{
	{".externalKey", []string{"externalKey"}},
	{".source", []string{"source"}},
	{".lastConfirmed", []string{"lastConfirmed"}},
	{".createdAt", []string{"createdAt"}},
	{".updatedAt", []string{"updatedAt"}},
	{".validFrom", []string{"validFrom"}},
	{".validTo", []string{"validTo"}},
	{".status", []string{"status"}},
}

func (p *props) meta() domain.Meta {
	return domain.Meta{
		ExternalKey:   p.strPtr("externalKey"),
		Source:        p.strPtr("source"),
		LastConfirmed: p.datePtr("lastConfirmed"),
		CreatedAt:     p.dateTimeIfRead("createdAt"),
		UpdatedAt:     p.dateTimeIfRead("updatedAt"),
		Status:        p.status(),
	}
}

// status reads the record status; a record stored without one is active.
func (p *props) status() domain.RecordStatus {
	if s := p.strPtr("status"); s != nil {
		return domain.StatusOf(*s)
	}
	return domain.StatusActive
}

func (p *props) span() domain.Span {
	return domain.Span{ValidFrom: p.datePtr("validFrom"), ValidTo: p.datePtr("validTo")}
}

// asProps reads a map value from a record field.
func asProps(v any) (*props, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("store: projection is %T, want map", v)
	}
	return &props{m: m}, nil
}

// nested maps v, a map projected inside p under key (a partner with its
// cooperation, a provider with its service), with m; a problem of either
// becomes p's.
func nested[T any](p *props, key string, v any, m mapper[T]) (T, bool) {
	np, err := asProps(v)
	if err != nil {
		p.fail(key, v, "map")
		var zero T
		return zero, false
	}
	out := m(np)
	if np.err != nil && p.err == nil {
		p.err = np.err
	}
	return out, true
}

// dateParam turns an optional day into a Neo4j Date parameter.
func dateParam(t *time.Time) any {
	if t == nil {
		return nil
	}
	return neo4j.DateOf(*t)
}

// strParam turns an optional string into a parameter.
func strParam(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

// Cursors are opaque to clients; inside they hold the offset of the item.
const cursorPrefix = "offset:"

// EncodeCursor returns the cursor of the item at offset.
func EncodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(offset)))
}

// maxCursorOffset bounds the offsets cursors may hold, far above any
// list's length: the offset plus a page must stay an index that Cypher's
// list slicing accepts (a 32-bit int) and must not overflow in Go.
const maxCursorOffset = 1 << 30

// DecodeCursor returns the offset a cursor points at. Cursors are client
// input: one that is not ours, or points beyond maxCursorOffset, is
// domain.ErrInvalid.
func DecodeCursor(cursor string) (int, error) {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err == nil && strings.HasPrefix(string(b), cursorPrefix) {
		n, err := strconv.Atoi(strings.TrimPrefix(string(b), cursorPrefix))
		if err == nil && n >= 0 && n <= maxCursorOffset {
			return n, nil
		}
	}
	return 0, domain.Invalid("after", "not a cursor of this list")
}
