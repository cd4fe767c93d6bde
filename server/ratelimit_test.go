package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"reflect"
	"testing"
	"time"
)

func prefixes(t *testing.T, ss ...string) []netip.Prefix {
	t.Helper()
	var out []netip.Prefix
	for _, s := range ss {
		p, err := parsePrefix(s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func TestClientKey(t *testing.T) {
	proxies := []string{"10.0.0.0/8", "2001:db8:ffff::1"}
	principal := func(r *http.Request) string {
		if id := r.Header.Get("X-Test-Verified-Client"); id != "" {
			return "client:" + id
		}
		return ""
	}
	tests := []struct {
		name    string
		remote  string
		xff     []string
		trusted []string
		key     func(*http.Request) string
		want    string
	}{
		{"remote address", "203.0.113.7:5555", nil, nil, nil, "addr:203.0.113.7"},
		{"forwarded for, from an untrusted peer", "203.0.113.7:5555", []string{"198.51.100.1"}, proxies, nil, "addr:203.0.113.7"},
		{"forwarded for, without trusted proxies", "10.1.2.3:5555", []string{"198.51.100.1"}, nil, nil, "addr:10.1.2.3"},
		{"forwarded for, from a trusted proxy", "10.1.2.3:5555", []string{"198.51.100.1"}, proxies, nil, "addr:198.51.100.1"},
		{"spoofed entries left of the client are ignored", "10.1.2.3:5555", []string{"1.1.1.1, 198.51.100.1"}, proxies, nil, "addr:198.51.100.1"},
		{"a chain of trusted proxies", "10.1.2.3:5555", []string{"6.6.6.6, 198.51.100.1, 10.9.9.9", "10.8.8.8"}, proxies, nil, "addr:198.51.100.1"},
		{"only trusted proxies: the leftmost", "10.1.2.3:5555", []string{"10.4.4.4"}, proxies, nil, "addr:10.4.4.4"},
		{"nonsense from a trusted proxy: the proxy", "10.1.2.3:5555", []string{"6.6.6.6, not-an-address"}, proxies, nil, "addr:10.1.2.3"},
		{"trusted proxy without the header", "10.1.2.3:5555", nil, proxies, nil, "addr:10.1.2.3"},
		{"IPv4 mapped in IPv6", "[::ffff:203.0.113.7]:5555", nil, nil, nil, "addr:203.0.113.7"},
		{"IPv6 by its /64", "[2001:db8:1:2:3:4:5:6]:5555", nil, nil, nil, "addr:2001:db8:1:2::/64"},
		{"IPv6 trusted proxy", "[2001:db8:ffff::1]:443", []string{"2001:db8:7:7::9"}, proxies, nil, "addr:2001:db8:7:7::/64"},
		{"unparsable remote address", "@unix", nil, nil, nil, "addr:@unix"},
		{"Key's client", "203.0.113.7:5555", nil, nil, principal, "client:c42"},
		{"Key without a client falls back to the address", "203.0.113.7:5555", nil, nil,
			func(*http.Request) string { return "" }, "addr:203.0.113.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			// An unverified bearer token must never matter.
			r.Header.Set("Authorization", "Bearer random-token")
			if tt.name == "Key's client" {
				r.Header.Set("X-Test-Verified-Client", "c42")
			}
			l := newLimiter(RateLimit{Rate: 1, Burst: 1, TrustedProxies: prefixes(t, tt.trusted...), Key: tt.key})
			if got := l.clientKey(r); got != tt.want {
				t.Errorf("key = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestLimiterCharges walks one client's bucket through a sequence of
// requests on a fake clock: rate 10 points a second, burst 100.
func TestLimiterCharges(t *testing.T) {
	type step struct {
		at       time.Duration // since the start
		cost     int
		wantWait time.Duration // 0: allowed
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"a full bucket pays", []step{{0, 100, 0}}},
		{"an empty bucket waits for the missing points", []step{{0, 60, 0}, {0, 60, 2 * time.Second}}},
		{"a refusal costs nothing", []step{{0, 60, 0}, {0, 60, 2 * time.Second}, {0, 40, 0}, {0, 1, 100 * time.Millisecond}}},
		{"the bucket refills at the rate", []step{{0, 100, 0}, {time.Second, 11, 100 * time.Millisecond}, {time.Second, 10, 0}}},
		{"the bucket holds no more than its burst", []step{{0, 50, 0}, {time.Hour, 100, 0}, {time.Hour, 1, 100 * time.Millisecond}}},
		{"an operation costs at most the burst", []step{{0, 5000, 0}, {0, 5000, 10 * time.Second}}},
		{"nothing costs nothing", []step{{0, 100, 0}, {0, 0, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
			l := newLimiter(RateLimit{Rate: 10, Burst: 100})
			for i, s := range tt.steps {
				now := start.Add(s.at)
				got := l.take(l.bucket("addr:203.0.113.7", now), s.cost, now)
				if got != s.wantWait {
					t.Errorf("step %d (cost %d at %v): wait %v, want %v", i, s.cost, s.at, got, s.wantWait)
				}
			}
		})
	}
}

func TestRetrySeconds(t *testing.T) {
	for _, tt := range []struct {
		wait time.Duration
		want int64
	}{{time.Nanosecond, 1}, {time.Second, 1}, {1001 * time.Millisecond, 2}, {90 * time.Second, 90}} {
		if got := retrySeconds(tt.wait); got != tt.want {
			t.Errorf("retrySeconds(%v) = %d, want %d", tt.wait, got, tt.want)
		}
	}
}

// TestLimiterForgetsClients checks that memory stays bounded: refilled
// buckets are dropped (which loses nothing), and beyond MaxClients the
// least recently seen are.
func TestLimiterForgetsClients(t *testing.T) {
	start := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	type visit struct {
		at     time.Duration
		client string
		cost   int
	}
	tests := []struct {
		name   string
		visits []visit
		want   []string // clients kept, most recently seen first
	}{
		{"busy clients are kept", []visit{{0, "a", 50}, {0, "b", 50}, {0, "c", 50}}, []string{"c", "b", "a"}},
		{"refilled clients are dropped", []visit{{0, "a", 50}, {0, "b", 50}, {10 * time.Second, "c", 50}}, []string{"c"}},
		{"a client that paid nothing is dropped at once", []visit{{0, "a", 0}, {0, "b", 50}}, []string{"b"}},
		{"dropping stops at the first busy client", []visit{{0, "a", 50}, {time.Second, "b", 0}, {2 * time.Second, "c", 50}}, []string{"c", "b", "a"}},
		{"a revisit counts as recent", []visit{{0, "a", 50}, {0, "b", 50}, {0, "c", 50}, {0, "a", 1}, {0, "d", 50}}, []string{"d", "a", "c"}},
		{"a dropped client comes back with a full bucket", []visit{{0, "a", 50}, {0, "b", 50}, {0, "c", 50}, {0, "d", 50}, {0, "a", 100}}, []string{"a", "d", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLimiter(RateLimit{Rate: 10, Burst: 100, MaxClients: 3})
			for _, v := range tt.visits {
				now := start.Add(v.at)
				if wait := l.take(l.bucket(v.client, now), v.cost, now); wait != 0 {
					t.Fatalf("client %s refused at %v", v.client, v.at)
				}
			}
			var got []string
			for e := l.lru.Front(); e != nil; e = e.Next() {
				got = append(got, e.Value.(*client).key)
			}
			if !reflect.DeepEqual(got, tt.want) || l.clientCount() != len(l.clients) {
				t.Errorf("kept %v (map %d), want %v", got, len(l.clients), tt.want)
			}
		})
	}
}

func TestRateLimitFromEnv(t *testing.T) {
	def := DefaultRateLimit()
	tests := []struct {
		env     map[string]string
		want    RateLimit
		wantErr bool
	}{
		{map[string]string{}, def, false},
		{map[string]string{EnvRateLimit: "0"}, RateLimit{Rate: 0, Burst: def.Burst}, false},
		{map[string]string{EnvRateLimit: "2.5", EnvRateBurst: "300"}, RateLimit{Rate: 2.5, Burst: 300}, false},
		{map[string]string{EnvTrustedProxies: " 10.0.0.0/8, 192.0.2.1 ,::1"},
			RateLimit{Rate: def.Rate, Burst: def.Burst, TrustedProxies: prefixes(t, "10.0.0.0/8", "192.0.2.1/32", "::1/128")}, false},
		{map[string]string{EnvRateLimit: "-1"}, def, true},
		{map[string]string{EnvRateLimit: "fast"}, def, true},
		{map[string]string{EnvRateLimit: "+Inf"}, def, true},
		{map[string]string{EnvRateBurst: "1.5"}, def, true},
		{map[string]string{EnvTrustedProxies: "10.0.0.0/33"}, def, true},
		{map[string]string{EnvTrustedProxies: "proxy.local"}, def, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.env), func(t *testing.T) {
			got, err := RateLimitFromEnv(func(k string) string { return tt.env[k] }, def)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
