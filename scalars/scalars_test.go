package scalars

import (
	"bytes"
	"errors"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

func TestDate(t *testing.T) {
	d, err := UnmarshalDate("2024-02-29")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	MarshalDate(d).MarshalGQL(&b)
	if b.String() != `"2024-02-29"` {
		t.Errorf("marshal = %s", b.String())
	}
	for _, bad := range []any{"2023-02-29", "2024-13-01", "24-01-01", "2024-01-01T00:00:00Z", 20240101, nil} {
		if _, err := UnmarshalDate(bad); !errors.Is(err, domain.ErrInvalid) {
			t.Errorf("UnmarshalDate(%v) = %v, want ErrInvalid", bad, err)
		}
	}
}
