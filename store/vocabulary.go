package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// vocabKind describes one managed vocabulary. Target groups and topics
// differ only in label, id prefix and the relationship services and
// needs link them with; all code below is shared.
type vocabKind struct {
	entity domain.Entity
	label  string // node label, a constant
	prefix string // id prefix
	rel    string // relationship type from services and needs, a constant
	what   string // name in messages
}

func newVocabKind(e domain.Entity, rel, what string) vocabKind {
	return vocabKind{entity: e, label: e.Label, prefix: e.Prefix, rel: rel, what: what}
}

var (
	targetGroupKind = newVocabKind(domain.EntityTargetGroup, "FOR", "target group")
	topicKind       = newVocabKind(domain.EntityTopic, "ON", "topic")
)

const vocabProj = "n{.*}"

// target is the audit target of the entry id of k.
func (k vocabKind) target(id string) target { return target{k.label, k.match(), id} }

func mapVocabulary(p *props) domain.Vocabulary {
	return domain.Vocabulary{
		ID:          p.str("id"),
		Code:        p.str("code"),
		LabelDe:     p.str("labelDe"),
		LabelEn:     p.str("labelEn"),
		Description: p.strPtr("description"),
		Meta:        p.meta(),
	}
}

func mapTargetGroup(p *props) domain.TargetGroup {
	return domain.TargetGroup{Vocabulary: mapVocabulary(p)}
}

func mapTopic(p *props) domain.Topic { return domain.Topic{Vocabulary: mapVocabulary(p)} }

// vocabPatch validates a new entry (but not its id) and returns its properties.
func vocabPatch(v domain.Vocabulary) (Patch, error) {
	if err := domain.Prepare(&v); err != nil {
		return nil, err
	}
	return Patch{"id": v.ID, "code": v.Code, "labelDe": v.LabelDe, "labelEn": v.LabelEn,
		"description": v.Description, "externalKey": v.ExternalKey, "source": v.Source,
		"lastConfirmed": v.LastConfirmed}, nil
}

// vocabs returns the vocabulary entries of target groups or topics.
func vocabs[T any](items []T, f func(T) domain.Vocabulary) []domain.Vocabulary {
	out := make([]domain.Vocabulary, len(items))
	for i, v := range items {
		out[i] = f(v)
	}
	return out
}

func (k vocabKind) match() string { return "(n:" + k.label + " {id: $id})" }

func vocabByIDs[T any](ctx context.Context, s *Store, k vocabKind, ids []string, m mapper[T]) (map[string]T, error) {
	return byIDs(ctx, s, "Vocabulary", "(n:"+k.label+" {id: id})", vocabProj, ids, m)
}

func vocabList[T any](ctx context.Context, s *Store, k vocabKind, m mapper[T]) ([]T, error) {
	q := listQuery{kind: "Vocabulary", match: "(n:" + k.label + ")", order: "n.code", proj: vocabProj}
	page, err := listPage(ctx, s, q, nil, domain.PageArgs{First: 100000}, m)
	return page.Items, err
}

// createVocabCypher creates an entry; the label is spliced in.
const createVocabCypher = "CREATE (n:%s) SET n = $props, n.createdAt = datetime(), n.updatedAt = datetime() RETURN " + vocabProj + " AS n"

func vocabCreate[T any](ctx context.Context, s *Store, k vocabKind, v domain.Vocabulary, m mapper[T],
	load func(*Store, context.Context, []string) (map[string]T, error)) (T, error) {
	var zero T
	fp := fingerprint(k.label, v)
	id, err := checkID(&v.ID, k.prefix)
	if err != nil {
		return zero, err
	}
	v.ID = id
	p, err := vocabPatch(v)
	if err != nil {
		return zero, err
	}
	cypher := fmt.Sprintf(createVocabCypher, k.label)
	return created(ctx, s, "create"+k.label, k.target(id), nil, fp, load, func(tx neo4j.ManagedTransaction) (T, error) {
		return writeOne(ctx, tx, cypher, map[string]any{"props": p.params()}, m)
	})
}

const updateVocabCypher = "MATCH %s SET n += $props, n.updatedAt = datetime() RETURN " + vocabProj + " AS n"

func vocabUpdate[T any](ctx context.Context, s *Store, k vocabKind, id string, u domain.VocabularyUpdate, m mapper[T]) (T, error) {
	var zero T
	if err := domain.Prepare(&u); err != nil {
		return zero, err
	}
	p := Patch{}
	setName(p, "labelDe", u.LabelDe)
	setName(p, "labelEn", u.LabelEn)
	set(p, "description", u.Description)
	p.setMeta(u.MetaUpdate)
	cypher := fmt.Sprintf(updateVocabCypher, k.match())
	v, err := audited(ctx, s, "update"+k.label, k.target(id), func(tx neo4j.ManagedTransaction) (T, error) {
		return writeOne(ctx, tx, cypher, map[string]any{"id": id, "props": p.params()}, m)
	})
	if err != nil {
		return zero, fmt.Errorf("%s %s: %w", k.what, id, err)
	}
	return v, nil
}

