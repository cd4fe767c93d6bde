package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// graphDigest describes every node and relationship with its labels or
// type, its ends and its properties but the timestamps, sorted; service
// listings (listing.go) are no records and left out.
func graphDigest(t *testing.T, s *Store) []string {
	t.Helper()
	out, err := readTx(t.Context(), s, func(tx neo4j.ManagedTransaction) ([]string, error) {
		recs, err := collect(t.Context(), tx, `
CALL () {
  MATCH (n) WHERE NOT n:ServiceListing RETURN labels(n) AS what, properties(n) AS p, [] AS ends
  UNION ALL
  MATCH (a)-[r]->(b) WHERE NOT r:LISTED RETURN [type(r)] AS what, properties(r) AS p, [a.id, b.id] AS ends
}
RETURN what, p, ends`, nil)
		if err != nil {
			return nil, err
		}
		var out []string
		for _, r := range recs {
			what, _ := r.Get("what")
			p, _ := r.Get("p")
			ends, _ := r.Get("ends")
			var labels []string
			for _, l := range what.([]any) {
				labels = append(labels, l.(string))
			}
			slices.Sort(labels)
			props := p.(map[string]any)
			delete(props, "createdAt")
			delete(props, "updatedAt")
			keys := make([]string, 0, len(props))
			for k := range props {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			var b strings.Builder
			fmt.Fprintf(&b, "%s %v", strings.Join(labels, ":"), ends)
			for _, k := range keys {
				fmt.Fprintf(&b, " %s=%v", k, props[k])
			}
			out = append(out, b.String())
		}
		slices.Sort(out)
		return out, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// importBatches writes ds as an import does: vocabularies and places in
// two rounds, then the rest, with every record new when isNew.
func importBatches(t *testing.T, s *Store, ds *domain.Dataset, isNew bool) {
	t.Helper()
	places := domain.Dataset{TargetGroups: ds.TargetGroups, Topics: ds.Topics, Neighbourhoods: ds.Neighbourhoods}
	rest := *ds
	rest.TargetGroups, rest.Topics, rest.Neighbourhoods = nil, nil, nil
	b := &ImportBatch{Dataset: rest}
	if isNew {
		b.New = map[string]bool{}
		for _, st := range mustSteps(t, &ImportBatch{Dataset: rest}) {
			for _, row := range st.rows {
				if id, ok := row["id"].(string); ok {
					b.New[id] = true
				}
			}
		}
	}
	for _, batch := range []*ImportBatch{{Dataset: places, NodesOnly: true}, {Dataset: places}, b} {
		if err := s.WriteImportBatch(t.Context(), batch); err != nil {
			t.Fatal(err)
		}
	}
}

func mustSteps(t *testing.T, b *ImportBatch) []*loadStep {
	t.Helper()
	steps, err := buildImport(b)
	if err != nil {
		t.Fatal(err)
	}
	return steps
}

func TestCreateStatementsCoverBuild(t *testing.T) {
	l := &datasetLoad{index: map[stepMeta]*loadStep{}, known: map[string]map[string]bool{}}
	if err := l.build(baseDataset()); err != nil {
		t.Fatal(err)
	}
	for _, st := range l.steps {
		if _, ok := createStatements[st.cypher]; !ok && st.cypher != participantsSync {
			t.Errorf("no create statement for a statement of build:\n%s", st.cypher)
		}
	}
}

// TestCreateRelsNameEveryProperty holds the create statements of new
// relationships, which name their properties, to the patches: a
// property a patch gains must be named there too, or it would be lost.
func TestCreateRelsNameEveryProperty(t *testing.T) {
	ds := baseDataset()
	b := &ImportBatch{Dataset: domain.Dataset{Roles: ds.Roles, Cooperations: ds.Cooperations, Memberships: ds.Memberships},
		New: map[string]bool{}}
	for _, v := range ds.Roles {
		b.New[v.ID] = true
	}
	for _, v := range ds.Cooperations {
		b.New[v.ID] = true
	}
	for _, v := range ds.Memberships {
		b.New[v.ID] = true
	}
	seen := map[string]bool{}
	for _, st := range mustSteps(t, b) {
		if !flatRels[st.cypher] {
			t.Errorf("a new relationship is written by a statement that is not a flat create:\n%s", st.cypher)
			continue
		}
		seen[st.cypher] = true
		for _, row := range st.rows {
			for k := range row {
				if k != "from" && k != "to" && !strings.Contains(st.cypher, k+": row."+k) {
					t.Errorf("property %s is not written by:\n%s", k, st.cypher)
				}
			}
		}
	}
	mustEqual(t, "flat create statements used", len(seen), len(flatRels))
}

func TestImportBatchesWriteWhatLoadDatasetWrites(t *testing.T) {
	ctx, s := setup(t)
	if err := s.LoadDataset(ctx, baseDataset(), 0); err != nil {
		t.Fatal(err)
	}
	want := graphDigest(t, s)
	for _, isNew := range []bool{true, false} {
		t.Run(fmt.Sprintf("new=%v", isNew), func(t *testing.T) {
			if err := s.Wipe(ctx); err != nil {
				t.Fatal(err)
			}
			importBatches(t, s, baseDataset(), isNew)
			if got := graphDigest(t, s); !slices.Equal(got, want) {
				t.Errorf("import batches wrote %d items, LoadDataset %d; first difference:\n%s", len(got), len(want), firstDiff(got, want))
			}
			// Again, merging: nothing changes.
			importBatches(t, s, baseDataset(), false)
			if got := graphDigest(t, s); !slices.Equal(got, want) {
				t.Errorf("writing the batches again changed the graph:\n%s", firstDiff(got, want))
			}
		})
	}
}

func firstDiff(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return "got  " + got[i] + "\nwant " + want[i]
		}
	}
	return "(one is a prefix of the other)"
}

func TestImportKeepsParticipationsAndRefusesDuplicates(t *testing.T) {
	ctx, s := setupBase(t)
	ev := baseDataset().Events[0]
	ev.ParticipantIDs = nil
	ev.Name = "Kiezrunde Frühjahr (verschoben)"
	b := &ImportBatch{Dataset: domain.Dataset{Events: []domain.Event{ev}},
		Participations: []Participation{{EventID: "evt_spring", ActorID: "act_hafen"}}}
	if err := s.WriteImportBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	page, err := s.EventParticipants(ctx, []string{"evt_spring"}, domain.PageArgs{First: 10})
	if err != nil {
		t.Fatal(err)
	}
	mustEqual(t, "participants", idsOf(page["evt_spring"].Items), []string{"act_school", "act_hafen", "act_club"})
	// A record claimed new that exists is refused, not duplicated.
	nodes, _ := graphCounts(t, s)
	b = &ImportBatch{Dataset: domain.Dataset{Actors: baseDataset().Actors[:1]}, New: map[string]bool{"act_school": true}}
	wantErr(t, s.WriteImportBatch(ctx, b), domain.ErrConflict, "")
	n2, _ := graphCounts(t, s)
	mustEqual(t, "nodes after the refused batch", n2, nodes)
}

func TestCheckImport(t *testing.T) {
	quarter := domain.Neighbourhood{ID: "nbh_q", Name: "Q", Level: domain.LevelQuarter, ParentID: ptr("parent")}
	for _, c := range []struct {
		name  string
		b     ImportBatch
		field string
	}{
		{"valid", ImportBatch{Dataset: domain.Dataset{Neighbourhoods: []domain.Neighbourhood{quarter}},
			ParentLevels: map[string]domain.Level{"parent": domain.LevelDistrict}}, ""},
		{"parent level", ImportBatch{Dataset: domain.Dataset{Neighbourhoods: []domain.Neighbourhood{quarter}},
			ParentLevels: map[string]domain.Level{"parent": domain.LevelArea}}, "dataset.neighbourhoods[0].level"},
		{"bad id", ImportBatch{Dataset: domain.Dataset{People: []domain.Person{{ID: "person-1", Name: "P"}}}}, "dataset.people[0].id"},
		{"span", ImportBatch{Dataset: domain.Dataset{Roles: []domain.Role{{ID: "rol_x", PersonID: "per_a", ActorID: "act_b", Title: "T",
			Span: domain.Span{ValidFrom: day("2024-01-02"), ValidTo: day("2024-01-01")}}}}}, "dataset.roles[0].validTo"},
		{"participation", ImportBatch{Participations: []Participation{{EventID: "evt_a", ActorID: "per_b"}}}, "participations[0].actor.id"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := CheckImport(&c.b)
			var fe *domain.FieldError
			switch {
			case c.field == "" && err != nil:
				t.Errorf("err = %v, want none", err)
			case c.field != "" && (!errors.As(err, &fe) || fe.Field != c.field):
				t.Errorf("err = %v, want a field error on %s", err, c.field)
			}
		})
	}
}

func TestRecordsByKeyAndStoredIDs(t *testing.T) {
	ctx, s := setup(t)
	ds := baseDataset()
	ds.Actors[0].ExternalKey = ptr("school-key")
	ds.Neighbourhoods[0].ExternalKey = ptr("nord-key")
	if err := s.LoadDataset(ctx, ds, 0); err != nil {
		t.Fatal(err)
	}
	got, err := s.RecordsByKey(ctx, "Actor", []string{"school-key", "nobody"})
	wantErr(t, err, nil, "")
	mustEqual(t, "actors by key", got, map[string]KeyedRecord{"school-key": {ID: "act_school"}})
	got, err = s.RecordsByKey(ctx, "Neighbourhood", []string{"nord-key"})
	wantErr(t, err, nil, "")
	mustEqual(t, "neighbourhoods by key", got, map[string]KeyedRecord{"nord-key": {ID: "nbh_nord", Level: domain.LevelQuarter}})
	ids, err := s.StoredIDs(ctx, "WORKS_AT", []string{"rol_ben_amt", "rol_nobody"})
	wantErr(t, err, nil, "")
	mustEqual(t, "stored roles", ids, map[string]bool{"rol_ben_amt": true})
	if _, err := s.RecordsByKey(ctx, "WORKS_AT", []string{"x"}); err == nil {
		t.Error("roles have no unique keys, yet RecordsByKey looked them up")
	}
	mustEqual(t, "keyed types", len(KeyedTypes()), 10)
	for typ, want := range map[string]bool{"Actor": true, "MEMBER_OF": true, "COOPERATES_WITH": true} {
		got, err := s.HasRecords(ctx, typ)
		wantErr(t, err, nil, "")
		mustEqual(t, "has "+typ, got, want)
	}
	if err := s.Wipe(ctx); err != nil {
		t.Fatal(err)
	}
	has, err := s.HasRecords(ctx, "Actor")
	wantErr(t, err, nil, "")
	mustEqual(t, "has actors after the wipe", has, false)
}
