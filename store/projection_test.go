package store

import (
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

// A list reads a part of a record only for a selected field that reads
// it; without a selection (a call from Go) it reads everything.
func TestProjectionReadsThePartsOfTheSelectedFields(t *testing.T) {
	for _, tc := range []struct {
		name      string
		proj      func(domain.Fields) string
		fields    domain.Fields
		want, not []string
	}{
		{"every service field from Go", serviceProjection, nil,
			[]string{".id", ".name", ".status", ".description", ".keywords", ".contactPoints", ".responsibleRoleId", "providerId:", "targetGroupIds:", "topicIds:", "neighbourhoodIds:"},
			[]string{"provider:", "targetGroups:"}},
		{"a page of service names", serviceProjection, domain.Fields{"name": true},
			[]string{".id", ".name", ".validFrom", ".validTo", ".status", ".lastConfirmed"},
			[]string{".description", ".keywords", ".contactPoints", "responsibleRoleId", "providerId", "targetGroupIds", "topicIds", "neighbourhoodIds"}},
		{"services with their target groups and provider", serviceProjection, domain.Fields{"name": true, "targetGroups": true, "provider": true},
			[]string{".name", "targetGroupIds:", "providerId:"},
			[]string{".description", "topicIds", "neighbourhoodIds", "responsibleRoleId"}},
		{"services with fields of their provider", serviceProjection, domain.Fields{"provider": true, "provider.id": true, "provider.name": true},
			[]string{"providerId:", "provider: [(a:Actor)-[:OFFERS]->(n) WHERE VIS(Actor,a) | a{.id, .name"},
			[]string{".description", ".contactPoints", ".email"}},
		{"services with their provider's description", serviceProjection, domain.Fields{"provider": true, "provider.description": true},
			[]string{"provider: [", "a{.id, .name", ".description"}, []string{".contactPoints", "targetGroupIds"}},
		{"services with their target groups' codes", serviceProjection, domain.Fields{"targetGroups": true, "targetGroups.code": true},
			[]string{"targetGroupIds:", "targetGroups: [(n)-[:FOR]->(t:TargetGroup) WHERE VIS(Vocabulary,t) | t{.*}]"}, []string{"provider:", "topicIds"}},
		{"services with their responsible role", serviceProjection, domain.Fields{"responsibleRole": true},
			[]string{".responsibleRoleId"}, []string{"providerId"}},
		{"every actor field from Go", actorProjection, nil,
			[]string{".id", ".name", ".kind", ".sector", ".public", ".operator", ".description", ".keywords", ".email", ".phone", ".website", ".address", ".contactPoints", ".status"}, nil},
		{"a page of actor names", actorProjection, domain.Fields{"name": true, "__typename": true},
			[]string{".id", ".name", ".kind", ".sector", ".public", ".status"},
			[]string{".description", ".keywords", ".email", ".contactPoints"}},
		{"actors with their contact", actorProjection, domain.Fields{"contact": true},
			[]string{".email", ".phone", ".website", ".address"}, []string{".description", ".contactPoints"}},
		{"nothing of the items (an empty selection)", actorProjection, domain.Fields{},
			[]string{".id", ".kind"}, []string{".description", ".email"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.proj(tc.fields)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("projection %q lacks %q", got, w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(got, n) {
					t.Errorf("projection %q reads %q, which no selected field needs", got, n)
				}
			}
		})
	}
}
