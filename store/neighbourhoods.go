package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

const neighbourhoodProj = "n{.*, parentId: [(n)-[:PART_OF]->(q:Neighbourhood) | q.id][0]}"

func mapNeighbourhood(p *props) domain.Neighbourhood {
	n := domain.Neighbourhood{
		ID:                p.str("id"),
		Name:              p.str("name"),
		Level:             domain.Level(p.str("level")),
		OfficialCode:      p.strPtr("officialCode"),
		Population:        p.intPtr("population"),
		QuarterManagement: p.boolean("quarterManagement"),
		Description:       p.strPtr("description"),
		ParentID:          p.strPtr("parentId"),
		Meta:              p.meta(),
	}
	if raw := p.strPtr("indicators"); raw != nil && *raw != "" {
		if err := json.Unmarshal([]byte(*raw), &n.Indicators); err != nil && p.err == nil {
			p.err = fmt.Errorf("store: indicators of %s: %w", n.ID, err)
		}
	}
	return n
}

// IndicatorsJSON encodes indicators for the indicators property.
func IndicatorsJSON(ind []domain.Indicator) (string, error) {
	if ind == nil {
		ind = []domain.Indicator{}
	}
	b, err := json.Marshal(ind)
	return string(b), err
}

var neighbourhoodOrder = map[domain.SortField]string{
	domain.SortName:          orderName,
	domain.SortPopulation:    "n.population",
	domain.SortLastConfirmed: "n.lastConfirmed",
	domain.SortCreatedAt:     "n.createdAt",
}

// Neighbourhoods returns neighbourhoods by id.
func (s *Store) Neighbourhoods(ctx context.Context, ids []string) (map[string]domain.Neighbourhood, error) {
	return byIDs(ctx, s, "Neighbourhood", "(n:Neighbourhood {id: id})", neighbourhoodProj, ids, mapNeighbourhood)
}

func neighbourhoodConds(f *domain.NeighbourhoodFilter) *conds {
	c := newConds()
	if f == nil {
		return c
	}
	c.nameContains(f.NameContains)
	if len(f.Levels) > 0 {
		c.add("n.level IN $levels", "levels", f.Levels)
	}
	c.ref("Neighbourhood", "EXISTS { (n)-[:PART_OF*1..]->(:Neighbourhood {id: $within}) }", "within", f.Within)
	if f.QuarterManagement != nil {
		c.add("coalesce(n.quarterManagement, false) = $qm", "qm", *f.QuarterManagement)
	}
	c.date(condConfirmedBefore, "confirmedBefore", f.ConfirmedBefore)
	return c
}

// ListNeighbourhoods lists neighbourhoods.
func (s *Store) ListNeighbourhoods(ctx context.Context, f *domain.NeighbourhoodFilter, o *domain.Order, page domain.PageArgs) (domain.Page[domain.Neighbourhood], error) {
	order, err := orderBy(o, neighbourhoodOrder, orderName)
	if err != nil {
		return domain.Page[domain.Neighbourhood]{}, err
	}
	c := neighbourhoodConds(f)
	q := listQuery{kind: "Neighbourhood", match: "(n:Neighbourhood)", where: c.where, order: order, proj: neighbourhoodProj}
	return listPage(ctx, s, q, c.params, page, mapNeighbourhood)
}

// NeighbourhoodChildren returns the neighbourhoods directly inside each parent, by name.
func (s *Store) NeighbourhoodChildren(ctx context.Context, parents []string) (map[string][]domain.Neighbourhood, error) {
	q := listQuery{kind: "Neighbourhood", match: "(p:Neighbourhood {id: pid})<-[:PART_OF]-(n:Neighbourhood)", order: orderName, proj: neighbourhoodProj}
	pages, err := listPages(ctx, s, q, nil, parents, domain.PageArgs{First: 100000}, mapNeighbourhood)
	return items(pages), err
}

