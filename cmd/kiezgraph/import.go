package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	osuser "os/user"
	"strconv"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/hsds"
	"github.com/kiezgraph/kiezgraph/importer"
	"github.com/kiezgraph/kiezgraph/store"
)

// importConfig is a parsed import command line.
type importConfig struct {
	paths  []string
	kind   importer.Kind
	opt    importer.Options
	report string
	// format is "" for kiezgraph's own files, "hsds" for HSDS JSON,
	// "geojson" for neighbourhood outlines (see import_geojson.go).
	format  string
	geojson importer.GeoJSONOptions
	mapping string
	// bulk is the directory of CSV files for neo4j-admin, or "".
	bulk string
}

const importUsage = `usage: kiezgraph import [flags] PATH...

Imports CSV (.csv), JSON (.json, one array of objects) and JSON Lines
(.jsonl) files, or every such file in a directory, merged by external key:
importing again changes nothing, changed rows update their records. Each
file's type comes from its name (actors.csv, 2024-actors.json) or -type.
The columns are described in examples/import/FORMAT.md.

With -format hsds, PATHs are Open Referral HSDS 3.0 JSON files (or
directories of them) of services with their organizations, or
directories of HSDS tables (services.csv, organizations.csv, ...); -mapping
names the CSV file that maps taxonomy terms to target groups, topics,
kinds and sectors and service areas and locations to neighbourhoods
(see examples/hsds/FORMAT.md).

With -format geojson -key-property PROP, PATHs are GeoJSON
FeatureCollections of neighbourhood outlines (Polygon or MultiPolygon, WGS
84) whose property PROP holds each area's official code (or external
key), e.g. Berlin's LOR files with -key-property PLR_ID. Bad features are
listed as FILE:FEATURE: REASON and nothing is written.

Every row is checked before anything is written; by default nothing is
written when any row is bad. Bad rows are listed as FILE:LINE: COLUMN: REASON.

With -bulk DIR, nothing is written to Neo4j (no connection is needed):
the files are checked as for an empty database and written to the new or
empty directory DIR as CSV files for Neo4j's offline importer, which loads
an empty database much faster (an initial load; records are created, not
merged). Load them with

  scripts/neo4j.sh bulk-import NEO4J_DATA_DIR DIR     (the project's Neo4j, stopped)
  neo4j-admin database import full --overwrite-destination=true @DIR/import.args neo4j

then start Neo4j and run kiezgraph migrate (or serve), which applies the
schema.

flags:
`

func parseImportArgs(args []string, stderr io.Writer) (importConfig, error) {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), importUsage)
		fs.PrintDefaults()
	}
	kind := fs.String("type", "", "file type of every PATH (e.g. actors) instead of telling it from the name")
	batch := fs.Int("batch", importer.DefaultBatch, "rows per write transaction")
	partial := fs.Bool("partial", false, "write the good rows of files with bad rows (bad rows are listed)")
	dryRun := fs.Bool("dry-run", false, "check the files against the database and write nothing")
	workers := fs.Int("workers", importer.DefaultWorkers, "write transactions in flight at once")
	report := fs.String("report", "", "also write the bad rows to this CSV file (file,line,column,reason)")
	format := fs.String("format", "", "hsds for Open Referral HSDS 3.0 JSON, geojson for neighbourhood outlines; empty for kiezgraph's import files")
	keyProp := fs.String("key-property", "", "with -format geojson: the feature property holding the official code, e.g. PLR_ID")
	tolerance := fs.Float64("tolerance", domain.DefaultContainmentTolerance, "with -format geojson: metres a quarter may stray outside its district's outline")
	mapping := fs.String("mapping", "", "with -format hsds: the mapping file (hsds,match,kiezgraph)")
	bulkDir := fs.String("bulk", "", "write CSV files for neo4j-admin's offline import of an empty database into this new or empty directory instead of writing to Neo4j")
	var cfg importConfig
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return cfg, errors.New("import: give at least one file or directory")
	}
	if *batch < 1 || *workers < 1 {
		return cfg, errors.New("import: -batch and -workers must be at least 1")
	}
	switch *format {
	case "":
		if *mapping != "" {
			return cfg, errors.New("import: -mapping is for -format hsds")
		}
	case "hsds":
		if *kind != "" {
			return cfg, errors.New("import: -type does not apply to -format hsds (each HSDS file holds organizations and services)")
		}
	case "geojson":
		if *keyProp == "" {
			return cfg, errors.New("import: -format geojson needs -key-property (the property with the official code, e.g. PLR_ID)")
		}
		cfg.geojson = importer.GeoJSONOptions{KeyProperty: *keyProp, Tolerance: *tolerance, DryRun: *dryRun}
	default:
		return cfg, fmt.Errorf("import: -format must be hsds, geojson or empty, not %q", *format)
	}
	cfg.format, cfg.mapping = *format, *mapping
	if *kind != "" {
		k, err := importer.ParseKind(*kind)
		if err != nil {
			return cfg, fmt.Errorf("import: -type: %w", err)
		}
		cfg.kind = k
	}
	cfg.paths, cfg.report, cfg.bulk = fs.Args(), *report, *bulkDir
	cfg.opt = importer.Options{Batch: *batch, Partial: *partial, DryRun: *dryRun, Workers: *workers}
	return cfg, nil
}

