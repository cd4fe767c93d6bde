package hsds

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Reader is what an export reads; *store.Store has it.
type Reader interface {
	ListServices(ctx context.Context, f *domain.ServiceFilter, o *domain.Order, page domain.PageArgs) (domain.Page[domain.Service], error)
	Actors(ctx context.Context, ids []string) (map[string]domain.Actor, error)
	Neighbourhoods(ctx context.Context, ids []string) (map[string]domain.Neighbourhood, error)
	ListTargetGroups(ctx context.Context) ([]domain.TargetGroup, error)
	ListTopics(ctx context.Context) ([]domain.Topic, error)
	ServiceLocations(ctx context.Context, ids []string) (map[string][]domain.Location, error)
}

// Query says which services an export writes: those valid on AsOf that
// reach Scope (available in it, inside it or in a neighbourhood
// enclosing it; nil for the whole city).
type Query struct {
	Scope *string
	AsOf  time.Time
}

// Stats counts what an export wrote.
type Stats struct {
	Services, Organizations int
}

// Export writes the services of q as HSDS 3.0 JSON: one API page
// ({"total_items": …, "contents": [...]}) whose contents are the
// services, each with its organization, service areas and taxonomy
// terms embedded (see Convert).
func Export(ctx context.Context, r Reader, q Query, w io.Writer) (Stats, error) {
	d, err := Load(ctx, r, q)
	if err != nil {
		return Stats{}, err
	}
	return Write(w, d)
}

// Data is what an export writes: services and what they reference.
type Data struct {
	Services       []domain.Service
	Actors         map[string]domain.Actor
	Neighbourhoods map[string]domain.Neighbourhood
	// Locations are the services' locations by service id.
	Locations map[string][]domain.Location
	// Vocabulary maps the ids of target groups and topics to their
	// entries and targets.
	Vocabulary map[string]VocabularyEntry
}

// VocabularyEntry is a target group or topic with the target it is.
type VocabularyEntry struct {
	domain.Vocabulary
	Target Target
}

// pageSize is the number of services per read: more than a client's
// page, since each offset page reads what it skips (the services of a
// city of 100 000 actors took 516 reads of 100).
const pageSize = 2000

// Load reads the services of q and what they reference.
func Load(ctx context.Context, r Reader, q Query) (*Data, error) {
	asOf := q.AsOf
	f := &domain.ServiceFilter{Neighbourhood: q.Scope, AsOf: &asOf}
	d := &Data{}
	for offset := 0; ; offset += pageSize {
		p, err := r.ListServices(ctx, f, &domain.Order{Field: domain.SortName, Direction: domain.Asc}, domain.PageArgs{First: pageSize, Offset: offset})
		if err != nil {
			return nil, fmt.Errorf("hsds: load services: %w", err)
		}
		d.Services = append(d.Services, p.Items...)
		if !p.HasNext() {
			break
		}
	}
	var actors, places []string
	for _, s := range d.Services {
		actors = append(actors, s.ProviderID)
		places = append(places, s.NeighbourhoodIDs...)
	}
	var err error
	if d.Actors, err = r.Actors(ctx, uniq(actors)); err != nil {
		return nil, fmt.Errorf("hsds: load providers: %w", err)
	}
	if d.Neighbourhoods, err = r.Neighbourhoods(ctx, uniq(places)); err != nil {
		return nil, fmt.Errorf("hsds: load neighbourhoods: %w", err)
	}
	ids := make([]string, len(d.Services))
	for i, s := range d.Services {
		ids[i] = s.ID
	}
	if d.Locations, err = r.ServiceLocations(ctx, ids); err != nil {
		return nil, fmt.Errorf("hsds: load locations: %w", err)
	}
	if d.Vocabulary, err = LoadVocabulary(ctx, r); err != nil {
		return nil, err
	}
	return d, nil
}

// VocabularyReader reads the vocabulary an export refers to;
// *store.Store has it.
type VocabularyReader interface {
	ListTargetGroups(ctx context.Context) ([]domain.TargetGroup, error)
	ListTopics(ctx context.Context) ([]domain.Topic, error)
}

