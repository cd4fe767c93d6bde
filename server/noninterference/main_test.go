package noninterference_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/auth"
	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/export"
	"github.com/kiezgraph/kiezgraph/internal/neo4jtest"
	"github.com/kiezgraph/kiezgraph/seed"
	"github.com/kiezgraph/kiezgraph/server"
	"github.com/kiezgraph/kiezgraph/store"
)

// The non-interference test owns its database while it runs: it wipes
// it, loads the demo city, and adds and removes hidden records. It runs
// in a package of its own so that no other package's tests see them.
var (
	st  *store.Store
	drv neo4j.DriverWithContext
)

func TestMain(m *testing.M) {
	os.Exit(neo4jtest.Main(m, "server/noninterference", func(s *store.Store, d neo4j.DriverWithContext) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		if err := s.Wipe(ctx); err != nil {
			panic(fmt.Sprintf("wipe: %v", err))
		}
		if err := s.LoadDataset(ctx, seed.Demo(), 500); err != nil {
			panic(fmt.Sprintf("load the demo city: %v", err))
		}
		st, drv = s, d
	}))
}

// needNeo4j skips a test that needs the database when there is none
// (neo4jtest.Main fails the run instead under KIEZGRAPH_REQUIRE_NEO4J=1).
func needNeo4j(t *testing.T) {
	t.Helper()
	if st == nil {
		t.Skip("NEO4J_URI is not set")
	}
}

// testSecret signs the test's tokens.
var testSecret = []byte("kiezgraph-noninterference-secret-0123456789")

// pseudonymKey is fixed, so that both phases (each with a server of its
// own) name people alike.
var pseudonymKey = []byte("kiezgraph-noninterference-pseudonyms")

// serverConfig is the configuration of each phase's server (each
// phase gets a server of its own, and so a fresh analysis cache:
// records added behind the store's back do not bump its data version).
// The complexity, alias and token limits are raised and rate limits are
// off: the generated documents select whole subtrees and alias fields of
// the same name in inline fragments, and what a document costs is not
// this test's question. The depth limit (15) stays; the generator keeps
// below it.
func serverConfig(t *testing.T) server.Config {
	t.Helper()
	cfg := server.DefaultConfig()
	a, err := auth.New(auth.Config{HMACSecret: testSecret, Anonymous: auth.AnonymousPublic})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Auth = a
	p, err := export.NewPseudonymizer(pseudonymKey)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Pseudonyms = p
	cfg.ComplexityLimit = 1 << 30
	cfg.RateLimit.Rate, cfg.RateLimit.Burst = 0, 0
	cfg.MaxTokens = 100000
	cfg.MaxAliases = 10000
	return cfg
}

// bearer returns a token for the principal, "" for the public.
func bearer(t *testing.T, p principal) string {
	t.Helper()
	if p.role == domain.RolePublic {
		return ""
	}
	tok, err := auth.SignHS256(testSecret, "noninterference-"+p.name, p.role, p.districts, time.Hour, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// discard is the services' logger.
var discard = slog.New(slog.NewTextHandler(io.Discard, nil))
