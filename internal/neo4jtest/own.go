package neo4jtest

// A Neo4j of a test's own, beside the shared one of scripts/with-neo4j.sh:
// for tests that need an empty store (neo4j-admin's offline import) or
// that kill and restart the database.

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
)

// Instance is a Neo4j of a test's own: scripts/neo4j.sh on a fresh data
// directory and, once started, a free local port.
type Instance struct {
	Script string // scripts/neo4j.sh, absolute
	Dir    string // data directory
	Port   int    // Bolt port; 0 until the first Start
}

// Own prepares a fresh data directory (named after prefix) for an
// instance; nothing runs yet. The instance is stopped and the directory
// removed when the test ends, and also when the test process dies without
// running its cleanups (a panic on -timeout skips them): a watchdog
// process waits for it.
func Own(t testing.TB, prefix string) *Instance {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "kiezgraph-"+prefix+"-neo4j.")
	if err != nil {
		t.Fatal(err)
	}
	db := &Instance{Script: filepath.Join(root, "scripts", "neo4j.sh"), Dir: dir}
	const watch = `while kill -0 "$1" 2>/dev/null; do sleep 1; done
NEO4J_STOP_TIMEOUT=10 "$2" stop "$3" >/dev/null 2>&1
rm -rf -- "$3"`
	cmd := exec.Command("bash", "-c", watch, "watchdog", strconv.Itoa(os.Getpid()), db.Script, dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		_ = os.RemoveAll(dir)
		t.Fatalf("watchdog: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Stop(); err != nil {
			t.Errorf("stopping the test's own Neo4j: %v", err)
		}
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		_ = os.RemoveAll(dir)
	})
	return db
}

// Run runs scripts/neo4j.sh with args and a small JVM: the machine is
// shared with the main test Neo4j. The error carries the script's output.
func (db *Instance) Run(ctx context.Context, args ...string) error {
	cmd := exec.CommandContext(ctx, db.Script, args...)
	cmd.Env = append(os.Environ(),
		"NEO4J_JAVA_OPTS=-XX:TieredStopAtLevel=1 -Xms256m -Xmx768m",
		"NEO4J_PAGECACHE=64m", "NEO4J_START_TIMEOUT=120", "NEO4J_STOP_TIMEOUT=20", "NEO4J_LISTEN_HOST=127.0.0.1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("neo4j.sh %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// Start starts Neo4j on the data directory and returns when Bolt
// answers: the first time on a free port, later (after Stop or a crash)
// on the same port again.
func (db *Instance) Start(ctx context.Context) error {
	if db.Port != 0 {
		return db.Run(ctx, "start", db.Dir, strconv.Itoa(db.Port))
	}
	for attempt := 1; ; attempt++ {
		port, err := freePort()
		if err != nil {
			return err
		}
		err = db.Run(ctx, "start", db.Dir, strconv.Itoa(port))
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 98 && attempt < 3 {
			continue // the port was taken between picking and binding it
		}
		if err == nil {
			db.Port = port
		}
		return err
	}
}

// Stop stops Neo4j gracefully (SIGKILL after 20 s); it does nothing when
// Neo4j is not running.
func (db *Instance) Stop() error {
	return db.Run(context.Background(), "stop", db.Dir)
}

// Addr is the host:port of the instance's Bolt port.
func (db *Instance) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(db.Port)) }

// URI is the Bolt address of the instance.
func (db *Instance) URI() string { return "bolt://" + db.Addr() }

// freePort returns a local TCP port that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer func() { _ = ln.Close() }()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// moduleRoot finds the module's root (the directory with go.mod) from the
// working directory up; tests run in their package's directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("neo4jtest: no go.mod above the working directory")
		}
		dir = parent
	}
}
