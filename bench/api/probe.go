package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// lastTransactionCypher reads the id of the newest transaction of the
// database. Neo4j 5 Community has no transaction counters (its metrics
// and org.neo4j JMX beans are Enterprise's; dbms.queryJmx shows only the
// JVM's beans), but transaction ids ("neo4j-transaction-1234") count up
// by one for every transaction the database starts, read or write, and
// SHOW TRANSACTIONS lists the running ones, its own the newest. The
// difference of two readings, less one for the probe itself, is the
// number of transactions begun in between.
const lastTransactionCypher = `SHOW TRANSACTIONS YIELD transactionId RETURN transactionId`

// transactions returns the sequence number of the newest running
// transaction of the database neo4j, which is the probe's own, and the
// number of transactions running, the probe included.
func transactions(ctx context.Context, driver neo4j.DriverWithContext) (newest int64, running int, err error) {
	res, err := neo4j.ExecuteQuery(ctx, driver, lastTransactionCypher, nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase("neo4j"))
	if err != nil {
		return 0, 0, fmt.Errorf("show transactions: %w", err)
	}
	newest = -1
	for _, r := range res.Records {
		v, _ := r.Get("transactionId")
		s, _ := v.(string)
		i := strings.LastIndexByte(s, '-')
		n, err := strconv.ParseInt(s[i+1:], 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("transaction id %q: %w", s, err)
		}
		newest = max(newest, n)
	}
	if newest < 0 {
		return 0, 0, fmt.Errorf("show transactions: not even the probe's own transaction listed")
	}
	return newest, len(res.Records), nil
}

// cpuTicks returns the CPU time a process has used, user and system, in
// clock ticks (fields 14 and 15 of /proc/PID/stat; the command name in
// field 2 may hold spaces, so fields are counted after its ")").
func cpuTicks(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("cpu of %d: %w", pid, err)
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("cpu of %d: short stat line", pid)
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	k, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("cpu of %d: bad stat line %q", pid, s)
	}
	return u + k, nil
}

// memory returns the resident set of a process and its peak, in bytes
// (VmRSS and VmHWM of /proc/PID/status).
func memory(pid int) (rss, peak int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, fmt.Errorf("memory of %d: %w", pid, err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		name, v, ok := strings.Cut(line, ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		f := strings.Fields(v)
		if len(f) != 2 || f[1] != "kB" {
			return 0, 0, fmt.Errorf("memory of %d: bad line %q", pid, line)
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("memory of %d: %w", pid, err)
		}
		if name == "VmRSS" {
			rss = kb * 1024
		} else {
			peak = kb * 1024
		}
	}
	return rss, peak, nil
}
