package seed

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

var (
	today        = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	staleCut     = time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	keyActorDay  = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	testIDFormat = regexp.MustCompile(`^[a-z]+_[a-z0-9-]+$`)
)

// record is what every test needs of any record: id, provenance, span.
type record struct {
	id   string
	meta *domain.Meta
	span *domain.Span // nil for records without validity
}

// records lists the demo's records per id prefix.
func records(ds *domain.Dataset) map[string][]record {
	out := map[string][]record{}
	add := func(prefix, id string, m *domain.Meta, sp *domain.Span) {
		out[prefix] = append(out[prefix], record{id, m, sp})
	}
	for i := range ds.TargetGroups {
		add("tg", ds.TargetGroups[i].ID, &ds.TargetGroups[i].Meta, nil)
	}
	for i := range ds.Topics {
		add("top", ds.Topics[i].ID, &ds.Topics[i].Meta, nil)
	}
	for i := range ds.Neighbourhoods {
		add("nbh", ds.Neighbourhoods[i].ID, &ds.Neighbourhoods[i].Meta, nil)
	}
	for i := range ds.Actors {
		add("act", ds.Actors[i].ID, &ds.Actors[i].Meta, &ds.Actors[i].Span)
	}
	for i := range ds.People {
		add("per", ds.People[i].ID, &ds.People[i].Meta, nil)
	}
	for i := range ds.Roles {
		add("rol", ds.Roles[i].ID, &ds.Roles[i].Meta, &ds.Roles[i].Span)
	}
	for i := range ds.Services {
		add("svc", ds.Services[i].ID, &ds.Services[i].Meta, &ds.Services[i].Span)
	}
	for i := range ds.Needs {
		add("ned", ds.Needs[i].ID, &ds.Needs[i].Meta, &ds.Needs[i].Span)
	}
	for i := range ds.Cooperations {
		add("coo", ds.Cooperations[i].ID, &ds.Cooperations[i].Meta, &ds.Cooperations[i].Span)
	}
	for i := range ds.Networks {
		add("net", ds.Networks[i].ID, &ds.Networks[i].Meta, &ds.Networks[i].Span)
	}
	for i := range ds.Memberships {
		add("mem", ds.Memberships[i].ID, &ds.Memberships[i].Meta, &ds.Memberships[i].Span)
	}
	for i := range ds.Events {
		add("evt", ds.Events[i].ID, &ds.Events[i].Meta, nil)
	}
	return out
}

func TestDemoCounts(t *testing.T) {
	ds := Demo()
	quartersN, districtsN := 0, 0
	for _, n := range ds.Neighbourhoods {
		switch n.Level {
		case domain.LevelQuarter:
			quartersN++
		case domain.LevelDistrict:
			districtsN++
		}
	}
	for _, c := range []struct {
		name     string
		got, min int
	}{
		{"target groups", len(ds.TargetGroups), 12}, {"topics", len(ds.Topics), 13},
		{"districts", districtsN, 3}, {"quarters", quartersN, 12},
		{"actors", len(ds.Actors), 150}, {"people", len(ds.People), 40}, {"roles", len(ds.Roles), 45},
		{"services", len(ds.Services), 200}, {"needs", len(ds.Needs), 60}, {"cooperations", len(ds.Cooperations), 400},
		{"networks", len(ds.Networks), 5}, {"memberships", len(ds.Memberships), 40}, {"events", len(ds.Events), 30},
	} {
		if c.got < c.min {
			t.Errorf("%d %s, want at least %d", c.got, c.name, c.min)
		}
	}
	if len(ds.TargetGroups) != 12 || len(ds.Topics) != 13 {
		t.Errorf("%d target groups and %d topics, want exactly 12 and 13", len(ds.TargetGroups), len(ds.Topics))
	}
}

func TestDemoIsDeterministic(t *testing.T) {
	if !reflect.DeepEqual(Demo(), Demo()) {
		t.Fatal("two calls of Demo differ")
	}
}

