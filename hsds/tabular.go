package hsds

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/kiezgraph/kiezgraph/importer"
	"github.com/kiezgraph/kiezgraph/internal/linecount"
)

// The tabular form of HSDS (a Tabular Data Package: one CSV file per
// object, linked by ids) is read from a directory that holds
// services.csv. organizations.csv and services.csv are streamed as the
// rows of the import; the tables that link to them (attributes,
// taxonomy terms, service areas, service at locations, locations,
// addresses, phones) are read into memory first.

// isTabular reports whether a directory holds an HSDS tabular package.
func isTabular(dir string) bool {
	info, err := os.Stat(filepath.Join(dir, "services.csv"))
	return err == nil && info.Mode().IsRegular()
}

// tabularFiles are the importer files of a tabular package.
func tabularFiles(dir string, m *Mapping) (orgs, services importer.File) {
	orgs = importer.File{Path: filepath.Join(dir, "organizations.csv"), Kind: importer.Actors, Format: Format, ColumnNames: tabularOrgColumns,
		Open: func() (importer.Rows, error) { return openTabularOrganizations(dir, m) }}
	services = importer.File{Path: filepath.Join(dir, "services.csv"), Kind: importer.Services, Format: Format, ColumnNames: tabularServiceColumns,
		Open: func() (importer.Rows, error) { return openTabularServices(dir, m) }}
	return orgs, services
}

var (
	tabularOrgColumns = map[string]string{"key": "id", "phone": "phones.csv", "neighbourhoods": "service_areas.csv",
		"lastConfirmed": "assured_date"}
	tabularServiceColumns = map[string]string{"key": "id", "provider": "organization_id", "targetGroups": "attributes.csv",
		"topics": "attributes.csv", "neighbourhoods": "service_areas.csv", "lastConfirmed": "assured_date"}
)

// table reads a CSV file with a header row, one record at a time.
type table struct {
	path  string
	file  *os.File
	c     *linecount.Reader
	r     *csv.Reader
	index map[string]int
	rec   []string
	line  int
}

// openTable opens a table of the package; a missing table is nil.
func openTable(dir, name string) (*table, error) {
	path := filepath.Join(dir, name)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c := linecount.New(f, false)
	r := csv.NewReader(c)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		_ = f.Close()
		if errors.Is(err, io.EOF) {
			return nil, importer.ReadError(1, fmt.Errorf("%s is empty; a table starts with a header row", name))
		}
		return nil, importer.ReadError(1, fmt.Errorf("%s: %w", name, err))
	}
	t := &table{path: path, file: f, c: c, r: r, index: map[string]int{}}
	for i, h := range header {
		t.index[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	return t, nil
}

// next reads the next record; false at the end.
func (t *table) next() (bool, error) {
	rec, err := t.r.Read()
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			t.line, err = pe.StartLine, pe.Err
		}
		// The table is not the file the problem is reported for: name it
		// and its line in the reason.
		return false, importer.ReadError(1, fmt.Errorf("%s: not valid CSV: %w", t.at(), err))
	}
	t.line, _ = t.r.FieldPos(0)
	t.rec = rec
	return true, nil
}

// get returns a cell of the record, trimmed; "" when the column is
// missing.
func (t *table) get(col string) string {
	i, ok := t.index[col]
	if !ok || i >= len(t.rec) {
		return ""
	}
	return strings.TrimSpace(t.rec[i])
}

// at names the current record for messages: table.csv:LINE.
func (t *table) at() string { return fmt.Sprintf("%s:%d", filepath.Base(t.path), t.line) }

func (t *table) close() error {
	if t == nil {
		return nil
	}
	return t.file.Close()
}

// each calls fn for every record of a table of the package; a missing
// table has none.
func each(dir, name string, fn func(t *table) error) error {
	t, err := openTable(dir, name)
	if err != nil || t == nil {
		return err
	}
	defer func() { _ = t.close() }()
	for {
		ok, err := t.next()
		if err != nil || !ok {
			return err
		}
		if err := fn(t); err != nil {
			return err
		}
	}
}

// links are the tables that link to organizations and services, by the
// id of what they link to, with where each row is for messages.
type links struct {
	attributes map[string][]linked[Attribute]
	areas      map[string][]ServiceArea
	atLocation map[string][]linked[ServiceAtLocation]
	phones     map[string][]Phone
	// terms and locations whose ids are known, for dangling references.
	terms     map[string]*TaxonomyTerm
	locations map[string]*Location
}

