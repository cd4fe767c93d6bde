package server

import (
	"container/list"
	"context"
	"fmt"
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"golang.org/x/time/rate"

	"github.com/kiezgraph/kiezgraph/apierror"
)

// RateLimit configures per-client rate limits. Each client has a token
// bucket of Burst points that refills at Rate points a second; an
// operation costs its complexity (as the complexity limit computes it;
// every request costs at least 1 point, and no operation more than
// Burst), paid before any resolver runs. A client whose bucket lacks the
// cost is refused with HTTP 429 and RATE_LIMITED, and pays nothing more.
type RateLimit struct {
	// Rate is the points a client regains a second; 0 turns rate
	// limits off.
	Rate float64
	// Burst is the size of a client's bucket: the points it may spend at
	// once. 0 turns rate limits off.
	Burst int
	// TrustedProxies are the addresses of reverse proxies whose
	// X-Forwarded-For header is believed. Requests from anywhere else
	// are keyed by their own remote address, whatever they claim.
	TrustedProxies []netip.Prefix
	// Key names the client of a request, e.g. from a principal that
	// authentication verified and put into the request's context. It
	// must never derive a key from anything a client can choose freely
	// (an unverified bearer token would give every random token a fresh
	// bucket). When Key is nil or returns "", the client is its remote
	// address (see TrustedProxies); IPv6 clients are keyed by their /64
	// network, which one machine usually has to itself.
	Key func(*http.Request) string
	// MaxClients bounds the buckets kept (default 100 000). Buckets of
	// clients that have been idle long enough to refill are dropped
	// anyway, which loses nothing; past MaxClients the least recently
	// seen clients are dropped too, and start again with a full bucket.
	MaxClients int
}

// DefaultRateLimit allows each client 2000 points a second with bursts
// of 100 000 (twenty operations at the complexity limit of 5000). That is
// generous: the end-to-end test suite, which sends 2000 operations worth
// 105 000 points from one address in about two minutes, needs a burst of
// 25 000 at this rate, and would need 35 000 on a machine four times as
// fast. It stops floods from one client, not heavy use.
func DefaultRateLimit() RateLimit {
	return RateLimit{Rate: 100_000, Burst: 5_000_000}
}

// Environment variables of RateLimitFromEnv.
const (
	EnvRateLimit      = "KIEZGRAPH_RATE_LIMIT"
	EnvRateBurst      = "KIEZGRAPH_RATE_BURST"
	EnvTrustedProxies = "KIEZGRAPH_TRUSTED_PROXIES"
)

// RateLimitFromEnv returns def with what the environment sets:
// KIEZGRAPH_RATE_LIMIT (points a second), KIEZGRAPH_RATE_BURST (points)
// and KIEZGRAPH_TRUSTED_PROXIES (comma-separated addresses or CIDR
// prefixes).
func RateLimitFromEnv(getenv func(string) string, def RateLimit) (RateLimit, error) {
	cfg := def
	if v := getenv(EnvRateLimit); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
			return def, fmt.Errorf("%s: want points a second (0 turns rate limits off), got %q", EnvRateLimit, v)
		}
		cfg.Rate = f
	}
	if v := getenv(EnvRateBurst); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return def, fmt.Errorf("%s: want a number of points (0 turns rate limits off), got %q", EnvRateBurst, v)
		}
		cfg.Burst = n
	}
	if v := getenv(EnvTrustedProxies); v != "" {
		cfg.TrustedProxies = nil
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			p, err := parsePrefix(s)
			if err != nil {
				return def, fmt.Errorf("%s: %w", EnvTrustedProxies, err)
			}
			cfg.TrustedProxies = append(cfg.TrustedProxies, p)
		}
	}
	return cfg, nil
}

// parsePrefix parses an address (as a prefix of its full length) or a
// CIDR prefix.
func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, err
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// limiter enforces a RateLimit. Its HTTP middleware finds the client's
// bucket, charges the first point and refuses clients with an empty
// bucket before their request is even parsed; as a gqlgen extension
// (after the complexity limit) it charges the rest of the operation's
// cost. Its zero Rate or Burst lets everything through.
type limiter struct {
	limit   rate.Limit
	burst   int
	key     func(*http.Request) string
	proxies []netip.Prefix
	max     int
	// now is the clock; tests set it.
	now func() time.Time
	// onRefuse, when set, is called for every refused request.
	onRefuse func()

	mu      sync.Mutex
	clients map[string]*list.Element // of *client, in lru
	lru     list.List                // most recently seen first
}

// client is a client's bucket.
type client struct {
	key    string
	bucket *rate.Limiter
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = (*limiter)(nil)

func newLimiter(cfg RateLimit) *limiter {
	l := &limiter{
		limit: rate.Limit(cfg.Rate), burst: cfg.Burst, key: cfg.Key, proxies: cfg.TrustedProxies,
		max: cfg.MaxClients, now: time.Now, clients: map[string]*list.Element{},
	}
	if l.max <= 0 {
		l.max = 100_000
	}
	return l
}

func (l *limiter) enabled() bool { return l.limit > 0 && l.burst > 0 }

// clients returns the number of buckets kept.
func (l *limiter) clientCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lru.Len()
}

// bucket returns the bucket of the client key, a full one for a client
// not seen (or forgotten), and drops buckets from the least recently
// seen end while they are full again or there are too many.
func (l *limiter) bucket(key string, now time.Time) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.clients[key]
	if ok {
		l.lru.MoveToFront(e)
	} else {
		e = l.lru.PushFront(&client{key: key, bucket: rate.NewLimiter(l.limit, l.burst)})
		l.clients[key] = e
	}
	for last := l.lru.Back(); last != e; last = l.lru.Back() {
		c := last.Value.(*client)
		if l.lru.Len() <= l.max && c.bucket.TokensAt(now) < float64(l.burst) {
			break
		}
		l.lru.Remove(last)
		delete(l.clients, c.key)
	}
	return e.Value.(*client).bucket
}

