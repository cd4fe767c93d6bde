package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// serviceProj reads what mapService maps.
var serviceProj = serviceProjection(nil)

// serviceParts are the parts of a service that only some fields of the
// API read: the texts and contact points, and the ids of the provider,
// target groups, topics and neighbourhoods, each a walk of the
// service's relationships (about six database hits a service each).
var serviceParts = append([]part{
	{".description", []string{"description"}},
	{".keywords", []string{"keywords"}},
	{".contactPoints", []string{"contactPoints"}},
	{".responsibleRoleId", []string{"responsibleRole"}},
	{"providerId: [(a:Actor)-[:OFFERS]->(n) | a.id][0]", []string{"provider"}},
	{"targetGroupIds: [(n)-[:FOR]->(t:TargetGroup) | t.id]", []string{"targetGroups"}},
	{"topicIds: [(n)-[:ON]->(t:Topic) | t.id]", []string{"topics"}},
	{"neighbourhoodIds: [(n)-[:AVAILABLE_IN]->(m:Neighbourhood) | m.id]", []string{"neighbourhoods"}},
}, metaParts...)

// serviceProjection projects n for the fields f of the API (nil: all).
// A list asked for fields of the provider reads the provider with the
// service, those fields and no more, under the caller's read rule for
// actors: one statement instead of a second one that reads whole
// providers by id (Q2 of make bench-api). A record read whole (f nil)
// names its provider by id only.
func serviceProjection(f domain.Fields) string {
	parts := serviceParts
	if pf := f.Under("provider"); len(pf) > 0 {
		parts = append(slices.Clip(parts), part{
			"provider: [(a:Actor)-[:OFFERS]->(n) WHERE " + vis("Actor", "a") + " | " + actorProjectionOf("a", pf) + "][0]",
			[]string{"provider"}})
	}
	// Target groups likewise (Q1 of make bench-api): a vocabulary entry
	// is a few short properties.
	if len(f.Under("targetGroups")) > 0 {
		parts = append(slices.Clip(parts), part{
			"targetGroups: [(n)-[:FOR]->(t:TargetGroup) WHERE " + vis("Vocabulary", "t") + " | " + strings.Replace(vocabProj, "n{", "t{", 1) + "]",
			[]string{"targetGroups"}})
	}
	return projection("n", ".id, .name", parts, f)
}

func mapService(p *props) domain.Service {
	var provider string
	// Every service has its provider; a list reads its id only when the
	// provider is asked (serviceParts).
	if _, read := p.m["providerId"]; read {
		provider = p.str("providerId")
	}
	var read *domain.Actor
	if v := p.m["provider"]; v != nil {
		if a, ok := nested(p, "provider", v, mapActor); ok {
			read = &a
		}
	}
	var groups []domain.TargetGroup
	if v, ok := p.m["targetGroups"]; ok {
		list, _ := v.([]any)
		groups = make([]domain.TargetGroup, 0, len(list))
		for _, e := range list {
			g, ok := nested(p, "targetGroups", e, mapTargetGroup)
			if !ok {
				break
			}
			groups = append(groups, g)
		}
	}
	return domain.Service{
		Provider:          read,
		TargetGroups:      groups,
		ID:                p.str("id"),
		Name:              p.str("name"),
		Description:       p.strPtr("description"),
		Keywords:          p.strs("keywords"),
		ProviderID:        provider,
		TargetGroupIDs:    p.strs("targetGroupIds"),
		TopicIDs:          p.strs("topicIds"),
		NeighbourhoodIDs:  p.strs("neighbourhoodIds"),
		ContactPoints:     p.contactPoints(),
		ResponsibleRoleID: p.strPtr("responsibleRoleId"),
		Span:              p.span(),
		Meta:              p.meta(),
	}
}

