package server_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/internal/neo4jtest"
)

// faultNeo4j is a Neo4j of a test's own (neo4jtest.Own), so that the
// test can kill it with SIGKILL and start it again on the same port and
// data without disturbing the Neo4j the other tests share.
type faultNeo4j struct {
	*neo4jtest.Instance
}

// startFaultNeo4j starts a dedicated Neo4j; it is stopped and its data
// removed when the test ends, or when the test process dies.
func startFaultNeo4j(t *testing.T) *faultNeo4j {
	t.Helper()
	db := &faultNeo4j{neo4jtest.Own(t, "fault")}
	if err := db.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	return db
}

// kill kills the JVM with SIGKILL, as a crash or the OOM killer would,
// and returns once the port no longer accepts connections.
func (db *faultNeo4j) kill() error {
	raw, err := os.ReadFile(filepath.Join(db.Dir, "neo4j.pid"))
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
	addr := db.Addr()
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
	addr := db.Addr()
	for ctx.Err() == nil {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			_ = c.Close()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	return time.Now()
}
