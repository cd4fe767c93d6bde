package server_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestRequestIDFormat: a client's X-Request-Id is kept only when it is
// 1–64 characters of [A-Za-z0-9._-]; anything else is replaced by an id
// the server makes, in the response header, the error extensions and
// the audit trail alike, so no client-chosen text reaches logs or the
// trail (log injection, look-alike or overlong ids).
func TestRequestIDFormat(t *testing.T) {
	needNeo4j(t)
	generated := regexp.MustCompile(`^[0-9a-f]{16}$`)
	tests := []struct {
		name, sent string
		keep       bool
	}{
		{"plain", "req-2026.12_06-a", true},
		{"one character", "x", true},
		{"64 characters", strings.Repeat("a", 64), true},
		{"uuid", "3f2b8c1e-9d4a-4b7e-8f00-1a2b3c4d5e6f", true},
		{"65 characters", strings.Repeat("a", 65), false},
		{"space", "req 1", false},
		{"json", `{"level":"ERROR","msg":"forged"}`, false},
		{"quotes", `a"b`, false},
		{"html", "<script>", false},
		{"path", "../../etc/passwd", false},
		{"non-ASCII letters", "zäh", false},
		{"cyrillic look-alike", "req-а1", false},
		{"zero-width space", "req\u200b1", false},
		{"bidi override", "req\u202e1", false},
		{"tab", "req\t1", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := send(t, srv.URL, rawRequest{body: jsonBody(`{ nope }`, nil), header: map[string]string{"X-Request-Id": tc.sent}})
			got := r.header.Get("X-Request-Id")
			ext, _ := r.Errors[0].Extensions["requestId"].(string)
			if ext != got {
				t.Errorf("extensions.requestId %q, header %q: want the same", ext, got)
			}
			if tc.keep && got != tc.sent {
				t.Fatalf("X-Request-Id %q, want the client's %q", got, tc.sent)
			}
			if !tc.keep && (got == tc.sent || !generated.MatchString(got)) {
				t.Fatalf("X-Request-Id %q for %q, want one the server made", got, tc.sent)
			}
		})
	}

	// The audit trail carries the server's id, not the client's text.
	a := newActor(t, uniq("request-id"), nbhLindenpark)
	forged := `ok" forged="yes`
	r := send(t, srv.URL, rawRequest{body: jsonBody(`mutation($id: ID!) { updateActor(input: {id: $id, description: "x"}) { actor { id } } }`,
		map[string]any{"id": a}), header: map[string]string{"X-Request-Id": forged}})
	if len(r.Errors) > 0 || r.status != http.StatusOK {
		t.Fatalf("update: %d %+v", r.status, r.Errors)
	}
	d := mustPost(t, `query($id: ID!) { auditTrail(first: 1, filter: {target: $id, operation: "updateActor"}) { edges { node { requestId } } } }`,
		map[string]any{"id": a})
	if got := str(get(d, "auditTrail", "edges", 0, "node", "requestId")); got != r.header.Get("X-Request-Id") || got == forged {
		t.Errorf("audit requestId %q, want the server's %q", got, r.header.Get("X-Request-Id"))
	}
}