// vocabUsesCypher counts the services and needs linked to an entry.
const vocabUsesCypher = "MATCH %s RETURN COUNT { (n)<-[:%[2]s]-(:Service) } AS services, COUNT { (n)<-[:%[2]s]-(:Need) } AS needs"

func vocabDelete(ctx context.Context, s *Store, k vocabKind, id string) ([]domain.DeleteEffect, error) {
	uses := fmt.Sprintf(vocabUsesCypher, k.match(), k.rel)
	effects, err := audited(ctx, s, "delete"+k.label, k.target(id), func(tx neo4j.ManagedTransaction) ([]domain.DeleteEffect, error) {
		recs, err := collect(ctx, tx, uses, map[string]any{"id": id})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, domain.ErrNotFound
		}
		services, _ := recs[0].Get("services")
		needs, _ := recs[0].Get("needs")
		if services.(int64) > 0 || needs.(int64) > 0 {
			return nil, fmt.Errorf("%w: still used by %d services and %d needs", domain.ErrConflict, services, needs)
		}
		_, err = collect(ctx, tx, "MATCH "+k.match()+" DETACH DELETE n", map[string]any{"id": id})
		return []domain.DeleteEffect{}, err
	})
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", k.what, id, err)
	}
	return effects, nil
}

// TargetGroups returns target groups by id.
func (s *Store) TargetGroups(ctx context.Context, ids []string) (map[string]domain.TargetGroup, error) {
	return vocabByIDs(ctx, s, targetGroupKind, ids, mapTargetGroup)
}

// ListTargetGroups returns all target groups, ordered by code.
func (s *Store) ListTargetGroups(ctx context.Context) ([]domain.TargetGroup, error) {
	return vocabList(ctx, s, targetGroupKind, mapTargetGroup)
}

// CreateTargetGroup creates a target group; a duplicate code or external
// key is domain.ErrConflict.
func (s *Store) CreateTargetGroup(ctx context.Context, v domain.TargetGroup) (domain.TargetGroup, error) {
	return vocabCreate(ctx, s, targetGroupKind, v.Vocabulary, mapTargetGroup, (*Store).TargetGroups)
}

// UpdateTargetGroup applies a patch of labelDe, labelEn, description,
// externalKey, source and lastConfirmed; the code cannot change.
func (s *Store) UpdateTargetGroup(ctx context.Context, id string, u domain.VocabularyUpdate) (domain.TargetGroup, error) {
	return vocabUpdate(ctx, s, targetGroupKind, id, u, mapTargetGroup)
}

// DeleteTargetGroup deletes a target group that no service or need uses;
// otherwise it is domain.ErrConflict.
func (s *Store) DeleteTargetGroup(ctx context.Context, id string) ([]domain.DeleteEffect, error) {
	return vocabDelete(ctx, s, targetGroupKind, id)
}

// Topics returns topics by id.
func (s *Store) Topics(ctx context.Context, ids []string) (map[string]domain.Topic, error) {
	return vocabByIDs(ctx, s, topicKind, ids, mapTopic)
}

// ListTopics returns all topics, ordered by code.
func (s *Store) ListTopics(ctx context.Context) ([]domain.Topic, error) {
	return vocabList(ctx, s, topicKind, mapTopic)
}

// CreateTopic creates a topic; a duplicate code or external key is
// domain.ErrConflict.
func (s *Store) CreateTopic(ctx context.Context, v domain.Topic) (domain.Topic, error) {
	return vocabCreate(ctx, s, topicKind, v.Vocabulary, mapTopic, (*Store).Topics)
}

// UpdateTopic applies a patch of labelDe, labelEn, description,
// externalKey, source and lastConfirmed; the code cannot change.
func (s *Store) UpdateTopic(ctx context.Context, id string, u domain.VocabularyUpdate) (domain.Topic, error) {
	return vocabUpdate(ctx, s, topicKind, id, u, mapTopic)
}

// DeleteTopic deletes a topic that no service or need uses; otherwise it
// is domain.ErrConflict.
func (s *Store) DeleteTopic(ctx context.Context, id string) ([]domain.DeleteEffect, error) {
	return vocabDelete(ctx, s, topicKind, id)
}
