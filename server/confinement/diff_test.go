package confinement_test

import (
	"slices"
	"testing"
)

// TestForeignChanges checks the judge of allowed writes without a
// database: which differences between two snapshots count as changes
// outside the caller's district.
func TestForeignChanges(t *testing.T) {
	rec := func(body string, zones ...string) record { return record{body: body, zones: zones} }
	snap := func(rs map[string]record) snapshot { return snapshot{records: rs} }
	before := snap(map[string]record{
		"own":       rec("a=1", "nbh_nord"),
		"other":     rec("a=1", "nbh_mitte"),
		"span":      rec("a=1", "nbh_mitte", "nbh_nord"),
		"placeless": rec("a=1", city),
		"person":    rec("p=1", "nbh_mitte"),
		"orphan":    rec("p=1", "nbh_nord"),
		"leaving":   rec("a=1", "nbh_nord"),
	})
	tests := []struct {
		name  string
		after map[string]record
		want  []string
	}{
		{"own record changed", map[string]record{"own": rec("a=2", "nbh_nord")}, nil},
		{"own record deleted", map[string]record{"own": {}}, nil},
		{"own record created", map[string]record{"new": rec("a=1", "nbh_nord")}, nil},
		{"other district's record changed", map[string]record{"other": rec("a=2", "nbh_mitte")}, []string{"other"}},
		{"other district's record deleted", map[string]record{"other": {}}, []string{"other"}},
		{"spanning record changed", map[string]record{"span": rec("a=2", "nbh_mitte", "nbh_nord")}, []string{"span"}},
		{"record created in other district", map[string]record{"new": rec("a=1", "nbh_mitte")}, []string{"new"}},
		{"place-less record created", map[string]record{"new": rec("a=1", city)}, []string{"new"}},
		{"place-less record claimed", map[string]record{"placeless": rec("a=1", "nbh_nord")}, []string{"placeless"}},
		{"own record moved out", map[string]record{"leaving": rec("a=2", "nbh_mitte")}, []string{"leaving"}},
		{"own record made place-less", map[string]record{"leaving": rec("a=2", city)}, []string{"leaving"}},
		{"other district's person gains an own role", map[string]record{"person": rec("p=1", "nbh_mitte", "nbh_nord")}, nil},
		{"own person loses the last role", map[string]record{"orphan": rec("p=1", city)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after := snap(map[string]record{})
			for k, r := range before.records {
				after.records[k] = r
			}
			for k, r := range tt.after {
				if r.body == "" {
					delete(after.records, k)
				} else {
					after.records[k] = r
				}
			}
			var got []string
			for _, c := range foreignChanges(before, after, []string{"nbh_nord"}) {
				got = append(got, c.key)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("foreign changes %v, want %v", got, tt.want)
			}
			// allChanges sees the bodies only: a record that merely moved
			// did so through a tie, which is a change of its own.
			want := 0
			for k, r := range tt.after {
				if b, ok := before.records[k]; !ok || b.body != r.body {
					want++
				}
			}
			if n := len(allChanges(before, after)); n != want {
				t.Errorf("%d changes, want %d", n, want)
			}
		})
	}
}
