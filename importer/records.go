package importer

import (
	"slices"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/store"
)

// batch is the records of one write transaction and their number of
// rows.
type batch struct {
	store.ImportBatch
	rows int
}

// openStart reports whether a record of the batch that has a validity
// has no first day: it counts as having always existed, in every past
// network and comparison.
func (b *batch) openStart() bool {
	open := func(s domain.Span) bool { return s.ValidFrom == nil }
	return slices.ContainsFunc(b.Actors, func(v domain.Actor) bool { return open(v.Span) }) ||
		slices.ContainsFunc(b.Services, func(v domain.Service) bool { return open(v.Span) }) ||
		slices.ContainsFunc(b.Needs, func(v domain.Need) bool { return open(v.Span) }) ||
		slices.ContainsFunc(b.Cooperations, func(v domain.Cooperation) bool { return open(v.Span) }) ||
		slices.ContainsFunc(b.Roles, func(v domain.Role) bool { return open(v.Span) }) ||
		slices.ContainsFunc(b.Memberships, func(v domain.Membership) bool { return open(v.Span) })
}

// reset empties b for reuse, keeping its slices' memory.
func (b *batch) reset() {
	d := &b.Dataset
	d.TargetGroups, d.Topics, d.Neighbourhoods, d.Actors = d.TargetGroups[:0], d.Topics[:0], d.Neighbourhoods[:0], d.Actors[:0]
	d.People, d.Roles, d.Services, d.Needs = d.People[:0], d.Roles[:0], d.Services[:0], d.Needs[:0]
	d.Cooperations, d.Networks, d.Memberships, d.Events = d.Cooperations[:0], d.Networks[:0], d.Memberships[:0], d.Events[:0]
	b.Participations, b.rows, b.ParentLevels = b.Participations[:0], 0, nil
	clear(b.New)
}

// last returns a pointer to the record just appended to s; it stays
// valid until the next append, long enough to resolve its references.
func last[T any](s []T) *T { return &s[len(s)-1] }

// meta reads the provenance columns; vocabularies keep their code as
// identity and take the optional key column as external key.
func (r *row) meta(keyed bool) domain.Meta {
	m := domain.Meta{Source: r.opt("source"), LastConfirmed: r.date("lastConfirmed")}
	if keyed {
		key := r.key
		m.ExternalKey = &key
	} else {
		m.ExternalKey = r.opt("key")
	}
	return m
}

// withStatus adds the optional status column to m: empty is active.
func (r *row) withStatus(m domain.Meta) domain.Meta {
	if r.opt("status") != nil {
		m.Status = enumValue(r, "status", domain.RecordStatuses)
	}
	return m
}

func (r *row) span() domain.Span {
	return domain.Span{ValidFrom: r.date("validFrom"), ValidTo: r.date("validTo")}
}

func (r *row) vocabulary() domain.Vocabulary {
	return domain.Vocabulary{ID: r.id, Code: r.key, LabelDe: r.need("labelDe"), LabelEn: r.need("labelEn"),
		Description: r.opt("description"), Meta: r.meta(false)}
}

