package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/paulmach/orb"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Streamed reads of a network slice, for exports too large to hold
// (see NetworkSlice for the same slice read at once). Their statements
// select exactly what NetworkSlice and RolesOfActors select, under the
// same access marks, and order by id.

// sliceActor binds a to the actors of the slice; its conditions are
// those of sliceActorsCypher.
const sliceActor = `MATCH (a:Actor) WHERE ` + inScope + ` AND ` + validA + ` AND VIS(Actor,a)`

const (
	streamHasPositionsCypher = `RETURN EXISTS { ` + sliceActor + ` AND EXISTS { (a)-[:AT]->(:Location) } } AS any`
	// An actor's neighbourhoods are those the caller sees, as its
	// neighbourhoods field shows them (a viewer does not see the quarters
	// of other districts); its position is its first location by id, as
	// ActorLocations lists them.
	streamActorsCypher = sliceActor + `
RETURN a{.*, neighbourhoodIds: [(a)-[:ACTIVE_IN]->(m:Neighbourhood) WHERE VIS(Neighbourhood,m) | m.id],
  point: COLLECT { MATCH (a)-[:AT]->(l:Location) RETURN l.point ORDER BY l.id LIMIT 1 }[0]} AS n
ORDER BY n.id`
	streamCooperationsCypher = sliceCooperationsCypher + `
ORDER BY n.id`
	// Roles as RolesOfActors reads them for the slice's actors.
	streamRolesCypher = sliceActor + `
MATCH (:Person)-[n:WORKS_AT]->(a) WHERE ` + condAsOf + ` AND VIS(Role,n)
RETURN ` + roleProj + ` AS n ORDER BY n.id`
	// The people of those roles, each once.
	streamPeopleCypher = sliceActor + `
MATCH (n:Person)-[r:WORKS_AT]->(a)
WHERE (r.validFrom IS NULL OR r.validFrom <= $asOf) AND (r.validTo IS NULL OR r.validTo >= $asOf) AND VIS(Role,r) AND VIS(Person,n)
WITH DISTINCT n
RETURN ` + personProj + ` AS n ORDER BY n.id`
)

// SliceReader reads the parts of one network slice, record by record,
// in the one read transaction that StreamSlice opened: each part is one
// statement whose records are handed on as the driver fetches them
// (1 000 at a time), never collected.
type SliceReader struct {
	ctx    context.Context
	tx     neo4j.ManagedTransaction
	params map[string]any
}

// StreamSlice opens a read transaction on the slice q (the scope must be
// a neighbourhood the caller sees, as for NetworkSlice) and calls read
// with a reader of its parts. The transaction is explicit and never
// retried: records handed on cannot be taken back, so a failure midway
// is returned to read's caller as it is (UNAVAILABLE when Neo4j went
// away).
func (s *Store) StreamSlice(ctx context.Context, q domain.SliceQuery, read func(*SliceReader) error) (err error) {
	s.queries.Add(1)
	s.transactions.Add(1)
	ctx, span := s.startTxSpan(ctx, "read")
	defer span.End()
	sess, closeSession := s.session(ctx, neo4j.AccessModeRead)
	defer closeSession()
	tx, err := sess.BeginTransaction(ctx)
	if err != nil {
		err = s.mapErr(err)
		setTxOutcome(span, err)
		return fmt.Errorf("store: stream slice: %w", err)
	}
	defer func() {
		_ = tx.Close(ctx)
		setTxOutcome(span, err)
	}()
	mtx, ok := tx.(neo4j.ManagedTransaction)
	if !ok {
		return fmt.Errorf("store: stream slice: transaction is %T", tx)
	}
	if err := requireOne(ctx, mtx, "Neighbourhood", "scope", q.Scope); err != nil {
		return s.mapErr(err)
	}
	err = read(&SliceReader{ctx: ctx, tx: mtx, params: sliceParams(q)})
	if err != nil {
		return s.mapErr(err)
	}
	return s.mapErr(tx.Commit(ctx))
}

// each runs a statement and calls f with every record's n as the driver
// fetches it.
func (r *SliceReader) each(cypher string, f func(p *props) error) error {
	cypher, params := withAccess(r.ctx, cypher, r.params)
	res, err := r.tx.Run(r.ctx, cypher, params)
	if err != nil {
		return err
	}
	for res.Next(r.ctx) {
		v, _ := res.Record().Get("n")
		p, err := asProps(v)
		if err != nil {
			return err
		}
		if err := f(p); err != nil {
			return err
		}
	}
	return res.Err()
}

// HasPositions reports whether any actor of the slice has a location.
func (r *SliceReader) HasPositions() (bool, error) {
	recs, err := collect(r.ctx, r.tx, streamHasPositionsCypher, r.params)
	if err != nil || len(recs) == 0 {
		return false, err
	}
	v, _ := recs[0].Get("any")
	b, _ := v.(bool)
	return b, nil
}

// Actors calls yield with each actor of the slice (with the
// NeighbourhoodIDs the caller sees) by id, and its first location's point, nil for
// none.
func (r *SliceReader) Actors(yield func(domain.Actor, *orb.Point) error) error {
	return r.each(streamActorsCypher, func(p *props) error {
		a := mapSliceActor(p)
		if p.err != nil {
			return fmt.Errorf("store: %w", p.err)
		}
		var pt *orb.Point
		if v := p.m["point"]; v != nil {
			x, err := pointOf(v)
			if err != nil {
				return fmt.Errorf("store: actor %s: %w", a.ID, err)
			}
			pt = &x
		}
		return yield(a, pt)
	})
}

// Cooperations calls yield with each cooperation of the slice (both
// ends in it, of the query's kinds) by id.
func (r *SliceReader) Cooperations(yield func(domain.Cooperation) error) error {
	return r.each(streamCooperationsCypher, func(p *props) error {
		c := mapCooperation(p)
		if p.err != nil {
			return fmt.Errorf("store: %w", p.err)
		}
		return yield(c)
	})
}

// People calls yield with each person who has a role valid on the day
// at an actor of the slice, once, by id.
func (r *SliceReader) People(yield func(domain.Person) error) error {
	return r.each(streamPeopleCypher, func(p *props) error {
		v := mapPerson(p)
		if p.err != nil {
			return fmt.Errorf("store: %w", p.err)
		}
		return yield(v)
	})
}

// Roles calls yield with each role valid on the day at an actor of the
// slice, by id.
func (r *SliceReader) Roles(yield func(domain.Role) error) error {
	return r.each(streamRolesCypher, func(p *props) error {
		v := mapRole(p)
		if p.err != nil {
			return fmt.Errorf("store: %w", p.err)
		}
		return yield(v)
	})
}
