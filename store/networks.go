package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

const networkProj = "n{.*, neighbourhoodIds: [(n)-[:COVERS]->(m:Neighbourhood) | m.id]}"

func mapNetwork(p *props) domain.Network {
	return domain.Network{
		ID:               p.str("id"),
		Name:             p.str("name"),
		Kind:             domain.NetworkKind(p.str("kind")),
		Description:      p.strPtr("description"),
		Public:           p.boolean("public"),
		NeighbourhoodIDs: p.strs("neighbourhoodIds"),
		Span:             p.span(),
		Meta:             p.meta(),
	}
}

// networkPatch validates a new network (but not its id and links) and
// returns its properties, with the folded searchName.
func networkPatch(v domain.Network) (Patch, error) {
	if err := domain.Prepare(&v); err != nil {
		return nil, err
	}
	return Patch{"id": v.ID, "name": v.Name, "searchName": Fold(v.Name), "kind": string(v.Kind),
		"description": v.Description, "public": v.Public, "validFrom": v.ValidFrom, "validTo": v.ValidTo,
		"externalKey": v.ExternalKey, "source": v.Source, "lastConfirmed": v.LastConfirmed}, nil
}

// coversNeighbourhood says that network n covers $neighbourhood, one
// inside it, or one enclosing it.
const coversNeighbourhood = `EXISTS { MATCH (n)-[:COVERS]->(cm:Neighbourhood), (cx:Neighbourhood {id: $neighbourhood})
  WHERE EXISTS { (cm)-[:PART_OF*0..]->(cx) } OR EXISTS { (cx)-[:PART_OF*0..]->(cm) } }`

func networkConds(f *domain.NetworkFilter) *conds {
	c := newConds()
	if f == nil {
		return c
	}
	c.nameContains(f.NameContains)
	if len(f.Kinds) > 0 {
		c.add("n.kind IN $kinds", "kinds", f.Kinds)
	}
	c.ref("Neighbourhood", coversNeighbourhood, "neighbourhood", f.Neighbourhood)
	c.date(condAsOf, "asOf", f.AsOf)
	return c
}

// Networks returns networks by id.
func (s *Store) Networks(ctx context.Context, ids []string) (map[string]domain.Network, error) {
	return byIDs(ctx, s, "Network", "(n:Network {id: id})", networkProj, ids, mapNetwork)
}

// networkOrder maps the fields networks can be ordered by.
var networkOrder = map[domain.SortField]string{
	domain.SortName:          orderName,
	domain.SortLastConfirmed: "n.lastConfirmed",
	domain.SortCreatedAt:     "n.createdAt",
}

// ListNetworks lists networks in order o, by default by name.
func (s *Store) ListNetworks(ctx context.Context, f *domain.NetworkFilter, o *domain.Order, page domain.PageArgs) (domain.Page[domain.Network], error) {
	order, err := orderBy(o, networkOrder, orderName)
	if err != nil {
		return domain.Page[domain.Network]{}, err
	}
	c := networkConds(f)
	q := listQuery{kind: "Network", match: "(n:Network)", where: c.where, order: order, proj: networkProj}
	return listPage(ctx, s, q, c.params, page, mapNetwork)
}

// NetworkNeighbourhoods returns, per network, the neighbourhoods it
// covers, by name.
func (s *Store) NetworkNeighbourhoods(ctx context.Context, networks []string) (map[string][]domain.Neighbourhood, error) {
	q := listQuery{kind: "Neighbourhood", match: "(p:Network {id: pid})-[:COVERS]->(n:Neighbourhood)", order: orderName, proj: neighbourhoodProj}
	pages, err := listPages(ctx, s, q, nil, networks, domain.PageArgs{First: 100000}, mapNeighbourhood)
	return items(pages), err
}

const createNetworkCypher = `
CREATE (n:Network)
SET n = $props, n.createdAt = datetime(), n.updatedAt = datetime()
WITH n
CALL (n) {
  UNWIND $neighbourhoods AS nid
  MATCH (m:Neighbourhood {id: nid})
  MERGE (n)-[:COVERS]->(m)
}
RETURN ` + networkProj + ` AS n`

