package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// schemaStatements are the constraints and indexes kiezgraph needs. Each
// is idempotent (IF NOT EXISTS), so Migrate can run at every start.
var schemaStatements = []string{
	// Identity: every node type has a unique id and, where imported, a
	// unique external key.
	"CREATE CONSTRAINT neighbourhood_id IF NOT EXISTS FOR (n:Neighbourhood) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT neighbourhood_key IF NOT EXISTS FOR (n:Neighbourhood) REQUIRE n.externalKey IS UNIQUE",
	"CREATE CONSTRAINT neighbourhood_code IF NOT EXISTS FOR (n:Neighbourhood) REQUIRE n.officialCode IS UNIQUE",
	"CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT actor_key IF NOT EXISTS FOR (n:Actor) REQUIRE n.externalKey IS UNIQUE",
	"CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT person_key IF NOT EXISTS FOR (n:Person) REQUIRE n.externalKey IS UNIQUE",
	"CREATE CONSTRAINT target_group_id IF NOT EXISTS FOR (n:TargetGroup) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT target_group_code IF NOT EXISTS FOR (n:TargetGroup) REQUIRE n.code IS UNIQUE",
	"CREATE CONSTRAINT target_group_key IF NOT EXISTS FOR (n:TargetGroup) REQUIRE n.externalKey IS UNIQUE",
	"CREATE CONSTRAINT topic_id IF NOT EXISTS FOR (n:Topic) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT topic_code IF NOT EXISTS FOR (n:Topic) REQUIRE n.code IS UNIQUE",
	"CREATE CONSTRAINT topic_key IF NOT EXISTS FOR (n:Topic) REQUIRE n.externalKey IS UNIQUE",
	"CREATE CONSTRAINT service_id IF NOT EXISTS FOR (n:Service) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT service_key IF NOT EXISTS FOR (n:Service) REQUIRE n.externalKey IS UNIQUE",
	"CREATE CONSTRAINT need_id IF NOT EXISTS FOR (n:Need) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT need_key IF NOT EXISTS FOR (n:Need) REQUIRE n.externalKey IS UNIQUE",
	"CREATE CONSTRAINT network_id IF NOT EXISTS FOR (n:Network) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT network_key IF NOT EXISTS FOR (n:Network) REQUIRE n.externalKey IS UNIQUE",
	"CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT event_key IF NOT EXISTS FOR (n:Event) REQUIRE n.externalKey IS UNIQUE",
	// Links with identity are relationships with a unique id.
	"CREATE CONSTRAINT cooperation_id IF NOT EXISTS FOR ()-[r:COOPERATES_WITH]-() REQUIRE r.id IS UNIQUE",
	"CREATE CONSTRAINT cooperation_key IF NOT EXISTS FOR ()-[r:COOPERATES_WITH]-() REQUIRE r.externalKey IS UNIQUE",
	"CREATE CONSTRAINT role_id IF NOT EXISTS FOR ()-[r:WORKS_AT]-() REQUIRE r.id IS UNIQUE",
	"CREATE CONSTRAINT membership_id IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() REQUIRE r.id IS UNIQUE",
	// The audit trail: append-only entries, newest first.
	"CREATE CONSTRAINT audit_id IF NOT EXISTS FOR (n:AuditEntry) REQUIRE n.id IS UNIQUE",
	"CREATE INDEX audit_at IF NOT EXISTS FOR (n:AuditEntry) ON (n.at)",
	"CREATE INDEX audit_target IF NOT EXISTS FOR (n:AuditEntry) ON (n.targetId)",
	// Lookups and orderings.
	"CREATE INDEX actor_name IF NOT EXISTS FOR (n:Actor) ON (n.name)",
	"CREATE INDEX service_name IF NOT EXISTS FOR (n:Service) ON (n.name)",
	"CREATE INDEX neighbourhood_name IF NOT EXISTS FOR (n:Neighbourhood) ON (n.name)",
	"CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name)",
	"CREATE INDEX event_date IF NOT EXISTS FOR (n:Event) ON (n.date)",
	// What began or ended in a period, and what ends soon (lifespans.go):
	// range seeks on the record's own first or last day.
	"CREATE INDEX actor_valid_from IF NOT EXISTS FOR (n:Actor) ON (n.validFrom)",
	"CREATE INDEX actor_valid_to IF NOT EXISTS FOR (n:Actor) ON (n.validTo)",
	"CREATE INDEX service_valid_from IF NOT EXISTS FOR (n:Service) ON (n.validFrom)",
	"CREATE INDEX service_valid_to IF NOT EXISTS FOR (n:Service) ON (n.validTo)",
	"CREATE INDEX cooperation_valid_from IF NOT EXISTS FOR ()-[r:COOPERATES_WITH]-() ON (r.validFrom)",
	"CREATE INDEX cooperation_valid_to IF NOT EXISTS FOR ()-[r:COOPERATES_WITH]-() ON (r.validTo)",
	"CREATE INDEX membership_valid_from IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.validFrom)",
	"CREATE INDEX membership_valid_to IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.validTo)",
	"CREATE INDEX role_valid_from IF NOT EXISTS FOR ()-[r:WORKS_AT]-() ON (r.validFrom)",
	"CREATE INDEX role_valid_to IF NOT EXISTS FOR ()-[r:WORKS_AT]-() ON (r.validTo)",
	// Root lists ordered by the day last confirmed or the creation time
	// walk these in order for the records that have them (see
	// splitPage); with the id, ties (a whole import made at one time,
	// a day's confirmations) are in order too.
	"CREATE INDEX actor_last_confirmed_order IF NOT EXISTS FOR (n:Actor) ON (n.lastConfirmed, n.id)",
	"CREATE INDEX actor_created_at_order IF NOT EXISTS FOR (n:Actor) ON (n.createdAt, n.id)",
	"CREATE INDEX service_last_confirmed_order IF NOT EXISTS FOR (n:Service) ON (n.lastConfirmed, n.id)",
	"CREATE INDEX service_created_at_order IF NOT EXISTS FOR (n:Service) ON (n.createdAt, n.id)",
	"CREATE INDEX cooperation_last_confirmed_order IF NOT EXISTS FOR ()-[r:COOPERATES_WITH]-() ON (r.lastConfirmed, r.id)",
	"CREATE INDEX cooperation_created_at_order IF NOT EXISTS FOR ()-[r:COOPERATES_WITH]-() ON (r.createdAt, r.id)",
	// The stale list reads each record type's longest unconfirmed in
	// order (staleMerged), through these and the three above.
	"CREATE INDEX need_last_confirmed_order IF NOT EXISTS FOR (n:Need) ON (n.lastConfirmed, n.id)",
	"CREATE INDEX person_last_confirmed_order IF NOT EXISTS FOR (n:Person) ON (n.lastConfirmed, n.id)",
	"CREATE INDEX network_last_confirmed_order IF NOT EXISTS FOR (n:Network) ON (n.lastConfirmed, n.id)",
	"CREATE INDEX event_last_confirmed_order IF NOT EXISTS FOR (n:Event) ON (n.lastConfirmed, n.id)",
	"CREATE INDEX neighbourhood_last_confirmed_order IF NOT EXISTS FOR (n:Neighbourhood) ON (n.lastConfirmed, n.id)",
	"CREATE INDEX role_last_confirmed_order IF NOT EXISTS FOR ()-[r:WORKS_AT]-() ON (r.lastConfirmed, r.id)",
	"CREATE INDEX membership_last_confirmed_order IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.lastConfirmed, r.id)",
	// Root lists in name order walk these in order and stop after the
	// page (see indexedOrder). The index holds the whole order, ties
	// included: many services share a name ("Hausaufgabenhilfe").
	"CREATE INDEX actor_name_order IF NOT EXISTS FOR (n:Actor) ON (n.searchName, n.name, n.id)",
	"CREATE INDEX service_name_order IF NOT EXISTS FOR (n:Service) ON (n.searchName, n.name, n.id)",
	"CREATE INDEX neighbourhood_name_order IF NOT EXISTS FOR (n:Neighbourhood) ON (n.searchName, n.name, n.id)",
	"CREATE INDEX person_name_order IF NOT EXISTS FOR (n:Person) ON (n.searchName, n.name, n.id)",
	"CREATE INDEX network_name_order IF NOT EXISTS FOR (n:Network) ON (n.searchName, n.name, n.id)",
	"CREATE INDEX event_name_order IF NOT EXISTS FOR (n:Event) ON (n.searchName, n.name, n.id)",
	// The public's lists of actors and networks (the public sees those
	// marked public) in name order, without walking the hidden ones.
	"CREATE INDEX actor_public_name_order IF NOT EXISTS FOR (n:Actor) ON (n.public, n.searchName, n.name, n.id)",
	"CREATE INDEX network_public_name_order IF NOT EXISTS FOR (n:Network) ON (n.public, n.searchName, n.name, n.id)",
	// Service listings (see listing.go): one node per target group,
	// topic and status, and its services in name order, by the day they
	// begin and by the day they end.
	"CREATE CONSTRAINT service_listing_key IF NOT EXISTS FOR (n:ServiceListing) REQUIRE n.key IS UNIQUE",
	"CREATE INDEX listed_name_order IF NOT EXISTS FOR ()-[r:LISTED]-() ON (r.listing, r.searchName, r.name, r.serviceId)",
	"CREATE INDEX listed_valid_from IF NOT EXISTS FOR ()-[r:LISTED]-() ON (r.listing, r.validFrom)",
	"CREATE INDEX listed_valid_to IF NOT EXISTS FOR ()-[r:LISTED]-() ON (r.listing, r.validTo)",
	// Places on the map (see geometry.go and locations.go): outlines by
	// neighbourhood, locations by id, and points behind point indexes for
	// point.withinBBox and point.distance.
	"CREATE CONSTRAINT boundary_neighbourhood IF NOT EXISTS FOR (n:Boundary) REQUIRE n.neighbourhoodId IS UNIQUE",
	"CREATE POINT INDEX boundary_centroid IF NOT EXISTS FOR (n:Boundary) ON (n.centroid)",
	"CREATE CONSTRAINT location_id IF NOT EXISTS FOR (n:Location) REQUIRE n.id IS UNIQUE",
	"CREATE POINT INDEX location_point IF NOT EXISTS FOR (n:Location) ON (n.point)",
	// Search: names, descriptions and keywords, folded for case, accents
	// and German umlauts (see Fold) before they are indexed.
	"CREATE FULLTEXT INDEX search IF NOT EXISTS FOR (n:Actor|Service|Neighbourhood) ON EACH [n.searchName, n.searchText] " +
		"OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}",
	// Search by contact point: function, e-mail and phone (see
	// contactSearchProp), an index of its own so that the one above
	// need not be rebuilt.
	"CREATE FULLTEXT INDEX search_contact IF NOT EXISTS FOR (n:Actor|Service) ON EACH [n.searchContact] " +
		"OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}",
}

