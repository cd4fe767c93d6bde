package server_test

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
	"time"
)

// faultNeo4j is a Neo4j of a test's own, started with scripts/neo4j.sh
// on a free port and a fresh data directory, so that the test can kill
// it with SIGKILL and start it again on the same port and data without
// disturbing the Neo4j the other tests share.
type faultNeo4j struct {
	script string // scripts/neo4j.sh
	dir    string // data directory
	port   int
}

// startFaultNeo4j starts a dedicated Neo4j and makes sure it is stopped
// and its data removed when the test ends, and also when the test
// process dies without running its cleanups (a watchdog process waits
// for it).
func startFaultNeo4j(t *testing.T) *faultNeo4j {
	t.Helper()
	script, err := filepath.Abs("../scripts/neo4j.sh")
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "kiezgraph-fault-neo4j.")
	if err != nil {
		t.Fatal(err)
	}
	db := &faultNeo4j{script: script, dir: dir}
	stopWatchdog := db.watchdog(t)
	t.Cleanup(func() {
		if err := db.stop(); err != nil {
			t.Errorf("stopping the dedicated Neo4j: %v", err)
		}
		stopWatchdog()
		_ = os.RemoveAll(dir)
	})
	for attempt := 1; ; attempt++ {
		db.port, err = freePort()
		if err != nil {
			t.Fatal(err)
		}
		err = db.start(t.Context())
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 98 && attempt < 3 {
			continue // the port was taken between picking and binding it
		}
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
}

// uri is the Bolt address of the instance.
func (db *faultNeo4j) uri() string { return fmt.Sprintf("bolt://127.0.0.1:%d", db.port) }

// run runs scripts/neo4j.sh with a small JVM: the machine is shared with
// the main test Neo4j.
func (db *faultNeo4j) run(ctx context.Context, args ...string) error {
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

// start starts Neo4j on the instance's port and data directory and
// returns when Bolt answers.
func (db *faultNeo4j) start(ctx context.Context) error {
	return db.run(ctx, "start", db.dir, strconv.Itoa(db.port))
}

// stop stops Neo4j gracefully (SIGKILL after 20 s); it does nothing when
// Neo4j is not running.
func (db *faultNeo4j) stop() error {
	return db.run(context.Background(), "stop", db.dir)
}

// kill kills the JVM with SIGKILL, as a crash or the OOM killer would,
// and returns once the port no longer accepts connections.
func (db *faultNeo4j) kill() error {
	raw, err := os.ReadFile(filepath.Join(db.dir, "neo4j.pid"))
	if err != nil {
		return fmt.Errorf("kill: %w", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil {
		return fmt.Errorf("kill: pid file: %w", err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		return fmt.Errorf("kill %d: %w", pid, err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(db.port))
	if !waitFor(10*time.Second, func() bool {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			return true
		}
		_ = c.Close()
		return false
	}) {
		return fmt.Errorf("kill %d: %s still accepts connections", pid, addr)
	}
	return nil
}

// listening waits until the port accepts connections again (Neo4j opens
// it while it is still starting) and returns when it did.
func (db *faultNeo4j) listening(ctx context.Context) time.Time {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(db.port))
	for ctx.Err() == nil {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			_ = c.Close()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	return time.Now()
}

// watchdog starts a process that stops the instance and removes its data
// if this test process dies first (a panic on -timeout skips cleanups);
// the returned function ends the watchdog.
func (db *faultNeo4j) watchdog(t *testing.T) func() {
	t.Helper()
	const script = `while kill -0 "$1" 2>/dev/null; do sleep 1; done
NEO4J_STOP_TIMEOUT=10 "$2" stop "$3" >/dev/null 2>&1
rm -rf -- "$3"`
	cmd := exec.Command("bash", "-c", script, "watchdog", strconv.Itoa(os.Getpid()), db.script, db.dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("watchdog: %v", err)
	}
	return func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
}

// freePort returns a local TCP port that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer func() { _ = ln.Close() }()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
