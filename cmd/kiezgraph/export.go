package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/export"
	"github.com/kiezgraph/kiezgraph/hsds"
)

// pseudonymKeyEnv names the variable holding the key of people's
// pseudonyms. It lives in configuration, never beside the exported data:
// whoever holds it can tell whether a pseudonym belongs to a person id.
const pseudonymKeyEnv = "KIEZGRAPH_PSEUDONYM_KEY"

// rolesPageSize is how many roles per actor one query loads.
const rolesPageSize = 1000

// exportConfig is a parsed export command line.
type exportConfig struct {
	format string
	query  domain.SliceQuery
	scores bool
	people *export.Pseudonymizer
	out    string
}

// exportStore is what an export reads: the network, roles and, for
// HSDS, services with what they reference.
type exportStore interface {
	NetworkSlice(ctx context.Context, q domain.SliceQuery) (*domain.NetworkSlice, error)
	RolesOfActors(ctx context.Context, actors []string, asOf *time.Time, page domain.PageArgs) (map[string]domain.Page[domain.Role], error)
	hsds.Reader
	placesStore
}

func parseExportArgs(args []string, getenv func(string) string, stderr io.Writer) (exportConfig, error) {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "", "gexf, graphml, csv, cytoscape, hsds (Open Referral HSDS 3.0 JSON of the services) or geojson (neighbourhoods, actors and services on the map) (required)")
	scope := fs.String("scope", "", "neighbourhood id (nbh_…); empty for the whole city")
	asOf := fs.String("as-of", "", "day the network is seen as of, YYYY-MM-DD (default today, UTC)")
	kinds := fs.String("kinds", "", "comma-separated cooperation kinds to include (default all)")
	scores := fs.Bool("scores", false, "add betweenness, constraint, effective size, degree, community and articulation points")
	people := fs.Bool("people", false, "add people as keyed pseudonyms and their roles (needs "+pseudonymKeyEnv+")")
	out := fs.String("out", "", "output file (csv: prefix of PATH-nodes.csv and PATH-edges.csv); default stdout")
	var cfg exportConfig
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("export: unexpected arguments %q", fs.Args())
	}
	switch *format {
	case "gexf", "graphml", "cytoscape":
	case "geojson":
		if *people {
			return cfg, errors.New("export: -format geojson writes places, not people: -people does not apply")
		}
	case "hsds":
		if *kinds != "" || *scores || *people {
			return cfg, errors.New("export: -format hsds writes services: -kinds, -scores and -people do not apply")
		}
	case "csv":
		if *out == "" {
			return cfg, errors.New("export: csv writes two files; give -out PATH for PATH-nodes.csv and PATH-edges.csv")
		}
	default:
		return cfg, fmt.Errorf("export: -format must be gexf, graphml, csv, cytoscape, hsds or geojson, not %q", *format)
	}
	cfg.format, cfg.scores, cfg.out = *format, *scores, *out
	y, m, d := time.Now().UTC().Date()
	cfg.query.AsOf = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if *asOf != "" {
		day, err := time.Parse(time.DateOnly, *asOf)
		if err != nil {
			return cfg, fmt.Errorf("export: -as-of must be YYYY-MM-DD: %w", err)
		}
		cfg.query.AsOf = day
	}
	if *scope != "" {
		cfg.query.Scope = scope
	}
	for _, k := range splitList(*kinds) {
		kind := domain.CooperationKind(strings.ToUpper(k))
		if !domain.Valid(kind) {
			return cfg, fmt.Errorf("export: unknown cooperation kind %q (want one of %v)", k, domain.CooperationKinds)
		}
		cfg.query.Kinds = append(cfg.query.Kinds, kind)
	}
	if *people {
		key := getenv(pseudonymKeyEnv)
		if key == "" {
			return cfg, fmt.Errorf("export: -people needs %s, a secret of at least %d bytes kept apart from the exports (e.g. from openssl rand -hex 32)",
				pseudonymKeyEnv, export.MinKeyLen)
		}
		ps, err := export.NewPseudonymizer([]byte(key))
		if err != nil {
			return cfg, fmt.Errorf("%s: %w", pseudonymKeyEnv, err)
		}
		cfg.people = ps
	}
	return cfg, nil
}

