package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// DefaultBatchSize is the number of rows LoadDataset writes per
// transaction when the caller passes 0.
const DefaultBatchSize = 500

// mergeNodesCypher creates or updates nodes of one label (spliced in) by
// id; createdAt is set only on creation.
const mergeNodesCypher = `UNWIND $rows AS row
MERGE (n:%s {id: row.id})
ON CREATE SET n.createdAt = datetime()
SET n += row.props, n.updatedAt = datetime()`

// actorLabelsCypher follows mergeNodesCypher for actors: the kind decides
// Institution or Organisation.
const actorLabelsCypher = `
FOREACH (_ IN CASE WHEN row.institution THEN [1] ELSE [] END | SET n:Institution REMOVE n:Organisation)
FOREACH (_ IN CASE WHEN row.institution THEN [] ELSE [1] END | SET n:Organisation REMOVE n:Institution)`

// syncLinksCypher makes the links of one type from each owner row.id to
// nodes of the other label exactly those in row.links. Splices: owner
// label, pattern of the link from the owner (e.g. -[r:ACTIVE_IN]->),
// other label.
const syncLinksCypher = `UNWIND $rows AS row
MATCH (o:%[1]s {id: row.id})
CALL (o, row) {
  OPTIONAL MATCH (o)%[2]s(x:%[3]s) WHERE NOT x.id IN row.links
  DELETE r
}
CALL (o, row) {
  UNWIND row.links AS lid
  MATCH (x:%[3]s {id: lid})
  MERGE (o)%[2]s(x)
}`

// mergeRelsCypher creates or updates relationships with identity by id;
// one whose ends changed is replaced. Splices: start label, type, end label.
const mergeRelsCypher = `UNWIND $rows AS row
MATCH (a:%[1]s {id: row.from}), (b:%[3]s {id: row.to})
CALL (a, b, row) {
  OPTIONAL MATCH (x)-[old:%[2]s {id: row.id}]->(y) WHERE x <> a OR y <> b
  DELETE old
}
MERGE (a)-[n:%[2]s {id: row.id}]->(b)
ON CREATE SET n.createdAt = datetime()
SET n += row.props, n.updatedAt = datetime()`

// stepKind says what the rows of a load step hold, for readers of the
// steps other than Neo4j (see BulkLoad).
type stepKind int

const (
	// nodeRows are {id, props} of nodes of label (actors also have
	// institution).
	nodeRows stepKind = iota + 1
	// linkRows are {id, links}: the links of type rel between the owner
	// node of label with id and the nodes of label other in links, from
	// the owner when out, else pointing at it.
	linkRows
	// relRows are {id, from, to, props}: relationships with identity of
	// type rel from a node of label to one of label other.
	relRows
	// participationRows are {event, actor}: an actor's PARTICIPATED_IN
	// its event.
	participationRows
)

// stepMeta says what the rows of a step are: kind, and label, rel,
// other and out as kind says. It decides the statement (cypher).
type stepMeta struct {
	kind              stepKind
	label, rel, other string
	out               bool
}

// pattern is the link of linkRows from the owner, e.g. -[r:ACTIVE_IN]->.
func (m stepMeta) pattern() string {
	if m.out {
		return "-[r:" + m.rel + "]->"
	}
	return "<-[r:" + m.rel + "]-"
}

// cyphers caches the statements of stepMeta.cypher: CheckImport builds
// the steps of every row an import checks.
var cyphers sync.Map

// cypher is the statement that merges the rows.
func (m stepMeta) cypher() string {
	if c, ok := cyphers.Load(m); ok {
		return c.(string)
	}
	c := m.statement()
	cyphers.Store(m, c)
	return c
}

// statement makes the statement of cypher.
func (m stepMeta) statement() string {
	switch m.kind {
	case nodeRows:
		c := fmt.Sprintf(mergeNodesCypher, m.label)
		if m.label == "Actor" {
			c += actorLabelsCypher
		}
		return c
	case linkRows:
		return fmt.Sprintf(syncLinksCypher, m.label, m.pattern(), m.other)
	case relRows:
		return fmt.Sprintf(mergeRelsCypher, m.label, m.rel, m.other)
	case participationRows:
		return mergeParticipationsCypher
	}
	panic(fmt.Sprintf("store: no statement for rows of kind %d", m.kind))
}

// loadStep is one statement of a load with all its rows, and what they
// mean.
type loadStep struct {
	stepMeta
	cypher string
	rows   []map[string]any
}

