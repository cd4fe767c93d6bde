package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kiezgraph/kiezgraph/apierror"
	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/resolvers"
)

// List exports: GET /export/lists/{list}.{csv|xlsx}?filter=…&orderBy=…
// takes a root list of the API into a spreadsheet, every page of it.
//
// The rows are the GraphQL list's own: each page is one query of the
// root field with the caller's filter and order as variables, answered
// in-process by the same GraphQL handler as /graphql (resolvers, store,
// access rules, pseudonyms, input coercion and error presenter), so the
// same filter gives the same rows in the same order, and a filter the
// API refuses is refused here with the same code and message. Each page
// is charged to the caller's rate limit as the same page over /graphql
// would be.

// listPageSize is the page size of a list export: larger than a
// client's (see resolvers.WithExportPages), within the complexity limit
// and the field cap of every list's selection.
const listPageSize = resolvers.MaxExportPageSize

// listColumn is a column of a list export: its header and the path of
// its value in the GraphQL node ("contact.email"; a list on the way
// gives all its values, joined by "; ").
type listColumn struct {
	header, path string
}

// listExport is a root list that can be exported.
type listExport struct {
	// field is the root field; filterType and orderType the GraphQL
	// types of its filter and orderBy (orderType empty: no orderBy).
	field, filterType, orderType string
	// selection selects the columns' values of a node.
	selection string
	columns   []listColumn
	// pageSize, when set, is the page size of a list whose rows cost
	// more than listPageSize allows (a person's roles cost 100 items).
	pageSize int
}

// cols makes columns whose headers are their paths.
func cols(paths ...string) []listColumn {
	out := make([]listColumn, len(paths))
	for i, p := range paths {
		out[i] = listColumn{header: p, path: p}
	}
	return out
}

// metaSelection and metaColumns are the record fields every list ends with.
const metaSelection = " source lastConfirmed externalKey createdAt updatedAt"

var metaColumns = cols("source", "lastConfirmed", "externalKey", "createdAt", "updatedAt")

func withMeta(c []listColumn) []listColumn { return append(c, metaColumns...) }

// listExports are the root lists the API exports, by name.
var listExports = map[string]listExport{
	"actors": {field: "actors", filterType: "ActorFilter", orderType: "ActorOrder",
		selection: "id name kind sector public neighbourhoods { id } contact { email phone website address } keywords description validFrom validTo status" + metaSelection,
		columns: withMeta(cols("id", "name", "kind", "sector", "public", "neighbourhoods.id", "contact.email", "contact.phone",
			"contact.website", "contact.address", "keywords", "description", "validFrom", "validTo", "status"))},
	"people": {field: "people", filterType: "PersonFilter",
		selection: "id name email roles(first: 100) { edges { node { actor { id } } } }" + metaSelection, pageSize: 500,
		columns: withMeta(append(cols("id", "name", "email"), listColumn{header: "actors", path: "roles.edges.node.actor.id"}))},
	"services": {field: "services", filterType: "ServiceFilter", orderType: "ServiceOrder",
		selection: "id name provider { id name } targetGroups { code } topics { code } neighbourhoods { id } keywords description validFrom validTo status" + metaSelection,
		columns: withMeta(cols("id", "name", "provider.id", "provider.name", "targetGroups.code", "topics.code", "neighbourhoods.id",
			"keywords", "description", "validFrom", "validTo", "status"))},
	"needs": {field: "needs", filterType: "NeedFilter", orderType: "NeedOrder",
		selection: "id neighbourhood { id name } targetGroup { code } topic { code } severity description evidence { indicator value unit year } validFrom validTo" + metaSelection,
		columns: withMeta(cols("id", "neighbourhood.id", "neighbourhood.name", "targetGroup.code", "topic.code", "severity", "description",
			"evidence.indicator", "evidence.value", "evidence.unit", "evidence.year", "validFrom", "validTo"))},
	"cooperations": {field: "cooperations", filterType: "CooperationFilter", orderType: "CooperationOrder",
		selection: "id from { id name } to { id name } kind strength directed description validFrom validTo status" + metaSelection,
		columns: withMeta(cols("id", "from.id", "from.name", "to.id", "to.name", "kind", "strength", "directed", "description",
			"validFrom", "validTo", "status"))},
	"networks": {field: "networks", filterType: "NetworkFilter", orderType: "NetworkOrder",
		selection: "id name kind public neighbourhoods { id } description validFrom validTo" + metaSelection,
		columns:   withMeta(cols("id", "name", "kind", "public", "neighbourhoods.id", "description", "validFrom", "validTo"))},
	"events": {field: "events", filterType: "EventFilter", orderType: "EventOrder",
		selection: "id name kind date organiser { id name } neighbourhood { id } network { id } description" + metaSelection,
		columns: withMeta(cols("id", "name", "kind", "date", "organiser.id", "organiser.name", "neighbourhood.id", "network.id",
			"description"))},
	"neighbourhoods": {field: "neighbourhoods", filterType: "NeighbourhoodFilter", orderType: "NeighbourhoodOrder",
		selection: "id name level parent { id } officialCode population quarterManagement description" + metaSelection,
		columns: withMeta(cols("id", "name", "level", "parent.id", "officialCode", "population", "quarterManagement",
			"description"))},
}

