package server_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/seed"
)

// TestServiceLifecycle moves a service to another provider and replaces
// its target groups, topics and neighbourhoods.
func TestServiceLifecycle(t *testing.T) {
	needNeo4j(t)
	actorA, actorB := newActor(t, "Lernwerkstatt e.V.", nbhLindenpark), newActor(t, "Kulturhaus", nbhHafenviertel)
	const sel = `service { id name description keywords validFrom validTo externalKey source lastConfirmed
	  provider { id } targetGroups { id } topics { id } neighbourhoods { id } }`
	key := "e2e:" + uniq("service")
	s := get(mutate(t, "createService", "CreateServiceInput", map[string]any{
		"name": "E2E Hausaufgabenhilfe Lindenpark", "description": "Montags bis donnerstags", "keywords": []string{"Hausaufgaben", "Schüler"},
		"provider": actorA, "targetGroups": []string{tgChildren}, "topics": []string{topEducation},
		"neighbourhoods": []string{nbhLindenpark}, "validFrom": "2024-09-01", "externalKey": key,
		"record": map[string]any{"source": "e2e test", "lastConfirmed": "2026-05-05"},
	}, sel), "service")
	id := str(get(s, "id"))
	cleanup(t, "deleteService", id)
	if !strings.HasPrefix(id, "svc_") || get(s, "provider", "id") != actorA || !slices.Equal(idsOf(get(s, "targetGroups")), []string{tgChildren}) ||
		!slices.Equal(idsOf(get(s, "neighbourhoods")), []string{nbhLindenpark}) || count(get(s, "keywords")) != 2 || get(s, "validTo") != nil {
		t.Fatalf("created service = %v", s)
	}
	const read = `query($id: ID!, $a: ID!, $b: ID!) {
	  service(id: $id) { id name provider { id } }
	  node(id: $id) { __typename id ... on Service { name topics { id } } }
	  a: actor(id: $a) { services { edges { node { id } } } }
	  b: actor(id: $b) { services { edges { node { id } } } } }`
	r := mustPost(t, read, map[string]any{"id": id, "a": actorA, "b": actorB})
	if get(r, "service", "id") != id || get(r, "node", "__typename") != "Service" || !slices.Equal(idsOf(get(r, "node", "topics")), []string{topEducation}) {
		t.Errorf("read service = %v", r)
	}
	if !slices.Equal(nodeIDs(get(r, "a", "services")), []string{id}) || count(get(r, "b", "services", "edges")) != 0 {
		t.Errorf("services of A = %v, of B = %v", nodeIDs(get(r, "a", "services")), nodeIDs(get(r, "b", "services")))
	}

	// Move it: provider and every list replace; null clears the description.
	s = get(mutate(t, "updateService", "UpdateServiceInput", map[string]any{
		"id": id, "provider": actorB, "targetGroups": []string{tgAdolescents, tgFamilies}, "topics": []string{topCulture},
		"neighbourhoods": []string{nbhHafenviertel, nbhMitte}, "description": nil,
	}, sel), "service")
	if get(s, "provider", "id") != actorB || !sameSet(idsOf(get(s, "targetGroups")), []string{tgAdolescents, tgFamilies}) ||
		!sameSet(idsOf(get(s, "topics")), []string{topCulture}) || !sameSet(idsOf(get(s, "neighbourhoods")), []string{nbhHafenviertel, nbhMitte}) ||
		get(s, "description") != nil || get(s, "name") != "E2E Hausaufgabenhilfe Lindenpark" || count(get(s, "keywords")) != 2 ||
		get(s, "validFrom") != "2024-09-01" || get(s, "externalKey") != key || get(s, "lastConfirmed") != "2026-05-05" {
		t.Errorf("moved service = %v", s)
	}
	r = mustPost(t, read, map[string]any{"id": id, "a": actorA, "b": actorB})
	if count(get(r, "a", "services", "edges")) != 0 || !slices.Equal(nodeIDs(get(r, "b", "services")), []string{id}) {
		t.Errorf("after the move: services of A = %v, of B = %v", nodeIDs(get(r, "a", "services")), nodeIDs(get(r, "b", "services")))
	}
	for _, tc := range []struct {
		filter map[string]any
		want   bool
	}{
		{map[string]any{"provider": actorA}, false},
		{map[string]any{"provider": actorB}, true},
		{map[string]any{"provider": actorB, "targetGroup": tgChildren}, false},
		{map[string]any{"provider": actorB, "targetGroup": tgFamilies, "topic": topCulture}, true},
		{map[string]any{"provider": actorB, "topic": topEducation}, false},
		{map[string]any{"provider": actorB, "neighbourhood": nbhLindenpark}, false},
		{map[string]any{"provider": actorB, "neighbourhood": nbhBahnhofsviertel}, true}, // available in its district
	} {
		r := mustPost(t, `query($f: ServiceFilter) { services(first: 100, filter: $f) { edges { node { id } } } }`, map[string]any{"f": tc.filter})
		if got := slices.Contains(nodeIDs(get(r, "services")), id); got != tc.want {
			t.Errorf("services(filter: %v) lists the moved service: %v, want %v", tc.filter, got, tc.want)
		}
	}
	s = get(mutate(t, "updateService", "UpdateServiceInput", map[string]any{"id": id, "keywords": nil, "validTo": "2026-12-31", "name": "E2E Kulturwerkstatt"}, sel), "service")
	if count(get(s, "keywords")) != 0 || get(s, "validTo") != "2026-12-31" || get(s, "name") != "E2E Kulturwerkstatt" || count(get(s, "targetGroups")) != 2 {
		t.Errorf("service after keywords: null = %v", s)
	}
	mutateErr(t, "updateService", "UpdateServiceInput", map[string]any{"id": id, "targetGroups": []string{}}, "BAD_USER_INPUT", "input.targetGroups")
	mutateErr(t, "updateService", "UpdateServiceInput", map[string]any{"id": id, "neighbourhoods": nil}, "BAD_USER_INPUT", "input.neighbourhoods")
	mutateErr(t, "updateService", "UpdateServiceInput", map[string]any{"id": id, "provider": nil}, "BAD_USER_INPUT", "input.provider")
	mutateErr(t, "updateService", "UpdateServiceInput", map[string]any{"id": id, "topics": []string{"top_" + uniq("nope")}}, "BAD_USER_INPUT", "input.topics")
	mutateErr(t, "updateService", "UpdateServiceInput", map[string]any{"id": id, "validFrom": "2027-01-01"}, "BAD_USER_INPUT", "input.validTo")

	if effects := remove(t, "deleteService", id); len(effects) != 0 {
		t.Errorf("deleteService effects = %v", effects)
	}
	r = mustPost(t, read, map[string]any{"id": id, "a": actorA, "b": actorB})
	if r["service"] != nil || r["node"] != nil || count(get(r, "b", "services", "edges")) != 0 {
		t.Errorf("after deleteService: %v", r)
	}
	removeErr(t, "deleteService", id, "NOT_FOUND")
}

