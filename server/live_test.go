package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/auth"
	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/live"
	"github.com/kiezgraph/kiezgraph/server"
)

const changesSub = `subscription($scope: ID, $types: [RecordType!]) { changes(scope: $scope, types: $types) { kind type id at } }`

// bearerInit is the connection_init payload of a dashboard with token.
func bearerInit(tok string) map[string]any { return map[string]any{"Authorization": "Bearer " + tok} }

// liveCypher runs a statement straight in Neo4j, as a fix in Neo4j
// Browser would: past kiezgraph and its audit trail.
func liveCypher(t *testing.T, cypher string, params map[string]any) {
	t.Helper()
	if _, err := neo4j.ExecuteQuery(context.Background(), oracleDriverFor(t), cypher, params,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(dbName())); err != nil {
		t.Fatal(err)
	}
}

func createActorAt(t *testing.T, base, name string, public bool, neighbourhoods ...string) string {
	t.Helper()
	r := postTo(t, base, `mutation($in: CreateActorInput!) { createActor(input: $in) { actor { id } } }`, map[string]any{"in": map[string]any{
		"name": "Live " + name, "kind": "ASSOCIATION", "sector": "NON_PROFIT", "neighbourhoods": neighbourhoods, "public": public}})
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	id := get(r.Data, "createActor", "actor", "id").(string)
	cleanup(t, "deleteActor", id)
	return id
}

// TestChangesReachEverySubscriberOfEveryReplica: two replicas on one
// Neo4j; a dashboard on each (one over WebSocket, one over Server-Sent
// Events) hears of writes through either replica, of a write by another
// process's store, and of a write straight in Cypher, within 2 s
// (issue 15).
func TestChangesReachEverySubscriberOfEveryReplica(t *testing.T) {
	needNeo4j(t)
	a, _ := replica(t)
	b, storeB := replica(t)
	ws := dialLive(t, b.URL, bearerInit(adminToken), nil)
	ws.subscribe("1", changesSub, nil)
	sse := streamLive(t, a.URL, adminToken, changesSub, nil)
	time.Sleep(300 * time.Millisecond) // both subscriptions are in place

	quarter := "nbh_lindenpark"
	type step struct {
		name  string
		write func() string // returns the change expected
	}
	var actor string
	steps := []step{
		{"an actor created through replica A", func() string {
			actor = createActorAt(t, a.URL, "Nachbarschaftscafé", false, quarter)
			return "CREATED ACTOR " + actor
		}},
		{"the actor updated through replica B", func() string {
			if r := postTo(t, b.URL, `mutation($id: ID!) { updateActor(input: {id: $id, description: "neu"}) { actor { id } } }`,
				map[string]any{"id": actor}); len(r.Errors) > 0 {
				t.Fatal(r.Errors)
			}
			return "UPDATED ACTOR " + actor
		}},
		{"the actor updated by another process's store", func() string {
			if _, err := storeB.UpdateActor(domain.WithAccess(context.Background(), domain.System), actor,
				domain.ActorUpdate{Description: domain.To(new("vom Import"))}); err != nil {
				t.Fatal(err)
			}
			return "UPDATED ACTOR " + actor
		}},
		{"the actor changed straight in Cypher", func() string {
			liveCypher(t, "MATCH (n:Actor {id: $id}) SET n.description = 'von Hand'", map[string]any{"id": actor})
			return "UNKNOWN"
		}},
		{"the actor deleted through replica A", func() string {
			if r := postTo(t, a.URL, `mutation($id: ID!) { deleteActor(id: $id) { deletedId } }`, map[string]any{"id": actor}); len(r.Errors) > 0 {
				t.Fatal(r.Errors)
			}
			return "DELETED ACTOR " + actor
		}},
	}
	for _, s := range steps {
		want := s.write()
		start := time.Now() // the write is acknowledged, so committed
		got, before := ws.waitFor(3*time.Second, func(c change) bool { return c.String() == want })
		took := time.Since(start)
		if took > 2*time.Second {
			t.Errorf("%s: the WebSocket heard of it %s after the write was acknowledged, more than 2 s", s.name, took)
		}
		if len(known(before)) > 0 {
			t.Errorf("%s: the WebSocket got %v before %s", s.name, before, got)
		}
		next := sse.nextKnown
		if want == "UNKNOWN" {
			next = sse.nextChange
		}
		if c := next(3 * time.Second); c.String() != want {
			t.Errorf("%s: the event stream got %s, want %s", s.name, c, want)
		}
		t.Logf("%s: announced after %s", s.name, took.Round(time.Millisecond))
	}
}

