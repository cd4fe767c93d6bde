package store

import (
	"context"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// inScope says that actor a is active in $scope or inside it; $scope may
// be null (the whole city).
const inScope = `($scope IS NULL OR EXISTS { (a)-[:ACTIVE_IN]->(:Neighbourhood)-[:PART_OF*0..]->(:Neighbourhood {id: $scope}) })`

// validA says that actor a counts on $asOf: valid on the day and
// neither a draft nor archived (see domain.RecordStatus), as every
// record an analysis reads.
const validA = `(a.validFrom IS NULL OR a.validFrom <= $asOf) AND (a.validTo IS NULL OR a.validTo >= $asOf) AND coalesce(a.status, 'ACTIVE') = 'ACTIVE'`

const sliceActorsCypher = `
MATCH (a:Actor) WHERE ` + inScope + ` AND ` + validA + ` AND VIS(Actor,a)
RETURN a{.*, neighbourhoodIds: [(a)-[:ACTIVE_IN]->(m:Neighbourhood) | m.id]} AS n`

// Both ends must be in the slice: b is checked with the same predicates.
const sliceCooperationsCypher = `
MATCH (a:Actor) WHERE ` + inScope + ` AND ` + validA + ` AND VIS(Actor,a)
MATCH (a)-[n:COOPERATES_WITH]->(b:Actor)
WHERE (size($kinds) = 0 OR n.kind IN $kinds) AND VIS(Actor,b) AND VIS(Cooperation,n)
  AND (n.validFrom IS NULL OR n.validFrom <= $asOf) AND (n.validTo IS NULL OR n.validTo >= $asOf)
  AND (b.validFrom IS NULL OR b.validFrom <= $asOf) AND (b.validTo IS NULL OR b.validTo >= $asOf)
  AND coalesce(n.status, 'ACTIVE') = 'ACTIVE' AND coalesce(b.status, 'ACTIVE') = 'ACTIVE'
  AND ($scope IS NULL OR EXISTS { (b)-[:ACTIVE_IN]->(:Neighbourhood)-[:PART_OF*0..]->(:Neighbourhood {id: $scope}) })
RETURN ` + cooperationProj + ` AS n`

const sliceParticipationsCypher = `
MATCH (a:Actor) WHERE ` + inScope + ` AND ` + validA + `
MATCH (a)-[:PARTICIPATED_IN|ORGANISED]->(e:Event)
WHERE e.date >= $since AND e.date <= $asOf AND VIS(Actor,a) AND VIS(Event,e)
RETURN DISTINCT a.id AS actor, e.id AS event`

func sliceParams(q domain.SliceQuery) map[string]any {
	kinds := make([]string, len(q.Kinds))
	for i, k := range q.Kinds {
		kinds[i] = string(k)
	}
	return map[string]any{"scope": strParam(q.Scope), "asOf": neo4j.DateOf(q.AsOf), "kinds": kinds,
		"since": dateParam(q.EventsSince)}
}

// NetworkSlice loads the part of the network an analysis concerns, in
// one read transaction.
func (s *Store) NetworkSlice(ctx context.Context, q domain.SliceQuery) (*domain.NetworkSlice, error) {
	params := sliceParams(q)
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (*domain.NetworkSlice, error) {
		if err := requireOne(ctx, tx, "Neighbourhood", "scope", q.Scope); err != nil {
			return nil, err
		}
		out := &domain.NetworkSlice{}
		var err error
		if out.Actors, err = collectMapped(ctx, tx, sliceActorsCypher, params, mapSliceActor); err != nil {
			return nil, err
		}
		if out.Cooperations, err = collectMapped(ctx, tx, sliceCooperationsCypher, params, mapCooperation); err != nil {
			return nil, err
		}
		if q.EventsSince == nil {
			return out, nil
		}
		recs, err := collect(ctx, tx, sliceParticipationsCypher, params)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			a, _ := r.Get("actor")
			e, _ := r.Get("event")
			out.Participations = append(out.Participations, domain.Participation{ActorID: a.(string), EventID: e.(string)})
		}
		return out, nil
	})
}

func mapSliceActor(p *props) domain.Actor {
	a := mapActor(p)
	a.NeighbourhoodIDs = p.strs("neighbourhoodIds")
	return a
}

// collectMapped runs a statement returning one projection n per record.
func collectMapped[T any](ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any, m mapper[T]) ([]T, error) {
	recs, err := collect(ctx, tx, cypher, params)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(recs))
	for _, r := range recs {
		v, _ := r.Get("n")
		p, err := asProps(v)
		if err != nil {
			return nil, err
		}
		item := m(p)
		if p.err != nil {
			return nil, fmt.Errorf("store: %w", p.err)
		}
		out = append(out, item)
	}
	return out, nil
}

