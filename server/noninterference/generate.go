package noninterference

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"slices"
	"sort"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// Query is one generated document with its variables.
type Query struct {
	// Field is the root field the document reads.
	Field string
	// Document is the GraphQL query.
	Document string
	// Variables are the values of the root field's arguments.
	Variables map[string]any
}

// Pool holds the values arguments are filled from.
type Pool struct {
	// IDs by prefix ("act", "nbh", …); ids of any type are drawn from
	// all of them, and Garbage adds ids of no record.
	IDs     map[string][]string
	Garbage []string
	// Words fill search text and name filters.
	Words []string
	// Dates fill Date arguments, DateTimes DateTime ones.
	Dates, DateTimes []string
}

// Options bound what is generated.
type Options struct {
	// Seed makes the documents reproducible.
	Seed int64
	// PerField documents are generated for each root field with
	// arguments (one for a field without).
	PerField int
	// Role is the caller's AccessRole value: a root field whose
	// @hasRole leaves the role out gets a single document (it must be
	// refused alike in both phases).
	Role string
	// MaxDepth is how many records deep selections go below the root.
	MaxDepth int
	// RootPage and NestedPage are the page sizes (`first`) of root and
	// nested lists.
	RootPage, NestedPage int
	// MaxFields bounds the selections of one document.
	MaxFields int
}

// DefaultOptions are the bounds the test runs with.
func DefaultOptions(seed int64, role string) Options {
	return Options{Seed: seed, PerField: 4, Role: role, MaxDepth: 3, RootPage: 8, NestedPage: 3, MaxFields: 350}
}

// maxDocDepth stays below the service's depth limit of 15.
const maxDocDepth = 14

// Generate returns the documents for every root field of the schema's
// query type, in the schema's order.
func Generate(schema *ast.Schema, pool Pool, opt Options) []Query {
	var out []Query
	r := rand.New(rand.NewSource(opt.Seed))
	ambiguous := ambiguousNames(schema)
	for _, f := range schema.Query.Fields {
		if strings.HasPrefix(f.Name, "__") {
			continue
		}
		n := 1
		if len(f.Arguments) > 0 && Allowed(f, opt.Role) {
			n = opt.PerField
		}
		for i := 0; i < n; i++ {
			g := &gen{schema: schema, pool: pool, opt: opt, r: r, ambiguous: ambiguous}
			out = append(out, g.root(f, i))
		}
	}
	return out
}

// Allowed reports whether a field's @hasRole directive (if any) admits
// role.
func Allowed(f *ast.FieldDefinition, role string) bool {
	d := f.Directives.ForName("hasRole")
	if d == nil {
		return true
	}
	arg := d.Arguments.ForName("roles")
	if arg == nil || arg.Value == nil {
		return true
	}
	for _, c := range arg.Value.Children {
		if c.Value.Raw == role {
			return true
		}
	}
	return false
}

// ambiguousNames returns the field names that have different types on
// different types of the schema: selected in inline fragments of
// several types at once, they would conflict, so there they get an
// alias naming their type.
func ambiguousNames(schema *ast.Schema) map[string]bool {
	types := map[string]string{}
	out := map[string]bool{}
	for _, def := range schema.Types {
		if def.Kind != ast.Object && def.Kind != ast.Interface {
			continue
		}
		for _, f := range def.Fields {
			t := f.Type.String()
			if prev, ok := types[f.Name]; ok && prev != t {
				out[f.Name] = true
			}
			types[f.Name] = t
		}
	}
	return out
}

type gen struct {
	schema    *ast.Schema
	ambiguous map[string]bool
	pool      Pool
	opt       Options
	r         *rand.Rand
	fields    int
}

// root builds the document of variant i of root field f: its arguments
// as variables (variant 0 leaves optional ones out, later variants fill
// each with even odds), its result's whole selection.
func (g *gen) root(f *ast.FieldDefinition, i int) Query {
	vars := map[string]any{}
	var decls, args []string
	for j, a := range f.Arguments {
		// Variant 0 passes no optional argument; the others pass each
		// with even odds, and variant i surely the arguments j with
		// j ≡ i-1 (mod PerField-1), so that every argument is tried.
		sure := i > 0 && g.opt.PerField > 1 && j%(g.opt.PerField-1) == (i-1)%(g.opt.PerField-1)
		if !a.Type.NonNull && a.Name != "first" && (i == 0 || isCursor(a) || (!sure && g.r.Intn(2) == 0)) {
			continue
		}
		v := g.value(a.Type, a.Name, true)
		vars[a.Name] = v
		decls = append(decls, fmt.Sprintf("$%s: %s", a.Name, a.Type.String()))
		args = append(args, fmt.Sprintf("%s: $%s", a.Name, a.Name))
	}
	var b strings.Builder
	b.WriteString("query")
	if len(decls) > 0 {
		b.WriteString("(" + strings.Join(decls, ", ") + ")")
	}
	b.WriteString(" { " + f.Name)
	if len(args) > 0 {
		b.WriteString("(" + strings.Join(args, ", ") + ")")
	}
	b.WriteString(g.selection(f.Type.Name(), 0, 2))
	b.WriteString(" }")
	return Query{Field: f.Name, Document: b.String(), Variables: vars}
}

