package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/server"
)

// getGraphQL sends a GraphQL request as GET, as the dashboard does for
// queries, and decodes the response.
func getGraphQL(t *testing.T, params url.Values) (int, response) {
	t.Helper()
	resp, err := http.Get(srv.URL + "/graphql?" + params.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r response
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("decoding response (status %d): %v", resp.StatusCode, err)
	}
	return resp.StatusCode, r
}

func apqExtension(hash string) string {
	return fmt.Sprintf(`{"persistedQuery":{"version":1,"sha256Hash":%q}}`, hash)
}

// The dashboard sends queries as automatic persisted queries over GET:
// the hash alone first; the full text only when the service asks for it.
func TestPersistedQueryOverGET(t *testing.T) {
	needNeo4j(t)
	// A query text of this test's own, so that no other test has registered it.
	q := fmt.Sprintf(`query PersistedProbe { neighbourhoods(first: 3) { totalCount } __typename } # %s`, uniq("apq"))
	sum := sha256.Sum256([]byte(q))
	hash := hex.EncodeToString(sum[:])

	_, r := getGraphQL(t, url.Values{"extensions": {apqExtension(hash)}})
	if len(r.Errors) != 1 || r.Errors[0].Message != "PersistedQueryNotFound" || r.Data != nil {
		t.Fatalf("hash before registration: want one PersistedQueryNotFound error and no data, got %+v", r)
	}

	_, r = getGraphQL(t, url.Values{"query": {q}, "extensions": {apqExtension(hash)}})
	if len(r.Errors) != 0 {
		t.Fatalf("registration: %+v", r.Errors)
	}
	want := num(get(r.Data, "neighbourhoods", "totalCount"))
	if want == 0 {
		t.Fatalf("registration: no neighbourhoods in %v", r.Data)
	}

	status, r := getGraphQL(t, url.Values{"extensions": {apqExtension(hash)}})
	if status != http.StatusOK || len(r.Errors) != 0 {
		t.Fatalf("hash after registration: status %d, errors %+v", status, r.Errors)
	}
	if got := num(get(r.Data, "neighbourhoods", "totalCount")); got != want {
		t.Errorf("hash after registration: totalCount %d, want %d", got, want)
	}

	// A text that does not match its hash is refused, so that nobody can
	// register other text under a known hash.
	_, r = getGraphQL(t, url.Values{"query": {q + " "}, "extensions": {apqExtension(strings.Repeat("0", 64))}})
	if len(r.Errors) == 0 || r.Data != nil {
		t.Errorf("mismatched hash: want an error, got %+v", r)
	}

	// A mutation stays a POST-only operation, persisted or not.
	m := `mutation { deleteActor(id: "act_nobody") { deletedId } }`
	ms := sha256.Sum256([]byte(m))
	status, _ = getGraphQL(t, url.Values{"query": {m}, "extensions": {apqExtension(hex.EncodeToString(ms[:]))}})
	if status != http.StatusMethodNotAllowed {
		t.Errorf("persisted mutation over GET: status %d, want 405", status)
	}
}

func fetchPage(t *testing.T, path string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// The app's routes all answer with its index page (the app routes in the
// browser), files of the build are served as they are, and a missing
// asset is a 404, never HTML.
func TestAppRoutes(t *testing.T) {
	needNeo4j(t)
	status, h, index := fetchPage(t, "/app/")
	if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Fatalf("/app/: status %d, type %q", status, h.Get("Content-Type"))
	}
	if h.Get("Cache-Control") != "no-cache" {
		t.Errorf("/app/: Cache-Control %q, want no-cache", h.Get("Cache-Control"))
	}
	for _, p := range []string{"/app/network?scope=nbh_lindenpark&asOf=2022-12-31", "/app/coverage", "/app/brokers?sort=degree", "/app/index.html"} {
		status, _, body := fetchPage(t, p)
		if status != http.StatusOK || body != index {
			t.Errorf("%s: status %d, same page as /app/: %v", p, status, body == index)
		}
	}
	if status, _, _ := fetchPage(t, "/app/assets/missing-0000.js"); status != http.StatusNotFound {
		t.Errorf("missing asset: status %d, want 404", status)
	}
	// Every script and style the index page names is served, with a long cache life.
	for _, ref := range assetRefs(index) {
		status, h, _ := fetchPage(t, ref)
		if status != http.StatusOK || !strings.Contains(h.Get("Cache-Control"), "immutable") {
			t.Errorf("%s: status %d, Cache-Control %q", ref, status, h.Get("Cache-Control"))
		}
	}
}

