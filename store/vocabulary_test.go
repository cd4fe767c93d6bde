package store

import (
	"context"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

// vocabAPI is one vocabulary's methods, as functions on domain.Vocabulary.
type vocabAPI struct {
	name     string
	prefix   string
	create   func(context.Context, *Store, domain.Vocabulary) (domain.Vocabulary, error)
	byIDs    func(context.Context, *Store, []string) (map[string]domain.Vocabulary, error)
	list     func(context.Context, *Store) ([]domain.Vocabulary, error)
	update   func(context.Context, *Store, string, domain.VocabularyUpdate) (domain.Vocabulary, error)
	del      func(*Store, context.Context, string) ([]domain.DeleteEffect, error)
	used     string // id of an entry the base dataset uses
	usedCode string // its code
}

func vocabOf[T any](m map[string]T, err error, get func(T) domain.Vocabulary) (map[string]domain.Vocabulary, error) {
	out := map[string]domain.Vocabulary{}
	for k, v := range m {
		out[k] = get(v)
	}
	return out, err
}

var vocabAPIs = []vocabAPI{
	{
		name: "target group", prefix: "tg_", used: "tg_kids", usedCode: "CHILDREN",
		create: func(ctx context.Context, s *Store, v domain.Vocabulary) (domain.Vocabulary, error) {
			r, err := s.CreateTargetGroup(ctx, domain.TargetGroup{Vocabulary: v})
			return r.Vocabulary, err
		},
		byIDs: func(ctx context.Context, s *Store, ids []string) (map[string]domain.Vocabulary, error) {
			m, err := s.TargetGroups(ctx, ids)
			return vocabOf(m, err, func(v domain.TargetGroup) domain.Vocabulary { return v.Vocabulary })
		},
		list: func(ctx context.Context, s *Store) ([]domain.Vocabulary, error) {
			l, err := s.ListTargetGroups(ctx)
			return vocabs(l, func(v domain.TargetGroup) domain.Vocabulary { return v.Vocabulary }), err
		},
		update: func(ctx context.Context, s *Store, id string, p domain.VocabularyUpdate) (domain.Vocabulary, error) {
			r, err := s.UpdateTargetGroup(ctx, id, p)
			return r.Vocabulary, err
		},
		del: (*Store).DeleteTargetGroup,
	},
	{
		name: "topic", prefix: "top_", used: "top_edu", usedCode: "EDUCATION",
		create: func(ctx context.Context, s *Store, v domain.Vocabulary) (domain.Vocabulary, error) {
			r, err := s.CreateTopic(ctx, domain.Topic{Vocabulary: v})
			return r.Vocabulary, err
		},
		byIDs: func(ctx context.Context, s *Store, ids []string) (map[string]domain.Vocabulary, error) {
			m, err := s.Topics(ctx, ids)
			return vocabOf(m, err, func(v domain.Topic) domain.Vocabulary { return v.Vocabulary })
		},
		list: func(ctx context.Context, s *Store) ([]domain.Vocabulary, error) {
			l, err := s.ListTopics(ctx)
			return vocabs(l, func(v domain.Topic) domain.Vocabulary { return v.Vocabulary }), err
		},
		update: func(ctx context.Context, s *Store, id string, p domain.VocabularyUpdate) (domain.Vocabulary, error) {
			r, err := s.UpdateTopic(ctx, id, p)
			return r.Vocabulary, err
		},
		del: (*Store).DeleteTopic,
	},
}

func TestVocabularyRoundTrip(t *testing.T) {
	for _, api := range vocabAPIs {
		t.Run(api.name, func(t *testing.T) {
			ctx, s := setup(t)
			created, err := api.create(ctx, s, domain.Vocabulary{Code: "YOUTH_14_17", LabelDe: "Jugendliche",
				LabelEn: "Young people", Description: ptr("14 bis 17"), Meta: domain.Meta{ExternalKey: ptr("ext-1")}})
			wantErr(t, err, nil, "")
			if len(created.ID) <= len(api.prefix) || created.ID[:len(api.prefix)] != api.prefix {
				t.Fatalf("id %q lacks prefix %s", created.ID, api.prefix)
			}
			if created.CreatedAt.IsZero() || created.UpdatedAt.IsZero() {
				t.Error("timestamps not set")
			}
			_, err = api.create(ctx, s, domain.Vocabulary{ID: api.prefix + "adults", Code: "ADULTS", LabelDe: "Erwachsene", LabelEn: "Adults"})
			wantErr(t, err, nil, "")

			list, err := api.list(ctx, s)
			wantErr(t, err, nil, "")
			mustEqual(t, "list by code", []string{list[0].Code, list[1].Code}, []string{"ADULTS", "YOUTH_14_17"})

			got, err := api.byIDs(ctx, s, []string{created.ID, api.prefix + "missing"})
			wantErr(t, err, nil, "")
			mustEqual(t, "read back", got[created.ID], created)
			mustEqual(t, "entries read", len(got), 1)

			updated, err := api.update(ctx, s, created.ID, domain.VocabularyUpdate{LabelEn: domain.To(ptr("Teenagers")), Description: cleared[*string]()})
			wantErr(t, err, nil, "")
			mustEqual(t, "labelEn", updated.LabelEn, "Teenagers")
			if updated.Description != nil || updated.Code != "YOUTH_14_17" {
				t.Errorf("update = %+v", updated)
			}
			effects, err := api.del(s, ctx, created.ID)
			wantErr(t, err, nil, "")
			mustEqual(t, "effects", len(effects), 0)
			got, _ = api.byIDs(ctx, s, []string{created.ID})
			mustEqual(t, "after delete", len(got), 0)
		})
	}
}

func TestVocabularyErrors(t *testing.T) {
	for _, api := range vocabAPIs {
		t.Run(api.name, func(t *testing.T) {
			ctx, s := setupBase(t)
			valid := domain.Vocabulary{Code: "NEW", LabelDe: "Neu", LabelEn: "New"}
			tests := []struct {
				name   string
				change func(v *domain.Vocabulary)
				target error
				field  string
			}{
				{"lower-case code", func(v *domain.Vocabulary) { v.Code = "new" }, domain.ErrInvalid, "input.code"},
				{"code with dash", func(v *domain.Vocabulary) { v.Code = "NEW-ONE" }, domain.ErrInvalid, "input.code"},
				{"code starting with digit", func(v *domain.Vocabulary) { v.Code = "1NEW" }, domain.ErrInvalid, "input.code"},
				{"empty label", func(v *domain.Vocabulary) { v.LabelDe = " " }, domain.ErrInvalid, "input.labelDe"},
				{"wrong id prefix", func(v *domain.Vocabulary) { v.ID = "act_new" }, domain.ErrInvalid, "input.id"},
				{"duplicate code", func(v *domain.Vocabulary) { v.Code = api.usedCode }, domain.ErrConflict, ""},
				{"duplicate id", func(v *domain.Vocabulary) { v.ID = api.used }, domain.ErrConflict, ""},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					v := valid
					tt.change(&v)
					_, err := api.create(ctx, s, v)
					wantErr(t, err, tt.target, tt.field)
				})
			}
			// Duplicate external keys conflict.
			_, err := api.create(ctx, s, domain.Vocabulary{Code: "K1", LabelDe: "a", LabelEn: "a", Meta: domain.Meta{ExternalKey: ptr("key")}})
			wantErr(t, err, nil, "")
			_, err = api.create(ctx, s, domain.Vocabulary{Code: "K2", LabelDe: "b", LabelEn: "b", Meta: domain.Meta{ExternalKey: ptr("key")}})
			wantErr(t, err, domain.ErrConflict, "")

			_, err = api.update(ctx, s, api.prefix+"missing", domain.VocabularyUpdate{LabelDe: domain.To(ptr("x"))})
			wantErr(t, err, domain.ErrNotFound, "")
			_, err = api.update(ctx, s, api.used, domain.VocabularyUpdate{LabelEn: cleared[*string]()})
			wantErr(t, err, domain.ErrInvalid, "input.labelEn")
			_, err = api.del(s, ctx, api.prefix+"missing")
			wantErr(t, err, domain.ErrNotFound, "")
			// In use by a service and a need: conflict.
			_, err = api.del(s, ctx, api.used)
			wantErr(t, err, domain.ErrConflict, "")
		})
	}
}

func TestVocabularyDeleteAfterUsesGone(t *testing.T) {
	ctx, s := setupBase(t)
	_, err := s.DeleteTopic(ctx, "top_edu") // svc_lern, ned_nord_edu, ned_hafen
	wantErr(t, err, domain.ErrConflict, "")
	for _, id := range []string{"ned_nord_edu", "ned_hafen"} {
		_, err := s.DeleteNeed(ctx, id)
		wantErr(t, err, nil, "")
	}
	_, err = s.DeleteTopic(ctx, "top_edu")
	wantErr(t, err, domain.ErrConflict, "") // the service still uses it
	_, err = s.DeleteService(ctx, "svc_lern")
	wantErr(t, err, nil, "")
	_, err = s.DeleteTopic(ctx, "top_edu")
	wantErr(t, err, nil, "")
}
