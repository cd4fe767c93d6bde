package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Service listings: the services of one target group, topic and status,
// kept in name order by Neo4j's indexes.
//
// "Services for this target group on this topic" is the question
// dashboards ask most. Answered from the graph alone it intersects the
// target group's services with the topic's and sorts the whole
// intersection for every page: the work grows with the city (41 000 db
// hits for a page of 20 out of 1 322 at 50 000 actors, issue 14). So
// every service also has a LISTED relationship to a ServiceListing node
// per pair of its target groups and topics (key: target group id, topic
// id and status, joined by listingSep), carrying what a page is ordered
// and counted by: the service's searchName, name and id, and its span.
// A page walks the (listing, searchName, name, serviceId) index in order
// and stops after it; the count is the listing's degree, less the
// services whose span misses the day (two more index ranges, empty while
// nothing has ended or not begun). Both read about as much whether the
// city has five or fifty thousand actors.
//
// Listings are derived data, like searchName: every write of kiezgraph
// that changes a service (auditedIn) and every import batch rewrite the
// listings of the services they wrote in the same transaction, a
// dataset load after its steps (a load that fails midway is completed by
// loading again), and Migrate (every start, and `kiezgraph migrate`)
// rewrites those of any service whose listings do not match it: after a
// bulk import, or a service changed around kiezgraph. ServiceListing
// nodes and LISTED relationships are no records: no API reads, exports
// or audits them.

// listingSep joins the parts of a listing's key: it sorts before every
// character a name can hold, and no id holds it.
const listingSep = "\x00"

// A LISTED relationship of the service n carries these: the listing's
// key (listedPairs binds the target group tg and topic tp; one without
// an id has no listing), the sort keys of the name order and the span
// the count subtracts by. A name that is missing (a service written
// around kiezgraph) sorts where Cypher sorts null, after every name, as
// "\uffff". A span that ends before it begins never holds: its service
// counts as beginning on the last day Neo4j knows (it still shows with no
// day asked, as in the lists' own rule).
const (
	listedPairs      = "MATCH (n)-[:FOR]->(tg:TargetGroup), (n)-[:ON]->(tp:Topic) WHERE tg.id IS NOT NULL AND tp.id IS NOT NULL"
	listedKey        = "tg.id + $sep + tp.id + $sep + coalesce(n.status, 'ACTIVE')"
	listedSearchName = "coalesce(n.searchName, toLower(n.name), '\uffff')"
	listedName       = "coalesce(n.name, '\uffff')"
	listedFrom       = "CASE WHEN n.validTo < n.validFrom THEN date('+999999999-12-31') ELSE n.validFrom END"
	listedTo         = "CASE WHEN n.validTo < n.validFrom THEN null ELSE n.validTo END"
)

// listingWanted is, for the service n, its LISTED relationships as it
// should have them, each as one string, distinct and sorted;
// listingHave is the same of those it has (duplicates kept, one to
// anything but its listing marked), so that the two lists are equal
// exactly when nothing needs to be rewritten.
const (
	listingWanted = `COLLECT { ` + listedPairs + `
    RETURN DISTINCT ` + listedKey + ` + $sep + ` + listedSearchName + ` + $sep + ` + listedName + ` + $sep + n.id
      + $sep + coalesce(toString(` + listedFrom + `), '') + $sep + coalesce(toString(` + listedTo + `), '') AS k ORDER BY k }`
	listingHave = `COLLECT { MATCH (n)-[r:LISTED]->(l)
    RETURN coalesce(CASE WHEN l:ServiceListing AND l.key = r.listing THEN r.listing END, '?') + $sep + coalesce(r.searchName, '')
      + $sep + coalesce(r.name, '') + $sep + coalesce(r.serviceId, '') + $sep + coalesce(toString(r.validFrom), '')
      + $sep + coalesce(toString(r.validTo), '') AS k ORDER BY k }`
)

// syncListingsCypher rewrites the listings of those of the services $ids
// whose listings do not match them (see listingWanted): writes that
// leave a service's listings as they were (a confirmation, contact
// points) take no lock on a listing. Their LISTED relationships go, and
// one per pair of target group and topic comes, both in the order of the
// listings' keys, so that concurrent writers mostly lock the listings
// they share in one order (Neo4j detects the rest, and a managed
// transaction is retried); MERGE on the unique key makes them wait for
// each other instead of making a listing twice.
const syncListingsCypher = `UNWIND $ids AS sid MATCH (n:Service {id: sid})
WITH n WHERE ` + listingWanted + ` <> ` + listingHave + `
WITH collect(n) AS changed
CALL (changed) { UNWIND changed AS n MATCH (n)-[old:LISTED]->(l) WITH old, l ORDER BY l.key DELETE old }
UNWIND changed AS n
` + listedPairs + `
WITH DISTINCT n, ` + listedKey + ` AS key ORDER BY key
MERGE (l:ServiceListing {key: key})
CREATE (n)-[:LISTED {listing: key, searchName: ` + listedSearchName + `, name: ` + listedName + `,
  serviceId: n.id, validFrom: ` + listedFrom + `, validTo: ` + listedTo + `}]->(l)`

// syncListings rewrites, in tx, the listings of the services ids (those
// that no longer exist are skipped: a deleted service's relationships
// went with it).
func syncListings(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if _, err := collect(ctx, tx, syncListingsCypher, map[string]any{"ids": ids, "sep": listingSep}); err != nil {
		return fmt.Errorf("store: service listings: %w", err)
	}
	return nil
}

// serviceIDs returns the ids of a dataset's services.
func serviceIDs(ds *domain.Dataset) []string {
	ids := make([]string, len(ds.Services))
	for i, v := range ds.Services {
		ids[i] = v.ID
	}
	return ids
}

