package store

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kiezgraph/kiezgraph/domain"
)

// The change feed (package live) learns what changed from the audit
// trail, which every write through any replica appends to in the write's
// own transaction, and learns that anything changed at all from the
// bookmark of its read, which names the last transaction committed to
// the database by anyone. These are its reads.

// auditedSinceCypher reads the entries of the trail from $since on that
// the feed has not seen yet, oldest first. The range on e.at is served by
// the audit_at index; $seen holds the ids already announced inside the
// range, so a busy trail cannot make the feed read the same entries
// forever. The hint is not decoration, and it must say SEEK: a plan made
// while the trail was short (the feed polls from a replica's first
// second on) may otherwise scan the whole index in order and filter,
// which Neo4j keeps using until its statistics are checked again, and a
// poll over a trail of 100 000 entries then costs 100 000–200 000
// database hits instead of a few hundred (seen in CI twice: without a
// hint, and with a plain USING INDEX, which an ordered index scan also
// satisfies).
const auditedSinceCypher = `
MATCH (e:AuditEntry) USING INDEX SEEK e:AuditEntry(at) WHERE e.at >= $since AND NOT e.id IN $seen
RETURN e.id AS id, e.operation AS operation, e.targetType AS targetType, e.targetId AS targetId, e.at AS at
ORDER BY e.at LIMIT $limit`

// auditedLatestCypher reads the newest entries: where the feed starts,
// from the end of the audit_at index (hinted for the same reason).
const auditedLatestCypher = `
MATCH (e:AuditEntry) USING INDEX e:AuditEntry(at) WHERE e.at IS NOT NULL
RETURN e.id AS id, e.operation AS operation, e.targetType AS targetType, e.targetId AS targetId, e.at AS at
ORDER BY e.at DESC LIMIT $limit`

// AuditedWrites is one read of the audit trail by the change feed.
type AuditedWrites struct {
	// Writes are the entries read.
	Writes []domain.AuditedWrite
	// Version is the bookmark of the read (see Version): it names the
	// last transaction committed when the entries were read.
	Version string
}

// AuditedWritesSince reads at most limit entries of the audit trail
// written at or after since, except those in seen, oldest first, with
// the data version of the read. A zero since reads the newest entries
// instead (newest first): where a feed starts.
func (s *Store) AuditedWritesSince(ctx context.Context, since time.Time, seen []string, limit int) (AuditedWrites, error) {
	cypher, params := auditedSinceCypher, map[string]any{"since": since.UTC(), "seen": seen, "limit": limit}
	if since.IsZero() {
		cypher, params = auditedLatestCypher, map[string]any{"limit": limit}
	}
	s.queries.Add(1)
	ctx, span := s.startTxSpan(ctx, "read")
	defer span.End()
	start := time.Now()
	sess, closeSession := s.session(ctx, neo4j.AccessModeRead)
	defer closeSession()
	res, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		recs, err := collect(ctx, tx, cypher, params)
		if err != nil {
			return nil, err
		}
		out := make([]domain.AuditedWrite, 0, len(recs))
		for _, r := range recs {
			p := &props{m: r.AsMap()}
			w := domain.AuditedWrite{EntryID: p.str("id"), Operation: p.str("operation"),
				TargetType: p.str("targetType"), TargetID: p.str("targetId"), At: p.dateTime("at")}
			if p.err != nil {
				return nil, p.err
			}
			out = append(out, w)
		}
		return out, nil
	})
	err = s.mapErr(err)
	s.observed("read", start, err)
	setTxOutcome(span, err)
	if err != nil {
		return AuditedWrites{}, fmt.Errorf("store: audited writes: %w", err)
	}
	writes, _ := res.([]domain.AuditedWrite)
	return AuditedWrites{Writes: writes, Version: strings.Join(neo4j.BookmarksToRawValues(sess.LastBookmarks()), ",")}, nil
}

// TransactionOf returns the number of the last transaction a version
// (see Version) names, when it can tell: Neo4j 5's bookmarks of one
// database ("FB:" and base64) hold the database's id and the id of its
// last committed transaction, which counts every committed write. The
// format is Neo4j's own and not promised, so callers must do without
// the number when ok is false (another format, several bookmarks).
func TransactionOf(version string) (tx int64, ok bool) {
	raw, found := strings.CutPrefix(version, "FB:")
	if !found || strings.Contains(raw, ",") {
		return 0, false
	}
	b, err := base64.StdEncoding.DecodeString(raw)
	if err != nil {
		if b, err = base64.RawStdEncoding.DecodeString(raw); err != nil {
			return 0, false
		}
	}
	// A PackStream list of one entry: [bytes(16) database id, int
	// transaction id, list of further entries].
	if len(b) < 3 || b[0] != 0x91 || b[1] != 0xcc || b[2] != 16 || len(b) < 3+16+1 {
		return 0, false
	}
	rest := b[3+16:]
	n, size, ok := packInt(rest)
	if !ok || n < 0 || len(rest) <= size {
		return 0, false
	}
	return n, true
}