// TestChangesShowOnlyWhatTheSubscriberMaySee: a subscriber hears only of
// records it may read, by the rules of queries; a scope confines changes
// to a neighbourhood; researchers see people as pseudonyms; a scope the
// caller cannot see reads as a missing one.
func TestChangesShowOnlyWhatTheSubscriberMaySee(t *testing.T) {
	needNeo4j(t)
	quarterOf := func(district string) string {
		return get(mustPost(t, `query($id: ID!) { neighbourhood(id: $id) { children { id } } }`, map[string]any{"id": district}),
			"neighbourhood", "children", 0, "id").(string)
	}
	nord, mitte := quarterOf("nbh_nord"), quarterOf("nbh_mitte")

	viewer := dialLive(t, srv.URL, bearerInit(token(t, "live-viewer", domain.RoleViewer, "nbh_nord")), nil)
	viewer.subscribe("v", changesSub, nil)
	public := dialLive(t, srv.URL, nil, nil)
	public.subscribe("p", changesSub, nil)
	scoped := dialLive(t, srv.URL, bearerInit(adminToken), nil)
	scoped.subscribe("s", changesSub, map[string]any{"scope": "nbh_mitte", "types": []string{"ACTOR"}})
	researcher := streamLive(t, srv.URL, token(t, "live-researcher", domain.RoleResearcher), changesSub, map[string]any{"types": []string{"PERSON"}})

	// A scope the caller may not see is refused as a missing one.
	viewer.subscribe("hidden-scope", changesSub, map[string]any{"scope": "nbh_mitte"})
	if m, _ := viewer.quiet(5 * time.Second); m.ID != "hidden-scope" || !strings.Contains(string(m.Payload), `"BAD_USER_INPUT"`) {
		t.Errorf("a hidden scope: %s %s, want BAD_USER_INPUT", m.Type, m.Payload)
	}
	if m, _ := viewer.quiet(5 * time.Second); m.ID != "hidden-scope" || m.Type != "complete" {
		t.Errorf("a hidden scope: %s %s, want complete", m.Type, m.Payload)
	}
	time.Sleep(300 * time.Millisecond)

	hiddenFromViewer := createActorAt(t, srv.URL, "Mitte", false, mitte)
	// Records of Mitte the viewer of Nord may not see, and the public
	// neither: a service of the hidden actor, a need, a cooperation.
	mitteActor := get(mustPost(t, `query($q: ID!) { actors(filter: {neighbourhood: $q}, first: 1) { edges { node { id } } } }`,
		map[string]any{"q": "nbh_mitte"}), "actors", "edges", 0, "node", "id").(string)
	for _, w := range []struct{ field, q string }{
		{"createService", `mutation($a: ID!, $q: ID!) { createService(input: {name: "Live Angebot", provider: $a, targetGroups: ["` + tgChildren + `"], topics: ["` + topEducation + `"], neighbourhoods: [$q]}) { service { id } } }`},
		{"createNeed", `mutation($q: ID!) { createNeed(input: {targetGroup: "` + tgSeniors + `", topic: "` + topEducation + `", neighbourhood: $q, severity: LOW}) { need { id } } }`},
		{"addCooperation", `mutation($a: ID!) { addCooperation(input: {from: $a, to: "` + mitteActor + `", kind: FUNDING}) { cooperation { id } } }`},
	} {
		vars := map[string]any{}
		if strings.Contains(w.q, "$a") {
			vars["a"] = hiddenFromViewer
		}
		if strings.Contains(w.q, "$q") {
			vars["q"] = mitte
		}
		r := post(t, w.q, vars)
		if len(r.Errors) > 0 {
			t.Fatalf("%s: %+v", w.field, r.Errors)
		}
		for _, v := range r.Data {
			for _, rec := range v.(map[string]any) {
				id := rec.(map[string]any)["id"].(string)
				remove := map[string]string{"createService": "deleteService", "createNeed": "deleteNeed", "addCooperation": "removeCooperation"}[w.field]
				cleanup(t, remove, id)
			}
		}
	}
	inNord := createActorAt(t, srv.URL, "Nord", false, nord)
	publicInMitte := createActorAt(t, srv.URL, "Öffentlich", true, mitte)
	r := post(t, `mutation($a: ID!) { createPerson(input: {name: "Live Erika Muster", role: {actor: $a, title: "Leitung"}}) { person { id } } }`,
		map[string]any{"a": inNord})
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	person := get(r.Data, "createPerson", "person", "id").(string)
	cleanup(t, "deletePerson", person)

	for _, tc := range []struct {
		name string
		ws   *liveWS
		want string
	}{
		{"a viewer of Nord", viewer, "CREATED ACTOR " + inNord},
		{"the public", public, "CREATED ACTOR " + publicInMitte},
		{"an admin scoped to Mitte", scoped, "CREATED ACTOR " + hiddenFromViewer},
	} {
		if c := tc.ws.nextKnown(10 * time.Second); c.String() != tc.want {
			t.Errorf("%s: first change %s, want %s", tc.name, c, tc.want)
		}
	}
	if c := scoped.nextKnown(10 * time.Second); c.String() != "CREATED ACTOR "+publicInMitte {
		t.Errorf("an admin scoped to Mitte: second change %s, want the public actor in Mitte", c)
	}
	if c := researcher.nextKnown(10 * time.Second); c.ID == nil || *c.ID != testPseudonyms.Pseudonym(person) {
		t.Errorf("a researcher: %s, want the person's pseudonym %s", c, testPseudonyms.Pseudonym(person))
	}
	// The viewer hears of the person at its actor, never of the actors
	// elsewhere; the public of nothing more.
	if c, before := viewer.waitFor(10*time.Second, func(c change) bool { return c.Type != nil && *c.Type == "PERSON" }); *c.ID != person || len(known(before)) > 1 {
		t.Errorf("a viewer of Nord: %s after %v", c, before)
	}
	if m, ok := public.quiet(1500 * time.Millisecond); ok {
		t.Errorf("the public got %s %s", m.Type, m.Payload)
	}
}

