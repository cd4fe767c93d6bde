package hsds

import (
	"slices"
	"strings"
	"testing"
)

func TestReadMappingProblems(t *testing.T) {
	for _, c := range []struct {
		name, csv, want string
	}{
		{"empty", "", "1: the mapping is empty"},
		{"wrong header", "what,match,target\n", `1: the header is "what,match,target"`},
		{"unknown object", "hsds,match,kiezgraph\nprogram,x,topic:EDUCATION\n", `2: hsds: "program" is not taxonomy_term`},
		{"bad target", "hsds,match,kiezgraph\ntaxonomy_term,x,EDUCATION\n", `2: kiezgraph: "EDUCATION" is not KIND:CODE or ignore`},
		{"unknown target kind", "hsds,match,kiezgraph\ntaxonomy_term,x,audience:KIDS\n", `2: kiezgraph: "audience:KIDS": the kind must be`},
		{"unknown actor kind", "hsds,match,kiezgraph\ntaxonomy_term,x,kind:SPACESHIP\n", `2: kiezgraph: "SPACESHIP" is not an actor kind`},
		{"missing match", "hsds,match,kiezgraph\nservice_area,,nbh-1\n", "2: match: is required"},
		{"missing target", "hsds,match,kiezgraph\nlocation,10115,\n", "2: kiezgraph: is required"},
		{"area mapped twice", "hsds,match,kiezgraph\nservice_area,Nord,a\nservice_area,nord,b\n", `3: match: "nord" is mapped to "a" already`},
		{"organization without star", "hsds,match,kiezgraph\norganization,school,kind:SCHOOL\n", "2: match: organization rows match every organization"},
		{"organization with a topic", "hsds,match,kiezgraph\norganization,*,topic:EDUCATION\n", `2: kiezgraph: "topic:EDUCATION" is not kind:KIND or sector:SECTOR`},
		{"two default kinds", "hsds,match,kiezgraph\norganization,*,kind:SCHOOL\norganization,*,kind:LIBRARY\n", "3: kiezgraph: the default kind is kind:SCHOOL already"},
		{"short row", "hsds,match,kiezgraph\ntaxonomy_term,x\n", "2: has 2 cells, want 3"},
		{"all problems", "hsds,match,kiezgraph\nx,y,z\ntaxonomy_term,,ignore\n", "2: hsds: \"x\" is not taxonomy_term, service_area, location or organization\n3: match: is required"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadMapping(strings.NewReader(c.csv))
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("err %v, want %q…", err, c.want)
			}
		})
	}
}

func TestMappingLookups(t *testing.T) {
	m, err := ReadMapping(strings.NewReader("\ufeffhsds,match,kiezgraph\n" +
		"taxonomy_term,3f7b145d-84af-42d7-8fae-eaca714b02b2,targetGroup:children_6_13\n" +
		"taxonomy_term,3f7b145d-84af-42d7-8fae-eaca714b02b2,topic:EDUCATION\n" +
		"taxonomy_term,  Homework Help ,topic:EDUCATION\n" +
		"taxonomy_term,FREE,ignore\n" +
		"taxonomy_term,school,kind:SCHOOL\n" +
		"service_area,Nordstadt,demo:nbh:nord\n" +
		"location,10115,demo:nbh:mitte\n" +
		"location,Rathaus,demo:nbh:rathausviertel\n" +
		"organization,*,sector:NON_PROFIT\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		term TaxonomyTerm
		want string
	}{
		{"by id, two targets", TaxonomyTerm{ID: "3f7b145d-84af-42d7-8fae-eaca714b02b2", Name: "Kids"}, "targetGroup:CHILDREN_6_13 topic:EDUCATION"},
		{"by name, any case", TaxonomyTerm{ID: "other", Name: "homework help"}, "topic:EDUCATION"},
		{"by code", TaxonomyTerm{ID: "x", Code: "free", Name: "Free of charge"}, "ignore"},
		{"unmapped", TaxonomyTerm{ID: "x", Name: "Food"}, "-"},
		{"own taxonomy by name", TaxonomyTerm{ID: "x", Code: "topic:HEALTH", Name: "health", Taxonomy: "kiezgraph"}, "topic:HEALTH"},
		{"own taxonomy by id", TaxonomyTerm{ID: "x", Code: "sector:PUBLIC", TaxonomyID: OwnTaxonomy.ID}, "sector:PUBLIC"},
		{"own code in another taxonomy", TaxonomyTerm{ID: "x", Code: "topic:HEALTH", Name: "health", Taxonomy: "AIRS"}, "-"},
	} {
		t.Run(c.name, func(t *testing.T) {
			targets, ok := m.Term(&c.term)
			var got []string
			for _, tg := range targets {
				got = append(got, tg.String())
			}
			if !ok {
				got = []string{"-"}
			}
			if strings.Join(got, " ") != c.want {
				t.Errorf("Term = %v, want %s", got, c.want)
			}
		})
	}
	for _, c := range []struct {
		name string
		area ServiceArea
		want string
	}{
		{"by name", ServiceArea{ID: "a", Name: "NORDSTADT"}, "demo:nbh:nord"},
		{"own uri", ServiceArea{ID: "a", Name: "Nordstadt", URI: AreaURI("demo:nbh:süd ost")}, "demo:nbh:süd ost"},
		{"unmapped", ServiceArea{ID: "a", Name: "Südstadt"}, ""},
	} {
		if got, _ := m.Area(&c.area); got != c.want {
			t.Errorf("%s: Area = %q, want %q", c.name, got, c.want)
		}
	}
	for _, c := range []struct {
		loc  Location
		want string
	}{
		{Location{ID: "l1", Addresses: []Address{{PostalCode: "99999"}, {PostalCode: "10115"}}}, "demo:nbh:mitte"},
		{Location{ID: "l2", Name: "rathaus"}, "demo:nbh:rathausviertel"},
		{Location{ID: "l3", Name: "Bahnhof"}, ""},
	} {
		if got, _ := m.Location(&c.loc); got != c.want {
			t.Errorf("Location(%v) = %q, want %q", c.loc, got, c.want)
		}
	}
	if k, ok := m.OrganizationDefault(Kind); ok {
		t.Errorf("default kind %q, want none", k)
	}
	if s, _ := m.OrganizationDefault(Sector); s != "NON_PROFIT" {
		t.Errorf("default sector %q, want NON_PROFIT", s)
	}
	var none *Mapping
	if ts, ok := none.Term(&TaxonomyTerm{Code: "kind:SCHOOL", Taxonomy: "kiezgraph"}); !ok || !slices.Equal(ts, []Target{{Kind, "SCHOOL"}}) {
		t.Errorf("without a mapping, own terms map themselves: %v %v", ts, ok)
	}
}
