package apierror

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Refusal is a request answered with an error before GraphQL executes
// it: bad credentials, a spent rate limit, a malformed or oversized body,
// a wrong method or media type, a timeout of the whole request. It goes
// out as a GraphQL response of one error and no data, so that clients
// read every refusal as they read any other error:
//
//	{"errors":[{"message":"…","extensions":{"code":"…","requestId":"…"}}]}
//
// with Content-Type application/json. Headers a refusal needs besides
// (Allow, Retry-After, WWW-Authenticate) are set on the writer before
// Write.
type Refusal struct {
	// Status is the HTTP status.
	Status int
	// Code is extensions.code, one of the Code constants.
	Code string
	// Message is the error's message; it names what the client did
	// wrong, never anything of the server's.
	Message string
	// Extensions are entries of extensions beside code and requestId,
	// e.g. retryAfter of a rate-limit refusal.
	Extensions map[string]any
}

// envelope is the JSON shape of a refusal: a GraphQL response without
// data (the operation never started).
type envelope struct {
	Errors []envelopeError `json:"errors"`
}

type envelopeError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

// Body returns the JSON of f for a request with ctx, whose request id
// (domain.RequestID) goes into extensions.requestId when it has one.
func (f Refusal) Body(ctx context.Context) []byte {
	ext := make(map[string]any, len(f.Extensions)+2)
	maps.Copy(ext, f.Extensions)
	ext["code"] = f.Code
	if id := domain.RequestID(ctx); id != "" {
		ext["requestId"] = id
	}
	// Marshalling strings, numbers and a map of them cannot fail.
	b, _ := json.Marshal(envelope{Errors: []envelopeError{{Message: f.Message, Extensions: ext}}})
	return append(b, '\n')
}

// Write answers r with f.
func (f Refusal) Write(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", ContentType)
	w.WriteHeader(f.Status)
	_, _ = w.Write(f.Body(r.Context()))
}

// ContentType is the media type of a refusal.
const ContentType = "application/json"
