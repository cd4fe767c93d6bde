package hsds

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/kiezgraph/kiezgraph/domain"
)

// TargetKind is what a taxonomy term maps to.
type TargetKind string

// What a taxonomy term can mean in kiezgraph.
const (
	// TargetGroup is a target group, by its code (CHILDREN_6_13).
	TargetGroup TargetKind = "targetGroup"
	// Topic is a topic (field of action), by its code (EDUCATION).
	Topic TargetKind = "topic"
	// Kind is an actor kind (SCHOOL), for terms of organizations.
	Kind TargetKind = "kind"
	// Sector is an actor sector (PUBLIC), for terms of organizations.
	Sector TargetKind = "sector"
	// Ignore marks a term as mapped to nothing, so that it is no error.
	Ignore TargetKind = "ignore"
)

// Target is a kiezgraph meaning of a taxonomy term: a kind and a code,
// written KIND:CODE (targetGroup:CHILDREN_6_13), or "ignore".
type Target struct {
	Kind TargetKind
	Code string
}

// String is the written form, KIND:CODE or ignore.
func (t Target) String() string {
	if t.Kind == Ignore {
		return string(Ignore)
	}
	return string(t.Kind) + ":" + t.Code
}

// ParseTarget reads KIND:CODE or "ignore"; codes are upper-cased.
func ParseTarget(s string) (Target, error) {
	s = strings.TrimSpace(s)
	if s == string(Ignore) {
		return Target{Kind: Ignore}, nil
	}
	k, code, ok := strings.Cut(s, ":")
	t := Target{Kind: TargetKind(k), Code: strings.ToUpper(strings.TrimSpace(code))}
	if !ok || t.Code == "" {
		return t, fmt.Errorf("%q is not KIND:CODE or ignore (e.g. targetGroup:CHILDREN_6_13, topic:EDUCATION, kind:SCHOOL, sector:PUBLIC)", s)
	}
	switch t.Kind {
	case TargetGroup, Topic:
	case Kind:
		if !domain.Valid(domain.ActorKind(t.Code)) {
			return t, fmt.Errorf("%q is not an actor kind (one of %v)", code, domain.ActorKinds)
		}
	case Sector:
		if !domain.Valid(domain.Sector(t.Code)) {
			return t, fmt.Errorf("%q is not a sector (one of %v)", code, domain.Sectors)
		}
	default:
		return t, fmt.Errorf("%q: the kind must be targetGroup, topic, kind or sector", s)
	}
	return t, nil
}

// The kinds of rows of a mapping file: what HSDS object a row maps.
const (
	mapTerm         = "taxonomy_term"
	mapServiceArea  = "service_area"
	mapLocation     = "location"
	mapOrganization = "organization"
)

// Mapping says what HSDS's taxonomy terms, service areas and locations
// mean in kiezgraph. The zero Mapping maps only what kiezgraph's own
// exports write (see Term, Area).
type Mapping struct {
	terms     map[string][]Target
	areas     map[string]string
	locations map[string]string
	// orgDefaults are the kind and sector of organizations none of whose
	// terms says them.
	orgDefaults []Target
}

// fold is how mapping keys are compared: trimmed, case-insensitive.
func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// MappingColumns are the columns of a mapping file, in order.
var MappingColumns = []string{"hsds", "match", "kiezgraph"}

// ReadMappingFile reads a mapping file (see ReadMapping); errors are
// listed one a line as FILE:LINE: COLUMN: REASON.
func ReadMappingFile(path string) (*Mapping, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	m, err := ReadMapping(f)
	if err != nil {
		lines := strings.Split(err.Error(), "\n")
		for i := range lines {
			lines[i] = path + ":" + lines[i]
		}
		return nil, errors.New(strings.Join(lines, "\n"))
	}
	return m, nil
}

// ReadMapping reads a mapping: CSV with the header hsds,match,kiezgraph
// and one row per meaning. hsds is what the row maps:
//
//   - taxonomy_term: match is a term's id, code or name; kiezgraph is
//     targetGroup:CODE, topic:CODE, kind:KIND, sector:SECTOR or ignore.
//     A term may have several rows.
//   - service_area: match is an area's id, uri or name; kiezgraph is the
//     key of a neighbourhood.
//   - location: match is a location's id, name or the postal code of one
//     of its addresses; kiezgraph is the key of a neighbourhood.
//   - organization: match is *; kiezgraph is the kind:KIND or
//     sector:SECTOR of organizations whose terms say none.
//
// Matches are compared trimmed and case-insensitively. Errors name the
// line, as ":LINE: COLUMN: REASON" to follow the file name.
func ReadMapping(r io.Reader) (*Mapping, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	m := &Mapping{terms: map[string][]Target{}, areas: map[string]string{}, locations: map[string]string{}}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("1: the mapping is empty; it starts with the header hsds,match,kiezgraph")
	}
	if err != nil {
		return nil, fmt.Errorf("1: %w", err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff"))
	}
	if !slices.Equal(header, MappingColumns) {
		return nil, fmt.Errorf("1: the header is %q, want hsds,match,kiezgraph", strings.Join(header, ","))
	}
	var probs []string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("%d: %w", line, err)
		}
		if len(rec) != 3 {
			probs = append(probs, fmt.Sprintf("%d: has %d cells, want 3", line, len(rec)))
			continue
		}
		if err := m.add(rec[0], rec[1], rec[2]); err != nil {
			probs = append(probs, fmt.Sprintf("%d: %v", line, err))
		}
	}
	if len(probs) > 0 {
		return nil, errors.New(strings.Join(probs, "\n"))
	}
	return m, nil
}

