package confinement_test

import (
	"slices"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Quarters the fixtures are tied to: one of the caller's district (Nord)
// and one of another (Mitte).
const (
	quarterNord  = "nbh_lindenpark"
	quarterMitte = "nbh_altstadt"
)

// Fixtures the demo city may lack, so that every kind of target exists
// whatever the demo holds: place-less records, a Nord actor tied to Mitte
// in every way a cascade can reach, and records across both districts.
const (
	actorPlaceless   = "act_wc-ohne-ort"
	actorHub         = "act_wc-nord-knoten" // Nord, with ties into Mitte
	actorBoth        = "act_wc-nord-und-mitte"
	networkPlaceless = "net_wc-ohne-ort"
	networkNordOpen  = "net_wc-nord-mit-gast" // covers Nord, a Mitte member
	networkBoth      = "net_wc-nord-und-mitte"
	personRoleless   = "per_wc-ohne-rolle"
	personBoth       = "per_wc-nord-und-mitte"
	eventPlaceless   = "evt_wc-ohne-ort"
)

// addFixtures adds the fixtures to the demo city, cloned from its own
// records so that they are as complete as the demo's.
func addFixtures(ds *domain.Dataset) {
	district := map[string]string{} // quarter → district
	for _, n := range ds.Neighbourhoods {
		if n.ParentID != nil {
			district[n.ID] = *n.ParentID
		}
	}
	only := func(ids []string, d string) bool {
		return len(ids) > 0 && !slices.ContainsFunc(ids, func(q string) bool { return district[q] != d })
	}
	var mitteActor string
	for _, a := range ds.Actors {
		if only(a.NeighbourhoodIDs, "nbh_mitte") {
			mitteActor = a.ID
			break
		}
	}
	var mitteEvent string
	for _, e := range ds.Events {
		if e.NeighbourhoodID != nil && district[*e.NeighbourhoodID] == "nbh_mitte" {
			mitteEvent = e.ID
			break
		}
	}
	const mitteNetwork = "net_fruehe-hilfen-mitte"

	actor := func(id, name string, places ...string) {
		a := ds.Actors[0]
		a.ID, a.Name, a.ExternalKey, a.NeighbourhoodIDs = id, name, nil, places
		a.Keywords = slices.Clone(a.Keywords)
		ds.Actors = append(ds.Actors, a)
	}
	actor(actorPlaceless, "Stadtweiter Verein ohne Ort")
	actor(actorHub, "Nachbarschaftszentrum Lindenpark (Testknoten)", quarterNord)
	actor(actorBoth, "Träger in Nord und Mitte", quarterNord, quarterMitte)

	network := func(id, name string, places ...string) {
		n := ds.Networks[0]
		n.ID, n.Name, n.ExternalKey, n.NeighbourhoodIDs = id, name, nil, places
		ds.Networks = append(ds.Networks, n)
	}
	network(networkPlaceless, "Netzwerk ohne Ort")
	network(networkNordOpen, "Runde Lindenpark mit Gast", quarterNord)
	network(networkBoth, "Netzwerk Nord und Mitte", quarterNord, quarterMitte)

	member := func(id, actor, network string) {
		m := ds.Memberships[0]
		m.ID, m.ActorID, m.NetworkID, m.ExternalKey = id, actor, network, nil
		ds.Memberships = append(ds.Memberships, m)
	}
	member("mem_wc-knoten-in-mitte", actorHub, mitteNetwork)
	member("mem_wc-knoten-ohne-ort", actorHub, networkPlaceless)
	member("mem_wc-knoten-offen", actorHub, networkNordOpen)
	member("mem_wc-gast-offen", mitteActor, networkNordOpen)
	member("mem_wc-beide-beide", actorBoth, networkBoth)

	person := func(id, name string) {
		p := ds.People[0]
		p.ID, p.Name, p.Email, p.ExternalKey = id, name, nil, nil
		ds.People = append(ds.People, p)
	}
	person(personRoleless, "Ohne Rolle")
	person(personBoth, "In Nord und Mitte")
	role := func(id, person, actor string) {
		r := ds.Roles[0]
		r.ID, r.PersonID, r.ActorID, r.ExternalKey = id, person, actor, nil
		ds.Roles = append(ds.Roles, r)
	}
	role("rol_wc-beide-knoten", personBoth, actorHub)
	role("rol_wc-beide-mitte", personBoth, mitteActor)

	c := ds.Cooperations[0]
	c.ID, c.FromID, c.ToID, c.ExternalKey = "coo_wc-knoten-mitte", actorHub, mitteActor, nil
	ds.Cooperations = append(ds.Cooperations, c)

	s := ds.Services[0]
	s.ID, s.Name, s.ProviderID, s.ExternalKey = "svc_wc-knoten-in-mitte", "Beratung im Altstadt-Büro", actorHub, nil
	s.NeighbourhoodIDs = []string{quarterMitte}
	ds.Services = append(ds.Services, s)

	for i := range ds.Events {
		if ds.Events[i].ID == mitteEvent {
			ds.Events[i].ParticipantIDs = append(slices.Clone(ds.Events[i].ParticipantIDs), actorHub)
		}
	}
	e := ds.Events[0]
	e.ID, e.Name, e.ExternalKey = eventPlaceless, "Treffen ohne Ort", nil
	e.OrganiserID, e.NeighbourhoodID, e.NetworkID, e.ParticipantIDs = nil, nil, nil, nil
	ds.Events = append(ds.Events, e)
}
