package resolvers

import (
	"context"
	"time"

	"github.com/paulmach/orb"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/importer"
	"github.com/kiezgraph/kiezgraph/store"
)

// Store is what the resolvers ask of the database: *store.Store in
// service, a small fake in unit tests (embed Store in a struct and
// implement only the methods a test reaches). Declared here, where it
// is used, so that the store need not know its callers; grouped by the
// store file that implements each method.
type Store interface {
	// importer.Store: importFiles runs the importer over it.
	importer.Store

	// store/actors.go
	ActorNeighbourhoods(ctx context.Context, actors []string) (map[string][]domain.Neighbourhood, error)
	Actors(ctx context.Context, ids []string) (map[string]domain.Actor, error)
	ActorsIn(ctx context.Context, neighbourhoods []string, f *domain.ActorFilter, o *domain.Order, page domain.PageArgs) (map[string]domain.Page[domain.Actor], error)
	CreateActor(ctx context.Context, a domain.Actor, locs ...domain.Location) (domain.Actor, error)
	DeleteActor(ctx context.Context, id string) ([]domain.DeleteEffect, error)
	EventParticipants(ctx context.Context, events []string, page domain.PageArgs) (map[string]domain.Page[domain.Actor], error)
	ListActors(ctx context.Context, f *domain.ActorFilter, o *domain.Order, page domain.PageArgs) (domain.Page[domain.Actor], error)
	UpdateActor(ctx context.Context, id string, u domain.ActorUpdate) (domain.Actor, error)

	// store/audit.go
	AuditImport(ctx context.Context, operation string, written map[string]int) (string, error)
	AuditTrail(ctx context.Context, f *domain.AuditFilter, page domain.PageArgs) (domain.Page[domain.AuditEntry], error)
	ErasePerson(ctx context.Context, id string) (domain.Erasure, error)

	// store/changes.go
	CheckScope(ctx context.Context, scope *string) error

	// store/contacts.go
	SetContactPoints(ctx context.Context, label, owner string, cps []domain.ContactPoint) ([]domain.ContactPoint, error)
	SetResponsibleRole(ctx context.Context, service string, role *string) (domain.Service, error)

	// store/cooperations.go
	AddCooperation(ctx context.Context, v domain.Cooperation) (domain.Cooperation, error)
	Cooperations(ctx context.Context, ids []string) (map[string]domain.Cooperation, error)
	ListCooperations(ctx context.Context, f *domain.CooperationFilter, o *domain.Order, page domain.PageArgs) (domain.Page[domain.Cooperation], error)
	PartnersOf(ctx context.Context, actors []string, kinds []domain.CooperationKind, asOf *time.Time, page domain.PageArgs, countPartners bool) (map[string]domain.Page[domain.Partnership], error)
	RemoveCooperation(ctx context.Context, id string) ([]domain.DeleteEffect, error)
	UpdateCooperation(ctx context.Context, id string, u domain.CooperationUpdate) (domain.Cooperation, error)

	// store/counts.go
	CountActorsBy(ctx context.Context, f *domain.ActorFilter, field string) ([]store.ValueCount, error)
	CountActorsInBy(ctx context.Context, neighbourhood string, f *domain.ActorFilter, field string) ([]store.ValueCount, error)
	CountServicesBy(ctx context.Context, f *domain.ServiceFilter, field string) ([]store.ValueCount, error)
	CountServicesOfBy(ctx context.Context, actor string, f *domain.ServiceFilter, field string) ([]store.ValueCount, error)
	CountServicesReachingBy(ctx context.Context, neighbourhood string, f *domain.ServiceFilter, field string) ([]store.ValueCount, error)

	// store/events.go
	CreateEvent(ctx context.Context, v domain.Event) (domain.Event, error)
	DeleteEvent(ctx context.Context, id string) ([]domain.DeleteEffect, error)
	Events(ctx context.Context, ids []string) (map[string]domain.Event, error)
	EventsOfActors(ctx context.Context, actors []string, page domain.PageArgs) (map[string]domain.Page[domain.Event], error)
	EventsOfNetworks(ctx context.Context, networks []string, page domain.PageArgs) (map[string]domain.Page[domain.Event], error)
	ListEvents(ctx context.Context, f *domain.EventFilter, o *domain.Order, page domain.PageArgs) (domain.Page[domain.Event], error)
	UpdateEvent(ctx context.Context, id string, u domain.EventUpdate) (domain.Event, error)

	// store/geometry.go
	Boundaries(ctx context.Context, ids []string) (map[string]orb.Geometry, error)
	OutlinesWithin(ctx context.Context, scope string, levels []domain.Level) ([]store.Outline, error)

	// store/lifespans.go
	LifespanActors(ctx context.Context, q domain.LifespanQuery, page domain.PageArgs) (domain.Page[domain.Actor], error)
	LifespanCooperations(ctx context.Context, q domain.LifespanQuery, page domain.PageArgs) (domain.Page[domain.Cooperation], error)
	LifespanMemberships(ctx context.Context, q domain.LifespanQuery, page domain.PageArgs) (domain.Page[domain.Membership], error)
	LifespanRoles(ctx context.Context, q domain.LifespanQuery, page domain.PageArgs) (domain.Page[domain.Role], error)
	LifespanServices(ctx context.Context, q domain.LifespanQuery, page domain.PageArgs) (domain.Page[domain.Service], error)
	LifespanTotals(ctx context.Context, q domain.LifespanQuery) (domain.LifespanTotals, error)

	// store/locations.go
	ActorLocations(ctx context.Context, ids []string) (map[string][]domain.Location, error)
	ServiceLocations(ctx context.Context, ids []string) (map[string][]domain.Location, error)
	SetLocations(ctx context.Context, label, owner string, locs []domain.Location) ([]store.Unplaced, error)

	// store/memberships.go
	AddMembership(ctx context.Context, v domain.Membership) (domain.Membership, error)
	MembershipsOfActors(ctx context.Context, actors []string, asOf *time.Time, page domain.PageArgs) (map[string]domain.Page[domain.Membership], error)
	MembershipsOfNetworks(ctx context.Context, networks []string, asOf *time.Time, page domain.PageArgs) (map[string]domain.Page[domain.Membership], error)
	RemoveMembership(ctx context.Context, id string) ([]domain.DeleteEffect, error)
	UpdateMembership(ctx context.Context, id string, u domain.MembershipUpdate) (domain.Membership, error)

	// store/names.go
	ActorNames(ctx context.Context) (*domain.LookAlikes, error)

	// store/nearby.go
	ActorsByPlace(ctx context.Context, q store.ByPlace, page domain.PageArgs) (domain.Page[store.Placed[domain.Actor]], error)
	ServicesByPlace(ctx context.Context, q store.ByPlace, page domain.PageArgs) (domain.Page[store.Placed[domain.Service]], error)

	// store/nearby_needs.go
	NearbyServices(ctx context.Context, needIDs []string, meters float64, asOf time.Time) (map[string][]store.NearbyService, error)

	// store/needs.go
	CreateNeed(ctx context.Context, v domain.Need) (domain.Need, error)
	DeleteNeed(ctx context.Context, id string) ([]domain.DeleteEffect, error)
	ListNeeds(ctx context.Context, f *domain.NeedFilter, o *domain.Order, page domain.PageArgs) (domain.Page[domain.Need], error)
	Needs(ctx context.Context, ids []string) (map[string]domain.Need, error)
	NeedsIn(ctx context.Context, neighbourhoods []string, f *domain.NeedFilter, o *domain.Order, page domain.PageArgs) (map[string]domain.Page[domain.Need], error)
	UpdateNeed(ctx context.Context, id string, u domain.NeedUpdate) (domain.Need, error)

	// store/neighbourhoods.go
	CreateNeighbourhood(ctx context.Context, n domain.Neighbourhood) (domain.Neighbourhood, error)
	DeleteNeighbourhood(ctx context.Context, id string) ([]domain.DeleteEffect, error)
	ListNeighbourhoods(ctx context.Context, f *domain.NeighbourhoodFilter, o *domain.Order, page domain.PageArgs) (domain.Page[domain.Neighbourhood], error)
	NeighbourhoodAncestors(ctx context.Context, ids []string) (map[string][]domain.Neighbourhood, error)
	NeighbourhoodChildren(ctx context.Context, parents []string) (map[string][]domain.Neighbourhood, error)
	Neighbourhoods(ctx context.Context, ids []string) (map[string]domain.Neighbourhood, error)
	UpdateNeighbourhood(ctx context.Context, id string, u domain.NeighbourhoodUpdate) (domain.Neighbourhood, error)

	// store/networks.go
	CreateNetwork(ctx context.Context, v domain.Network) (domain.Network, error)
	DeleteNetwork(ctx context.Context, id string) ([]domain.DeleteEffect, error)
	ListNetworks(ctx context.Context, f *domain.NetworkFilter, o *domain.Order, page domain.PageArgs) (domain.Page[domain.Network], error)
	NetworkNeighbourhoods(ctx context.Context, networks []string) (map[string][]domain.Neighbourhood, error)
	Networks(ctx context.Context, ids []string) (map[string]domain.Network, error)
	UpdateNetwork(ctx context.Context, id string, u domain.NetworkUpdate) (domain.Network, error)

	// store/nodes.go
	Node(ctx context.Context, id string) (domain.Node, error)
	Nodes(ctx context.Context, ids []string) ([]domain.Node, error)

	// store/people.go
	CreatePerson(ctx context.Context, v domain.Person, first *domain.Role) (domain.Person, error)
	DeletePerson(ctx context.Context, id string) ([]domain.DeleteEffect, error)
	ListPeople(ctx context.Context, f *domain.PersonFilter, page domain.PageArgs) (domain.Page[domain.Person], error)
	People(ctx context.Context, ids []string) (map[string]domain.Person, error)
	UpdatePerson(ctx context.Context, id string, u domain.PersonUpdate) (domain.Person, error)

	// store/roles.go
	AddRole(ctx context.Context, v domain.Role) (domain.Role, error)
	RemoveRole(ctx context.Context, id string) ([]domain.DeleteEffect, error)
	Roles(ctx context.Context, ids []string) (map[string]domain.Role, error)
	RolesOfActors(ctx context.Context, actors []string, asOf *time.Time, page domain.PageArgs) (map[string]domain.Page[domain.Role], error)
	RolesOfPeople(ctx context.Context, people []string, asOf *time.Time, page domain.PageArgs) (map[string]domain.Page[domain.Role], error)
	UpdateRole(ctx context.Context, id string, u domain.RoleUpdate) (domain.Role, error)

	// store/search.go
	Search(ctx context.Context, q domain.SearchQuery) ([]domain.SearchHit, error)

	// store/services.go
	CoveringServices(ctx context.Context, needs []string, asOf time.Time) (map[string][]domain.Service, error)
	CreateService(ctx context.Context, v domain.Service, locs ...domain.Location) (domain.Service, error)
	DeleteService(ctx context.Context, id string) ([]domain.DeleteEffect, error)
	ListServices(ctx context.Context, f *domain.ServiceFilter, o *domain.Order, page domain.PageArgs) (domain.Page[domain.Service], error)
	Services(ctx context.Context, ids []string) (map[string]domain.Service, error)
	ServicesOf(ctx context.Context, actors []string, f *domain.ServiceFilter, o *domain.Order, page domain.PageArgs) (map[string]domain.Page[domain.Service], error)
	ServicesReaching(ctx context.Context, neighbourhoods []string, f *domain.ServiceFilter, o *domain.Order, page domain.PageArgs) (map[string]domain.Page[domain.Service], error)
	UpdateService(ctx context.Context, id string, u domain.ServiceUpdate) (domain.Service, error)

	// store/stale.go
	ConfirmRecords(ctx context.Context, ids []string, on time.Time) ([]domain.StaleRecord, error)
	StaleRecords(ctx context.Context, f domain.StaleFilter, page domain.PageArgs) (domain.Page[domain.StaleRecord], error)

	// store/vocabulary.go
	CreateTargetGroup(ctx context.Context, v domain.TargetGroup) (domain.TargetGroup, error)
	CreateTopic(ctx context.Context, v domain.Topic) (domain.Topic, error)
	DeleteTargetGroup(ctx context.Context, id string) ([]domain.DeleteEffect, error)
	DeleteTopic(ctx context.Context, id string) ([]domain.DeleteEffect, error)
	TargetGroups(ctx context.Context, ids []string) (map[string]domain.TargetGroup, error)
	Topics(ctx context.Context, ids []string) (map[string]domain.Topic, error)
	UpdateTargetGroup(ctx context.Context, id string, u domain.VocabularyUpdate) (domain.TargetGroup, error)
	UpdateTopic(ctx context.Context, id string, u domain.VocabularyUpdate) (domain.Topic, error)
}

var _ Store = (*store.Store)(nil)