func TestDemoIDsAndProvenance(t *testing.T) {
	stale, dated := 0, 0
	for prefix, recs := range records(Demo()) {
		ids, keys := map[string]bool{}, map[string]bool{}
		for _, r := range recs {
			if !testIDFormat.MatchString(r.id) || !strings.HasPrefix(r.id, prefix+"_") {
				t.Errorf("id %q: want %s_ and a lowercase slug", r.id, prefix)
			}
			if ids[r.id] {
				t.Errorf("duplicate id %q", r.id)
			}
			ids[r.id] = true
			m := r.meta
			if want := "demo:" + prefix + ":" + strings.TrimPrefix(r.id, prefix+"_"); m.ExternalKey == nil || *m.ExternalKey != want {
				t.Errorf("%s: external key %v, want %q", r.id, m.ExternalKey, want)
			} else if keys[*m.ExternalKey] {
				t.Errorf("duplicate external key %q", *m.ExternalKey)
			} else {
				keys[*m.ExternalKey] = true
			}
			never := slices.Contains(NeverConfirmedIDs, r.id)
			if m.Source == nil || *m.Source == "" || (m.LastConfirmed == nil) != never || (m.LastConfirmed != nil && m.LastConfirmed.After(today)) {
				t.Errorf("%s: source %v, last confirmed %v", r.id, m.Source, m.LastConfirmed)
			}
			if !m.CreatedAt.IsZero() || !m.UpdatedAt.IsZero() {
				t.Errorf("%s: CreatedAt and UpdatedAt must be left to the store", r.id)
			}
			if prefix != "tg" && prefix != "top" && prefix != "nbh" {
				dated++
				if m.LastConfirmed != nil && m.LastConfirmed.Before(staleCut) {
					stale++
				}
			}
		}
	}
	if share := float64(stale) / float64(dated); share < 0.08 || share > 0.18 {
		t.Errorf("%d of %d records (%.0f%%) are stale, want about 10–15%%", stale, dated, 100*share)
	}
}

func TestDemoReferences(t *testing.T) {
	ds := Demo()
	ids := map[string]bool{}
	for _, recs := range records(ds) {
		for _, r := range recs {
			ids[r.id] = true
		}
	}
	check := func(owner, prefix string, refs ...string) {
		t.Helper()
		for _, ref := range refs {
			if !strings.HasPrefix(ref, prefix+"_") || !ids[ref] {
				t.Errorf("%s references %q, not a %s_ record of the dataset", owner, ref, prefix)
			}
		}
	}
	for _, n := range ds.Neighbourhoods {
		if n.ParentID != nil {
			check(n.ID, "nbh", *n.ParentID)
		}
	}
	for _, a := range ds.Actors {
		check(a.ID, "nbh", a.NeighbourhoodIDs...)
		if len(a.NeighbourhoodIDs) == 0 {
			t.Errorf("%s is active nowhere", a.ID)
		}
	}
	for _, r := range ds.Roles {
		check(r.ID, "per", r.PersonID)
		check(r.ID, "act", r.ActorID)
	}
	for _, s := range ds.Services {
		check(s.ID, "act", s.ProviderID)
		check(s.ID, "tg", s.TargetGroupIDs...)
		check(s.ID, "top", s.TopicIDs...)
		check(s.ID, "nbh", s.NeighbourhoodIDs...)
		if len(s.TargetGroupIDs) == 0 || len(s.TopicIDs) == 0 || len(s.NeighbourhoodIDs) == 0 {
			t.Errorf("%s lacks target groups, topics or places", s.ID)
		}
	}
	for _, n := range ds.Needs {
		check(n.ID, "tg", n.TargetGroupID)
		check(n.ID, "top", n.TopicID)
		check(n.ID, "nbh", n.NeighbourhoodID)
	}
	for _, c := range ds.Cooperations {
		check(c.ID, "act", c.FromID, c.ToID)
	}
	for _, n := range ds.Networks {
		check(n.ID, "nbh", n.NeighbourhoodIDs...)
	}
	for _, m := range ds.Memberships {
		check(m.ID, "act", m.ActorID)
		check(m.ID, "net", m.NetworkID)
	}
	for _, e := range ds.Events {
		check(e.ID, "act", e.ParticipantIDs...)
		check(e.ID, "act", *e.OrganiserID)
		check(e.ID, "nbh", *e.NeighbourhoodID)
		if e.NetworkID != nil {
			check(e.ID, "net", *e.NetworkID)
		}
	}
}

