// Package apierror owns the API's error contract: the one list of stable
// codes that clients read from extensions.code, and the one writer of the
// GraphQL-shaped error envelope that answers a request refused over HTTP
// before GraphQL executes it (see Refusal).
//
// The GraphQL error presenter (package resolvers), the HTTP refusals of
// package server and the authentication middleware of package auth all
// take their codes from here, so a code cannot be spelled two ways and
// the README's tables have one source. It imports only domain (for the
// request id) and gqlgen's errcode (for the codes gqlgen sets itself).
package apierror

import (
	"net/http"

	"github.com/99designs/gqlgen/graphql/errcode"
)

// Codes of the GraphQL error presenter: what a resolver's error means.
// Clients may rely on them.
const (
	// CodeBadUserInput: the input is invalid; extensions.field names the
	// (first) bad input field and extensions.fields lists all of them.
	CodeBadUserInput = "BAD_USER_INPUT"
	// CodeNotFound: the object to update or delete does not exist.
	CodeNotFound = "NOT_FOUND"
	// CodeConflict: a duplicate id, external key or code, or a delete
	// that the rules forbid.
	CodeConflict = "CONFLICT"
	// CodeUnavailable: Neo4j cannot be reached; retry later.
	CodeUnavailable = "UNAVAILABLE"
	// CodeTimeout: the request ran past its deadline, in a resolver or
	// (HTTP 503) as a whole.
	CodeTimeout = "TIMEOUT"
	// CodeInternal: anything else; the details are only in the log,
	// under the request id.
	CodeInternal = "INTERNAL"
	// CodeForbidden: the caller is known but may not do this.
	CodeForbidden = "FORBIDDEN"
	// CodeUnauthenticated: credentials are missing or invalid (HTTP 401
	// when the whole request is refused).
	CodeUnauthenticated = "UNAUTHENTICATED"
)

// Codes of requests refused over HTTP before GraphQL reads them.
const (
	// CodeBadRequest: the body or a header is malformed (HTTP 400).
	CodeBadRequest = "BAD_REQUEST"
	// CodeRequestTooLarge: the body is over the size limit (HTTP 413).
	CodeRequestTooLarge = "REQUEST_TOO_LARGE"
	// CodeUnsupportedMediaType: a POST that is not application/json
	// (HTTP 415).
	CodeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	// CodeMethodNotAllowed: a method other than GET, POST and OPTIONS,
	// or an operation other than a query over GET (HTTP 405).
	CodeMethodNotAllowed = "METHOD_NOT_ALLOWED"
	// CodeRateLimited: the client has spent its rate limit (HTTP 429
	// with Retry-After; extensions.retryAfter says the same in seconds).
	CodeRateLimited = "RATE_LIMITED"
)

// Codes of operations refused before any resolver runs.
const (
	// CodeParseFailed: the document is not GraphQL (set by gqlgen).
	CodeParseFailed = errcode.ParseFailed
	// CodeValidationFailed: the document is not valid for the schema, or
	// its variables do not fit their types (set by gqlgen).
	CodeValidationFailed = errcode.ValidationFailed
	// CodePersistedQueryNotFound: an automatic persisted query whose hash
	// the server does not know yet; the client sends the full text (set by
	// gqlgen's APQ extension, which does not export it).
	CodePersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND"
	// CodeDepthLimit: the operation nests fields too deep.
	CodeDepthLimit = "DEPTH_LIMIT_EXCEEDED"
	// CodeAliasLimit: the operation uses too many aliases.
	CodeAliasLimit = "ALIAS_LIMIT_EXCEEDED"
	// CodeComplexityLimit: the operation costs more than the limit.
	CodeComplexityLimit = "COMPLEXITY_LIMIT_EXCEEDED"
	// CodeIntrospection: __schema or __type while introspection is off.
	CodeIntrospection = "INTROSPECTION_DISABLED"
	// CodeResponseTooLarge: the response would hold more fields than the
	// cap; the fields past it are null.
	CodeResponseTooLarge = "RESPONSE_TOO_LARGE"
)

// Codes of live updates (subscriptions at /graphql/live).
const (
	// CodeTooManySubscriptions: the client or its connection holds as
	// many subscriptions as it may; the refused one ends at once.
	CodeTooManySubscriptions = "TOO_MANY_SUBSCRIPTIONS"
	// CodeTooManyConnections: the client holds as many live connections
	// as it may (HTTP 429).
	CodeTooManyConnections = "TOO_MANY_CONNECTIONS"
	// CodeSlowConsumer: the last error of an event stream whose client
	// left too many changes unread (a WebSocket closes with 4503 instead).
	CodeSlowConsumer = "SLOW_CONSUMER"
)

// Status is the HTTP status of a request refused whole with code, for
// the edges that answer an error over plain HTTP (the exports); codes
// of no such refusal are 500.
func Status(code string) int {
	switch code {
	case CodeBadUserInput, CodeBadRequest, CodeParseFailed, CodeValidationFailed:
		return http.StatusBadRequest
	case CodeUnauthenticated:
		return http.StatusUnauthorized
	case CodeForbidden:
		return http.StatusForbidden
	case CodeNotFound:
		return http.StatusNotFound
	case CodeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case CodeConflict:
		return http.StatusConflict
	case CodeRequestTooLarge:
		return http.StatusRequestEntityTooLarge
	case CodeUnsupportedMediaType:
		return http.StatusUnsupportedMediaType
	case CodeRateLimited, CodeTooManyConnections:
		return http.StatusTooManyRequests
	case CodeUnavailable, CodeTimeout:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