// TestNeedLifecycle records a need with evidence, finds the services
// covering it, clears and replaces its evidence and deletes it.
func TestNeedLifecycle(t *testing.T) {
	needNeo4j(t)
	tg, topic := newVocabulary(t, "TargetGroup"), newVocabulary(t, "Topic")
	provider := newActor(t, "Familienzentrum", nbhLindenpark)
	const sel = `need { id severity description validFrom validTo externalKey source
	  targetGroup { id } topic { id } neighbourhood { id } evidence { indicator value unit year source } }`
	key := "e2e:" + uniq("need")
	n := get(mutate(t, "createNeed", "CreateNeedInput", map[string]any{
		"targetGroup": tg, "topic": topic, "neighbourhood": nbhLindenpark, "severity": "HIGH", "description": "Hoher Bedarf",
		"evidence":  map[string]any{"indicator": "child poverty", "value": 52.3, "unit": "%", "year": 2023, "source": "MSS 2023"},
		"validFrom": "2024-01-01", "externalKey": key,
	}, sel), "need")
	id := str(get(n, "id"))
	cleanup(t, "deleteNeed", id)
	if !strings.HasPrefix(id, "ned_") || get(n, "targetGroup", "id") != tg || get(n, "topic", "id") != topic ||
		get(n, "neighbourhood", "id") != nbhLindenpark || get(n, "evidence", "value") != 52.3 || num(get(n, "evidence", "year")) != 2023 {
		t.Fatalf("created need = %v", n)
	}
	const read = `query($id: ID!, $day: Date) {
	  need(id: $id) { id severity coveringServices(asOf: $day) { id } }
	  node(id: $id) { __typename id ... on Need { severity evidence { indicator } } } }`
	r := mustPost(t, read, map[string]any{"id": id, "day": seed.ReferenceDay})
	if get(r, "need", "severity") != "HIGH" || get(r, "node", "__typename") != "Need" || get(r, "node", "evidence", "indicator") != "child poverty" {
		t.Errorf("read need = %v", r)
	}
	if n := count(get(r, "need", "coveringServices")); n != 0 {
		t.Errorf("need of a fresh target group is covered by %d services", n)
	}
	// Services that reach the quarter cover it: in the district, in the
	// quarter; a sibling quarter, another topic or an ended service do not.
	inDistrict := newService(t, provider, tg, topic, nbhNord, nil)
	inQuarter := newService(t, provider, tg, topic, nbhLindenpark, nil)
	newService(t, provider, tg, topic, nbhHafenviertel, nil)
	newService(t, provider, tg, topEducation, nbhLindenpark, nil)
	newService(t, provider, tg, topic, nbhLindenpark, map[string]any{"validFrom": "2020-01-01", "validTo": "2021-12-31"})
	r = mustPost(t, read, map[string]any{"id": id, "day": seed.ReferenceDay})
	if got := idsOf(get(r, "need", "coveringServices")); !sameSet(got, []string{inDistrict, inQuarter}) {
		t.Errorf("coveringServices = %v, want [%s %s]", got, inDistrict, inQuarter)
	}

	n = get(mutate(t, "updateNeed", "UpdateNeedInput", map[string]any{"id": id, "evidence": nil, "severity": "CRITICAL"}, sel), "need")
	if get(n, "evidence") != nil || get(n, "severity") != "CRITICAL" || get(n, "description") != "Hoher Bedarf" ||
		get(n, "validFrom") != "2024-01-01" || get(n, "externalKey") != key || get(n, "neighbourhood", "id") != nbhLindenpark {
		t.Errorf("need after evidence: null = %v", n)
	}
	n = get(mutate(t, "updateNeed", "UpdateNeedInput", map[string]any{"id": id, "evidence": map[string]any{"indicator": "unemployment", "year": 2024}, "description": nil}, sel), "need")
	if get(n, "evidence", "indicator") != "unemployment" || get(n, "evidence", "value") != nil || get(n, "evidence", "source") != nil ||
		num(get(n, "evidence", "year")) != 2024 || get(n, "description") != nil || get(n, "severity") != "CRITICAL" {
		t.Errorf("need with new evidence = %v", n)
	}
	mutateErr(t, "updateNeed", "UpdateNeedInput", map[string]any{"id": id, "severity": nil}, "BAD_USER_INPUT", "input.severity")
	mutateErr(t, "updateNeed", "UpdateNeedInput", map[string]any{"id": id, "evidence": map[string]any{"indicator": "x", "year": 1800}}, "BAD_USER_INPUT", "input.evidence.year")
	mutateErr(t, "updateNeed", "UpdateNeedInput", map[string]any{"id": id, "validTo": "2023-12-31"}, "BAD_USER_INPUT", "input.validTo")
	r = mustPost(t, `query($tg: ID) { needs(first: 100, filter: {minSeverity: CRITICAL, neighbourhood: "nbh_nord", targetGroup: $tg}) { edges { node { id } } } }`, map[string]any{"tg": tg})
	if got := nodeIDs(get(r, "needs")); !slices.Equal(got, []string{id}) {
		t.Errorf("needs(filter: {minSeverity: CRITICAL, neighbourhood: Nord, targetGroup}) = %v", got)
	}

	if effects := remove(t, "deleteNeed", id); len(effects) != 0 {
		t.Errorf("deleteNeed effects = %v", effects)
	}
	r = mustPost(t, read, map[string]any{"id": id, "day": seed.ReferenceDay})
	if r["need"] != nil || r["node"] != nil {
		t.Errorf("after deleteNeed: %v", r)
	}
	removeErr(t, "deleteNeed", id, "NOT_FOUND")
}

// partnersOf returns the partner ids and cooperation ids of an actor on a day.
func partnersOf(t *testing.T, actor, day string, kinds ...string) (partners, coops []string) {
	t.Helper()
	vars := map[string]any{"id": actor, "day": day}
	if kinds != nil {
		vars["kinds"] = kinds
	}
	d := mustPost(t, `query($id: ID!, $day: Date, $kinds: [CooperationKind!]) { actor(id: $id) {
	  partners(asOf: $day, kinds: $kinds, first: 100) { totalCount edges { node { id } cooperation { id } } } } }`, vars)
	conn := get(d, "actor", "partners")
	for i := 0; i < count(get(conn, "edges")); i++ {
		partners = append(partners, str(get(conn, "edges", i, "node", "id")))
		coops = append(coops, str(get(conn, "edges", i, "cooperation", "id")))
	}
	if num(get(conn, "totalCount")) != len(coops) {
		t.Errorf("partners of %s: totalCount %v for %d edges", actor, get(conn, "totalCount"), len(coops))
	}
	return partners, coops
}
