package store

// Integration tests against a real Neo4j. Run them with
//
//	scripts/with-neo4j.sh go test ./store/ -count=1
//
// Without NEO4J_URI the package is skipped, unless KIEZGRAPH_REQUIRE_NEO4J=1
// (as in CI), which makes the missing database a failure.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

var testStore *Store

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		if os.Getenv("KIEZGRAPH_REQUIRE_NEO4J") == "1" {
			fmt.Fprintln(os.Stderr, "store: NEO4J_URI is not set, but KIEZGRAPH_REQUIRE_NEO4J=1 requires the Neo4j integration tests")
			return 1
		}
		// The unit tests run; the integration tests skip in setup.
		fmt.Println("store: skipping the Neo4j integration tests: NEO4J_URI is not set (use scripts/with-neo4j.sh)")
		return m.Run()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	s, err := Open(ctx, Config{
		URI: uri, User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD"),
		Database: os.Getenv("NEO4J_DATABASE"), RetryTime: 30 * time.Second,
	}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "store: open:", err)
		return 1
	}
	defer func() { _ = s.Close(context.Background()) }()
	if err := s.Migrate(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "store: migrate:", err)
		return 1
	}
	if err := s.Wipe(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "store: wipe:", err)
		return 1
	}
	testStore = s
	return m.Run()
}

// setup wipes the database and returns the shared store.
func setup(t *testing.T) (context.Context, *Store) {
	t.Helper()
	if testStore == nil {
		t.Skip("NEO4J_URI is not set")
	}
	ctx := t.Context()
	if err := testStore.Wipe(ctx); err != nil {
		t.Fatal(err)
	}
	return ctx, testStore
}

// setupBase wipes the database and loads baseDataset.
func setupBase(t *testing.T) (context.Context, *Store) {
	t.Helper()
	ctx, s := setup(t)
	if err := s.LoadDataset(ctx, baseDataset(), 0); err != nil {
		t.Fatal(err)
	}
	return ctx, s
}

func ptr[T any](v T) *T { return &v }

// cleared is an update field set to null.
func cleared[T any]() domain.Edit[T] { return domain.Edit[T]{Set: true} }

// confirmed is an update of the day a record was last confirmed.
func confirmed(day *time.Time) domain.MetaUpdate {
	return domain.MetaUpdate{LastConfirmed: domain.To(day)}
}

// day parses 2006-01-02 as a day in UTC.
func day(s string) *time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &t
}

// idsOf returns the ID field of each item.
func idsOf[T any](items []T) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		v := reflect.Indirect(reflect.ValueOf(it))
		if v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
			v = reflect.Indirect(v.Elem())
		}
		out = append(out, v.FieldByName("ID").String())
	}
	return out
}

