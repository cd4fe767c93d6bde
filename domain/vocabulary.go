package domain

import (
	"errors"
	"regexp"
	"strings"
)

// Target groups and topics: the value, the rules of a new entry and its
// update.

// Vocabulary is an entry of a managed vocabulary: a target group or a
// topic (field of action).
type Vocabulary struct {
	ID          string
	Code        string
	LabelDe     string
	LabelEn     string
	Description *string
	Meta
}

// NodeID implements Node.
func (v *Vocabulary) NodeID() string { return v.ID }

// TargetGroup is a group of residents that services address.
type TargetGroup struct{ Vocabulary }

// Topic is a field of action.
type Topic struct{ Vocabulary }

// VocabularyUpdate changes a target group or topic; its code is fixed.
type VocabularyUpdate struct {
	LabelDe     Edit[*string]
	LabelEn     Edit[*string]
	Description Edit[*string]
	MetaUpdate
}

// Normalize trims the texts.
func (u *VocabularyUpdate) Normalize() {
	trimName(&u.LabelDe)
	trimName(&u.LabelEn)
	trimText(&u.Description)
	u.MetaUpdate.normalize()
}

// Validate reports every bad field.
func (u VocabularyUpdate) Validate() error {
	var p problems
	p.name("input.labelDe", u.LabelDe)
	p.name("input.labelEn", u.LabelEn)
	p.longText("input.description", u.Description)
	u.MetaUpdate.check(&p)
	return p.err()
}

// CodePattern is the form of a vocabulary code, e.g. CHILDREN_6_13.
var CodePattern = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,63}$`)

// Normalize trims the texts.
func (v *Vocabulary) Normalize() {
	v.Code, v.LabelDe, v.LabelEn = strings.TrimSpace(v.Code), strings.TrimSpace(v.LabelDe), strings.TrimSpace(v.LabelEn)
	v.Description = Trimmed(v.Description)
	v.Meta.normalize()
}

// Validate reports every problem of a new target group or topic.
func (v Vocabulary) Validate() error {
	var p problems
	if !CodePattern.MatchString(v.Code) {
		p.add(Invalid("input.code", "must be upper case letters, digits and underscores, starting with a letter"))
	}
	p.add(CheckName("input.labelDe", v.LabelDe), CheckName("input.labelEn", v.LabelEn), v.checkTexts())
	return p.err()
}

// checkTexts checks every free text of the vocabulary entry.
func (v Vocabulary) checkTexts() error {
	return errors.Join(CheckLongText("input.description", v.Description), v.Meta.Check())
}
