package domain

// Dataset is a whole network to load at once: the demo city, a synthetic
// city, or an import. Records reference each other by id, so ids must be
// stable (derived from external keys) for a reload to change nothing.
type Dataset struct {
	TargetGroups   []TargetGroup
	Topics         []Topic
	Neighbourhoods []Neighbourhood
	Actors         []Actor
	People         []Person
	Roles          []Role
	Services       []Service
	Needs          []Need
	Cooperations   []Cooperation
	Networks       []Network
	Memberships    []Membership
	Events         []Event
	// Boundaries are outlines of neighbourhoods, Locations the places of
	// actors and services (each names its owner); see geo.go.
	Boundaries []Boundary
	Locations  []Location
}