func TestDemoValues(t *testing.T) {
	ds := Demo()
	for prefix, recs := range records(ds) {
		for _, r := range recs {
			if sp := r.span; sp != nil && sp.ValidFrom != nil && sp.ValidTo != nil && sp.ValidTo.Before(*sp.ValidFrom) {
				t.Errorf("%s %s: span %v–%v", prefix, r.id, sp.ValidFrom, sp.ValidTo)
			}
			if sp := r.span; sp != nil && sp.ValidFrom != nil && sp.ValidFrom.Year() < 1900 {
				t.Errorf("%s: implausible start %v", r.id, sp.ValidFrom)
			}
		}
	}
	for _, n := range ds.Neighbourhoods {
		if !domain.Valid(n.Level) {
			t.Errorf("%s: level %q", n.ID, n.Level)
		}
	}
	for _, a := range ds.Actors {
		if !domain.Valid(a.Kind) || !domain.Valid(a.Sector) {
			t.Errorf("%s: kind %q, sector %q", a.ID, a.Kind, a.Sector)
		}
		if a.Kind.IsInstitution() != (a.Operator != nil) {
			t.Errorf("%s: institutions, and only they, have an operator", a.ID)
		}
		if a.Description == nil || len(a.Keywords) == 0 || a.Contact.Email == nil || a.Contact.Address == nil {
			t.Errorf("%s lacks description, keywords or contact", a.ID)
		}
	}
	for _, s := range ds.Services {
		if s.Description == nil || len(s.Keywords) == 0 {
			t.Errorf("%s lacks description or keywords", s.ID)
		}
	}
	for _, n := range ds.Needs {
		if !domain.Valid(n.Severity) {
			t.Errorf("%s: severity %q", n.ID, n.Severity)
		}
	}
	for _, c := range ds.Cooperations {
		if !domain.Valid(c.Kind) || c.Strength <= 0 || c.Strength > 1 || c.FromID == c.ToID ||
			c.Directed != (c.Kind == domain.CoopFunding || c.Kind == domain.CoopReferral) {
			t.Errorf("%s: kind %q, strength %v, directed %v, %s → %s", c.ID, c.Kind, c.Strength, c.Directed, c.FromID, c.ToID)
		}
	}
	for _, n := range ds.Networks {
		if !domain.Valid(n.Kind) {
			t.Errorf("%s: kind %q", n.ID, n.Kind)
		}
	}
	for _, e := range ds.Events {
		if !domain.Valid(e.Kind) || len(e.ParticipantIDs) < 3 || len(e.ParticipantIDs) > 15 {
			t.Errorf("%s: kind %q, %d participants", e.ID, e.Kind, len(e.ParticipantIDs))
		}
	}
}

func TestDemoCooperationsAreUnique(t *testing.T) {
	seen := map[[3]string]bool{}
	for _, c := range Demo().Cooperations {
		key := [3]string{c.FromID, c.ToID, string(c.Kind)}
		if !c.Directed && c.ToID < c.FromID {
			key[0], key[1] = key[1], key[0]
		}
		if seen[key] {
			t.Errorf("second %s cooperation between %s and %s", c.Kind, c.FromID, c.ToID)
		}
		seen[key] = true
	}
}

// TestDemoTimesFit checks that nothing outlives or predates its actors:
// roles, services, cooperations and memberships lie within their actors'
// spans, and event participants were there on the day.
func TestDemoTimesFit(t *testing.T) {
	ds := Demo()
	actors := map[string]domain.Actor{}
	for _, a := range ds.Actors {
		actors[a.ID] = a
	}
	within := func(owner string, sp domain.Span, actorIDs ...string) {
		t.Helper()
		for _, id := range actorIDs {
			a := actors[id]
			if a.ValidFrom != nil && (sp.ValidFrom == nil || sp.ValidFrom.Before(*a.ValidFrom)) ||
				a.ValidTo != nil && (sp.ValidTo == nil || sp.ValidTo.After(*a.ValidTo)) {
				t.Errorf("%s (%v–%v) is not within %s (%v–%v)", owner, sp.ValidFrom, sp.ValidTo, id, a.ValidFrom, a.ValidTo)
			}
		}
	}
	for _, r := range ds.Roles {
		within(r.ID, r.Span, r.ActorID)
	}
	for _, s := range ds.Services {
		within(s.ID, s.Span, s.ProviderID)
	}
	for _, c := range ds.Cooperations {
		within(c.ID, c.Span, c.FromID, c.ToID)
	}
	for _, m := range ds.Memberships {
		within(m.ID, m.Span, m.ActorID)
	}
	for _, e := range ds.Events {
		for _, p := range e.ParticipantIDs {
			if !actors[p].ValidOn(e.Date) {
				t.Errorf("%s: participant %s did not exist on %v", e.ID, p, e.Date)
			}
		}
		if !slices.Contains(e.ParticipantIDs, *e.OrganiserID) {
			t.Errorf("%s: organiser %s does not take part", e.ID, *e.OrganiserID)
		}
	}
}