// TestChangesEndWhenTheTokenExpires: a subscription ends when the
// caller's token expires, over WebSocket with close code 4401 and over
// Server-Sent Events with a last error UNAUTHENTICATED.
func TestChangesEndWhenTheTokenExpires(t *testing.T) {
	needNeo4j(t)
	tok, err := auth.SignHS256(testSecret, "live-short", domain.RoleCoordinator, []string{"nbh_nord"}, 2*time.Second, "", "")
	if err != nil {
		t.Fatal(err)
	}
	ws := dialLive(t, srv.URL, bearerInit(tok), nil)
	ws.subscribe("1", changesSub, nil)
	sse := streamLive(t, srv.URL, tok, changesSub, nil)
	start := time.Now()
	var closeErr error
	for closeErr == nil {
		_, closeErr = ws.tryRead(6 * time.Second)
	}
	if code := websocket.CloseStatus(closeErr); code != server.CloseUnauthorized {
		t.Errorf("WebSocket closed with %v (%d), want %d", closeErr, code, server.CloseUnauthorized)
	}
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("closed after %s, the token expired after at most 2 s", took)
	}
	ev, _ := sse.nextKnownEvent(5 * time.Second)
	if ev.event != "next" || !strings.Contains(ev.data, `"code":"UNAUTHENTICATED"`) {
		t.Errorf("event stream: %+v, want a last error UNAUTHENTICATED", ev)
	}
	if ev, ok := sse.next(5 * time.Second); !ok || ev.event != "complete" {
		t.Errorf("event stream: %+v, want complete", ev)
	}
	// Expired credentials open nothing.
	if _, err := tryDialLive(t, srv.URL, bearerInit(tok), nil); websocket.CloseStatus(err) != server.CloseUnauthorized {
		t.Errorf("an expired token: %v, want close %d", err, server.CloseUnauthorized)
	}
}

// liveServer starts a replica with its own live limits and returns it
// with its metrics handler.
func liveServer(t *testing.T, lc server.LiveConfig) (*httptest.Server, http.Handler) {
	t.Helper()
	return liveServerOn(t, lc, nil)
}

// liveServerOn is liveServer on the listener l (nil: a new one).
func liveServerOn(t *testing.T, lc server.LiveConfig, l net.Listener) (*httptest.Server, http.Handler) {
	t.Helper()
	cfg := testConfig()
	cfg.Live = lc
	h, _, met := replicaWith(t, cfg, l)
	return h, met
}

