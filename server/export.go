package server

import (
	"archive/zip"
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/kiezgraph/kiezgraph/apierror"
	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/export"
	"github.com/kiezgraph/kiezgraph/hsds"
	"github.com/kiezgraph/kiezgraph/insights"
	"github.com/kiezgraph/kiezgraph/resolvers"
	"github.com/kiezgraph/kiezgraph/store"
)

// Exports through the API: GET /export/{format} writes the caller's part
// of the network as a file (see exporter.network), GET
// /export/lists/{list}.{csv|xlsx} a root list as a spreadsheet (see
// exporter.list). Both sit behind the same authentication, rate limiter
// and request ids as /graphql (see NewService), but not behind its
// deadline: http.TimeoutHandler holds the whole response in memory,
// which is what a streamed export must not do. An export has a deadline
// of its own, Config.ExportTimeout.
//
// Access is the store's: every statement an export runs carries the
// caller's access in its context, so a file holds exactly what the
// caller's GraphQL reads would show.

// ExportPath is the prefix of every export.
const ExportPath = "/export/"

// networkExportCost is what a network export charges the caller's rate
// limit on top of the request's point: about a GraphQL query that reads
// a thousand records with ten fields each. List exports are charged
// page by page, as the same pages over /graphql are.
const networkExportCost = 10_000

// exportBuffer is how much of a file is held before the first bytes go
// out: a failure before them is answered with an error envelope, one
// after them breaks the connection off, so that no client mistakes a
// truncated file for a whole one.
const exportBuffer = 64 << 10

// exporter serves the exports.
type exporter struct {
	st      *store.Store
	ins     *insights.Service
	ps      *export.Pseudonymizer
	log     *slog.Logger
	lim     *limiter
	timeout time.Duration
	// graphql answers the list exports' pages (see exportlists.go).
	graphql http.Handler
	present func(context.Context, error) apierror.Refusal
	mux     *http.ServeMux
}

func newExporter(st *store.Store, ins *insights.Service, ps *export.Pseudonymizer, lim *limiter, timeout time.Duration, graphql http.Handler, log *slog.Logger) *exporter {
	e := &exporter{st: st, ins: ins, ps: ps, log: log, lim: lim, timeout: timeout, graphql: graphql, mux: http.NewServeMux()}
	presenter := resolvers.ErrorPresenter(log)
	e.present = func(ctx context.Context, err error) apierror.Refusal {
		g := presenter(ctx, err)
		code, _ := g.Extensions["code"].(string)
		ext := map[string]any{}
		for k, v := range g.Extensions {
			if k != "code" && k != "requestId" {
				ext[k] = v
			}
		}
		return apierror.Refusal{Status: apierror.Status(code), Code: code, Message: g.Message, Extensions: ext}
	}
	e.mux.HandleFunc("GET "+ExportPath+"lists/{file}", e.list)
	e.mux.HandleFunc("GET "+ExportPath+"{format}", e.network)
	e.mux.HandleFunc(ExportPath, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			apierror.Refusal{Status: http.StatusMethodNotAllowed, Code: apierror.CodeMethodNotAllowed,
				Message: "exports are read with GET"}.Write(w, r)
			return
		}
		e.refuse(w, r, domain.Invalid("format", "no export here: exports are %sFORMAT and %slists/LIST.csv or .xlsx", ExportPath, ExportPath))
	})
	return e
}

func (e *exporter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), e.timeout)
	defer cancel()
	e.mux.ServeHTTP(w, r.WithContext(ctx))
}

