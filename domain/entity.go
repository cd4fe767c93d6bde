package domain

import "strings"

// Entity says once, for one record type, what every layer needs to know
// of it: the prefix of its ids, how Neo4j stores it, its name in the
// audit trail, the access rules and messages, and whether only admins
// change it. The store (access rules, audit, node lookup, the stale
// list, datasets), the importer and the API read it here instead of
// spelling labels and prefixes out each in their own room.
type Entity struct {
	// Type is the record type as the API names it.
	Type RecordType
	// Prefix starts every id of the type ("act_").
	Prefix string
	// Label is the Neo4j node label, or for a relationship record (Rel)
	// its relationship type.
	Label string
	Rel   bool
	// Name is the type's name in the audit trail, the write rule and
	// messages ("Actor", "Cooperation").
	Name string
	// Reference data (places, vocabularies) is changed by admins only,
	// whatever districts it touches.
	Reference bool
}

// The record types.
var (
	EntityActor         = Entity{Type: TypeActor, Prefix: "act_", Label: "Actor", Name: "Actor"}
	EntityService       = Entity{Type: TypeService, Prefix: "svc_", Label: "Service", Name: "Service"}
	EntityNeed          = Entity{Type: TypeNeed, Prefix: "ned_", Label: "Need", Name: "Need"}
	EntityPerson        = Entity{Type: TypePerson, Prefix: "per_", Label: "Person", Name: "Person"}
	EntityRole          = Entity{Type: TypeRole, Prefix: "rol_", Label: "WORKS_AT", Rel: true, Name: "Role"}
	EntityCooperation   = Entity{Type: TypeCooperation, Prefix: "coo_", Label: "COOPERATES_WITH", Rel: true, Name: "Cooperation"}
	EntityMembership    = Entity{Type: TypeMembership, Prefix: "mem_", Label: "MEMBER_OF", Rel: true, Name: "Membership"}
	EntityNetwork       = Entity{Type: TypeNetwork, Prefix: "net_", Label: "Network", Name: "Network"}
	EntityEvent         = Entity{Type: TypeEvent, Prefix: "evt_", Label: "Event", Name: "Event"}
	EntityNeighbourhood = Entity{Type: TypeNeighbourhood, Prefix: "nbh_", Label: "Neighbourhood", Name: "Neighbourhood", Reference: true}
	EntityTargetGroup   = Entity{Type: TypeTargetGroup, Prefix: "tg_", Label: "TargetGroup", Name: "TargetGroup", Reference: true}
	EntityTopic         = Entity{Type: TypeTopic, Prefix: "top_", Label: "Topic", Name: "Topic", Reference: true}
)

// Entities lists every record type's entity, in the order of
// RecordTypes.
var Entities = []Entity{EntityActor, EntityService, EntityNeed, EntityPerson, EntityRole, EntityCooperation,
	EntityMembership, EntityNetwork, EntityEvent, EntityNeighbourhood, EntityTargetGroup, EntityTopic}

// EntityOf returns the entity of a record type; ok is false for none.
func EntityOf(t RecordType) (Entity, bool) {
	for _, e := range Entities {
		if e.Type == t {
			return e, true
		}
	}
	return Entity{}, false
}

// EntityOfID returns the entity whose prefix an id has; ok is false for
// an id of no record type.
func EntityOfID(id string) (Entity, bool) {
	i := strings.IndexByte(id, '_')
	if i < 0 {
		return Entity{}, false
	}
	for _, e := range Entities {
		if e.Prefix == id[:i+1] {
			return e, true
		}
	}
	return Entity{}, false
}

// Owns reports whether id is an id of the entity's type.
func (e Entity) Owns(id string) bool { return strings.HasPrefix(id, e.Prefix) }