// parsers read a row of each file type into a record of the batch. The
// row's key and id are set; references hold keys (or codes) and are
// registered with the row for checking and resolving.
var parsers = map[Kind]func(r *row, b *batch){
	TargetGroups: func(r *row, b *batch) {
		b.TargetGroups = append(b.TargetGroups, domain.TargetGroup{Vocabulary: r.vocabulary()})
	},
	Topics: func(r *row, b *batch) {
		b.Topics = append(b.Topics, domain.Topic{Vocabulary: r.vocabulary()})
	},
	Neighbourhoods: func(r *row, b *batch) {
		n := domain.Neighbourhood{ID: r.id, Name: r.need("name"), Level: enumValue(r, "level", domain.Levels),
			OfficialCode: r.opt("officialCode"), Population: r.integer("population"),
			Description: r.opt("description"), Indicators: r.indicators("indicators"), Meta: r.meta(true)}
		if qm := r.boolean("quarterManagement"); qm != nil {
			n.QuarterManagement = *qm
		}
		b.Neighbourhoods = append(b.Neighbourhoods, n)
		v := last(b.Neighbourhoods)
		v.ParentID = r.optRef("parent", Neighbourhoods)
	},
	Actors: func(r *row, b *batch) {
		b.Actors = append(b.Actors, domain.Actor{ID: r.id, Name: r.need("name"),
			Kind: enumValue(r, "kind", domain.ActorKinds), Sector: enumValue(r, "sector", domain.Sectors),
			Description: r.opt("description"), Keywords: r.list("keywords"),
			Contact:  domain.Contact{Email: r.opt("email"), Phone: r.opt("phone"), Website: r.opt("website"), Address: r.opt("address")},
			Operator: r.opt("operator"), Span: r.span(), Meta: r.withStatus(r.meta(true))})
		v := last(b.Actors)
		v.NeighbourhoodIDs = r.refList("neighbourhoods", Neighbourhoods)
	},
	People: func(r *row, b *batch) {
		b.People = append(b.People, domain.Person{ID: r.id, Name: r.need("name"), Email: r.opt("email"), Meta: r.meta(true)})
	},
	Services: func(r *row, b *batch) {
		b.Services = append(b.Services, domain.Service{ID: r.id, Name: r.need("name"),
			Description: r.opt("description"), Keywords: r.list("keywords"), Span: r.span(), Meta: r.withStatus(r.meta(true))})
		v := last(b.Services)
		r.needRef("provider", Actors, &v.ProviderID)
		v.TargetGroupIDs = r.refList("targetGroups", TargetGroups)
		v.TopicIDs = r.refList("topics", Topics)
		v.NeighbourhoodIDs = r.refList("neighbourhoods", Neighbourhoods)
	},
	Needs: func(r *row, b *batch) {
		b.Needs = append(b.Needs, domain.Need{ID: r.id, Severity: enumValue(r, "severity", domain.Severities),
			Description: r.opt("description"), Span: r.span(), Meta: r.meta(true)})
		v := last(b.Needs)
		r.needRef("targetGroup", TargetGroups, &v.TargetGroupID)
		r.needRef("topic", Topics, &v.TopicID)
		r.needRef("neighbourhood", Neighbourhoods, &v.NeighbourhoodID)
		e := domain.Evidence{Indicator: r.str("evidenceIndicator"), Value: r.number("evidenceValue"),
			Unit: r.opt("evidenceUnit"), Year: r.integer("evidenceYear"), Source: r.opt("evidenceSource")}
		if e != (domain.Evidence{}) {
			v.Evidence = &e
		}
	},
	Networks: func(r *row, b *batch) {
		b.Networks = append(b.Networks, domain.Network{ID: r.id, Name: r.need("name"), Kind: enumValue(r, "kind", domain.NetworkKinds),
			Description: r.opt("description"), Span: r.span(), Meta: r.meta(true)})
		v := last(b.Networks)
		v.NeighbourhoodIDs = r.refList("neighbourhoods", Neighbourhoods)
	},
	Events: func(r *row, b *batch) {
		e := domain.Event{ID: r.id, Name: r.need("name"), Kind: enumValue(r, "kind", domain.EventKinds),
			Description: r.opt("description"), Meta: r.meta(true)}
		if d := r.date("date"); d != nil {
			e.Date = *d
		} else if _, ok := r.raw("date"); !ok {
			r.fail("date", "is required")
		}
		b.Events = append(b.Events, e)
		v := last(b.Events)
		v.OrganiserID = r.optRef("organiser", Actors)
		v.NeighbourhoodID = r.optRef("neighbourhood", Neighbourhoods)
		v.NetworkID = r.optRef("network", Networks)
	},
	Roles: func(r *row, b *batch) {
		b.Roles = append(b.Roles, domain.Role{ID: r.id, Title: r.need("title"), Span: r.span(), Meta: r.meta(true)})
		v := last(b.Roles)
		r.needRef("person", People, &v.PersonID)
		r.needRef("actor", Actors, &v.ActorID)
	},
	Cooperations: func(r *row, b *batch) {
		c := domain.Cooperation{ID: r.id, Kind: enumValue(r, "kind", domain.CooperationKinds),
			Description: r.opt("description"), Span: r.span(), Meta: r.withStatus(r.meta(true))}.
			WithDefaults(r.number("strength"), r.boolean("directed"))
		b.Cooperations = append(b.Cooperations, c)
		v := last(b.Cooperations)
		r.needRef("from", Actors, &v.FromID)
		r.needRef("to", Actors, &v.ToID)
	},
	Memberships: func(r *row, b *batch) {
		b.Memberships = append(b.Memberships, domain.Membership{ID: r.id, Role: r.opt("role"), Span: r.span(), Meta: r.meta(true)})
		v := last(b.Memberships)
		r.needRef("actor", Actors, &v.ActorID)
		r.needRef("network", Networks, &v.NetworkID)
	},
	EventParticipants: func(r *row, b *batch) {
		b.Participations = append(b.Participations, store.Participation{})
		v := last(b.Participations)
		r.needRef("event", Events, &v.EventID)
		r.needRef("actor", Actors, &v.ActorID)
	},
}
