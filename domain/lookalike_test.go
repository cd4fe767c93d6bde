package domain_test

import (
	"slices"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

func TestLookAlikes(t *testing.T) {
	l := domain.NewLookAlikes()
	l.Add("act_1", "Jugendamt Nord")
	l.Add("act_2", "Stadtteilzentrum Lindenpark")
	tests := []struct {
		name, text string
		want       []string // ids of the look-alikes
	}{
		{"the same text is no look-alike", "Jugendamt Nord", nil},
		{"surrounding space is the same text", " Jugendamt Nord ", nil},
		{"Cyrillic а", "Jugendаmt Nord", []string{"act_1"}},
		{"Cyrillic о in Nord", "Jugendamt Nоrd", []string{"act_1"}},
		{"zero-width space", "Jugend\u200bamt Nord", []string{"act_1"}},
		{"rn for m", "Jugendarnt Nord", []string{"act_1"}},
		{"Greek α", "Stadtteilzentrum Lindenpαrk", []string{"act_2"}},
		{"digit 1 for l", "Stadttei1zentrum Lindenpark", []string{"act_2"}},
		{"another name", "Jugendamt Süd", nil},
		{"case is not look-alike", "JUGENDAMT NORD", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, n := range l.Find(tt.text) {
				got = append(got, n.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("Find(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}