// packInt reads a PackStream integer and the bytes it takes.
func packInt(b []byte) (int64, int, bool) {
	if len(b) == 0 {
		return 0, 0, false
	}
	m := b[0]
	switch {
	case m < 0x80:
		return int64(m), 1, true
	case m >= 0xf0:
		return int64(int8(m)), 1, true
	}
	width := map[byte]int{0xc8: 1, 0xc9: 2, 0xca: 4, 0xcb: 8}[m]
	if width == 0 || len(b) < 1+width {
		return 0, 0, false
	}
	var n int64
	for _, c := range b[1 : 1+width] {
		n = n<<8 | int64(c)
	}
	// Sign-extend the big-endian value of width bytes.
	shift := 64 - 8*width
	return n << shift >> shift, 1 + width, true
}

// changeMatch is how the feed finds a record of each type: the pattern
// binding it to n by $id-like row variable id, and its access rule.
var changeMatch = map[domain.RecordType]struct{ pattern, kind string }{
	domain.TypeActor:         {"(n:Actor {id: id})", "Actor"},
	domain.TypeService:       {"(n:Service {id: id})", "Service"},
	domain.TypeNeed:          {"(n:Need {id: id})", "Need"},
	domain.TypePerson:        {"(n:Person {id: id})", "Person"},
	domain.TypeNetwork:       {"(n:Network {id: id})", "Network"},
	domain.TypeEvent:         {"(n:Event {id: id})", "Event"},
	domain.TypeNeighbourhood: {"(n:Neighbourhood {id: id})", "Neighbourhood"},
	domain.TypeTargetGroup:   {"(n:TargetGroup {id: id})", kindOf("TargetGroup")},
	domain.TypeTopic:         {"(n:Topic {id: id})", kindOf("Topic")},
	domain.TypeCooperation:   {"()-[n:COOPERATES_WITH {id: id}]->()", "Cooperation"},
	domain.TypeRole:          {"()-[n:WORKS_AT {id: id}]->()", "Role"},
	domain.TypeMembership:    {"()-[n:MEMBER_OF {id: id}]->()", "Membership"},
}

// Visible returns which of refs exist and are visible to the caller of
// ctx, by the same rules as every read (see access.go): a record the
// caller may not read reads here exactly like a missing one. One
// statement per call, a branch per record type present.
func (s *Store) Visible(ctx context.Context, refs []domain.RecordRef) (map[domain.RecordRef]bool, error) {
	ids := map[domain.RecordType][]string{}
	for _, r := range refs {
		if _, ok := changeMatch[r.Type]; ok {
			ids[r.Type] = append(ids[r.Type], r.ID)
		}
	}
	out := map[domain.RecordRef]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	var branches []string
	params := map[string]any{}
	for _, t := range domain.RecordTypes {
		if len(ids[t]) == 0 {
			continue
		}
		m := changeMatch[t]
		branches = append(branches, fmt.Sprintf("UNWIND $ids_%s AS id MATCH %s WHERE %s RETURN '%s' AS typ, id",
			t, m.pattern, vis(m.kind, "n"), t))
		params["ids_"+string(t)] = ids[t]
	}
	cypher := strings.Join(branches, " UNION ALL ")
	_, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
		recs, err := collect(ctx, tx, cypher, params)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			typ, _ := r.Get("typ")
			id, _ := r.Get("id")
			ts, _ := typ.(string)
			is, _ := id.(string)
			out[domain.RecordRef{Type: domain.RecordType(ts), ID: is}] = true
		}
		return nil, nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: visible changes: %w", err)
	}
	return out, nil
}

// CheckScope checks that the caller may see the neighbourhood scope
// names, as the scope of an analysis: otherwise it is a BAD_USER_INPUT
// on "scope", exactly as if there were none.
func (s *Store) CheckScope(ctx context.Context, scope *string) error {
	_, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, requireOne(ctx, tx, "Neighbourhood", "scope", scope)
	})
	return err
}