// ref is a reference from a record of the dataset to a node.
type ref struct{ label, field, id string }

// datasetLoad collects the steps of a load in order, the ids of the
// dataset per label and its references.
type datasetLoad struct {
	steps []*loadStep
	index map[stepMeta]*loadStep
	known map[string]map[string]bool
	refs  []ref
}

// add appends a row to the step of its kind, creating the step in order
// of first use.
func (l *datasetLoad) add(m stepMeta, row map[string]any) {
	st, ok := l.index[m]
	if !ok {
		st = &loadStep{stepMeta: m, cypher: m.cypher()}
		l.index[m] = st
		l.steps = append(l.steps, st)
	}
	st.rows = append(st.rows, row)
}

// record checks the id of the record at path at and remembers it.
func (l *datasetLoad) record(at string, e domain.Entity, id string) error {
	label := e.Label
	if id == "" {
		return domain.Invalid(at+".id", "is required: a dataset needs stable ids")
	}
	if _, err := checkID(&id, e.Prefix); err != nil {
		return datasetErr(at, err)
	}
	if l.known[label][id] {
		return domain.Invalid(at+".id", "duplicate id %s", id)
	}
	if l.known[label] == nil {
		l.known[label] = map[string]bool{}
	}
	l.known[label][id] = true
	return nil
}

// node adds the row of a node and returns it for further fields.
func (l *datasetLoad) node(label, id string, p Patch) map[string]any {
	row := map[string]any{"id": id, "props": p.params()}
	l.add(stepMeta{kind: nodeRows, label: label}, row)
	return row
}

// links syncs the links of type rel from owner id to other nodes; out is
// false when the links point at the owner.
func (l *datasetLoad) links(owner, rel, other string, out bool, id, field string, ids []string) {
	l.add(stepMeta{kind: linkRows, label: owner, rel: rel, other: other, out: out}, map[string]any{"id": id, "links": nonNil(ids)})
	for _, x := range ids {
		l.refs = append(l.refs, ref{other, field, x})
	}
}

// one turns an optional link into a list of links.
func one(id *string) []string {
	if id == nil {
		return nil
	}
	return []string{*id}
}

// rel adds the row of a relationship with identity and its references.
func (l *datasetLoad) rel(from, rel, to, id, fromID, toID, at, fromField, toField string, p Patch) {
	l.add(stepMeta{kind: relRows, label: from, rel: rel, other: to}, map[string]any{"id": id, "from": fromID, "to": toID, "props": p.params()})
	l.refs = append(l.refs, ref{from, at + "." + fromField, fromID}, ref{to, at + "." + toField, toID})
}

// datasetErr moves a field error of a record's validation to the
// record's path in the dataset.
func datasetErr(at string, err error) error {
	var fe *domain.FieldError
	if errors.As(err, &fe) {
		return domain.Invalid(at+"."+strings.TrimPrefix(fe.Field, "input."), "%s", fe.Message)
	}
	return fmt.Errorf("%s: %w", at, err)
}

// LoadDataset writes a whole dataset, batchSize rows per write
// transaction (DefaultBatchSize when 0): vocabulary, neighbourhoods,
// actors, people, roles, services, needs, cooperations, networks,
// memberships and events. Records are merged on their ids, so loading
// the same dataset again creates nothing and keeps createdAt; the links
// of each record in the dataset become exactly those it names. Records
// may reference nodes that are already stored. The dataset is validated
// before anything is written; a load that fails midway leaves the
// batches before it written, and loading again completes it.
func (s *Store) LoadDataset(ctx context.Context, ds *domain.Dataset, batchSize int) error {
	if batchSize <= 0 {
		batchSize = DefaultBatchSize
	}
	l := &datasetLoad{index: map[stepMeta]*loadStep{}, known: map[string]map[string]bool{}}
	if err := l.build(ds); err != nil {
		return err
	}
	if err := s.checkRefs(ctx, l); err != nil {
		return err
	}
	for _, st := range l.steps {
		for chunk := range slices.Chunk(st.rows, batchSize) {
			_, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
				_, err := collect(ctx, tx, st.cypher, map[string]any{"rows": chunk})
				return nil, err
			})
			if err != nil {
				return fmt.Errorf("store: load dataset: %w", err)
			}
		}
	}
	// After every step: a service's listings need its links.
	for chunk := range slices.Chunk(serviceIDs(ds), batchSize) {
		if _, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
			return nil, syncListings(ctx, tx, chunk)
		}); err != nil {
			return fmt.Errorf("store: load dataset: %w", err)
		}
	}
	return s.loadPlaces(ctx, ds, batchSize)
}