// NeighbourhoodAncestors returns the enclosing neighbourhoods of each id, nearest first.
func (s *Store) NeighbourhoodAncestors(ctx context.Context, ids []string) (map[string][]domain.Neighbourhood, error) {
	q := listQuery{kind: "Neighbourhood",
		match: "(p:Neighbourhood {id: pid})-[:PART_OF*1..]->(n:Neighbourhood)",
		order: "COUNT { (n)-[:PART_OF*1..]->(:Neighbourhood) } DESC", proj: neighbourhoodProj,
	}
	pages, err := listPages(ctx, s, q, nil, ids, domain.PageArgs{First: 100000}, mapNeighbourhood)
	return items(pages), err
}

func items[T any](pages map[string]domain.Page[T]) map[string][]T {
	out := make(map[string][]T, len(pages))
	for k, p := range pages {
		out[k] = p.Items
	}
	return out
}

const createNeighbourhoodCypher = `
CREATE (n:Neighbourhood)
SET n = $props, n.createdAt = datetime(), n.updatedAt = datetime()
WITH n
OPTIONAL MATCH (parent:Neighbourhood {id: $parent})
FOREACH (_ IN CASE WHEN parent IS NULL THEN [] ELSE [1] END | CREATE (n)-[:PART_OF]->(parent))
RETURN ` + neighbourhoodProj + ` AS n`

// neighbourhoodPatch validates a new neighbourhood (but not its id and
// parent) and returns its properties.
func neighbourhoodPatch(n domain.Neighbourhood) (Patch, error) {
	if err := domain.Prepare(&n); err != nil {
		return nil, err
	}
	ind, err := IndicatorsJSON(n.Indicators)
	if err != nil {
		return nil, err
	}
	p := Patch{"id": n.ID, "name": n.Name, "level": string(n.Level), "officialCode": n.OfficialCode,
		"population": n.Population, "quarterManagement": n.QuarterManagement, "description": n.Description,
		"indicators": ind, "externalKey": n.ExternalKey, "source": n.Source, "lastConfirmed": n.LastConfirmed}
	withSearch(nil, p)
	return p, nil
}

// CreateNeighbourhood creates n below its parent.
func (s *Store) CreateNeighbourhood(ctx context.Context, n domain.Neighbourhood) (domain.Neighbourhood, error) {
	fp := fingerprint(n)
	id, err := checkID(&n.ID, domain.EntityNeighbourhood.Prefix)
	if err != nil {
		return n, err
	}
	n.ID = id
	p, err := neighbourhoodPatch(n)
	if err != nil {
		return n, err
	}
	return created(ctx, s, "createNeighbourhood", nodeTarget("Neighbourhood", id), nil, fp, (*Store).Neighbourhoods, func(tx neo4j.ManagedTransaction) (domain.Neighbourhood, error) {
		if err := checkParentLevel(ctx, tx, n.Level, n.ParentID); err != nil {
			return n, err
		}
		return writeOne(ctx, tx, createNeighbourhoodCypher, map[string]any{"props": p.params(), "parent": strParam(n.ParentID)}, mapNeighbourhood)
	})
}

// checkParentLevel enforces city > district > quarter > area.
func checkParentLevel(ctx context.Context, tx neo4j.ManagedTransaction, level domain.Level, parent *string) error {
	if level == domain.LevelCity {
		if parent != nil {
			return domain.Invalid("input.parent", "a city has no parent")
		}
		return nil
	}
	if parent == nil {
		return domain.Invalid("input.parent", "a %s needs a parent neighbourhood", level)
	}
	pl, err := single[string](ctx, tx, "MATCH (n:Neighbourhood {id: $id}) RETURN n.level AS level", map[string]any{"id": *parent}, "level")
	if err != nil {
		if err == domain.ErrNotFound {
			return domain.Invalid("input.parent", "no neighbourhood with id %s", *parent)
		}
		return err
	}
	if domain.Level(pl).Depth() >= level.Depth() {
		return domain.Invalid("input.level", "a %s cannot lie inside a %s", level, pl)
	}
	return nil
}

