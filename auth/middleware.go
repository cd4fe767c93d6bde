package auth

import (
	"log/slog"
	"net/http"

	"github.com/kiezgraph/kiezgraph/apierror"
	"github.com/kiezgraph/kiezgraph/domain"
)

// Middleware authenticates every request and puts its access into the
// request context (domain.WithAccess). A request with bad credentials,
// or without credentials where anonymous access is off, is answered 401
// with a GraphQL error of code UNAUTHENTICATED and goes no further.
func (a *Authenticator) Middleware(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		acc, err := a.Authenticate(r)
		if err != nil {
			// The reason goes to the log only: clients learn nothing
			// about which part of their credentials failed.
			log.InfoContext(r.Context(), "unauthenticated", "requestId", domain.RequestID(r.Context()), "err", err)
			w.Header().Set("WWW-Authenticate", `Bearer realm="kiezgraph"`)
			apierror.Refusal{Status: http.StatusUnauthorized, Code: apierror.CodeUnauthenticated,
				Message: "missing or invalid credentials"}.Write(w, r)
			return
		}
		next.ServeHTTP(w, r.WithContext(domain.WithAccess(r.Context(), acc)))
	})
}