// take spends n points of bucket at now and returns 0, or spends nothing
// and returns how long it takes until the bucket holds n points. No
// operation costs more than the whole bucket.
func (l *limiter) take(bucket *rate.Limiter, n int, now time.Time) time.Duration {
	n = min(n, l.burst)
	if n <= 0 || bucket.AllowN(now, n) {
		return 0
	}
	missing := float64(n) - bucket.TokensAt(now)
	return max(time.Duration(missing/float64(l.limit)*float64(time.Second)), time.Nanosecond)
}

// retrySeconds rounds a wait up to whole seconds, at least 1, as
// Retry-After takes them.
func retrySeconds(wait time.Duration) int64 {
	return max(int64(math.Ceil(wait.Seconds())), 1)
}

// clientKey names the client of r: Key's answer, else its address.
func (l *limiter) clientKey(r *http.Request) string {
	if l.key != nil {
		if k := l.key(r); k != "" {
			return k
		}
	}
	return remoteKey(r, l.proxies)
}

// remoteKey keys a request by its remote address, or for a request from
// a trusted proxy by the address the proxies say they were asked from:
// the last one in X-Forwarded-For that is not itself a trusted proxy.
// Earlier entries are the client's to choose, so they are never read.
func remoteKey(r *http.Request, trusted []netip.Prefix) string {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return "addr:" + r.RemoteAddr
	}
	addr := ap.Addr().Unmap().WithZone("")
	if isTrusted(addr, trusted) {
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				// A trusted proxy wrote nonsense: key by the proxy, not
				// by anything left of it.
				break
			}
			addr = hop.Unmap().WithZone("")
			if !isTrusted(addr, trusted) {
				break
			}
		}
	}
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return "addr:" + p.String()
	}
	return "addr:" + addr.String()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// limitKey is the context key of a request's limitState.
type limitKey struct{}

// limitState carries a request's bucket from the middleware to the
// extension, and the extension's refusal back to the response.
type limitState struct {
	bucket *rate.Limiter
	// retryAfter is set (in seconds) when the extension refused the
	// operation. It is atomic since http.TimeoutHandler runs the
	// operation in a goroutine of its own and may answer meanwhile.
	retryAfter atomic.Int64
}

// middleware charges every request 1 point and refuses it when the
// client's bucket is empty, before it is read; the extension then charges
// the operation's remaining cost, and the response of an operation it
// refused goes out as 429 with Retry-After.
func (l *limiter) middleware(next http.Handler) http.Handler {
	if !l.enabled() {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := l.now()
		bucket := l.bucket(l.clientKey(r), now)
		if wait := l.take(bucket, 1, now); wait > 0 {
			l.refuseHTTP(w, r, retrySeconds(wait))
			return
		}
		state := &limitState{bucket: bucket}
		ctx := context.WithValue(r.Context(), limitKey{}, state)
		next.ServeHTTP(&limitWriter{ResponseWriter: w, state: state}, r.WithContext(ctx))
	})
}

// refuseHTTP answers a request refused before parsing as the extension
// answers an operation it refuses.
func (l *limiter) refuseHTTP(w http.ResponseWriter, r *http.Request, secs int64) {
	if l.onRefuse != nil {
		l.onRefuse()
	}
	w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
	apierror.Refusal{Status: http.StatusTooManyRequests, Code: apierror.CodeRateLimited,
		Message: rateLimitMessage(secs), Extensions: map[string]any{"retryAfter": secs}}.Write(w, r)
}

// refusal is the GraphQL error of an operation refused by the extension,
// which gqlgen's error presenter completes with the request id.
func refusal(secs int64) *gqlerror.Error {
	err := gqlerror.Errorf("%s", rateLimitMessage(secs))
	errcode.Set(err, apierror.CodeRateLimited)
	err.Extensions["retryAfter"] = secs
	return err
}

// rateLimitMessage tells a refused client when it may try again, as
// extensions.retryAfter and the Retry-After header do.
func rateLimitMessage(secs int64) string {
	return fmt.Sprintf("rate limit exceeded: this client may send this operation again in %d s", secs)
}

// ExtensionName implements graphql.HandlerExtension.
func (l *limiter) ExtensionName() string { return "RateLimit" }

// Validate implements graphql.HandlerExtension.
func (l *limiter) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator: it
// charges the operation's complexity, less the point the middleware
// charged, or refuses the operation before any resolver runs.
func (l *limiter) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	state, ok := ctx.Value(limitKey{}).(*limitState)
	if !ok {
		return nil // rate limits are off
	}
	cost := 1
	if stats := extension.GetComplexityStats(graphql.WithOperationContext(ctx, opCtx)); stats != nil {
		cost = max(stats.Complexity, 1)
	}
	wait := l.take(state.bucket, cost-1, l.now())
	if wait == 0 {
		return nil
	}
	secs := retrySeconds(wait)
	state.retryAfter.Store(secs)
	if l.onRefuse != nil {
		l.onRefuse()
	}
	return refusal(secs)
}

// limitWriter turns the response of an operation the extension refused
// into a 429 with Retry-After.
type limitWriter struct {
	http.ResponseWriter
	state       *limitState
	wroteHeader bool
}

func (w *limitWriter) WriteHeader(code int) {
	if !w.wroteHeader {
		w.wroteHeader = true
		if secs := w.state.retryAfter.Load(); secs > 0 {
			w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
			code = http.StatusTooManyRequests
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *limitWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *limitWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
