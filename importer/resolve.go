package importer

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash/maphash"
	"strconv"
	"strings"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/store"
)

// DeriveID returns the id a record gets from its external key when the
// row gives none and no stored record has the key: the type's prefix and
// the first 20 hex digits of the key's SHA-256, e.g. act_3f2a… for an
// actor. The same key always gives the same id, so that writing a row
// again merges into the same record.
func DeriveID(prefix, key string) string {
	sum := sha256.Sum256([]byte(key))
	var b [4 + 20]byte
	n := copy(b[:], prefix)
	hex.Encode(b[n:n+20], sum[:10])
	return string(b[:n+20])
}

// personIDKey derives people's ids: prefix and the first 20 hex digits of
// HMAC-SHA256(key, prefix+external key). Unlike DeriveID, nobody without
// the key can compute the id of a guessed key (which might spell a name)
// and look it up; researchers know people only as pseudonyms.
func personIDKey(key []byte, prefix, external string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(prefix))
	m.Write([]byte(external))
	sum := m.Sum(nil)
	return prefix + hex.EncodeToString(sum[:10])
}

// VocabularyID returns the id a vocabulary entry gets from its code when
// the row gives none and no stored entry has the code: the prefix and the
// code in lower case with '-' for '_' (tg_children-6-13), as in the demo
// city.
func VocabularyID(prefix, code string) string {
	return prefix + strings.ReplaceAll(strings.ToLower(code), "_", "-")
}

// seed hashes keys for the sets of known keys. Collisions of 64-bit
// hashes are negligible at the sizes of an import (about 1e-8 for a
// million keys) and could only let a dangling reference pass the check,
// in which case the write leaves that link out.
var seed = maphash.MakeSeed()

func hashKey(key string) uint64 { return maphash.String(seed, key) }

// index knows the records of one keyed type: those written by this
// import (rows that passed the check) and those found in the database,
// and the ids that are not derived from their keys.
type index struct {
	spec *spec
	// known holds the hashes of the keys that references may name; only
	// types that are referenced keep it.
	known map[uint64]struct{}
	// ids holds the ids not equal to derive(prefix, key): given in the
	// row, or of a stored record with the key.
	ids map[string]string
	// derive makes the id of a key (run.deriveID).
	derive func(prefix, key string) string
	// levels holds the level of each known neighbourhood.
	levels map[string]domain.Level
	// bad says where the rows of keys that are bad are (file:line).
	bad map[uint64]string
}

func newIndex(s *spec, derive func(prefix, key string) string) *index {
	x := &index{spec: s, ids: map[string]string{}, levels: map[string]domain.Level{}, bad: map[uint64]string{}, derive: derive}
	for _, o := range specs {
		for _, c := range o.columns {
			if c.target == s.kind {
				x.known = map[uint64]struct{}{}
			}
		}
	}
	return x
}

// id returns the id of the record with the key.
func (x *index) id(key string) string {
	if id, ok := x.ids[key]; ok {
		return id
	}
	return x.derive(x.spec.prefix, key)
}

// has reports whether the key is known.
func (x *index) has(key string) bool {
	_, ok := x.known[hashKey(key)]
	return ok
}

// add records a known key with its id (when not derived).
func (x *index) add(key, id string) {
	if x.known != nil {
		x.known[hashKey(key)] = struct{}{}
	}
	if id != "" && id != x.derive(x.spec.prefix, key) {
		x.ids[key] = id
	}
}

// markBad forgets a key whose row is bad and remembers where that row
// is; a good row of a later file may make the key known again.
func (x *index) markBad(key, at string) {
	h := hashKey(key)
	delete(x.known, h)
	delete(x.ids, key)
	delete(x.levels, key)
	if _, ok := x.bad[h]; !ok {
		x.bad[h] = at
	}
}

// badAt says where the bad row of a key that is not known is, or "".
func (x *index) badAt(key string) string { return x.bad[hashKey(key)] }

// vocab maps the codes of a vocabulary to ids: stored entries and the
// entries of this import.
type vocab map[string]string

// loadVocab reads the stored target groups and topics.
func loadVocab(ctx context.Context, st Store) (map[Kind]vocab, error) {
	tgs, err := st.ListTargetGroups(ctx)
	if err != nil {
		return nil, err
	}
	tops, err := st.ListTopics(ctx)
	if err != nil {
		return nil, err
	}
	out := map[Kind]vocab{TargetGroups: {}, Topics: {}}
	for _, v := range tgs {
		out[TargetGroups][v.Code] = v.ID
	}
	for _, v := range tops {
		out[Topics][v.Code] = v.ID
	}
	return out, nil
}

// lookup is a queue of keys of one type to look up in the database, in
// batches, each with the rows waiting for the answer.
type lookup struct {
	typ     string
	waiting map[string][]waiter
	keys    []string
}

// waiter is a row waiting for a key's lookup: a reference (col set) or
// the row's own key (col empty), whose stored id must be adopted.
type waiter struct {
	line int
	// seq is the row's ordinal in its file (see row.seq).
	seq int
	col string
	// key of the waiting row itself, to forget it when it turns out bad.
	own string
	id  string
}

func newLookup(typ string) *lookup { return &lookup{typ: typ, waiting: map[string][]waiter{}} }

func (l *lookup) add(key string, w waiter) {
	if _, ok := l.waiting[key]; !ok {
		l.keys = append(l.keys, key)
	}
	l.waiting[key] = append(l.waiting[key], w)
}

// flush asks the database for the queued keys and hands each answer
// (the stored record, or ok false) to its waiters.
func (l *lookup) flush(ctx context.Context, st Store, answer func(key string, rec store.KeyedRecord, ok bool, w waiter)) error {
	if len(l.keys) == 0 {
		return nil
	}
	found, err := st.RecordsByKey(ctx, l.typ, l.keys)
	if err != nil {
		return err
	}
	for _, k := range l.keys {
		rec, ok := found[k]
		for _, w := range l.waiting[k] {
			answer(k, rec, ok, w)
		}
	}
	l.keys, l.waiting = l.keys[:0], map[string][]waiter{}
	return nil
}

// placeholderID stands in for the id of a referenced record while rows
// are only checked: distinct keys give distinct placeholders, so checks
// that compare references (an actor cannot cooperate with itself) hold.
func placeholderID(prefix, key string) string {
	return prefix + strconv.FormatUint(hashKey(key), 36)
}