func TestDemoVocabularyAndVariety(t *testing.T) {
	ds := Demo()
	for _, v := range ds.TargetGroups {
		if want := "tg_" + strings.ReplaceAll(strings.ToLower(v.Code), "_", "-"); v.ID != want || v.LabelDe == "" || v.LabelEn == "" {
			t.Errorf("target group %s: id %q, want %q, labels %q/%q", v.Code, v.ID, want, v.LabelDe, v.LabelEn)
		}
	}
	for _, v := range ds.Topics {
		if want := "top_" + strings.ReplaceAll(strings.ToLower(v.Code), "_", "-"); v.ID != want || v.LabelDe == "" || v.LabelEn == "" {
			t.Errorf("topic %s: id %q, want %q, labels %q/%q", v.Code, v.ID, want, v.LabelDe, v.LabelEn)
		}
	}
	sectors, kinds, groups, topics := map[domain.Sector]bool{}, map[domain.ActorKind]bool{}, map[string]bool{}, map[string]bool{}
	var keywords []string
	for _, a := range ds.Actors {
		sectors[a.Sector], kinds[a.Kind] = true, true
		keywords = append(keywords, a.Keywords...)
	}
	for _, s := range ds.Services {
		for _, g := range s.TargetGroupIDs {
			groups[g] = true
		}
		for _, p := range s.TopicIDs {
			topics[p] = true
		}
	}
	for _, s := range domain.Sectors {
		if !sectors[s] {
			t.Errorf("no actor of sector %s", s)
		}
	}
	for _, k := range domain.ActorKinds {
		if !kinds[k] {
			t.Errorf("no actor of kind %s", k)
		}
	}
	if len(groups) != len(ds.TargetGroups) || len(topics) != len(ds.Topics) {
		t.Errorf("services address %d target groups and %d topics, want all", len(groups), len(topics))
	}
	for _, kw := range []string{"Schülerhilfe", "Familienbüro", "Begegnungsstätte"} {
		if !slices.Contains(keywords, kw) {
			t.Errorf("no actor has the keyword %q", kw)
		}
	}
}

// TestDemoTextsAreFilled catches template placeholders and format
// verbs left in the German texts.
func TestDemoTextsAreFilled(t *testing.T) {
	ds := Demo()
	var texts []string
	for _, a := range ds.Actors {
		texts = append(texts, a.Name, *a.Description)
	}
	for _, s := range ds.Services {
		texts = append(texts, s.Name, *s.Description)
	}
	for _, n := range ds.Needs {
		texts = append(texts, *n.Description)
	}
	for _, n := range ds.Networks {
		texts = append(texts, n.Name, *n.Description)
	}
	for _, e := range ds.Events {
		texts = append(texts, e.Name, *e.Description)
	}
	for _, s := range texts {
		if s == "" || strings.ContainsAny(s, "{}") || strings.Contains(s, "%!") {
			t.Errorf("unfilled text %q", s)
		}
	}
}

// TestDemoTablesAreUsed guards the tables against typos that would
// silently do nothing: every span override names a service, and every
// need the rules can produce has an answer.
func TestDemoTablesAreUsed(t *testing.T) {
	services := map[string]bool{}
	for _, s := range Demo().Services {
		services[s.ID] = true
	}
	for svcID := range serviceSpans {
		if !services[svcID] {
			t.Errorf("serviceSpans names %s, which is not a service", svcID)
		}
	}
	for _, r := range needRules {
		if _, ok := answers[[2]string{r.group, r.topic}]; !ok {
			t.Errorf("no answer for the need rule on %s, %s", r.group, r.topic)
		}
	}
}
