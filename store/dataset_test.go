package store

import (
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// createdAts reads createdAt of every node and relationship with an id.
func createdAts(t *testing.T, s *Store) map[string]time.Time {
	t.Helper()
	out, err := readTx(t.Context(), s, func(tx neo4j.ManagedTransaction) (map[string]time.Time, error) {
		recs, err := collect(t.Context(), tx, `
CALL () { MATCH (n) WHERE n.id IS NOT NULL RETURN n.id AS id, n.createdAt AS c UNION ALL MATCH ()-[r]->() WHERE r.id IS NOT NULL RETURN r.id AS id, r.createdAt AS c }
RETURN id, c`, nil)
		if err != nil {
			return nil, err
		}
		m := map[string]time.Time{}
		for _, r := range recs {
			id, _ := r.Get("id")
			c, _ := r.Get("c")
			m[id.(string)] = c.(time.Time)
		}
		return m, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestLoadDatasetIdempotent(t *testing.T) {
	ctx, s := setup(t)
	if err := s.LoadDataset(ctx, baseDataset(), 2); err != nil {
		t.Fatal(err)
	}
	nodes, rels := graphCounts(t, s)
	mustEqual(t, "nodes", nodes, int64(26))
	mustEqual(t, "relationships", rels, int64(48))
	before := createdAts(t, s)
	mustEqual(t, "records with createdAt", len(before), 26+9)

	if err := s.LoadDataset(ctx, baseDataset(), 0); err != nil {
		t.Fatal(err)
	}
	n2, r2 := graphCounts(t, s)
	mustEqual(t, "nodes after reload", n2, nodes)
	mustEqual(t, "relationships after reload", r2, rels)
	mustEqual(t, "createdAt after reload", createdAts(t, s), before)

	// Labels by kind, search fields and flat evidence.
	a, err := s.Node(ctx, "act_school")
	wantErr(t, err, nil, "")
	if _, ok := a.(*domain.Institution); !ok {
		t.Errorf("act_school is %T, want *domain.Institution", a)
	}
	if a, _ := s.Node(ctx, "act_club"); a == nil {
		t.Error("act_club missing")
	} else if _, ok := a.(*domain.Organisation); !ok {
		t.Errorf("act_club is %T, want *domain.Organisation", a)
	}
	need, err := s.Needs(ctx, []string{"ned_nord_edu"})
	wantErr(t, err, nil, "")
	ev := need["ned_nord_edu"].Evidence
	if ev == nil || ev.Indicator != "child poverty" || *ev.Value != 48 || *ev.Year != 2023 || *ev.Unit != "%" {
		t.Errorf("evidence = %+v", ev)
	}
	people, err := s.ListPeople(ctx, &domain.PersonFilter{NameContains: ptr("MUELLER")}, domain.PageArgs{First: 10})
	wantErr(t, err, nil, "")
	mustEqual(t, "people named mueller", idsOf(people.Items), []string{"per_anna"})
}

func TestLoadDatasetSyncsLinks(t *testing.T) {
	ctx, s := setupBase(t)
	ds := baseDataset()
	ds.Actors[1].NeighbourhoodIDs = []string{"nbh_nord", "nbh_hafen"} // act_club
	ds.Neighbourhoods[0].ParentID = ptr("nbh_ost")                    // nbh_nord moves
	ds.Events[0].OrganiserID = nil
	ds.Events[0].ParticipantIDs = []string{"act_hafen"}
	ds.Services[0].ProviderID = "act_hafen"
	ds.Roles[0].ActorID = "act_amt" // a role whose end changes is replaced
	ds.Actors[2].Kind = domain.KindLibrary
	if err := s.LoadDataset(ctx, ds, 3); err != nil {
		t.Fatal(err)
	}
	_, rels := graphCounts(t, s)
	// +1 ACTIVE_IN, -1 ORGANISED, -1 PARTICIPATED_IN.
	mustEqual(t, "relationships", rels, int64(47))

	nbhs, err := s.ActorNeighbourhoods(ctx, []string{"act_club"})
	wantErr(t, err, nil, "")
	mustEqual(t, "club neighbourhoods", idsOf(nbhs["act_club"]), []string{"nbh_hafen", "nbh_nord"})
	n, err := s.Neighbourhoods(ctx, []string{"nbh_nord"})
	wantErr(t, err, nil, "")
	mustEqual(t, "nord parent", *n["nbh_nord"].ParentID, "nbh_ost")
	evs, err := s.Events(ctx, []string{"evt_spring"})
	wantErr(t, err, nil, "")
	if evs["evt_spring"].OrganiserID != nil {
		t.Errorf("organiser = %v, want none", *evs["evt_spring"].OrganiserID)
	}
	parts, err := s.EventParticipants(ctx, []string{"evt_spring"}, domain.PageArgs{First: 10})
	wantErr(t, err, nil, "")
	mustEqual(t, "participants", idsOf(parts["evt_spring"].Items), []string{"act_hafen"})
	svc, err := s.Services(ctx, []string{"svc_lern"})
	wantErr(t, err, nil, "")
	mustEqual(t, "provider", svc["svc_lern"].ProviderID, "act_hafen")
	roles, err := s.Roles(ctx, []string{"rol_anna_school"})
	wantErr(t, err, nil, "")
	mustEqual(t, "role actor", roles["rol_anna_school"].ActorID, "act_amt")
	if a, _ := s.Node(ctx, "act_hafen"); a == nil {
		t.Error("act_hafen missing")
	} else if _, ok := a.(*domain.Institution); !ok {
		t.Errorf("act_hafen is %T after becoming a library, want *domain.Institution", a)
	}
	inst, err := s.ListActors(ctx, &domain.ActorFilter{Institution: ptr(false)}, nil, domain.PageArgs{First: 10})
	wantErr(t, err, nil, "")
	mustEqual(t, "organisations", idsOf(inst.Items), []string{"act_club"})
}

func TestLoadDatasetValidation(t *testing.T) {
	tests := []struct {
		name   string
		change func(ds *domain.Dataset)
		field  string
	}{
		{"missing id", func(ds *domain.Dataset) { ds.Actors[0].ID = "" }, "dataset.actors[0].id"},
		{"wrong prefix", func(ds *domain.Dataset) { ds.People[1].ID = "act_x" }, "dataset.people[1].id"},
		{"duplicate id", func(ds *domain.Dataset) { ds.Topics[1].ID = "top_edu" }, "dataset.topics[1].id"},
		{"bad code", func(ds *domain.Dataset) { ds.TargetGroups[0].Code = "kids" }, "dataset.targetGroups[0].code"},
		{"bad kind", func(ds *domain.Dataset) { ds.Actors[2].Kind = "PUB" }, "dataset.actors[2].kind"},
		{"bad level", func(ds *domain.Dataset) { ds.Neighbourhoods[1].Level = "TOWN" }, "dataset.neighbourhoods[1].level"},
		{"bad span", func(ds *domain.Dataset) { ds.Roles[0].ValidTo = day("2019-01-01") }, "dataset.roles[0].validTo"},
		{"self cooperation", func(ds *domain.Dataset) { ds.Cooperations[0].ToID = "act_school" }, "dataset.cooperations[0].to"},
		{"bad strength", func(ds *domain.Dataset) { ds.Cooperations[1].Strength = 1.5 }, "dataset.cooperations[1].strength"},
		{"bad severity", func(ds *domain.Dataset) { ds.Needs[2].Severity = "URGENT" }, "dataset.needs[2].severity"},
		{"event without date", func(ds *domain.Dataset) { ds.Events[1].Date = time.Time{} }, "dataset.events[1].date"},
		{"dangling provider", func(ds *domain.Dataset) { ds.Services[2].ProviderID = "act_nobody" }, "dataset.services[2].provider"},
		{"city with parent", func(ds *domain.Dataset) { ds.Neighbourhoods[1].ParentID = ptr("nbh_ost") }, "dataset.neighbourhoods[1].parent"},
		{"quarter without parent", func(ds *domain.Dataset) { ds.Neighbourhoods[0].ParentID = nil }, "dataset.neighbourhoods[0].parent"},
		{"district in quarter", func(ds *domain.Dataset) { ds.Neighbourhoods[2].ParentID = ptr("nbh_nord") }, "dataset.neighbourhoods[2].level"},
		{"dangling parent", func(ds *domain.Dataset) { ds.Neighbourhoods[0].ParentID = ptr("nbh_x") }, "dataset.neighbourhoods[0].parent"},
		{"dangling participant", func(ds *domain.Dataset) { ds.Events[0].ParticipantIDs = []string{"act_x"} }, "dataset.events[0].participants"},
		{"dangling membership", func(ds *domain.Dataset) { ds.Memberships[0].NetworkID = "net_x" }, "dataset.memberships[0].network"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, s := setup(t)
			ds := baseDataset()
			tt.change(ds)
			wantErr(t, s.LoadDataset(ctx, ds, 0), domain.ErrInvalid, tt.field)
			nodes, rels := graphCounts(t, s)
			if nodes+rels != 0 {
				t.Errorf("an invalid dataset wrote %d nodes and %d relationships", nodes, rels)
			}
		})
	}
}

func TestLoadDatasetReferencesStoredNodes(t *testing.T) {
	ctx, s := setupBase(t)
	ds := &domain.Dataset{Services: []domain.Service{{ID: "svc_new", Name: "Neu", ProviderID: "act_school",
		TargetGroupIDs: []string{"tg_kids"}, NeighbourhoodIDs: []string{"nbh_nord"}}}}
	wantErr(t, s.LoadDataset(ctx, ds, 0), nil, "")
	got, err := s.Services(ctx, []string{"svc_new"})
	wantErr(t, err, nil, "")
	mustEqual(t, "provider", got["svc_new"].ProviderID, "act_school")

	// A duplicate external key is a conflict.
	ds = &domain.Dataset{People: []domain.Person{{ID: "per_x", Name: "X", Meta: domain.Meta{ExternalKey: ptr("k1")}},
		{ID: "per_y", Name: "Y", Meta: domain.Meta{ExternalKey: ptr("k1")}}}}
	wantErr(t, s.LoadDataset(ctx, ds, 0), domain.ErrConflict, "")
}
