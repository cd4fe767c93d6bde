package server

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/apierror"
	"github.com/kiezgraph/kiezgraph/auth"
	"github.com/kiezgraph/kiezgraph/domain"
)

// TestEveryRefusalIsOneEnvelope sends a request down every path on
// which /graphql refuses a request before GraphQL reads it (guard: auth,
// rate limit, deadline, size limit, method, media type, body, bookmarks)
// and checks that each answers with the same envelope: its status,
// Content-Type application/json, the headers the refusal needs, and a
// body of exactly one error with a message, extensions.code and the
// request id of the X-Request-Id header, and nothing else (no data).
// It needs no Neo4j: behind the guard sits a stand-in for GraphQL that
// answers, or waits for the deadline when asked to.
func TestEveryRefusalIsOneEnvelope(t *testing.T) {
	secret := []byte("kiezgraph-envelope-test-secret-0123456789")
	a, err := auth.New(auth.Config{HMACSecret: secret, Anonymous: auth.AnonymousNone})
	if err != nil {
		t.Fatal(err)
	}
	bearer := func(sub string) string {
		tok, err := auth.SignHS256(secret, sub, domain.RoleAdmin, nil, time.Hour, "", "")
		if err != nil {
			t.Fatal(err)
		}
		return "Bearer " + tok
	}
	cfg := DefaultConfig()
	cfg.Auth, cfg.MaxBodyBytes, cfg.RequestTimeout = a, 1024, 100*time.Millisecond
	lim := newLimiter(RateLimit{Rate: 1, Burst: 10, Key: principalKey})
	now := time.Now()
	lim.now = func() time.Time { return now }
	// The client "spent" has emptied its bucket.
	lim.take(lim.bucket("caller:spent", now), 10, now)

	reached := 0
	graphQL := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached++
		if r.Header.Get("X-Test-Slow") != "" {
			<-r.Context().Done()
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"data":{"__typename":"Query"}}`)
	})
	h := requestID(guard(cfg, slog.New(slog.DiscardHandler), lim, graphQL))

	query := `{"query":"{ __typename }"}`
	mutation := url.Values{"query": {"mutation { __typename }"}}.Encode()
	tests := []struct {
		name    string
		method  string
		target  string
		header  map[string]string // besides Authorization: bearer("anna") and Content-Type: application/json
		body    string
		status  int
		code    string            // "" for the control, which must reach GraphQL
		headers map[string]string // response headers the refusal needs
		ext     []string          // extensions besides code and requestId
	}{
		{name: "control: a good request reaches GraphQL", body: query, status: http.StatusOK},
		{name: "no credentials", header: map[string]string{"Authorization": ""}, body: query,
			status: http.StatusUnauthorized, code: apierror.CodeUnauthenticated,
			headers: map[string]string{"WWW-Authenticate": `Bearer realm="kiezgraph"`}},
		{name: "bad token", header: map[string]string{"Authorization": bearer("anna") + "x"}, body: query,
			status: http.StatusUnauthorized, code: apierror.CodeUnauthenticated,
			headers: map[string]string{"WWW-Authenticate": `Bearer realm="kiezgraph"`}},
		{name: "rate limited", header: map[string]string{"Authorization": bearer("spent")}, body: query,
			status: http.StatusTooManyRequests, code: apierror.CodeRateLimited,
			headers: map[string]string{"Retry-After": "1"}, ext: []string{"retryAfter"}},
		{name: "body too large", body: `{"query":"{ __typename }","variables":{"pad":"` + strings.Repeat("x", 2000) + `"}}`,
			status: http.StatusRequestEntityTooLarge, code: apierror.CodeRequestTooLarge},
		{name: "timeout", header: map[string]string{"X-Test-Slow": "1"}, body: query,
			status: http.StatusServiceUnavailable, code: apierror.CodeTimeout},
		{name: "wrong method", method: http.MethodPut, body: query,
			status: http.StatusMethodNotAllowed, code: apierror.CodeMethodNotAllowed,
			headers: map[string]string{"Allow": "GET, POST, OPTIONS"}},
		{name: "mutation over GET", method: http.MethodGet, target: "/graphql?" + mutation,
			status: http.StatusMethodNotAllowed, code: apierror.CodeMethodNotAllowed,
			headers: map[string]string{"Allow": "POST"}},
		{name: "form post", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, body: "query=%7B__typename%7D",
			status: http.StatusUnsupportedMediaType, code: apierror.CodeUnsupportedMediaType},
		{name: "malformed JSON", body: `{"query":`, status: http.StatusBadRequest, code: apierror.CodeBadRequest},
		{name: "batch", body: "[" + query + "]", status: http.StatusBadRequest, code: apierror.CodeBadRequest},
		{name: "malformed bookmark", header: map[string]string{HeaderBookmark: "not a bookmark"}, body: query,
			status: http.StatusBadRequest, code: apierror.CodeBadRequest},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			method, target := tc.method, tc.target
			if method == "" {
				method = http.MethodPost
			}
			if target == "" {
				target = "/graphql"
			}
			r := httptest.NewRequest(method, target, strings.NewReader(tc.body))
			r.Header.Set("Authorization", bearer("anna"))
			r.Header.Set("Content-Type", "application/json")
			for k, v := range tc.header {
				r.Header.Set(k, v)
			}
			before := reached
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)

			if w.Code != tc.status {
				t.Errorf("status %d, want %d (%s)", w.Code, tc.status, w.Body)
			}
			if tc.code == "" {
				if reached == before {
					t.Error("the control did not reach GraphQL, so the refusals prove nothing")
				}
				return
			}
			if got := w.Header().Get("Content-Type"); got != "application/json" {
				t.Errorf("Content-Type %q, want application/json", got)
			}
			for k, v := range tc.headers {
				if got := w.Header().Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
			var env struct {
				Errors []struct {
					Message    string         `json:"message"`
					Extensions map[string]any `json:"extensions"`
				} `json:"errors"`
			}
			dec := json.NewDecoder(bytes.NewReader(w.Body.Bytes()))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&env); err != nil {
				t.Fatalf("not the envelope (only errors, each only message and extensions): %v: %s", err, w.Body)
			}
			if len(env.Errors) != 1 {
				t.Fatalf("%d errors, want 1: %s", len(env.Errors), w.Body)
			}
			e := env.Errors[0]
			if e.Message == "" {
				t.Error("no message")
			}
			if e.Extensions["code"] != tc.code {
				t.Errorf("extensions.code %v, want %s", e.Extensions["code"], tc.code)
			}
			if id := w.Header().Get("X-Request-Id"); id == "" || e.Extensions["requestId"] != id {
				t.Errorf("extensions.requestId %v, X-Request-Id %q", e.Extensions["requestId"], id)
			}
			want := append([]string{"code", "requestId"}, tc.ext...)
			if got := slices.Sorted(maps.Keys(e.Extensions)); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
				t.Errorf("extensions %v, want %v", got, want)
			}
		})
	}
}
