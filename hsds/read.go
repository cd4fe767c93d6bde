package hsds

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/kiezgraph/kiezgraph/importer"
)

// Format is the importer.Format of HSDS JSON files.
const Format importer.Format = "hsds-json"

// source is the source column of the records an HSDS import writes.
const source = "Open Referral HSDS"

// Plan lists the importer files of HSDS files: each path is a JSON file,
// a directory whose .json files are taken, or a directory with the
// tables of HSDS's tabular form (services.csv, organizations.csv, …).
// Each JSON file gives two importer files of the same path, one of its
// organizations (actors) and one of its services; tables give
// organizations.csv and services.csv. All organizations come before all
// services, so that services may name the organizations of any file.
func Plan(paths []string, m *Mapping) ([]importer.File, error) {
	var jsonFiles []string
	var orgs, services []importer.File
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			jsonFiles = append(jsonFiles, p)
			continue
		}
		if isTabular(p) {
			o, s := tabularFiles(p, m)
			orgs, services = append(orgs, o), append(services, s)
			continue
		}
		in, err := jsonFilesIn(p)
		if err != nil {
			return nil, err
		}
		jsonFiles = append(jsonFiles, in...)
	}
	if len(jsonFiles) == 0 && len(services) == 0 {
		return nil, fmt.Errorf("no HSDS JSON files or tables (services.csv) in %v", paths)
	}
	slices.Sort(jsonFiles)
	for _, p := range jsonFiles {
		orgs = append(orgs, importer.File{Path: p, Kind: importer.Actors, Format: Format, ColumnNames: orgColumns,
			Open: func() (importer.Rows, error) { return openOrganizations(p, m) }})
		services = append(services, importer.File{Path: p, Kind: importer.Services, Format: Format, ColumnNames: serviceColumns,
			Open: func() (importer.Rows, error) { return openServices(p, m) }})
	}
	return slices.Concat(orgs, services), nil
}

// jsonFilesIn lists the HSDS JSON files of a directory: regular files
// named *.json, hidden ones left out.
func jsonFilesIn(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() && strings.EqualFold(filepath.Ext(e.Name()), ".json") && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out, nil
}

// orgColumns and serviceColumns name the HSDS fields that the columns of
// actors and services come from, for problems.
var (
	orgColumns = map[string]string{"key": "organization.id", "name": "organization.name",
		"description": "organization.description", "email": "organization.email", "website": "organization.website",
		"phone": "organization.phones", "neighbourhoods": "service_areas", "lastConfirmed": "assured_date"}
	serviceColumns = map[string]string{"key": "id", "provider": "organization_id", "targetGroups": "attributes",
		"topics": "attributes", "neighbourhoods": "service_areas", "lastConfirmed": "assured_date"}
)

// serviceRows are the services of a file as rows of services.
type serviceRows struct {
	s *scanner
	m *Mapping
}

func openServices(path string, m *Mapping) (importer.Rows, error) {
	s, err := openScanner(path)
	if err != nil {
		return nil, err
	}
	return &serviceRows{s: s, m: m}, nil
}

func (r *serviceRows) Next() (importer.Row, error) {
	rec, err := r.s.next()
	if err != nil {
		return importer.Row{}, err
	}
	row := importer.Row{Line: rec.line}
	if rec.err != nil {
		row.Problems = append(row.Problems, importer.Problem{Reason: rec.err.Error()})
		return row, nil
	}
	row.Cells, row.Problems = serviceRow(r.m, rec.service)
	return row, nil
}

func (r *serviceRows) Offset() int64 { return r.s.offset() }
func (r *serviceRows) Close() error  { return r.s.close() }

