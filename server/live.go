package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	coderws "github.com/coder/websocket"

	"github.com/kiezgraph/kiezgraph/apierror"
	"github.com/kiezgraph/kiezgraph/auth"
	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/live"
)

// Live updates are served at /graphql/live, apart from /graphql: that
// route runs every request under http.TimeoutHandler, whose writer can
// neither stream (Server-Sent Events) nor be hijacked (WebSocket). The
// route has the same authentication and rate limiting in front; the
// subscription itself stands in for the deadline, ending when the
// caller's credentials expire.

// LivePath is the route of subscriptions.
const LivePath = "/graphql/live"

// WebSocket close codes of live updates (graphql-transport-ws reserves
// 4400, 4401, 4403, 4406, 4408, 4409, 4429, 4499 and 4500 with their
// meanings; the others of 4000–4999 are the application's).
const (
	// CloseUnauthorized: the credentials of the connection expired, or
	// those of connection_init were refused. Reconnecting with the same
	// credentials will not help.
	CloseUnauthorized = 4401
	// CloseSlowConsumer: the client left more changes unread than the
	// service buffers for it; reconnect and fetch everything again.
	CloseSlowConsumer = 4503
)

// LiveConfig bounds live updates.
type LiveConfig struct {
	// Hub configures the change feed (poll interval, buffers, per-client
	// subscriptions).
	Hub live.Config
	// PerConnection bounds the subscriptions of one WebSocket (default 10).
	PerConnection int
	// ConnectionsPerClient bounds the WebSockets and event streams one
	// client holds open at once (default 10).
	ConnectionsPerClient int
	// KeepAlive is the interval of pings on idle connections (default
	// 25 s, below the minute after which proxies commonly cut them).
	KeepAlive time.Duration
}

func (c LiveConfig) withDefaults() LiveConfig {
	if c.PerConnection <= 0 {
		c.PerConnection = 10
	}
	if c.ConnectionsPerClient <= 0 {
		c.ConnectionsPerClient = 10
	}
	if c.KeepAlive <= 0 {
		c.KeepAlive = 25 * time.Second
	}
	return c
}

// liveServer serves subscriptions: its transports join the GraphQL
// handler, and its route counts connections per client.
type liveServer struct {
	cfg  LiveConfig
	auth *auth.Authenticator
	key  func(*http.Request) string
	log  *slog.Logger

	mu    sync.Mutex
	conns map[string]int
}

func newLiveServer(cfg LiveConfig, a *auth.Authenticator, key func(*http.Request) string, log *slog.Logger) *liveServer {
	return &liveServer{cfg: cfg.withDefaults(), auth: a, key: key, log: log, conns: map[string]int{}}
}

// transports are the WebSocket and Server-Sent Events transports; they
// must come before POST, which would take an event-stream request too.
func (l *liveServer) transports(origins []string) []graphql.Transport {
	ws := transport.Websocket{
		Implementation:   liveSockets{transport.CoderWebsocketImplementation{AcceptOptions: coderws.AcceptOptions{OriginPatterns: originHosts(origins)}}},
		InitFunc:         l.init,
		InitTimeout:      10 * time.Second,
		PingPongInterval: l.cfg.KeepAlive,
		ErrorFunc: func(ctx context.Context, err error) {
			l.log.DebugContext(ctx, "live: websocket", "requestId", domain.RequestID(ctx), "err", err)
		},
	}
	return []graphql.Transport{liveOnly{sseTransport{keepAlive: l.cfg.KeepAlive}}, liveOnly{ws}}
}

// liveOnly keeps a transport to requests of the live route: on /graphql
// the TimeoutHandler can neither stream nor upgrade, and clients such as
// urql accept text/event-stream among other types on every request.
type liveOnly struct{ graphql.Transport }

// Supports implements graphql.Transport.
func (t liveOnly) Supports(r *http.Request) bool {
	return liveSocketFrom(r.Context()) != nil && t.Transport.Supports(r)
}

// originHosts turns the CORS origins into the host patterns the
// WebSocket handshake accepts besides the service's own origin.
func originHosts(origins []string) []string {
	var out []string
	for _, o := range origins {
		if u, err := url.Parse(o); err == nil && u.Host != "" {
			out = append(out, u.Host)
		}
	}
	return out
}

