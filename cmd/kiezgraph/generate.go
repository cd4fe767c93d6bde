package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/kiezgraph/kiezgraph/importer"
	"github.com/kiezgraph/kiezgraph/seed"
)

const generateUsage = `usage: kiezgraph generate [flags] -out DIR

Writes a reproducible synthetic city as import files (one CSV per type),
for benchmarks and load tests; import it with kiezgraph import DIR. Its
map (outlines of the city, districts and quarters, a point per actor) is
DIR/places.geojson; import it after the rest with kiezgraph import
-format geojson -key-property key DIR/places.geojson. No database is
needed.

flags:
`

func parseGenerateArgs(args []string, stderr io.Writer) (seed.SyntheticOptions, error) {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), generateUsage)
		fs.PrintDefaults()
	}
	var opts seed.SyntheticOptions
	fs.IntVar(&opts.Actors, "actors", 1000, "actors (at least 20)")
	fs.IntVar(&opts.Links, "links", 0, "cooperations (default five per actor)")
	fs.Uint64Var(&opts.Seed, "seed", 1, "seed: the same seed and sizes give the same files")
	fs.StringVar(&opts.Dir, "out", "", "directory to write the files to (created when missing)")
	if err := fs.Parse(args); err != nil {
		return opts, err
	}
	switch {
	case fs.NArg() > 0:
		return opts, fmt.Errorf("generate: unexpected arguments %q", fs.Args())
	case opts.Dir == "":
		fs.Usage()
		return opts, errors.New("generate: give -out DIR")
	case opts.Actors < 20:
		return opts, errors.New("generate: -actors must be at least 20")
	case opts.Links < 0:
		return opts, errors.New("generate: -links must not be negative")
	}
	return opts, nil
}

// runGenerate is the generate command: it writes a synthetic city and
// says how many rows of each type it wrote.
func runGenerate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	opts, err := parseGenerateArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	start := time.Now()
	stats, err := seed.Synthetic(opts)
	if err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	total := 0
	for _, k := range importer.Kinds {
		fmt.Fprintf(stdout, "%-20s %9d rows\n", string(k)+".csv", stats[k])
		total += stats[k]
	}
	fmt.Fprintf(stdout, "%-20s (outlines, actors' and services' points)\n", seed.PlacesFile)
	fmt.Fprintf(stdout, "%d rows written to %s in %s\n", total, opts.Dir, time.Since(start).Round(time.Millisecond))
	return nil
}
