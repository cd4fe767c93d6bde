package noninterference

import (
	"encoding/json"
	"fmt"
	"maps"
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
	// Probes are ids, by prefix, that each id argument is surely tried
	// with once: those of the records the test hides.
	Probes map[string][]string
	// Words fill search text and name filters.
	Words []string
	// Dates fill Date arguments, DateTimes DateTime ones.
	Dates, DateTimes []string
	// Coordinates (longitude, latitude) fill latitude and longitude
	// arguments, so that questions by distance land where records are,
	// hidden ones among them; without them those are numbers like any.
	Coordinates [][2]float64
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
	// MinDocs is the least number of documents of a root field with
	// arguments (nested fields take turns to lead their selection).
	MinDocs int
	// MaxDepth is how many records deep selections go below the root.
	MaxDepth int
	// RootPage and NestedPage are the page sizes (`first`) of root and
	// nested lists. A document whose focus is an enum value (an
	// ordering, a partition) reads WidePage records one level deep
	// instead: a hidden record may move visible ones far down a list.
	RootPage, NestedPage, WidePage int
	// MaxFields bounds the selections of one document.
	MaxFields int
}

// DefaultOptions are the bounds the test runs with. MaxFields grew with
// the schema (contact points, roles and memberships as records) so that
// every nested field is still selected by some document
// (TestNestedFieldCoverage).
func DefaultOptions(seed int64, role string) Options {
	return Options{Seed: seed, PerField: 1, MinDocs: 8, Role: role, MaxDepth: 2, RootPage: 6, NestedPage: 2, WidePage: 100, MaxFields: 120}
}

// maxDocDepth stays below the service's depth limit of 15.
const maxDocDepth = 14

// Generate returns the documents for every root field of the schema's
// query type, in the schema's order: for a field with arguments, one
// without optional arguments and one for each focus (an argument or
// input field, and for a single enum each of its values), which that
// document surely passes beside others drawn at random; then
// PerField-1 (and at least up to MinDocs) documents with arguments
// drawn at random. A field the
// role may not use gets one document.
func Generate(schema *ast.Schema, pool Pool, opt Options) []Query {
	var out []Query
	r := rand.New(rand.NewSource(opt.Seed))
	ambiguous := ambiguousNames(schema)
	for _, f := range schema.Query.Fields {
		if strings.HasPrefix(f.Name, "__") {
			continue
		}
		foci := []focus{{none: true}}
		if len(f.Arguments) > 0 && Allowed(f, opt.Role) {
			foci = append(foci, fociOf(schema, f, pool)...)
			for i := 1; i < opt.PerField || len(foci) < opt.MinDocs; i++ {
				foci = append(foci, focus{})
			}
		}
		for i, fc := range foci {
			g := &gen{schema: schema, pool: pool, opt: opt, r: r, ambiguous: ambiguous, variant: i}
			out = append(out, g.root(f, fc))
		}
	}
	return out
}

// focus is what one document surely passes: the argument path (e.g.
// filter, actor) and, for an enum, the value. none passes no optional
// argument; the zero focus passes arguments at random.
type focus struct {
	path  []string
	value string
	none  bool
	probe bool
	wide  bool
}

