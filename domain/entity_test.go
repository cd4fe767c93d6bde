package domain

import "testing"

// TestEntities: one entity per record type, in RecordTypes' order, with
// prefixes that tell every type apart.
func TestEntities(t *testing.T) {
	if len(Entities) != len(RecordTypes) {
		t.Fatalf("%d entities for %d record types", len(Entities), len(RecordTypes))
	}
	prefixes := map[string]RecordType{}
	for i, e := range Entities {
		if e.Type != RecordTypes[i] {
			t.Errorf("entity %d is %s, want %s", i, e.Type, RecordTypes[i])
		}
		if other, ok := prefixes[e.Prefix]; ok {
			t.Errorf("%s and %s share the prefix %s", e.Type, other, e.Prefix)
		}
		prefixes[e.Prefix] = e.Type
		if got, ok := EntityOfID(e.Prefix + "x-1"); !ok || got != e {
			t.Errorf("EntityOfID(%sx-1) = %+v, %t", e.Prefix, got, ok)
		}
		if got, ok := EntityOf(e.Type); !ok || got != e {
			t.Errorf("EntityOf(%s) = %+v, %t", e.Type, got, ok)
		}
		if typ, ok := RecordTypeOfID(e.Prefix + "x-1"); !ok || typ != e.Type {
			t.Errorf("RecordTypeOfID(%sx-1) = %s, %t", e.Prefix, typ, ok)
		}
	}
	for _, id := range []string{"", "act", "xyz_1", "loc_1", "aud_1"} {
		if e, ok := EntityOfID(id); ok {
			t.Errorf("EntityOfID(%q) = %s, want none", id, e.Type)
		}
	}
	if !EntityPerson.Owns("per_1") || EntityPerson.Owns("act_1") {
		t.Error("Owns tells people from actors wrongly")
	}
}
