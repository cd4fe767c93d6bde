package server_test

import (
	"fmt"
	"net/http"
	"os"
	"sync"
	"testing"
)

const (
	faultAddCooperation = `mutation($in: AddCooperationInput!) { addCooperation(input: $in) { cooperation { id } } }`
	faultUpdateActor    = `mutation($in: UpdateActorInput!) { updateActor(input: $in) { actor { id externalKey } } }`
)

// TestFaultConcurrentConflictingWrites sends 16 writes that claim the
// same identity (an external key or a client-chosen id) at the same
// moment. Exactly one wins; every other client gets a clean CONFLICT,
// never a 500 or INTERNAL, and the database holds the identity once;
// clients that send the same create under the same id all get the one
// record (idempotent creates).
func TestFaultConcurrentConflictingWrites(t *testing.T) {
	needNeo4j(t)
	const clients = 16
	ctx := t.Context()
	drv := faultDriver(t, os.Getenv("NEO4J_URI"))
	run := uniq("race")
	actorPrefix, coopPrefix := "act_"+run, "coo_"+run
	t.Cleanup(func() { deleteActorsByPrefix(t, actorPrefix+"-") }) // and their cooperations

	// mustCreateActors creates n actors for a row to build on.
	mustCreateActors := func(t *testing.T, row string, n int) []string {
		t.Helper()
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("%s-%s-base-%d", actorPrefix, row, i)
			r := faultPost(ctx, srv.URL, faultCreateActor, map[string]any{"in": map[string]any{
				"id": ids[i], "name": "Race " + ids[i], "kind": "INITIATIVE", "sector": "CIVIL_SOCIETY"}})
			if r.err != nil || len(r.resp.Errors) > 0 {
				t.Fatalf("setup: %v %+v", r.err, r.resp.Errors)
			}
		}
		return ids
	}
	actor := func(id, key string) map[string]any {
		in := map[string]any{"id": id, "name": "Race " + id, "kind": "ASSOCIATION", "sector": "NON_PROFIT"}
		if key != "" {
			in["externalKey"] = key
		}
		return map[string]any{"in": in}
	}
	cooperation := func(id, from, to, key string) map[string]any {
		in := map[string]any{"id": id, "from": from, "to": to, "kind": "JOINT_PROJECT"}
		if key != "" {
			in["externalKey"] = key
		}
		return map[string]any{"in": in}
	}

	tests := []struct {
		name string
		// write returns client i's request; base holds what setup made.
		setup func(t *testing.T, row string) []string
		write func(row string, i int, base []string) (query string, vars map[string]any)
		// stored counts the records holding the contested identity and
		// the records any client asked for; both must be 1.
		stored string
		// allSucceed: every client gets the record (a create racing its
		// retries), instead of one winner and CONFLICT for the others.
		allSucceed bool
	}{
		{
			name: "create actors with the same external key",
			write: func(row string, i int, _ []string) (string, map[string]any) {
				return faultCreateActor, actor(fmt.Sprintf("%s-%s-%d", actorPrefix, row, i), "race-"+run+"-"+row)
			},
			stored: `MATCH (n:Actor {externalKey: $key}) WITH count(n) AS contested
				MATCH (m:Actor) WHERE m.id STARTS WITH $prefix RETURN contested, count(m) AS written`,
		},
		{
			name: "create different actors with the same id",
			write: func(row string, i int, _ []string) (string, map[string]any) {
				in := actor(fmt.Sprintf("%s-%s-0", actorPrefix, row), "")
				in["in"].(map[string]any)["name"] = fmt.Sprint("Race ", i)
				return faultCreateActor, in
			},
			stored: `MATCH (n:Actor {id: $prefix + '0'}) WITH count(n) AS contested
				MATCH (m:Actor) WHERE m.id STARTS WITH $prefix RETURN contested, count(m) AS written`,
		},
		{
			// A create and its retries racing: idempotent creates give
			// every client the one record.
			name: "create the same actor with the same id",
			write: func(row string, _ int, _ []string) (string, map[string]any) {
				return faultCreateActor, actor(fmt.Sprintf("%s-%s-0", actorPrefix, row), "")
			},
			allSucceed: true,
			stored: `MATCH (n:Actor {id: $prefix + '0'}) WITH count(n) AS contested
				MATCH (m:Actor) WHERE m.id STARTS WITH $prefix RETURN contested, count(m) AS written`,
		},
		{
			name:  "give different actors the same external key",
			setup: func(t *testing.T, row string) []string { return mustCreateActors(t, row, clients) },
			write: func(row string, i int, base []string) (string, map[string]any) {
				return faultUpdateActor, map[string]any{"in": map[string]any{"id": base[i], "externalKey": "race-" + run + "-" + row}}
			},
			stored: `MATCH (n:Actor {externalKey: $key}) WITH count(n) AS contested
				RETURN contested, contested AS written`,
		},
		{
			name:  "add cooperations with the same external key",
			setup: func(t *testing.T, row string) []string { return mustCreateActors(t, row, 2) },
			write: func(row string, i int, base []string) (string, map[string]any) {
				return faultAddCooperation, cooperation(fmt.Sprintf("%s-%s-%d", coopPrefix, row, i), base[0], base[1], "race-"+run+"-"+row)
			},
			stored: `MATCH ()-[n:COOPERATES_WITH {externalKey: $key}]->() WITH count(n) AS contested
				MATCH ()-[m:COOPERATES_WITH]->() WHERE m.id STARTS WITH $coop RETURN contested, count(m) AS written`,
		},
		{
			name:  "add different cooperations with the same id",
			setup: func(t *testing.T, row string) []string { return mustCreateActors(t, row, 2) },
			write: func(row string, i int, base []string) (string, map[string]any) {
				in := cooperation(fmt.Sprintf("%s-%s-0", coopPrefix, row), base[0], base[1], "")
				in["in"].(map[string]any)["strength"] = float64(i) / clients
				return faultAddCooperation, in
			},
			stored: `MATCH ()-[n:COOPERATES_WITH {id: $coop + '0'}]->() WITH count(n) AS contested
				MATCH ()-[m:COOPERATES_WITH]->() WHERE m.id STARTS WITH $coop RETURN contested, count(m) AS written`,
		},
	}
	for n, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := fmt.Sprint("r", n)
			var base []string
			if tt.setup != nil {
				base = tt.setup(t, row)
			}
			results := make([]faultResult, clients)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range clients {
				query, vars := tt.write(row, i, base)
				wg.Go(func() {
					<-start
					results[i] = faultPost(ctx, srv.URL, query, vars)
				})
			}
			close(start)
			wg.Wait()

			tally := map[string]int{}
			for i, r := range results {
				outcome := r.code()
				if r.err == nil && len(r.resp.Errors) == 0 {
					outcome = "ok"
				}
				tally[outcome]++
				switch {
				case r.err != nil:
					t.Errorf("client %d: %v", i, r.err)
				case r.status != http.StatusOK:
					t.Errorf("client %d: HTTP %d (%+v)", i, r.status, r.resp.Errors)
				case outcome != "ok" && outcome != "CONFLICT":
					t.Errorf("client %d: %s (%+v), want success or CONFLICT", i, outcome, r.resp.Errors)
				case outcome == "CONFLICT" && (len(r.resp.Errors) != 1 || r.resp.Errors[0].Message == ""):
					t.Errorf("client %d: CONFLICT without one plain message: %+v", i, r.resp.Errors)
				}
			}
			if tt.allSucceed && tally["ok"] != clients {
				t.Errorf("outcomes %v, want %d successes", tally, clients)
			}
			if !tt.allSucceed && (tally["ok"] != 1 || tally["CONFLICT"] != clients-1) {
				t.Errorf("outcomes %v, want 1 success and %d CONFLICT", tally, clients-1)
			}
			rows, err := faultCypher(ctx, drv, tt.stored, map[string]any{
				"key": "race-" + run + "-" + row, "prefix": actorPrefix + "-" + row + "-", "coop": coopPrefix + "-" + row + "-"})
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 || rows[0]["contested"] != int64(1) || rows[0]["written"] != int64(1) {
				t.Errorf("stored %v, want the contested identity once and nothing else written", rows)
			}
		})
	}
}