// handler admits WebSocket and event-stream requests only, counts them
// per client and gives each its live.Connection.
func (l *liveServer) handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws := r.Header.Get("Upgrade") != ""
		if !ws && !(sseTransport{}).Supports(r) {
			apierror.Refusal{Status: http.StatusBadRequest, Code: apierror.CodeBadRequest,
				Message: "live updates need a WebSocket (graphql-transport-ws) or a POST that accepts text/event-stream; queries and mutations go to /graphql"}.Write(w, r)
			return
		}
		client := l.key(r)
		if !l.acquire(client) {
			apierror.Refusal{Status: http.StatusTooManyRequests, Code: apierror.CodeTooManyConnections,
				Message: fmt.Sprintf("this client holds %d live connections already", l.cfg.ConnectionsPerClient)}.Write(w, r)
			return
		}
		defer l.release(client)
		sock := &liveSocket{}
		perConn := l.cfg.PerConnection
		if !ws {
			perConn = 1 // an event stream carries one operation
		}
		conn := live.NewConnection(client, perConn, sock.end)
		sock.conn = conn
		ctx := context.WithValue(r.Context(), liveSocketKey{}, sock)
		ctx = context.WithValue(ctx, headerCredentialsKey{}, r.Header.Get("Authorization") != "" || r.Header.Get("X-API-Key") != "")
		next.ServeHTTP(w, r.WithContext(live.WithConnection(ctx, conn)))
	})
}

func (l *liveServer) acquire(client string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.conns[client] >= l.cfg.ConnectionsPerClient {
		return false
	}
	l.conns[client]++
	return true
}

func (l *liveServer) release(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.conns[client]--; l.conns[client] <= 0 {
		delete(l.conns, client)
	}
}

type headerCredentialsKey struct{}

// init authenticates a WebSocket by its connection_init payload
// ({"Authorization": "Bearer …"} or {"X-API-Key": "…"}), since browsers
// cannot send headers with a WebSocket; credentials in both the upgrade
// request and the payload are refused, as two headers are.
func (l *liveServer) init(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	authz, key := payload.GetString("Authorization"), payload.GetString("X-API-Key")
	if authz == "" && key == "" {
		return ctx, nil, nil
	}
	refused := transport.WithWebsocketCloseCode(ctx, CloseUnauthorized)
	if inHeaders, _ := ctx.Value(headerCredentialsKey{}).(bool); inHeaders {
		return refused, nil, errors.New("send credentials either with the upgrade request or in connection_init")
	}
	r, _ := http.NewRequestWithContext(ctx, http.MethodGet, LivePath, nil)
	if authz != "" {
		r.Header.Set("Authorization", authz)
	}
	if key != "" {
		r.Header.Set("X-API-Key", key)
	}
	acc, err := l.auth.Authenticate(r)
	if err != nil {
		l.log.InfoContext(ctx, "unauthenticated", "requestId", domain.RequestID(ctx), "err", err)
		return refused, nil, errors.New("missing or invalid credentials")
	}
	if !acc.Expires.IsZero() && !time.Now().Before(acc.Expires) {
		// Queries allow clock skew past exp; a subscription would end at
		// once.
		return refused, nil, errors.New("credentials expired")
	}
	if conn := live.ConnectionFrom(ctx); conn != nil && acc.Role != domain.RolePublic && acc.Subject != "" {
		conn.Rekey("caller:" + acc.Subject)
	}
	return domain.WithAccess(ctx, acc), nil, nil
}

type liveSocketKey struct{}

// liveSocket is the transport's side of a live.Connection: the
// WebSocket to close, or for an event stream the reason to report, when
// the hub ends a subscription on it.
type liveSocket struct {
	conn *live.Connection

	mu     sync.Mutex
	ws     transport.WebsocketConn
	w      http.ResponseWriter
	reason live.Reason
}

// end closes the WebSocket with the code of why, or marks the event
// stream so that it reports why before it completes. A client that
// reads nothing any more has 5 s to take the close before the
// connection is cut.
func (s *liveSocket) end(why live.Reason) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reason = why
	if s.ws != nil {
		code := map[live.Reason]int{live.EndExpired: CloseUnauthorized, live.EndSlow: CloseSlowConsumer,
			live.EndShutdown: int(coderws.StatusGoingAway)}[why]
		_ = s.ws.WriteClose(code, why.String())
		return
	}
	if s.w != nil && why == live.EndSlow {
		_ = http.NewResponseController(s.w).SetWriteDeadline(time.Now().Add(5 * time.Second))
	}
}

func (s *liveSocket) ended() live.Reason {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reason
}

func liveSocketFrom(ctx context.Context) *liveSocket {
	s, _ := ctx.Value(liveSocketKey{}).(*liveSocket)
	return s
}

// liveSockets accepts WebSockets as gqlgen's coder/websocket adapter
// does and hands each to its liveSocket, so that the hub can close it
// with a code of its own.
type liveSockets struct {
	transport.CoderWebsocketImplementation
}

// Accept implements transport.WebsocketImplementation.
func (i liveSockets) Accept(w http.ResponseWriter, r *http.Request, opts transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	c, err := i.CoderWebsocketImplementation.Accept(w, r, opts)
	if err != nil {
		return nil, err
	}
	if s := liveSocketFrom(r.Context()); s != nil {
		s.mu.Lock()
		s.ws = c
		s.mu.Unlock()
	}
	return c, nil
}