// checkRefs requires every reference to a node outside the dataset to
// name a stored node.
func (s *Store) checkRefs(ctx context.Context, l *datasetLoad) error {
	type key struct{ label, field string }
	missing := map[key][]string{}
	var keys []key
	for _, r := range l.refs {
		if l.known[r.label][r.id] {
			continue
		}
		k := key{r.label, r.field}
		if _, ok := missing[k]; !ok {
			keys = append(keys, k)
		}
		missing[k] = append(missing[k], r.id)
	}
	if len(keys) == 0 {
		return nil
	}
	_, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
		for _, k := range keys {
			if err := requireAll(ctx, tx, k.label, k.field, missing[k]); err != nil {
				return nil, err
			}
		}
		return nil, nil
	})
	return err
}

// build validates the dataset and collects the steps to write it.
func (l *datasetLoad) build(ds *domain.Dataset) error {
	for _, vk := range []struct {
		kind  vocabKind
		path  string
		items []domain.Vocabulary
	}{
		{targetGroupKind, "targetGroups", vocabs(ds.TargetGroups, func(v domain.TargetGroup) domain.Vocabulary { return v.Vocabulary })},
		{topicKind, "topics", vocabs(ds.Topics, func(v domain.Topic) domain.Vocabulary { return v.Vocabulary })},
	} {
		for i, v := range vk.items {
			at := fmt.Sprintf("dataset.%s[%d]", vk.path, i)
			if err := l.record(at, vk.kind.entity, v.ID); err != nil {
				return err
			}
			p, err := vocabPatch(v)
			if err != nil {
				return datasetErr(at, err)
			}
			l.node(vk.kind.label, v.ID, p)
		}
	}
	for i, v := range ds.Neighbourhoods {
		at := fmt.Sprintf("dataset.neighbourhoods[%d]", i)
		if err := l.record(at, domain.EntityNeighbourhood, v.ID); err != nil {
			return err
		}
		p, err := neighbourhoodPatch(v)
		if err != nil {
			return datasetErr(at, err)
		}
		l.node("Neighbourhood", v.ID, p)
	}
	// Parents link after every neighbourhood exists, in any order.
	levels := make(map[string]domain.Level, len(ds.Neighbourhoods))
	for _, v := range ds.Neighbourhoods {
		levels[v.ID] = v.Level
	}
	for i, v := range ds.Neighbourhoods {
		if err := checkLevels(v, levels); err != nil {
			return datasetErr(fmt.Sprintf("dataset.neighbourhoods[%d]", i), err)
		}
		l.links("Neighbourhood", "PART_OF", "Neighbourhood", true, v.ID, fmt.Sprintf("dataset.neighbourhoods[%d].parent", i), one(v.ParentID))
	}
	for i, v := range ds.Actors {
		at := fmt.Sprintf("dataset.actors[%d]", i)
		if err := l.record(at, domain.EntityActor, v.ID); err != nil {
			return err
		}
		p, err := actorPatch(v)
		if err != nil {
			return datasetErr(at, err)
		}
		cps, err := contactPointsProp(v.ContactPoints)
		if err != nil {
			return datasetErr(at, err)
		}
		p["contactPoints"], p["searchContact"] = cps, contactSearchProp(v.ContactPoints)
		l.node("Actor", v.ID, p)["institution"] = v.Kind.IsInstitution()
		l.links("Actor", "ACTIVE_IN", "Neighbourhood", true, v.ID, at+".neighbourhoods", v.NeighbourhoodIDs)
	}
	for i, v := range ds.People {
		at := fmt.Sprintf("dataset.people[%d]", i)
		if err := l.record(at, domain.EntityPerson, v.ID); err != nil {
			return err
		}
		p, err := personPatch(v)
		if err != nil {
			return datasetErr(at, err)
		}
		l.node("Person", v.ID, p)
	}
	for i, v := range ds.Roles {
		at := fmt.Sprintf("dataset.roles[%d]", i)
		if err := l.record(at, domain.EntityRole, v.ID); err != nil {
			return err
		}
		p, err := rolePatch(v)
		if err != nil {
			return datasetErr(at, err)
		}
		l.rel("Person", "WORKS_AT", "Actor", v.ID, v.PersonID, v.ActorID, at, "person", "actor", p)
	}
	for i, v := range ds.Services {
		at := fmt.Sprintf("dataset.services[%d]", i)
		if err := l.record(at, domain.EntityService, v.ID); err != nil {
			return err
		}
		p, err := servicePatch(v)
		if err != nil {
			return datasetErr(at, err)
		}
		l.node("Service", v.ID, p)
		l.links("Service", "OFFERS", "Actor", false, v.ID, at+".provider", []string{v.ProviderID})
		l.links("Service", "FOR", "TargetGroup", true, v.ID, at+".targetGroups", v.TargetGroupIDs)
		l.links("Service", "ON", "Topic", true, v.ID, at+".topics", v.TopicIDs)
		l.links("Service", "AVAILABLE_IN", "Neighbourhood", true, v.ID, at+".neighbourhoods", v.NeighbourhoodIDs)
	}
	for i, v := range ds.Needs {
		at := fmt.Sprintf("dataset.needs[%d]", i)
		if err := l.record(at, domain.EntityNeed, v.ID); err != nil {
			return err
		}
		p, err := needPatch(v)
		if err != nil {
			return datasetErr(at, err)
		}
		l.node("Need", v.ID, p)
		l.links("Need", "FOR", "TargetGroup", true, v.ID, at+".targetGroup", []string{v.TargetGroupID})
		l.links("Need", "ON", "Topic", true, v.ID, at+".topic", []string{v.TopicID})
		l.links("Need", "IN", "Neighbourhood", true, v.ID, at+".neighbourhood", []string{v.NeighbourhoodID})
	}
	for i, v := range ds.Cooperations {
		at := fmt.Sprintf("dataset.cooperations[%d]", i)
		if err := l.record(at, domain.EntityCooperation, v.ID); err != nil {
			return err
		}
		p, err := cooperationPatch(v)
		if err != nil {
			return datasetErr(at, err)
		}
		l.rel("Actor", "COOPERATES_WITH", "Actor", v.ID, v.FromID, v.ToID, at, "from", "to", p)
	}
	for i, v := range ds.Networks {
		at := fmt.Sprintf("dataset.networks[%d]", i)
		if err := l.record(at, domain.EntityNetwork, v.ID); err != nil {
			return err
		}
		p, err := networkPatch(v)
		if err != nil {
			return datasetErr(at, err)
		}
		l.node("Network", v.ID, p)
		l.links("Network", "COVERS", "Neighbourhood", true, v.ID, at+".neighbourhoods", v.NeighbourhoodIDs)
	}
	for i, v := range ds.Memberships {
		at := fmt.Sprintf("dataset.memberships[%d]", i)
		if err := l.record(at, domain.EntityMembership, v.ID); err != nil {
			return err
		}
		p, err := membershipPatch(v)
		if err != nil {
			return datasetErr(at, err)
		}
		l.rel("Actor", "MEMBER_OF", "Network", v.ID, v.ActorID, v.NetworkID, at, "actor", "network", p)
	}
	for i, v := range ds.Events {
		at := fmt.Sprintf("dataset.events[%d]", i)
		if err := l.record(at, domain.EntityEvent, v.ID); err != nil {
			return err
		}
		p, err := eventPatch(v)
		if err != nil {
			return datasetErr(at, err)
		}
		l.node("Event", v.ID, p)
		l.links("Event", "ORGANISED", "Actor", false, v.ID, at+".organiser", one(v.OrganiserID))
		l.links("Event", "HELD_IN", "Neighbourhood", true, v.ID, at+".neighbourhood", one(v.NeighbourhoodID))
		l.links("Event", "OF_NETWORK", "Network", true, v.ID, at+".network", one(v.NetworkID))
		l.links("Event", "PARTICIPATED_IN", "Actor", false, v.ID, at+".participants", v.ParticipantIDs)
	}
	return nil
}

// checkLevels enforces city > district > quarter > area as
// CreateNeighbourhood does; a parent outside the dataset is checked for
// existence only.
func checkLevels(v domain.Neighbourhood, levels map[string]domain.Level) error {
	switch {
	case v.Level == domain.LevelCity && v.ParentID != nil:
		return domain.Invalid("input.parent", "a city has no parent")
	case v.Level != domain.LevelCity && v.ParentID == nil:
		return domain.Invalid("input.parent", "a %s needs a parent neighbourhood", v.Level)
	case v.ParentID != nil:
		if pl, ok := levels[*v.ParentID]; ok && pl.Depth() >= v.Level.Depth() {
			return domain.Invalid("input.level", "a %s cannot lie inside a %s", v.Level, pl)
		}
	}
	return nil
}
