package domain

import (
	"strings"

	"go.mau.fi/util/confusable"
)

// Warning is something about a write that succeeded but deserves a
// look, such as a name that looks like another record's. Warnings never
// stop a write.
type Warning struct {
	// Code is stable, e.g. WarnLookAlikeName.
	Code string
	// Field is the input field concerned, e.g. "input.name"; nil for none.
	Field *string
	// Message says what to look at.
	Message string
	// Records are the ids of the other records concerned.
	Records []string
}

// WarnLookAlikeName is the code of a name that looks like another
// record's without being the same text.
const WarnLookAlikeName = "LOOK_ALIKE_NAME"

// LookAlikes finds names that look like known ones without being them:
// "Jugendаmt Nord" with a Cyrillic а, or with a zero-width space,
// beside "Jugendamt Nord". Two names look alike when their skeletons
// (Unicode TR39 §4, "Confusable Detection": NFD, then every character
// mapped to its prototype in confusables.txt) are equal; the same text
// is a duplicate, not a look-alike. Skeletons come from
// go.mau.fi/util/confusable, which follows Unicode's data. The zero value
// is not usable; use NewLookAlikes.
type LookAlikes struct {
	known map[string][]Named
}

// Named is a known name and its record; ID may be a place such as
// "actors.csv:12" where the record has no id yet.
type Named struct {
	ID, Name string
}

// NewLookAlikes returns an empty set of known names.
func NewLookAlikes() *LookAlikes { return &LookAlikes{known: map[string][]Named{}} }

// Add makes name (of record id) known.
func (l *LookAlikes) Add(id, name string) {
	name = strings.TrimSpace(name)
	sk := confusable.Skeleton(name)
	for _, n := range l.known[sk] {
		if n.Name == name {
			return
		}
	}
	l.known[sk] = append(l.known[sk], Named{ID: id, Name: name})
}

// Find returns the known names that look like name but are other text.
func (l *LookAlikes) Find(name string) []Named {
	name = strings.TrimSpace(name)
	var out []Named
	for _, n := range l.known[confusable.Skeleton(name)] {
		if n.Name != name {
			out = append(out, n)
		}
	}
	return out
}