// importFiles imports the files of cfg, after applying the schema (whose
// uniqueness constraints both guard the keys and index the merges).
// Progress goes to stderr (a bar on a terminal, else a log line per
// batch), bad rows to stderr, the summary to stdout.
func importFiles(ctx context.Context, st *store.Store, cfg importConfig, getenv func(string) string, stdout, stderr io.Writer) error {
	if cfg.format == "geojson" {
		return importOutlines(ctx, st, cfg, getenv, stdout, stderr)
	}
	files, err := planImport(cfg)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if !cfg.opt.DryRun {
		if err := st.Migrate(ctx); err != nil {
			return err
		}
	}
	cfg.opt.Progress = importer.NewProgress(stderr, newLogger(getenv("LOG_LEVEL"), stderr))
	start := time.Now()
	cfg.opt.IDKey = idKey(getenv)
	rep, runErr := importer.Run(ctx, st, files, cfg.opt)
	if runErr == nil && cfg.format == "hsds" && !cfg.opt.DryRun {
		runErr = importHSDSLocations(ctx, st, cfg.paths, stdout)
	}
	reportErr := reportImport(rep, cfg, time.Since(start), stdout, stderr)
	return errors.Join(runErr, reportErr, auditImport(ctx, st, rep, getenv, stdout))
}

// auditImport records in the audit trail what an import wrote, also when
// it was interrupted, as the operating-system user who ran it
// ("cli:NAME"): the command line bypasses the API's checks, so the trail
// is where it shows.
func auditImport(ctx context.Context, st *store.Store, rep *importer.Report, getenv func(string) string, stdout io.Writer) error {
	if rep == nil {
		return nil
	}
	written := rep.WrittenByFile()
	if len(written) == 0 {
		return nil
	}
	user := getenv("USER")
	if user == "" {
		if u, err := osuser.Current(); err == nil {
			user = u.Username
		} else {
			user = "unknown"
		}
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	ctx = domain.WithAccess(ctx, domain.Access{Subject: "cli:" + user, Role: domain.RoleAdmin})
	id, err := st.AuditImport(ctx, "import", written)
	if err != nil {
		return fmt.Errorf("import: record in the audit trail: %w", err)
	}
	fmt.Fprintf(stdout, "recorded in the audit trail as %s\n", id)
	return nil
}

// reportImport lists the bad rows on stderr (and in cfg.report) and the
// summary on stdout.
func reportImport(rep *importer.Report, cfg importConfig, took time.Duration, stdout, stderr io.Writer) error {
	if rep == nil {
		return nil
	}
	printProblems(rep, stderr)
	printSummary(rep, cfg.opt, took, stdout)
	if cfg.report != "" {
		return writeProblems(cfg.report, rep)
	}
	return nil
}

// planImport lists the files to import in cfg's format.
func planImport(cfg importConfig) ([]importer.File, error) {
	if cfg.format != "hsds" {
		return importer.Plan(cfg.paths, cfg.kind)
	}
	var m *hsds.Mapping
	if cfg.mapping != "" {
		var err error
		if m, err = hsds.ReadMappingFile(cfg.mapping); err != nil {
			return nil, fmt.Errorf("mapping %w", err)
		}
	}
	return hsds.Plan(cfg.paths, m)
}

// printProblems lists bad rows as FILE:LINE: COLUMN: REASON, each once
// (an HSDS file is read as two files, of organizations and services,
// which report a file that cannot be read alike).
func printProblems(rep *importer.Report, w io.Writer) {
	seen := map[importer.Problem]bool{}
	for _, f := range rep.Files {
		for _, p := range f.Problems {
			if !seen[p] {
				seen[p] = true
				fmt.Fprintln(w, p)
			}
		}
		if f.MoreProblems > 0 {
			fmt.Fprintf(w, "%s: … and %d more problems\n", f.Path, f.MoreProblems)
		}
		for _, p := range f.Warnings {
			if !seen[p] {
				seen[p] = true
				fmt.Fprintln(w, p)
			}
		}
	}
}

// printSummary writes a line per file and a total.
func printSummary(rep *importer.Report, opt importer.Options, took time.Duration, w io.Writer) {
	for _, f := range rep.Files {
		rate := ""
		if f.Write > 0 && f.Written > 0 {
			rate = fmt.Sprintf(", %.0f rows/s written", float64(f.Written)/f.Write.Seconds())
		}
		fmt.Fprintf(w, "%s (%s): %d rows, %d bad, %d written%s\n", f.Path, f.Kind, f.Rows, f.Bad, f.Written, rate)
	}
	rows := 0
	for _, f := range rep.Files {
		rows += f.Rows
	}
	fmt.Fprintf(w, "%d files: %d rows read, %d bad, %d written in %s", len(rep.Files), rows, rep.Bad(), rep.Written(), took.Round(time.Millisecond))
	if opt.DryRun {
		fmt.Fprint(w, " (dry run: nothing is written)")
	}
	fmt.Fprintln(w)
}

// writeProblems writes the bad rows as CSV.
func writeProblems(path string, rep *importer.Report) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("import: report: %w", err)
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"file", "line", "column", "reason"})
	seen := map[importer.Problem]bool{}
	for _, fr := range rep.Files {
		for _, p := range fr.Problems {
			if seen[p] {
				continue
			}
			seen[p] = true
			_ = w.Write([]string{p.File, strconv.Itoa(p.Line), p.Column, p.Reason})
		}
	}
	w.Flush()
	if err := errors.Join(w.Error(), f.Close()); err != nil {
		return fmt.Errorf("import: report: %w", err)
	}
	return nil
}
