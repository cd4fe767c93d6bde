package server_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// listActorFields and listServiceFields are every field of an actor and a
// service, as a query selects them; the lists read the parts of a record
// only for the fields that need them (store.projection), so each field
// is asked alone below and must answer as when everything is asked.
var (
	listActorFields = map[string]string{
		"name": "name", "kind": "kind", "sector": "sector", "public": "public",
		"description": "description", "keywords": "keywords",
		"contact":       "contact { email phone website address }",
		"contactPoints": "contactPoints { id function phone email openingHours { days opens closes note } languages role { id } }",
		"validFrom":     "validFrom", "validTo": "validTo", "source": "source", "lastConfirmed": "lastConfirmed",
		"status": "status", "externalKey": "externalKey", "createdAt": "createdAt", "updatedAt": "updatedAt",
		"neighbourhoods": "neighbourhoods { id }", "locations": "locations { id }",
		"operator": "... on Institution { operator }", "__typename": "__typename",
	}
	listServiceFields = map[string]string{
		"name": "name", "description": "description", "keywords": "keywords",
		"provider": "provider { id name kind description contact { email } contactPoints { id } ... on Institution { operator } }", "targetGroups": "targetGroups { id code labelDe labelEn description }", "topics": "topics { id }",
		"neighbourhoods": "neighbourhoods { id }", "locations": "locations { id }",
		"contactPoints":   "contactPoints { id function phone email openingHours { days opens closes note } languages role { id } }",
		"responsibleRole": "responsibleRole { id }",
		"validFrom":       "validFrom", "validTo": "validTo", "source": "source", "lastConfirmed": "lastConfirmed",
		"status": "status", "externalKey": "externalKey", "createdAt": "createdAt", "updatedAt": "updatedAt",
	}
	// listRelationFields are fields with arguments that read the record's
	// id alone, each through a list of its own: not among the parts.
	listRelationFields = []string{"services", "partners", "roles", "memberships", "events", "brokerage"}
)

// TestListsReadWhatTheirFieldsNeed asks every list of actors and
// services once with all fields and once per field alone: the answers
// must agree, item by item, so that reading less for a smaller selection
// never answers differently. The lists: the root lists, a
// neighbourhood's actors and services, an actor's services, an actor's
// partners and an event's participants.
func TestListsReadWhatTheirFieldsNeed(t *testing.T) {
	needNeo4j(t)
	for _, typ := range []struct {
		name   string
		fields map[string]string
	}{{"Organisation", listActorFields}, {"Institution", listActorFields}, {"Service", listServiceFields}} {
		for _, f := range schemaFields(t, typ.name) {
			if _, ok := typ.fields[f]; !ok && f != "id" && !slices.Contains(listRelationFields, f) {
				t.Errorf("%s.%s is neither asked by this test nor a relation read by id: add it, and to the store's parts if it reads one", typ.name, f)
			}
		}
	}
	lists := []struct {
		name, query string
		fields      map[string]string
		// path leads to the list of nodes, flattened across parents.
		path []string
	}{
		{"root actors", `{ l: actors(first: 100, filter: {includeEnded: true}) { edges { node { id %s } } } }`, listActorFields, []string{"l"}},
		{"root services", `{ l: services(first: 100, filter: {includeEnded: true}) { edges { node { id %s } } } }`, listServiceFields, []string{"l"}},
		{"a neighbourhood's actors", `{ n: neighbourhood(id: "nbh_nord") { l: actors(first: 100) { edges { node { id %s } } } } }`, listActorFields, []string{"n", "l"}},
		{"a neighbourhood's services", `{ n: neighbourhood(id: "nbh_nord") { l: services(first: 100) { edges { node { id %s } } } } }`, listServiceFields, []string{"n", "l"}},
		{"actors' services", `{ a: actors(first: 40) { edges { node { l: services(first: 50) { edges { node { id %s } } } } } } }`, listServiceFields, []string{"a", "l"}},
		{"actors' partners", `{ a: actors(first: 40) { edges { node { l: partners(first: 50) { edges { node { id %s } } } } } } }`, listActorFields, []string{"a", "l"}},
		{"events' participants", `{ a: events(first: 40) { edges { node { l: participants(first: 50) { edges { node { id %s } } } } } } }`, listActorFields, []string{"a", "l"}},
	}
	for _, l := range lists {
		t.Run(l.name, func(t *testing.T) {
			var all []string
			for _, sel := range l.fields {
				all = append(all, sel)
			}
			selection := strings.Join(all, " ")
			full := listNodes(t, mustPost(t, fmt.Sprintf(l.query, selection), nil), l.path)
			if len(full) < 5 {
				t.Fatalf("%d items: too few to compare", len(full))
			}
			// The reference reads each record whole, by id, as lookups
			// do: not through a list's projection.
			typ := "Actor"
			if _, ok := l.fields["provider"]; ok {
				typ = "Service"
			}
			ref := nodesByID(t, full, typ, selection)
			check := func(name string, got []map[string]any, fields []string) {
				if len(got) != len(full) {
					t.Fatalf("%s: %d items, with all fields %d", name, len(got), len(full))
				}
				for i := range got {
					if got[i]["id"] != full[i]["id"] {
						t.Fatalf("%s: item %d is %v, with all fields %v", name, i, got[i]["id"], full[i]["id"])
					}
					want := ref[got[i]["id"].(string)]
					for _, f := range fields {
						if !reflect.DeepEqual(got[i][f], want[f]) {
							t.Errorf("%s: %s of %v is %s in the list, %s read whole", name, f, got[i]["id"], jsonOf(got[i][f]), jsonOf(want[f]))
						}
					}
				}
			}
			var names []string
			for name := range l.fields {
				names = append(names, name)
			}
			check("all fields", full, names)
			for name, sel := range l.fields {
				check(name+" alone", listNodes(t, mustPost(t, fmt.Sprintf(l.query, sel), nil), l.path), []string{name})
			}
		})
	}
	// The comparisons mean something only where the demo city has values.
	full := listNodes(t, mustPost(t, `{ l: services(first: 100, filter: {includeEnded: true}) { edges { node { id description keywords provider { id } targetGroups { id } contactPoints { id } responsibleRole { id } } } } }`, nil), []string{"l"})
	for _, f := range []string{"description", "keywords", "provider", "targetGroups", "contactPoints", "responsibleRole"} {
		if !slices.ContainsFunc(full, func(n map[string]any) bool { return !isZero(n[f]) }) {
			t.Errorf("no service of the demo city's first 100 has %s: the comparison of that field says nothing", f)
		}
	}
	full = listNodes(t, mustPost(t, `{ l: actors(first: 100, filter: {includeEnded: true}) { edges { node { id description keywords contact { email phone website address } contactPoints { id } } } } }`, nil), []string{"l"})
	for _, f := range []string{"description", "keywords", "contact", "contactPoints"} {
		if !slices.ContainsFunc(full, func(n map[string]any) bool { return !isZero(n[f]) }) {
			t.Errorf("no actor of the demo city's first 100 has %s: the comparison of that field says nothing", f)
		}
	}
}

