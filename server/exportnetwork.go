package server

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/export"
	"github.com/kiezgraph/kiezgraph/hsds"
	"github.com/kiezgraph/kiezgraph/insights"
	"github.com/kiezgraph/kiezgraph/store"
)

// Network exports: GET /export/{format} (see exporter.network).

// networkFormat is a file format of GET /export/{format}.
type networkFormat struct {
	contentType, ext string
	// graph is set for the formats that export.WriteGraph writes.
	graph export.Format
	// network says that kinds, scores and people apply.
	network, people bool
}

var networkFormats = map[string]networkFormat{
	"gexf":      {contentType: "application/gexf+xml", ext: "gexf", graph: export.FormatGEXF, network: true, people: true},
	"graphml":   {contentType: "application/graphml+xml", ext: "graphml", graph: export.FormatGraphML, network: true, people: true},
	"cytoscape": {contentType: "application/json", ext: "cyjs", graph: export.FormatCytoscape, network: true, people: true},
	"csv":       {contentType: "application/zip", ext: "zip", network: true, people: true},
	"geojson":   {contentType: "application/geo+json", ext: "geojson", network: true},
	"hsds":      {contentType: "application/json", ext: "json"},
}

// networkParams are the query parameters of a network export.
type networkParams struct {
	query  domain.SliceQuery
	scores bool
	people bool
	// sources, when not 0, samples betweenness from that many actors
	// (brokers(sampleSources:)).
	sources int
}

// parseNetworkParams reads scope, asOf, kinds, scores, sampleSources
// and people; any
// other parameter, or one that does not apply to the format, is refused,
// so that a misspelt parameter is not silently ignored.
func parseNetworkParams(q url.Values, f networkFormat, today time.Time) (networkParams, error) {
	var p networkParams
	p.query.AsOf = today
	var errs []error
	allowed := []string{"scope", "asOf"}
	if f.network {
		allowed = append(allowed, "kinds", "scores", "sampleSources")
	}
	if f.people {
		allowed = append(allowed, "people")
	}
	for _, name := range slices.Sorted(maps.Keys(q)) {
		vs := q[name]
		switch {
		case !slices.Contains(allowed, name):
			errs = append(errs, domain.Invalid(name, "is not a parameter of this export (it takes %s)", strings.Join(allowed, ", ")))
		case len(vs) > 1:
			errs = append(errs, domain.Invalid(name, "is given %d times", len(vs)))
		}
	}
	if v := q.Get("scope"); v != "" {
		p.query.Scope = &v
	}
	if v := q.Get("asOf"); v != "" {
		day, err := time.Parse(time.DateOnly, v)
		if err != nil {
			errs = append(errs, domain.Invalid("asOf", "must be a day, YYYY-MM-DD"))
		}
		p.query.AsOf = day
	}
	if v := q.Get("kinds"); v != "" {
		for _, k := range strings.Split(v, ",") {
			kind := domain.CooperationKind(strings.ToUpper(strings.TrimSpace(k)))
			if !domain.Valid(kind) {
				errs = append(errs, domain.Invalid("kinds", "unknown cooperation kind %q (want one of %v)", k, domain.CooperationKinds))
				continue
			}
			if !slices.Contains(p.query.Kinds, kind) {
				p.query.Kinds = append(p.query.Kinds, kind)
			}
		}
	}
	var err error
	if p.scores, err = boolParam(q, "scores"); err != nil {
		errs = append(errs, err)
	}
	if p.people, err = boolParam(q, "people"); err != nil {
		errs = append(errs, err)
	}
	if v := q.Get("sampleSources"); v != "" {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil || n < 2:
			errs = append(errs, domain.Invalid("sampleSources", "must be a whole number of at least 2"))
		case !p.scores:
			errs = append(errs, domain.Invalid("sampleSources", "samples the betweenness of scores: give scores=true too"))
		default:
			p.sources = n
		}
	}
	return p, errors.Join(errs...)
}

// boolParam reads an optional true or false.
func boolParam(q url.Values, name string) (bool, error) {
	switch q.Get(name) {
	case "", "false", "0":
		return false, nil
	case "true", "1":
		return true, nil
	}
	return false, domain.Invalid(name, "must be true or false")
}