var serviceOrder = map[domain.SortField]string{
	domain.SortName:          orderName,
	domain.SortValidFrom:     "n.validFrom",
	domain.SortLastConfirmed: "n.lastConfirmed",
	domain.SortCreatedAt:     "n.createdAt",
}

// reachesS says that service n reaches neighbourhood $neighbourhood: it is
// available there, inside it, or in a neighbourhood enclosing it. Its
// variables must not occur in the queries that use it (ServicesReaching
// binds m): an EXISTS subquery would silently reuse the outer variable.
const reachesS = `EXISTS { MATCH (n)-[:AVAILABLE_IN]->(rm:Neighbourhood), (rx:Neighbourhood {id: $neighbourhood})
  WHERE EXISTS { (rm)-[:PART_OF*0..]->(rx) } OR EXISTS { (rx)-[:PART_OF*0..]->(rm) } }`

func serviceConds(f *domain.ServiceFilter) *conds {
	c := newConds()
	if f == nil {
		c.add(condStatus, "statuses", domain.ListedStatuses(nil))
		return c
	}
	c.add(condStatus, "statuses", domain.ListedStatuses(f.Status))
	c.nameContains(f.NameContains)
	// Most selective first: the first filter given anchors a root list.
	c.refAt("Actor", "EXISTS { (:Actor {id: $provider})-[:OFFERS]->(n) }", "provider", f.Provider,
		"MATCH (:Actor {id: $provider})-[:OFFERS]->(n:Service)", "n")
	c.refAt("Neighbourhood", reachesS, "neighbourhood", f.Neighbourhood,
		"CALL () { MATCH (:Neighbourhood {id: $neighbourhood})<-[:PART_OF*0..]-(:Neighbourhood)<-[:AVAILABLE_IN]-(n:Service) RETURN n"+
			" UNION MATCH (:Neighbourhood {id: $neighbourhood})-[:PART_OF*1..]->(:Neighbourhood)<-[:AVAILABLE_IN]-(n:Service) RETURN n }", "n")
	c.refAt("TargetGroup", "EXISTS { (n)-[:FOR]->(:TargetGroup {id: $targetGroup}) }", "targetGroup", f.TargetGroup,
		"MATCH (:TargetGroup {id: $targetGroup})<-[:FOR]-(n:Service)", "n")
	c.refAt("Topic", "EXISTS { (n)-[:ON]->(:Topic {id: $topic}) }", "topic", f.Topic,
		"MATCH (:Topic {id: $topic})<-[:ON]-(n:Service)", "n")
	c.date(condAsOf, "asOf", f.AsOf)
	c.date(condConfirmedBefore, "confirmedBefore", f.ConfirmedBefore)
	return c
}

// Services returns services by id.
func (s *Store) Services(ctx context.Context, ids []string) (map[string]domain.Service, error) {
	return byIDs(ctx, s, "Service", "(n:Service {id: id})", serviceProj, ids, mapService)
}

// ListServices lists services.
func (s *Store) ListServices(ctx context.Context, f *domain.ServiceFilter, o *domain.Order, page domain.PageArgs) (domain.Page[domain.Service], error) {
	order, err := orderBy(o, serviceOrder, orderName)
	if err != nil {
		return domain.Page[domain.Service]{}, err
	}
	c := serviceConds(f)
	if dir, ok := listed(f, o); ok {
		return listingPage(ctx, s, c.params, dir, serviceProjection(page.Fields), page)
	}
	q := listQuery{kind: "Service", match: "(n:Service)", from: c.from, where: c.where, order: order, proj: serviceProjection(page.Fields)}
	return listPage(ctx, s, q, c.params, page, mapService)
}

// ServicesOf lists, per actor, the services it offers.
func (s *Store) ServicesOf(ctx context.Context, actors []string, f *domain.ServiceFilter, o *domain.Order, page domain.PageArgs) (map[string]domain.Page[domain.Service], error) {
	order, err := orderBy(o, serviceOrder, orderName)
	if err != nil {
		return nil, err
	}
	c := serviceConds(f)
	q := servicesOfQuery(c, order)
	q.proj = serviceProjection(page.Fields)
	return listPages(ctx, s, q, c.params, actors, page, mapService)
}

