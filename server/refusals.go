package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/kiezgraph/kiezgraph/apierror"
)

// rawParams mirrors the JSON body gqlgen's POST transport decodes, so
// that a body it could not decode is refused here, as the client's
// mistake, instead of reaching the error presenter as an unknown error
// (INTERNAL, with the whole body in the error log).
type rawParams struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName"`
	Variables     map[string]any `json:"variables"`
	Extensions    map[string]any `json:"extensions"`
}

// refuseBadRequests answers requests that gqlgen's transports would
// refuse without a code (or as INTERNAL) with a stable extensions.code,
// the request id and a fitting status, before any resolver runs:
//
//   - methods other than GET, POST and OPTIONS: 405 METHOD_NOT_ALLOWED;
//   - a GET that selects a mutation or subscription: 405 METHOD_NOT_ALLOWED
//     (GET is safe and may be replayed or prefetched);
//   - a POST that is not application/json, e.g. a form or multipart post
//     from another site, which a browser sends without a CORS preflight:
//     415 UNSUPPORTED_MEDIA_TYPE;
//   - a body over the size limit (next is wrapped in http.MaxBytesHandler):
//     413 REQUEST_TOO_LARGE;
//   - a body that is not one JSON object of query, operationName,
//     variables and extensions, including a batch (a JSON array):
//     400 BAD_REQUEST.
//
// maxTokens bounds the parse of a GET's query, as the executor does.
func refuseBadRequests(maxTokens int, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodOptions:
		case http.MethodGet:
			if getsNonQuery(r.URL.RawQuery, maxTokens) {
				w.Header().Set("Allow", http.MethodPost)
				apierror.Refusal{Status: http.StatusMethodNotAllowed, Code: apierror.CodeMethodNotAllowed,
					Message: "GET runs queries only; send mutations with POST"}.Write(w, r)
				return
			}
		case http.MethodPost:
			mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if err != nil || mediaType != "application/json" {
				apierror.Refusal{Status: http.StatusUnsupportedMediaType, Code: apierror.CodeUnsupportedMediaType,
					Message: "send GraphQL requests as application/json"}.Write(w, r)
				return
			}
			body, err := io.ReadAll(r.Body)
			if err != nil {
				var tooLarge *http.MaxBytesError
				if errors.As(err, &tooLarge) {
					apierror.Refusal{Status: http.StatusRequestEntityTooLarge, Code: apierror.CodeRequestTooLarge,
						Message: "the request body is larger than the limit"}.Write(w, r)
					return
				}
				apierror.Refusal{Status: http.StatusBadRequest, Code: apierror.CodeBadRequest,
					Message: "the request body could not be read"}.Write(w, r)
				return
			}
			if trimmed := bytes.TrimLeft(body, " \t\r\n"); len(trimmed) > 0 && trimmed[0] == '[' {
				apierror.Refusal{Status: http.StatusBadRequest, Code: apierror.CodeBadRequest,
					Message: "batched operations are not supported; send one operation per request"}.Write(w, r)
				return
			}
			dec := json.NewDecoder(bytes.NewReader(body))
			dec.UseNumber()
			if err := dec.Decode(&rawParams{}); err != nil {
				apierror.Refusal{Status: http.StatusBadRequest, Code: apierror.CodeBadRequest,
					Message: "the body must be a JSON object with query, operationName, variables and extensions"}.Write(w, r)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		default:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			apierror.Refusal{Status: http.StatusMethodNotAllowed, Code: apierror.CodeMethodNotAllowed,
				Message: "use GET for queries or POST"}.Write(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// getsNonQuery reports whether a GET's query string selects an operation
// other than a query. Documents that do not parse or name no operation
// are left to gqlgen, which refuses them with their own codes.
func getsNonQuery(rawQuery string, maxTokens int) bool {
	params, err := url.ParseQuery(rawQuery)
	if err != nil || params.Get("query") == "" {
		return false
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: params.Get("query")}, maxTokens)
	if err != nil {
		return false
	}
	var op *ast.OperationDefinition
	if name := params.Get("operationName"); name != "" {
		op = doc.Operations.ForName(name)
	} else if len(doc.Operations) == 1 {
		op = doc.Operations[0]
	}
	return op != nil && op.Operation != ast.Query
}

// noIntrospection refuses operations that ask for the schema (__schema
// or __type) when introspection is switched off, before they run, with
// INTROSPECTION_DISABLED; without it gqlgen's resolvers fail at run time
// and the presenter reports an INTERNAL error. __typename stays allowed.
type noIntrospection struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = noIntrospection{}

// ExtensionName implements graphql.HandlerExtension.
func (noIntrospection) ExtensionName() string { return "NoIntrospection" }

// Validate implements graphql.HandlerExtension.
func (noIntrospection) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (noIntrospection) MutateOperationContext(_ context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	op := opCtx.Doc.Operations.ForName(opCtx.OperationName)
	if op == nil || !asksSchema(opCtx.Doc, op.SelectionSet, map[string]bool{}) {
		return nil
	}
	err := gqlerror.Errorf("introspection is switched off on this server")
	errcode.Set(err, apierror.CodeIntrospection)
	return err
}

// asksSchema reports whether a selection set selects __schema or __type,
// directly or through fragments.
func asksSchema(doc *ast.QueryDocument, set ast.SelectionSet, visiting map[string]bool) bool {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "__schema" || s.Name == "__type" || asksSchema(doc, s.SelectionSet, visiting) {
				return true
			}
		case *ast.InlineFragment:
			if asksSchema(doc, s.SelectionSet, visiting) {
				return true
			}
		case *ast.FragmentSpread:
			if visiting[s.Name] {
				continue
			}
			if f := doc.Fragments.ForName(s.Name); f != nil {
				visiting[s.Name] = true
				if asksSchema(doc, f.SelectionSet, visiting) {
					return true
				}
			}
		}
	}
	return false
}

// rulesWithoutSuggestions are gqlparser's default validation rules with
// every rule that offers "Did you mean …" swapped for its variant that
// does not. gqlgen's SetDisableSuggestion swaps only the rules on fields
// and scalar leaves; misspelled arguments, types and enum values would
// still name what the schema holds.
func rulesWithoutSuggestions() *rules.Rules {
	r := rules.NewDefaultRules()
	r.ReplaceRule(rules.KnownArgumentNamesRule.Name, rules.KnownArgumentNamesRuleWithoutSuggestions.RuleFunc)
	r.ReplaceRule(rules.KnownTypeNamesRule.Name, rules.KnownTypeNamesRuleWithoutSuggestions.RuleFunc)
	r.ReplaceRule(rules.ValuesOfCorrectTypeRule.Name, rules.ValuesOfCorrectTypeRuleWithoutSuggestions.RuleFunc)
	return r
}
