package domain

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestUpdatesNameEveryBadField(t *testing.T) {
	null := func() Edit[*string] { return Edit[*string]{Set: true} }
	long := strings.Repeat("x", MaxText+1)
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name   string
		u      Input
		fields []string
	}{
		{"nothing set", &ActorUpdate{}, nil},
		{"actor: texts only trimmed", &ActorUpdate{Name: To(new("  Kiezküche ")), Description: To(new("  "))}, nil},
		{"actor: null name and kind, bad sector", &ActorUpdate{Name: null(), Kind: Edit[*ActorKind]{Set: true},
			Sector: To(new(Sector("NONE")))}, []string{"input.name", "input.kind", "input.sector"}},
		{"actor: bad contact and status", &ActorUpdate{Contact: To(&Contact{Email: new("nobody"), Website: new("javascript:x")}),
			Status: Edit[*RecordStatus]{Set: true}}, []string{"input.contact.email", "input.contact.website", "input.status"}},
		{"actor: too many keywords, long source", &ActorUpdate{Keywords: To(make([]string, MaxKeywords+1)),
			MetaUpdate: MetaUpdate{Source: To(&long)}}, []string{"input.keywords", "input.record.source"}},
		{"service: links need an id each, provider not null", &ServiceUpdate{Provider: null(),
			TargetGroups: Edit[[]string]{Set: true}, Topics: To([]string{}), Neighbourhoods: To([]string{"nbh_x"})},
			[]string{"input.provider", "input.targetGroups", "input.topics"}},
		{"need: evidence without indicator, bad year", &NeedUpdate{Evidence: To(&Evidence{Year: new(1800)})},
			[]string{"input.evidence.indicator", "input.evidence.year"}},
		{"need: evidence removed", &NeedUpdate{Evidence: Edit[*Evidence]{Set: true}}, nil},
		{"cooperation: null strength, null kind", &CooperationUpdate{Strength: Edit[*float64]{Set: true},
			Kind: Edit[*CooperationKind]{Set: true}}, []string{"input.kind", "input.strength"}},
		{"cooperation: strength out of range", &CooperationUpdate{Strength: To(new(1.5))}, []string{"input.strength"}},
		{"cooperation: null directed is false", &CooperationUpdate{Directed: Edit[*bool]{Set: true}}, nil},
		{"network: empty name", &NetworkUpdate{Name: To(new(" "))}, []string{"input.name"}},
		{"membership: role with a control character", &MembershipUpdate{Role: To(new("a\x07b"))}, []string{"input.role"}},
		{"event: null date and name", &EventUpdate{Date: Edit[*time.Time]{Set: true}, Name: null()}, []string{"input.name", "input.date"}},
		{"event: links cleared", &EventUpdate{Organiser: null(), Network: null(), Date: To(&day)}, nil},
		{"person: no e-mail address", &PersonUpdate{Email: To(new("at-nowhere"))}, []string{"input.email"}},
		{"role: null title", &RoleUpdate{Title: null()}, []string{"input.title"}},
		{"neighbourhood: negative population, unnamed indicator", &NeighbourhoodUpdate{Population: To(new(-1)),
			Indicators: To([]Indicator{{Name: "ok", Year: 2023}, {Name: " ", Year: 1700}})},
			[]string{"input.population", "input.indicators[1].name", "input.indicators[1].year"}},
		{"vocabulary: both labels null", &VocabularyUpdate{LabelDe: null(), LabelEn: null()}, []string{"input.labelDe", "input.labelEn"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, fe := range FieldErrors(Prepare(tt.u)) {
				got = append(got, fe.Field)
			}
			if !slices.Equal(got, tt.fields) {
				t.Errorf("bad fields = %v, want %v", got, tt.fields)
			}
		})
	}
}

func TestUpdateNormalizes(t *testing.T) {
	u := ActorUpdate{Name: To(new("  Kiezküche ")), Description: To(new(" \t")), Operator: To(new(" Träger e.V. ")),
		Contact: To(&Contact{Email: new(" a@b.de "), Phone: new("  ")})}
	if err := Prepare(&u); err != nil {
		t.Fatal(err)
	}
	if *u.Name.Value != "Kiezküche" || u.Description.Value != nil || !u.Description.Set || *u.Operator.Value != "Träger e.V." {
		t.Errorf("texts = %q %v %q", *u.Name.Value, u.Description.Value, *u.Operator.Value)
	}
	if c := u.Contact.Value; *c.Email != "a@b.de" || c.Phone != nil {
		t.Errorf("contact = %+v", c)
	}
}

func TestCooperationDefaults(t *testing.T) {
	for _, tt := range []struct {
		kind         CooperationKind
		strength     *float64
		directed     *bool
		wantStrength float64
		wantDirected bool
	}{
		{CoopFunding, nil, nil, DefaultStrength, true},
		{CoopReferral, nil, nil, DefaultStrength, true},
		{CoopJointProject, nil, nil, DefaultStrength, false},
		{CoopFunding, new(0.9), new(false), 0.9, false},
		{CoopJointProject, new(0.0), new(true), 0, true},
	} {
		c := Cooperation{Kind: tt.kind}.WithDefaults(tt.strength, tt.directed)
		if c.Strength != tt.wantStrength || c.Directed != tt.wantDirected {
			t.Errorf("%s: strength %v directed %v, want %v %v", tt.kind, c.Strength, c.Directed, tt.wantStrength, tt.wantDirected)
		}
	}
	if err := (Cooperation{FromID: "act_a", ToID: "act_a", Kind: CoopFunding, Strength: 2}).Check(); len(FieldErrors(err)) != 2 {
		t.Errorf("self-cooperation with strength 2: %v", err)
	}
}