// add adds a row of a mapping file.
func (m *Mapping) add(what, match, to string) error {
	match, to = strings.TrimSpace(match), strings.TrimSpace(to)
	if match == "" {
		return errors.New("match: is required")
	}
	if to == "" {
		return errors.New("kiezgraph: is required")
	}
	switch strings.TrimSpace(what) {
	case mapTerm:
		t, err := ParseTarget(to)
		if err != nil {
			return fmt.Errorf("kiezgraph: %w", err)
		}
		k := fold(match)
		if !slices.Contains(m.terms[k], t) {
			m.terms[k] = append(m.terms[k], t)
		}
	case mapServiceArea, mapLocation:
		places := m.areas
		if strings.TrimSpace(what) == mapLocation {
			places = m.locations
		}
		k := fold(match)
		if prev, ok := places[k]; ok && prev != to {
			return fmt.Errorf("match: %q is mapped to %q already", match, prev)
		}
		places[k] = to
	case mapOrganization:
		if match != "*" {
			return fmt.Errorf("match: organization rows match every organization: write *, not %q", match)
		}
		t, err := ParseTarget(to)
		if err != nil || (t.Kind != Kind && t.Kind != Sector) {
			return fmt.Errorf("kiezgraph: %q is not kind:KIND or sector:SECTOR", to)
		}
		for _, d := range m.orgDefaults {
			if d.Kind == t.Kind && d != t {
				return fmt.Errorf("kiezgraph: the default %s is %s already", t.Kind, d)
			}
		}
		m.orgDefaults = append(m.orgDefaults, t)
	default:
		return fmt.Errorf("hsds: %q is not taxonomy_term, service_area, location or organization", what)
	}
	return nil
}

// Term returns what a taxonomy term means: the terms of kiezgraph's own
// taxonomy (as exports write them) by their code, others by their id,
// code or name in the mapping, in that order. ok is false when the
// mapping does not know the term.
func (m *Mapping) Term(t *TaxonomyTerm) (targets []Target, ok bool) {
	if isOwnTerm(t) {
		if tg, err := ParseTarget(t.Code); err == nil && tg.Kind != Ignore {
			return []Target{tg}, true
		}
	}
	if m == nil {
		return nil, false
	}
	for _, k := range []string{t.ID, t.Code, t.Name} {
		if k == "" {
			continue
		}
		if ts, ok := m.terms[fold(k)]; ok {
			return ts, true
		}
	}
	return nil, false
}

// Area returns the key of the neighbourhood a service area is: from the
// uri kiezgraph's exports write (see AreaURI), else by the area's id, uri
// or name in the mapping.
func (m *Mapping) Area(a *ServiceArea) (key string, ok bool) {
	if k, ok := strings.CutPrefix(a.URI, areaURIPrefix); ok {
		if key, err := url.PathUnescape(k); err == nil && key != "" {
			return key, true
		}
	}
	if m == nil {
		return "", false
	}
	for _, k := range []string{a.ID, a.URI, a.Name} {
		if k == "" {
			continue
		}
		if key, ok := m.areas[fold(k)]; ok {
			return key, true
		}
	}
	return "", false
}

// Location returns the key of the neighbourhood a location lies in: by
// its id, name or the postal code of one of its addresses.
func (m *Mapping) Location(l *Location) (key string, ok bool) {
	if m == nil {
		return "", false
	}
	keys := []string{l.ID, l.Name}
	for _, a := range l.Addresses {
		keys = append(keys, a.PostalCode)
	}
	for _, k := range keys {
		if k == "" {
			continue
		}
		if key, ok := m.locations[fold(k)]; ok {
			return key, true
		}
	}
	return "", false
}

// OrganizationDefault returns the default kind or sector of
// organizations, if the mapping gives one.
func (m *Mapping) OrganizationDefault(k TargetKind) (string, bool) {
	if m == nil {
		return "", false
	}
	for _, d := range m.orgDefaults {
		if d.Kind == k {
			return d.Code, true
		}
	}
	return "", false
}