const (
	coverageNeighbourhoodsCypher = `MATCH (n:Neighbourhood) WHERE VIS(Neighbourhood,n) RETURN ` + neighbourhoodProj + ` AS n`
	coverageTargetGroupsCypher   = `MATCH (n:TargetGroup) WHERE VIS(Vocabulary,n) RETURN ` + vocabProj + ` AS n ORDER BY n.code`
	coverageTopicsCypher         = `MATCH (n:Topic) WHERE VIS(Vocabulary,n) RETURN ` + vocabProj + ` AS n ORDER BY n.code`
	coverageNeedsCypher          = `
MATCH (n:Need)-[:IN]->(q:Neighbourhood)
WHERE ($scope IS NULL OR EXISTS { (q)-[:PART_OF*0..]->(:Neighbourhood {id: $scope}) })
  AND (n.validFrom IS NULL OR n.validFrom <= $asOf) AND (n.validTo IS NULL OR n.validTo >= $asOf)
  AND VIS(Need,n)
RETURN ` + needProj + ` AS n`
)

// coverageServicesCypher reads every field of the services (serviceProj is a
// variable: lists build theirs from the fields asked).
var coverageServicesCypher = `
MATCH (n:Service)
WHERE (n.validFrom IS NULL OR n.validFrom <= $asOf) AND (n.validTo IS NULL OR n.validTo >= $asOf)
  AND coalesce(n.status, 'ACTIVE') = 'ACTIVE' AND NOT EXISTS { MATCH (p:Actor)-[:OFFERS]->(n) WHERE coalesce(p.status, 'ACTIVE') <> 'ACTIVE' }
  AND VIS(Service,n)
RETURN ` + serviceProj + ` AS n`

const (
	coverageActorsCypher = `
MATCH (a:Actor) WHERE ` + validA + ` AND VIS(Actor,a)
RETURN a{.*, neighbourhoodIds: [(a)-[:ACTIVE_IN]->(m:Neighbourhood) | m.id]} AS n`
	coverageCooperationsCypher = `
MATCH (a:Actor)-[n:COOPERATES_WITH]->(b:Actor)
WHERE (n.validFrom IS NULL OR n.validFrom <= $asOf) AND (n.validTo IS NULL OR n.validTo >= $asOf)
  AND coalesce(n.status, 'ACTIVE') = 'ACTIVE' AND coalesce(a.status, 'ACTIVE') = 'ACTIVE' AND coalesce(b.status, 'ACTIVE') = 'ACTIVE'
  AND VIS(Actor,a) AND VIS(Actor,b) AND VIS(Cooperation,n)
RETURN ` + cooperationProj + ` AS n`
)

// Coverage loads what gap, overlap and hotspot analyses read: all places,
// the needs in scope valid on the day, and every service, actor and
// cooperation valid on the day (providers elsewhere matter too).
func (s *Store) Coverage(ctx context.Context, scope *string, asOf time.Time) (*domain.Coverage, error) {
	params := sliceParams(domain.SliceQuery{Scope: scope, AsOf: asOf})
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (*domain.Coverage, error) {
		if err := requireOne(ctx, tx, "Neighbourhood", "scope", scope); err != nil {
			return nil, err
		}
		out := &domain.Coverage{}
		var err error
		if out.Neighbourhoods, err = collectMapped(ctx, tx, coverageNeighbourhoodsCypher, params, mapNeighbourhood); err != nil {
			return nil, err
		}
		if out.TargetGroups, err = collectMapped(ctx, tx, coverageTargetGroupsCypher, params, mapTargetGroup); err != nil {
			return nil, err
		}
		if out.Topics, err = collectMapped(ctx, tx, coverageTopicsCypher, params, mapTopic); err != nil {
			return nil, err
		}
		if out.Needs, err = collectMapped(ctx, tx, coverageNeedsCypher, params, mapNeed); err != nil {
			return nil, err
		}
		if out.Services, err = collectMapped(ctx, tx, coverageServicesCypher, params, mapService); err != nil {
			return nil, err
		}
		if out.Actors, err = collectMapped(ctx, tx, coverageActorsCypher, params, mapSliceActor); err != nil {
			return nil, err
		}
		out.Cooperations, err = collectMapped(ctx, tx, coverageCooperationsCypher, params, mapCooperation)
		return out, err
	})
}
