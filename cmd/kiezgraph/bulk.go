package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/kiezgraph/kiezgraph/bulk"
	"github.com/kiezgraph/kiezgraph/importer"
)

// importBulk checks the files of cfg as for an empty database and writes
// them into the directory cfg.bulk as CSV files for neo4j-admin's
// offline import; nothing is written to Neo4j. When rows are bad (without
// -partial), on -dry-run and on any error, it leaves no file behind.
func importBulk(ctx context.Context, cfg importConfig, getenv func(string) string, stdout, stderr io.Writer) error {
	files, err := planImport(cfg)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	bs, err := bulk.New(cfg.bulk, time.Now())
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	cfg.opt.Progress = importer.NewProgress(stderr, newLogger(getenv("LOG_LEVEL"), stderr))
	cfg.opt.IDKey = idKey(getenv)
	start := time.Now()
	rep, err := importer.Run(ctx, bs, files, cfg.opt)
	err = errors.Join(err, reportImport(rep, cfg, time.Since(start), stdout, stderr))
	if err != nil || cfg.opt.DryRun {
		return errors.Join(err, bs.Discard())
	}
	sum, err := bs.Close()
	if err != nil {
		return fmt.Errorf("import: %w", errors.Join(err, bs.Discard()))
	}
	fmt.Fprintf(stdout, `wrote %d nodes and %d relationships as CSV files for neo4j-admin in %s (%s).
Load them into an empty database, with Neo4j stopped (this replaces the database neo4j):
  scripts/neo4j.sh bulk-import NEO4J_DATA_DIR %[3]s     # the project's Neo4j; make bulk-import does it all
  neo4j-admin database import full --overwrite-destination=true @%[5]s neo4j
then start Neo4j and run kiezgraph migrate (or kiezgraph serve): it applies the schema.
`, sum.Nodes, sum.Relationships, cfg.bulk, time.Since(start).Round(time.Millisecond), sum.Args)
	if sum.Multiline {
		fmt.Fprintln(stdout, "Values hold line breaks, so neo4j-admin reads the files with --multiline-fields=true, which is slower.")
	}
	return nil
}
