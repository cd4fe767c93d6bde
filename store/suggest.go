package store

import (
	"context"

	"github.com/agnivade/levenshtein"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// suggestable are the labels whose records a caller names from memory
// (places, vocabularies, networks) and that are few enough to compare
// with all of them when a name misses.
var suggestable = map[string]bool{"Neighbourhood": true, "TargetGroup": true, "Topic": true, "Network": true}

// suggestCypher lists the ids, codes and names of the records of a label
// the caller may see ($label is spliced from suggestable only).
func suggestCypher(label string) string {
	return "MATCH (r:" + label + ") WHERE " + vis(kindOf(label), "r") +
		" RETURN r.id AS id, coalesce(r.code, '') AS code, coalesce(r.name, r.labelDe, '') AS name LIMIT 5000"
}

// meant returns the id of the visible record of label that given most
// likely means: one whose name or code folds to the same text, else the
// id or code nearest by edit distance, if it is near (at most a quarter
// of its length, and at least 2, edits away); "" when none is. It reads
// only records the caller may see, so it tells nothing of hidden ones.
func meant(ctx context.Context, tx neo4j.ManagedTransaction, label, given string) (string, error) {
	if !suggestable[label] || given == "" {
		return "", nil
	}
	recs, err := collect(ctx, tx, suggestCypher(label), nil)
	if err != nil {
		return "", err
	}
	folded := Fold(given)
	best, bestDist := "", max(2, len(given)/4)+1
	for _, r := range recs {
		idV, _ := r.Get("id")
		codeV, _ := r.Get("code")
		nameV, _ := r.Get("name")
		id, _ := idV.(string)
		code, _ := codeV.(string)
		name, _ := nameV.(string)
		if folded == Fold(name) || (code != "" && folded == Fold(code)) {
			return id, nil
		}
		for _, s := range []string{id, code} {
			if s == "" {
				continue
			}
			if d := levenshtein.ComputeDistance(given, s); d < bestDist || d == bestDist && id < best {
				best, bestDist = id, d
			}
		}
	}
	return best, nil
}

// didYouMean is the tail of a "no such record" message: the id meant, if
// one is near.
func didYouMean(ctx context.Context, tx neo4j.ManagedTransaction, label, given string) (string, error) {
	id, err := meant(ctx, tx, label, given)
	if err != nil || id == "" || id == given {
		return "", err
	}
	return ` (did you mean "` + id + `"?)`, nil
}