// Migrate finishes a bulk import (see BulkFix), creates the constraints
// and indexes and waits until they are online. It is idempotent.
func (s *Store) Migrate(ctx context.Context) error {
	if err := s.finishBulkImport(ctx); err != nil {
		return err
	}
	// Schema commands cannot share a transaction with each other's
	// writes, so each runs in its own.
	for _, stmt := range schemaStatements {
		if _, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
			_, err := collect(ctx, tx, stmt, nil)
			return nil, err
		}); err != nil {
			return fmt.Errorf("store: migrate: %w", err)
		}
	}
	_, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
		_, err := collect(ctx, tx, "CALL db.awaitIndexes(300)", nil)
		return nil, err
	})
	if err != nil {
		return fmt.Errorf("store: await indexes: %w", err)
	}
	if err := s.fillSearchNames(ctx); err != nil {
		return err
	}
	if err := s.fillContactSearch(ctx); err != nil {
		return err
	}
	// After searchName: listings carry it.
	return s.fillListings(ctx)
}

// fillContactSearch sets searchContact on actors and services whose
// contact points were written before search read them (or around
// kiezgraph): without it they could not be found by them.
func (s *Store) fillContactSearch(ctx context.Context) error {
	for _, label := range []string{"Actor", "Service"} {
		for {
			n, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (int, error) {
				recs, err := collect(ctx, tx, "MATCH (n:"+label+") WHERE n.contactPoints IS NOT NULL AND n.searchContact IS NULL"+
					" RETURN elementId(n) AS id, n.contactPoints AS contactPoints LIMIT 5000", nil)
				if err != nil || len(recs) == 0 {
					return 0, err
				}
				rows := make([]map[string]any, len(recs))
				for i, rec := range recs {
					p := &props{m: rec.AsMap()}
					cps := p.contactPoints()
					if p.err != nil {
						return 0, p.err
					}
					// Never null again, or the loop would not end.
					text, _ := contactSearchProp(cps).(string)
					rows[i] = map[string]any{"id": rec.Values[0], "text": text}
				}
				_, err = collect(ctx, tx, "UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.id SET n.searchContact = row.text",
					map[string]any{"rows": rows})
				return len(rows), err
			})
			if err != nil {
				return fmt.Errorf("store: fill searchContact of %s: %w", label, err)
			}
			if n == 0 {
				break
			}
		}
	}
	return nil
}

