package linecount

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestLineAt(t *testing.T) {
	const text = "a\nbb\n\nccc\nd"
	// One byte at a time, so that newlines arrive across reads.
	c := New(iotest.OneByteReader(strings.NewReader(text)), true)
	if _, err := io.ReadAll(c); err != nil {
		t.Fatal(err)
	}
	if c.Offset() != int64(len(text)) {
		t.Errorf("Offset %d, want %d", c.Offset(), len(text))
	}
	for _, tc := range []struct {
		offset int64
		line   int
	}{{0, 1}, {1, 1}, {2, 2}, {4, 2}, {5, 3}, {6, 4}, {9, 4}, {10, 5}} {
		if got := c.LineAt(tc.offset); got != tc.line {
			t.Errorf("LineAt(%d) = %d, want %d (%q)", tc.offset, got, tc.line, text[:tc.offset])
		}
	}
}

func TestBytesOnly(t *testing.T) {
	c := New(strings.NewReader("x\ny\n"), false)
	if _, err := io.ReadAll(c); err != nil {
		t.Fatal(err)
	}
	if c.Offset() != 4 || len(c.newlines) != 0 {
		t.Errorf("Offset %d, %d newlines kept; want 4 and none", c.Offset(), len(c.newlines))
	}
}