// refuse answers r with err as the one error envelope (apierror.Refusal),
// with the code and message the GraphQL error presenter gives err.
func (e *exporter) refuse(w http.ResponseWriter, r *http.Request, err error) {
	var ge *errGraphQL
	if errors.As(err, &ge) {
		// A page's own GraphQL error, as /graphql answered it.
		if secs, ok := ge.refusal.Extensions["retryAfter"].(float64); ok {
			w.Header().Set("Retry-After", strconv.FormatInt(int64(secs), 10))
		}
		ge.refusal.Write(w, r)
		return
	}
	f := e.present(r.Context(), err)
	if f.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="kiezgraph"`)
	}
	f.Write(w, r)
}

// charge takes points more from the caller's rate limit, or answers 429
// and reports false.
func (e *exporter) charge(w http.ResponseWriter, r *http.Request, points int) bool {
	state, ok := r.Context().Value(limitKey{}).(*limitState)
	if !ok {
		return true // rate limits are off
	}
	if wait := e.lim.take(state.bucket, points, e.lim.now()); wait > 0 {
		e.lim.refuseHTTP(w, r, retrySeconds(wait))
		return false
	}
	return true
}

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
}

// parseNetworkParams reads scope, asOf, kinds, scores and people; any
// other parameter, or one that does not apply to the format, is refused,
// so that a misspelt parameter is not silently ignored.
func parseNetworkParams(q url.Values, f networkFormat, today time.Time) (networkParams, error) {
	var p networkParams
	p.query.AsOf = today
	var errs []error
	allowed := []string{"scope", "asOf"}
	if f.network {
		allowed = append(allowed, "kinds", "scores")
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
// them (FORBIDDEN) as it is refused brokers over GraphQL.
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
		_, err = hsds.Export(ctx, e.st, hsds.Query{Scope: p.query.Scope, AsOf: p.query.AsOf}, out)
	}
	e.finish(w, r, out, err)
}

// finish ends an export: the buffer goes out, or the failure is
// answered (before the first byte) or breaks the response off (after).
func (e *exporter) finish(w http.ResponseWriter, r *http.Request, out *exportWriter, err error) {
	if err == nil {
		err = out.Flush()
	}
	if err == nil {
		return
	}
	if !out.started {
		e.refuse(w, r, err)
		return
	}
	e.log.WarnContext(r.Context(), "export broken off", "requestId", resolvers.RequestID(r.Context()), "path", r.URL.Path, "err", err)
	panic(http.ErrAbortHandler)
}

// today is the day exports see the network as of by default, in UTC.
func today() time.Time {
	y, m, d := time.Now().UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// exportFilename names a network export after its scope and day.
func exportFilename(q domain.SliceQuery, ext string) string {
	scope := "city"
	if q.Scope != nil {
		scope = *q.Scope
	}
	return "kiezgraph-" + safeFilePart(scope) + "-" + q.AsOf.Format(time.DateOnly) + "." + ext
}

// safeFilePart keeps the characters of s that every file system and
// header accepts.
func safeFilePart(s string) string {
	s = strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, s)
	if len(s) > 64 {
		s = s[:64]
	}
	return s
}

// exportWriter is the response of an export: it holds the first
// exportBuffer bytes and sends the headers of a download (status 200,
// content type, Content-Disposition: attachment) only with them.
type exportWriter struct {
	*bufio.Writer
	started bool
}

func newExportWriter(w http.ResponseWriter, contentType, filename string) *exportWriter {
	out := &exportWriter{}
	out.Writer = bufio.NewWriterSize(writerFunc(func(b []byte) (int, error) {
		if !out.started {
			out.started = true
			h := w.Header()
			h.Set("Content-Type", contentType)
			h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
			h.Set("X-Content-Type-Options", "nosniff")
			// Exports hold what one caller may read: no shared cache keeps them.
			h.Set("Cache-Control", "private, no-store")
			w.WriteHeader(http.StatusOK)
		}
		return w.Write(b)
	}), exportBuffer)
	return out
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// scores are the scores of the caller's network of q, from the analyses
// the API's brokers and communities fields run: cached per caller's view
// and data version (an export after a brokers query costs nothing more),
// the same numbers, and stopped when the export's deadline passes.
func (e *exporter) scores(ctx context.Context, q domain.SliceQuery) (map[string]export.Scores, error) {
	brokers, err := e.ins.Brokers(ctx, q, insights.BrokerOptions{Partition: insights.BySector})
	if err != nil {
		return nil, err
	}
	communities, err := e.ins.Communities(ctx, q, 1)
	if err != nil {
		return nil, err
	}
	return export.ScoresOf(brokers, communities), nil
}

// writeNetwork streams the slice from Neo4j into a network format: one
// read transaction, actors, people, cooperations and roles each one
// statement read as the driver fetches it. Scores need the whole network
// first (see scores); only the scores stay while the file is written.
func (e *exporter) writeNetwork(ctx context.Context, w io.Writer, name string, f networkFormat, p networkParams) error {
	var scores map[string]export.Scores
	if p.scores {
		var err error
		if scores, err = e.scores(ctx, p.query); err != nil {
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

// writeGeoJSON writes the scope's outlined neighbourhoods, the slice's
// actors (with scores when asked) and the services valid on the day, at
// their locations, as the command line's export does. It is not
// streamed: export.WriteGeoJSON writes one FeatureCollection.
func (e *exporter) writeGeoJSON(ctx context.Context, w io.Writer, p networkParams) error {
	var geo export.GeoDataset
	if p.scores {
		var err error
		if geo.Scores, err = e.scores(ctx, p.query); err != nil {
			return err
		}
	}
	// The actors as the network formats read them: with the
	// neighbourhoods the caller sees.
	err := e.st.StreamSlice(ctx, p.query, func(sr *store.SliceReader) error {
		return sr.Actors(func(a domain.Actor, _ *orb.Point) error {
			geo.Actors = append(geo.Actors, a)
			return nil
		})
	})
	if err != nil {
		return err
	}
	scope := ""
	if p.query.Scope != nil {
		scope = *p.query.Scope
	}
	outlines, err := e.st.OutlinesWithin(ctx, scope, nil)
	if err != nil {
		return err
	}
	for _, o := range outlines {
		geo.Neighbourhoods = append(geo.Neighbourhoods, export.Outline{Neighbourhood: o.Neighbourhood, Geometry: o.Geometry})
	}
	svc, err := hsds.Load(ctx, e.st, hsds.Query{Scope: p.query.Scope, AsOf: p.query.AsOf})
	if err != nil {
		return err
	}
	geo.Services, geo.Locations = svc.Services, svc.Locations
	ids := make([]string, len(geo.Actors))
	for i, a := range geo.Actors {
		ids[i] = a.ID
	}
	actorLocs, err := e.st.ActorLocations(ctx, ids)
	if err != nil {
		return err
	}
	for id, ls := range actorLocs {
		geo.Locations[id] = ls
	}
	return export.WriteGeoJSON(w, geo)
}
