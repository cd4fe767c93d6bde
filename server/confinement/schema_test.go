package confinement_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// loadSchema parses the service's schema, the one the server serves.
func loadSchema(t testing.TB) *ast.Schema {
	t.Helper()
	files, err := filepath.Glob("../../schema/*.graphqls")
	if err != nil || len(files) == 0 {
		t.Fatalf("schema files: %v (%d)", err, len(files))
	}
	var sources []*ast.Source
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, &ast.Source{Name: f, Input: string(b)})
	}
	s, gerr := gqlparser.LoadSchema(sources...)
	if gerr != nil {
		t.Fatalf("schema: %v", gerr)
	}
	return s
}

// mutations returns the mutations of the schema in schema order.
func mutations(s *ast.Schema) ast.FieldList {
	var out ast.FieldList
	for _, f := range s.Mutation.Fields {
		if !strings.HasPrefix(f.Name, "__") {
			out = append(out, f)
		}
	}
	return out
}

// document is the operation that calls mutation f with one variable per
// argument of the same name; the payload is asked only for its type,
// since the test judges a write by the graph, not by its answer.
func document(f *ast.FieldDefinition) string {
	var vars, args []string
	for _, a := range f.Arguments {
		vars = append(vars, fmt.Sprintf("$%s: %s", a.Name, a.Type.String()))
		args = append(args, fmt.Sprintf("%s: $%s", a.Name, a.Name))
	}
	return fmt.Sprintf("mutation(%s) { %s(%s) { __typename } }", strings.Join(vars, ", "), f.Name, strings.Join(args, ", "))
}

// TestEveryMutationHasAGenerator needs no database: a mutation added to
// the schema must get a generator here, or the confinement test would
// not cover it.
func TestEveryMutationHasAGenerator(t *testing.T) {
	s := loadSchema(t)
	var names []string
	for _, f := range mutations(s) {
		names = append(names, f.Name)
		if generators[f.Name] == nil {
			t.Errorf("mutation %s has no generator in server/confinement/generators_test.go: add one that makes its targets across districts", f.Name)
		}
	}
	for name := range generators {
		if !slices.Contains(names, name) {
			t.Errorf("generator for %s, which the schema does not have", name)
		}
	}
	if len(names) == 0 {
		t.Fatal("the schema has no mutations")
	}
}
