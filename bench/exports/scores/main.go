// Command scores times, phase by phase, what the scores of a network
// export (GET /export/…?scores=true) compute, on the database of
// NEO4J_URI: reading the network slice, building the compact graph,
// exact betweenness, Burt's constraint and effective size, brokerage
// roles, articulation points, communities and joining them into the
// export's scores. It is the measurement behind the README's figures on
// scores at 100 000 actors (see bench/exports/measure.sh for the
// exports' memory).
//
//	NEO4J_URI=bolt://127.0.0.1:7811 go run ./bench/exports/scores [-scope ID] [-asOf DAY] [-sources K]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"time"

	"github.com/kiezgraph/kiezgraph/analysis"
	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/export"
	"github.com/kiezgraph/kiezgraph/insights"
	"github.com/kiezgraph/kiezgraph/store"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "scores:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("scores", flag.ContinueOnError)
	scope := fs.String("scope", "", "neighbourhood id (the whole city without)")
	asOf := fs.String("asOf", time.Now().UTC().Format(time.DateOnly), "day")
	sources := fs.Int("sources", 0, "sampled betweenness from this many sources (0: exact)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	day, err := time.Parse(time.DateOnly, *asOf)
	if err != nil {
		return err
	}
	q := domain.SliceQuery{AsOf: day}
	if *scope != "" {
		q.Scope = scope
	}
	st, err := store.Open(ctx, store.Config{URI: os.Getenv("NEO4J_URI"), User: os.Getenv("NEO4J_USER"),
		Password: os.Getenv("NEO4J_PASSWORD"), Database: os.Getenv("NEO4J_DATABASE")}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer func() { _ = st.Close(ctx) }()

	start := time.Now()
	phase := func(name string, f func()) {
		t := time.Now()
		f()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		fmt.Fprintf(out, "%-32s %8.1f s   heap in use %5d MiB\n", name, time.Since(t).Seconds(), m.HeapInuse>>20)
	}
	var slice *domain.NetworkSlice
	phase("read the slice (NetworkSlice)", func() { slice, err = st.NetworkSlice(ctx, q) })
	if err != nil {
		return err
	}
	var n *insights.Network
	phase("compact graph (NewNetwork)", func() { n = insights.NewNetwork(slice) })
	fmt.Fprintf(out, "%d actors, %d ties\n", n.Undirected.N(), n.Undirected.M())
	// Brokers computes betweenness itself: it is not run twice here (at
	// 100 000 actors it takes minutes); it is what brokers takes beyond
	// the other parts.
	phase("constraint", func() { analysis.Constraint(n.Undirected, false) })
	phase("effective size", func() { analysis.EffectiveSize(n.Undirected, false) })
	phase("articulation points", func() { analysis.ArticulationPoints(n.Undirected) })
	var brokers []insights.Broker
	phase("brokers (betweenness and the above)", func() {
		brokers = insights.Brokers(n, insights.BrokerOptions{Partition: insights.BySector, Sources: *sources})
	})
	var comms insights.Communities
	phase("communities", func() { comms = insights.DetectCommunities(n, 1) })
	if comms.Modularity != nil {
		fmt.Fprintf(out, "%d communities, modularity %.4f\n", len(comms.Communities), *comms.Modularity)
	}
	phase("join (export.ScoresOf)", func() { export.ScoresOf(brokers, comms) })
	fmt.Fprintf(out, "%-32s %8.1f s\n", "total", time.Since(start).Seconds())
	return nil
}