// document is the query of one page of l.
func (l listExport) document() string {
	size := listPageSize
	if l.pageSize > 0 {
		size = l.pageSize
	}
	vars, args := "$filter: "+l.filterType+", $after: String", "filter: $filter, first: "+strconv.Itoa(size)+", after: $after"
	if l.orderType != "" {
		vars += ", $orderBy: " + l.orderType
		args += ", orderBy: $orderBy"
	}
	return "query KiezgraphListExport(" + vars + ") { list: " + l.field + "(" + args + ") { edges { node { " + l.selection +
		" } } pageInfo { hasNextPage endCursor } } }"
}

// Media types of the list exports.
const (
	mediaCSV  = "text/csv; charset=utf-8; header=present"
	mediaXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// list serves GET /export/lists/{list}.{csv|xlsx}.
func (e *exporter) list(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	name, ext, _ := strings.Cut(file, ".")
	l, ok := listExports[name]
	if !ok || (ext != "csv" && ext != "xlsx") {
		e.refuse(w, r, domain.Invalid("list", "no list export %q (want LIST.csv or LIST.xlsx, LIST one of actors, people, services, needs, cooperations, networks, events, neighbourhoods)", file))
		return
	}
	vars, err := listVariables(r, l)
	if err != nil {
		e.refuse(w, r, err)
		return
	}
	pages := &listPager{e: e, r: r, doc: l.document(), vars: vars}
	// The first page before any byte: a filter the API refuses is
	// answered with its error, not with an empty file.
	first, err := pages.next()
	if err != nil {
		e.refuse(w, r, err)
		return
	}
	filename := "kiezgraph-" + name + "-" + today().Format(time.DateOnly) + "." + ext
	if ext == "csv" {
		out := newExportWriter(w, mediaCSV, filename)
		e.finish(w, r, out, writeListCSV(out, l, first, pages))
		return
	}
	out := newExportWriter(w, mediaXLSX, filename)
	e.finish(w, r, out, writeListXLSX(out, name, l, first, pages))
}

// listVariables reads filter and orderBy, each a JSON object as the
// GraphQL variable of the same name; other parameters are refused.
func listVariables(r *http.Request, l listExport) (map[string]any, error) {
	q := r.URL.Query()
	vars := map[string]any{}
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(q)) {
		vs := q[name]
		switch {
		case name != "filter" && (name != "orderBy" || l.orderType == ""):
			takes := "filter"
			if l.orderType != "" {
				takes = "filter and orderBy"
			}
			errs = append(errs, domain.Invalid(name, "is not a parameter of this export (it takes %s)", takes))
		case len(vs) > 1:
			errs = append(errs, domain.Invalid(name, "is given %d times", len(vs)))
		default:
			var v map[string]any
			if err := json.Unmarshal([]byte(vs[0]), &v); err != nil || v == nil {
				typ := l.filterType
				if name == "orderBy" {
					typ = l.orderType
				}
				errs = append(errs, domain.Invalid(name, "must be a JSON object, the GraphQL %s", typ))
				continue
			}
			vars[name] = v
		}
	}
	return vars, errors.Join(errs...)
}

