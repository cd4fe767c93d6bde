package resolvers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph"
	"github.com/kiezgraph/kiezgraph/graph/model"
)

// fakeStore answers the writes the mutation tests reach and records what
// the resolvers hand it; every other method of Store panics (nil
// embedded interface), so a test that reaches one fails loudly.
type fakeStore struct {
	Store
	known *domain.LookAlikes // actor names for look-alike warnings
	err   error              // returned by every write
	calls []string
	got   any // the last value written
}

func (f *fakeStore) write(op string, v any) error {
	f.calls, f.got = append(f.calls, op), v
	return f.err
}

func (f *fakeStore) ActorNames(context.Context) (*domain.LookAlikes, error) { return f.known, nil }

func (f *fakeStore) CreateActor(_ context.Context, a domain.Actor, locs ...domain.Location) (domain.Actor, error) {
	a.ID = "act_new"
	return a, f.write("CreateActor", a)
}

func (f *fakeStore) UpdateActor(_ context.Context, id string, u domain.ActorUpdate) (domain.Actor, error) {
	return domain.Actor{ID: id, Kind: domain.KindAssociation}, f.write("UpdateActor", u)
}

func (f *fakeStore) CreateService(_ context.Context, s domain.Service, locs ...domain.Location) (domain.Service, error) {
	return s, f.write("CreateService", s)
}

func (f *fakeStore) AddCooperation(_ context.Context, c domain.Cooperation) (domain.Cooperation, error) {
	return c, f.write("AddCooperation", c)
}

func (f *fakeStore) UpdateCooperation(_ context.Context, id string, u domain.CooperationUpdate) (domain.Cooperation, error) {
	return domain.Cooperation{ID: id}, f.write("UpdateCooperation", u)
}

func (f *fakeStore) UpdateNeed(_ context.Context, id string, u domain.NeedUpdate) (domain.Need, error) {
	return domain.Need{ID: id}, f.write("UpdateNeed", u)
}

func (f *fakeStore) UpdateService(_ context.Context, id string, u domain.ServiceUpdate) (domain.Service, error) {
	return domain.Service{ID: id}, f.write("UpdateService", u)
}

func (f *fakeStore) UpdateEvent(_ context.Context, id string, u domain.EventUpdate) (domain.Event, error) {
	return domain.Event{ID: id}, f.write("UpdateEvent", u)
}

func (f *fakeStore) UpdateTopic(_ context.Context, id string, u domain.VocabularyUpdate) (domain.Topic, error) {
	return domain.Topic{}, f.write("UpdateTopic", u)
}

func testResolver(st Store) *Resolver {
	return &Resolver{Store: st, Today: func() time.Time { return time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC) }}
}

func set[T any](v T) graphql.Omittable[T] { return graphql.OmittableOf(v) }

// null is an input field given as an explicit null.
func null[T any]() graphql.Omittable[*T] { return graphql.OmittableOf[*T](nil) }