// servicesOfQuery is the list of ServicesOf, which CountServicesOfBy
// counts.
func servicesOfQuery(c *conds, order string) listQuery {
	return listQuery{kind: "Service", match: "(p:Actor {id: pid})-[:OFFERS]->(n:Service)", where: c.where, order: order, proj: serviceProj}
}

// ServicesReaching lists, per neighbourhood, the services reaching it:
// available there, inside it, or in an enclosing neighbourhood.
func (s *Store) ServicesReaching(ctx context.Context, neighbourhoods []string, f *domain.ServiceFilter, o *domain.Order, page domain.PageArgs) (map[string]domain.Page[domain.Service], error) {
	order, err := orderBy(o, serviceOrder, orderName)
	if err != nil {
		return nil, err
	}
	c := serviceConds(f)
	q := servicesReachingQuery(c, order)
	q.proj = serviceProjection(page.Fields)
	return listPages(ctx, s, q, c.params, neighbourhoods, page, mapService)
}

// servicesReachingQuery is the list of ServicesReaching, which
// CountServicesReachingBy counts.
func servicesReachingQuery(c *conds, order string) listQuery {
	q := listQuery{kind: "Service",
		match: `(p:Neighbourhood {id: pid}), (n:Service)-[:AVAILABLE_IN]->(m:Neighbourhood)
  WHERE (EXISTS { (m)-[:PART_OF*0..]->(p) } OR EXISTS { (p)-[:PART_OF*0..]->(m) })`,
		where: c.where, order: order, proj: serviceProj,
	}
	if len(q.where) > 0 {
		// The match already has a WHERE; further conditions join it.
		q.match += " AND " + joinAnd(q.where)
		q.where = nil
	}
	return q
}

func joinAnd(where []string) string {
	out := ""
	for i, w := range where {
		if i > 0 {
			out += " AND "
		}
		out += "(" + w + ")"
	}
	return out
}

// CoveringServices returns, per need, the services valid on asOf for the
// need's target group and topic that reach its neighbourhood.
func (s *Store) CoveringServices(ctx context.Context, needs []string, asOf time.Time) (map[string][]domain.Service, error) {
	// From the need's neighbourhood up and down the hierarchy to the
	// services available there: a quarter's need reads the services of
	// its quarter, district and city, not every service of the city.
	q := listQuery{kind: "Service",
		call: `MATCH (p:Need {id: pid})-[:IN]->(q:Neighbourhood), (p)-[:FOR]->(tg:TargetGroup), (p)-[:ON]->(tp:Topic)
  CALL (q) { MATCH (q)-[:PART_OF*0..]->(m:Neighbourhood) RETURN m UNION MATCH (q)<-[:PART_OF*1..]-(m:Neighbourhood) RETURN m }
  MATCH (m)<-[:AVAILABLE_IN]-(n:Service)
  WHERE (n)-[:FOR]->(tg) AND (n)-[:ON]->(tp) AND ` + condAsOf,
		order: orderName, proj: serviceProj,
	}
	pages, err := listPages(ctx, s, q, map[string]any{"asOf": neo4j.DateOf(asOf)}, needs, domain.PageArgs{First: 100000}, mapService)
	return items(pages), err
}

var createServiceCypher = `
MATCH (a:Actor {id: $provider})
CREATE (a)-[:OFFERS]->(n:Service)
SET n = $props, n.createdAt = datetime(), n.updatedAt = datetime()
WITH n
CALL (n) {
  UNWIND $targetGroups AS tid MATCH (t:TargetGroup {id: tid}) MERGE (n)-[:FOR]->(t)
}
CALL (n) {
  UNWIND $topics AS tid MATCH (t:Topic {id: tid}) MERGE (n)-[:ON]->(t)
}
CALL (n) {
  UNWIND $neighbourhoods AS nid MATCH (m:Neighbourhood {id: nid}) MERGE (n)-[:AVAILABLE_IN]->(m)
}
RETURN ` + serviceProj + ` AS n`

