package apierror_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kiezgraph/kiezgraph/apierror"
	"github.com/kiezgraph/kiezgraph/domain"
)

func TestRefusal(t *testing.T) {
	tests := []struct {
		name      string
		refusal   apierror.Refusal
		requestID string
		want      string
	}{
		{"with the request id",
			apierror.Refusal{Status: http.StatusBadRequest, Code: apierror.CodeBadRequest, Message: "bad"}, "req-1",
			`{"errors":[{"message":"bad","extensions":{"code":"BAD_REQUEST","requestId":"req-1"}}]}` + "\n"},
		{"without a request id (outside the service's middleware)",
			apierror.Refusal{Status: http.StatusBadRequest, Code: apierror.CodeBadRequest, Message: "bad"}, "",
			`{"errors":[{"message":"bad","extensions":{"code":"BAD_REQUEST"}}]}` + "\n"},
		{"with further extensions, which cannot replace code or requestId",
			apierror.Refusal{Status: http.StatusTooManyRequests, Code: apierror.CodeRateLimited, Message: "later",
				Extensions: map[string]any{"retryAfter": int64(3), "code": "X", "requestId": "forged"}}, "req-2",
			`{"errors":[{"message":"later","extensions":{"code":"RATE_LIMITED","requestId":"req-2","retryAfter":3}}]}` + "\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
			if tc.requestID != "" {
				r = r.WithContext(domain.WithRequestID(context.Background(), tc.requestID))
			}
			w := httptest.NewRecorder()
			tc.refusal.Write(w, r)
			if w.Code != tc.refusal.Status {
				t.Errorf("status %d, want %d", w.Code, tc.refusal.Status)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if w.Body.String() != tc.want {
				t.Errorf("body\n%s\nwant\n%s", w.Body, tc.want)
			}
		})
	}
}