// serviceRow translates a service into the cells of a services row.
func serviceRow(m *Mapping, svc *Service) (map[string]any, []importer.Problem) {
	var probs []importer.Problem
	fail := func(col, format string, args ...any) {
		probs = append(probs, importer.Problem{Column: col, Reason: fmt.Sprintf(format, args...)})
	}
	cells := map[string]any{"key": svc.ID, "name": svc.Name, "source": source}
	setText(cells, "description", svc.Description)
	provider := svc.OrganizationID
	if o := svc.Organization; o != nil && o.ID != "" {
		if provider != "" && provider != o.ID {
			fail("organization_id", "%q, but the embedded organization's id is %q", provider, o.ID)
		}
		provider = o.ID
	}
	if provider == "" {
		fail("organization_id", "is required: kiezgraph needs the organization that provides the service")
	}
	cells["provider"] = provider
	if d, ok := assuredDate(svc.AssuredDate); ok {
		setText(cells, "lastConfirmed", d)
	} else {
		fail("assured_date", "%q is not a date (want YYYY-MM-DD)", svc.AssuredDate)
	}
	var tgs, topics []any
	for i, a := range svc.Attributes {
		targets, err := attributeTargets(m, &a)
		if err != nil {
			fail(fmt.Sprintf("attributes[%d]", i), "%v", err)
			continue
		}
		for _, t := range targets {
			switch t.Kind {
			case TargetGroup:
				tgs = appendNew(tgs, t.Code)
			case Topic:
				topics = appendNew(topics, t.Code)
			case Kind, Sector:
				fail(fmt.Sprintf("attributes[%d]", i), "taxonomy term %s maps to %s, which describes organizations, not services", termName(a.TaxonomyTerm), t)
			}
		}
	}
	cells["targetGroups"], cells["topics"] = tgs, topics
	places, placeProbs := servicePlaces(m, svc)
	probs = append(probs, placeProbs...)
	cells["neighbourhoods"] = places
	return cells, probs
}

// servicePlaces maps a service's areas and locations to neighbourhood
// keys; unmapped ones are problems.
func servicePlaces(m *Mapping, svc *Service) ([]any, []importer.Problem) {
	var keys []any
	var probs []importer.Problem
	for i, a := range svc.ServiceAreas {
		if key, ok := m.Area(&a); ok {
			keys = appendNew(keys, key)
			continue
		}
		probs = append(probs, importer.Problem{Column: fmt.Sprintf("service_areas[%d]", i),
			Reason: fmt.Sprintf("service area %s is not in the mapping (add a row service_area,MATCH,NEIGHBOURHOOD-KEY)", describe(a.Name, a.ID))})
	}
	for i, sal := range svc.ServiceAtLocations {
		l := sal.Location
		if l == nil {
			l = &Location{ID: sal.LocationID}
		}
		if key, ok := m.Location(l); ok {
			keys = appendNew(keys, key)
			continue
		}
		if l.Latitude != nil && l.Longitude != nil {
			// Placed by its point after the import (ServiceLocations).
			continue
		}
		probs = append(probs, importer.Problem{Column: fmt.Sprintf("service_at_locations[%d]", i),
			Reason: fmt.Sprintf("location %s is not in the mapping (add a row location,MATCH,NEIGHBOURHOOD-KEY)", describe(l.Name, l.ID))})
	}
	return keys, probs
}

// attributeTargets returns what an attribute's taxonomy term means.
func attributeTargets(m *Mapping, a *Attribute) ([]Target, error) {
	t := a.TaxonomyTerm
	if t == nil {
		if a.TaxonomyTermID == "" {
			return nil, errors.New("has no taxonomy term")
		}
		t = &TaxonomyTerm{ID: a.TaxonomyTermID}
	}
	targets, ok := m.Term(t)
	if !ok {
		return nil, fmt.Errorf("taxonomy term %s is not in the mapping (add a row taxonomy_term,MATCH,KIND:CODE or ignore)", termName(t))
	}
	return targets, nil
}

// termName names a term in messages: its name, code and id.
func termName(t *TaxonomyTerm) string {
	if t == nil {
		return "(none)"
	}
	s := describe(t.Name, t.ID)
	if t.Code != "" {
		s += fmt.Sprintf(" (code %q)", t.Code)
	}
	return s
}

// describe names an object in messages by its name and id.
func describe(name, id string) string {
	switch {
	case name != "" && id != "":
		return fmt.Sprintf("%q (id %s)", name, id)
	case name != "":
		return fmt.Sprintf("%q", name)
	}
	return fmt.Sprintf("with id %q", id)
}

// assuredDate reads an HSDS date (a day, or a date-time whose day is
// taken); "" is no date.
func assuredDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return s, true
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Format(time.DateOnly), true
	}
	return "", false
}

