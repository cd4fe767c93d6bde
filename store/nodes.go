package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/kiezgraph/kiezgraph/domain"
)

// nodeLoader loads records of one type by id as API nodes.
type nodeLoader func(ctx context.Context, s *Store, ids []string) (map[string]domain.Node, error)

// loader adapts a byIDs method of the store to a nodeLoader.
func loader[T any](load func(*Store, context.Context, []string) (map[string]T, error), wrap func(T) domain.Node) nodeLoader {
	return func(ctx context.Context, s *Store, ids []string) (map[string]domain.Node, error) {
		m, err := load(s, ctx, ids)
		if err != nil {
			return nil, err
		}
		out := make(map[string]domain.Node, len(m))
		for id, v := range m {
			out[id] = wrap(v)
		}
		return out, nil
	}
}

// asNode returns a pointer to a copy of v as a node.
func asNode[T any, P interface {
	*T
	domain.Node
}](v T) domain.Node {
	return P(&v)
}

func actorNode(a domain.Actor) domain.Node { return a.AsNode() }

// nodeLoaders maps each id prefix to the loader of its type. Roles and
// memberships have ids but are not nodes of the API.
var nodeLoaders = map[string]nodeLoader{
	domain.EntityNeighbourhood.Prefix: loader((*Store).Neighbourhoods, asNode[domain.Neighbourhood]),
	domain.EntityActor.Prefix:         loader((*Store).Actors, actorNode),
	domain.EntityPerson.Prefix:        loader((*Store).People, asNode[domain.Person]),
	domain.EntityTargetGroup.Prefix:   loader((*Store).TargetGroups, asNode[domain.TargetGroup]),
	domain.EntityTopic.Prefix:         loader((*Store).Topics, asNode[domain.Topic]),
	domain.EntityService.Prefix:       loader((*Store).Services, asNode[domain.Service]),
	domain.EntityNeed.Prefix:          loader((*Store).Needs, asNode[domain.Need]),
	domain.EntityCooperation.Prefix:   loader((*Store).Cooperations, asNode[domain.Cooperation]),
	domain.EntityNetwork.Prefix:       loader((*Store).Networks, asNode[domain.Network]),
	domain.EntityEvent.Prefix:         loader((*Store).Events, asNode[domain.Event]),
}

// idPrefix returns the type prefix of a global id, e.g. "act_".
func idPrefix(id string) string {
	i := strings.IndexByte(id, '_')
	if i < 0 {
		return ""
	}
	return id[:i+1]
}

// Node returns the record with a global id as a pointer to its domain
// type (actors as *domain.Organisation or *domain.Institution). An id of
// no known type, or of no record, is domain.ErrNotFound.
func (s *Store) Node(ctx context.Context, id string) (domain.Node, error) {
	load, ok := nodeLoaders[idPrefix(id)]
	if !ok {
		return nil, fmt.Errorf("node %s: %w", id, domain.ErrNotFound)
	}
	m, err := load(ctx, s, []string{id})
	if err != nil {
		return nil, err
	}
	n, ok := m[id]
	if !ok {
		return nil, fmt.Errorf("node %s: %w", id, domain.ErrNotFound)
	}
	return n, nil
}

// Nodes returns the records with the given ids in the same order, nil
// where an id is unknown. It runs one query per type present.
func (s *Store) Nodes(ctx context.Context, ids []string) ([]domain.Node, error) {
	byPrefix := map[string][]string{}
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if p := idPrefix(id); nodeLoaders[p] != nil && !seen[id] {
			seen[id] = true
			byPrefix[p] = append(byPrefix[p], id)
		}
	}
	found := make(map[string]domain.Node, len(ids))
	for p, group := range byPrefix {
		m, err := nodeLoaders[p](ctx, s, group)
		if err != nil {
			return nil, err
		}
		for id, n := range m {
			found[id] = n
		}
	}
	out := make([]domain.Node, len(ids))
	for i, id := range ids {
		out[i] = found[id]
	}
	return out, nil
}

// relCooperation is the pseudo-label nodeFromLabels reads as a cooperation.
const relCooperation = "COOPERATES_WITH"

// nodeFromLabels maps a projection to the API node its labels call for;
// labels is the []any of labels(n), or ["COOPERATES_WITH"] for a
// cooperation. An unknown label set is reported through p.err.
func nodeFromLabels(labels any, p *props) domain.Node {
	list, _ := labels.([]any)
	has := func(l string) bool { return slices.Contains(list, any(l)) }
	switch {
	case has("Actor"):
		a := mapActor(p)
		return a.AsNode()
	case has("Service"):
		return asNode(mapService(p))
	case has("Neighbourhood"):
		return asNode(mapNeighbourhood(p))
	case has("Person"):
		return asNode(mapPerson(p))
	case has("TargetGroup"):
		return asNode(mapTargetGroup(p))
	case has("Topic"):
		return asNode(mapTopic(p))
	case has("Need"):
		return asNode(mapNeed(p))
	case has("Network"):
		return asNode(mapNetwork(p))
	case has("Event"):
		return asNode(mapEvent(p))
	case has(relCooperation):
		return asNode(mapCooperation(p))
	}
	if p.err == nil {
		p.err = fmt.Errorf("store: no node type for labels %v", labels)
	}
	return nil
}

// Validation helpers shared by the record types.

// withStatus adds the status s to the patch of a new or imported
// record when one is given: a record without one is active, and an
// import that names none leaves a stored record's status as it is
// (SET n += props would clear it).
func (p Patch) withStatus(s domain.RecordStatus) Patch {
	if s != "" {
		p["status"] = string(s)
	}
	return p
}
