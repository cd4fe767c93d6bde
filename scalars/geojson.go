package scalars

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kiezgraph/kiezgraph/domain"
)

// GeoJSON is a GeoJSON object (RFC 7946) carried as its JSON text, so a
// geometry or a FeatureCollection goes out as a JSON object inside the
// GraphQL response, not as a string to parse again.
type GeoJSON json.RawMessage

// MarshalGQL writes the object as it is.
func (g GeoJSON) MarshalGQL(w io.Writer) {
	if len(g) == 0 {
		_, _ = io.WriteString(w, "null")
		return
	}
	_, _ = w.Write(g)
}

// UnmarshalGQL accepts a GeoJSON object given as a JSON object (in
// variables or inline).
func (g *GeoJSON) UnmarshalGQL(v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("%w: GeoJSON must be an object, got %T", domain.ErrInvalid, v)
	}
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("%w: GeoJSON: %v", domain.ErrInvalid, err)
	}
	*g = b
	return nil
}

var _ graphql.Marshaler = GeoJSON(nil)
