package seed

import (
	"reflect"
	"slices"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

// TestDemoContactPoints: the demo's contact points are valid as the API
// would store them, name only roles at their owner (or its provider),
// and cover a realistic share: most offices, schools, centres and
// counselling services publish one, initiatives and clubs do not.
func TestDemoContactPoints(t *testing.T) {
	ds := Demo()
	roleAt := map[string]string{}
	for _, r := range ds.Roles {
		roleAt[r.ID] = r.ActorID
	}
	provider := map[string]string{}
	for _, s := range ds.Services {
		provider[s.ID] = s.ProviderID
	}
	check := func(owner, at string, cps []domain.ContactPoint) {
		t.Helper()
		norm := slices.Clone(cps)
		for i := range norm {
			norm[i].Languages = slices.Clone(norm[i].Languages)
			norm[i].OpeningHours = slices.Clone(norm[i].OpeningHours)
		}
		if err := domain.NormalizeContactPoints("contactPoints", norm); err != nil {
			t.Errorf("%s: %v", owner, err)
		} else if !reflect.DeepEqual(norm, cps) {
			t.Errorf("%s: not in normal form:\n%+v\n%+v", owner, cps, norm)
		}
		for _, c := range cps {
			if c.RoleID != nil && roleAt[*c.RoleID] != at {
				t.Errorf("%s: role %s works at %q, not at %s", owner, *c.RoleID, roleAt[*c.RoleID], at)
			}
		}
	}
	with := 0
	for _, a := range ds.Actors {
		check(a.ID, a.ID, a.ContactPoints)
		if len(a.ContactPoints) > 0 {
			with++
		}
	}
	if share := float64(with) / float64(len(ds.Actors)); share < 0.3 || share > 0.8 {
		t.Errorf("%d of %d actors (%.0f%%) have contact points, want a realistic 30–80%%", with, len(ds.Actors), 100*share)
	}
	responsible := 0
	for _, s := range ds.Services {
		check(s.ID, s.ProviderID, s.ContactPoints)
		if s.ResponsibleRoleID != nil {
			responsible++
			if roleAt[*s.ResponsibleRoleID] != s.ProviderID {
				t.Errorf("%s: responsible role %s is not at its provider", s.ID, *s.ResponsibleRoleID)
			}
		}
	}
	if responsible == 0 {
		t.Error("no service names a responsible role")
	}
	for _, a := range ds.Actors {
		if a.ID == QMContactActorID && (len(a.ContactPoints) != 1 || a.ContactPoints[0].RoleID == nil) {
			t.Errorf("%s: contact points %+v, want one naming the quarter manager", a.ID, a.ContactPoints)
		}
	}
}
