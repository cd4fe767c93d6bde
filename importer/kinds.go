package importer

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Kind is the type of an import file: one entity or link type. Its value
// is the file's base name, e.g. actors for actors.csv.
type Kind string

// The file types, in the order an import writes them so that references
// resolve: vocabularies, places, actors and what hangs on them, then the
// links between them.
const (
	TargetGroups      Kind = "target_groups"
	Topics            Kind = "topics"
	Neighbourhoods    Kind = "neighbourhoods"
	Actors            Kind = "actors"
	People            Kind = "people"
	Services          Kind = "services"
	Needs             Kind = "needs"
	Networks          Kind = "networks"
	Events            Kind = "events"
	Roles             Kind = "roles"
	Cooperations      Kind = "cooperations"
	Memberships       Kind = "memberships"
	EventParticipants Kind = "event_participants"
)

// Kinds lists every file type in import order.
var Kinds = []Kind{TargetGroups, Topics, Neighbourhoods, Actors, People, Services, Needs,
	Networks, Events, Roles, Cooperations, Memberships, EventParticipants}

// rank is the place of k in the import order.
func (k Kind) rank() int { return slices.Index(Kinds, k) }

// colType is how a column's cells are read.
type colType int

const (
	text       colType = iota // a string
	list                      // strings; in CSV separated by ';'
	date                      // YYYY-MM-DD
	integer                   // a whole number
	number                    // a decimal number
	boolean                   // true or false
	enum                      // one of the values of a domain enumeration
	reference                 // the key (or code) of another record
	references                // several keys (or codes)
	jsonText                  // JSON (neighbourhood indicators)
)

// column is one column of a file type.
type column struct {
	name     string
	typ      colType
	required bool
	// target is the kind a reference column points at.
	target Kind
}

// spec describes a file type: its columns, its id prefix and how a row
// becomes a record.
type spec struct {
	kind Kind
	// prefix is the id prefix of its records.
	prefix string
	// keyCol names the column with the row's identity: "key", "code" for
	// vocabularies, "" for event participants (identified by their ends).
	keyCol string
	// keyed is the store type whose records have unique external keys
	// (see store.KeyedTypes), "" when stored records cannot be found by
	// key.
	keyed string
	// byID is the store type whose stored records are looked up by id to
	// tell new rows from changed ones, for types without unique keys.
	byID string
	// what names a record in messages.
	what    string
	columns []column
	// parse reads a row into a record appended to the batch.
	parse func(r *row, b *batch)
}

// metaColumns are the provenance columns every file type has.
var metaColumns = []column{{name: "source", typ: text}, {name: "lastConfirmed", typ: date}}

// status is the optional column of the records that carry a status
// (actors, services, cooperations): DRAFT, ACTIVE (the default) or
// ARCHIVED, so that a file of unchecked records can come in as drafts.
var status = []column{{name: "status", typ: enum}}

// identity are the columns of keyed records.
var identity = []column{{name: "key", typ: text, required: true}, {name: "id", typ: text}}

// span are the columns of a validity period.
var span = []column{{name: "validFrom", typ: date}, {name: "validTo", typ: date}}

func cols(groups ...[]column) []column { return slices.Concat(groups...) }

func ref(name string, target Kind, required bool) column {
	return column{name: name, typ: reference, target: target, required: required}
}

func refs(name string, target Kind) column {
	return column{name: name, typ: references, target: target}
}