// CreateNetwork creates a network covering v.NeighbourhoodIDs.
func (s *Store) CreateNetwork(ctx context.Context, v domain.Network) (domain.Network, error) {
	fp := fingerprint(v)
	id, err := checkID(&v.ID, domain.EntityNetwork.Prefix)
	if err != nil {
		return v, err
	}
	v.ID = id
	p, err := networkPatch(v)
	if err != nil {
		return v, err
	}
	return created(ctx, s, "createNetwork", nodeTarget("Network", id), nil, fp, (*Store).Networks, func(tx neo4j.ManagedTransaction) (domain.Network, error) {
		if err := requireAll(ctx, tx, "Neighbourhood", "input.neighbourhoods", v.NeighbourhoodIDs); err != nil {
			return v, err
		}
		return writeOne(ctx, tx, createNetworkCypher, map[string]any{
			"props": p.params(), "neighbourhoods": nonNil(v.NeighbourhoodIDs),
		}, mapNetwork)
	})
}

const updateNetworkCypher = `
MATCH (n:Network {id: $id})
SET n += $props, n.updatedAt = datetime()
WITH n
CALL (n) {
  WITH n WHERE $neighbourhoods IS NOT NULL
  OPTIONAL MATCH (n)-[r:COVERS]->()
  DELETE r
  WITH DISTINCT n
  UNWIND $neighbourhoods AS nid
  MATCH (m:Neighbourhood {id: nid})
  MERGE (n)-[:COVERS]->(m)
}
RETURN ` + networkProj + ` AS n`

// UpdateNetwork applies a patch of name, kind, description, validFrom,
// validTo, externalKey, source and lastConfirmed; neighbourhoods, when
// not nil, replace the covered neighbourhoods.
func (s *Store) UpdateNetwork(ctx context.Context, id string, u domain.NetworkUpdate) (domain.Network, error) {
	if err := domain.Prepare(&u); err != nil {
		return domain.Network{}, err
	}
	p := Patch{}
	if u.Name.Set {
		p["name"], p["searchName"] = *u.Name.Value, Fold(*u.Name.Value)
	}
	setEnum(p, "kind", u.Kind)
	set(p, "description", u.Description)
	setFlag(p, "public", u.Public)
	p.setSpan(u.SpanUpdate).setMeta(u.MetaUpdate)
	neighbourhoods := replacement(u.Neighbourhoods)
	v, err := audited(ctx, s, "updateNetwork", nodeTarget("Network", id), func(tx neo4j.ManagedTransaction) (domain.Network, error) {
		cur, err := currentProps(ctx, tx, "(n:Network {id: $id})", id)
		if err != nil {
			return domain.Network{}, err
		}
		if err := checkSpan(cur, p); err != nil {
			return domain.Network{}, err
		}
		if err := requireAll(ctx, tx, "Neighbourhood", "input.neighbourhoods", neighbourhoods); err != nil {
			return domain.Network{}, err
		}
		return writeOne(ctx, tx, updateNetworkCypher, map[string]any{
			"id": id, "props": p.params(), "neighbourhoods": nilIfNil(neighbourhoods),
		}, mapNetwork)
	})
	if err != nil {
		return v, fmt.Errorf("network %s: %w", id, err)
	}
	return v, nil
}

const deleteNetworkCypher = `
MATCH (n:Network {id: $id})
WITH n, COUNT { (n)<-[:MEMBER_OF]-() } AS memberships, COUNT { (n)<-[:OF_NETWORK]-() } AS events
DETACH DELETE n
RETURN memberships, events`

// DeleteNetwork deletes a network and its memberships; its events remain
// without network.
func (s *Store) DeleteNetwork(ctx context.Context, id string) ([]domain.DeleteEffect, error) {
	effects, err := audited(ctx, s, "deleteNetwork", nodeTarget("Network", id), func(tx neo4j.ManagedTransaction) ([]domain.DeleteEffect, error) {
		recs, err := collect(ctx, tx, deleteNetworkCypher, map[string]any{"id": id})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, domain.ErrNotFound
		}
		memberships, _ := recs[0].Get("memberships")
		events, _ := recs[0].Get("events")
		return []domain.DeleteEffect{
			deleteEffect("memberships removed", memberships.(int64)),
			deleteEffect("events detached from the network (the events remain)", events.(int64)),
		}, nil
	})
	if err != nil {
		return nil, fmt.Errorf("network %s: %w", id, err)
	}
	return effects, nil
}
