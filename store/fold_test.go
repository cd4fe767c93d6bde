package store

import (
	"slices"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Schüler", "schueler"}, {"SCHÜLER", "schueler"}, {"Schueler", "schueler"},
		{"Straße", "strasse"}, {"Café Müller", "cafe mueller"}, {"Öffentlich", "oeffentlich"}, {"ÄRGER", "aerger"},
	}
	for _, tc := range tests {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSearchTerms(t *testing.T) {
	got := searchTerms(`Hausaufgaben-Hilfe: "AND" (Schüler*)`)
	want := []string{"hausaufgaben", "hilfe", "and", "schueler"}
	if !slices.Equal(got, want) {
		t.Errorf("terms = %q, want %q", got, want)
	}
	// Only letters and digits reach Lucene, so operators cannot be injected.
	if q := luceneQuery(got); q == "" {
		t.Error("empty query")
	}
}

func TestCursorRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 99, 123456} {
		got, err := DecodeCursor(EncodeCursor(n))
		if err != nil || got != n {
			t.Errorf("round trip %d: %d, %v", n, got, err)
		}
	}
	for _, bad := range []string{"", "!!", "b2Zmc2V0Og", "eHl6"} {
		if _, err := DecodeCursor(bad); err == nil {
			t.Errorf("DecodeCursor(%q) accepted", bad)
		}
	}
}
