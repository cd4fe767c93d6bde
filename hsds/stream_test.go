package hsds_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/hsds"
)

// streamData is a small Data: two services of one provider, one
// available in a neighbourhood the reader does not see.
func streamData() *hsds.Data {
	key := "berlin:lor:0101"
	return &hsds.Data{
		Services: []domain.Service{
			{ID: "svc_b", Name: "Beratung", ProviderID: "act_a", NeighbourhoodIDs: []string{"nbh_x", "nbh_hidden"},
				TargetGroupIDs: []string{"tg_1"}, Meta: domain.Meta{UpdatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}},
			{ID: "svc_a", Name: "Hausaufgabenhilfe", ProviderID: "act_a", TopicIDs: []string{"top_1"}},
		},
		Actors:         map[string]domain.Actor{"act_a": {ID: "act_a", Name: "Schule", Kind: domain.KindSchool, Sector: domain.SectorPublic}},
		Neighbourhoods: map[string]domain.Neighbourhood{"nbh_x": {ID: "nbh_x", Name: "Westkiez", Meta: domain.Meta{ExternalKey: &key}}},
		Locations:      map[string][]domain.Location{"svc_a": {{ID: "loc_1", Latitude: 51.3, Longitude: 12.4}}},
		Vocabulary: map[string]hsds.VocabularyEntry{
			"tg_1":  {Vocabulary: domain.Vocabulary{ID: "tg_1", Code: "CHILDREN", LabelDe: "Kinder", LabelEn: "children"}, Target: hsds.Target{Kind: hsds.TargetGroup, Code: "CHILDREN"}},
			"top_1": {Vocabulary: domain.Vocabulary{ID: "top_1", Code: "EDUCATION", LabelDe: "Bildung", LabelEn: "education"}, Target: hsds.Target{Kind: hsds.Topic, Code: "EDUCATION"}},
		},
	}
}

// items is d's services as a store streams them.
func items(d *hsds.Data) func(yield func(hsds.Item) error) error {
	return func(yield func(hsds.Item) error) error {
		for _, s := range d.Services {
			it := hsds.Item{Service: s, Provider: d.Actors[s.ProviderID], Locations: d.Locations[s.ID]}
			for _, n := range s.NeighbourhoodIDs {
				if v, ok := d.Neighbourhoods[n]; ok {
					it.Areas = append(it.Areas, v)
				}
			}
			if err := yield(it); err != nil {
				return err
			}
		}
		return nil
	}
}

func TestWriteStream(t *testing.T) {
	d := streamData()
	var want bytes.Buffer
	if _, err := hsds.Write(&want, d); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(want.String(), "Westkiez") || strings.Contains(want.String(), "nbh_hidden") {
		t.Fatalf("the file lacks the area the reader sees or holds the hidden one:\n%s", want.String())
	}
	broken := errors.New("connection lost")
	for _, tc := range []struct {
		name     string
		total    int
		services func(yield func(hsds.Item) error) error
		wantErr  error
		same     bool
	}{
		{name: "the services", total: 2, services: items(d), same: true},
		{name: "an error of the part", total: 2, services: func(func(hsds.Item) error) error { return broken }, wantErr: broken},
		{name: "fewer than announced", total: 3, services: items(d)},
		{name: "more than announced", total: 1, services: items(d)},
		{name: "a provider missing", total: 1, services: func(yield func(hsds.Item) error) error {
			return yield(hsds.Item{Service: d.Services[0]})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got bytes.Buffer
			stats, err := hsds.WriteStream(&got, hsds.Stream{Total: tc.total, Vocabulary: d.Vocabulary, Services: tc.services})
			switch {
			case tc.same:
				if err != nil || !bytes.Equal(got.Bytes(), want.Bytes()) || stats != (hsds.Stats{Services: 2, Organizations: 1}) {
					t.Errorf("err %v, stats %+v; streamed file differs:\n%s\nwant:\n%s", err, stats, got.String(), want.String())
				}
			case tc.wantErr != nil:
				if !errors.Is(err, tc.wantErr) {
					t.Errorf("err = %v, want %v", err, tc.wantErr)
				}
			case err == nil:
				t.Errorf("no error")
			}
		})
	}
}