// network serves GET /export/{format}: the cooperation network of a
// scope (the whole city without one) on a day as GEXF, GraphML,
// Cytoscape.js JSON, or Gephi's CSV lists in a ZIP archive; its
// neighbourhoods, actors and services as GeoJSON; or its services as
// HSDS 3.0 JSON. The file holds what the caller may read: the store
// applies the caller's access to every statement, people are written
// only with people=true, under keyed pseudonyms for callers who see
// people so (researchers), and never for the public, who sees no roles.
// Scores need the network: the public, who may not see it, is refused
// them (UNAUTHENTICATED) as it is refused brokers over GraphQL.
func (e *exporter) network(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("format")
	f, ok := networkFormats[name]
	if !ok {
		e.refuse(w, r, domain.Invalid("format", "unknown export format %q (want gexf, graphml, csv, cytoscape, geojson or hsds)", name))
		return
	}
	ctx := r.Context()
	acc := domain.AccessFrom(ctx)
	p, err := parseNetworkParams(r.URL.Query(), f, today())
	if err == nil && p.scores && acc.PublicOnly() {
		err = fmt.Errorf("%w: scores are computed on the cooperation network, which needs credentials", domain.ErrUnauthenticated)
	}
	if err != nil {
		e.refuse(w, r, err)
		return
	}
	if !e.charge(w, r, networkExportCost) {
		return
	}
	out := newExportWriter(w, f.contentType, exportFilename(p.query, f.ext))
	switch {
	case f.graph != "" || name == "csv":
		err = e.writeNetwork(ctx, out, name, f, p)
	case name == "geojson":
		err = e.writeGeoJSON(ctx, out, p)
	default:
		err = e.writeHSDS(ctx, out, p)
	}
	e.finish(w, r, out, err)
}

// scores are the scores of the caller's network of q, from the analyses
// the API's brokers and communities fields run: cached per caller's view
// and data version (an export after a brokers query costs nothing more),
// the same numbers, and stopped when the export's deadline passes.
// Betweenness is exact, or sampled from sources actors when sources is
// not 0, as brokers(sampleSources:) samples it. The two analyses are
// independent and run at once (they share the network the cache reads
// once): at 100 000 actors each takes minutes, so the export waits for
// the longer, not for both one after the other.
func (e *exporter) scores(ctx context.Context, q domain.SliceQuery, sources int) (map[string]export.Scores, error) {
	var (
		communities insights.Communities
		commErr     error
		wg          sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		communities, commErr = e.ins.Communities(ctx, q, 1)
	}()
	brokers, err := e.ins.Brokers(ctx, q, insights.BrokerOptions{Partition: insights.BySector, Sources: sources})
	wg.Wait()
	if err == nil {
		err = commErr
	}
	if err != nil {
		return nil, scoresHint(err, sources, e.timeout)
	}
	return export.ScoresOf(brokers, communities), nil
}

// scoresHint tells a caller whose scores ran past the export's deadline
// what to ask instead: sampled betweenness (sampleSources) when it was
// exact, and in any case a smaller scope or no scores. The answer stays
// TIMEOUT (HTTP 503), with the hint in the message and extensions.hint.
// Both analyses stop when the deadline passes (betweenness between
// batches of sources, community detection within a pass), so nothing
// computes on for a caller who has gone.
func scoresHint(err error, sources int, timeout time.Duration) error {
	if !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	hint := fmt.Sprintf("the scores of this network did not finish within the export's %s: ", timeout)
	if sources == 0 {
		hint += "sample betweenness with sampleSources (e.g. sampleSources=10000, a tenth of a 100 000-actor city or more for a ranking of brokers), or "
	}
	hint += "export a district or quarter (scope) with scores, or the network without them"
	return &domain.Hinted{Err: err, Hint: hint}
}

// writeNetwork streams the slice from Neo4j into a network format: one
// read transaction, actors, people, cooperations and roles each one
// statement read as the driver fetches it. Scores need the whole network
// first (see scores); only the scores stay while the file is written.
func (e *exporter) writeNetwork(ctx context.Context, w io.Writer, name string, f networkFormat, p networkParams) error {
	var scores map[string]export.Scores
	if p.scores {
		var err error
		if scores, err = e.scores(ctx, p.query, p.sources); err != nil {
			return err
		}
	}
	opt := export.Options{AsOf: p.query.AsOf, Kinds: p.query.Kinds, IncludePeople: p.people}
	if p.query.Scope != nil {
		opt.Scope = *p.query.Scope
	}
	pseudonymised := domain.AccessFrom(ctx).Pseudonymised()
	if pseudonymised {
		opt.Pseudonymizer = e.ps
	}
	return e.st.StreamSlice(ctx, p.query, func(sr *store.SliceReader) error {
		positions, err := sr.HasPositions()
		if err != nil {
			return err
		}
		g := export.Graph{Scores: p.scores, Positions: positions, NodeCount: -1, EdgeCount: -1,
			Actors: func(yield func(export.Actor) error) error {
				return sr.Actors(func(a domain.Actor, pt *orb.Point) error {
					x := export.Actor{Actor: a, Position: pt}
					if s, ok := scores[a.ID]; ok {
						x.Scores = &s
					}
					return yield(x)
				})
			},
			Cooperations: sr.Cooperations,
		}
		if p.people {
			g.People = func(yield func(export.Person) error) error {
				return sr.People(func(v domain.Person) error {
					if pseudonymised {
						id := e.ps.Pseudonym(v.ID)
						return yield(export.Person{ID: id, Label: id})
					}
					return yield(export.Person{ID: v.ID, Label: v.Name})
				})
			}
			g.Roles = func(yield func(export.Role) error) error {
				return sr.Roles(func(v domain.Role) error {
					r := export.Role{ID: v.ID, PersonID: v.PersonID, ActorID: v.ActorID, Span: v.Span}
					if pseudonymised {
						r.ID, r.PersonID = e.ps.RolePseudonym(v.ID), e.ps.Pseudonym(v.PersonID)
					}
					return yield(r)
				})
			}
		}
		if name == "csv" {
			return writeCSVZip(w, g, opt)
		}
		return export.WriteGraph(w, f.graph, g, opt)
	})
}

