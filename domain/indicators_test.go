package domain

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// The built-in catalogue is valid and survives the JSON a city writes.
func TestMSSCatalogueRoundTrips(t *testing.T) {
	want := MSSCatalogue()
	if err := want.Validate(); err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseIndicatorCatalogue(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n%+v\nwant\n%+v", got, want)
	}
	if g := got.GroupShares(); g["SENIORS_65"] != "residents 65+" || len(g) != 3 {
		t.Errorf("group shares %v", g)
	}
}

func TestParseIndicatorCatalogueRefuses(t *testing.T) {
	for _, tt := range []struct {
		name, json string
		fields     []string
	}{
		{"unknown key", `{"indicators": [], "monitorng": {}}`, nil},
		{"duplicate name", `{"indicators": [{"name": "a"}, {"name": "a"}]}`, []string{"indicators[1].name"}},
		{"everything wrong in monitoring", `{"indicators": [{"name": "a"}], "monitoring": {"indicators": ["b"], "level": "KIEZ",
		  "year": 2021, "baseYear": 2023, "statusCuts": [1, 0, 2], "dynamicCuts": [-1, 1]}}`,
			[]string{"monitoring.indicators[0]", "monitoring.level", "monitoring.baseYear", "monitoring.statusCuts"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseIndicatorCatalogue([]byte(tt.json))
			if err == nil {
				t.Fatal("accepted")
			}
			var fields []string
			for _, f := range FieldErrors(err) {
				fields = append(fields, f.Field)
			}
			if strings.Join(fields, ",") != strings.Join(tt.fields, ",") {
				t.Errorf("fields %v, want %v (%v)", fields, tt.fields, err)
			}
		})
	}
}