func mustEqual[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// wantErr checks err against a sentinel (nil: no error) and, for field
// errors, the field.
func wantErr(t *testing.T, err, target error, field string) {
	t.Helper()
	if target == nil {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if !errors.Is(err, target) {
		t.Fatalf("error = %v, want %v", err, target)
	}
	var fe *domain.FieldError
	if field != "" && (!errors.As(err, &fe) || fe.Field != field) {
		t.Fatalf("error = %v, want field %s", err, field)
	}
}

// graphCounts counts nodes and relationships, but not the service
// listings (listing.go), which TestListingsAgreeWithTheGraph checks.
func graphCounts(t *testing.T, s *Store) (nodes, rels int64) {
	t.Helper()
	count := func(cypher string) int64 {
		n, err := readTx(t.Context(), s, func(tx neo4j.ManagedTransaction) (int64, error) {
			return single[int64](t.Context(), tx, cypher, nil, "c")
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	return count("MATCH (n) WHERE NOT n:ServiceListing RETURN count(n) AS c"), count("MATCH ()-[r]->() WHERE NOT r:LISTED RETURN count(r) AS c")
}

// baseDataset is a small city: two districts with quarters, a handful of
// actors, services, needs, cooperations, networks and events.
func baseDataset() *domain.Dataset {
	vocab := func(id, code, de, en string) domain.Vocabulary {
		return domain.Vocabulary{ID: id, Code: code, LabelDe: de, LabelEn: en}
	}
	nbh := func(id, name string, level domain.Level, parent string) domain.Neighbourhood {
		n := domain.Neighbourhood{ID: id, Name: name, Level: level}
		if parent != "" {
			n.ParentID = &parent
		}
		return n
	}
	actor := func(id, name string, kind domain.ActorKind, sector domain.Sector, nbhs ...string) domain.Actor {
		return domain.Actor{ID: id, Name: name, Kind: kind, Sector: sector, NeighbourhoodIDs: nbhs}
	}
	return &domain.Dataset{
		TargetGroups: []domain.TargetGroup{{Vocabulary: vocab("tg_kids", "CHILDREN", "Kinder", "Children")},
			{Vocabulary: vocab("tg_seniors", "SENIORS", "Senioren", "Seniors")}},
		Topics: []domain.Topic{{Vocabulary: vocab("top_edu", "EDUCATION", "Bildung", "Education")},
			{Vocabulary: vocab("top_health", "HEALTH", "Gesundheit", "Health")}},
		Neighbourhoods: []domain.Neighbourhood{
			// Children before parents on purpose: links come after all nodes.
			nbh("nbh_nord", "Nordkiez", domain.LevelQuarter, "nbh_mitte"),
			nbh("nbh_city", "Kiezstadt", domain.LevelCity, ""),
			nbh("nbh_mitte", "Mitte", domain.LevelDistrict, "nbh_city"),
			nbh("nbh_sued", "Südkiez", domain.LevelQuarter, "nbh_mitte"),
			nbh("nbh_ost", "Ost", domain.LevelDistrict, "nbh_city"),
			nbh("nbh_hafen", "Hafenkiez", domain.LevelQuarter, "nbh_ost"),
		},
		Actors: []domain.Actor{
			actor("act_school", "Grundschule am Park", domain.KindSchool, domain.SectorPublic, "nbh_nord"),
			actor("act_club", "Jugendclub Süd", domain.KindYouthClub, domain.SectorNonProfit, "nbh_sued"),
			actor("act_hafen", "Hafenverein", domain.KindAssociation, domain.SectorCivilSociety, "nbh_hafen"),
			actor("act_amt", "Jugendamt Mitte", domain.KindYouthOffice, domain.SectorPublic, "nbh_mitte"),
		},
		People: []domain.Person{{ID: "per_anna", Name: "Anna Müller"}, {ID: "per_ben", Name: "Ben Schmidt"}},
		Roles: []domain.Role{
			{ID: "rol_anna_school", PersonID: "per_anna", ActorID: "act_school", Title: "Schulsozialarbeiterin",
				Span: domain.Span{ValidFrom: day("2020-01-01"), ValidTo: day("2023-12-31")}},
			{ID: "rol_anna_club", PersonID: "per_anna", ActorID: "act_club", Title: "Leitung",
				Span: domain.Span{ValidFrom: day("2024-01-01")}},
			{ID: "rol_ben_amt", PersonID: "per_ben", ActorID: "act_amt", Title: "Sachbearbeiter"},
		},
		Services: []domain.Service{
			{ID: "svc_lern", Name: "Lernhilfe", ProviderID: "act_club", TargetGroupIDs: []string{"tg_kids"},
				TopicIDs: []string{"top_edu"}, NeighbourhoodIDs: []string{"nbh_sued"}},
			{ID: "svc_district", Name: "Erziehungsberatung", ProviderID: "act_amt", TargetGroupIDs: []string{"tg_kids"},
				TopicIDs: []string{"top_health"}, NeighbourhoodIDs: []string{"nbh_mitte"}},
			{ID: "svc_hafen", Name: "Seniorentreff", ProviderID: "act_hafen", TargetGroupIDs: []string{"tg_seniors"},
				TopicIDs: []string{"top_health"}, NeighbourhoodIDs: []string{"nbh_hafen"}},
		},
		Needs: []domain.Need{
			{ID: "ned_nord_edu", TargetGroupID: "tg_kids", TopicID: "top_edu", NeighbourhoodID: "nbh_nord",
				Severity: domain.SeverityHigh, Evidence: &domain.Evidence{Indicator: "child poverty", Value: ptr(48.0),
					Unit: ptr("%"), Year: ptr(2023), Source: ptr("MSS 2023")}, Span: domain.Span{ValidFrom: day("2023-01-01")}},
			{ID: "ned_sued_health", TargetGroupID: "tg_kids", TopicID: "top_health", NeighbourhoodID: "nbh_sued",
				Severity: domain.SeverityCritical, Span: domain.Span{ValidFrom: day("2022-01-01")}},
			{ID: "ned_hafen", TargetGroupID: "tg_seniors", TopicID: "top_edu", NeighbourhoodID: "nbh_hafen",
				Severity: domain.SeverityLow, Span: domain.Span{ValidTo: day("2022-12-31")}},
		},
		Cooperations: []domain.Cooperation{
			{ID: "coo_school_club", FromID: "act_school", ToID: "act_club", Kind: domain.CoopInformationExchange,
				Strength: 0.8, Span: domain.Span{ValidFrom: day("2021-01-01")}},
			{ID: "coo_funding", FromID: "act_amt", ToID: "act_club", Kind: domain.CoopFunding, Strength: 1, Directed: true,
				Span: domain.Span{ValidFrom: day("2023-01-01"), ValidTo: day("2023-12-31")}},
			{ID: "coo_club_hafen", FromID: "act_club", ToID: "act_hafen", Kind: domain.CoopJointEvents, Strength: 0.3},
		},
		Networks: []domain.Network{
			{ID: "net_mitte", Name: "Kiezrunde Mitte", Kind: domain.NetworkRoundTable, NeighbourhoodIDs: []string{"nbh_mitte"}},
			{ID: "net_hafen", Name: "AG Hafen", Kind: domain.NetworkWorkingGroup, NeighbourhoodIDs: []string{"nbh_hafen"},
				Span: domain.Span{ValidFrom: day("2019-01-01")}},
		},
		Memberships: []domain.Membership{
			{ID: "mem_school", ActorID: "act_school", NetworkID: "net_mitte", Role: ptr("Sprecherin")},
			{ID: "mem_club", ActorID: "act_club", NetworkID: "net_mitte"},
			{ID: "mem_hafen", ActorID: "act_hafen", NetworkID: "net_hafen", Span: domain.Span{ValidTo: day("2020-12-31")}},
		},
		Events: []domain.Event{
			{ID: "evt_spring", Name: "Kiezrunde Frühjahr", Kind: domain.EventRoundTable, Date: *day("2024-03-01"),
				OrganiserID: ptr("act_amt"), NeighbourhoodID: ptr("nbh_nord"), NetworkID: ptr("net_mitte"),
				ParticipantIDs: []string{"act_school", "act_club"}},
			{ID: "evt_fest", Name: "Hafenfest", Kind: domain.EventFestival, Date: *day("2023-08-15"),
				NeighbourhoodID: ptr("nbh_hafen"), ParticipantIDs: []string{"act_hafen"}},
		},
	}
}