// isRecord reports whether def is a record (has an id): only records
// count towards the selection depth, so connections, edges and analysis
// results are transparent.
func isRecord(def *ast.Definition) bool {
	return def.Fields.ForName("id") != nil
}

// selection returns the selection set of the named type ("" for a leaf)
// at record depth depth and document depth doc.
func (g *gen) selection(name string, depth, doc int) string {
	def := g.schema.Types[name]
	if def == nil || def.Kind == ast.Scalar || def.Kind == ast.Enum {
		return ""
	}
	if isRecord(def) || def.Kind != ast.Object {
		depth++
	}
	var parts []string
	parts = append(parts, "__typename")
	parts = append(parts, g.fieldsOf(def, depth, doc, nil, "")...)
	if def.Kind == ast.Interface || def.Kind == ast.Union {
		have := map[string]bool{}
		for _, f := range def.Fields {
			have[f.Name] = true
		}
		impls := slices.Clone(g.schema.GetPossibleTypes(def))
		sort.Slice(impls, func(i, j int) bool { return impls[i].Name < impls[j].Name })
		if depth > 1 && len(impls) > 3 {
			g.r.Shuffle(len(impls), func(i, j int) { impls[i], impls[j] = impls[j], impls[i] })
			impls = impls[:3]
		}
		for _, impl := range impls {
			extra := g.fieldsOf(impl, depth, doc, have, impl.Name)
			if len(extra) > 0 {
				parts = append(parts, "... on "+impl.Name+" { "+strings.Join(extra, " ")+" }")
			}
		}
	}
	return " { " + strings.Join(parts, " ") + " }"
}

// fieldsOf selects def's fields (but skip): every leaf, and nested
// records while depth and the field budget last, in random order so that
// the budget favours none. In an inline fragment (on is its type),
// ambiguous names get an alias.
func (g *gen) fieldsOf(def *ast.Definition, depth, doc int, skip map[string]bool, on string) []string {
	name := func(f *ast.FieldDefinition) string {
		if on != "" && g.ambiguous[f.Name] {
			return on + "_" + f.Name + ": " + f.Name
		}
		return f.Name
	}
	var leaves, nested []*ast.FieldDefinition
	for _, f := range def.Fields {
		if strings.HasPrefix(f.Name, "__") || skip[f.Name] {
			continue
		}
		t := g.schema.Types[f.Type.Name()]
		if t.Kind == ast.Scalar || t.Kind == ast.Enum {
			leaves = append(leaves, f)
		} else {
			nested = append(nested, f)
		}
	}
	var out []string
	for _, f := range leaves {
		g.fields++
		out = append(out, name(f)+g.args(f))
	}
	g.r.Shuffle(len(nested), func(i, j int) { nested[i], nested[j] = nested[j], nested[i] })
	for _, f := range nested {
		t := g.schema.Types[f.Type.Name()]
		if doc+1 > maxDocDepth || g.fields >= g.opt.MaxFields {
			continue
		}
		if (isRecord(t) || t.Kind != ast.Object) && depth >= g.opt.MaxDepth {
			continue
		}
		g.fields++
		out = append(out, name(f)+g.args(f)+g.selection(t.Name, depth, doc+1))
	}
	return out
}

// args returns the literal arguments of a nested field: `first` always
// (the nested page size), required ones always, optional ones with even
// odds.
func (g *gen) args(f *ast.FieldDefinition) string {
	var args []string
	for _, a := range f.Arguments {
		if !a.Type.NonNull && a.Name != "first" && (g.r.Intn(2) == 0 || isCursor(a)) {
			continue
		}
		args = append(args, a.Name+": "+g.literal(g.value(a.Type, a.Name, false), a.Type))
	}
	if len(args) == 0 {
		return ""
	}
	return "(" + strings.Join(args, ", ") + ")"
}