// listingBatch is how many services one transaction of fillListings
// rewrites.
const listingBatch = 5000

// fillListings rewrites the listings of every service whose listings do
// not match it, in batches. It reads every service once: about a second
// for 26 000 services.
func (s *Store) fillListings(ctx context.Context) error {
	ids, err := s.unlisted(ctx)
	if err != nil {
		return err
	}
	for chunk := range slices.Chunk(ids, listingBatch) {
		if _, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
			return nil, syncListings(ctx, tx, chunk)
		}); err != nil {
			return err
		}
	}
	if len(ids) > 0 {
		s.log.Info("service listings rewritten", "services", len(ids))
	}
	return nil
}

// unlisted returns the ids of the services whose listings do not match
// them.
func (s *Store) unlisted(ctx context.Context) ([]string, error) {
	ids, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]string, error) {
		recs, err := collect(ctx, tx, "MATCH (n:Service) WHERE "+listingWanted+" <> "+listingHave+" RETURN n.id AS id",
			map[string]any{"sep": listingSep})
		if err != nil {
			return nil, err
		}
		out := make([]string, 0, len(recs))
		for _, r := range recs {
			if id, ok := r.Get("id"); ok && id != nil {
				out = append(out, id.(string))
			}
		}
		return out, nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: check service listings: %w", err)
	}
	return ids, nil
}

// listed reports whether a services list with filter f (the lists'
// rule for time applied) in order o is one listing, and in which
// direction: a target group and a topic, one status, no other filter, in
// name order (the default).
func listed(f *domain.ServiceFilter, o *domain.Order) (string, bool) {
	if f == nil || f.TargetGroup == nil || f.Topic == nil || f.NameContains != nil || f.Provider != nil ||
		f.Neighbourhood != nil || f.ConfirmedBefore != nil || len(domain.ListedStatuses(f.Status)) != 1 {
		return "", false
	}
	switch {
	case o == nil:
		return " ASC", true
	case o.Field != domain.SortName:
		return "", false
	case o.Direction == domain.Desc:
		return " DESC", true
	}
	return " ASC", true
}

// listingCypher lists one page of a listing in the direction dir (the
// id, which breaks ties, ascending either way, as in every list), with
// its count unless counted is false. A caller who reads every service
// (fullView) gets the count from the listing's degree and the spans
// that miss $asOf; anyone else counts what they may see, service by
// service. The statement always returns one record (collectGuarded).
// Every index is named with USING INDEX SEEK: planned on a listing
// whose spans index is empty, Neo4j would otherwise scan it, and then
// the whole index once services end.
func listingCypher(proj, dir string, asOf, counted, fullView bool) string {
	valid := ""
	if asOf {
		valid = " AND " + condAsOf
	}
	b := strings.Builder{}
	b.WriteString("WITH $targetGroup + $sep + $topic + $sep + $statuses[0] AS lk CALL (lk) {" +
		" MATCH (n)-[r:LISTED]->() USING INDEX SEEK r:LISTED(listing, searchName, name, serviceId) WHERE r.listing = lk AND r.searchName IS NOT NULL AND r.name IS NOT NULL AND r.serviceId IS NOT NULL" +
		valid + " AND " + vis("Service", "n") +
		" WITH n, r ORDER BY r.listing" + dir + ", r.searchName" + dir + ", r.name" + dir + ", r.serviceId" +
		" SKIP $offset LIMIT $limit + 1 RETURN collect(" + proj + ") AS items }")
	switch {
	case !counted:
		b.WriteString(" RETURN null AS total, items")
		return b.String()
	case fullView:
		b.WriteString(" CALL (lk) { OPTIONAL MATCH (l:ServiceListing {key: lk}) RETURN COUNT { (l)<-[:LISTED]-() }")
		if asOf {
			b.WriteString(" - COUNT { MATCH ()-[r:LISTED]->() USING INDEX SEEK r:LISTED(listing, validFrom) WHERE r.listing = lk AND r.validFrom > $asOf }" +
				" - COUNT { MATCH ()-[r:LISTED]->() USING INDEX SEEK r:LISTED(listing, validTo) WHERE r.listing = lk AND r.validTo < $asOf }")
		}
		b.WriteString(" AS total }")
	default:
		b.WriteString(" CALL (lk) { RETURN COUNT { MATCH (n)-[r:LISTED]->() WHERE r.listing = lk" + valid + " AND " + vis("Service", "n") + " } AS total }")
	}
	b.WriteString(" RETURN total, items")
	return b.String()
}

// listingPage reads one page of a listing (see listed) in the direction
// dir; params are the list's (serviceConds).
func listingPage(ctx context.Context, s *Store, params map[string]any, dir, proj string, page domain.PageArgs) (domain.Page[domain.Service], error) {
	if err := paramErr(params); err != nil {
		return domain.Page[domain.Service]{}, err
	}
	if hiddenFrom(ctx, "Service", params) {
		return domain.Page[domain.Service]{Offset: page.Offset, Uncounted: page.NoCount}, nil
	}
	params = pageParams(params, page)
	params["sep"] = listingSep
	_, asOf := params["asOf"]
	full := visRule("Service", "n", domain.AccessFrom(ctx)) == "true"
	cypher := listingCypher(proj, dir, asOf, !page.NoCount, full)
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (domain.Page[domain.Service], error) {
		recs, err := collectGuarded(ctx, tx, cypher, params)
		if err != nil {
			return domain.Page[domain.Service]{}, err
		}
		return countedPage(recs, page, mapService)
	})
}
