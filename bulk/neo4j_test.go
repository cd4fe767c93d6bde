package bulk

// Integration tests against a real Neo4j: the shared one of
// scripts/with-neo4j.sh for the online import, and one of the test's own
// for neo4j-admin's offline import. Run them with
//
//	KIEZGRAPH_REQUIRE_NEO4J=1 scripts/with-neo4j.sh go test -count=1 ./bulk/

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/internal/neo4jtest"
	"github.com/kiezgraph/kiezgraph/store"
)

var (
	testStore  *store.Store
	testDriver neo4j.DriverWithContext
)

func TestMain(m *testing.M) {
	os.Exit(neo4jtest.Main(m, "bulk", func(s *store.Store, d neo4j.DriverWithContext) { testStore, testDriver = s, d }))
}

// ownNeo4j is a Neo4j of the test's own (scripts/neo4j.sh on a fresh
// data directory and a free port), beside the shared one.
type ownNeo4j struct {
	script string
	dir    string
	port   int
}

// newOwnNeo4j prepares a data directory; the instance is stopped and the
// directory removed when the test ends, and also when the test process
// dies without running its cleanups (a watchdog process waits for it).
func newOwnNeo4j(t *testing.T) *ownNeo4j {
	t.Helper()
	script, err := filepath.Abs("../scripts/neo4j.sh")
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "kiezgraph-bulk-neo4j.")
	if err != nil {
		t.Fatal(err)
	}
	db := &ownNeo4j{script: script, dir: dir}
	const watch = `while kill -0 "$1" 2>/dev/null; do sleep 1; done
NEO4J_STOP_TIMEOUT=10 "$2" stop "$3" >/dev/null 2>&1
rm -rf -- "$3"`
	cmd := exec.Command("bash", "-c", watch, "watchdog", strconv.Itoa(os.Getpid()), script, dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("watchdog: %v", err)
	}
	t.Cleanup(func() {
		if err := db.run(context.Background(), "stop", dir); err != nil {
			t.Errorf("stopping the test's own Neo4j: %v", err)
		}
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		_ = os.RemoveAll(dir)
	})
	return db
}

// run runs scripts/neo4j.sh with a small JVM: the machine is shared with
// the main test Neo4j.
func (db *ownNeo4j) run(ctx context.Context, args ...string) error {
	cmd := exec.CommandContext(ctx, db.script, args...)
	cmd.Env = append(os.Environ(),
		"NEO4J_JAVA_OPTS=-XX:TieredStopAtLevel=1 -Xms256m -Xmx768m",
		"NEO4J_PAGECACHE=64m", "NEO4J_START_TIMEOUT=120", "NEO4J_STOP_TIMEOUT=20", "NEO4J_LISTEN_HOST=127.0.0.1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("neo4j.sh %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// start starts the instance on a free port.
func (db *ownNeo4j) start(ctx context.Context) error {
	for attempt := 1; ; attempt++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		db.port = ln.Addr().(*net.TCPAddr).Port
		_ = ln.Close()
		err = db.run(ctx, "start", db.dir, strconv.Itoa(db.port))
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 98 && attempt < 3 {
			continue // the port was taken between picking and binding it
		}
		return err
	}
}

func (db *ownNeo4j) uri() string { return fmt.Sprintf("bolt://127.0.0.1:%d", db.port) }
