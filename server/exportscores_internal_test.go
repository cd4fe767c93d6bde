package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/apierror"
	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/insights"
)

// slowNetwork is an analysis source whose network never arrives before
// the caller gives up: it blocks until the computation's own context is
// cancelled, and records that it was.
type slowNetwork struct{ stopped chan struct{} }

func (s *slowNetwork) NetworkSlice(ctx context.Context, _ domain.SliceQuery) (*domain.NetworkSlice, error) {
	<-ctx.Done()
	select {
	case s.stopped <- struct{}{}:
	default:
	}
	return nil, ctx.Err()
}

func (*slowNetwork) Coverage(context.Context, *string, time.Time) (*domain.Coverage, error) {
	return nil, errors.New("not used")
}

func (*slowNetwork) Version(context.Context) (string, error) { return "v1", nil }

// Scores that do not finish by the export's deadline answer TIMEOUT (HTTP
// 503) with a hint that names sampleSources when betweenness was exact,
// and a smaller scope or no scores either way; the analyses nobody waits
// for any more are cancelled, not left running (the test hangs if not).
func TestScoresPastTheDeadlineSayWhatToAskInstead(t *testing.T) {
	tests := []struct {
		name        string
		sources     int
		wantSample  bool
		wantMessage string
	}{
		{"exact", 0, true, "sampleSources"},
		{"sampled", 10000, false, "export a district or quarter (scope)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &slowNetwork{stopped: make(chan struct{}, 2)}
			e := newExporter(nil, insights.NewService(src), nil, nil, 10*time.Minute, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
			ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(50*time.Millisecond))
			defer cancel()
			_, err := e.scores(ctx, domain.SliceQuery{AsOf: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}, tt.sources)
			var h *domain.Hinted
			if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &h) {
				t.Fatalf("err %v, want a hinted deadline", err)
			}
			if strings.Contains(h.Hint, "sampleSources") != tt.wantSample || !strings.Contains(h.Hint, "10m0s") {
				t.Errorf("hint %q", h.Hint)
			}
			f := e.present(ctx, err)
			if f.Code != apierror.CodeTimeout || f.Status != http.StatusServiceUnavailable ||
				!strings.Contains(f.Message, tt.wantMessage) || f.Extensions["hint"] != h.Hint {
				t.Errorf("refusal %+v", f)
			}
			// The network read both analyses wait for (one cache entry)
			// was cancelled once nobody waited for it.
			<-src.stopped
		})
	}
	// Other failures pass unchanged.
	if err := scoresHint(domain.ErrUnavailable, 0, time.Minute); err != domain.ErrUnavailable {
		t.Errorf("unavailable became %v", err)
	}
}