// exportNetwork loads the slice (and roles) and writes it; for HSDS, the
// services.
func exportNetwork(ctx context.Context, st exportStore, cfg exportConfig, stdout, stderr io.Writer) error {
	if cfg.format == "hsds" {
		return exportHSDS(ctx, st, cfg, stdout, stderr)
	}
	slice, err := st.NetworkSlice(ctx, cfg.query)
	if err != nil {
		return fmt.Errorf("export: load network: %w", err)
	}
	ds := export.Dataset{Slice: slice}
	opt := export.Options{AsOf: cfg.query.AsOf, Kinds: cfg.query.Kinds, IncludePeople: cfg.people != nil, Pseudonymizer: cfg.people}
	if cfg.query.Scope != nil {
		opt.Scope = *cfg.query.Scope
	}
	if cfg.people != nil {
		if ds.Roles, err = rolesOf(ctx, st, slice.Actors, cfg.query.AsOf); err != nil {
			return err
		}
	}
	if cfg.scores {
		ds.Scores = export.ComputeScores(slice)
	}
	if ds.Positions, err = positions(ctx, st, slice.Actors); err != nil {
		return err
	}
	if cfg.format == "geojson" {
		return exportGeoJSON(ctx, st, cfg, ds, stdout, stderr)
	}
	dest, err := writeExport(cfg, ds, opt, stdout)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "kiezgraph export: %s: %d actors, %d cooperations", cfg.format, len(slice.Actors), len(slice.Cooperations))
	if cfg.people != nil {
		fmt.Fprintf(stderr, ", %d roles (people pseudonymised)", len(ds.Roles))
	}
	fmt.Fprintf(stderr, "; %s → %s\n", opt.AsOf.Format(time.DateOnly), dest)
	return nil
}

// rolesOf loads the roles at the actors valid on asOf, page by page for
// actors with more than rolesPageSize.
func rolesOf(ctx context.Context, st exportStore, actors []domain.Actor, asOf time.Time) ([]domain.Role, error) {
	pending := make([]string, len(actors))
	for i, a := range actors {
		pending[i] = a.ID
	}
	var out []domain.Role
	for offset := 0; len(pending) > 0; offset += rolesPageSize {
		pages, err := st.RolesOfActors(ctx, pending, &asOf, domain.PageArgs{First: rolesPageSize, Offset: offset})
		if err != nil {
			return nil, fmt.Errorf("export: load roles: %w", err)
		}
		var more []string
		for _, id := range pending {
			p := pages[id]
			out = append(out, p.Items...)
			if p.HasNext() {
				more = append(more, id)
			}
		}
		pending = more
	}
	return out, nil
}

// writeExport writes ds in cfg's format and says where to.
func writeExport(cfg exportConfig, ds export.Dataset, opt export.Options, stdout io.Writer) (string, error) {
	if cfg.format == "csv" {
		prefix := strings.TrimSuffix(cfg.out, ".csv")
		nodes, edges := prefix+"-nodes.csv", prefix+"-edges.csv"
		err := writeFiles([]string{nodes, edges}, func(w []io.Writer) error { return export.WriteCSV(w[0], w[1], ds, opt) })
		return nodes + ", " + edges, err
	}
	write := map[string]func(io.Writer, export.Dataset, export.Options) error{
		"gexf": export.WriteGEXF, "graphml": export.WriteGraphML, "cytoscape": export.WriteCytoscape}[cfg.format]
	if cfg.out == "" {
		bw := bufio.NewWriter(stdout)
		if err := write(bw, ds, opt); err != nil {
			return "", err
		}
		return "stdout", bw.Flush()
	}
	return cfg.out, writeFiles([]string{cfg.out}, func(w []io.Writer) error { return write(w[0], ds, opt) })
}

// writeFiles writes files through temporary files beside them, renamed
// into place only when all were written, so that a failed export leaves
// no partial files.
func writeFiles(paths []string, write func([]io.Writer) error) (err error) {
	tmps := make([]*os.File, 0, len(paths))
	defer func() {
		for _, f := range tmps {
			_ = f.Close()
			if err != nil {
				_ = os.Remove(f.Name())
			}
		}
	}()
	ws := make([]io.Writer, len(paths))
	bufs := make([]*bufio.Writer, len(paths))
	for i, p := range paths {
		f, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".*")
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		tmps = append(tmps, f)
		bufs[i] = bufio.NewWriter(f)
		ws[i] = bufs[i]
	}
	if err := write(ws); err != nil {
		return err
	}
	for i, f := range tmps {
		if err := bufs[i].Flush(); err != nil {
			return fmt.Errorf("export: write %s: %w", paths[i], err)
		}
		if err := f.Chmod(0o644); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("export: write %s: %w", paths[i], err)
		}
	}
	for i, f := range tmps {
		if err := os.Rename(f.Name(), paths[i]); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}

// exportHSDS writes the services valid on the day in the scope as HSDS
// 3.0 JSON.
func exportHSDS(ctx context.Context, st exportStore, cfg exportConfig, stdout, stderr io.Writer) error {
	q := hsds.Query{Scope: cfg.query.Scope, AsOf: cfg.query.AsOf}
	var stats hsds.Stats
	write := func(w io.Writer) error {
		var err error
		if stats, err = hsds.Export(ctx, st, q, w); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return nil
	}
	dest := "stdout"
	var err error
	if cfg.out == "" {
		err = write(stdout)
	} else {
		dest = cfg.out
		err = writeFiles([]string{cfg.out}, func(w []io.Writer) error { return write(w[0]) })
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "kiezgraph export: hsds: %d services of %d organizations; %s → %s\n",
		stats.Services, stats.Organizations, q.AsOf.Format(time.DateOnly), dest)
	return nil
}
