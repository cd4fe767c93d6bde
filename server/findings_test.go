package server_test

import (
	"testing"

	"github.com/kiezgraph/kiezgraph/seed"
)

// The demo city holds findings on purpose; these tests ask for them the
// way a coordinator would.

func TestSeniorGapHasNoCoveringService(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `query($id: ID!, $day: Date, $before: Date) { need(id: $id) {
	  severity targetGroup { code } neighbourhood { id }
	  now: coveringServices(asOf: $day) { id }
	  before: coveringServices(asOf: $before) { id } } }`,
		map[string]any{"id": seed.SeniorGapNeedID, "day": seed.ReferenceDay, "before": "2022-06-01"})
	n := get(d, "need")
	if get(n, "targetGroup", "code") != "SENIORS_65" || get(n, "neighbourhood", "id") != seed.SeniorGapQuarterID {
		t.Fatalf("need = %v", n)
	}
	if count(get(n, "now")) != 0 {
		t.Errorf("senior gap is covered on %s by %v", seed.ReferenceDay, get(n, "now"))
	}
	if count(get(n, "before")) == 0 {
		t.Error("senior need was covered in 2022 (before the seniors' club closed); no service found")
	}
	// The provider two quarters away offers it there.
	d = mustPost(t, `query($id: ID!) { service(id: $id) { provider { id } targetGroups { code } neighbourhoods { id } } }`,
		map[string]any{"id": seed.SeniorProviderServiceID})
	if get(d, "service", "provider", "id") != seed.SeniorProviderID {
		t.Errorf("senior provider service = %v", get(d, "service"))
	}
}

func TestUncoveredNeedsToday(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `query($day: Date) { needs(first: 100, filter: {asOf: $day}) { totalCount
	  edges { node { id coveringServices(asOf: $day) { id } } } } }`, map[string]any{"day": seed.ReferenceDay})
	gaps := map[string]bool{}
	edges := get(d, "needs", "edges")
	for i := 0; i < count(edges); i++ {
		if count(get(edges, i, "node", "coveringServices")) == 0 {
			gaps[get(edges, i, "node", "id").(string)] = true
		}
	}
	for _, id := range []string{seed.SeniorGapNeedID, seed.GapYoungAdultsHousingID, seed.GapSingleParentsEmploymentID,
		seed.GapChildrenLanguageID, seed.GapRefugeesLanguageID, seed.GapMigrationLanguageID} {
		if !gaps[id] {
			t.Errorf("need %s should be uncovered on %s", id, seed.ReferenceDay)
		}
	}
	if len(gaps) != 6 {
		t.Errorf("%d uncovered needs, want the 6 designed gaps: %v", len(gaps), gaps)
	}
}

func TestOverlapProvidersDoNotCooperate(t *testing.T) {
	needNeo4j(t)
	ids := []string{seed.OverlapServiceAID, seed.OverlapServiceBID, seed.OverlapServiceCID}
	d := mustPost(t, `query($ids: [ID!]!, $day: Date) { nodes(ids: $ids) { ... on Service {
	  provider { id partners(asOf: $day, first: 100) { edges { node { id } } } } } } }`,
		map[string]any{"ids": ids, "day": seed.ReferenceDay})
	providers := map[string]map[string]bool{}
	for i := range ids {
		p := get(d, "nodes", i, "provider")
		partners := map[string]bool{}
		for j := 0; j < count(get(p, "partners", "edges")); j++ {
			partners[get(p, "partners", "edges", j, "node", "id").(string)] = true
		}
		providers[get(p, "id").(string)] = partners
	}
	if len(providers) != 3 {
		t.Fatalf("want 3 distinct providers, got %d", len(providers))
	}
	for a, partners := range providers {
		for b := range providers {
			if partners[b] {
				t.Errorf("providers %s and %s cooperate; the overlap should be uncoordinated", a, b)
			}
		}
	}
}

func TestKeyActorLostWhenFundingEnded(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `query($id: ID!, $then: Date, $now: Date) { actor(id: $id) { name validTo
	  then: partners(asOf: $then, first: 0) { totalCount }
	  now: partners(asOf: $now, first: 0) { totalCount } } }`,
		map[string]any{"id": seed.LostKeyActorID, "then": seed.KeyActorCentralDay, "now": seed.ReferenceDay})
	a := get(d, "actor")
	if then := get(a, "then", "totalCount").(float64); then < 10 {
		t.Errorf("key actor had %v partners on %s, want many", then, seed.KeyActorCentralDay)
	}
	if now := get(a, "now", "totalCount").(float64); now != 0 {
		t.Errorf("key actor has %v partners today, want none", now)
	}
	// The network that grew has more members now than in its early years.
	d = mustPost(t, `query($id: ID!) { network(id: $id) {
	  early: memberships(asOf: "2016-12-31", first: 0) { totalCount }
	  now: memberships(asOf: "2026-11-25", first: 0) { totalCount } } }`, map[string]any{"id": seed.GrowingNetworkID})
	if e, n := get(d, "network", "early", "totalCount").(float64), get(d, "network", "now", "totalCount").(float64); e >= n || n < 15 {
		t.Errorf("growing network: %v members in 2016, %v now", e, n)
	}
}

func TestBrokerSchoolBridgesYouthOfficeAndMigrantOrganisations(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `query($id: ID!, $day: Date) { actor(id: $id) { __typename kind
	  partners(asOf: $day, first: 100) { edges { node { id } } } } }`,
		map[string]any{"id": seed.BrokerSchoolID, "day": seed.ReferenceDay})
	partners := map[string]bool{}
	for i := 0; i < count(get(d, "actor", "partners", "edges")); i++ {
		partners[get(d, "actor", "partners", "edges", i, "node", "id").(string)] = true
	}
	if get(d, "actor", "__typename") != "Institution" || !partners[seed.BrokerYouthOfficeID] {
		t.Errorf("broker school %v should be an institution linked to the youth office", get(d, "actor"))
	}
	linked := 0
	for _, m := range []string{seed.MigrantOrgKoepruID, seed.MigrantOrgAlNurID, seed.MigrantOrgUkraineID} {
		if partners[m] {
			linked++
		}
	}
	if linked == 0 {
		t.Error("broker school is linked to none of the migrant organisations")
	}
}
