package export

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// MinKeyLen is the shortest pseudonym key NewPseudonymizer accepts, in
// bytes.
const MinKeyLen = 16

// Pseudonymizer turns person ids into keyed pseudonyms: the same key
// gives the same pseudonym in every export, so researchers can follow a
// person across days and scopes, while nobody without the key can map a
// pseudonym back to an id (ids are derived from names, so an unkeyed hash
// could be reversed by hashing candidate names). The key comes from
// configuration and is never written into an export.
type Pseudonymizer struct {
	key []byte
}

// NewPseudonymizer returns a Pseudonymizer with a copy of key. It fails
// when the key is shorter than MinKeyLen bytes.
func NewPseudonymizer(key []byte) (*Pseudonymizer, error) {
	if len(key) < MinKeyLen {
		return nil, fmt.Errorf("export: pseudonym key has %d bytes, need at least %d", len(key), MinKeyLen)
	}
	return &Pseudonymizer{key: append([]byte(nil), key...)}, nil
}

// Pseudonym returns "p_" and the first 16 hex digits (64 bits) of
// HMAC-SHA256(key, personID).
func (p *Pseudonymizer) Pseudonym(personID string) string {
	return "p_" + p.mac("", personID)
}

// RolePseudonym returns the keyed pseudonym of a role's id ("w_" and 16
// hex digits), as exports name the role's edge.
func (p *Pseudonymizer) RolePseudonym(roleID string) string { return p.roleID(roleID) }

// roleID names the edge of a role. Role ids contain person ids, so they
// are keyed too, with a prefix that keeps them apart from pseudonyms.
func (p *Pseudonymizer) roleID(id string) string {
	return "w_" + p.mac("role\x00", id)
}

func (p *Pseudonymizer) mac(domainSep, s string) string {
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte(domainSep))
	m.Write([]byte(s))
	return hex.EncodeToString(m.Sum(nil))[:16]
}

// String keeps the key out of logs and error messages.
func (p *Pseudonymizer) String() string { return "export.Pseudonymizer{key: redacted}" }

// GoString keeps the key out of %#v.
func (p *Pseudonymizer) GoString() string { return p.String() }