// TestUpdatesTellOmittedFromNull checks that every update hands the
// store what the client said: an omitted field is not set, an explicit
// null is set to nil (clear), a value is set to it.
func TestUpdatesTellOmittedFromNull(t *testing.T) {
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name  string
		call  func(graph.MutationResolver) error
		check func(t *testing.T, got any)
	}{
		{"actor: name set, description cleared, contact cleared, the rest left",
			func(m graph.MutationResolver) error {
				_, err := m.UpdateActor(context.Background(), model.UpdateActorInput{ID: "act_a", Name: set(new(" Kiezküche ")),
					Description: null[string](), Contact: null[model.ContactInput](), Keywords: set([]string{"kochen"})})
				return err
			},
			func(t *testing.T, got any) {
				u := got.(domain.ActorUpdate)
				if !u.Name.Set || *u.Name.Value != "Kiezküche" {
					t.Errorf("name = %+v (want set, trimmed)", u.Name)
				}
				if !u.Description.Set || u.Description.Value != nil || !u.Contact.Set || u.Contact.Value != nil {
					t.Errorf("description %+v, contact %+v: want cleared", u.Description, u.Contact)
				}
				if u.Kind.Set || u.Sector.Set || u.Public.Set || u.Neighbourhoods.Set || u.ValidTo.Set || u.ExternalKey.Set {
					t.Errorf("omitted fields set: %+v", u)
				}
				if !slices.Equal(u.Keywords.Value, []string{"kochen"}) {
					t.Errorf("keywords = %v", u.Keywords.Value)
				}
			}},
		{"cooperation: strength and end set, directed null, provenance from the record input",
			func(m graph.MutationResolver) error {
				_, err := m.UpdateCooperation(context.Background(), model.UpdateCooperationInput{ID: "coo_a", Strength: set(new(0.8)),
					Directed: null[bool](), ValidTo: set(&day), Record: set(&model.RecordInput{LastConfirmed: set(&day)})})
				return err
			},
			func(t *testing.T, got any) {
				u := got.(domain.CooperationUpdate)
				if *u.Strength.Value != 0.8 || !u.Directed.Set || u.Directed.Value != nil || *u.ValidTo.Value != day {
					t.Errorf("update = %+v", u)
				}
				if !u.LastConfirmed.Set || u.Source.Set || u.ExternalKey.Set || u.Kind.Set {
					t.Errorf("provenance = %+v", u.MetaUpdate)
				}
			}},
		{"need: evidence replaced as a whole",
			func(m graph.MutationResolver) error {
				_, err := m.UpdateNeed(context.Background(), model.UpdateNeedInput{ID: "ned_a",
					Evidence: set(&model.EvidenceInput{Indicator: "Kinderarmut", Year: set(new(2024))})})
				return err
			},
			func(t *testing.T, got any) {
				e := got.(domain.NeedUpdate).Evidence
				if !e.Set || e.Value.Indicator != "Kinderarmut" || *e.Value.Year != 2024 || e.Value.Unit != nil {
					t.Errorf("evidence = %+v", e.Value)
				}
			}},
		{"service: links given replace, links omitted stay",
			func(m graph.MutationResolver) error {
				_, err := m.UpdateService(context.Background(), model.UpdateServiceInput{ID: "svc_a", Topics: set([]string{"top_a"})})
				return err
			},
			func(t *testing.T, got any) {
				u := got.(domain.ServiceUpdate)
				if !slices.Equal(u.Topics.Value, []string{"top_a"}) || u.TargetGroups.Set || u.Provider.Set || u.Neighbourhoods.Set {
					t.Errorf("update = %+v", u)
				}
			}},
		{"event: a link removed, another left",
			func(m graph.MutationResolver) error {
				_, err := m.UpdateEvent(context.Background(), model.UpdateEventInput{ID: "evt_a", Network: null[string]()})
				return err
			},
			func(t *testing.T, got any) {
				u := got.(domain.EventUpdate)
				if !u.Network.Set || u.Network.Value != nil || u.Organiser.Set || u.Participants.Set {
					t.Errorf("update = %+v", u)
				}
			}},
		{"topic: labels and key",
			func(m graph.MutationResolver) error {
				_, err := m.UpdateTopic(context.Background(), model.UpdateTopicInput{ID: "top_a", LabelEn: set(new("Housing")),
					ExternalKey: null[string]()})
				return err
			},
			func(t *testing.T, got any) {
				u := got.(domain.VocabularyUpdate)
				if u.LabelDe.Set || *u.LabelEn.Value != "Housing" || !u.ExternalKey.Set || u.ExternalKey.Value != nil {
					t.Errorf("update = %+v", u)
				}
			}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := &fakeStore{known: domain.NewLookAlikes()}
			if err := tt.call(testResolver(st).Mutation()); err != nil {
				t.Fatal(err)
			}
			if len(st.calls) != 1 {
				t.Fatalf("store calls = %v", st.calls)
			}
			tt.check(t, st.got)
		})
	}
}

