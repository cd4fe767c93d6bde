// Package resolvers maps GraphQL to kiezgraph's domain and back. Resolvers
// stay thin: they convert input into domain values (the domain's rules
// check them: domain.Prepare), ask the store (an interface, Store) (batched per
// request through dataloaders, so round trips grow with query depth, not
// with result size), and shape connections. The error presenter that
// turns domain errors into stable extensions.code values lives here too.
package resolvers

import (
	"log/slog"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/export"
	"github.com/kiezgraph/kiezgraph/graph"
	"github.com/kiezgraph/kiezgraph/insights"
	"github.com/kiezgraph/kiezgraph/live"
	"github.com/kiezgraph/kiezgraph/store"
)

// Resolver is the root of all resolvers.
type Resolver struct {
	Store    Store
	Insights *insights.Service
	Log      *slog.Logger
	// Today returns the current day; asOf defaults to it.
	Today func() time.Time
	// Pseudonyms names people for callers who may not see their names.
	Pseudonyms *export.Pseudonymizer
	// Live announces changes to subscribers; nil refuses subscriptions.
	Live *live.Hub
	// Catalogue describes the city's monitoring indicators.
	Catalogue *domain.IndicatorCatalogue
}

// New returns a resolver over st; pseudonyms names people for researchers.
func New(st *store.Store, pseudonyms *export.Pseudonymizer, log *slog.Logger) *Resolver {
	return &Resolver{Store: st, Insights: insights.NewService(st), Log: log, Pseudonyms: pseudonyms, Catalogue: domain.MSSCatalogue(), Today: func() time.Time {
		y, m, d := time.Now().UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}}
}

// Schema returns the executable schema with its directives.
func (r *Resolver) Schema() graph.Config {
	cfg := graph.Config{Resolvers: r}
	cfg.Directives.PersonalData = r.personalData
	cfg.Directives.HasRole = hasRole
	setComplexity(&cfg.Complexity)
	return cfg
}
