package domain

import (
	"io"
	"strings"
	"time"
)

// ChangeKind says what happened to a record in a Change.
type ChangeKind string

// Change kinds.
const (
	// ChangeCreated: the record was created (create…, add…).
	ChangeCreated ChangeKind = "CREATED"
	// ChangeUpdated: the record was changed (update…).
	ChangeUpdated ChangeKind = "UPDATED"
	// ChangeDeleted: the record was deleted (delete…, remove…, erase…).
	ChangeDeleted ChangeKind = "DELETED"
	// ChangeUnknown: the graph changed, but which records is not known
	// (an import, a write that bypassed kiezgraph, or more changes at
	// once than are announced one by one); refetch everything shown.
	ChangeUnknown ChangeKind = "UNKNOWN"
)

// ChangeKinds lists every ChangeKind.
var ChangeKinds = []ChangeKind{ChangeCreated, ChangeUpdated, ChangeDeleted, ChangeUnknown}

// MarshalGQL implements graphql.Marshaler.
func (k ChangeKind) MarshalGQL(w io.Writer) { marshalEnum(w, k) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (k *ChangeKind) UnmarshalGQL(v any) error { return unmarshalEnum(k, v) }

// RecordType names the type of a changed record, as the schema's
// RecordType enum does.
type RecordType string

// Record types of changes.
const (
	TypeActor         RecordType = "ACTOR"
	TypeService       RecordType = "SERVICE"
	TypeNeed          RecordType = "NEED"
	TypePerson        RecordType = "PERSON"
	TypeRole          RecordType = "ROLE"
	TypeCooperation   RecordType = "COOPERATION"
	TypeMembership    RecordType = "MEMBERSHIP"
	TypeNetwork       RecordType = "NETWORK"
	TypeEvent         RecordType = "EVENT"
	TypeNeighbourhood RecordType = "NEIGHBOURHOOD"
	TypeTargetGroup   RecordType = "TARGET_GROUP"
	TypeTopic         RecordType = "TOPIC"
)

// RecordTypes lists every RecordType.
var RecordTypes = []RecordType{TypeActor, TypeService, TypeNeed, TypePerson, TypeRole, TypeCooperation,
	TypeMembership, TypeNetwork, TypeEvent, TypeNeighbourhood, TypeTargetGroup, TypeTopic}

// MarshalGQL implements graphql.Marshaler.
func (t RecordType) MarshalGQL(w io.Writer) { marshalEnum(w, t) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (t *RecordType) UnmarshalGQL(v any) error { return unmarshalEnum(t, v) }

// auditTypes maps the audit trail's target types to record types.
var auditTypes = map[string]RecordType{
	"Actor": TypeActor, "Service": TypeService, "Need": TypeNeed, "Person": TypePerson, "Role": TypeRole,
	"Cooperation": TypeCooperation, "Membership": TypeMembership, "Network": TypeNetwork, "Event": TypeEvent,
	"Neighbourhood": TypeNeighbourhood, "TargetGroup": TypeTargetGroup, "Topic": TypeTopic,
}

// RecordTypeOfAudit returns the record type of an audit entry's target
// type; false for targets that are no single record (an import).
func RecordTypeOfAudit(targetType string) (RecordType, bool) {
	t, ok := auditTypes[targetType]
	return t, ok
}

// ChangeKindOf names what the write op (a mutation name as the audit
// trail records it) did to its target: create… and add… create,
// delete…, remove… and erase… delete, everything else updates.
func ChangeKindOf(op string) ChangeKind {
	switch {
	case strings.HasPrefix(op, "create"), strings.HasPrefix(op, "add"):
		return ChangeCreated
	case strings.HasPrefix(op, "delete"), strings.HasPrefix(op, "remove"), strings.HasPrefix(op, "erase"):
		return ChangeDeleted
	}
	return ChangeUpdated
}

// Change tells a subscriber that a record changed, so that it can fetch
// it again. Type and ID are nil for ChangeUnknown.
type Change struct {
	Kind ChangeKind
	Type *RecordType
	ID   *string
	// At is when the write's transaction started, by Neo4j's clock, or
	// for ChangeUnknown when the change was noticed.
	At time.Time
}

// AuditedWrite is one entry of the audit trail as the change feed reads
// it: which record a write changed, how and when.
type AuditedWrite struct {
	EntryID    string
	Operation  string
	TargetType string
	TargetID   string
	At         time.Time
}

// RecordRef names a record by its type and id.
type RecordRef struct {
	Type RecordType
	ID   string
}