// TestBadInputNeverReachesTheStore checks that creates and updates the
// domain refuses are refused before anything is written, naming every
// bad field at once.
func TestBadInputNeverReachesTheStore(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name   string
		call   func(graph.MutationResolver) error
		fields []string
	}{
		{"actor with an empty name, a bad e-mail and a point off the globe", func(m graph.MutationResolver) error {
			_, err := m.CreateActor(ctx, model.CreateActorInput{Name: " ", Kind: domain.KindAssociation, Sector: domain.SectorCivilSociety,
				Contact:   set(&model.ContactInput{Email: set(new("nowhere"))}),
				Locations: set([]model.LocationInput{{Latitude: 95, Longitude: 13}})})
			return err
		}, []string{"input.name", "input.contact.email", "input.locations[0]"}},
		{"actor renamed to nothing", func(m graph.MutationResolver) error {
			_, err := m.UpdateActor(ctx, model.UpdateActorInput{ID: "act_a", Name: null[string](), Kind: null[domain.ActorKind]()})
			return err
		}, []string{"input.name", "input.kind"}},
		{"service for nobody, on nothing, nowhere", func(m graph.MutationResolver) error {
			_, err := m.CreateService(ctx, model.CreateServiceInput{Name: "Hausaufgabenhilfe", Provider: "act_a",
				TargetGroups: []string{}, Topics: []string{}, Neighbourhoods: []string{}})
			return err
		}, []string{"input.targetGroups", "input.topics", "input.neighbourhoods"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := &fakeStore{known: domain.NewLookAlikes()}
			err := tt.call(testResolver(st).Mutation())
			if !errors.Is(err, domain.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			var got []string
			for _, fe := range domain.FieldErrors(err) {
				got = append(got, fe.Field)
			}
			if !slices.Equal(got, tt.fields) {
				t.Errorf("bad fields = %v, want %v", got, tt.fields)
			}
			if len(st.calls) > 0 {
				t.Errorf("the store was asked to %v", st.calls)
			}
		})
	}
}

func TestCreatesFillInWhatTheInputLeavesOut(t *testing.T) {
	ctx := context.Background()
	today := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name         string
		in           model.AddCooperationInput
		wantStrength float64
		wantDirected bool
		wantFrom     *time.Time
	}{
		{"funding runs one way, from today", model.AddCooperationInput{From: "act_a", To: "act_b", Kind: domain.CoopFunding},
			domain.DefaultStrength, true, &today},
		{"a joint project both ways", model.AddCooperationInput{From: "act_a", To: "act_b", Kind: domain.CoopJointProject},
			domain.DefaultStrength, false, &today},
		{"what the client says wins; a null start is an open one", model.AddCooperationInput{From: "act_a", To: "act_b",
			Kind: domain.CoopReferral, Strength: set(new(0.9)), Directed: set(new(false)), ValidFrom: null[time.Time]()},
			0.9, false, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := &fakeStore{}
			if _, err := testResolver(st).Mutation().AddCooperation(ctx, tt.in); err != nil {
				t.Fatal(err)
			}
			c := st.got.(domain.Cooperation)
			if c.Strength != tt.wantStrength || c.Directed != tt.wantDirected || fmt.Sprint(c.ValidFrom) != fmt.Sprint(tt.wantFrom) {
				t.Errorf("strength %v directed %v from %v; want %v %v %v", c.Strength, c.Directed, c.ValidFrom,
					tt.wantStrength, tt.wantDirected, tt.wantFrom)
			}
		})
	}
}

func TestStoreErrorsPassThrough(t *testing.T) {
	for _, target := range []error{domain.ErrNotFound, domain.ErrConflict, domain.ErrForbidden, domain.ErrUnavailable} {
		st := &fakeStore{err: fmt.Errorf("cooperation coo_a: %w", target)}
		_, err := testResolver(st).Mutation().UpdateCooperation(context.Background(),
			model.UpdateCooperationInput{ID: "coo_a", Strength: set(new(0.3))})
		if !errors.Is(err, target) {
			t.Errorf("err = %v, want %v", err, target)
		}
	}
}

func TestLookAlikeNamesWarnButDoNotRefuse(t *testing.T) {
	known := domain.NewLookAlikes()
	known.Add("act_amt", "Jugendamt Nord")
	st := &fakeStore{known: known}
	out, err := testResolver(st).Mutation().CreateActor(context.Background(), model.CreateActorInput{
		Name: "Jugend\u0430mt Nord", Kind: domain.KindYouthOffice, Sector: domain.SectorPublic})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Warnings) != 1 || out.Warnings[0].Code != domain.WarnLookAlikeName || !slices.Equal(out.Warnings[0].Records, []string{"act_amt"}) {
		t.Errorf("warnings = %+v", out.Warnings)
	}
	if !slices.Equal(st.calls, []string{"CreateActor"}) {
		t.Errorf("store calls = %v", st.calls)
	}
}
