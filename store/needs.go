package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

const needProj = `n{.*,
  targetGroupId: [(n)-[:FOR]->(t:TargetGroup) | t.id][0],
  topicId: [(n)-[:ON]->(t:Topic) | t.id][0],
  neighbourhoodId: [(n)-[:IN]->(m:Neighbourhood) | m.id][0]}`

func mapNeed(p *props) domain.Need {
	n := domain.Need{
		ID:              p.str("id"),
		TargetGroupID:   p.str("targetGroupId"),
		TopicID:         p.str("topicId"),
		NeighbourhoodID: p.str("neighbourhoodId"),
		Severity:        domain.Severity(p.str("severity")),
		Description:     p.strPtr("description"),
		Span:            p.span(),
		Meta:            p.meta(),
	}
	if ind := p.strPtr("evidenceIndicator"); ind != nil {
		n.Evidence = &domain.Evidence{
			Indicator: *ind,
			Value:     p.floatPtr("evidenceValue"),
			Unit:      p.strPtr("evidenceUnit"),
			Year:      p.intPtr("evidenceYear"),
			Source:    p.strPtr("evidenceSource"),
		}
	}
	return n
}

// severityRank ranks a need's severity from 1 (LOW) to 4 (CRITICAL), as
// domain.Severity.Rank does.
const severityRank = "CASE n.severity WHEN 'CRITICAL' THEN 4 WHEN 'HIGH' THEN 3 WHEN 'MEDIUM' THEN 2 WHEN 'LOW' THEN 1 ELSE 0 END"

var needOrder = map[domain.SortField]string{
	domain.SortSeverity:      severityRank,
	domain.SortValidFrom:     "n.validFrom",
	domain.SortLastConfirmed: "n.lastConfirmed",
	domain.SortCreatedAt:     "n.createdAt",
}

// needPatch validates a new need (but not its id and links) and returns
// its properties; the evidence is stored flat.
func needPatch(v domain.Need) (Patch, error) {
	if err := domain.Prepare(&v); err != nil {
		return nil, err
	}
	p := Patch{"id": v.ID, "severity": string(v.Severity), "description": v.Description,
		"validFrom": v.ValidFrom, "validTo": v.ValidTo,
		"externalKey": v.ExternalKey, "source": v.Source, "lastConfirmed": v.LastConfirmed}
	if e := v.Evidence; e != nil {
		p["evidenceIndicator"], p["evidenceValue"], p["evidenceUnit"] = e.Indicator, e.Value, e.Unit
		p["evidenceYear"], p["evidenceSource"] = e.Year, e.Source
	}
	return p, nil
}

func needConds(f *domain.NeedFilter) (*conds, error) {
	c := newConds()
	if f == nil {
		return c, nil
	}
	// Most selective first: the first filter given anchors a root list.
	c.refAt("Neighbourhood", "EXISTS { (n)-[:IN]->(:Neighbourhood)-[:PART_OF*0..]->(:Neighbourhood {id: $neighbourhood}) }", "neighbourhood", f.Neighbourhood,
		"MATCH (:Neighbourhood {id: $neighbourhood})<-[:PART_OF*0..]-(:Neighbourhood)<-[:IN]-(n:Need)", "n")
	c.refAt("TargetGroup", "EXISTS { (n)-[:FOR]->(:TargetGroup {id: $targetGroup}) }", "targetGroup", f.TargetGroup,
		"MATCH (:TargetGroup {id: $targetGroup})<-[:FOR]-(n:Need)", "n")
	c.refAt("Topic", "EXISTS { (n)-[:ON]->(:Topic {id: $topic}) }", "topic", f.Topic,
		"MATCH (:Topic {id: $topic})<-[:ON]-(n:Need)", "n")
	if f.MinSeverity != nil {
		if err := domain.CheckEnum("filter.minSeverity", *f.MinSeverity); err != nil {
			return nil, err
		}
		c.add(severityRank+" >= $minRank", "minRank", int64(f.MinSeverity.Rank()))
	}
	c.date(condAsOf, "asOf", f.AsOf)
	c.date(condConfirmedBefore, "confirmedBefore", f.ConfirmedBefore)
	return c, nil
}

// needList prepares the order and conditions of a list of needs; by
// default the most severe come first.
func needList(f *domain.NeedFilter, o *domain.Order, match string) (listQuery, map[string]any, error) {
	order, err := orderBy(o, needOrder, severityRank+" DESC")
	if err != nil {
		return listQuery{}, nil, err
	}
	c, err := needConds(f)
	if err != nil {
		return listQuery{}, nil, err
	}
	return listQuery{kind: "Need", match: match, from: c.from, where: c.where, order: order, proj: needProj}, c.params, nil
}

