package noninterference_test

import (
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"

	"github.com/kiezgraph/kiezgraph/graph"
	"github.com/kiezgraph/kiezgraph/server/noninterference"
)

// servedSchema is the schema the service serves, as gqlgen parsed it.
func servedSchema() *ast.Schema {
	return graph.NewExecutableSchema(graph.Config{}).Schema()
}

// unitPool is a pool of made-up values for the generator's own tests.
var unitPool = noninterference.Pool{
	IDs: map[string][]string{
		"act": {"act_a", "act_b"}, "nbh": {"nbh_nord", "nbh_x"}, "net": {"net_a"}, "evt": {"evt_a"},
		"per": {"per_a"}, "svc": {"svc_a"}, "ned": {"ned_a"}, "coo": {"coo_a"}, "tg": {"tg_a"}, "top": {"top_a"},
	},
	Garbage:   []string{"", "act_", "garbage"},
	Probes:    map[string][]string{"act": {"act_hidden"}, "net": {"net_hidden"}},
	Words:     []string{"Jugend", "schule", "Nord"},
	Dates:     []string{"2020-01-01", "2026-01-01"},
	DateTimes: []string{"2026-01-01T00:00:00Z"},
}

var roles = []string{"PUBLIC", "VIEWER", "COORDINATOR", "RESEARCHER", "ADMIN"}

// TestGeneratedDocumentsValidate parses and validates every generated
// document, with its variables, against the served schema.
func TestGeneratedDocumentsValidate(t *testing.T) {
	schema := servedSchema()
	for _, role := range roles {
		for seed := int64(1); seed <= 5; seed++ {
			for _, q := range noninterference.Generate(schema, unitPool, noninterference.DefaultOptions(seed, role)) {
				doc, err := parser.ParseQuery(&ast.Source{Input: q.Document})
				if err != nil {
					t.Fatalf("%s seed %d %s: parse: %v\n%s", role, seed, q.Field, err, q.Document)
				}
				if errs := validator.ValidateWithRules(schema, doc, nil); len(errs) > 0 {
					t.Fatalf("%s seed %d %s: %v\n%s", role, seed, q.Field, errs, q.Document)
				}
				if _, err := validator.VariableValues(schema, doc.Operations[0], q.Variables); err != nil {
					t.Fatalf("%s seed %d %s: variables %v: %v\n%s", role, seed, q.Field, q.Variables, err, q.Document)
				}
				if d := depth(doc.Operations[0].SelectionSet); d > 15 {
					t.Errorf("%s %s: depth %d beyond the service's limit", role, q.Field, d)
				}
			}
		}
	}
}

// depth is the field depth of a selection set, as the service counts it.
func depth(set ast.SelectionSet) int {
	most := 0
	for _, s := range set {
		d := 0
		switch x := s.(type) {
		case *ast.Field:
			d = 1 + depth(x.SelectionSet)
		case *ast.InlineFragment:
			d = depth(x.SelectionSet)
		}
		most = max(most, d)
	}
	return most
}

// TestEveryRootFieldIsCovered: every root query field of the schema,
// also one added later, is read by at least one document for every role,
// and every argument of a root field is used by some document.
func TestEveryRootFieldIsCovered(t *testing.T) {
	schema := servedSchema()
	for _, role := range roles {
		qs := noninterference.Generate(schema, unitPool, noninterference.DefaultOptions(1, role))
		seen := map[string]bool{}
		used := map[string]bool{}
		for _, q := range qs {
			seen[q.Field] = true
			for a := range q.Variables {
				used[q.Field+"."+a] = true
			}
		}
		for _, f := range schema.Query.Fields {
			if f.Name[0] == '_' {
				continue
			}
			if !seen[f.Name] {
				t.Errorf("%s: no document reads %s", role, f.Name)
			}
			if !noninterference.Allowed(f, role) {
				continue
			}
			for _, a := range f.Arguments {
				if a.Name != "after" && !used[f.Name+"."+a.Name] {
					t.Errorf("%s: no document passes %s(%s:)", role, f.Name, a.Name)
				}
			}
		}
	}
}

// TestNestedFieldCoverage: across the documents the non-interference
// test runs by default (its four principals, its default seed), every
// field of every type reachable from the query type is selected
// somewhere.
func TestNestedFieldCoverage(t *testing.T) {
	schema := servedSchema()
	selected := map[string]bool{}
	for i, p := range principals {
		for _, q := range noninterference.Generate(schema, unitPool, noninterference.DefaultOptions(defaultSeed+int64(i), string(p.role))) {
			doc, _ := parser.ParseQuery(&ast.Source{Input: q.Document})
			if errs := validator.ValidateWithRules(schema, doc, nil); len(errs) > 0 {
				t.Fatal(errs)
			}
			walk(doc.Operations[0].SelectionSet, selected)
		}
	}
	var missing []string
	for _, def := range reachable(schema) {
		if def.Kind != ast.Object {
			continue
		}
		for _, f := range def.Fields {
			if f.Name[0] == '_' || selected[def.Name+"."+f.Name] {
				continue
			}
			// A field of an interface selected on the interface counts
			// for the types that implement it.
			byInterface := false
			for _, i := range def.Interfaces {
				byInterface = byInterface || selected[i+"."+f.Name]
			}
			if !byInterface {
				missing = append(missing, def.Name+"."+f.Name)
			}
		}
	}
	if len(missing) > 0 {
		t.Errorf("never selected: %v", missing)
	}
	t.Logf("%d fields selected", len(selected))
}

// reachable returns the types reachable from the query type through
// fields and implementations.
func reachable(schema *ast.Schema) map[string]*ast.Definition {
	out := map[string]*ast.Definition{}
	var visit func(def *ast.Definition)
	visit = func(def *ast.Definition) {
		if def == nil || out[def.Name] != nil || def.BuiltIn {
			return
		}
		out[def.Name] = def
		for _, f := range def.Fields {
			if f.Name[0] != '_' {
				visit(schema.Types[f.Type.Name()])
			}
		}
		for _, p := range schema.GetPossibleTypes(def) {
			visit(p)
		}
	}
	visit(schema.Query)
	return out
}

func walk(set ast.SelectionSet, out map[string]bool) {
	for _, s := range set {
		switch x := s.(type) {
		case *ast.Field:
			if x.ObjectDefinition != nil {
				out[x.ObjectDefinition.Name+"."+x.Name] = true
			}
			walk(x.SelectionSet, out)
		case *ast.InlineFragment:
			walk(x.SelectionSet, out)
		}
	}
}
