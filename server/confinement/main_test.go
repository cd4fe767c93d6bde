// Package confinement_test proves that a coordinator's writes stay inside
// the coordinator's districts: every mutation of the schema is sent, as a
// coordinator of one district, against generated targets inside, outside,
// across and without districts, and the graph is compared before and
// after (see confinement_test.go).
package confinement_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/auth"
	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/internal/neo4jtest"
	"github.com/kiezgraph/kiezgraph/seed"
	"github.com/kiezgraph/kiezgraph/server"
	"github.com/kiezgraph/kiezgraph/store"
)

// The Neo4j tests run against the project's own Neo4j, loaded with the
// demo city and the fixtures of fixtures_test.go; st is nil without
// Neo4j, and those tests skip.
var (
	st  *store.Store
	drv neo4j.DriverWithContext
	srv *httptest.Server
)

// testSecret signs the tests' tokens.
var testSecret = []byte("kiezgraph-confinement-secret-0123456789")

func TestMain(m *testing.M) {
	os.Exit(neo4jtest.Main(m, "server/confinement", func(s *store.Store, d neo4j.DriverWithContext) {
		st, drv = s, d
		if err := restore(context.Background()); err != nil {
			panic(fmt.Sprintf("server/confinement: loading the world: %v", err))
		}
		cfg := server.DefaultConfig()
		a, err := auth.New(auth.Config{HMACSecret: testSecret, Anonymous: auth.AnonymousPublic})
		if err != nil {
			panic(err)
		}
		cfg.Auth = a
		srv = httptest.NewServer(server.New(s, cfg, slog.New(slog.NewTextHandler(io.Discard, nil))))
	}))
}

// needNeo4j skips a test when the package runs without Neo4j
// (neo4jtest.Main fails the run instead under KIEZGRAPH_REQUIRE_NEO4J=1).
func needNeo4j(t *testing.T) {
	t.Helper()
	if st == nil {
		t.Skip("NEO4J_URI is not set (use scripts/with-neo4j.sh)")
	}
}

// restore puts the database back into the known state every case
// starts from: the demo city plus the fixtures, nothing else.
func restore(ctx context.Context) error {
	if err := st.Wipe(ctx); err != nil {
		return err
	}
	return st.LoadDataset(ctx, world(), 500)
}

// token returns a bearer token for sub with role and districts.
func token(t testing.TB, sub string, role domain.AccessRole, districts ...string) string {
	t.Helper()
	tok, err := auth.SignHS256(testSecret, sub, role, districts, time.Hour, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// world is the dataset every case starts from.
func world() *domain.Dataset {
	ds := seed.Demo()
	addFixtures(ds)
	return ds
}
