package resolvers

import (
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph/model"
)

// Conversions of mutation inputs into domain values: new records
// (domain.Actor, …) and typed updates (domain.ActorUpdate, …), where an
// omitted field is left alone and an explicit null clears it (or, for a
// required field, is refused by the update's Validate). The rules are
// the domain's (domain.Prepare, applied by the store to every write);
// nothing here checks a value.

// field converts one omittable input field.
func field[T any](o graphql.Omittable[T]) domain.Edit[T] {
	v, ok := o.ValueOK()
	return domain.Edit[T]{Set: ok, Value: v}
}

// fieldOf converts one omittable input field with conv, which sees only
// non-null values.
func fieldOf[In, Out any](o graphql.Omittable[*In], conv func(*In) Out) domain.Edit[*Out] {
	v, ok := o.ValueOK()
	if !ok || v == nil {
		return domain.Edit[*Out]{Set: ok}
	}
	out := conv(v)
	return domain.To(&out)
}

// spanUpdate converts the validity fields of an update input.
func spanUpdate(from, to graphql.Omittable[*time.Time]) domain.SpanUpdate {
	return domain.SpanUpdate{ValidFrom: field(from), ValidTo: field(to)}
}

// metaUpdate converts the provenance fields of an update input; links
// (roles, memberships) pass an omitted key.
func metaUpdate(key graphql.Omittable[*string], rec graphql.Omittable[*model.RecordInput]) domain.MetaUpdate {
	m := domain.MetaUpdate{ExternalKey: field(key)}
	if r := rec.Value(); r != nil {
		m.Source, m.LastConfirmed = field(r.Source), field(r.LastConfirmed)
	}
	return m
}

func contactOf(c *model.ContactInput) domain.Contact {
	return domain.Contact{Email: c.Email.Value(), Phone: c.Phone.Value(), Website: c.Website.Value(), Address: c.Address.Value()}
}

func evidenceOf(e *model.EvidenceInput) domain.Evidence {
	return domain.Evidence{Indicator: e.Indicator, Value: e.Value.Value(), Unit: e.Unit.Value(), Year: e.Year.Value(), Source: e.Source.Value()}
}

func indicatorsOf(in []model.IndicatorInput) []domain.Indicator {
	out := make([]domain.Indicator, len(in))
	for i, x := range in {
		out[i] = domain.Indicator{Name: x.Name, Value: x.Value, Unit: x.Unit, Year: x.Year, Source: x.Source.Value()}
	}
	return out
}

func actorUpdate(in model.UpdateActorInput) domain.ActorUpdate {
	return domain.ActorUpdate{
		Name: field(in.Name), Kind: field(in.Kind), Sector: field(in.Sector), Description: field(in.Description),
		Keywords: field(in.Keywords), Contact: fieldOf(in.Contact, contactOf), Operator: field(in.Operator),
		Public: field(in.Public), Neighbourhoods: field(in.Neighbourhoods), Status: field(in.Status),
		SpanUpdate: spanUpdate(in.ValidFrom, in.ValidTo), MetaUpdate: metaUpdate(in.ExternalKey, in.Record),
	}
}

func serviceUpdate(in model.UpdateServiceInput) domain.ServiceUpdate {
	return domain.ServiceUpdate{
		Name: field(in.Name), Description: field(in.Description), Keywords: field(in.Keywords), Status: field(in.Status),
		Provider: field(in.Provider), TargetGroups: field(in.TargetGroups), Topics: field(in.Topics),
		Neighbourhoods: field(in.Neighbourhoods),
		SpanUpdate:     spanUpdate(in.ValidFrom, in.ValidTo), MetaUpdate: metaUpdate(in.ExternalKey, in.Record),
	}
}

func needUpdate(in model.UpdateNeedInput) domain.NeedUpdate {
	return domain.NeedUpdate{
		Severity: field(in.Severity), Description: field(in.Description), Evidence: fieldOf(in.Evidence, evidenceOf),
		SpanUpdate: spanUpdate(in.ValidFrom, in.ValidTo), MetaUpdate: metaUpdate(in.ExternalKey, in.Record),
	}
}

func cooperationUpdate(in model.UpdateCooperationInput) domain.CooperationUpdate {
	return domain.CooperationUpdate{
		Kind: field(in.Kind), Strength: field(in.Strength), Directed: field(in.Directed),
		Description: field(in.Description), Status: field(in.Status),
		SpanUpdate: spanUpdate(in.ValidFrom, in.ValidTo), MetaUpdate: metaUpdate(in.ExternalKey, in.Record),
	}
}

func networkUpdate(in model.UpdateNetworkInput) domain.NetworkUpdate {
	return domain.NetworkUpdate{
		Name: field(in.Name), Kind: field(in.Kind), Description: field(in.Description), Public: field(in.Public),
		Neighbourhoods: field(in.Neighbourhoods),
		SpanUpdate:     spanUpdate(in.ValidFrom, in.ValidTo), MetaUpdate: metaUpdate(in.ExternalKey, in.Record),
	}
}

func membershipUpdate(in model.UpdateMembershipInput) domain.MembershipUpdate {
	return domain.MembershipUpdate{
		Role: field(in.Role), SpanUpdate: spanUpdate(in.ValidFrom, in.ValidTo),
		MetaUpdate: metaUpdate(graphql.Omittable[*string]{}, in.Record),
	}
}

