package server_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/apierror"
	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/server"
	"github.com/kiezgraph/kiezgraph/store"
)

// replica starts a service of its own on the test Neo4j: its own driver,
// store and analysis cache, as a second process behind a load balancer
// would have.
func replica(t *testing.T) (*httptest.Server, *store.Store) {
	t.Helper()
	h, s, _ := replicaWith(t, testConfig(), nil)
	return h, s
}

// replicaWith is replica with cfg, listening on l (nil: a new listener);
// it returns the replica's metrics handler too.
func replicaWith(t *testing.T, cfg server.Config, l net.Listener) (*httptest.Server, *store.Store, http.Handler) {
	t.Helper()
	s, err := store.Open(t.Context(), store.Config{
		URI: os.Getenv("NEO4J_URI"), User: os.Getenv("NEO4J_USER"),
		Password: os.Getenv("NEO4J_PASSWORD"), Database: os.Getenv("NEO4J_DATABASE"),
	}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	api, met := server.NewService(s, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	h := httptest.NewUnstartedServer(api)
	if l != nil {
		_ = h.Listener.Close()
		h.Listener = l
	}
	h.Start()
	t.Cleanup(func() {
		h.Close()
		_ = s.Close(context.Background())
	})
	return h, s, met
}

// TestReplicasAgreeAfterAnyWrite: two replicas on one Neo4j answer the
// analysis and the lists' nested data exactly as a freshly started
// replica does, after writes through either replica, through the store of
// another process (as the command-line importer writes) and straight in
// Cypher (as a fix in Neo4j Browser would), each asked right after the
// write (issue 15).
func TestReplicasAgreeAfterAnyWrite(t *testing.T) {
	needNeo4j(t)
	a, _ := replica(t)
	b, _ := replica(t)
	_, other := replica(t)
	from, to := actorIn(t, "nbh_nord"), actorIn(t, "nbh_mitte")
	const q = `query($a: ID!) { networkStats { current { actors ties } }
	  brokers(first: 3) { actor { id } betweenness }
	  actor(id: $a) { partners(first: 100) { totalCount edges { node { id } } } } }`
	vars := map[string]any{"a": from}
	answer := func(base string) string {
		t.Helper()
		r := postTo(t, base, q, vars)
		if len(r.Errors) > 0 {
			t.Fatalf("errors: %+v", r.Errors)
		}
		return toJSON(r.Data)
	}
	check := func(step string) {
		t.Helper()
		// Both replicas have answered before, so their caches are warm.
		gotA, gotB := answer(a.URL), answer(b.URL)
		fresh, _ := replica(t)
		want := answer(fresh.URL)
		if gotA != want || gotB != want {
			t.Errorf("%s:\nreplica A %s\nreplica B %s\nfresh     %s", step, gotA, gotB, want)
		}
	}
	check("before any write")

	r := postTo(t, a.URL, `mutation($f: ID!, $t: ID!) { addCooperation(input: {from: $f, to: $t, kind: INFORMATION_EXCHANGE}) { cooperation { id } } }`,
		map[string]any{"f": from, "t": to})
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	coop := get(r.Data, "addCooperation", "cooperation", "id").(string)
	check("a cooperation added through replica A")

	if r := postTo(t, b.URL, `mutation($id: ID!) { removeCooperation(id: $id) { deletedId } }`, map[string]any{"id": coop}); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	check("the cooperation removed through replica B")

	added, err := other.AddCooperation(domain.WithAccess(context.Background(), domain.System),
		domain.Cooperation{FromID: from, ToID: to, Kind: domain.CoopFunding, Strength: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	check("a cooperation written by another process")

	drv := oracleDriverFor(t)
	if _, err := neo4j.ExecuteQuery(context.Background(), drv, "MATCH ()-[c:COOPERATES_WITH {id: $id}]->() DELETE c",
		map[string]any{"id": added.ID}, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(dbName())); err != nil {
		t.Fatal(err)
	}
	check("the cooperation deleted straight in Cypher")

	// The command-line importer, as a user runs it: another process,
	// another driver, its own batches.
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "actors.csv"), []byte("key,name,kind,sector\n"+
		"replicas-a,E2E Replik A,ASSOCIATION,NON_PROFIT\nreplicas-b,E2E Replik B,ASSOCIATION,NON_PROFIT\n"))
	writeFile(t, filepath.Join(dir, "cooperations.csv"), []byte("key,from,to,kind\nreplicas-ab,replicas-a,replicas-b,JOINT_PROJECT\n"))
	bin := filepath.Join(t.TempDir(), "kiezgraph")
	if out, err := exec.CommandContext(t.Context(), "go", "build", "-o", bin, "../cmd/kiezgraph").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	imp := exec.CommandContext(t.Context(), bin, "import", filepath.Join(dir, "actors.csv"), filepath.Join(dir, "cooperations.csv"))
	out, err := imp.CombinedOutput()
	imported := mustPost(t, `{ actors(filter: {nameContains: "E2E Replik"}) { edges { node { id } } } }`, nil)
	for _, id := range nodeIDs(get(imported, "actors")) {
		cleanup(t, "deleteActor", id)
	}
	if err != nil {
		t.Fatalf("kiezgraph import: %v\n%s", err, out)
	}
	if n := len(nodeIDs(get(imported, "actors"))); n != 2 {
		t.Fatalf("kiezgraph import wrote %d actors, want 2:\n%s", n, out)
	}
	check("two actors and their cooperation imported with kiezgraph import")
}

// TestBookmarksCarryAClientsWrites: a write's response names it in the
// Kiezgraph-Bookmark header; a request that sends it back to another
// replica reads after that write (on a cluster, a lagging follower waits
// for it); malformed bookmarks are refused before any database work.
func TestBookmarksCarryAClientsWrites(t *testing.T) {
	needNeo4j(t)
	a, _ := replica(t)
	b, _ := replica(t)
	from, to := actorIn(t, "nbh_nord"), actorIn(t, "nbh_ost")
	auth := map[string]string{"Authorization": "Bearer " + adminToken}
	_, h, r := postWith(t, a.URL, `mutation($f: ID!, $t: ID!) { addCooperation(input: {from: $f, to: $t, kind: JOINT_EVENTS}) { cooperation { id } } }`,
		map[string]any{"f": from, "t": to}, auth)
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	coop := get(r.Data, "addCooperation", "cooperation", "id").(string)
	defer mustPost(t, `mutation($id: ID!) { removeCooperation(id: $id) { deletedId } }`, map[string]any{"id": coop})
	bm := h.Get(server.HeaderBookmark)
	if bm == "" {
		t.Fatal("the write's response has no bookmark")
	}
	_, _, r = postWith(t, b.URL, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": coop},
		map[string]string{"Authorization": "Bearer " + adminToken, server.HeaderBookmark: bm})
	if get(r.Data, "node", "id") != coop {
		t.Errorf("replica B with the bookmark does not see the write: %+v", r)
	}
	for _, bad := range []string{"not a bookmark!", strings.Repeat("A", 201), strings.Repeat("FB:x,", 9) + "FB:x"} {
		before := st.QueryCount()
		status, _, r := postWith(t, b.URL, `{ topics { id } }`, nil, map[string]string{server.HeaderBookmark: bad})
		if status != 400 || r.code() != apierror.CodeBadRequest {
			t.Errorf("bookmark %.20q: status %d code %q, want 400 %s", bad, status, r.code(), apierror.CodeBadRequest)
		}
		if st.QueryCount() != before {
			t.Error("a refused request ran Cypher")
		}
	}
}
