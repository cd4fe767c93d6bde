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
			[]string{".id", ".name"},
			[]string{".description", ".keywords", ".contactPoints", "responsibleRoleId", "providerId", "targetGroupIds", "topicIds", "neighbourhoodIds",
				".validFrom", ".validTo", ".status", ".lastConfirmed", ".createdAt", ".updatedAt", ".externalKey", ".source"}},
		{"services with their validity and record data", serviceProjection, domain.Fields{"validFrom": true, "validTo": true, "status": true, "createdAt": true, "source": true},
			[]string{".id", ".name", ".validFrom", ".validTo", ".status", ".createdAt", ".source"},
			[]string{".lastConfirmed", ".updatedAt", ".externalKey", ".description"}},
		{"services with their target groups and provider", serviceProjection, domain.Fields{"name": true, "targetGroups": true, "provider": true},
			[]string{".name", "targetGroupIds:", "providerId:"},
			[]string{".description", "topicIds", "neighbourhoodIds", "responsibleRoleId"}},
		{"services with fields of their provider", serviceProjection, domain.Fields{"provider": true, "provider.id": true, "provider.name": true},
			[]string{"providerId:", "provider: [(a:Actor)-[:OFFERS]->(n) WHERE VIS(Actor,a) | a{.id, .name"},
			[]string{".description", ".contactPoints", ".email", ".createdAt", ".status"}},
		{"services with their provider's description", serviceProjection, domain.Fields{"provider": true, "provider.description": true},
			[]string{"provider: [", "a{.id, .name", ".description"}, []string{".contactPoints", "targetGroupIds"}},
		{"services with their target groups' codes", serviceProjection, domain.Fields{"targetGroups": true, "targetGroups.code": true},
			[]string{"targetGroupIds:", "targetGroups: [(n)-[:FOR]->(t:TargetGroup) WHERE VIS(Vocabulary,t) | t{.*}]"}, []string{"provider:", "topicIds"}},
		{"services with their responsible role", serviceProjection, domain.Fields{"responsibleRole": true},
			[]string{".responsibleRoleId"}, []string{"providerId"}},
		{"every actor field from Go", actorProjection, nil,
			[]string{".id", ".name", ".kind", ".sector", ".public", ".operator", ".description", ".keywords", ".email", ".phone", ".website", ".address", ".contactPoints", ".status"}, nil},
		{"a page of actor names", actorProjection, domain.Fields{"name": true, "__typename": true},
			[]string{".id", ".name", ".kind", ".sector", ".public"},
			[]string{".description", ".keywords", ".email", ".contactPoints", ".status", ".validFrom", ".createdAt"}},
		{"actors with when they were last confirmed", actorProjection, domain.Fields{"lastConfirmed": true, "updatedAt": true, "externalKey": true},
			[]string{".lastConfirmed", ".updatedAt", ".externalKey"}, []string{".createdAt", ".status", ".validTo"}},
		{"actors with their contact", actorProjection, domain.Fields{"contact": true},
			[]string{".email", ".phone", ".website", ".address"}, []string{".description", ".contactPoints"}},
		{"every cooperation field from Go", cooperationProjection, nil,
			[]string{"n{.*", "fromId:", "toId:"}, nil},
		{"a partner's cooperation's kind and strength", cooperationProjection, domain.Fields{"kind": true, "strength": true},
			[]string{".id", ".kind", ".strength", ".directed", "fromId:", "toId:"},
			[]string{".*", ".description", ".validFrom", ".status", ".createdAt", ".source"}},
		{"a partner's cooperation's validity", cooperationProjection, domain.Fields{"validFrom": true, "validTo": true, "description": true},
			[]string{".validFrom", ".validTo", ".description"}, []string{".*", ".status", ".createdAt"}},
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
