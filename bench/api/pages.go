package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// page is one root-list page timed by `apibench pages`: a JSON line of
// the results file, after its size's run line.
type page struct {
	Kind string `json:"kind"` // "page"
	Size string `json:"size"`
	// List is the root field, Order its orderBy field ("" for the
	// list's default order), After how many items come before the page.
	List  string `json:"list"`
	Order string `json:"order,omitempty"`
	After int    `json:"after"`
	// Items is how many the page held (at most pageSize).
	Items    int     `json:"items"`
	Requests int     `json:"requests"`
	P50ms    float64 `json:"p50ms"`
	P99ms    float64 `json:"p99ms"`
	MaxMs    float64 `json:"maxMs"`
	// Neo4jCPUmsPerRequest is Neo4j's CPU time over the requests,
	// divided by their number.
	Neo4jCPUmsPerRequest float64 `json:"neo4jCpuMsPerRequest"`
}

// pageSize is what a dashboard shows at once, the root lists' default.
const pageSize = 20

// A page slower than slowPage at its first request is timed with
// slowRequests requests, and its deep page not at all: a list that
// reads the whole city for every page would hold a run at 100 000
// actors for an hour, and its p50 is plain after a few.
const (
	slowPage     = time.Second
	slowRequests = 5
)

// skippedOrders are orders no index can serve: BETWEENNESS sorts by an
// analysis of the whole city, computed once per data version (minutes
// at 100 000 actors) and cached; its pages are not what issue 14's page
// target is about.
var skippedOrders = map[string]bool{"BETWEENNESS": true}

// rootList is a root connection field of the schema, as introspection
// describes it.
type rootList struct {
	Name string
	// Orders are the values of its orderBy input's field enum.
	Orders []string
	// Named says the node type has a name field, selected as a list
	// shows it.
	Named bool
	// Args are arguments the field requires, with the values asked.
	Args string
}

// requiredArgs are values for root lists that cannot be asked without
// them: the records confirmed before today; the places lists within the
// first district (as a map's viewport is).
func requiredArgs(list string, district string) string {
	switch list {
	case "staleRecords":
		return fmt.Sprintf("confirmedBefore: %q", time.Now().UTC().Format(time.DateOnly))
	case "servicesByPlace", "actorsByPlace":
		return fmt.Sprintf("within: %q", district)
	}
	return ""
}

const introspectionQuery = `{ __schema { queryType { fields {
  name
  args { name type { kind name ofType { kind name } } }
  type { kind name ofType { kind name } }
} } }
  types: __schema { types { name kind
    fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
    inputFields { name type { kind name ofType { kind name } } }
    enumValues { name }
  } } }`

// introspectedType is the part of __Type the discovery reads.
type introspectedType struct {
	Kind   string
	Name   string
	OfType *introspectedType
}

func (t *introspectedType) named() string {
	for t != nil && t.Name == "" {
		t = t.OfType
	}
	if t == nil {
		return ""
	}
	return t.Name
}

// rootLists finds the schema's root connection fields, their orders and
// whether their nodes have a name, by introspection: a list added to
// the schema is timed without a change here.
func rootLists(ctx context.Context, client *http.Client, srv server, district string) ([]rootList, error) {
	body, err := json.Marshal(map[string]any{"query": introspectionQuery})
	if err != nil {
		return nil, err
	}
	answer, err := post(ctx, client, call{srv: srv, body: body})
	if err != nil {
		return nil, fmt.Errorf("introspection: %w", err)
	}
	var r struct {
		Data struct {
			Schema struct {
				QueryType struct {
					Fields []struct {
						Name string
						Args []struct {
							Name string
							Type introspectedType
						}
						Type introspectedType
					}
				}
			} `json:"__schema"`
			Types struct {
				Types []struct {
					Name, Kind string
					Fields     []struct {
						Name string
						Type introspectedType
					}
					InputFields []struct {
						Name string
						Type introspectedType
					}
					EnumValues []struct{ Name string }
				}
			}
		}
	}
	if err := json.Unmarshal(answer, &r); err != nil {
		return nil, fmt.Errorf("introspection: %w", err)
	}
	types := map[string]int{}
	for i, t := range r.Data.Types.Types {
		types[t.Name] = i
	}
	fieldType := func(typeName, field string) string {
		i, ok := types[typeName]
		if !ok {
			return ""
		}
		for _, f := range r.Data.Types.Types[i].Fields {
			if f.Name == field {
				return f.Type.named()
			}
		}
		return ""
	}
	var lists []rootList
	for _, f := range r.Data.Schema.QueryType.Fields {
		conn := f.Type.named()
		if !strings.HasSuffix(conn, "Connection") {
			continue
		}
		l := rootList{Name: f.Name, Args: requiredArgs(f.Name, district)}
		edge := fieldType(conn, "edges")
		l.Named = fieldType(fieldType(edge, "node"), "name") != ""
		for _, a := range f.Args {
			if a.Name != "orderBy" {
				continue
			}
			input := a.Type.named()
			if i, ok := types[input]; ok {
				for _, in := range r.Data.Types.Types[i].InputFields {
					if in.Name != "field" {
						continue
					}
					if e, ok := types[in.Type.named()]; ok {
						for _, v := range r.Data.Types.Types[e].EnumValues {
							if !skippedOrders[v.Name] {
								l.Orders = append(l.Orders, v.Name)
							}
						}
					}
				}
			}
		}
		lists = append(lists, l)
	}
	slices.SortFunc(lists, func(a, b rootList) int { return strings.Compare(a.Name, b.Name) })
	return lists, nil
}

