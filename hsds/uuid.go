package hsds

import (
	"crypto/sha1"
	"encoding/hex"
)

// namespace is the UUID namespace of kiezgraph's HSDS identifiers: the
// version 5 UUID of the name "urn:kiezgraph" in RFC 4122's URL
// namespace.
var namespace = uuid5(urlNamespace, "urn:kiezgraph")

// urlNamespace is RFC 4122's namespace for URLs (Appendix C).
var urlNamespace = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// UUID returns the HSDS identifier of a kiezgraph record or link: the
// name-based (version 5, SHA-1) UUID of name in kiezgraph's namespace,
// e.g. of an actor's id. HSDS requires UUIDs, and the same name always
// gives the same UUID, so exports are stable.
func UUID(name string) string {
	u := uuid5(namespace, name)
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}

// uuid5 is RFC 4122 section 4.3 with SHA-1.
func uuid5(ns [16]byte, name string) [16]byte {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return u
}
