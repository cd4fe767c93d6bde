package resolvers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/apierror"
	"github.com/kiezgraph/kiezgraph/domain"
)

func TestErrorPresenterCodes(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	present := ErrorPresenter(log)
	ctx := WithRequestID(context.Background(), "req-1")
	secret := "MATCH (n:Person) WHERE n.name = 'Anna'"
	tests := []struct {
		name     string
		err      error
		code     string
		hideText bool
	}{
		{"field error", domain.Invalid("input.name", "must be 1 to 200 characters"), apierror.CodeBadUserInput, false},
		{"not found", fmt.Errorf("actor x: %w", domain.ErrNotFound), apierror.CodeNotFound, false},
		{"conflict", fmt.Errorf("%w: duplicate", domain.ErrConflict), apierror.CodeConflict, false},
		{"forbidden", fmt.Errorf("%w: outside your districts", domain.ErrForbidden), apierror.CodeForbidden, false},
		{"unauthenticated", fmt.Errorf("%w: needs credentials", domain.ErrUnauthenticated), apierror.CodeUnauthenticated, false},
		{"unavailable", fmt.Errorf("store: %w: %s", domain.ErrUnavailable, secret), apierror.CodeUnavailable, true},
		{"timeout", fmt.Errorf("%s: %w", secret, context.DeadlineExceeded), apierror.CodeTimeout, true},
		{"anything else", errors.New(secret), apierror.CodeInternal, true},
		{"a panic", Recover(log)(ctx, secret), apierror.CodeInternal, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := present(ctx, tt.err)
			if got.Extensions["code"] != tt.code || got.Extensions["requestId"] != "req-1" {
				t.Fatalf("extensions = %v, want code %s and the request id", got.Extensions, tt.code)
			}
			if tt.hideText && (strings.Contains(got.Message, "MATCH") || strings.Contains(got.Message, "Anna")) {
				t.Fatalf("message leaks the cause: %q", got.Message)
			}
		})
	}
	if !strings.Contains(logs.String(), "req-1") {
		t.Error("the log lacks the request id")
	}
}
