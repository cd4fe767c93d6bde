package resolvers

import (
	"context"
	"regexp"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/graph/model"
)

var codePattern = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,63}$`)

// vocabularyInput is what both vocabularies' create inputs hold.
func (v *validator) vocabulary(id graphql.Omittable[*string], code, de, en string, desc graphql.Omittable[*string],
	key graphql.Omittable[*string], rec graphql.Omittable[*model.RecordInput]) domain.Vocabulary {
	if !codePattern.MatchString(code) {
		v.fail("input.code", "must be upper case letters, digits and underscores, starting with a letter")
	}
	return domain.Vocabulary{
		ID: deref(id.Value()), Code: code,
		LabelDe: v.name("input.labelDe", de), LabelEn: v.name("input.labelEn", en),
		Description: v.text("input.description", desc.Value()),
		Meta:        v.meta(key, rec),
	}
}

func vocabularyPatch(de, en, desc, key graphql.Omittable[*string], rec graphql.Omittable[*model.RecordInput]) *patch {
	p := newPatch()
	p.reqName("labelDe", de)
	p.reqName("labelEn", en)
	p.text("description", desc)
	p.record(key, rec)
	return p
}

func (r *mutationResolver) CreateTargetGroup(ctx context.Context, input model.CreateTargetGroupInput) (*model.TargetGroupPayload, error) {
	v := &validator{}
	voc := v.vocabulary(input.ID, input.Code, input.LabelDe, input.LabelEn, input.Description, input.ExternalKey, input.Record)
	if v.err != nil {
		return nil, v.err
	}
	out, err := r.Store.CreateTargetGroup(ctx, domain.TargetGroup{Vocabulary: voc})
	if err != nil {
		return nil, err
	}
	return &model.TargetGroupPayload{TargetGroup: &out}, nil
}

func (r *mutationResolver) UpdateTargetGroup(ctx context.Context, input model.UpdateTargetGroupInput) (*model.TargetGroupPayload, error) {
	p := vocabularyPatch(input.LabelDe, input.LabelEn, input.Description, input.ExternalKey, input.Record)
	if p.err != nil {
		return nil, p.err
	}
	out, err := r.Store.UpdateTargetGroup(ctx, input.ID, p.p)
	if err != nil {
		return nil, err
	}
	return &model.TargetGroupPayload{TargetGroup: &out}, nil
}

func (r *mutationResolver) DeleteTargetGroup(ctx context.Context, id string) (*model.DeletePayload, error) {
	return deleted(id)(r.Store.DeleteTargetGroup(ctx, id))
}

func (r *mutationResolver) CreateTopic(ctx context.Context, input model.CreateTopicInput) (*model.TopicPayload, error) {
	v := &validator{}
	voc := v.vocabulary(input.ID, input.Code, input.LabelDe, input.LabelEn, input.Description, input.ExternalKey, input.Record)
	if v.err != nil {
		return nil, v.err
	}
	out, err := r.Store.CreateTopic(ctx, domain.Topic{Vocabulary: voc})
	if err != nil {
		return nil, err
	}
	return &model.TopicPayload{Topic: &out}, nil
}

func (r *mutationResolver) UpdateTopic(ctx context.Context, input model.UpdateTopicInput) (*model.TopicPayload, error) {
	p := vocabularyPatch(input.LabelDe, input.LabelEn, input.Description, input.ExternalKey, input.Record)
	if p.err != nil {
		return nil, p.err
	}
	out, err := r.Store.UpdateTopic(ctx, input.ID, p.p)
	if err != nil {
		return nil, err
	}
	return &model.TopicPayload{Topic: &out}, nil
}

func (r *mutationResolver) DeleteTopic(ctx context.Context, id string) (*model.DeletePayload, error) {
	return deleted(id)(r.Store.DeleteTopic(ctx, id))
}

func (r *queryResolver) TargetGroups(ctx context.Context) ([]domain.TargetGroup, error) {
	return r.Store.ListTargetGroups(ctx)
}

func (r *queryResolver) Topics(ctx context.Context) ([]domain.Topic, error) {
	return r.Store.ListTopics(ctx)
}
