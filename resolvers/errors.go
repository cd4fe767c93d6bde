package resolvers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/kiezgraph/kiezgraph/apierror"
	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/live"
)

// WithRequestID stores the request id that logs, errors and the audit
// trail carry.
func WithRequestID(ctx context.Context, id string) context.Context {
	return domain.WithRequestID(ctx, id)
}

// RequestID returns the request id of ctx, or "".
func RequestID(ctx context.Context) string { return domain.RequestID(ctx) }

// ErrorPresenter turns an error into a GraphQL error with a stable
// extensions.code and the request id. Domain errors keep their message;
// anything else is logged in full and shown only as INTERNAL, so no
// Cypher or driver message reaches a client.
func ErrorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		if id := RequestID(ctx); id != "" {
			gqlErr.Extensions["requestId"] = id
		}
		if _, ok := gqlErr.Extensions["code"]; ok && gqlErr.Err == nil {
			// gqlgen's own parse and validation errors carry their codes.
			return gqlErr
		}
		var fe *domain.FieldError
		switch {
		case errors.As(err, &fe):
			// Every bad field of an input: the first in field (as
			// always), all of them in fields and the message.
			all := domain.FieldErrors(err)
			msgs := make([]string, len(all))
			fields := make([]map[string]any, len(all))
			for i, e := range all {
				msgs[i] = e.Error()
				fields[i] = map[string]any{"field": e.Field, "message": e.Message}
			}
			gqlErr.Message = strings.Join(msgs, "; ")
			gqlErr.Extensions["code"] = apierror.CodeBadUserInput
			gqlErr.Extensions["field"] = fe.Field
			gqlErr.Extensions["fields"] = fields
		case errors.Is(err, domain.ErrInvalid):
			gqlErr.Extensions["code"] = apierror.CodeBadUserInput
		case errors.Is(err, domain.ErrNotFound):
			gqlErr.Extensions["code"] = apierror.CodeNotFound
		case errors.Is(err, domain.ErrConflict):
			gqlErr.Extensions["code"] = apierror.CodeConflict
		case errors.Is(err, domain.ErrForbidden):
			gqlErr.Extensions["code"] = apierror.CodeForbidden
		case errors.Is(err, domain.ErrUnauthenticated):
			gqlErr.Extensions["code"] = apierror.CodeUnauthenticated
		case errors.Is(err, live.ErrTooMany):
			gqlErr.Extensions["code"] = apierror.CodeTooManySubscriptions
		case errors.Is(err, domain.ErrUnavailable):
			log.WarnContext(ctx, "database unavailable", "requestId", RequestID(ctx), "path", gqlErr.Path.String(), "err", err)
			gqlErr.Message = "the database is unavailable; try again shortly"
			gqlErr.Extensions["code"] = apierror.CodeUnavailable
		case errors.Is(err, context.DeadlineExceeded):
			gqlErr.Message = "the request took too long and was stopped"
			gqlErr.Extensions["code"] = apierror.CodeTimeout
			var h *domain.Hinted
			if errors.As(err, &h) {
				gqlErr.Message += ": " + h.Hint
				gqlErr.Extensions["hint"] = h.Hint
			}
		default:
			if code, ok := gqlErr.Extensions["code"].(string); ok && code != "" {
				// An input coercion error of gqlgen (e.g. a bad Date).
				return gqlErr
			}
			log.ErrorContext(ctx, "internal error", "requestId", RequestID(ctx), "path", gqlErr.Path.String(), "err", err)
			gqlErr.Message = "internal error; quote request id " + RequestID(ctx)
			gqlErr.Extensions["code"] = apierror.CodeInternal
		}
		return gqlErr
	}
}

// Recover turns a panic in a resolver into an INTERNAL error for that
// field; the server keeps running.
func Recover(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic in resolver", "requestId", RequestID(ctx), "panic", fmt.Sprint(p))
		return errors.New("internal error")
	}
}

// hasRole lets a field resolve only for callers with one of roles (see
// the directive in schema/access.graphqls). It runs before the resolver,
// so a refused field reads and writes nothing.
func hasRole(ctx context.Context, _ any, next graphql.Resolver, roles []domain.AccessRole) (any, error) {
	a := domain.AccessFrom(ctx)
	if slices.Contains(roles, a.Role) {
		return next(ctx)
	}
	field := graphql.GetFieldContext(ctx).Field.Name
	if a.Role == domain.RolePublic {
		return nil, fmt.Errorf("%w: %s needs credentials", domain.ErrUnauthenticated, field)
	}
	return nil, fmt.Errorf("%w: %s is not open to the %s role", domain.ErrForbidden, field, strings.ToLower(string(a.Role)))
}

// personalData resolves fields marked @personalData. For callers who see
// people only as pseudonyms, a person's name and id become a stable keyed
// pseudonym (the same as in researcher exports with the same key), a
// role's id too, and every other such field (a role's external key
// among them) is null. Input fields pass
// unchanged.
func (r *Resolver) personalData(ctx context.Context, obj any, next graphql.Resolver) (any, error) {
	if !domain.AccessFrom(ctx).Pseudonymised() {
		return next(ctx)
	}
	field := graphql.GetFieldContext(ctx).Field.Name
	switch o := obj.(type) {
	case *domain.Person:
		if field == "name" || field == "id" {
			// Ids may have been chosen by a client and spell a name.
			return r.Pseudonyms.Pseudonym(o.ID), nil
		}
		return nil, nil
	case *domain.Role:
		if field == "id" {
			return r.Pseudonyms.RolePseudonym(o.ID), nil
		}
		// The external key, like a person's, may hold a name.
		return nil, nil
	}
	return next(ctx)
}