// listPager reads the pages of a list through the GraphQL handler.
type listPager struct {
	e     *exporter
	r     *http.Request
	doc   string
	vars  map[string]any
	after *string
	done  bool
	// pages counts the pages read.
	pages int
}

// listPage is the part of a page's answer a list export reads.
type listPage struct {
	Data *struct {
		List *struct {
			Edges []struct {
				Node map[string]any `json:"node"`
			} `json:"edges"`
			PageInfo struct {
				HasNextPage bool    `json:"hasNextPage"`
				EndCursor   *string `json:"endCursor"`
			} `json:"pageInfo"`
		} `json:"list"`
	} `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// errGraphQL is a GraphQL error of a page, answered as it came.
type errGraphQL struct{ refusal apierror.Refusal }

func (e *errGraphQL) Error() string { return e.refusal.Code + ": " + e.refusal.Message }

// next returns the nodes of the next page, nil after the last. A page
// after the first that the caller's rate limit refuses is asked for
// again once the limit allows it: a file already under way is slowed
// down to the limit, not broken off (the export's deadline still holds).
func (p *listPager) next() ([]map[string]any, error) {
	for {
		nodes, err := p.page()
		var ge *errGraphQL
		if p.pages == 0 || !errors.As(err, &ge) || ge.refusal.Code != apierror.CodeRateLimited {
			p.pages++
			return nodes, err
		}
		secs, _ := ge.refusal.Extensions["retryAfter"].(float64)
		select {
		case <-p.r.Context().Done():
			return nil, p.r.Context().Err()
		case <-time.After(time.Duration(max(secs, 1)) * time.Second):
		}
	}
}

// page asks the GraphQL handler for the next page.
func (p *listPager) page() ([]map[string]any, error) {
	if p.done {
		return nil, nil
	}
	if err := p.r.Context().Err(); err != nil {
		return nil, err
	}
	vars := map[string]any{"after": p.after}
	for k, v := range p.vars {
		vars[k] = v
	}
	body, err := json.Marshal(map[string]any{"query": p.doc, "variables": vars, "operationName": "KiezgraphListExport"})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(resolvers.WithExportPages(p.r.Context()), http.MethodPost, "/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", mediaJSON)
	req.Header.Set("Accept", mediaJSON)
	req.RemoteAddr = p.r.RemoteAddr
	rec := &pageRecorder{header: http.Header{}}
	p.e.graphql.ServeHTTP(rec, req)
	var page listPage
	if err := json.Unmarshal(rec.body.Bytes(), &page); err != nil {
		return nil, fmt.Errorf("list export: page answered %d: %w", rec.status, err)
	}
	if len(page.Errors) > 0 {
		ge := page.Errors[0]
		code, _ := ge.Extensions["code"].(string)
		ext := map[string]any{}
		for k, v := range ge.Extensions {
			if k != "code" && k != "requestId" {
				ext[k] = v
			}
		}
		return nil, &errGraphQL{apierror.Refusal{Status: apierror.Status(code), Code: code, Message: ge.Message, Extensions: ext}}
	}
	if page.Data == nil || page.Data.List == nil {
		return nil, fmt.Errorf("list export: page answered %d without data", rec.status)
	}
	l := page.Data.List
	nodes := make([]map[string]any, len(l.Edges))
	for i, e := range l.Edges {
		nodes[i] = e.Node
	}
	p.after, p.done = l.PageInfo.EndCursor, !l.PageInfo.HasNextPage || l.PageInfo.EndCursor == nil
	return nodes, nil
}

// pageRecorder holds the answer of one page.
type pageRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *pageRecorder) Header() http.Header         { return w.header }
func (w *pageRecorder) Write(b []byte) (int, error) { return w.body.Write(b) }
func (w *pageRecorder) WriteHeader(code int)        { w.status = code }

// each calls f with every node, the first page's and then the others'.
func (p *listPager) each(first []map[string]any, f func(map[string]any) error) error {
	for nodes := first; len(nodes) > 0; {
		for _, n := range nodes {
			if err := f(n); err != nil {
				return err
			}
		}
		var err error
		if nodes, err = p.next(); err != nil {
			return err
		}
	}
	return nil
}
