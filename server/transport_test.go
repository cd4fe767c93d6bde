package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestRequestErrorsFollowAccept checks what the GraphQL-over-HTTP spec
// recommends for request errors (a document that does not parse or
// validate, variables that do not coerce): 200 under application/json
// (also when Accept is missing or */*), 400 under
// application/graphql-response+json, and never a data entry; that a
// request without a query is 400 BAD_REQUEST; and that answers with data
// and refusals by extensions are as before.
func TestRequestErrorsFollowAccept(t *testing.T) {
	needNeo4j(t)
	const gqlResponse = "application/graphql-response+json"
	coerce := `{"query":"query ($id: ID!) { node(id: $id) { id } }","variables":{"id":null}}`
	deep := "{ neighbourhoods { edges { node { " + strings.Repeat("children { ", 14) + "id" + strings.Repeat(" }", 17) + " }"
	tests := []struct {
		name, accept string
		req          rawRequest
		status       int
		code         string // "" for an answer with data
		media        string // the response's Content-Type
		data         bool   // whether the body has a data entry
	}{
		{name: "query, no Accept", req: rawRequest{body: jsonBody("{ __typename }", nil)}, status: 200, media: "application/json", data: true},
		{name: "query, graphql-response+json", accept: gqlResponse, req: rawRequest{body: jsonBody("{ __typename }", nil)},
			status: 200, media: gqlResponse, data: true},

		{name: "parse error, no Accept", req: rawRequest{body: jsonBody("{", nil)}, status: 200, code: "GRAPHQL_PARSE_FAILED", media: "application/json"},
		{name: "parse error, */*", accept: "*/*", req: rawRequest{body: jsonBody("{", nil)}, status: 200, code: "GRAPHQL_PARSE_FAILED", media: "application/json"},
		{name: "parse error, application/json", accept: "application/json", req: rawRequest{body: jsonBody("{", nil)},
			status: 200, code: "GRAPHQL_PARSE_FAILED", media: "application/json"},
		{name: "parse error, graphql-response+json", accept: gqlResponse, req: rawRequest{body: jsonBody("{", nil)},
			status: 400, code: "GRAPHQL_PARSE_FAILED", media: gqlResponse},
		{name: "parse error over GET, graphql-response+json", accept: gqlResponse,
			req:    rawRequest{method: "GET", rawQuery: url.Values{"query": {"{"}}.Encode()},
			status: 400, code: "GRAPHQL_PARSE_FAILED", media: gqlResponse},
		{name: "validation error, application/json", accept: "application/json", req: rawRequest{body: jsonBody("{ actorz { id } }", nil)},
			status: 200, code: "GRAPHQL_VALIDATION_FAILED", media: "application/json"},
		{name: "validation error, graphql-response+json", accept: gqlResponse, req: rawRequest{body: jsonBody("{ actorz { id } }", nil)},
			status: 400, code: "GRAPHQL_VALIDATION_FAILED", media: gqlResponse},
		{name: "variable coercion, application/json", accept: "application/json", req: rawRequest{body: coerce},
			status: 200, code: "GRAPHQL_VALIDATION_FAILED", media: "application/json"},
		{name: "variable coercion, graphql-response+json", accept: gqlResponse, req: rawRequest{body: coerce},
			status: 400, code: "GRAPHQL_VALIDATION_FAILED", media: gqlResponse},
		{name: "the dashboard's Accept", accept: gqlResponse + ", application/graphql+json, application/json, text/event-stream, multipart/mixed",
			req: rawRequest{body: jsonBody("{", nil)}, status: 400, code: "GRAPHQL_PARSE_FAILED", media: gqlResponse},

		{name: "no query", req: rawRequest{body: `{"qeury":"{ __typename }"}`}, status: 400, code: "BAD_REQUEST", media: "application/json"},
		{name: "no query, graphql-response+json", accept: gqlResponse, req: rawRequest{body: `{"variables":{}}`},
			status: 400, code: "BAD_REQUEST", media: "application/json"},
		{name: "GET without query", req: rawRequest{method: "GET", rawQuery: "operationName=Q"}, status: 400, code: "BAD_REQUEST", media: "application/json"},
		{name: "GET with variables that are not an object",
			req:    rawRequest{method: "GET", rawQuery: url.Values{"query": {"{ __typename }"}, "variables": {"[1]"}}.Encode()},
			status: 400, code: "BAD_REQUEST", media: "application/json"},

		// Refused by an extension after validation: as before, 200 with
		// "data": null, which graphql-response+json allows too.
		{name: "depth limit, graphql-response+json", accept: gqlResponse, req: rawRequest{body: jsonBody(deep, nil)},
			status: 200, code: "DEPTH_LIMIT_EXCEEDED", media: gqlResponse, data: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.accept != "" {
				tc.req.header = map[string]string{"Accept": tc.accept}
			}
			r := send(t, srv.URL, tc.req)
			if r.status != tc.status {
				t.Errorf("status %d, want %d (%.300s)", r.status, tc.status, r.body)
			}
			if got := r.header.Get("Content-Type"); got != tc.media {
				t.Errorf("Content-Type %q, want %q", got, tc.media)
			}
			if r.code() != tc.code {
				t.Errorf("code %q, want %q (%.300s)", r.code(), tc.code, r.body)
			}
			var top map[string]json.RawMessage
			if err := json.Unmarshal([]byte(r.body), &top); err != nil {
				t.Fatal(err)
			}
			if _, ok := top["data"]; ok != tc.data {
				t.Errorf("data entry present: %v, want %v (%.300s)", ok, tc.data, r.body)
			}
			if tc.code != "" && r.Errors[0].Extensions["requestId"] != r.header.Get("X-Request-Id") {
				t.Errorf("extensions.requestId %v, X-Request-Id %q", r.Errors[0].Extensions["requestId"], r.header.Get("X-Request-Id"))
			}
		})
	}
}

// A mutation persisted by POST cannot be run by its hash over GET: GET
// runs queries only, whether the text is in the URL or in the cache.
func TestPersistedMutationOverGETIsRefused(t *testing.T) {
	needNeo4j(t)
	m := "mutation PersistedMutationProbe { __typename } # " + uniq("apq-mutation")
	sum := sha256.Sum256([]byte(m))
	ext := apqExtension(hex.EncodeToString(sum[:]))
	post := send(t, srv.URL, rawRequest{body: `{"query":` + quote(m) + `,"extensions":` + ext + `}`})
	if post.status != http.StatusOK || len(post.Errors) != 0 {
		t.Fatalf("registering by POST: status %d: %.300s", post.status, post.body)
	}
	get := send(t, srv.URL, rawRequest{method: "GET", rawQuery: url.Values{"extensions": {ext}}.Encode()})
	if get.status != http.StatusMethodNotAllowed || get.code() != "METHOD_NOT_ALLOWED" || get.header.Get("Allow") != "POST" {
		t.Errorf("by hash over GET: status %d, code %q, Allow %q; want 405 METHOD_NOT_ALLOWED, POST (%.300s)",
			get.status, get.code(), get.header.Get("Allow"), get.body)
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
