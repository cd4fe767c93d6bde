package export_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/export"
)

// testKey is the pseudonym key of the tests; real keys come from
// KIEZGRAPH_PSEUDONYM_KEY.
var testKey = []byte("kiezgraph-test-key-not-for-production")

var asOf = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

func date(s string) *time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func ptr[T any](v T) *T { return &v }

// Names that need escaping in every format.
const (
	nameSchool = `Schule <Am Park> & "Hof"`
	nameClub   = `Verein Ümlaut-Straße e.V., Nord`
	nameOffice = "Jugendamt 'Süd'\tAußenstelle"
	nameCafe   = `=Café "Babel"; 1+1`
)

// smallPeople are the people behind the roles of small: their names,
// e-mails, ids (which spell names) and role titles must never appear in
// an export.
var smallPeople = []domain.Person{
	{ID: "per_anna-lehmann", Name: "Anna Lehmann", Email: ptr("anna.lehmann@example.org")},
	{ID: "per_murat-kaya", Name: "Murat Kaya", Email: ptr("m.kaya@example.org")},
	{ID: "per_zoe-uerun", Name: "Zoë Ürün"},
}

// small is a hand-made network: five actors (one an isolate), a
// triangle with two parallel cooperations between the school and the
// club and a directed funding, a food bank tied only to the youth office
// (which makes the office a broker), a cooperation to an actor outside
// the slice, and four roles, one of them at an actor outside the slice.
func small() export.Dataset {
	slice := &domain.NetworkSlice{
		Actors: []domain.Actor{
			{ID: "act_c-office", Name: nameOffice, Kind: domain.KindYouthOffice, Sector: domain.SectorPublic,
				Span: domain.Span{ValidTo: date("2030-12-31")}},
			{ID: "act_a-school", Name: nameSchool, Kind: domain.KindSchool, Sector: domain.SectorPublic,
				NeighbourhoodIDs: []string{"nbh_x"}, Span: domain.Span{ValidFrom: date("2010-08-01")},
				Contact: domain.Contact{Email: ptr("sekretariat@schule.example.org")}},
			{ID: "act_d-cafe", Name: nameCafe, Kind: domain.KindMigrantOrganisation, Sector: domain.SectorNonProfit},
			{ID: "act_b-club", Name: nameClub, Kind: domain.KindAssociation, Sector: domain.SectorCivilSociety,
				NeighbourhoodIDs: []string{"nbh_y", "nbh_x"}},
			{ID: "act_e-foodbank", Name: "Tafel Nord", Kind: domain.KindFoodBank, Sector: domain.SectorCivilSociety,
				NeighbourhoodIDs: []string{"nbh_y"}},
		},
		Cooperations: []domain.Cooperation{
			{ID: "coo_2", FromID: "act_a-school", ToID: "act_b-club", Kind: domain.CoopReferral, Strength: 0.4, Directed: true,
				Description: ptr("Frau Lehmann schickt Familien")},
			{ID: "coo_1", FromID: "act_a-school", ToID: "act_b-club", Kind: domain.CoopJointProject, Strength: 0.8,
				Span: domain.Span{ValidFrom: date("2019-01-01")}},
			{ID: "coo_3", FromID: "act_c-office", ToID: "act_a-school", Kind: domain.CoopFunding, Strength: 1, Directed: true,
				Span: domain.Span{ValidFrom: date("2020-01-01"), ValidTo: date("2027-12-31")}},
			{ID: "coo_4", FromID: "act_b-club", ToID: "act_c-office", Kind: domain.CoopInformationExchange, Strength: 0.25},
			{ID: "coo_5", FromID: "act_a-school", ToID: "act_elsewhere", Kind: domain.CoopJointEvents, Strength: 0.5},
			{ID: "coo_6", FromID: "act_e-foodbank", ToID: "act_c-office", Kind: domain.CoopSharedRooms, Strength: 0.6},
		},
	}
	return export.Dataset{
		Slice: slice,
		Roles: []domain.Role{
			{ID: "rol_anna-lehmann--a-school", PersonID: "per_anna-lehmann", ActorID: "act_a-school", Title: "Schulleiterin",
				Span: domain.Span{ValidFrom: date("2014-08-01")}},
			{ID: "rol_murat-kaya--a-school", PersonID: "per_murat-kaya", ActorID: "act_a-school", Title: "Schulsozialarbeiter"},
			{ID: "rol_murat-kaya--b-club", PersonID: "per_murat-kaya", ActorID: "act_b-club", Title: "Vorsitzender (ehrenamtlich)",
				Span: domain.Span{ValidFrom: date("2021-01-01"), ValidTo: date("2026-12-31")}},
			{ID: "rol_zoe-uerun--elsewhere", PersonID: "per_zoe-uerun", ActorID: "act_elsewhere", Title: "Koordinatorin"},
		},
	}
}

// Counts of small as exported: the cooperation to act_elsewhere and the
// role there are left out.
const (
	smallActors     = 5
	smallCoops      = 5
	smallPeopleN    = 2
	smallRoleEdges  = 3
	smallNodesTotal = smallActors + smallPeopleN
	smallEdgesTotal = smallCoops + smallRoleEdges
)

func pseudonymizer(t *testing.T) *export.Pseudonymizer {
	t.Helper()
	ps, err := export.NewPseudonymizer(testKey)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// files is one export in every format, by file name.
type files map[string][]byte

// writeAll writes ds in every format.
func writeAll(t *testing.T, ds export.Dataset, opt export.Options) files {
	t.Helper()
	out := files{}
	for _, f := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"gexf", func(b *bytes.Buffer) error { return export.WriteGEXF(b, ds, opt) }},
		{"graphml", func(b *bytes.Buffer) error { return export.WriteGraphML(b, ds, opt) }},
		{"cyjs", func(b *bytes.Buffer) error { return export.WriteCytoscape(b, ds, opt) }},
	} {
		var b bytes.Buffer
		if err := f.write(&b); err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		out[f.name] = b.Bytes()
	}
	var nodes, edges bytes.Buffer
	if err := export.WriteCSV(&nodes, &edges, ds, opt); err != nil {
		t.Fatalf("csv: %v", err)
	}
	out["nodes.csv"], out["edges.csv"] = nodes.Bytes(), edges.Bytes()
	return out
}