// nodesByID reads the records of items (of type typ) by id with selection, as the
// lookup node(id:) does, 100 at a time.
func nodesByID(t *testing.T, items []map[string]any, typ, selection string) map[string]map[string]any {
	t.Helper()
	var ids []string
	for _, n := range items {
		if id := n["id"].(string); !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	out := map[string]map[string]any{}
	for start := 0; start < len(ids); start += 100 {
		batch := ids[start:min(start+100, len(ids))]
		d := mustPost(t, fmt.Sprintf(`query($ids: [ID!]!) { nodes(ids: $ids) { id ... on %s { %s } } }`, typ, selection), map[string]any{"ids": batch})
		for _, n := range asList(d["nodes"]) {
			m := n.(map[string]any)
			out[m["id"].(string)] = m
		}
	}
	if len(out) != len(ids) {
		t.Fatalf("nodes(ids:) found %d of %d records", len(out), len(ids))
	}
	return out
}

// listNodes flattens the nodes of the connection at path: the last key
// names a connection in each object the keys before it lead to.
func listNodes(t *testing.T, data map[string]any, path []string) []map[string]any {
	t.Helper()
	parents := []any{data}
	for _, k := range path[:len(path)-1] {
		var next []any
		for _, p := range parents {
			v := get(p, k)
			if edges, ok := get(v, "edges").([]any); ok {
				for _, e := range edges {
					next = append(next, get(e, "node"))
				}
			} else if v != nil {
				next = append(next, v)
			}
		}
		parents = next
	}
	var out []map[string]any
	for _, p := range parents {
		for _, e := range asList(get(p, path[len(path)-1], "edges")) {
			n, _ := get(e, "node").(map[string]any)
			out = append(out, n)
		}
	}
	return out
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// isZero reports whether a decoded JSON value holds nothing: null, an
// empty list, or an object of nulls.
func isZero(v any) bool {
	switch t := v.(type) {
	case nil:
		return true
	case []any:
		return len(t) == 0
	case map[string]any:
		for _, e := range t {
			if !isZero(e) {
				return false
			}
		}
		return true
	case string:
		return t == ""
	}
	return false
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// schemaFields lists the fields of a type by introspection.
func schemaFields(t *testing.T, typ string) []string {
	t.Helper()
	d := mustPost(t, `query($t: String!) { __type(name: $t) { fields { name } } }`, map[string]any{"t": typ})
	var out []string
	for _, f := range asList(get(d, "__type", "fields")) {
		out = append(out, get(f, "name").(string))
	}
	if len(out) == 0 {
		t.Fatalf("type %s has no fields", typ)
	}
	return out
}

// TestServiceLinksReadWithTheList: a list of services asked for fields
// of their providers and target groups reads them in its own statement
// (Q2 and Q1 of make bench-api), so they cost no read of their own, for
// every role; each provider answers as the same actor read by id (and
// TestListsReadWhatTheirFieldsNeed compares the target groups).
func TestServiceLinksReadWithTheList(t *testing.T) {
	needNeo4j(t)
	const q = `query { services(first: 50) { edges { node { id LINKS } } } }`
	without := strings.Replace(q, "LINKS", "", 1)
	with := strings.Replace(q, "LINKS", "provider { id name kind ... on Institution { operator } } targetGroups { id code }", 1)
	for _, p := range principals {
		t.Run(p.name, func(t *testing.T) {
			bearer := p.bearer(t)
			plain, _ := readsOf(t, bearer, without)
			reads, d := readsOf(t, bearer, with)
			if reads != plain {
				t.Errorf("services with their providers and target groups took %d reads, without them %d: they were read apart", reads, plain)
			}
			items := listNodes(t, d, []string{"services"})
			if len(items) == 0 {
				t.Skip("no services for this role")
			}
			var providers []map[string]any
			for _, it := range items {
				providers = append(providers, it["provider"].(map[string]any))
			}
			byID := nodesByID(t, providers, "Actor", "id name kind ... on Institution { operator }")
			for _, pr := range providers {
				if got, want := jsonOf(pr), jsonOf(byID[pr["id"].(string)]); got != want {
					t.Errorf("provider read with its service %s, by id %s", got, want)
				}
			}
		})
	}
}

// readsOf posts q with bearer and returns the store's reads (units of
// work: transactions and turns in a query's shared one) it took, and
// its data.
func readsOf(t *testing.T, bearer, q string) (int64, map[string]any) {
	t.Helper()
	before := st.QueryCount()
	r := postAs(t, srv.URL, bearer, q, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("%+v", r.Errors)
	}
	return st.QueryCount() - before, r.Data
}

// listCooperationFields are the selections of every field of a
// cooperation that a partner's edge can show.
var listCooperationFields = map[string]string{
	"kind": "kind", "strength": "strength", "directed": "directed", "description": "description",
	"from": "from { id }", "to": "to { id }",
	"validFrom": "validFrom", "validTo": "validTo", "source": "source", "lastConfirmed": "lastConfirmed",
	"status": "status", "externalKey": "externalKey", "createdAt": "createdAt", "updatedAt": "updatedAt",
}

// TestPartnersReadTheirCooperationsFields: a page of partners reads of
// each cooperation only the fields its edges select (a page with kind
// and strength reads four properties, not thirteen); every field, asked
// alone or with all others, answers as the cooperation read whole by id.
func TestPartnersReadTheirCooperationsFields(t *testing.T) {
	needNeo4j(t)
	for _, f := range schemaFields(t, "Cooperation") {
		if _, ok := listCooperationFields[f]; !ok && f != "id" {
			t.Errorf("Cooperation.%s is not asked by this test: add it, and to the store's parts if it reads one", f)
		}
	}
	const query = `{ a: actors(first: 40) { edges { node { partners(first: 50) { edges { cooperation { id %s } } } } } } }`
	cooperations := func(d map[string]any) []map[string]any {
		var out []map[string]any
		for _, a := range asList(get(d, "a", "edges")) {
			for _, e := range asList(get(a, "node", "partners", "edges")) {
				c, _ := get(e, "cooperation").(map[string]any)
				out = append(out, c)
			}
		}
		return out
	}
	var all []string
	for _, sel := range listCooperationFields {
		all = append(all, sel)
	}
	selection := strings.Join(all, " ")
	full := cooperations(mustPost(t, fmt.Sprintf(query, selection), nil))
	if len(full) < 20 {
		t.Fatalf("%d cooperations: too few to compare", len(full))
	}
	ref := nodesByID(t, full, "Cooperation", selection)
	check := func(name string, got []map[string]any, fields []string) {
		if len(got) != len(full) {
			t.Fatalf("%s: %d cooperations, with all fields %d", name, len(got), len(full))
		}
		for i := range got {
			want := ref[got[i]["id"].(string)]
			for _, f := range fields {
				if !reflect.DeepEqual(got[i][f], want[f]) {
					t.Errorf("%s: %s of %v is %s on the partner's edge, %s read whole", name, f, got[i]["id"], jsonOf(got[i][f]), jsonOf(want[f]))
				}
			}
		}
	}
	var names []string
	for name := range listCooperationFields {
		names = append(names, name)
	}
	check("all fields", full, names)
	for name, sel := range listCooperationFields {
		check(name+" alone", cooperations(mustPost(t, fmt.Sprintf(query, sel), nil)), []string{name})
	}
	for _, f := range []string{"description", "validFrom", "createdAt"} {
		if !slices.ContainsFunc(full, func(n map[string]any) bool { return !isZero(n[f]) }) {
			t.Errorf("no cooperation of the demo city's partner pages has %s: the comparison of that field says nothing", f)
		}
	}
}
