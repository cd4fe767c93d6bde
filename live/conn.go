package live

import (
	"context"
	"sync"
)

// Connection is what subscriptions on one transport connection share
// (a WebSocket, or the request of a Server-Sent Events stream): the
// client they count against, a limit of subscriptions, and how the
// transport ends the connection when the hub ends one of them.
type Connection struct {
	client string
	max    int
	onEnd  func(Reason)

	mu    sync.Mutex
	n     int
	ended bool
}

// NewConnection returns a connection of client that carries at most max
// subscriptions at once; onEnd, if set, is called once, the first time
// the hub ends a subscription on it, and should close the connection
// with a code that says why.
func NewConnection(client string, max int, onEnd func(Reason)) *Connection {
	return &Connection{client: client, max: max, onEnd: onEnd}
}

// Rekey names the client of a connection whose credentials came after
// it opened (a WebSocket's connection_init); it must be called before
// any subscription.
func (c *Connection) Rekey(client string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == 0 {
		c.client = client
	}
}

func (c *Connection) acquire() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n >= c.max {
		return false
	}
	c.n++
	return true
}

func (c *Connection) release() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n--
}

func (c *Connection) end(why Reason) {
	c.mu.Lock()
	first := !c.ended
	c.ended = true
	c.mu.Unlock()
	if first && c.onEnd != nil {
		c.onEnd(why)
	}
}

type connKey struct{}

// WithConnection returns ctx carrying c, for the subscriptions of a
// transport connection.
func WithConnection(ctx context.Context, c *Connection) context.Context {
	return context.WithValue(ctx, connKey{}, c)
}

// ConnectionFrom returns the connection of ctx, or nil.
func ConnectionFrom(ctx context.Context) *Connection {
	c, _ := ctx.Value(connKey{}).(*Connection)
	return c
}