// linked is a row of a link table and where it is.
type linked[T any] struct {
	v  T
	at string
}

// readLinks reads the link tables of a package.
func readLinks(dir string) (*links, error) {
	l := &links{attributes: map[string][]linked[Attribute]{}, areas: map[string][]ServiceArea{},
		atLocation: map[string][]linked[ServiceAtLocation]{}, phones: map[string][]Phone{},
		terms: map[string]*TaxonomyTerm{}, locations: map[string]*Location{}}
	taxonomies := map[string]*Taxonomy{}
	steps := []struct {
		name string
		fn   func(t *table) error
	}{
		{"taxonomies.csv", func(t *table) error {
			taxonomies[t.get("id")] = &Taxonomy{ID: t.get("id"), Name: t.get("name"), Description: t.get("description"), URI: t.get("uri")}
			return nil
		}},
		{"taxonomy_terms.csv", func(t *table) error {
			term := &TaxonomyTerm{ID: t.get("id"), Code: t.get("code"), Name: t.get("name"), Description: t.get("description"),
				Taxonomy: t.get("taxonomy"), TaxonomyID: t.get("taxonomy_id")}
			term.TaxonomyDetail = taxonomies[term.TaxonomyID]
			l.terms[term.ID] = term
			return nil
		}},
		{"attributes.csv", func(t *table) error {
			a := Attribute{ID: t.get("id"), LinkID: t.get("link_id"), TaxonomyTermID: t.get("taxonomy_term_id"),
				LinkType: t.get("link_type"), LinkEntity: t.get("link_entity")}
			a.TaxonomyTerm = l.terms[a.TaxonomyTermID]
			l.attributes[a.LinkID] = append(l.attributes[a.LinkID], linked[Attribute]{a, t.at()})
			return nil
		}},
		{"service_areas.csv", func(t *table) error {
			a := ServiceArea{ID: t.get("id"), ServiceID: t.get("service_id"), Name: t.get("name"), Description: t.get("description"), URI: t.get("uri")}
			l.areas[a.ServiceID] = append(l.areas[a.ServiceID], a)
			return nil
		}},
		{"locations.csv", func(t *table) error {
			l.locations[t.get("id")] = &Location{ID: t.get("id"), Name: t.get("name"),
				Latitude: coordinate(t.get("latitude")), Longitude: coordinate(t.get("longitude"))}
			return nil
		}},
		{"addresses.csv", func(t *table) error {
			if loc, ok := l.locations[t.get("location_id")]; ok {
				loc.Addresses = append(loc.Addresses, Address{PostalCode: t.get("postal_code"), Address1: t.get("address_1"), City: t.get("city")})
			}
			return nil
		}},
		{"phones.csv", func(t *table) error {
			p := Phone{ID: t.get("id"), OrganizationID: t.get("organization_id"), Number: t.get("number")}
			l.phones[p.OrganizationID] = append(l.phones[p.OrganizationID], p)
			return nil
		}},
	}
	for _, s := range steps {
		if err := each(dir, s.name, s.fn); err != nil {
			return nil, err
		}
	}
	// HSDS 3.0 names the table service_at_locations.csv, earlier drafts
	// service_at_location.csv.
	for _, name := range []string{"service_at_locations.csv", "service_at_location.csv"} {
		err := each(dir, name, func(t *table) error {
			s := ServiceAtLocation{ID: t.get("id"), ServiceID: t.get("service_id"), LocationID: t.get("location_id")}
			s.Location = l.locations[s.LocationID]
			l.atLocation[s.ServiceID] = append(l.atLocation[s.ServiceID], linked[ServiceAtLocation]{s, t.at()})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return l, nil
}

// service assembles the service of the current record of services.csv;
// references to terms and locations that no table holds are problems.
func (l *links) service(t *table) (*Service, []importer.Problem) {
	s := &Service{ID: t.get("id"), OrganizationID: t.get("organization_id"), Name: t.get("name"), Description: t.get("description"),
		Status: t.get("status"), AssuredDate: t.get("assured_date"), ServiceAreas: l.areas[t.get("id")]}
	var probs []importer.Problem
	for _, a := range l.attributes[s.ID] {
		if a.v.LinkEntity != "" && a.v.LinkEntity != "service" {
			continue
		}
		if a.v.TaxonomyTerm == nil {
			probs = append(probs, importer.Problem{Column: "attributes.csv",
				Reason: fmt.Sprintf("%s: taxonomy_term_id %q is not in taxonomy_terms.csv", a.at, a.v.TaxonomyTermID)})
			continue
		}
		s.Attributes = append(s.Attributes, a.v)
	}
	for _, sal := range l.atLocation[s.ID] {
		if sal.v.Location == nil {
			probs = append(probs, importer.Problem{Column: "service_at_locations.csv",
				Reason: fmt.Sprintf("%s: location_id %q is not in locations.csv", sal.at, sal.v.LocationID)})
			continue
		}
		s.ServiceAtLocations = append(s.ServiceAtLocations, sal.v)
	}
	return s, probs
}

// tabularServiceRows are the records of services.csv as rows of
// services.
type tabularServiceRows struct {
	t *table
	l *links
	m *Mapping
}

func openTabularServices(dir string, m *Mapping) (importer.Rows, error) {
	l, err := readLinks(dir)
	if err != nil {
		return nil, err
	}
	t, err := openTable(dir, "services.csv")
	if err != nil {
		return nil, err
	}
	if t == nil {
		return nil, importer.ReadError(1, fmt.Errorf("%s has no services.csv", dir))
	}
	return &tabularServiceRows{t: t, l: l, m: m}, nil
}

func (r *tabularServiceRows) Next() (importer.Row, error) {
	ok, err := r.t.next()
	if err != nil {
		return importer.Row{}, err
	}
	if !ok {
		return importer.Row{}, io.EOF
	}
	svc, probs := r.l.service(r.t)
	cells, more := serviceRow(r.m, svc)
	return importer.Row{Line: r.t.line, Cells: cells, Problems: append(probs, more...)}, nil
}

func (r *tabularServiceRows) Offset() int64 { return r.t.c.Offset() }
func (r *tabularServiceRows) Close() error  { return r.t.close() }

// tabularOrgRows are the records of organizations.csv as rows of actors,
// each active where its services are available; services.csv is read
// first for that.
type tabularOrgRows struct {
	t      *table
	l      *links
	m      *Mapping
	places map[string][]any
}

func openTabularOrganizations(dir string, m *Mapping) (importer.Rows, error) {
	l, err := readLinks(dir)
	if err != nil {
		return nil, err
	}
	places := map[string][]any{}
	err = each(dir, "services.csv", func(t *table) error {
		svc, _ := l.service(t)
		keys, _ := servicePlaces(m, svc)
		for _, k := range keys {
			places[svc.OrganizationID] = appendNew(places[svc.OrganizationID], k.(string))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	t, err := openTable(dir, "organizations.csv")
	if err != nil {
		return nil, err
	}
	return &tabularOrgRows{t: t, l: l, m: m, places: places}, nil
}

func (r *tabularOrgRows) Next() (importer.Row, error) {
	if r.t == nil {
		return importer.Row{}, io.EOF
	}
	ok, err := r.t.next()
	if err != nil {
		return importer.Row{}, err
	}
	if !ok {
		return importer.Row{}, io.EOF
	}
	o := &Organization{ID: r.t.get("id"), Name: r.t.get("name"), Description: r.t.get("description"), Email: r.t.get("email"),
		Website: r.t.get("website"), Phones: r.l.phones[r.t.get("id")]}
	var probs []importer.Problem
	for _, a := range r.l.attributes[o.ID] {
		if a.v.LinkEntity != "" && a.v.LinkEntity != "organization" {
			continue
		}
		if a.v.TaxonomyTerm == nil {
			probs = append(probs, importer.Problem{Column: "attributes.csv",
				Reason: fmt.Sprintf("%s: taxonomy_term_id %q is not in taxonomy_terms.csv", a.at, a.v.TaxonomyTermID)})
			continue
		}
		o.Attributes = append(o.Attributes, a.v)
	}
	cells, more := orgRow(r.m, o)
	cells["neighbourhoods"] = r.places[o.ID]
	return importer.Row{Line: r.t.line, Cells: cells, Problems: append(probs, more...)}, nil
}

func (r *tabularOrgRows) Offset() int64 {
	if r.t == nil {
		return 0
	}
	return r.t.c.Offset()
}

func (r *tabularOrgRows) Close() error { return r.t.close() }
