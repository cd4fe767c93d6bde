package main

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func mustDecode(t *testing.T, s string) map[string]any {
	t.Helper()
	r, err := decode([]byte(`{"data":` + s + `}`))
	if err != nil {
		t.Fatal(err)
	}
	return r.Data
}

func TestCompare(t *testing.T) {
	q := query{Name: "Q", Unordered: []string{"a.tags"}, Unwrap: map[string]string{"hits": "node"}}
	tests := []struct {
		name, k, p string
		// want is a substring of the first difference, "" for none.
		want string
	}{
		{"equal", `{"a":{"id":"x","n":1}}`, `{"a":{"id":"x","n":1}}`, ""},
		{"a value differs", `{"a":{"id":"x"}}`, `{"a":{"id":"y"}}`, `a.id: kiezgraph "x", peer "y"`},
		{"a field is missing", `{"a":{"id":"x","name":"n"}}`, `{"a":{"id":"x"}}`, `a.name: kiezgraph "n", peer null`},
		{"the peer's list of one is an object", `{"a":{"p":{"id":"x"}}}`, `{"a":{"p":[{"id":"x"}]}}`, ""},
		{"a list of two is not an object", `{"a":{"p":{"id":"x"}}}`, `{"a":{"p":[{"id":"x"},{"id":"x"}]}}`, "a.p"},
		{"order counts", `{"l":[{"id":1},{"id":2}]}`, `{"l":[{"id":2},{"id":1}]}`, "l.[0].id"},
		{"unordered lists are sets", `{"a":{"tags":[{"id":1},{"id":2}]}}`, `{"a":{"tags":[{"id":2},{"id":1}]}}`, ""},
		{"lengths differ", `{"l":[1,2,3]}`, `{"l":[1,2]}`, "l.length: kiezgraph 3, peer 2"},
		{"numbers by value", `{"a":{"s":1}}`, `{"a":{"s":1.0}}`, ""},
		{"unwrapped hits", `{"hits":[{"node":{"id":"x"}}]}`, `{"hits":[{"id":"x"}]}`, ""},
		{"unwrapped hits differ", `{"hits":[{"node":{"id":"x"}},{"node":{"id":"y"}}]}`, `{"hits":[{"id":"x"},{"id":"z"}]}`, `hits.[1].id`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diffs := compare(q, mustDecode(t, tt.k), mustDecode(t, tt.p), 5)
			switch {
			case tt.want == "" && len(diffs) > 0:
				t.Errorf("got differences %q, want none", diffs)
			case tt.want != "" && len(diffs) == 0:
				t.Errorf("got no difference, want %q", tt.want)
			case tt.want != "" && !strings.Contains(diffs[0], tt.want):
				t.Errorf("got %q, want it to contain %q", diffs[0], tt.want)
			}
		})
	}
}

func TestDecodeRefusesErrors(t *testing.T) {
	if _, err := decode([]byte(`{"errors":[{"message":"no"}],"data":null}`)); err == nil {
		t.Error("a response with errors decoded without error")
	}
}

func TestIsEmpty(t *testing.T) {
	for s, want := range map[string]bool{
		`{"a":{"totalCount":0,"edges":[]}}`: true,
		`{"a":[]}`:                          true,
		`{"a":{"edges":[{"node":{}}]}}`:     false,
		`{"n":{"id":"x"}}`:                  false,
	} {
		if got := isEmpty(mustDecode(t, s)); got != want {
			t.Errorf("isEmpty(%s) = %v, want %v", s, got, want)
		}
	}
}

func TestSearchWord(t *testing.T) {
	names := []string{}
	for range 25 {
		names = append(names, "bibliothek nord", "kita sued")
	}
	// "kita" also hides inside "kitahaus", which CONTAINS would find.
	names = append(names, "kitahaus west")
	texts := make([]string, len(names))
	got, err := searchWord(names, texts)
	if err != nil || got != "bibliothek" {
		t.Errorf("searchWord = %q, %v; want bibliothek", got, err)
	}
	texts[0] = "bibliothek"
	if got, err := searchWord(names, texts); err != nil || got != "nord" {
		t.Errorf("searchWord = %q, %v with bibliothek in a search text; want nord", got, err)
	}
	if got, err := searchWord(names[:10], texts[:10]); err == nil {
		t.Errorf("searchWord = %q with no word in 20 names, want an error", got)
	}
}

func TestPercentile(t *testing.T) {
	var l []time.Duration
	for i := 1; i <= 100; i++ {
		l = append(l, time.Duration(i)*time.Millisecond)
	}
	for q, want := range map[float64]time.Duration{0.5: 50 * time.Millisecond, 0.99: 99 * time.Millisecond, 1: 100 * time.Millisecond} {
		if got := percentile(l, q); got != want {
			t.Errorf("percentile(%v) = %v, want %v", q, got, want)
		}
	}
	if percentile(nil, 0.5) != 0 {
		t.Error("percentile of nothing is not 0")
	}
}

func TestOpenRates(t *testing.T) {
	ladder := []float64{25, 50, 100, 200, 400}
	tests := []struct {
		best float64
		want []float64
	}{
		{best: 130, want: []float64{25, 50, 100, 200}},
		{best: 1000, want: ladder},
		{best: 25, want: []float64{25, 50}},
		{best: 12, want: []float64{3, 6, 12}},
		{best: 0.9, want: []float64{0.23, 0.45, 0.9}},
		{best: 0, want: nil},
	}
	for _, tt := range tests {
		if got := openRates(ladder, tt.best); !slices.Equal(got, tt.want) {
			t.Errorf("openRates(best %v) = %v, want %v", tt.best, got, tt.want)
		}
	}
}