// Needs returns needs by id.
func (s *Store) Needs(ctx context.Context, ids []string) (map[string]domain.Need, error) {
	return byIDs(ctx, s, "Need", "(n:Need {id: id})", needProj, ids, mapNeed)
}

// ListNeeds lists needs, by default the most severe first.
func (s *Store) ListNeeds(ctx context.Context, f *domain.NeedFilter, o *domain.Order, page domain.PageArgs) (domain.Page[domain.Need], error) {
	q, params, err := needList(f, o, "(n:Need)")
	if err != nil {
		return domain.Page[domain.Need]{}, err
	}
	return listPage(ctx, s, q, params, page, mapNeed)
}

// NeedsIn lists, per neighbourhood, the needs in it or in any
// neighbourhood inside it.
func (s *Store) NeedsIn(ctx context.Context, neighbourhoods []string, f *domain.NeedFilter, o *domain.Order, page domain.PageArgs) (map[string]domain.Page[domain.Need], error) {
	q, params, err := needList(f, o, "(p:Neighbourhood {id: pid})<-[:PART_OF*0..]-(:Neighbourhood)<-[:IN]-(n:Need)")
	if err != nil {
		return nil, err
	}
	return listPages(ctx, s, q, params, neighbourhoods, page, mapNeed)
}

const createNeedCypher = `
MATCH (tg:TargetGroup {id: $targetGroup}), (tp:Topic {id: $topic}), (m:Neighbourhood {id: $neighbourhood})
CREATE (n:Need)-[:FOR]->(tg)
SET n = $props, n.createdAt = datetime(), n.updatedAt = datetime()
CREATE (n)-[:ON]->(tp), (n)-[:IN]->(m)
RETURN ` + needProj + ` AS n`

// CreateNeed creates a need of a target group on a topic in a
// neighbourhood.
func (s *Store) CreateNeed(ctx context.Context, v domain.Need) (domain.Need, error) {
	fp := fingerprint(v)
	id, err := checkID(&v.ID, domain.EntityNeed.Prefix)
	if err != nil {
		return v, err
	}
	v.ID = id
	p, err := needPatch(v)
	if err != nil {
		return v, err
	}
	return created(ctx, s, "createNeed", nodeTarget("Need", id), nil, fp, (*Store).Needs, func(tx neo4j.ManagedTransaction) (domain.Need, error) {
		if err := requireOne(ctx, tx, "TargetGroup", "input.targetGroup", &v.TargetGroupID); err != nil {
			return v, err
		}
		if err := requireOne(ctx, tx, "Topic", "input.topic", &v.TopicID); err != nil {
			return v, err
		}
		if err := requireOne(ctx, tx, "Neighbourhood", "input.neighbourhood", &v.NeighbourhoodID); err != nil {
			return v, err
		}
		return writeOne(ctx, tx, createNeedCypher, map[string]any{"props": p.params(),
			"targetGroup": v.TargetGroupID, "topic": v.TopicID, "neighbourhood": v.NeighbourhoodID}, mapNeed)
	})
}

const (
	needMatch        = "(n:Need {id: $id})"
	updateNeedCypher = "MATCH " + needMatch + " SET n += $props, n.updatedAt = datetime() RETURN " + needProj + " AS n"
)

// UpdateNeed applies a patch of severity, description, the evidence
// fields (evidenceIndicator, evidenceValue, evidenceUnit, evidenceYear,
// evidenceSource), validFrom, validTo, externalKey, source and
// lastConfirmed.
func (s *Store) UpdateNeed(ctx context.Context, id string, u domain.NeedUpdate) (domain.Need, error) {
	if err := domain.Prepare(&u); err != nil {
		return domain.Need{}, err
	}
	p := Patch{}
	setEnum(p, "severity", u.Severity)
	set(p, "description", u.Description)
	if u.Evidence.Set {
		e := u.Evidence.Value
		if e == nil {
			e = &domain.Evidence{}
			p["evidenceIndicator"] = nil
		} else {
			p["evidenceIndicator"] = e.Indicator
		}
		p["evidenceValue"], p["evidenceUnit"], p["evidenceYear"], p["evidenceSource"] = e.Value, e.Unit, e.Year, e.Source
	}
	p.setSpan(u.SpanUpdate).setMeta(u.MetaUpdate)
	return updateSpanned(ctx, s, "updateNeed", nodeTarget("Need", id), updateNeedCypher, "need", p, mapNeed)
}

// DeleteNeed deletes a need.
func (s *Store) DeleteNeed(ctx context.Context, id string) ([]domain.DeleteEffect, error) {
	return deleteSimple(ctx, s, "deleteNeed", nodeTarget("Need", id), "need")
}