// servicePatch validates a new service (but not its id and whether its
// links exist) and returns its properties.
func servicePatch(v domain.Service) (Patch, error) {
	if err := domain.Prepare(&v); err != nil {
		return nil, err
	}
	cps, err := contactPointsProp(v.ContactPoints)
	if err != nil {
		return nil, err
	}
	p := Patch{"id": v.ID, "name": v.Name, "description": v.Description, "keywords": v.Keywords,
		"validFrom": v.ValidFrom, "validTo": v.ValidTo, "contactPoints": cps, "searchContact": contactSearchProp(v.ContactPoints),
		"responsibleRoleId": v.ResponsibleRoleID,
		"externalKey":       v.ExternalKey, "source": v.Source, "lastConfirmed": v.LastConfirmed}.withStatus(v.Status)
	withSearch(nil, p)
	return p, nil
}

// CreateService creates a service with its links and its locations
// (placed as SetLocations places them) in one transaction.
func (s *Store) CreateService(ctx context.Context, v domain.Service, locs ...domain.Location) (domain.Service, error) {
	fp := fingerprint(struct {
		S    domain.Service
		Locs []domain.Location
	}{v, locs})
	id, err := checkID(&v.ID, domain.EntityService.Prefix)
	if err != nil {
		return v, err
	}
	v.ID = id
	p, err := servicePatch(v)
	if err != nil {
		return v, err
	}
	w, err := s.placeLocations(ctx, id, locs)
	if err != nil {
		return v, err
	}
	return created(ctx, s, "createService", nodeTarget("Service", id), w.areas(), fp, (*Store).Services, func(tx neo4j.ManagedTransaction) (domain.Service, error) {
		if err := checkServiceLinks(ctx, tx, &v.ProviderID, v.TargetGroupIDs, v.TopicIDs, v.NeighbourhoodIDs); err != nil {
			return v, err
		}
		out, err := writeOne(ctx, tx, createServiceCypher, map[string]any{
			"props": p.params(), "provider": v.ProviderID, "targetGroups": v.TargetGroupIDs,
			"topics": v.TopicIDs, "neighbourhoods": v.NeighbourhoodIDs,
		}, mapService)
		if err != nil || len(locs) == 0 {
			return out, err
		}
		_, err = w.write(ctx, tx, "Service", id)
		return out, err
	})
}

func checkServiceLinks(ctx context.Context, tx neo4j.ManagedTransaction, provider *string, tgs, topics, nbs []string) error {
	if err := requireOne(ctx, tx, "Actor", "input.provider", provider); err != nil {
		return err
	}
	if err := requireAll(ctx, tx, "TargetGroup", "input.targetGroups", tgs); err != nil {
		return err
	}
	if err := requireAll(ctx, tx, "Topic", "input.topics", topics); err != nil {
		return err
	}
	return requireAll(ctx, tx, "Neighbourhood", "input.neighbourhoods", nbs)
}