// writeCSVZip writes Gephi's two CSV lists as nodes.csv and edges.csv of
// one ZIP archive, one after the other as they are read.
func writeCSVZip(w io.Writer, g export.Graph, opt export.Options) error {
	zw := zip.NewWriter(w)
	modified := opt.AsOf
	nodes, err := zw.CreateHeader(&zip.FileHeader{Name: "nodes.csv", Method: zip.Deflate, Modified: modified})
	if err != nil {
		return err
	}
	var edges io.Writer
	lazyEdges := writerFunc(func(b []byte) (int, error) {
		if edges == nil {
			var err error
			if edges, err = zw.CreateHeader(&zip.FileHeader{Name: "edges.csv", Method: zip.Deflate, Modified: modified}); err != nil {
				return 0, err
			}
		}
		return edges.Write(b)
	})
	if err := export.WriteGraphCSV(nodes, lazyEdges, g, opt); err != nil {
		return err
	}
	return zw.Close()
}

// writeGeoJSON streams the scope's outlined neighbourhoods, the slice's
// actors (with scores when asked) and the services valid on the day, at
// their locations, as the command line's export writes them
// (export.WriteGeoStream): one read transaction, one statement each for
// the actors and the services, each record written as the driver
// fetches it. Only the outlines (hundreds) and the scores are held.
func (e *exporter) writeGeoJSON(ctx context.Context, w io.Writer, p networkParams) error {
	var scores map[string]export.Scores
	if p.scores {
		var err error
		if scores, err = e.scores(ctx, p.query, p.sources); err != nil {
			return err
		}
	}
	return e.st.StreamSlice(ctx, p.query, func(sr *store.SliceReader) error {
		scope := ""
		if p.query.Scope != nil {
			scope = *p.query.Scope
		}
		outlines, err := e.st.OutlinesWithin(ctx, scope, nil)
		if err != nil {
			return err
		}
		g := export.GeoStream{Scores: scores, Actors: sr.ActorsLocated,
			Services: func(yield func(domain.Service, []domain.Location) error) error {
				return sr.Services(store.ServicesByID, func(s store.SliceService) error { return yield(s.Service, s.Locations) })
			}}
		for _, o := range outlines {
			g.Neighbourhoods = append(g.Neighbourhoods, export.Outline{Neighbourhood: o.Neighbourhood, Geometry: o.Geometry})
		}
		return export.WriteGeoStream(w, g)
	})
}

// writeHSDS streams the services valid on the day that reach the scope
// as HSDS 3.0 JSON, as the command line's export writes them
// (hsds.WriteStream): their count, then one statement whose records,
// each a service with its provider, areas and locations, are written as
// the driver fetches them, in one read transaction.
func (e *exporter) writeHSDS(ctx context.Context, w io.Writer, p networkParams) error {
	vocabulary, err := hsds.LoadVocabulary(ctx, e.st)
	if err != nil {
		return err
	}
	return e.st.StreamSlice(ctx, p.query, func(sr *store.SliceReader) error {
		n, err := sr.CountServices()
		if err != nil {
			return err
		}
		_, err = hsds.WriteStream(w, hsds.Stream{Total: n, Vocabulary: vocabulary,
			Services: func(yield func(hsds.Item) error) error {
				return sr.Services(store.ServicesByName, func(s store.SliceService) error {
					return yield(hsds.Item{Service: s.Service, Provider: s.Provider, Areas: s.Areas, Locations: s.Locations})
				})
			}})
		return err
	})
}
