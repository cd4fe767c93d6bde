package hsds

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Locations in: HSDS services carry their places as service_at_locations
// with a location's latitude and longitude (WGS 84) and addresses. A
// location with a point needs no row in the mapping: kiezgraph places it
// in the quarter whose outline contains it. ServiceLocations reads them
// for the import to store after the services (see cmd/kiezgraph).

// ServiceLocations reads the located places of the services in the HSDS
// JSON files and table directories at paths, by service id (the
// service's external key in kiezgraph). Locations without both latitude
// and longitude are left out; a point that is not a WGS 84 position is
// an error naming the service.
func ServiceLocations(paths []string) (map[string][]domain.Location, error) {
	out := map[string][]domain.Location{}
	add := func(svc *Service) error {
		for _, sal := range svc.ServiceAtLocations {
			l := sal.Location
			if l == nil || l.Latitude == nil || l.Longitude == nil {
				continue
			}
			if err := domain.CheckPoint(*l.Latitude, *l.Longitude); err != nil {
				return fmt.Errorf("service %s: location %s: %w", svc.ID, describe(l.Name, l.ID), err)
			}
			loc := domain.Location{
				// One location per service and place: HSDS shares a
				// location between services, kiezgraph's belong to one.
				ID:   "loc_" + UUID(svc.ID+"@"+l.ID),
				Name: nonEmpty(l.Name), Latitude: *l.Latitude, Longitude: *l.Longitude,
			}
			if len(l.Addresses) > 0 {
				a := l.Addresses[0]
				loc.Address, loc.City, loc.Postcode = nonEmpty(a.Address1), nonEmpty(a.City), nonEmpty(a.PostalCode)
			}
			out[svc.ID] = append(out[svc.ID], loc)
		}
		return nil
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		switch {
		case info.IsDir() && isTabular(p):
			err = tabularLocations(p, add)
		case info.IsDir():
			files, derr := jsonFilesIn(p)
			for _, f := range files {
				if derr == nil {
					derr = jsonLocations(f, add)
				}
			}
			err = derr
		default:
			err = jsonLocations(p, add)
		}
		if err != nil {
			return nil, fmt.Errorf("hsds: locations of %s: %w", p, err)
		}
	}
	for k := range out {
		slices.SortFunc(out[k], func(a, b domain.Location) int { return strings.Compare(a.ID, b.ID) })
	}
	return out, nil
}

func jsonLocations(path string, add func(*Service) error) error {
	s, err := openScanner(path)
	if err != nil {
		return err
	}
	defer func() { _ = s.close() }()
	for {
		rec, err := s.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if rec.err == nil {
			if err := add(rec.service); err != nil {
				return fmt.Errorf("line %d: %w", rec.line, err)
			}
		}
	}
}

func tabularLocations(dir string, add func(*Service) error) error {
	l, err := readLinks(dir)
	if err != nil {
		return err
	}
	return each(dir, "services.csv", func(t *table) error {
		svc, _ := l.service(t)
		if svc == nil {
			return nil
		}
		return add(svc)
	})
}

func nonEmpty(s string) *string {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	return &s
}

// coordinate reads a latitude or longitude cell of a table; empty is nil.
func coordinate(s string) *float64 {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return nil
	}
	return &f
}
