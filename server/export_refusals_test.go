package server_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/apierror"
	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/server"
)

// exportRequest sends an export request as bearer ("" for the public)
// with a request id and returns the response and its body.
func exportRequest(t *testing.T, base, method, bearer, pathAndQuery string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, base+pathAndQuery, nil)
	if err != nil {
		t.Fatal(err)
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	req.Header.Set("X-Request-Id", "export-refusal-test")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// TestExportRefusals: bad parameters, unknown formats and lists, records
// the caller cannot see, refused filters and wrong methods are answered
// with the one error envelope of package apierror (a stable code, the
// field, the request id), no file, and the status the code has.
func TestExportRefusals(t *testing.T) {
	needNeo4j(t)
	admin := token(t, "export-refusals", domain.RoleAdmin)
	viewer := token(t, "export-refusals-viewer", domain.RoleViewer, "nbh_nord")
	q := url.QueryEscape
	for _, tc := range []struct {
		name, method, bearer, path string
		status                     int
		code, field                string
	}{
		{"unknown format", "GET", admin, "/export/pdf", 400, apierror.CodeBadUserInput, "format"},
		{"no format", "GET", admin, "/export/", 400, apierror.CodeBadUserInput, "format"},
		{"bad day", "GET", admin, "/export/gexf?asOf=2024-13-01", 400, apierror.CodeBadUserInput, "asOf"},
		{"unknown kind", "GET", admin, "/export/graphml?kinds=JOINT_PROJECT,GOSSIP", 400, apierror.CodeBadUserInput, "kinds"},
		{"bad flag", "GET", admin, "/export/gexf?scores=maybe", 400, apierror.CodeBadUserInput, "scores"},
		{"misspelt parameter", "GET", admin, "/export/gexf?asof=2024-06-01", 400, apierror.CodeBadUserInput, "asof"},
		{"repeated parameter", "GET", admin, "/export/gexf?scope=nbh_nord&scope=nbh_ost", 400, apierror.CodeBadUserInput, "scope"},
		{"people in HSDS", "GET", admin, "/export/hsds?people=true", 400, apierror.CodeBadUserInput, "people"},
		{"kinds in HSDS", "GET", admin, "/export/hsds?kinds=REFERRAL", 400, apierror.CodeBadUserInput, "kinds"},
		{"people on the map", "GET", admin, "/export/geojson?people=true", 400, apierror.CodeBadUserInput, "people"},
		{"unknown scope", "GET", admin, "/export/gexf?scope=nbh_nowhere", 400, apierror.CodeBadUserInput, "scope"},
		{"a scope the viewer cannot see acts as missing", "GET", viewer, "/export/csv?scope=nbh_ost", 400, apierror.CodeBadUserInput, "scope"},
		{"scores for the public", "GET", "", "/export/gexf?scores=true", 401, apierror.CodeUnauthenticated, ""},
		{"bad credentials", "GET", "not-a-token", "/export/gexf", 401, apierror.CodeUnauthenticated, ""},
		{"POST", "POST", admin, "/export/gexf", 405, apierror.CodeMethodNotAllowed, ""},
		{"unknown list", "GET", admin, "/export/lists/things.csv", 400, apierror.CodeBadUserInput, "list"},
		{"unknown list format", "GET", admin, "/export/lists/actors.pdf", 400, apierror.CodeBadUserInput, "list"},
		{"filter not JSON", "GET", admin, "/export/lists/actors.csv?filter=nbh_nord", 400, apierror.CodeBadUserInput, "filter"},
		{"filter on a missing record", "GET", admin, "/export/lists/actors.xlsx?filter=" + q(`{"neighbourhood":"nbh_nowhere"}`), 400, apierror.CodeBadUserInput, "filter.neighbourhood"},
		{"filter on a record the viewer cannot see", "GET", viewer, "/export/lists/services.csv?filter=" + q(`{"neighbourhood":"nbh_ost"}`), 400, apierror.CodeBadUserInput, "filter.neighbourhood"},
		{"filter of the wrong type", "GET", admin, "/export/lists/actors.csv?filter=" + q(`{"kinds":["CASTLE"]}`), 400, apierror.CodeValidationFailed, ""},
		{"people take no order", "GET", admin, "/export/lists/people.csv?orderBy=" + q(`{"field":"NAME"}`), 400, apierror.CodeBadUserInput, "orderBy"},
		{"the public may not order by betweenness", "GET", "", "/export/lists/actors.xlsx?orderBy=" + q(`{"field":"BETWEENNESS"}`), 403, apierror.CodeForbidden, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, b := exportRequest(t, srv.URL, tc.method, tc.bearer, tc.path)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, b)
			}
			if ct := resp.Header.Get("Content-Type"); ct != apierror.ContentType {
				t.Errorf("Content-Type %q, want %q", ct, apierror.ContentType)
			}
			if cd := resp.Header.Get("Content-Disposition"); cd != "" {
				t.Errorf("a refusal with Content-Disposition %q", cd)
			}
			var r response
			if err := json.Unmarshal(b, &r); err != nil || len(r.Errors) != 1 || r.Data != nil {
				t.Fatalf("not the error envelope: %v: %s", err, b)
			}
			ext := r.Errors[0].Extensions
			if r.code() != tc.code {
				t.Errorf("code %q, want %q: %s", r.code(), tc.code, b)
			}
			if tc.field != "" && ext["field"] != tc.field {
				t.Errorf("field %v, want %s: %s", ext["field"], tc.field, b)
			}
			if ext["requestId"] != "export-refusal-test" || resp.Header.Get("X-Request-Id") != "export-refusal-test" {
				t.Errorf("request id %v / %q, want the client's", ext["requestId"], resp.Header.Get("X-Request-Id"))
			}
			if strings.Contains(string(b), "MATCH") || strings.Contains(string(b), "neo4j") {
				t.Errorf("the refusal leaks internals: %s", b)
			}
		})
	}
}