// LoadVocabulary reads the target groups and topics services refer to,
// as Data.Vocabulary holds them.
func LoadVocabulary(ctx context.Context, r VocabularyReader) (map[string]VocabularyEntry, error) {
	out := map[string]VocabularyEntry{}
	tgs, err := r.ListTargetGroups(ctx)
	if err != nil {
		return nil, fmt.Errorf("hsds: load target groups: %w", err)
	}
	for _, v := range tgs {
		out[v.ID] = VocabularyEntry{v.Vocabulary, Target{TargetGroup, v.Code}}
	}
	tops, err := r.ListTopics(ctx)
	if err != nil {
		return nil, fmt.Errorf("hsds: load topics: %w", err)
	}
	for _, v := range tops {
		out[v.ID] = VocabularyEntry{v.Vocabulary, Target{Topic, v.Code}}
	}
	return out, nil
}

func uniq(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// Write writes d as an HSDS page of services (see Export), services
// ordered by name as loaded, the file indented so that problems found
// when it is imported name useful lines. It is WriteStream of d.
func Write(w io.Writer, d *Data) (Stats, error) {
	return WriteStream(w, Stream{Total: len(d.Services), Vocabulary: d.Vocabulary,
		Services: func(yield func(Item) error) error {
			for _, s := range d.Services {
				it, err := d.item(s)
				if err != nil {
					return err
				}
				if err := yield(it); err != nil {
					return err
				}
			}
			return nil
		}})
}

// Stream is an export read while it is written: the streaming form of
// Data, for exports too large to hold (the API's, see package server).
type Stream struct {
	// Total is the number of services Services yields, written before
	// them as the page's total_items; a different number fails the
	// file.
	Total int
	// Vocabulary maps the ids of target groups and topics to their
	// entries and targets.
	Vocabulary map[string]VocabularyEntry
	// Services yields each service with what it references, in the
	// order of the file; yield's error ends it and the file.
	Services func(yield func(Item) error) error
}

// Item is a service of a Stream with what its HSDS service embeds.
type Item struct {
	Service domain.Service
	// Provider is the service's provider.
	Provider domain.Actor
	// Areas are the neighbourhoods of Service.NeighbourhoodIDs that the
	// reader sees; the others are left out.
	Areas []domain.Neighbourhood
	// Locations are the service's locations.
	Locations []domain.Location
}

// item returns the Item of s in d, or an error when d lacks its
// provider.
func (d *Data) item(s domain.Service) (Item, error) {
	a, ok := d.Actors[s.ProviderID]
	if !ok {
		return Item{}, fmt.Errorf("hsds: service %s: provider %s not loaded", s.ID, s.ProviderID)
	}
	it := Item{Service: s, Provider: a, Locations: d.Locations[s.ID]}
	for _, nid := range s.NeighbourhoodIDs {
		if n, ok := d.Neighbourhoods[nid]; ok {
			it.Areas = append(it.Areas, n)
		}
	}
	return it, nil
}

// WriteStream writes s as Write writes Data, one service at a time as
// s.Services yields them: memory stays flat however many services s
// has (but for the ids of their providers, which Stats counts). The file
// is byte for byte Write's of the same services.
func WriteStream(w io.Writer, s Stream) (Stats, error) {
	bw := bufio.NewWriter(w)
	n := s.Total
	head, err := json.Marshal(Page{TotalItems: n, TotalPages: 1, PageNumber: 1, Size: n, FirstPage: true, LastPage: true, Empty: n == 0})
	if err != nil {
		return Stats{}, err
	}
	// The page's fields, then the contents, one indented service each.
	_, _ = bw.Write(head[:len(head)-1])
	_, _ = bw.WriteString(",\n  \"contents\": [")
	orgs := map[string]bool{}
	i := 0
	if s.Services != nil {
		err = s.Services(func(it Item) error {
			svc, err := convert(it, s.Vocabulary)
			if err != nil {
				return err
			}
			orgs[it.Service.ProviderID] = true
			b, err := json.MarshalIndent(svc, "    ", "  ")
			if err != nil {
				return err
			}
			if i > 0 {
				_, _ = bw.WriteString(",")
			}
			i++
			_, _ = bw.WriteString("\n    ")
			_, err = bw.Write(b)
			return err
		})
		if err != nil {
			return Stats{}, err
		}
	}
	if i != n {
		return Stats{}, fmt.Errorf("hsds: write: %d services, announced %d", i, n)
	}
	if n > 0 {
		_, _ = bw.WriteString("\n  ")
	}
	_, _ = bw.WriteString("]\n}\n")
	if err := bw.Flush(); err != nil {
		return Stats{}, fmt.Errorf("hsds: write: %w", err)
	}
	return Stats{Services: n, Organizations: len(orgs)}, nil
}

// Convert returns the HSDS service of a kiezgraph service: its
// provider as organization (kind and sector as terms of OwnTaxonomy),
// its neighbourhoods as service areas (see AreaURI; those d does not
// hold, hidden from the reader, are left out), its target groups
// and topics as terms of OwnTaxonomy, lastConfirmed as assured_date and
// updatedAt as last_modified. Its status is active, since it is valid
// on the day exported.
func Convert(d *Data, s domain.Service) (*Service, error) {
	it, err := d.item(s)
	if err != nil {
		return nil, err
	}
	return convert(it, d.Vocabulary)
}

// convert is Convert of one Item.
func convert(it Item, vocabulary map[string]VocabularyEntry) (*Service, error) {
	s, a := it.Service, it.Provider
	if a.ID != s.ProviderID {
		return nil, fmt.Errorf("hsds: service %s: provider %s not loaded", s.ID, s.ProviderID)
	}
	id := UUID(s.ID)
	svc := &Service{ID: id, OrganizationID: UUID(a.ID), Name: s.Name, Description: deref(s.Description), Status: "active",
		Organization: organization(a)}
	if s.LastConfirmed != nil {
		svc.AssuredDate = s.LastConfirmed.Format(time.DateOnly)
	}
	if !s.UpdatedAt.IsZero() {
		svc.LastModified = s.UpdatedAt.UTC().Format("2006-01-02T15:04:05.000Z07:00")
	}
	areas := slices.Clone(it.Areas)
	slices.SortFunc(areas, func(a, b domain.Neighbourhood) int { return cmp.Compare(a.ID, b.ID) })
	// Areas the reader does not see (a viewer does not see another
	// district's quarters) are not among it.Areas: left out, as the
	// API's neighbourhoods field leaves them out.
	for _, n := range slices.CompactFunc(areas, func(a, b domain.Neighbourhood) bool { return a.ID == b.ID }) {
		area := ServiceArea{ID: UUID(s.ID + "/" + n.ID), ServiceID: id, Name: n.Name, Description: deref(n.Description)}
		if n.ExternalKey != nil {
			area.URI = AreaURI(*n.ExternalKey)
		}
		svc.ServiceAreas = append(svc.ServiceAreas, area)
	}
	svc.Phones = contactPhones(s.ID, "", id, s.ContactPoints)
	for _, l := range it.Locations {
		svc.ServiceAtLocations = append(svc.ServiceAtLocations, ServiceAtLocation{
			ID: UUID(s.ID + "@" + l.ID), ServiceID: id, LocationID: UUID(l.ID), Location: location(l)})
	}
	for _, vid := range slices.Concat(slices.Sorted(slices.Values(s.TargetGroupIDs)), slices.Sorted(slices.Values(s.TopicIDs))) {
		v, ok := vocabulary[vid]
		if !ok {
			return nil, fmt.Errorf("hsds: service %s: vocabulary entry %s not loaded", s.ID, vid)
		}
		svc.Attributes = append(svc.Attributes, attribute(id, "service", v.Target, v.LabelEn, v.LabelDe))
	}
	return svc, nil
}

// location is the HSDS location of a kiezgraph location: a physical
// place with its point and, when it has a street address, that address
// (country DE: kiezgraph serves German cities).
func location(l domain.Location) *Location {
	lat, lon := l.Latitude, l.Longitude
	out := &Location{ID: UUID(l.ID), LocationType: "physical", Name: deref(l.Name), Latitude: &lat, Longitude: &lon}
	if l.Address != nil {
		out.Addresses = []Address{{ID: UUID(l.ID + "/address"), LocationID: out.ID, Address1: *l.Address, City: deref(l.City),
			PostalCode: deref(l.Postcode), Country: "DE", AddressType: "physical"}}
	}
	return out
}

// organization is the HSDS organization of an actor.
func organization(a domain.Actor) *Organization {
	id := UUID(a.ID)
	o := &Organization{ID: id, Name: a.Name, Description: deref(a.Description), Email: deref(a.Contact.Email),
		Website: website(deref(a.Contact.Website))}
	if p := deref(a.Contact.Phone); p != "" {
		o.Phones = []Phone{{ID: UUID(a.ID + "/phone"), OrganizationID: id, Number: p}}
	}
	o.Phones = append(o.Phones, contactPhones(a.ID, id, "", a.ContactPoints)...)
	o.Attributes = []Attribute{
		attribute(id, "organization", Target{Kind, string(a.Kind)}, kindName(string(a.Kind)), "kiezgraph actor kind "+string(a.Kind)),
		attribute(id, "organization", Target{Sector, string(a.Sector)}, kindName(string(a.Sector)), "kiezgraph sector "+string(a.Sector)),
	}
	return o
}

// attribute links a record to the term of OwnTaxonomy for a target.
func attribute(linkID, entity string, t Target, name, description string) Attribute {
	term := ownTerm(t, name, description)
	return Attribute{ID: UUID(linkID + "/" + t.String()), LinkID: linkID, TaxonomyTermID: term.ID, LinkType: string(t.Kind),
		LinkEntity: entity, TaxonomyTerm: term}
}

// kindName makes a code readable: FAMILY_CENTRE is "family centre".
func kindName(code string) string { return strings.ToLower(strings.ReplaceAll(code, "_", " ")) }

// website returns an absolute URL for a website, adding https:// where
// the scheme is missing (HSDS's website is a URI); "" stays "".
func website(s string) string {
	if s == "" {
		return ""
	}
	if u, err := url.Parse(s); err == nil && u.Scheme != "" && u.Host != "" {
		return s
	}
	return "https://" + s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// contactPhones writes the contact points of the record with kiezgraph id
// owner that have a phone as HSDS phones of the organization orgID or
// the service svcID: type voice, and a description with the function,
// the opening hours (iCalendar day codes, as HSDS schedules use them)
// and the languages. Who answers is left out: a person is personal data
// and no HSDS export holds people. Contact points without a phone are
// not written (HSDS's contact, schedule and language objects would need
// schemas this package does not vendor).
func contactPhones(owner, orgID, svcID string, cps []domain.ContactPoint) []Phone {
	var out []Phone
	for _, c := range cps {
		if c.Phone == nil {
			continue
		}
		desc := c.Function
		for _, h := range c.OpeningHours {
			days := make([]string, len(h.Days))
			for i, d := range h.Days {
				days[i] = string(d)
			}
			desc += fmt.Sprintf("; %s %s–%s", strings.Join(days, ","), h.Opens, h.Closes)
			if h.Note != nil {
				desc += " (" + *h.Note + ")"
			}
		}
		if len(c.Languages) > 0 {
			desc += "; languages: " + strings.Join(c.Languages, ", ")
		}
		out = append(out, Phone{ID: UUID(owner + "/" + c.ID), OrganizationID: orgID, ServiceID: svcID, Number: *c.Phone,
			Type: "voice", Description: desc})
	}
	return out
}