// isCursor reports whether a is a paging cursor, which no pool fills:
// pages after the first are not generated.
func isCursor(a *ast.ArgumentDefinition) bool {
	return a.Name == "after" || a.Name == "before"
}

// value draws a value of type t for the argument or input field name.
func (g *gen) value(t *ast.Type, name string, root bool) any {
	if t.Elem != nil {
		n := 1 + g.r.Intn(3)
		if t.Elem.Name() == "ID" {
			n = 1 + g.r.Intn(8)
		}
		out := make([]any, n)
		for i := range out {
			out[i] = g.value(t.Elem, name, root)
		}
		return out
	}
	def := g.schema.Types[t.Name()]
	switch def.Kind {
	case ast.Enum:
		return def.EnumValues[g.r.Intn(len(def.EnumValues))].Name
	case ast.InputObject:
		obj := map[string]any{}
		for _, f := range def.Fields {
			if f.Type.NonNull || g.r.Intn(2) == 0 {
				obj[f.Name] = g.value(f.Type, f.Name, root)
			}
		}
		if len(obj) == 0 && len(def.Fields) > 0 {
			f := def.Fields[g.r.Intn(len(def.Fields))]
			obj[f.Name] = g.value(f.Type, f.Name, root)
		}
		return obj
	}
	switch t.Name() {
	case "ID":
		return g.id(name)
	case "Int":
		if name == "first" {
			if root {
				return g.opt.RootPage
			}
			return g.opt.NestedPage
		}
		return []int{2, 3, 5, 730}[g.r.Intn(4)]
	case "Float":
		return []float64{0.5, 1, 2}[g.r.Intn(3)]
	case "Boolean":
		return g.r.Intn(2) == 0
	case "Date":
		return pick(g.r, g.pool.Dates)
	case "DateTime":
		return pick(g.r, g.pool.DateTimes)
	}
	// String and any other scalar: words, one or two.
	w := pick(g.r, g.pool.Words)
	if g.r.Intn(3) == 0 {
		w += " " + pick(g.r, g.pool.Words)
	}
	return w
}

// idPrefixes maps words in argument names to the id prefix of the
// record they name; an argument named otherwise draws from every id.
var idPrefixes = []struct{ word, prefix string }{
	{"neighbourhood", "nbh"}, {"scope", "nbh"}, {"within", "nbh"}, {"district", "nbh"},
	{"actor", "act"}, {"from", "act"}, {"to", "act"}, {"organiser", "act"}, {"provider", "act"},
	{"network", "net"}, {"targetgroup", "tg"}, {"topic", "top"}, {"person", "per"},
	{"event", "evt"}, {"service", "svc"}, {"need", "ned"}, {"cooperation", "coo"},
}

// id draws an id for argument name: mostly of the type the name says,
// sometimes any id or garbage.
func (g *gen) id(name string) string {
	lower := strings.ToLower(name)
	if g.r.Intn(6) > 0 {
		for _, p := range idPrefixes {
			if strings.Contains(lower, p.word) && len(g.pool.IDs[p.prefix]) > 0 {
				return pick(g.r, g.pool.IDs[p.prefix])
			}
		}
	}
	if g.r.Intn(8) == 0 && len(g.pool.Garbage) > 0 {
		return pick(g.r, g.pool.Garbage)
	}
	prefixes := make([]string, 0, len(g.pool.IDs))
	for p := range g.pool.IDs {
		prefixes = append(prefixes, p)
	}
	sort.Strings(prefixes)
	return pick(g.r, g.pool.IDs[pick(g.r, prefixes)])
}

func pick[T any](r *rand.Rand, xs []T) T {
	return xs[r.Intn(len(xs))]
}

// literal writes v, drawn for type t, as a GraphQL literal.
func (g *gen) literal(v any, t *ast.Type) string {
	if t.Elem != nil {
		var parts []string
		for _, x := range v.([]any) {
			parts = append(parts, g.literal(x, t.Elem))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	def := g.schema.Types[t.Name()]
	switch def.Kind {
	case ast.Enum:
		return v.(string)
	case ast.InputObject:
		obj := v.(map[string]any)
		var parts []string
		for _, f := range def.Fields {
			if x, ok := obj[f.Name]; ok {
				parts = append(parts, f.Name+": "+g.literal(x, f.Type))
			}
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	b, _ := json.Marshal(v)
	return string(b)
}