// pageDocument is the query of one page of l in order (default when
// ""), after the cursor in $after.
func pageDocument(l rootList, order string, first int) string {
	args := []string{fmt.Sprintf("first: %d", first), "after: $after"}
	if order != "" {
		args = append(args, fmt.Sprintf("orderBy: {field: %s}", order))
	}
	if l.Args != "" {
		args = append(args, l.Args)
	}
	node := "id"
	if l.Named {
		node = "id name"
	}
	return fmt.Sprintf("query Page($after: String) { list: %s(%s) { edges { node { %s } } pageInfo { hasNextPage endCursor } } }",
		l.Name, strings.Join(args, ", "), node)
}

// pageAnswer is what a page's answer tells the probe.
type pageAnswer struct {
	items     int
	next      bool
	endCursor *string
}

func askPage(ctx context.Context, client *http.Client, srv server, doc string, after *string) (pageAnswer, error) {
	body, err := json.Marshal(map[string]any{"query": doc, "variables": map[string]any{"after": after}})
	if err != nil {
		return pageAnswer{}, err
	}
	answer, err := post(ctx, client, call{srv: srv, body: body})
	if err != nil {
		return pageAnswer{}, err
	}
	var r struct {
		Data struct {
			List struct {
				Edges    []json.RawMessage
				PageInfo struct {
					HasNextPage bool
					EndCursor   *string
				}
			}
		}
	}
	if err := json.Unmarshal(answer, &r); err != nil {
		return pageAnswer{}, fmt.Errorf("page: %w", err)
	}
	return pageAnswer{items: len(r.Data.List.Edges), next: r.Data.List.PageInfo.HasNextPage, endCursor: r.Data.List.PageInfo.EndCursor}, nil
}

// pagesConfig is what `apibench pages` reads from its flags.
type pagesConfig struct {
	size             string
	kiezgraph        server
	neo4jPID, clkTck int
	requests, warmup int
	deep             int
	out, commit      string
	writeRun         bool
}

