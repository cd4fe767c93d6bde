package server

import (
	"net/http"
	"time"

	"github.com/kiezgraph/kiezgraph/apierror"
)

// timeoutRefusal answers a request that ran past the service's deadline.
var timeoutRefusal = apierror.Refusal{Status: http.StatusServiceUnavailable, Code: apierror.CodeTimeout,
	Message: "request timed out"}

// withTimeout bounds each request to d with http.TimeoutHandler, which
// answers a request past its deadline with 503 and a fixed body: here
// the refusal envelope of TIMEOUT with the request's own id, so the
// handler is made per request (it is a small struct; the work is in its
// ServeHTTP either way).
func withTimeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := string(timeoutRefusal.Body(r.Context()))
		http.TimeoutHandler(next, d, body).ServeHTTP(timeoutWriter{w}, r)
	})
}

// timeoutWriter gives http.TimeoutHandler's own 503 the refusals'
// content type, which it does not set (a client would read its JSON as
// text/plain). Nothing behind the timeout answers 503, and a response
// of the handler comes with its own content type, which stays.
type timeoutWriter struct{ http.ResponseWriter }

func (w timeoutWriter) WriteHeader(code int) {
	if code == timeoutRefusal.Status && w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", apierror.ContentType)
	}
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w timeoutWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
