package server

import (
	"context"
	"encoding/json"
	"sync/atomic"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/kiezgraph/kiezgraph/apierror"
	"github.com/kiezgraph/kiezgraph/resolvers"
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
		errcode.Set(err, apierror.CodeDepthLimit)
		return err
	}
	if m.aliases > l.MaxAliases {
		err := gqlerror.Errorf("operation uses %d aliases, more than the limit of %d", m.aliases, l.MaxAliases)
		errcode.Set(err, apierror.CodeAliasLimit)
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

// complexityLimit refuses operations that cost more than Limit points:
// gqlgen's field-by-field estimate (see resolvers.Priced) plus the
// whole-network analyses the operation would run, each distinct one
// counted once. An analysis nested in a list (an actor's brokerage in a
// network chosen per alias) runs once per distinct network, whatever the
// field-by-field estimate says, so a document cannot buy many runs at
// the price of one. It records its figure where gqlgen's own limit does,
// so the rate limiter charges it.
type complexityLimit struct {
	Limit int
	es    graphql.ExecutableSchema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = &complexityLimit{}

// ExtensionName implements graphql.HandlerExtension; the name is
// gqlgen's, so that extension.GetComplexityStats reads the figure.
func (*complexityLimit) ExtensionName() string { return "ComplexityLimit" }

// Validate implements graphql.HandlerExtension.
func (c *complexityLimit) Validate(es graphql.ExecutableSchema) error {
	c.es = es
	return nil
}

// MutateOperationContext implements graphql.OperationContextMutator.
func (c *complexityLimit) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	op := opCtx.Doc.Operations.ForName(opCtx.OperationName)
	if op == nil {
		return nil
	}
	runs := analysisRuns{doc: opCtx.Doc, vars: opCtx.Variables, seen: map[string]bool{}, visiting: map[string]bool{}}
	runs.walk(op.SelectionSet)
	cost := complexity.Calculate(ctx, c.es, op, opCtx.Variables)
	cost += len(runs.seen) * resolvers.CostNetworkWide
	opCtx.Stats.SetExtension("ComplexityLimit", &extension.ComplexityStats{Complexity: cost, ComplexityLimit: c.Limit})
	if cost > c.Limit {
		err := gqlerror.Errorf("operation has complexity %d, which exceeds the limit of %d", cost, c.Limit)
		errcode.Set(err, apierror.CodeComplexityLimit)
		return err
	}
	return nil
}

// analysisRuns collects the distinct whole-network runs of nested
// analysis fields (resolvers.NestedAnalysis) by their arguments.
type analysisRuns struct {
	doc      *ast.QueryDocument
	vars     map[string]any
	seen     map[string]bool
	visiting map[string]bool
}

func (r *analysisRuns) walk(set ast.SelectionSet) {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if resolvers.NestedAnalysis[s.Name] && s.Definition != nil {
				key, _ := json.Marshal(s.ArgumentMap(r.vars))
				r.seen[s.Name+string(key)] = true
			}
			r.walk(s.SelectionSet)
		case *ast.InlineFragment:
			r.walk(s.SelectionSet)
		case *ast.FragmentSpread:
			if r.visiting[s.Name] {
				continue
			}
			if f := r.doc.Fragments.ForName(s.Name); f != nil {
				r.visiting[s.Name] = true
				r.walk(f.SelectionSet)
				r.visiting[s.Name] = false
			}
		}
	}
}

// fieldCap stops resolving an operation once it has resolved Max fields:
// the complexity estimate bounds paged lists, and this bounds the rest
// (lists without pages, such as a place's children), whatever the
// estimate says. Fields past the cap resolve to null with one
// RESPONSE_TOO_LARGE error, and no further resolver (so no Cypher) runs.
type fieldCap struct{ Max int64 }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
	graphql.FieldInterceptor
} = fieldCap{}

type fieldCountKey struct{}

type fieldCount struct {
	n       atomic.Int64
	refused atomic.Bool
}

// ExtensionName implements graphql.HandlerExtension.
func (fieldCap) ExtensionName() string { return "FieldCap" }

// Validate implements graphql.HandlerExtension.
func (fieldCap) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation implements graphql.OperationInterceptor.
func (fieldCap) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	return next(context.WithValue(ctx, fieldCountKey{}, &fieldCount{}))
}

// InterceptField implements graphql.FieldInterceptor.
func (c fieldCap) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	fc, _ := ctx.Value(fieldCountKey{}).(*fieldCount)
	if fc == nil || c.Max <= 0 || fc.n.Add(1) <= c.Max {
		return next(ctx)
	}
	if fc.refused.CompareAndSwap(false, true) {
		err := gqlerror.Errorf("the response would hold more than %d fields; ask for smaller pages", c.Max)
		errcode.Set(err, apierror.CodeResponseTooLarge)
		return nil, err
	}
	return nil, nil
}