func eventUpdate(in model.UpdateEventInput) domain.EventUpdate {
	return domain.EventUpdate{
		Name: field(in.Name), Kind: field(in.Kind), Date: field(in.Date), Description: field(in.Description),
		Organiser: field(in.Organiser), Neighbourhood: field(in.Neighbourhood), Network: field(in.Network),
		Participants: field(in.Participants), MetaUpdate: metaUpdate(in.ExternalKey, in.Record),
	}
}

func personUpdate(in model.UpdatePersonInput) domain.PersonUpdate {
	return domain.PersonUpdate{Name: field(in.Name), Email: field(in.Email), MetaUpdate: metaUpdate(in.ExternalKey, in.Record)}
}

func roleUpdate(in model.UpdateRoleInput) domain.RoleUpdate {
	return domain.RoleUpdate{
		Title: field(in.Title), SpanUpdate: spanUpdate(in.ValidFrom, in.ValidTo),
		MetaUpdate: metaUpdate(graphql.Omittable[*string]{}, in.Record),
	}
}

func neighbourhoodUpdate(in model.UpdateNeighbourhoodInput) domain.NeighbourhoodUpdate {
	ind, ok := in.Indicators.ValueOK()
	return domain.NeighbourhoodUpdate{
		Name: field(in.Name), OfficialCode: field(in.OfficialCode), Population: field(in.Population),
		QuarterManagement: field(in.QuarterManagement), Description: field(in.Description),
		Indicators: domain.Edit[[]domain.Indicator]{Set: ok, Value: indicatorsOf(ind)},
		MetaUpdate: metaUpdate(in.ExternalKey, in.Record),
	}
}

func vocabularyUpdate(de, en, desc, key graphql.Omittable[*string], rec graphql.Omittable[*model.RecordInput]) domain.VocabularyUpdate {
	return domain.VocabularyUpdate{LabelDe: field(de), LabelEn: field(en), Description: field(desc), MetaUpdate: metaUpdate(key, rec)}
}

// createdSpan converts the validity of a create input: the day of
// creation unless told otherwise (domain.CreatedSpan).
func createdSpan(from, to graphql.Omittable[*time.Time], today time.Time) domain.Span {
	return domain.CreatedSpan(from.Value(), from.IsSet(), to.Value(), today)
}

// metaOf converts the provenance of a create input.
func metaOf(key graphql.Omittable[*string], rec graphql.Omittable[*model.RecordInput]) domain.Meta {
	m := recordMetaOf(rec)
	m.ExternalKey = key.Value()
	return m
}

// recordMetaOf converts the provenance of a link's create input, which
// has no key.
func recordMetaOf(rec graphql.Omittable[*model.RecordInput]) domain.Meta {
	var m domain.Meta
	if r := rec.Value(); r != nil {
		m.Source, m.LastConfirmed = r.Source.Value(), r.LastConfirmed.Value()
	}
	return m
}

// withStatus sets the status a create input asks for (nil: active).
func withStatus(m domain.Meta, s *domain.RecordStatus) domain.Meta {
	if s != nil {
		m.Status = *s
	}
	return m
}

func vocabularyOf(id graphql.Omittable[*string], code, de, en string, desc, key graphql.Omittable[*string],
	rec graphql.Omittable[*model.RecordInput]) domain.Vocabulary {
	return domain.Vocabulary{ID: deref(id.Value()), Code: code, LabelDe: de, LabelEn: en, Description: desc.Value(), Meta: metaOf(key, rec)}
}

func actorOf(input model.CreateActorInput, today time.Time) domain.Actor {
	a := domain.Actor{
		ID:               deref(input.ID.Value()),
		Name:             input.Name,
		Kind:             input.Kind,
		Sector:           input.Sector,
		Description:      input.Description.Value(),
		Keywords:         input.Keywords.Value(),
		Operator:         input.Operator.Value(),
		Public:           deref(input.Public.Value()),
		NeighbourhoodIDs: input.Neighbourhoods.Value(),
		Span:             createdSpan(input.ValidFrom, input.ValidTo, today),
		Meta:             withStatus(metaOf(input.ExternalKey, input.Record), input.Status.Value()),
	}
	if c := input.Contact.Value(); c != nil {
		a.Contact = contactOf(c)
	}
	return a
}

func serviceOf(input model.CreateServiceInput, today time.Time) domain.Service {
	return domain.Service{
		ID:               deref(input.ID.Value()),
		Name:             input.Name,
		Description:      input.Description.Value(),
		Keywords:         input.Keywords.Value(),
		ProviderID:       input.Provider,
		TargetGroupIDs:   input.TargetGroups,
		TopicIDs:         input.Topics,
		NeighbourhoodIDs: input.Neighbourhoods,
		Span:             createdSpan(input.ValidFrom, input.ValidTo, today),
		Meta:             withStatus(metaOf(input.ExternalKey, input.Record), input.Status.Value()),
	}
}

func needOf(input model.CreateNeedInput, today time.Time) domain.Need {
	n := domain.Need{
		ID:              deref(input.ID.Value()),
		TargetGroupID:   input.TargetGroup,
		TopicID:         input.Topic,
		NeighbourhoodID: input.Neighbourhood,
		Severity:        input.Severity,
		Description:     input.Description.Value(),
		Span:            createdSpan(input.ValidFrom, input.ValidTo, today),
		Meta:            metaOf(input.ExternalKey, input.Record),
	}
	if e := input.Evidence.Value(); e != nil {
		ev := evidenceOf(e)
		n.Evidence = &ev
	}
	return n
}
