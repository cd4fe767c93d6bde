package server

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/kiezgraph/kiezgraph/apierror"
	"github.com/kiezgraph/kiezgraph/live"
	"github.com/kiezgraph/kiezgraph/resolvers"
)

// sseTransport serves one operation as Server-Sent Events, in the
// "distinct connections" mode of the GraphQL over SSE protocol: a POST
// of the usual JSON body that accepts text/event-stream, answered by
// `next` events with the results and one `complete` event. It replaces
// gqlgen's transport.SSE for two things that one lacks: when the hub
// ends the subscription, the last `next` event says why (an error with
// extensions.code UNAUTHENTICATED or SLOW_CONSUMER), and a client that
// stops reading is cut after a write deadline instead of holding the
// handler forever.
type sseTransport struct{ keepAlive time.Duration }

var _ graphql.Transport = sseTransport{}

// Supports implements graphql.Transport.
func (sseTransport) Supports(r *http.Request) bool {
	if r.Method != http.MethodPost || !strings.Contains(r.Header.Get("Accept"), "text/event-stream") {
		return false
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "application/json"
}

// Do implements graphql.Transport.
func (t sseTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	rc := http.NewResponseController(w)
	params := &graphql.RawParams{}
	start := graphql.Now()
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.UseNumber()
	if err := dec.Decode(params); err != nil {
		apierror.Refusal{Status: http.StatusBadRequest, Code: apierror.CodeBadRequest,
			Message: "the body is not one JSON object of query, operationName, variables, extensions"}.Write(w, r)
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}

	if s := liveSocketFrom(ctx); s != nil {
		s.mu.Lock()
		s.w = w
		s.mu.Unlock()
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	w.WriteHeader(http.StatusOK)

	// The keep-alive goroutine writes too; each write is whole and
	// flushed. A write that fails (the client left, or a slow one passed
	// its deadline) ends the stream.
	var mu sync.Mutex
	raw := func(text string) bool {
		mu.Lock()
		defer mu.Unlock()
		_, err := io.WriteString(w, text)
		return err == nil && rc.Flush() == nil
	}
	event := func(name string, v any) bool {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		return raw(fmt.Sprintf("event: %s\ndata: %s\n\n", name, b))
	}
	if !raw(":\n\n") {
		return
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		tick := time.NewTicker(t.keepAlive)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
				raw(": ping\n\n")
			}
		}
	}()

	opCtx, opErr := exec.CreateOperationContext(ctx, params)
	if opErr != nil {
		event("next", exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), opErr))
		raw("event: complete\n\n")
		return
	}
	responses, dctx := exec.DispatchOperation(graphql.WithOperationContext(ctx, opCtx), opCtx)
	for {
		resp := responses(dctx)
		if resp == nil {
			break
		}
		if !event("next", resp) {
			return
		}
	}
	if s := liveSocketFrom(ctx); s != nil {
		if why := s.ended(); why != 0 {
			err := gqlerror.Errorf("the subscription ended: %s", why)
			code := map[live.Reason]string{live.EndExpired: apierror.CodeUnauthenticated, live.EndSlow: apierror.CodeSlowConsumer,
				live.EndShutdown: apierror.CodeUnavailable}[why]
			errcode.Set(err, code)
			if id := resolvers.RequestID(ctx); id != "" {
				err.Extensions["requestId"] = id
			}
			event("next", &graphql.Response{Errors: gqlerror.List{err}})
		}
	}
	raw("event: complete\n\n")
}
