package store

import (
	"context"
	"slices"
	"sync"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Causal holds the bookmarks of one client's request: the ones the client
// sent (the last write it saw) and those of the writes the request made.
// Every transaction of a request with a Causal starts after them, so that
// on a Neo4j cluster, where reads go to followers that may lag behind the
// leader, a client reads its own writes through any replica; the writes'
// bookmarks go back to the client to send with its next request. On a
// single server they cost nothing.
type Causal struct {
	mu        sync.Mutex
	bookmarks []string
}

type causalKey struct{}

// WithCausal returns ctx whose transactions start after the bookmarks.
func WithCausal(ctx context.Context, bookmarks []string) (context.Context, *Causal) {
	c := &Causal{bookmarks: slices.Clone(bookmarks)}
	return context.WithValue(ctx, causalKey{}, c), c
}

// Bookmarks returns the bookmarks after which the request's next
// transaction starts; after a write, they name it.
func (c *Causal) Bookmarks() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.bookmarks)
}

func causalFrom(ctx context.Context) *Causal {
	c, _ := ctx.Value(causalKey{}).(*Causal)
	return c
}

// after records the bookmarks of a write transaction: later ones
// supersede earlier ones.
func (c *Causal) after(b neo4j.Bookmarks) {
	if c == nil || len(b) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bookmarks = neo4j.BookmarksToRawValues(b)
}

func (c *Causal) config() neo4j.Bookmarks {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return neo4j.BookmarksFromRawValues(c.bookmarks...)
}