// searchNamed are the labels whose nodes carry the folded searchName
// that name order and nameContains read.
var searchNamed = []string{"Actor", "Service", "Neighbourhood", "Person", "Network", "Event"}

// fillSearchNames sets searchName (and searchText, for search) on nodes
// that were written around kiezgraph, by direct Cypher or a bulk load of
// other files: without it they would be missing from root lists in name
// order. The folding is Go code (Fold), so it cannot run in Cypher.
func (s *Store) fillSearchNames(ctx context.Context) error {
	for _, label := range searchNamed {
		for {
			n, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (int, error) {
				recs, err := collect(ctx, tx, "MATCH (n:"+label+") WHERE n.searchName IS NULL AND n.name IS NOT NULL"+
					" RETURN elementId(n) AS id, n.name AS name, n.description AS description, n.keywords AS keywords LIMIT 5000", nil)
				if err != nil || len(recs) == 0 {
					return 0, err
				}
				rows := make([]map[string]any, len(recs))
				for i, rec := range recs {
					p := &props{m: rec.AsMap()}
					name, text := searchFields(p.str("name"), p.strPtr("description"), p.strs("keywords"))
					if p.err != nil {
						return 0, p.err
					}
					rows[i] = map[string]any{"id": rec.Values[0], "name": name, "text": text}
				}
				_, err = collect(ctx, tx, "UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.id"+
					" SET n.searchName = row.name"+
					" SET n.searchText = CASE WHEN n:Actor OR n:Service OR n:Neighbourhood THEN coalesce(n.searchText, row.text) END", map[string]any{"rows": rows})
				return len(rows), err
			})
			if err != nil {
				return fmt.Errorf("store: fill searchName of %s: %w", label, err)
			}
			if n == 0 {
				break
			}
		}
	}
	return nil
}

// Wipe deletes every node and relationship. Tests and the demo reset use
// it; it keeps the schema.
func (s *Store) Wipe(ctx context.Context) error {
	for {
		n, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (int64, error) {
			return single[int64](ctx, tx,
				"MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS deleted", nil, "deleted")
		})
		if err != nil {
			return fmt.Errorf("store: wipe: %w", err)
		}
		if n == 0 {
			return nil
		}
	}
}

// CountAll returns the number of nodes plus relationships in the
// database, audit entries aside; tests use it to prove that a failed
// write wrote nothing.
func (s *Store) CountAll(ctx context.Context) (int64, error) {
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (int64, error) {
		return single[int64](ctx, tx,
			"CALL () { MATCH (n) WHERE NOT n:AuditEntry RETURN count(n) AS c UNION ALL MATCH ()-[r]->() RETURN count(r) AS c } RETURN sum(c) AS total",
			nil, "total")
	})
}
