package bulk

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/store"
)

func TestEncode(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	for _, c := range []struct {
		name string
		v    any
		want cell
		err  string
	}{
		{"unset", nil, cell{unset: true}, ""},
		{"empty string", "", cell{text: `""`, typ: typeString}, ""},
		{"quotes and commas", `say "hi", then go`, cell{text: `"say ""hi"", then go"`, typ: typeString}, ""},
		{"backslash stays", `C:\dir\`, cell{text: `"C:\dir\"`, typ: typeString}, ""},
		{"line break", "one\ntwo", cell{text: "\"one\ntwo\"", typ: typeString, multiline: true}, ""},
		{"carriage return", "one\rtwo", cell{text: "\"one\rtwo\"", typ: typeString, multiline: true}, ""},
		{"unicode", "Mühlbach 🙂", cell{text: `"Mühlbach 🙂"`, typ: typeString}, ""},
		{"long", int64(-42), cell{text: "-42", typ: typeLong}, ""},
		{"double", 0.1, cell{text: "0.1", typ: typeDouble}, ""},
		{"double, whole", 2.0, cell{text: "2", typ: typeDouble}, ""},
		{"double, tiny", 1e-7, cell{text: "1e-07", typ: typeDouble}, ""},
		{"double, huge", 1e21, cell{text: "1e+21", typ: typeDouble}, ""},
		{"NaN", math.NaN(), cell{text: "NaN", typ: typeDouble}, ""},
		{"infinity", math.Inf(-1), cell{text: "-Infinity", typ: typeDouble}, ""},
		{"boolean", false, cell{text: "false", typ: typeBoolean}, ""},
		{"date", neo4j.DateOf(time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)), cell{text: "2024-02-29", typ: typeDate}, ""},
		{"datetime in UTC", time.Date(2026, 1, 2, 0, 30, 0, 5, berlin), cell{text: "2026-01-01T23:30:00.000000005Z", typ: typeDateTime}, ""},
		{"list", []string{"a", "b,c", `d"e`}, cell{text: "\"a\x1fb,c\x1fd\"\"e\"", typ: typeStrings}, ""},
		{"list with a line break", []string{"a\nb"}, cell{text: "\"a\nb\"", typ: typeStrings, multiline: true}, ""},
		{"list with an empty item", []string{"a", ""}, cell{text: "\"a\x1f\"", typ: typeStrings}, ""},
		{"empty list", []string{}, cell{typ: typeStrings, emptyList: true}, ""},
		{"list of one empty string", []string{""}, cell{}, "one empty string"},
		{"list item with the delimiter", []string{"a\x1fb"}, cell{}, "array delimiter U+001F"},
		{"other type", 3, cell{}, "type int"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := encode(c.v)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want one with %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

// newStore returns a Store writing into a new directory of the test.
func newStore(t *testing.T) (*Store, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "csv")
	s, err := New(dir, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return s, dir
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestNewRefusesNonEmptyAndOddDirectories(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := New(dir, time.Now()); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("non-empty directory: %v", err)
	}
	if _, err := New(filepath.Join(t.TempDir(), "a b"), time.Now()); err == nil || !strings.Contains(err.Error(), "letters, digits") {
		t.Errorf("directory with a blank: %v", err)
	}
	if _, err := New(t.TempDir(), time.Now()); err != nil {
		t.Errorf("empty directory: %v", err)
	}
}

func TestHeadersTypesAndArgs(t *testing.T) {
	s, dir := newStore(t)
	pop := 8420
	desc := "zwei\nZeilen"
	b := &store.ImportBatch{Dataset: domain.Dataset{Neighbourhoods: []domain.Neighbourhood{
		{ID: "nbh_city", Name: "Stadt", Level: domain.LevelCity},
		{ID: "nbh_a", Name: "A", Level: domain.LevelDistrict, ParentID: ptr("nbh_city"), Population: &pop, Description: &desc},
	}}}
	if err := s.WriteImportBatch(t.Context(), b); err != nil {
		t.Fatal(err)
	}
	sum, err := s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if sum.Nodes != 2 || sum.Relationships != 1 || !sum.Multiline {
		t.Errorf("summary %+v, want 2 nodes, 1 relationship, multiline", sum)
	}
	header := read(t, filepath.Join(dir, "nodes-Neighbourhood.header.csv"))
	for _, col := range []string{"id:ID(Neighbourhood),:LABEL,", ",createdAt:datetime,", ",population:long,", ",quarterManagement:boolean,",
		",lastConfirmed:string,", ",name:string,"} {
		if !strings.Contains(header, col) {
			t.Errorf("header %q lacks %q", header, col)
		}
	}
	data := read(t, filepath.Join(dir, "nodes-Neighbourhood.csv"))
	if !strings.HasPrefix(data, `"nbh_city",Neighbourhood,`) || !strings.Contains(data, ",8420,") || !strings.Contains(data, "\"zwei\nZeilen\"") {
		t.Errorf("data:\n%s", data)
	}
	mustHave(t, read(t, filepath.Join(dir, "rels-PART_OF-Neighbourhood-Neighbourhood.header.csv")), ":START_ID(Neighbourhood),:END_ID(Neighbourhood)\n")
	mustHave(t, read(t, filepath.Join(dir, "rels-PART_OF-Neighbourhood-Neighbourhood.csv")), "\"nbh_a\",\"nbh_city\"\n")
	args := read(t, sum.Args)
	for _, a := range []string{"--nodes=" + dir + "/nodes-Neighbourhood.header.csv," + dir + "/nodes-Neighbourhood.csv\n",
		"--relationships=PART_OF=" + dir + "/rels-PART_OF-Neighbourhood-Neighbourhood.header.csv,", "--array-delimiter=U+001F\n",
		"--multiline-fields=true\n"} {
		mustHave(t, args, a)
	}
	if !strings.HasSuffix(args, "--report-file="+dir+"/import.report\n") {
		t.Errorf("the arguments do not end with a single-valued option:\n%s", args)
	}
}

func mustHave(t *testing.T, s, part string) {
	t.Helper()
	if !strings.Contains(s, part) {
		t.Errorf("%q lacks %q", s, part)
	}
}

func ptr[T any](v T) *T { return &v }

func TestNoMultilineWithoutLineBreaks(t *testing.T) {
	s, _ := newStore(t)
	b := &store.ImportBatch{Dataset: domain.Dataset{Neighbourhoods: []domain.Neighbourhood{{ID: "nbh_city", Name: "Stadt", Level: domain.LevelCity}}}}
	if err := s.WriteImportBatch(t.Context(), b); err != nil {
		t.Fatal(err)
	}
	sum, err := s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if args := read(t, sum.Args); strings.Contains(args, "multiline") {
		t.Errorf("multiline without line breaks:\n%s", args)
	}
}

func TestRecordsTwiceAreRefused(t *testing.T) {
	s, _ := newStore(t)
	actor := domain.Actor{ID: "act_a", Name: "A", Kind: domain.KindSchool, Sector: domain.SectorPublic}
	b := &store.ImportBatch{Dataset: domain.Dataset{Actors: []domain.Actor{actor}}}
	if err := s.WriteImportBatch(t.Context(), b); err != nil {
		t.Fatal(err)
	}
	err := s.WriteImportBatch(t.Context(), b)
	if err == nil || !strings.Contains(err.Error(), "node Actor act_a comes twice") {
		t.Errorf("the same actor twice: %v", err)
	}
}

func TestTypeConflictsAndPartialEmptyListsAreRefused(t *testing.T) {
	s, _ := newStore(t)
	n := 0
	shapes := newShapes()
	write := func(props map[string]any) error {
		n++
		r, err := shapes.encodeNode(store.BulkNode{Labels: []string{"Thing"}, ID: fmt.Sprint("x", n), Props: props})
		if err != nil {
			return err
		}
		return s.write(r)
	}
	if err := write(map[string]any{"v": int64(1)}); err != nil {
		t.Fatal(err)
	}
	if err := write(map[string]any{"v": "one"}); err == nil || !strings.Contains(err.Error(), "Thing.v holds both long and string") {
		t.Errorf("type conflict: %v", err)
	}
	if err := write(map[string]any{"tags": []string{}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Close(); err == nil || !strings.Contains(err.Error(), "Thing.tags has empty lists but is not set on every record") {
		t.Errorf("empty lists where other records lack the property: %v", err)
	}
}

func TestEmptyListsLeaveAFixForMigrate(t *testing.T) {
	s, dir := newStore(t)
	b := &store.ImportBatch{Dataset: domain.Dataset{Actors: []domain.Actor{
		{ID: "act_a", Name: "A", Kind: domain.KindSchool, Sector: domain.SectorPublic},
		{ID: "act_b", Name: "B", Kind: domain.KindSchool, Sector: domain.SectorPublic, Keywords: []string{"x"}}}}}
	if err := s.WriteImportBatch(t.Context(), b); err != nil {
		t.Fatal(err)
	}
	sum, err := s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if sum.Nodes != 2 {
		t.Errorf("%d nodes, want 2 (the fix is not counted)", sum.Nodes)
	}
	mustHave(t, read(t, filepath.Join(dir, "nodes-BulkImportFix.csv")), ",\"Actor.keywords\",")
	mustHave(t, read(t, sum.Args), "--nodes="+dir+"/nodes-BulkImportFix.header.csv,")
}

func TestDiscardRemovesEverything(t *testing.T) {
	s, dir := newStore(t)
	b := &store.ImportBatch{Dataset: domain.Dataset{Neighbourhoods: []domain.Neighbourhood{{ID: "nbh_city", Name: "Stadt", Level: domain.LevelCity}}}}
	if err := s.WriteImportBatch(t.Context(), b); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Discard(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the directory is still there: %v", err)
	}
}
