package domain

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// AccessRole is what a caller may do. Roles are coarse; the districts of
// an Access narrow them.
type AccessRole string

// Access roles.
const (
	// RoleAdmin reads and writes everything, reads the audit trail and
	// erases people.
	RoleAdmin AccessRole = "ADMIN"
	// RoleCoordinator reads everything (a gap in one district is filled
	// from the next) and writes only records inside its districts.
	RoleCoordinator AccessRole = "COORDINATOR"
	// RoleViewer reads, inside its districts when it has any.
	RoleViewer AccessRole = "VIEWER"
	// RoleResearcher reads everything, but people only pseudonymised.
	RoleResearcher AccessRole = "RESEARCHER"
	// RolePublic is a caller without credentials: it reads only what is
	// marked public and the reference data (places and vocabularies).
	RolePublic AccessRole = "PUBLIC"
)

// AccessRoles lists every AccessRole.
var AccessRoles = []AccessRole{RoleAdmin, RoleCoordinator, RoleViewer, RoleResearcher, RolePublic}

// Valid reports whether r is one of AccessRoles.
func (r AccessRole) Valid() bool { return slices.Contains(AccessRoles, r) }

// MarshalGQL implements graphql.Marshaler.
func (r AccessRole) MarshalGQL(w io.Writer) { marshalEnum(w, r) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (r *AccessRole) UnmarshalGQL(v any) error { return unmarshalEnum(r, v) }

// Access is who is asking and what they may see and change. The HTTP
// layer derives it from verified credentials and puts it into the request
// context; the store reads it there and enforces it in every statement,
// so that no nested field can show what a root field hides.
type Access struct {
	// Subject identifies the caller (a token's sub, an API key's name);
	// the audit trail records it. Empty for the public.
	Subject string
	// Role is what the caller may do.
	Role AccessRole
	// Districts are the ids of the districts a coordinator writes in, or
	// a viewer reads in. Empty means all for viewers, none for
	// coordinators.
	Districts []string
	// Expires is when the caller's credentials end (a token's exp); zero
	// for credentials without an end (API keys, the public). Requests
	// are short and checked when they start; a subscription lives on
	// and ends at Expires.
	Expires time.Time
}

// System is the access of the service's own tools (migrations, seeding,
// import and export on the command line): everything.
var System = Access{Subject: "system", Role: RoleAdmin}

type accessKey struct{}

// WithAccess returns ctx carrying a.
func WithAccess(ctx context.Context, a Access) context.Context {
	return context.WithValue(ctx, accessKey{}, a)
}

// AccessFrom returns the access of ctx. A context without one belongs to
// the service's own tools and gets System: the HTTP layer always sets an
// access, so requests never fall through to it.
func AccessFrom(ctx context.Context) Access {
	if a, ok := ctx.Value(accessKey{}).(Access); ok {
		return a
	}
	return System
}

// ReadDistricts returns the districts reads are confined to, or nil when
// the caller reads the whole city.
func (a Access) ReadDistricts() []string {
	if a.Role == RoleViewer && len(a.Districts) > 0 {
		return a.Districts
	}
	return nil
}

// PublicOnly reports whether the caller sees only public records.
func (a Access) PublicOnly() bool { return a.Role == RolePublic }

// Pseudonymised reports whether people appear to the caller only as
// pseudonyms.
func (a Access) Pseudonymised() bool { return a.Role == RoleResearcher }

// Unrestricted reports whether the caller reads every record as it is.
func (a Access) Unrestricted() bool {
	return !a.PublicOnly() && a.ReadDistricts() == nil
}

// CanWrite reports whether the caller may write at all.
func (a Access) CanWrite() bool { return a.Role == RoleAdmin || a.Role == RoleCoordinator }

// MayWriteIn reports whether the caller may write records that touch all
// of districts (the districts of every actor, place or record a write
// changes, before and after it).
func (a Access) MayWriteIn(districts []string) bool {
	switch a.Role {
	case RoleAdmin:
		return true
	case RoleCoordinator:
		for _, d := range districts {
			if !slices.Contains(a.Districts, d) {
				return false
			}
		}
		return true
	}
	return false
}

// Outside returns the districts of ds the caller may not write in.
func (a Access) Outside(ds []string) []string {
	var out []string
	for _, d := range ds {
		if !a.MayWriteIn([]string{d}) {
			out = append(out, d)
		}
	}
	return out
}

// View names the part of the data the caller reads, e.g. for cache keys:
// callers with equal views see the same records.
func (a Access) View() string {
	switch {
	case a.PublicOnly():
		return "public"
	case a.ReadDistricts() != nil:
		ds := slices.Clone(a.ReadDistricts())
		slices.Sort(ds)
		return "districts:" + strings.Join(ds, ",")
	}
	return "all"
}

type requestIDKey struct{}

// WithRequestID returns ctx carrying the id of the request it serves.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the request id of ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// CheckLookUp refuses lookups of people by id to callers who know people
// only as pseudonyms: a person's id may be derived from a key or name
// the caller could guess, and an answer (even "not found") would link
// the guess to a pseudonym. It is called where a client names ids
// (node, nodes, person); nested fields follow ids the server chose.
func (a Access) CheckLookUp(ids ...string) error {
	if !a.Pseudonymised() {
		return nil
	}
	for _, id := range ids {
		if EntityPerson.Owns(id) {
			return fmt.Errorf("%w: people appear to you only as pseudonyms and cannot be looked up by id", ErrForbidden)
		}
	}
	return nil
}