// TestExportsSpendTheRateLimit: a network export charges its fixed cost
// and a list export each page's complexity to the caller's bucket, as
// /graphql would; a spent bucket is 429 RATE_LIMITED with Retry-After,
// before any byte of a file.
func TestExportsSpendTheRateLimit(t *testing.T) {
	needNeo4j(t)
	cfg := testConfig()
	cfg.RateLimit = server.RateLimit{Rate: 0.01, Burst: 12_000}
	api, _ := server.NewService(st, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	limited := httptest.NewServer(api)
	defer limited.Close()
	bearer := token(t, "export-limited", domain.RoleAdmin)
	for _, step := range []struct {
		name, path string
		ok         bool
	}{
		{"a network export fits", "/export/graphml", true},
		{"a second one does not", "/export/gexf", false},
		{"nor the pages of a list", "/export/lists/actors.csv", false},
	} {
		resp, b := exportRequest(t, limited.URL, "GET", bearer, step.path)
		if step.ok {
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: status %d: %s", step.name, resp.StatusCode, b)
			}
			continue
		}
		var r response
		_ = json.Unmarshal(b, &r)
		if resp.StatusCode != http.StatusTooManyRequests || r.code() != apierror.CodeRateLimited || resp.Header.Get("Retry-After") == "" {
			t.Errorf("%s: status %d, code %q, Retry-After %q; want 429 RATE_LIMITED with Retry-After: %s",
				step.name, resp.StatusCode, r.code(), resp.Header.Get("Retry-After"), b)
		}
	}
	// Another caller has a bucket of its own.
	other := token(t, "export-limited-other", domain.RoleAdmin)
	if resp, b := exportRequest(t, limited.URL, "GET", other, "/export/cytoscape"); resp.StatusCode != http.StatusOK {
		t.Errorf("another caller: status %d: %s", resp.StatusCode, b)
	}
}