// runPages times, one request at a time, the first page and a page
// after -deep items of every root list in every order an index can
// serve, as a dashboard pages through them: issue 14's target is a page
// of any root list in ≤ 20 ms at p50 at 100 000 actors on an idle
// machine.
func runPages(ctx context.Context, args []string, getenv func(string) string) (err error) {
	var c pagesConfig
	fs := flag.NewFlagSet("apibench pages", flag.ContinueOnError)
	fs.StringVar(&c.size, "size", "", "label of the city's size, e.g. 100000 (actors)")
	fs.StringVar(&c.kiezgraph.URL, "kiezgraph", "", "kiezgraph's GraphQL URL")
	fs.IntVar(&c.neo4jPID, "neo4j-pid", 0, "Neo4j's process id")
	fs.IntVar(&c.clkTck, "clk-tck", 100, "clock ticks per second (getconf CLK_TCK)")
	fs.IntVar(&c.requests, "requests", 50, "timed requests per page")
	fs.IntVar(&c.warmup, "warmup", 5, "untimed requests per page first")
	fs.IntVar(&c.deep, "deep", 1000, "items before the deep page")
	fs.StringVar(&c.out, "out", "", "results file to append the pages to")
	fs.StringVar(&c.commit, "commit", "", "the kiezgraph commit measured")
	fs.BoolVar(&c.writeRun, "run-line", false, "write the size's run line first (a run of pages alone)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.size == "" || c.kiezgraph.URL == "" || c.neo4jPID == 0 || c.out == "" {
		return fmt.Errorf("pages: -size, -kiezgraph, -neo4j-pid and -out are required")
	}
	c.kiezgraph.Name, c.kiezgraph.Token = "kiezgraph", getenv("KIEZGRAPH_TOKEN")
	driver, err := neo4j.NewDriverWithContext(getenv("NEO4J_URI"), neo4j.BasicAuth("neo4j", getenv("NEO4J_PASSWORD"), ""))
	if err != nil {
		return fmt.Errorf("neo4j driver: %w", err)
	}
	defer driver.Close(ctx)
	vars, err := discover(ctx, driver, c.deep)
	if err != nil {
		return err
	}
	district, _ := vars["district"].(string)
	client := &http.Client{Timeout: 2 * time.Minute}
	lists, err := rootLists(ctx, client, c.kiezgraph, district)
	if err != nil {
		return err
	}
	f, closeResults, err := appendResults(c.out)
	if err != nil {
		return err
	}
	defer closeResults(&err)
	var slow bool
	if c.writeRun {
		m, err := machine(ctx, driver, config{size: c.size, commit: c.commit}, vars)
		if err != nil {
			return err
		}
		if err := writeLine(f, m); err != nil {
			return err
		}
	}
	for _, l := range lists {
		for _, order := range append([]string{""}, l.Orders...) {
			for _, deep := range []bool{false, true} {
				if deep && slow {
					log.Printf("%s page %s %s: no deep page, the first took over %v", c.size, l.Name, order, slowPage)
					continue
				}
				p, ok, err := c.timePage(ctx, client, l, order, deep)
				slow = !deep && ok && p.Requests < c.requests
				if err != nil {
					return fmt.Errorf("%s %s: %w", l.Name, order, err)
				}
				if !ok {
					continue
				}
				log.Printf("%s page %-16s %-14s after %5d: %2d items, p50 %6.1f ms p99 %6.1f ms, Neo4j %.2f ms CPU/req",
					p.Size, p.List, p.Order, p.After, p.Items, p.P50ms, p.P99ms, p.Neo4jCPUmsPerRequest)
				if err := writeLine(f, p); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// timePage times one page of l: the first, or the one after c.deep items
// (reached through cursors, 100 at a time, as a client would; ok is
// false when the list ends before it).
func (c pagesConfig) timePage(ctx context.Context, client *http.Client, l rootList, order string, deep bool) (page, bool, error) {
	p := page{Kind: "page", Size: c.size, List: l.Name, Order: order, Requests: c.requests}
	var after *string
	if deep {
		walk := pageDocument(l, order, 100)
		for p.After < c.deep {
			a, err := askPage(ctx, client, c.kiezgraph, walk, after)
			if err != nil {
				return p, false, err
			}
			if !a.next || a.endCursor == nil {
				return p, false, nil
			}
			p.After += a.items
			after = a.endCursor
		}
	}
	doc := pageDocument(l, order, pageSize)
	for i := range c.warmup {
		start := time.Now()
		if _, err := askPage(ctx, client, c.kiezgraph, doc, after); err != nil {
			return p, false, err
		}
		if i == 0 && time.Since(start) > slowPage {
			p.Requests = min(p.Requests, slowRequests)
			break
		}
	}
	before, err := cpuTicks(c.neo4jPID)
	if err != nil {
		return p, false, err
	}
	took := make([]time.Duration, 0, p.Requests)
	for range p.Requests {
		start := time.Now()
		a, err := askPage(ctx, client, c.kiezgraph, doc, after)
		if err != nil {
			return p, false, err
		}
		took = append(took, time.Since(start))
		p.Items = a.items
	}
	afterTicks, err := cpuTicks(c.neo4jPID)
	if err != nil {
		return p, false, err
	}
	sorted := sortedCopy(took)
	p.P50ms, p.P99ms, p.MaxMs = ms(percentile(sorted, 0.5)), ms(percentile(sorted, 0.99)), ms(sorted[len(sorted)-1])
	p.Neo4jCPUmsPerRequest = float64(afterTicks-before) * 1000 / float64(c.clkTck) / float64(p.Requests)
	return p, true, nil
}