func setText(cells map[string]any, col, v string) {
	if v = strings.TrimSpace(v); v != "" {
		cells[col] = v
	}
}

func appendNew(list []any, v string) []any {
	if slices.Contains(list, any(v)) {
		return list
	}
	return append(list, v)
}

// orgRows are the organizations embedded in a file's services as rows of
// actors, each once, at the line of its first appearance. An actor is
// active where its services of the file are available, so the file is
// read whole before the first row.
type orgRows struct {
	s    *scanner
	rows []importer.Row
	next int
}

func openOrganizations(path string, m *Mapping) (importer.Rows, error) {
	s, err := openScanner(path)
	if err != nil {
		return nil, err
	}
	r := &orgRows{s: s}
	if err := r.read(m); err != nil {
		_ = s.close()
		return nil, err
	}
	return r, nil
}

// read collects the organizations and the places of their services.
func (r *orgRows) read(m *Mapping) error {
	at := map[string]int{}
	for {
		rec, err := r.s.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if rec.service == nil || rec.service.Organization == nil {
			continue
		}
		o := rec.service.Organization
		i, seen := at[o.ID]
		if !seen || o.ID == "" {
			cells, probs := orgRow(m, o)
			i = len(r.rows)
			if o.ID != "" {
				at[o.ID] = i
			}
			r.rows = append(r.rows, importer.Row{Line: rec.lineOf("organization"), Cells: cells, Problems: probs})
		}
		places, _ := servicePlaces(m, rec.service)
		cells := r.rows[i].Cells
		list, _ := cells["neighbourhoods"].([]any)
		for _, p := range places {
			list = appendNew(list, p.(string))
		}
		cells["neighbourhoods"] = list
	}
}

func (r *orgRows) Next() (importer.Row, error) {
	if r.next >= len(r.rows) {
		return importer.Row{}, io.EOF
	}
	r.next++
	return r.rows[r.next-1], nil
}

func (r *orgRows) Offset() int64 {
	if len(r.rows) == 0 {
		return r.s.offset()
	}
	return r.s.offset() * int64(r.next) / int64(len(r.rows))
}

func (r *orgRows) Close() error { return r.s.close() }

// orgRow translates an organization into the cells of an actors row.
func orgRow(m *Mapping, o *Organization) (map[string]any, []importer.Problem) {
	var probs []importer.Problem
	cells := map[string]any{"key": o.ID, "name": o.Name, "source": source}
	setText(cells, "description", o.Description)
	setText(cells, "email", o.Email)
	setText(cells, "website", o.Website)
	// The organization's own number, not a contact point's (written
	// with a description, see contactPhones).
	for _, p := range o.Phones {
		if strings.TrimSpace(p.Number) != "" && p.Description == "" {
			setText(cells, "phone", p.Number)
			break
		}
	}
	found := map[TargetKind][]string{}
	for i, a := range o.Attributes {
		targets, err := attributeTargets(m, &a)
		if err != nil {
			probs = append(probs, importer.Problem{Column: fmt.Sprintf("organization.attributes[%d]", i), Reason: err.Error()})
			continue
		}
		for _, t := range targets {
			switch t.Kind {
			case Kind, Sector:
				if !slices.Contains(found[t.Kind], t.Code) {
					found[t.Kind] = append(found[t.Kind], t.Code)
				}
			case TargetGroup, Topic:
				// What an organization works on is said by its services.
			}
		}
	}
	for _, k := range []TargetKind{Kind, Sector} {
		codes := found[k]
		switch {
		case len(codes) == 1:
			cells[string(k)] = codes[0]
		case len(codes) > 1:
			probs = append(probs, importer.Problem{Column: "organization.attributes",
				Reason: fmt.Sprintf("taxonomy terms map to the %ss %s; an actor has one", k, strings.Join(codes, " and "))})
		default:
			if d, ok := m.OrganizationDefault(k); ok {
				cells[string(k)] = d
			} else {
				probs = append(probs, importer.Problem{Column: "organization.attributes",
					Reason: fmt.Sprintf("no taxonomy term maps to a %s, and the mapping gives no default (a row organization,*,%s:…)", k, k)})
			}
		}
	}
	return cells, probs
}
