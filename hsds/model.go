package hsds

// The HSDS 3.0 objects this package reads and writes, with the fields it
// uses; the JSON names are HSDS's. Reading ignores every other field.

// Service is an HSDS service with its related objects embedded.
type Service struct {
	ID                 string              `json:"id"`
	OrganizationID     string              `json:"organization_id,omitempty"`
	Name               string              `json:"name"`
	Description        string              `json:"description,omitempty"`
	Status             string              `json:"status"`
	AssuredDate        string              `json:"assured_date,omitempty"`
	LastModified       string              `json:"last_modified,omitempty"`
	Organization       *Organization       `json:"organization,omitempty"`
	ServiceAreas       []ServiceArea       `json:"service_areas,omitempty"`
	Phones             []Phone             `json:"phones,omitempty"`
	ServiceAtLocations []ServiceAtLocation `json:"service_at_locations,omitempty"`
	Attributes         []Attribute         `json:"attributes,omitempty"`
}

// Organization is an HSDS organization.
type Organization struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Email       string      `json:"email,omitempty"`
	Website     string      `json:"website,omitempty"`
	Phones      []Phone     `json:"phones,omitempty"`
	Attributes  []Attribute `json:"attributes,omitempty"`
}

// Phone is an HSDS phone number. Contact points are written as phones
// with a type and a description (function, opening hours, languages).
type Phone struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organization_id,omitempty"`
	ServiceID      string `json:"service_id,omitempty"`
	Number         string `json:"number"`
	Type           string `json:"type,omitempty"`
	Description    string `json:"description,omitempty"`
}

// ServiceArea is the area in which a service is available.
type ServiceArea struct {
	ID          string `json:"id"`
	ServiceID   string `json:"service_id,omitempty"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	URI         string `json:"uri,omitempty"`
}

// ServiceAtLocation links a service to a location where it is delivered.
type ServiceAtLocation struct {
	ID         string    `json:"id"`
	ServiceID  string    `json:"service_id,omitempty"`
	LocationID string    `json:"location_id,omitempty"`
	Location   *Location `json:"location,omitempty"`
}

// Location is a place where services are delivered; latitude and
// longitude are WGS 84 degrees.
type Location struct {
	ID           string    `json:"id"`
	LocationType string    `json:"location_type,omitempty"`
	Name         string    `json:"name,omitempty"`
	Latitude     *float64  `json:"latitude,omitempty"`
	Longitude    *float64  `json:"longitude,omitempty"`
	Addresses    []Address `json:"addresses,omitempty"`
}

// Address is a postal or physical address of a location. HSDS requires
// every field but location_id in an address it has, state_province
// included, which kiezgraph does not know: an export writes the fields
// it lacks empty rather than leave them out.
type Address struct {
	ID            string `json:"id"`
	LocationID    string `json:"location_id,omitempty"`
	Address1      string `json:"address_1"`
	City          string `json:"city"`
	StateProvince string `json:"state_province"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
	AddressType   string `json:"address_type"`
}

// Attribute applies a taxonomy term to a service or organization.
type Attribute struct {
	ID             string        `json:"id"`
	LinkID         string        `json:"link_id,omitempty"`
	TaxonomyTermID string        `json:"taxonomy_term_id,omitempty"`
	LinkType       string        `json:"link_type,omitempty"`
	LinkEntity     string        `json:"link_entity,omitempty"`
	TaxonomyTerm   *TaxonomyTerm `json:"taxonomy_term,omitempty"`
}

// TaxonomyTerm is a term of a taxonomy, such as a target group.
type TaxonomyTerm struct {
	ID             string    `json:"id"`
	Code           string    `json:"code,omitempty"`
	Name           string    `json:"name"`
	Description    string    `json:"description"`
	Taxonomy       string    `json:"taxonomy,omitempty"`
	TaxonomyID     string    `json:"taxonomy_id,omitempty"`
	TaxonomyDetail *Taxonomy `json:"taxonomy_detail,omitempty"`
	Language       string    `json:"language,omitempty"`
}

// Taxonomy describes a taxonomy that terms are taken from.
type Taxonomy struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	URI         string `json:"uri,omitempty"`
	Version     string `json:"version,omitempty"`
}

// Page is the envelope of HSDS API lists, which this package uses for
// files of many services.
type Page struct {
	TotalItems int  `json:"total_items"`
	TotalPages int  `json:"total_pages"`
	PageNumber int  `json:"page_number"`
	Size       int  `json:"size"`
	FirstPage  bool `json:"first_page"`
	LastPage   bool `json:"last_page"`
	Empty      bool `json:"empty"`
}
