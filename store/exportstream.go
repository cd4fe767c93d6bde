package store

import (
	"context"
	"fmt"
	"maps"
	"strings"

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
	query  domain.SliceQuery
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
	err = read(&SliceReader{ctx: ctx, tx: mtx, query: q, params: sliceParams(q)})
	if err != nil {
		return s.mapErr(err)
	}
	return s.mapErr(tx.Commit(ctx))
}

// each runs a statement and calls f with every record's n as the driver
// fetches it.
func (r *SliceReader) each(cypher string, f func(p *props) error) error {
	return r.eachWith(cypher, r.params, f)
}

// eachWith is each with the parameters params.
func (r *SliceReader) eachWith(cypher string, params map[string]any, f func(p *props) error) error {
	cypher, params = withAccess(r.ctx, cypher, params)
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

// streamActorLocationsCypher reads the slice's actors as
// streamActorsCypher does, with every location each has (as
// ActorLocations lists them) instead of the first point.
const streamActorLocationsCypher = sliceActor + `
RETURN a{.*, neighbourhoodIds: [(a)-[:ACTIVE_IN]->(m:Neighbourhood) WHERE VIS(Neighbourhood,m) | m.id],
  locations: COLLECT { MATCH (a)-[:AT]->(l:Location) RETURN ` + locationProj + ` AS l ORDER BY l.id }} AS n
ORDER BY n.id`

// ActorsLocated calls yield with each actor of the slice by id, as
// Actors does, and all its locations by id.
func (r *SliceReader) ActorsLocated(yield func(domain.Actor, []domain.Location) error) error {
	return r.each(streamActorLocationsCypher, func(p *props) error {
		a := mapSliceActor(p)
		if p.err != nil {
			return fmt.Errorf("store: %w", p.err)
		}
		locs, err := mapLocations(p.m["locations"])
		if err != nil {
			return fmt.Errorf("store: actor %s: %w", a.ID, err)
		}
		return yield(a, locs)
	})
}

// ServiceOrder is the order SliceReader.Services yields services in.
type ServiceOrder int

// The orders of SliceReader.Services.
const (
	// ServicesByName is ListServices' default order (name, then id).
	ServicesByName ServiceOrder = iota
	// ServicesByID orders by id.
	ServicesByID
)

// SliceService is a service as an export writes it: with its provider,
// the neighbourhoods it is available in and its locations.
type SliceService struct {
	domain.Service
	// Provider is the service's provider; its ID is "" when the caller
	// may not see it.
	Provider domain.Actor
	// Areas are the neighbourhoods of NeighbourhoodIDs that the caller
	// sees.
	Areas []domain.Neighbourhood
	// Locations are the service's locations by id.
	Locations []domain.Location
}

// providerProj is actorProj of the provider p.
var providerProj = "p" + strings.TrimPrefix(actorProj, "n")

// sliceServices is the list of the services of the slice q, as
// ListServices lists them with the filter {neighbourhood: scope, asOf}
// (valid on the day, reaching the scope): the same conditions, anchor
// and access rule.
func sliceServices(q domain.SliceQuery) (listQuery, map[string]any) {
	asOf := q.AsOf
	c := serviceConds(&domain.ServiceFilter{Neighbourhood: q.Scope, AsOf: &asOf})
	return listQuery{kind: "Service", match: "(n:Service)", from: c.from, where: c.where, order: orderName}, c.params
}

// serviceStreamCypher lists every service of l in order, with what
// SliceService holds: rootCypher without the page.
func serviceStreamCypher(l listQuery, o ServiceOrder) string {
	head, where := l.rootHead(l.from)
	order := l.order + ", n.id"
	if o == ServicesByID {
		order = "n.id"
	}
	return head + where.whereClause(head) + `
WITH n ORDER BY ` + order + `
RETURN ` + strings.TrimSuffix(serviceProj, "}") + `,
  provider: [(p:Actor)-[:OFFERS]->(n) WHERE VIS(Actor,p) | ` + providerProj + `][0],
  areas: [(n)-[:AVAILABLE_IN]->(m:Neighbourhood) WHERE VIS(Neighbourhood,m) | m{.*}],
  locations: COLLECT { MATCH (n)-[:AT]->(l:Location) RETURN ` + locationProj + ` AS l ORDER BY l.id }} AS n`
}

// services returns the list of the slice's services and its
// parameters with the filter's references resolved, as listPage runs
// it; hidden reports that the caller sees no service at all.
func (r *SliceReader) services() (l listQuery, params map[string]any, hidden bool, err error) {
	l, params = sliceServices(r.query)
	if err := paramErr(params); err != nil {
		return l, nil, false, err
	}
	if visRule(l.kind, "n", domain.AccessFrom(r.ctx)) == "false" {
		return l, nil, true, nil
	}
	params = mergeParams(r.params, params)
	return l, params, false, checkRefs(r.ctx, r.tx, params)
}

// CountServices returns the number of services Services yields.
func (r *SliceReader) CountServices() (int, error) {
	l, params, hidden, err := r.services()
	if err != nil || hidden {
		return 0, err
	}
	return countTotal(r.ctx, r.tx, l.countCypher(), params)
}

// Services calls yield with each service valid on the slice's day that
// reaches its scope (available in it, inside it or in a neighbourhood
// enclosing it; ListServices' filter {neighbourhood: scope, asOf}), in
// the order o, with its provider, areas and locations.
func (r *SliceReader) Services(o ServiceOrder, yield func(SliceService) error) error {
	l, params, hidden, err := r.services()
	if err != nil || hidden {
		return err
	}
	return r.eachWith(serviceStreamCypher(l, o), params, func(p *props) error {
		s := SliceService{Service: mapService(p)}
		if p.err != nil {
			return fmt.Errorf("store: %w", p.err)
		}
		if v := p.m["provider"]; v != nil {
			pp, err := asProps(v)
			if err != nil {
				return err
			}
			if s.Provider = mapActor(pp); pp.err != nil {
				return fmt.Errorf("store: provider of %s: %w", s.ID, pp.err)
			}
		}
		areas, _ := p.m["areas"].([]any)
		for _, v := range areas {
			ap, err := asProps(v)
			if err != nil {
				return err
			}
			n := mapNeighbourhood(ap)
			if ap.err != nil {
				return fmt.Errorf("store: area of %s: %w", s.ID, ap.err)
			}
			s.Areas = append(s.Areas, n)
		}
		var err error
		if s.Locations, err = mapLocations(p.m["locations"]); err != nil {
			return fmt.Errorf("store: service %s: %w", s.ID, err)
		}
		return yield(s)
	})
}

// mapLocations maps a list of locationProj projections.
func mapLocations(v any) ([]domain.Location, error) {
	list, _ := v.([]any)
	var out []domain.Location
	for _, e := range list {
		lp, err := asProps(e)
		if err != nil {
			return nil, err
		}
		l, err := mapLocation(lp)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// mergeParams returns a's parameters with b's added.
func mergeParams(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a)+len(b))
	maps.Copy(out, a)
	maps.Copy(out, b)
	return out
}
