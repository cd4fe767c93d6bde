package store

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"

	"github.com/kiezgraph/kiezgraph/domain"
)

func TestServicesNearAreOrderedByDistance(t *testing.T) {
	ctx, s := setup(t)
	centre := orb.Point{13.4050, 52.5200}
	// Points at bearings and distances around the centre; "far" lies
	// outside the 1000 m circle but inside its bounding box's corner.
	points := []struct {
		name            string
		bearing, metres float64
		public          bool
	}{
		{"a", 0, 120, true}, {"b", 90, 480, true}, {"c", 200, 250, false}, {"d", 310, 900, true},
		{"e", 45, 60, true}, {"far", 45, 1300, true},
	}
	tg, err := s.CreateTargetGroup(ctx, domain.TargetGroup{Vocabulary: domain.Vocabulary{Code: "SENIORS", LabelDe: "Senior*innen", LabelEn: "seniors"}})
	if err != nil {
		t.Fatal(err)
	}
	top, err := s.CreateTopic(ctx, domain.Topic{Vocabulary: domain.Vocabulary{Code: "HEALTH", LabelDe: "Gesundheit", LabelEn: "health"}})
	if err != nil {
		t.Fatal(err)
	}
	ref := map[string]float64{}
	for _, p := range points {
		a, err := s.CreateActor(ctx, domain.Actor{Name: "Träger " + p.name, Kind: domain.KindAssociation, Sector: domain.SectorNonProfit, Public: p.public})
		if err != nil {
			t.Fatal(err)
		}
		svc, err := s.CreateService(ctx, domain.Service{Name: "Angebot " + p.name, ProviderID: a.ID, TargetGroupIDs: []string{tg.ID}, TopicIDs: []string{top.ID}})
		if err != nil {
			t.Fatal(err)
		}
		pt := geo.PointAtBearingAndDistance(centre, p.bearing, p.metres)
		// A second, farther location of the same service: only the
		// nearest one may count.
		far := geo.PointAtBearingAndDistance(centre, p.bearing, p.metres+50)
		if _, err := s.SetLocations(ctx, "Service", svc.ID, []domain.Location{
			{Latitude: far[1], Longitude: far[0]}, {Latitude: pt[1], Longitude: pt[0]},
		}); err != nil {
			t.Fatal(err)
		}
		ref[svc.Name] = geo.DistanceHaversine(centre, pt)
	}
	near := &domain.Near{Latitude: centre[1], Longitude: centre[0], Meters: 1000}
	tests := []struct {
		name   string
		access domain.Access
		want   []string
	}{
		{"admin", domain.System, []string{"Angebot e", "Angebot a", "Angebot c", "Angebot b", "Angebot d"}},
		{"public", domain.Access{Role: domain.RolePublic}, []string{"Angebot e", "Angebot a", "Angebot b", "Angebot d"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pctx, prof := WithProfile(domain.WithAccess(ctx, tt.access))
			page, err := s.ServicesByPlace(pctx, ByPlace{Near: near, TargetGroup: &tg.ID}, domain.PageArgs{First: 10})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range page.Items {
				got = append(got, it.Item.Name)
				want := ref[it.Item.Name]
				if it.Distance == nil || math.Abs(*it.Distance-want) > want*0.001 {
					t.Errorf("%s: distance %v, want %.1f m (haversine)", it.Item.Name, it.Distance, want)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("order %v, want %v", got, tt.want)
			}
			if page.Total != len(tt.want) {
				t.Errorf("total %d, want %d", page.Total, len(tt.want))
			}
			if sc := prof.Scans(); len(sc) > 0 {
				t.Errorf("label scans: %v", sc)
			}
			ops := prof.Operators()
			indexed := false
			for op := range ops {
				indexed = indexed || strings.Contains(op, "IndexSeekByRange")
			}
			if !indexed {
				t.Errorf("no index seek by range in the plans: %v", ops)
			}
		})
	}
	t.Run("paged", func(t *testing.T) {
		page, err := s.ServicesByPlace(ctx, ByPlace{Near: near}, domain.PageArgs{First: 2, Offset: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 2 || page.Items[0].Item.Name != "Angebot c" || !page.More {
			t.Errorf("second page: %d items, first %v, more %v", len(page.Items), page.Items, page.More)
		}
	})
	t.Run("bad circle", func(t *testing.T) {
		_, err := s.ServicesByPlace(ctx, ByPlace{Near: &domain.Near{Latitude: 52.5, Longitude: 13.4, Meters: -1}}, domain.PageArgs{First: 2})
		if !errors.Is(err, domain.ErrInvalid) {
			t.Errorf("negative radius: %v, want invalid", err)
		}
	})
}