var specs = map[Kind]*spec{
	TargetGroups: {kind: TargetGroups, prefix: domain.EntityTargetGroup.Prefix, keyCol: "code", what: "target group",
		columns: cols([]column{{name: "code", typ: text, required: true}, {name: "id", typ: text}, {name: "key", typ: text},
			{name: "labelDe", typ: text, required: true}, {name: "labelEn", typ: text, required: true}, {name: "description", typ: text}}, metaColumns)},
	Topics: {kind: Topics, prefix: domain.EntityTopic.Prefix, keyCol: "code", what: "topic",
		columns: cols([]column{{name: "code", typ: text, required: true}, {name: "id", typ: text}, {name: "key", typ: text},
			{name: "labelDe", typ: text, required: true}, {name: "labelEn", typ: text, required: true}, {name: "description", typ: text}}, metaColumns)},
	Neighbourhoods: {kind: Neighbourhoods, prefix: domain.EntityNeighbourhood.Prefix, keyCol: "key", keyed: domain.EntityNeighbourhood.Label, what: "neighbourhood",
		columns: cols(identity, []column{{name: "name", typ: text, required: true}, {name: "level", typ: enum, required: true},
			ref("parent", Neighbourhoods, false), {name: "officialCode", typ: text}, {name: "population", typ: integer},
			{name: "quarterManagement", typ: boolean}, {name: "description", typ: text}, {name: "indicators", typ: jsonText}}, metaColumns)},
	Actors: {kind: Actors, prefix: domain.EntityActor.Prefix, keyCol: "key", keyed: domain.EntityActor.Label, what: "actor",
		columns: cols(identity, []column{{name: "name", typ: text, required: true}, {name: "kind", typ: enum, required: true},
			{name: "sector", typ: enum, required: true}, refs("neighbourhoods", Neighbourhoods), {name: "description", typ: text},
			{name: "keywords", typ: list}, {name: "email", typ: text}, {name: "phone", typ: text}, {name: "website", typ: text},
			{name: "address", typ: text}, {name: "operator", typ: text}}, span, status, metaColumns)},
	People: {kind: People, prefix: domain.EntityPerson.Prefix, keyCol: "key", keyed: domain.EntityPerson.Label, what: "person",
		columns: cols(identity, []column{{name: "name", typ: text, required: true}, {name: "email", typ: text}}, metaColumns)},
	Services: {kind: Services, prefix: domain.EntityService.Prefix, keyCol: "key", keyed: domain.EntityService.Label, what: "service",
		columns: cols(identity, []column{{name: "name", typ: text, required: true}, ref("provider", Actors, true),
			refs("targetGroups", TargetGroups), refs("topics", Topics), refs("neighbourhoods", Neighbourhoods),
			{name: "description", typ: text}, {name: "keywords", typ: list}}, span, status, metaColumns)},
	Needs: {kind: Needs, prefix: domain.EntityNeed.Prefix, keyCol: "key", keyed: domain.EntityNeed.Label, what: "need",
		columns: cols(identity, []column{ref("targetGroup", TargetGroups, true), ref("topic", Topics, true),
			ref("neighbourhood", Neighbourhoods, true), {name: "severity", typ: enum, required: true}, {name: "description", typ: text},
			{name: "evidenceIndicator", typ: text}, {name: "evidenceValue", typ: number}, {name: "evidenceUnit", typ: text},
			{name: "evidenceYear", typ: integer}, {name: "evidenceSource", typ: text}}, span, metaColumns)},
	Networks: {kind: Networks, prefix: domain.EntityNetwork.Prefix, keyCol: "key", keyed: domain.EntityNetwork.Label, what: "network",
		columns: cols(identity, []column{{name: "name", typ: text, required: true}, {name: "kind", typ: enum, required: true},
			refs("neighbourhoods", Neighbourhoods), {name: "description", typ: text}}, span, metaColumns)},
	Events: {kind: Events, prefix: domain.EntityEvent.Prefix, keyCol: "key", keyed: domain.EntityEvent.Label, what: "event",
		columns: cols(identity, []column{{name: "name", typ: text, required: true}, {name: "kind", typ: enum, required: true},
			{name: "date", typ: date, required: true}, ref("organiser", Actors, false), ref("neighbourhood", Neighbourhoods, false),
			ref("network", Networks, false), {name: "description", typ: text}}, metaColumns)},
	Roles: {kind: Roles, prefix: domain.EntityRole.Prefix, keyCol: "key", byID: domain.EntityRole.Label, what: "role",
		columns: cols(identity, []column{ref("person", People, true), ref("actor", Actors, true),
			{name: "title", typ: text, required: true}}, span, metaColumns)},
	Cooperations: {kind: Cooperations, prefix: domain.EntityCooperation.Prefix, keyCol: "key", keyed: domain.EntityCooperation.Label, what: "cooperation",
		columns: cols(identity, []column{ref("from", Actors, true), ref("to", Actors, true), {name: "kind", typ: enum, required: true},
			{name: "strength", typ: number}, {name: "directed", typ: boolean}, {name: "description", typ: text}}, span, status, metaColumns)},
	Memberships: {kind: Memberships, prefix: domain.EntityMembership.Prefix, keyCol: "key", byID: domain.EntityMembership.Label, what: "membership",
		columns: cols(identity, []column{ref("actor", Actors, true), ref("network", Networks, true), {name: "role", typ: text}}, span, metaColumns)},
	EventParticipants: {kind: EventParticipants, what: "participation",
		columns: []column{ref("event", Events, true), ref("actor", Actors, true)}},
}

func init() {
	for k, s := range specs {
		s.parse = parsers[k]
	}
}

// createsNew reports whether rows of s that are not stored yet are
// created rather than merged (see store.ImportBatch.New): every type
// whose stored records the first pass can find by key or id, except
// neighbourhoods, whose links are written in a second round.
func (s *spec) createsNew() bool {
	return s.keyCol == "key" && (s.keyed != "" || s.byID != "") && s.kind != Neighbourhoods
}

// column returns the column of s with the name, or nil.
func (s *spec) column(name string) *column {
	for i := range s.columns {
		if s.columns[i].name == name {
			return &s.columns[i]
		}
	}
	return nil
}

// Columns lists the column names of a file type in the documented order.
func Columns(k Kind) []string {
	s, ok := specs[k]
	if !ok {
		return nil
	}
	out := make([]string, len(s.columns))
	for i, c := range s.columns {
		out[i] = c.name
	}
	return out
}

// Format is the encoding of an import file.
type Format string

// Formats of import files, told apart by the file extension.
const (
	// CSV is RFC 4180, comma-separated, UTF-8, with a header row (.csv).
	CSV Format = "csv"
	// JSON is one array of objects (.json).
	JSON Format = "json"
	// JSONLines is one object per line (.jsonl or .ndjson).
	JSONLines Format = "jsonl"
)

// formatOf returns the format of a file by its extension, or "".
func formatOf(path string) Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return CSV
	case ".json":
		return JSON
	case ".jsonl", ".ndjson":
		return JSONLines
	}
	return ""
}

// DetectKind returns the file type named by a file's base name without
// its extension: the kind itself (actors.csv) or the kind after a '.',
// '-' or '_' (2024-actors.csv, lindenbrueck.actors.json); the longest
// match wins, so event_participants.csv is not taken for anything else.
func DetectKind(path string) (Kind, error) {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	var found Kind
	for _, k := range Kinds {
		s := string(k)
		if base == s || strings.HasSuffix(base, s) && strings.ContainsRune(".-_", rune(base[len(base)-len(s)-1])) {
			if len(s) > len(found) {
				found = k
			}
		}
	}
	if found == "" {
		return "", fmt.Errorf("%s: cannot tell the file type from the name; name it after one of %s, or give -type", path, kindList())
	}
	return found, nil
}

// ParseKind reads a file type name such as "actors".
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.ToLower(strings.TrimSpace(s)))
	if _, ok := specs[k]; !ok {
		return "", fmt.Errorf("unknown file type %q (want one of %s)", s, kindList())
	}
	return k, nil
}

func kindList() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}