// The IDE at / is served from the embedded files: no page that loads
// scripts from a CDN.
func TestIDEIsOffline(t *testing.T) {
	needNeo4j(t)
	status, _, body := fetchPage(t, "/")
	if status != http.StatusOK {
		t.Fatalf("/: status %d", status)
	}
	for _, cdn := range []string{"cdn.jsdelivr.net", "unpkg.com", "https://"} {
		if strings.Contains(body, cdn) {
			t.Errorf("/ references %q", cdn)
		}
	}
	for _, ref := range assetRefs(body) {
		if status, _, _ := fetchPage(t, ref); status != http.StatusOK {
			t.Errorf("%s: status %d", ref, status)
		}
	}
}

// assetRefs returns the /app/assets/ paths that an HTML page names in
// src or href attributes.
func assetRefs(page string) []string {
	var refs []string
	for _, attr := range []string{`src="`, `href="`} {
		rest := page
		for {
			i := strings.Index(rest, attr)
			if i < 0 {
				break
			}
			rest = rest[i+len(attr):]
			if j := strings.IndexByte(rest, '"'); j >= 0 && strings.HasPrefix(rest[:j], "/app/assets/") {
				refs = append(refs, rest[:j])
			}
		}
	}
	return refs
}

func TestAppConfigFromEnv(t *testing.T) {
	needNeo4j(t)
	for _, tc := range []struct {
		issuer, client string
		ok             bool
	}{
		{"", "", true},
		{"https://login.example.org/realms/city", "kiezgraph-dashboard", true},
		{"http://127.0.0.1:8081", "dev", true},
		{"http://localhost:8081/realms/dev", "dev", true},
		{"http://login.example.org", "dev", false}, // http off the loopback
		{"https://login.example.org", "", false},   // half configured
		{"", "kiezgraph-dashboard", false},
		{"login.example.org", "dev", false},
		{"https://login.example.org/?x=1", "dev", false},
	} {
		env := map[string]string{"KIEZGRAPH_OIDC_ISSUER": tc.issuer, "KIEZGRAPH_OIDC_CLIENT_ID": tc.client}
		c, err := server.AppConfigFromEnv(func(k string) string { return env[k] })
		if (err == nil) != tc.ok {
			t.Errorf("issuer %q, client %q: err %v, want ok %v", tc.issuer, tc.client, err, tc.ok)
		}
		if err == nil && (c.OIDCIssuer != tc.issuer || c.OIDCClientID != tc.client) {
			t.Errorf("issuer %q, client %q: got %+v", tc.issuer, tc.client, c)
		}
	}
}

// The dashboard learns from /app/config.json whether to offer single
// sign-on; without configuration it offers none.
func TestAppConfigJSON(t *testing.T) {
	needNeo4j(t)
	status, h, body := fetchPage(t, "/app/config.json")
	if status != http.StatusOK || h.Get("Content-Type") != "application/json" || strings.TrimSpace(body) != `{"oidc":null}` {
		t.Errorf("without OIDC: status %d, type %q, body %s", status, h.Get("Content-Type"), body)
	}
	cfg := testConfig()
	cfg.App = server.AppConfig{OIDCIssuer: "https://login.example.org/realms/city", OIDCClientID: "kiezgraph-dashboard"}
	withOIDC := httptest.NewServer(server.New(st, cfg, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer withOIDC.Close()
	resp, err := http.Get(withOIDC.URL + "/app/config.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		OIDC *struct{ Issuer, ClientID string } `json:"oidc"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.OIDC == nil || got.OIDC.Issuer != cfg.App.OIDCIssuer || got.OIDC.ClientID != cfg.App.OIDCClientID {
		t.Errorf("with OIDC: got %+v", got.OIDC)
	}
}