// TestLiveLimits: subscriptions per connection and per client, and
// connections per client, are bounded.
func TestLiveLimits(t *testing.T) {
	needNeo4j(t)
	h, _ := liveServer(t, server.LiveConfig{PerConnection: 2, ConnectionsPerClient: 2, Hub: live.Config{PerClient: 3}})
	header := http.Header{"Authorization": {"Bearer " + token(t, "live-limits", domain.RoleViewer)}}
	// refusedOnce subscribes ids at once (gqlgen starts them side by
	// side) and checks that exactly one is refused, and then completed.
	refusedOnce := func(name string, ws *liveWS, ids ...string) {
		t.Helper()
		for _, id := range ids {
			ws.subscribe(id, changesSub, nil)
		}
		m, _ := ws.quiet(5 * time.Second)
		if m.Type != "next" || !strings.Contains(string(m.Payload), `"TOO_MANY_SUBSCRIPTIONS"`) {
			t.Errorf("%s: %s %s, want TOO_MANY_SUBSCRIPTIONS", name, m.Type, m.Payload)
		}
		if c, _ := ws.quiet(5 * time.Second); c.Type != "complete" || c.ID != m.ID {
			t.Errorf("%s: %s %s, want complete of %s", name, c.Type, c.ID, m.ID)
		}
		if m, ok := ws.quiet(time.Second); ok {
			t.Errorf("%s: another subscription was refused: %s %s", name, m.Type, m.Payload)
		}
	}
	one := dialLive(t, h.URL, nil, &websocket.DialOptions{HTTPHeader: header})
	refusedOnce("three subscriptions on a connection of two", one, "1", "2", "3")
	two := dialLive(t, h.URL, nil, &websocket.DialOptions{HTTPHeader: header})
	refusedOnce("the client's fourth subscription of three", two, "1", "2")
	_, err := tryDialLive(t, h.URL, nil, &websocket.DialOptions{HTTPHeader: header})
	if err == nil || !strings.Contains(err.Error(), "status 429") {
		t.Errorf("a third connection of the client: %v, want 429", err)
	}
	// The live route serves subscriptions only.
	resp, err := http.Post(h.URL+"/graphql/live", "application/json", strings.NewReader(`{"query": "{ me { role } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a query at /graphql/live: %d, want 400", resp.StatusCode)
	}
}

// TestSlowSubscribersAreDropped: a client that stops reading while
// changes keep coming is dropped with close code 4503 once its buffer is
// full, and the service keeps no goroutine for it.
func TestSlowSubscribersAreDropped(t *testing.T) {
	needNeo4j(t)
	// Polls announce up to 1000 changes one by one, and a subscriber
	// may leave as many unread.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h, met := liveServerOn(t, server.LiveConfig{Hub: live.Config{MaxPerPoll: 1000, Buffer: 1000}}, smallSendBuffers{l})
	// A small receive buffer, so that the service's writes block soon.
	dialer := &net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		return c.Control(func(fd uintptr) { _ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
	}}
	opts := &websocket.DialOptions{HTTPClient: &http.Client{Transport: &http.Transport{DialContext: dialer.DialContext}}}
	ws := dialLive(t, h.URL, bearerInit(adminToken), opts)
	ws.subscribe("1", changesSub, nil)
	time.Sleep(300 * time.Millisecond)
	t.Cleanup(func() { liveCypher(t, "MATCH (e:AuditEntry {operation: 'liveFlood'}) DELETE e", nil) })
	deadline := time.Now().Add(60 * time.Second)
	for metric(t, met, "kiezgraph_live_dropped_total") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the slow subscriber was not dropped within 60 s")
		}
		// 600 changes a poll, fewer than a poll announces one by one,
		// and than the buffer holds: a client that reads is not dropped.
		liveCypher(t, `UNWIND range(1, 300) AS i CREATE (:AuditEntry {id: 'aud_live_' + randomUUID(), at: datetime(),
  subject: 'flood', role: 'ADMIN', operation: 'liveFlood', targetType: 'Neighbourhood', targetId: 'nbh_nord', changes: '[]'})`, nil)
		time.Sleep(500 * time.Millisecond)
	}
	n := 0
	for err == nil {
		_, err = ws.tryRead(10 * time.Second)
		n++
	}
	if code := websocket.CloseStatus(err); code != server.CloseSlowConsumer {
		t.Errorf("after %d messages: %v (%d), want close %d", n, err, code, server.CloseSlowConsumer)
	}
	t.Logf("dropped after the client left %d messages unread", n)
}

// smallSendBuffers gives the service's connections small send buffers,
// so that its writes to a client that reads nothing block soon.
type smallSendBuffers struct{ net.Listener }

func (l smallSendBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(4096)
	}
	return c, err
}

// metric reads a metric without labels from the metrics handler.
func metric(t *testing.T, met http.Handler, name string) int {
	t.Helper()
	rec := httptest.NewRecorder()
	met.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for _, line := range strings.Split(rec.Body.String(), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			var n int
			_, _ = fmt.Sscan(v, &n)
			return n
		}
	}
	t.Fatalf("no %s in the metrics", name)
	return 0
}

// TestLiveLeavesNoGoroutines: once its subscribers have gone, a replica
// runs as many goroutines as before they came (no poller, no reader,
// no timer).
func TestLiveLeavesNoGoroutines(t *testing.T) {
	needNeo4j(t)
	h, met := liveServer(t, server.LiveConfig{})
	postTo(t, h.URL, `{ actors(first: 1) { totalCount } }`, nil) // warm the driver's pool
	http.DefaultClient.CloseIdleConnections()
	settle := func() int {
		time.Sleep(200 * time.Millisecond)
		return runtime.NumGoroutine()
	}
	before := settle()
	var sockets []*liveWS
	var streams []*liveSSE
	for i := range 3 {
		ws := dialLive(t, h.URL, bearerInit(adminToken), nil)
		ws.subscribe("a", changesSub, nil)
		ws.subscribe("b", changesSub, map[string]any{"types": []string{"SERVICE"}})
		sockets = append(sockets, ws)
		streams = append(streams, streamLive(t, h.URL, token(t, fmt.Sprint("live-leak-", i), domain.RoleViewer, "nbh_nord"), changesSub, nil))
	}
	// Every subscription is registered (and the feed has read where the
	// trail stands) before the write.
	for deadline := time.Now().Add(5 * time.Second); metric(t, met, "kiezgraph_live_subscribers") < 9; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("not all 9 subscriptions registered")
		}
	}
	liveCypher(t, "MATCH (n:Neighbourhood {id: 'nbh_nord'}) SET n.touched = coalesce(n.touched, 0) + 1", nil)
	for _, ws := range sockets {
		if c := ws.nextChange(3 * time.Second); c.Kind != "UNKNOWN" {
			t.Errorf("got %s, want UNKNOWN", c)
		}
	}
	if during := runtime.NumGoroutine(); during <= before {
		t.Fatalf("%d goroutines with subscribers, %d before: the test measures nothing", during, before)
	}
	for _, ws := range sockets {
		_ = ws.c.Close(websocket.StatusNormalClosure, "")
	}
	for _, s := range streams {
		s.cancel()
	}
	http.DefaultClient.CloseIdleConnections()
	deadline := time.Now().Add(10 * time.Second)
	for settle() > before {
		if time.Now().After(deadline) {
			var b strings.Builder
			_ = pprof.Lookup("goroutine").WriteTo(&b, 1)
			t.Fatalf("%d goroutines after the subscribers left, %d before:\n%s", runtime.NumGoroutine(), before, b.String())
		}
	}
}

// TestLiveClosesOnShutdown: CloseLive, which serve calls when it shuts
// down, ends WebSockets with 1001 (going away) and event streams with a
// last error UNAVAILABLE.
func TestLiveClosesOnShutdown(t *testing.T) {
	needNeo4j(t)
	api, _ := server.NewService(st, testConfig(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	h := httptest.NewServer(api)
	defer h.Close()
	ws := dialLive(t, h.URL, bearerInit(adminToken), nil)
	ws.subscribe("1", changesSub, nil)
	sse := streamLive(t, h.URL, adminToken, changesSub, nil)
	time.Sleep(300 * time.Millisecond)
	server.CloseLive(api)
	var err error
	for err == nil {
		_, err = ws.tryRead(5 * time.Second)
	}
	if code := websocket.CloseStatus(err); code != websocket.StatusGoingAway {
		t.Errorf("WebSocket: %v, want close 1001", err)
	}
	if ev, _ := sse.nextKnownEvent(5 * time.Second); ev.event != "next" || !strings.Contains(ev.data, `"code":"UNAVAILABLE"`) {
		t.Errorf("event stream: %+v, want a last error UNAVAILABLE", ev)
	}
}

// TestStreamsOnlyOnTheLiveRoute: /graphql answers as before to a client
// that accepts event streams among other types (urql does), and to a
// WebSocket upgrade; only /graphql/live streams.
func TestStreamsOnlyOnTheLiveRoute(t *testing.T) {
	needNeo4j(t)
	status, header, r := postWith(t, srv.URL, `mutation($in: UpdateActorInput!) { updateActor(input: $in) { actor { id } } }`,
		map[string]any{"in": map[string]any{"id": "act_gs-am-lindenpark", "keywords": []string{"Schule"}}},
		map[string]string{"Authorization": "Bearer " + adminToken,
			"Accept": "application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed"})
	if status != http.StatusOK || len(r.Errors) > 0 || strings.HasPrefix(header.Get("Content-Type"), "text/event-stream") {
		t.Errorf("a mutation that accepts event streams: %d %s %+v", status, header.Get("Content-Type"), r.Errors)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/graphql", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}}); err == nil {
		_ = c.CloseNow()
		t.Error("/graphql upgraded a WebSocket")
	}
}