var updateServiceCypher = `
MATCH (n:Service {id: $id})
SET n += $props, n.updatedAt = datetime()
WITH n
CALL (n) {
  WITH n WHERE $provider IS NOT NULL
  MATCH (a:Actor {id: $provider})
  OPTIONAL MATCH (n)<-[r:OFFERS]-()
  DELETE r
  MERGE (a)-[:OFFERS]->(n)
}
CALL (n) {
  WITH n WHERE $targetGroups IS NOT NULL
  OPTIONAL MATCH (n)-[r:FOR]->() DELETE r
  WITH DISTINCT n UNWIND $targetGroups AS tid MATCH (t:TargetGroup {id: tid}) MERGE (n)-[:FOR]->(t)
}
CALL (n) {
  WITH n WHERE $topics IS NOT NULL
  OPTIONAL MATCH (n)-[r:ON]->() DELETE r
  WITH DISTINCT n UNWIND $topics AS tid MATCH (t:Topic {id: tid}) MERGE (n)-[:ON]->(t)
}
CALL (n) {
  WITH n WHERE $neighbourhoods IS NOT NULL
  OPTIONAL MATCH (n)-[r:AVAILABLE_IN]->() DELETE r
  WITH DISTINCT n UNWIND $neighbourhoods AS nid MATCH (m:Neighbourhood {id: nid}) MERGE (n)-[:AVAILABLE_IN]->(m)
}
RETURN ` + serviceProj + ` AS n`

// serviceLinks are the links an update may replace; nil leaves one as is.
type serviceLinks struct {
	Provider       *string
	TargetGroups   []string
	Topics         []string
	Neighbourhoods []string
}

func nilIfNil(ids []string) any {
	if ids == nil {
		return nil
	}
	return ids
}

// UpdateService applies an update; the links it sets replace the
// service's.
func (s *Store) UpdateService(ctx context.Context, id string, u domain.ServiceUpdate) (domain.Service, error) {
	if err := domain.Prepare(&u); err != nil {
		return domain.Service{}, err
	}
	p := Patch{}
	setName(p, "name", u.Name)
	set(p, "description", u.Description)
	set(p, "keywords", u.Keywords)
	setEnum(p, "status", u.Status)
	p.setSpan(u.SpanUpdate).setMeta(u.MetaUpdate)
	links := serviceLinks{Provider: u.Provider.Value, TargetGroups: u.TargetGroups.Value, Topics: u.Topics.Value,
		Neighbourhoods: u.Neighbourhoods.Value}
	return audited(ctx, s, "updateService", nodeTarget("Service", id), func(tx neo4j.ManagedTransaction) (domain.Service, error) {
		cur, err := currentProps(ctx, tx, "(n:Service {id: $id})", id)
		if err != nil {
			return domain.Service{}, fmt.Errorf("service %s: %w", id, err)
		}
		if err := checkSpan(cur, p); err != nil {
			return domain.Service{}, err
		}
		if err := checkServiceLinks(ctx, tx, links.Provider, links.TargetGroups, links.Topics, links.Neighbourhoods); err != nil {
			return domain.Service{}, err
		}
		withSearch(cur, p)
		return writeOne(ctx, tx, updateServiceCypher, map[string]any{
			"id": id, "props": p.params(), "provider": strParam(links.Provider),
			"targetGroups": nilIfNil(links.TargetGroups), "topics": nilIfNil(links.Topics),
			"neighbourhoods": nilIfNil(links.Neighbourhoods),
		}, mapService)
	})
}

// DeleteService deletes a service.
func (s *Store) DeleteService(ctx context.Context, id string) ([]domain.DeleteEffect, error) {
	return deleteSimple(ctx, s, "deleteService", nodeTarget("Service", id), "service")
}

// deleteSimple detach-deletes the one record of t as the write op.
func deleteSimple(ctx context.Context, s *Store, op string, t target, what string) ([]domain.DeleteEffect, error) {
	id := t.id
	_, err := audited(ctx, s, op, t, func(tx neo4j.ManagedTransaction) (int64, error) {
		if t.typ == "Service" {
			if err := deleteLocationsOf(ctx, tx, "Service", id); err != nil {
				return 0, err
			}
		}
		n, err := single[int64](ctx, tx, "MATCH "+t.match+" DETACH DELETE n RETURN count(*) AS deleted", map[string]any{"id": id}, "deleted")
		if err == nil && n == 0 {
			err = domain.ErrNotFound
		}
		return n, err
	})
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", what, id, err)
	}
	return []domain.DeleteEffect{}, nil
}