// fociOf returns the foci of root field f: each argument and each field
// of an input argument (one level deep), every value of a single enum
// (read wide) and every day of the pool for a single date.
func fociOf(schema *ast.Schema, f *ast.FieldDefinition, pool Pool) []focus {
	var out []focus
	var walk func(path []string, t *ast.Type, depth int)
	walk = func(path []string, t *ast.Type, depth int) {
		def := schema.Types[t.Name()]
		switch {
		case def.Kind == ast.InputObject && depth < 2:
			for _, fd := range def.Fields {
				walk(append(slices.Clone(path), fd.Name), fd.Type, depth+1)
			}
		case def.Kind == ast.Enum && t.Elem == nil:
			for _, v := range def.EnumValues {
				out = append(out, focus{path: path, value: v.Name, wide: true})
			}
		case t.Name() == "Date" && t.Elem == nil:
			for _, d := range pool.Dates {
				out = append(out, focus{path: path, value: d})
			}
		case t.Name() == "ID":
			// Ids twice: one from the whole pool, one a probe.
			out = append(out, focus{path: path}, focus{path: path, probe: true})
		default:
			out = append(out, focus{path: path})
		}
	}
	for _, a := range f.Arguments {
		if a.Name == "first" || a.Name == "after" || a.Name == "before" {
			continue
		}
		walk([]string{a.Name}, a.Type, 0)
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
	// variant numbers the documents of one root field.
	variant int
	// wide documents read WidePage records, one level deep.
	wide bool
}

// root builds the document of root field f for focus fc: its
// arguments as variables, its result's whole selection.
func (g *gen) root(f *ast.FieldDefinition, fc focus) Query {
	g.wide = fc.wide
	vars := map[string]any{}
	var decls, args []string
	for _, a := range f.Arguments {
		sure := len(fc.path) > 0 && fc.path[0] == a.Name
		// A probe passes nothing else: a filter on a hidden record alone.
		if !a.Type.NonNull && a.Name != "first" && !sure && (fc.none || fc.probe || isCursor(a) || g.r.Intn(3) > 0) {
			continue
		}
		var rest focus
		if sure {
			rest = focus{path: fc.path[1:], value: fc.value, probe: fc.probe, wide: fc.wide}
		}
		v := g.value(a.Type, a.Name, true, rest)
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
	b.WriteString(g.selection(f.Type.Name(), 0, 2, g.opt.MaxFields))
	b.WriteString(" }")
	return Query{Field: f.Name, Document: b.String(), Variables: vars}
}

// isRecord reports whether def is a record (a Node): only records
// count towards the selection depth, so connections, edges, links such
// as roles and memberships, and analysis results are transparent.
func isRecord(def *ast.Definition) bool {
	return slices.Contains(def.Interfaces, "Node") || def.Name == "Node"
}

// selection returns the selection set of the named type ("" for a leaf)
// at record depth depth and document depth doc; nested fields stop when
// the document has limit fields.
func (g *gen) selection(name string, depth, doc, limit int) string {
	def := g.schema.Types[name]
	if def == nil || def.Kind == ast.Scalar || def.Kind == ast.Enum {
		return ""
	}
	if isRecord(def) || def.Kind != ast.Object {
		depth++
	}
	var parts []string
	parts = append(parts, "__typename")
	parts = append(parts, g.fieldsOf(def, depth, doc, nil, "", limit)...)
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
			extra := g.fieldsOf(impl, depth, doc, have, impl.Name, limit)
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
func (g *gen) fieldsOf(def *ast.Definition, depth, doc int, skip map[string]bool, on string, limit int) []string {
	name := func(f *ast.FieldDefinition) string {
		if on != "" && g.ambiguous[f.Name] {
			return on + "_" + f.Name + ": " + f.Name
		}
		return f.Name
	}
	var leaves, nested []*ast.FieldDefinition
	for _, f := range def.Fields {
		// Nested fields the role may not use would only add refusals.
		if strings.HasPrefix(f.Name, "__") || skip[f.Name] || !Allowed(f, g.opt.Role) {
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
	// Random order, but the variant-th field (by schema order) first:
	// over the documents of a root field each nested field leads once,
	// before the budget runs out.
	if len(nested) > 0 {
		k := g.variant % len(nested)
		nested[0], nested[k] = nested[k], nested[0]
		rest := nested[1:]
		g.r.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
	}
	for i, f := range nested {
		t := g.schema.Types[f.Type.Name()]
		if doc+1 > maxDocDepth || g.fields >= limit {
			continue
		}
		if (isRecord(t) || t.Kind != ast.Object) && (depth >= g.opt.MaxDepth || g.wide && depth >= 1) {
			continue
		}
		g.fields++
		// Each nested field may take its share of what is left.
		share := g.fields + max(1, (limit-g.fields)/(len(nested)-i))
		out = append(out, name(f)+g.args(f)+g.selection(t.Name, depth, doc+1, share))
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
		args = append(args, a.Name+": "+g.literal(g.value(a.Type, a.Name, false, focus{}), a.Type))
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

// value draws a value of type t for the argument or input field name;
// inside an input object, the field fc names is surely set (to fc's
// value for an enum).
func (g *gen) value(t *ast.Type, name string, root bool, fc focus) any {
	if t.Elem != nil {
		n := 1 + g.r.Intn(3)
		if t.Elem.Name() == "ID" {
			n = 1 + g.r.Intn(8)
		}
		out := make([]any, n)
		for i := range out {
			out[i] = g.value(t.Elem, name, root, fc)
		}
		return out
	}
	def := g.schema.Types[t.Name()]
	switch def.Kind {
	case ast.Enum:
		if fc.value != "" && len(fc.path) == 0 {
			return fc.value
		}
		return def.EnumValues[g.r.Intn(len(def.EnumValues))].Name
	case ast.InputObject:
		obj := map[string]any{}
		for _, f := range def.Fields {
			if len(fc.path) > 0 && fc.path[0] == f.Name {
				obj[f.Name] = g.value(f.Type, f.Name, root, focus{path: fc.path[1:], value: fc.value, probe: fc.probe, wide: fc.wide})
			} else if f.Type.NonNull || (!fc.probe && g.r.Intn(3) == 0) {
				obj[f.Name] = g.value(f.Type, f.Name, root, focus{})
			}
		}
		if len(obj) == 0 && len(def.Fields) > 0 && !fc.probe {
			f := def.Fields[g.r.Intn(len(def.Fields))]
			obj[f.Name] = g.value(f.Type, f.Name, root, focus{})
		}
		return obj
	}
	switch t.Name() {
	case "ID":
		return g.id(name, fc.probe && len(fc.path) == 0)
	case "Int":
		if name == "first" {
			if root && g.wide {
				return g.opt.WidePage
			}
			if root {
				return g.opt.RootPage
			}
			return g.opt.NestedPage
		}
		return []int{2, 3, 5, 730}[g.r.Intn(4)]
	case "Float":
		switch {
		case name == "longitude" && len(g.pool.Coordinates) > 0:
			return pick(g.r, g.pool.Coordinates)[0]
		case name == "latitude" && len(g.pool.Coordinates) > 0:
			return pick(g.r, g.pool.Coordinates)[1]
		case name == "meters" || name == "nearbyMeters":
			// Walking range to a district: radii that catch records.
			return []float64{150, 400, 1500, 5000}[g.r.Intn(4)]
		}
		return []float64{0.5, 1, 2}[g.r.Intn(3)]
	case "Boolean":
		return g.r.Intn(2) == 0
	case "Date":
		if fc.value != "" && len(fc.path) == 0 {
			return fc.value
		}
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
// sometimes any id or garbage; a probe draws from the pool's probes.
func (g *gen) id(name string, probe bool) string {
	lower := strings.ToLower(name)
	if probe {
		for _, p := range idPrefixes {
			if strings.Contains(lower, p.word) && len(g.pool.Probes[p.prefix]) > 0 {
				return pick(g.r, g.pool.Probes[p.prefix])
			}
		}
		var all []string
		for _, p := range slices.Sorted(maps.Keys(g.pool.Probes)) {
			all = append(all, g.pool.Probes[p]...)
		}
		if len(all) > 0 {
			return pick(g.r, all)
		}
	}
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
