package server

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Error codes of refused operations, in extensions.code.
const (
	CodeDepthLimit = "DEPTH_LIMIT_EXCEEDED"
	CodeAliasLimit = "ALIAS_LIMIT_EXCEEDED"
)

// shapeLimits refuses operations nested deeper than MaxDepth fields or
// with more than MaxAliases aliases, after parsing and validation and
// before any resolver (so before any Cypher) runs. Fragments count where
// they are spread.
type shapeLimits struct {
	MaxDepth   int
	MaxAliases int
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = shapeLimits{}

// ExtensionName implements graphql.HandlerExtension.
func (shapeLimits) ExtensionName() string { return "ShapeLimits" }

// Validate implements graphql.HandlerExtension.
func (shapeLimits) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (l shapeLimits) MutateOperationContext(_ context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	op := opCtx.Doc.Operations.ForName(opCtx.OperationName)
	if op == nil {
		return nil
	}
	m := &shapeMeasure{doc: opCtx.Doc, visiting: map[string]bool{}}
	depth := m.depth(op.SelectionSet)
	if depth > l.MaxDepth {
		err := gqlerror.Errorf("operation is nested %d fields deep, more than the limit of %d", depth, l.MaxDepth)
		errcode.Set(err, CodeDepthLimit)
		return err
	}
	if m.aliases > l.MaxAliases {
		err := gqlerror.Errorf("operation uses %d aliases, more than the limit of %d", m.aliases, l.MaxAliases)
		errcode.Set(err, CodeAliasLimit)
		return err
	}
	return nil
}

type shapeMeasure struct {
	doc      *ast.QueryDocument
	aliases  int
	visiting map[string]bool
}

// depth returns the depth of a selection set and counts its aliases.
func (m *shapeMeasure) depth(set ast.SelectionSet) int {
	deepest := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Alias != "" && s.Alias != s.Name {
				m.aliases++
			}
			deepest = max(deepest, 1+m.depth(s.SelectionSet))
		case *ast.InlineFragment:
			deepest = max(deepest, m.depth(s.SelectionSet))
		case *ast.FragmentSpread:
			// Validation has rejected fragment cycles; the guard keeps a
			// malformed document from recursing forever anyway.
			if m.visiting[s.Name] {
				continue
			}
			if f := m.doc.Fragments.ForName(s.Name); f != nil {
				m.visiting[s.Name] = true
				deepest = max(deepest, m.depth(f.SelectionSet))
				m.visiting[s.Name] = false
			}
		}
	}
	return deepest
}
