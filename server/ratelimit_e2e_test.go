package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/apierror"
	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/server"
)

// TestRateLimitOverHTTP spends one client's budget on a service with a
// bucket of 100 points that refills only 0.01 points a second (so that
// the test's own duration cannot matter), and checks that refused
// requests answer 429 and RATE_LIMITED with matching Retry-After and
// retryAfter, run no Cypher, and leave other clients alone.
func TestRateLimitOverHTTP(t *testing.T) {
	needNeo4j(t)
	cfg := testConfig()
	cfg.RateLimit = server.RateLimit{Rate: 0.01, Burst: 100,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}
	api, met := server.NewService(st, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	limited, limitedMetrics := httptest.NewServer(api), httptest.NewServer(met)
	defer limited.Close()
	defer limitedMetrics.Close()

	// actors(first: n) { totalCount } costs 1 + n points (see
	// resolvers/complexity.go).
	const cost61, cost38 = `{ actors(first: 60) { totalCount } }`, `{ actors(first: 37) { totalCount } }`
	steps := []struct {
		name    string
		query   string
		header  map[string]string
		refused bool
	}{
		{"61 of 100 points", cost61, nil, false},
		{"61 of 38 points: refused after parsing", cost61, nil, true},
		{"a random bearer token gets no fresh bucket: 401 before the limiter", cost61, map[string]string{"Authorization": "Bearer 5f1d3c0e-random"}, true},
		{"a verified caller has a bucket of their own", cost61, map[string]string{"Authorization": "Bearer " + token(t, "limited-viewer", domain.RoleViewer)}, false},
		{"38 of 38 points", cost38, nil, false},
		{"an empty bucket: refused before parsing", `{ __typename }`, nil, true},
		{"another client behind the trusted proxy", cost61, map[string]string{"X-Forwarded-For": "203.0.113.9"}, false},
		{"the proxied client's own budget runs out", cost61, map[string]string{"X-Forwarded-For": "203.0.113.9"}, true},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			before := st.QueryCount()
			status, header, r := postWith(t, limited.URL, s.query, nil, s.header)
			cypher := st.QueryCount() - before
			if !s.refused {
				if status != http.StatusOK || len(r.Errors) > 0 {
					t.Fatalf("status %d, errors %+v; want 200 without errors", status, r.Errors)
				}
				if cypher == 0 {
					t.Errorf("an admitted query ran no Cypher")
				}
				return
			}
			if h := s.header["Authorization"]; h != "" && !strings.Contains(s.name, "verified") {
				if status != http.StatusUnauthorized || r.code() != "UNAUTHENTICATED" || cypher != 0 {
					t.Fatalf("status %d, code %q, %d transactions; want 401 UNAUTHENTICATED and none", status, r.code(), cypher)
				}
				return
			}
			if status != http.StatusTooManyRequests {
				t.Errorf("status %d, want 429", status)
			}
			if r.code() != apierror.CodeRateLimited {
				t.Fatalf("code %q (errors %+v), want %s", r.code(), r.Errors, apierror.CodeRateLimited)
			}
			if cypher != 0 {
				t.Errorf("a refused request ran %d transactions", cypher)
			}
			after, _ := r.Errors[0].Extensions["retryAfter"].(float64)
			headerAfter, err := strconv.Atoi(header.Get("Retry-After"))
			if err != nil || after < 1 || float64(headerAfter) != after {
				t.Errorf("Retry-After %q, extensions.retryAfter %v: want the same whole number of seconds, at least 1",
					header.Get("Retry-After"), r.Errors[0].Extensions["retryAfter"])
			}
			if id, _ := r.Errors[0].Extensions["requestId"].(string); id == "" {
				t.Errorf("refusal carries no requestId")
			}
		})
	}

	resp, err := http.Get(limitedMetrics.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{"kiezgraph_ratelimit_refusals_total 3", "kiezgraph_ratelimit_clients 3"} {
		if !strings.Contains(string(body), want+"\n") {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
