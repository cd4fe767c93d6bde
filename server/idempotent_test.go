package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// TestRetriedCreatesAreIdempotent: for every create, a retry with the
// same client-chosen id and the same input returns the record and writes
// nothing; another input under the id, or the same input from another
// caller, stays CONFLICT (issue 15).
func TestRetriedCreatesAreIdempotent(t *testing.T) {
	needNeo4j(t)
	actor := newActor(t, "Idempotent A", nbhLindenpark)
	other := newActor(t, "Idempotent B", nbhLindenpark)
	network := newNetwork(t, nbhLindenpark)
	person := str(get(mutate(t, "createPerson", "CreatePersonInput", map[string]any{
		"name": "E2E Idem Potent", "role": map[string]any{"actor": actor, "title": "Leitung"}}, "person { id }"), "person", "id"))
	cleanup(t, "deletePerson", person)
	code := func(what string) string { return strings.ToUpper(strings.ReplaceAll(uniq(what), "-", "_")) }

	for _, tc := range []struct {
		field, inputType, prefix, remove string
		input                            map[string]any
		// change names a field and another value for it.
		change string
		to     any
	}{
		{"createActor", "CreateActorInput", "act_", "deleteActor",
			map[string]any{"name": "E2E Wiederholt", "kind": "ASSOCIATION", "sector": "NON_PROFIT", "neighbourhoods": []string{nbhLindenpark}}, "name", "E2E Anders"},
		{"createService", "CreateServiceInput", "svc_", "deleteService",
			map[string]any{"name": "E2E Angebot", "provider": actor, "targetGroups": []string{tgChildren}, "topics": []string{topEducation}, "neighbourhoods": []string{nbhLindenpark}}, "name", "E2E Anders"},
		{"createNeed", "CreateNeedInput", "ned_", "deleteNeed",
			map[string]any{"targetGroup": tgChildren, "topic": topEducation, "neighbourhood": nbhLindenpark, "severity": "MEDIUM"}, "severity", "HIGH"},
		{"createPerson", "CreatePersonInput", "per_", "deletePerson",
			map[string]any{"name": "E2E Erika Wieder", "role": map[string]any{"actor": actor, "title": "Beratung"}}, "name", "E2E Erika Anders"},
		{"createNetwork", "CreateNetworkInput", "net_", "deleteNetwork",
			map[string]any{"name": "E2E Runder Tisch", "kind": "ROUND_TABLE", "neighbourhoods": []string{nbhLindenpark}}, "name", "E2E Anders"},
		{"createEvent", "CreateEventInput", "evt_", "deleteEvent",
			map[string]any{"name": "E2E Treffen", "kind": "WORKSHOP", "date": "2026-05-01", "neighbourhood": nbhLindenpark}, "date", "2026-05-02"},
		{"createNeighbourhood", "CreateNeighbourhoodInput", "nbh_", "deleteNeighbourhood",
			map[string]any{"name": "E2E Quartier", "level": "QUARTER", "parent": "nbh_nord"}, "name", "E2E Anders"},
		{"createTargetGroup", "CreateTargetGroupInput", "tg_", "deleteTargetGroup",
			map[string]any{"code": code("tg"), "labelDe": "Gruppe", "labelEn": "group"}, "labelDe", "Andere"},
		{"createTopic", "CreateTopicInput", "top_", "deleteTopic",
			map[string]any{"code": code("top"), "labelDe": "Thema", "labelEn": "topic"}, "labelEn", "other"},
		{"addCooperation", "AddCooperationInput", "coo_", "removeCooperation",
			map[string]any{"from": actor, "to": other, "kind": "FUNDING"}, "kind", "JOINT_PROJECT"},
		{"addRole", "AddRoleInput", "rol_", "removeRole",
			map[string]any{"person": person, "actor": other, "title": "Ehrenamt"}, "title", "Vorstand"},
		{"addMembership", "AddMembershipInput", "mem_", "removeMembership",
			map[string]any{"actor": other, "network": network, "role": "member"}, "role", "speaker"},
	} {
		t.Run(tc.field, func(t *testing.T) {
			id := tc.prefix + strings.ReplaceAll(uniq("idem"), "e2e-", "")
			in := map[string]any{"id": id}
			for k, v := range tc.input {
				in[k] = v
			}
			payload := strings.TrimPrefix(strings.TrimPrefix(tc.field, "create"), "add")
			payload = strings.ToLower(payload[:1]) + payload[1:]
			q := fmt.Sprintf(`mutation($in: %s!) { %s(input: $in) { %s { id } } }`, tc.inputType, tc.field, payload)
			first := post(t, q, map[string]any{"in": in})
			if len(first.Errors) > 0 {
				t.Fatalf("create: %+v", first.Errors)
			}
			cleanup(t, tc.remove, id)
			entries := auditEntriesOf(t, id)

			retry := post(t, q, map[string]any{"in": in})
			if len(retry.Errors) > 0 || get(retry.Data, tc.field, payload, "id") != id {
				t.Errorf("a retry with the same input: %+v %v, want the record %s", retry.Errors, retry.Data, id)
			}
			if n := auditEntriesOf(t, id); n != entries {
				t.Errorf("the retry wrote: %d audit entries of %s, before %d", n, id, entries)
			}

			changed := map[string]any{}
			for k, v := range in {
				changed[k] = v
			}
			changed[tc.change] = tc.to
			if r := post(t, q, map[string]any{"in": changed}); r.code() != "CONFLICT" {
				t.Errorf("another %s under the same id: %s %+v, want CONFLICT", tc.change, r.code(), r.Errors)
			}
			someoneElse := token(t, "another-admin", domain.RoleAdmin)
			if r := postAs(t, srv.URL, someoneElse, q, map[string]any{"in": in}); r.code() != "CONFLICT" {
				t.Errorf("the same input from another caller: %s %+v, want CONFLICT", r.code(), r.Errors)
			}
		})
	}
}

// auditEntriesOf counts the audit entries about the record id.
func auditEntriesOf(t *testing.T, id string) int64 {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), oracleDriverFor(t), "MATCH (e:AuditEntry {targetId: $id}) RETURN count(e) AS n",
		map[string]any{"id": id}, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(dbName()))
	if err != nil {
		t.Fatal(err)
	}
	n, _ := res.Records[0].Get("n")
	return n.(int64)
}
