package seed

import (
	"strings"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// stampMeta fills every record's provenance: an external key derived from
// its id ("demo:act:gs-am-lindenpark"), its source, and the day it was
// last confirmed. About one record in eight, chosen at random, was last
// confirmed before StaleBefore and is stale; vocabulary and places were
// confirmed with the latest monitoring.
func (b *builder) stampMeta() {
	ds := b.ds
	stamp := func(recID string, m *domain.Meta, source string, from *time.Time, random bool) {
		prefix, slug, _ := strings.Cut(recID, "_")
		m.ExternalKey = ptr("demo:" + prefix + ":" + slug)
		m.Source = ptr(source)
		confirmed := day(2025, 12, 1)
		if random {
			if b.rng.IntN(8) == 0 {
				confirmed = b.randomDay(day(2023, 1, 15), day(2025, 10, 15))
			} else {
				confirmed = b.randomDay(day(2025, 11, 3), day(2026, 11, 20))
			}
			if from != nil && from.After(confirmed) && !from.After(refDay) {
				confirmed = b.randomDay(later(*from, day(2025, 11, 3)), refDay)
			}
		}
		m.LastConfirmed = &confirmed
	}
	const survey = "Demo city survey 2024"
	for i := range ds.TargetGroups {
		stamp(ds.TargetGroups[i].ID, &ds.TargetGroups[i].Meta, "kiezgraph vocabulary", nil, false)
	}
	for i := range ds.Topics {
		stamp(ds.Topics[i].ID, &ds.Topics[i].Meta, "kiezgraph vocabulary", nil, false)
	}
	for i := range ds.Neighbourhoods {
		stamp(ds.Neighbourhoods[i].ID, &ds.Neighbourhoods[i].Meta, "Amt für Statistik Lindenbrück, MSS 2023", nil, false)
	}
	for i := range ds.Actors {
		stamp(ds.Actors[i].ID, &ds.Actors[i].Meta, survey, ds.Actors[i].ValidFrom, true)
	}
	for i := range ds.People {
		stamp(ds.People[i].ID, &ds.People[i].Meta, survey, nil, true)
	}
	for i := range ds.Roles {
		stamp(ds.Roles[i].ID, &ds.Roles[i].Meta, survey, ds.Roles[i].ValidFrom, true)
	}
	for i := range ds.Services {
		stamp(ds.Services[i].ID, &ds.Services[i].Meta, survey, ds.Services[i].ValidFrom, true)
	}
	for i := range ds.Needs {
		stamp(ds.Needs[i].ID, &ds.Needs[i].Meta, "Sozialraumbericht Lindenbrück 2024", ds.Needs[i].ValidFrom, true)
	}
	for i := range ds.Cooperations {
		stamp(ds.Cooperations[i].ID, &ds.Cooperations[i].Meta, survey, ds.Cooperations[i].ValidFrom, true)
	}
	for i := range ds.Networks {
		stamp(ds.Networks[i].ID, &ds.Networks[i].Meta, "Netzwerkverzeichnis Lindenbrück 2024", ds.Networks[i].ValidFrom, true)
	}
	for i := range ds.Memberships {
		stamp(ds.Memberships[i].ID, &ds.Memberships[i].Meta, "Netzwerkverzeichnis Lindenbrück 2024", ds.Memberships[i].ValidFrom, true)
	}
	for i := range ds.Events {
		stamp(ds.Events[i].ID, &ds.Events[i].Meta, "Netzwerkverzeichnis Lindenbrück 2024", &ds.Events[i].Date, true)
	}
}

// randomDay returns a uniformly chosen day between lo and hi inclusive.
func (b *builder) randomDay(lo, hi time.Time) time.Time {
	return lo.AddDate(0, 0, b.rng.IntN(int(hi.Sub(lo).Hours()/24)+1))
}
