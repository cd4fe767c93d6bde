package hsds

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServiceLocations(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		want    map[string]int // service id → locations
		wantErr string
	}{
		{"point and address", `[{"id": "s1", "name": "S", "status": "active", "service_at_locations": [
			{"id": "sal1", "location": {"id": "l1", "name": "Treff", "latitude": 51.93, "longitude": 10.41,
			 "addresses": [{"id": "a1", "address_1": "Kastanienallee 3", "city": "Lindenbrück", "postal_code": "31103"}]}},
			{"id": "sal2", "location": {"id": "l2", "name": "ohne Punkt"}}]}]`, map[string]int{"s1": 1}, ""},
		{"no locations", `[{"id": "s2", "name": "S", "status": "active"}]`, map[string]int{}, ""},
		{"projected point", `[{"id": "s3", "name": "S", "status": "active", "service_at_locations": [
			{"id": "sal3", "location": {"id": "l3", "latitude": 5820000, "longitude": 390000}}]}]`, nil, "service s3: location"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "services.json")
			if err := os.WriteFile(path, []byte(tt.json), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := ServiceLocations([]string{path})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("locations of %d services, want %d: %v", len(got), len(tt.want), got)
			}
			for id, n := range tt.want {
				if len(got[id]) != n {
					t.Errorf("%s: %d locations, want %d", id, len(got[id]), n)
				}
			}
			if l := got["s1"]; len(l) == 1 && (*l[0].Address != "Kastanienallee 3" || *l[0].Postcode != "31103" || l[0].Latitude != 51.93 || !strings.HasPrefix(l[0].ID, "loc_")) {
				t.Errorf("location %+v", l[0])
			}
		})
	}
}