// writeOne runs a write statement that returns one projection n.
func writeOne[T any](ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any, m mapper[T]) (T, error) {
	var zero T
	v, err := single[map[string]any](ctx, tx, cypher, params, "n")
	if err != nil {
		return zero, err
	}
	p := &props{m: v}
	out := m(p)
	return out, p.err
}

const updateNeighbourhoodCypher = `
MATCH (n:Neighbourhood {id: $id})
SET n += $props, n.updatedAt = datetime()
RETURN ` + neighbourhoodProj + ` AS n`

// UpdateNeighbourhood applies a patch of neighbourhood properties.
func (s *Store) UpdateNeighbourhood(ctx context.Context, id string, u domain.NeighbourhoodUpdate) (domain.Neighbourhood, error) {
	if err := domain.Prepare(&u); err != nil {
		return domain.Neighbourhood{}, err
	}
	p := Patch{}
	setName(p, "name", u.Name)
	set(p, "officialCode", u.OfficialCode)
	set(p, "population", u.Population)
	setFlag(p, "quarterManagement", u.QuarterManagement)
	set(p, "description", u.Description)
	if u.Indicators.Set {
		js, err := IndicatorsJSON(u.Indicators.Value)
		if err != nil {
			return domain.Neighbourhood{}, err
		}
		p["indicators"] = js
	}
	p.setMeta(u.MetaUpdate)
	return audited(ctx, s, "updateNeighbourhood", nodeTarget("Neighbourhood", id), func(tx neo4j.ManagedTransaction) (domain.Neighbourhood, error) {
		cur, err := currentProps(ctx, tx, "(n:Neighbourhood {id: $id})", id)
		if err != nil {
			return domain.Neighbourhood{}, fmt.Errorf("neighbourhood %s: %w", id, err)
		}
		withSearch(cur, p)
		return writeOne(ctx, tx, updateNeighbourhoodCypher, map[string]any{"id": id, "props": p.params()}, mapNeighbourhood)
	})
}

const deleteNeighbourhoodCypher = `
MATCH (n:Neighbourhood {id: $id})
OPTIONAL MATCH (need:Need)-[:IN]->(n)
WITH n, collect(need) AS needs
CALL (n) { OPTIONAL MATCH (n)<-[r:ACTIVE_IN|AVAILABLE_IN|COVERS|HELD_IN]-() RETURN count(r) AS links }
FOREACH (x IN needs | DETACH DELETE x)
WITH n, needs, links
OPTIONAL MATCH (b:Boundary)-[:OUTLINES]->(n)
DETACH DELETE b, n
RETURN size(needs) AS needs, links`

// DeleteNeighbourhood deletes a neighbourhood without children and its needs.
func (s *Store) DeleteNeighbourhood(ctx context.Context, id string) ([]domain.DeleteEffect, error) {
	return audited(ctx, s, "deleteNeighbourhood", nodeTarget("Neighbourhood", id), func(tx neo4j.ManagedTransaction) ([]domain.DeleteEffect, error) {
		children, err := single[int64](ctx, tx,
			"MATCH (n:Neighbourhood {id: $id}) RETURN COUNT { (n)<-[:PART_OF]-(:Neighbourhood) } AS c", map[string]any{"id": id}, "c")
		if err != nil {
			return nil, fmt.Errorf("neighbourhood %s: %w", id, err)
		}
		if children > 0 {
			return nil, fmt.Errorf("%w: neighbourhood %s still has %d neighbourhoods inside it", domain.ErrConflict, id, children)
		}
		recs, err := collect(ctx, tx, deleteNeighbourhoodCypher, map[string]any{"id": id})
		if err != nil {
			return nil, err
		}
		needs, _ := recs[0].Get("needs")
		links, _ := recs[0].Get("links")
		return []domain.DeleteEffect{
			deleteEffect("needs deleted", needs.(int64)),
			deleteEffect("links of actors, services, networks and events removed", links.(int64)),
		}, nil
	})
}
