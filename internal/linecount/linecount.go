// Package linecount wraps a reader to count the bytes read through it
// and, when asked, where lines end, so that records decoded from a stream
// can be given the line they start on and progress can report the bytes
// read. The importer and the HSDS reader share it.
package linecount

import "io"

// Reader counts the bytes read through it and, with lines, remembers
// where lines end.
type Reader struct {
	r     io.Reader
	n     int64
	lines bool
	// newlines holds the offsets of newlines read but not yet passed by
	// LineAt; line is the number of newlines already passed.
	newlines []int64
	line     int
}

// New wraps r; with lines, LineAt can tell the line of an offset.
func New(r io.Reader, lines bool) *Reader { return &Reader{r: r, lines: lines} }

// Read reads from the wrapped reader.
func (c *Reader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.lines {
		for i, b := range p[:n] {
			if b == '\n' {
				c.newlines = append(c.newlines, c.n+int64(i))
			}
		}
	}
	c.n += int64(n)
	return n, err
}

// Offset is the number of bytes read so far.
func (c *Reader) Offset() int64 { return c.n }

// LineAt returns the 1-based line of the byte at offset; offsets must
// not decrease from call to call, and the Reader must count lines.
func (c *Reader) LineAt(offset int64) int {
	i := 0
	for i < len(c.newlines) && c.newlines[i] < offset {
		i++
	}
	c.line += i
	c.newlines = c.newlines[:copy(c.newlines, c.newlines[i:])]
	return c.line + 1
}
