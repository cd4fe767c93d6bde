package server

import (
	"bufio"
	"context"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kiezgraph/kiezgraph/apierror"
	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/export"
	"github.com/kiezgraph/kiezgraph/insights"
	"github.com/kiezgraph/kiezgraph/resolvers"
	"github.com/kiezgraph/kiezgraph/store"
)

// Exports through the API: GET /export/{format} writes the caller's part
// of the network as a file (see exporter.network), GET
// /export/lists/{list}.{csv|xlsx} a root list as a spreadsheet (see
// exporter.list). Both sit behind the same authentication, rate limiter
// and request ids as /graphql (see NewService), but not behind its
// deadline: http.TimeoutHandler holds the whole response in memory,
// which is what a streamed export must not do. An export has a deadline
// of its own, Config.ExportTimeout.
//
// Access is the store's: every statement an export runs carries the
// caller's access in its context, so a file holds exactly what the
// caller's GraphQL reads would show.

// ExportPath is the prefix of every export.
const ExportPath = "/export/"

// networkExportCost is what a network export charges the caller's rate
// limit on top of the request's point: about a GraphQL query that reads
// a thousand records with ten fields each. List exports are charged
// page by page, as the same pages over /graphql are.
const networkExportCost = 10_000

// exportBuffer is how much of a file is held before the first bytes go
// out: a failure before them is answered with an error envelope, one
// after them breaks the connection off, so that no client mistakes a
// truncated file for a whole one.
const exportBuffer = 64 << 10

// exporter serves the exports.
type exporter struct {
	st      *store.Store
	ins     *insights.Service
	ps      *export.Pseudonymizer
	log     *slog.Logger
	lim     *limiter
	timeout time.Duration
	// graphql answers the list exports' pages (see exportlists.go).
	graphql http.Handler
	present func(context.Context, error) apierror.Refusal
	mux     *http.ServeMux
}

func newExporter(st *store.Store, ins *insights.Service, ps *export.Pseudonymizer, lim *limiter, timeout time.Duration, graphql http.Handler, log *slog.Logger) *exporter {
	e := &exporter{st: st, ins: ins, ps: ps, log: log, lim: lim, timeout: timeout, graphql: graphql, mux: http.NewServeMux()}
	presenter := resolvers.ErrorPresenter(log)
	e.present = func(ctx context.Context, err error) apierror.Refusal {
		g := presenter(ctx, err)
		code, _ := g.Extensions["code"].(string)
		ext := map[string]any{}
		for k, v := range g.Extensions {
			if k != "code" && k != "requestId" {
				ext[k] = v
			}
		}
		return apierror.Refusal{Status: apierror.Status(code), Code: code, Message: g.Message, Extensions: ext}
	}
	e.mux.HandleFunc("GET "+ExportPath+"lists/{file}", e.list)
	e.mux.HandleFunc("GET "+ExportPath+"{format}", e.network)
	e.mux.HandleFunc(ExportPath, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			apierror.Refusal{Status: http.StatusMethodNotAllowed, Code: apierror.CodeMethodNotAllowed,
				Message: "exports are read with GET"}.Write(w, r)
			return
		}
		e.refuse(w, r, domain.Invalid("format", "no export here: exports are %sFORMAT and %slists/LIST.csv or .xlsx", ExportPath, ExportPath))
	})
	return e
}

func (e *exporter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), e.timeout)
	defer cancel()
	e.mux.ServeHTTP(w, r.WithContext(ctx))
}

// refuse answers r with err as the one error envelope (apierror.Refusal),
// with the code and message the GraphQL error presenter gives err.
func (e *exporter) refuse(w http.ResponseWriter, r *http.Request, err error) {
	var ge *errGraphQL
	if errors.As(err, &ge) {
		// A page's own GraphQL error, as /graphql answered it.
		if secs, ok := ge.refusal.Extensions["retryAfter"].(float64); ok {
			w.Header().Set("Retry-After", strconv.FormatInt(int64(secs), 10))
		}
		ge.refusal.Write(w, r)
		return
	}
	f := e.present(r.Context(), err)
	if f.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="kiezgraph"`)
	}
	f.Write(w, r)
}

// charge takes points more from the caller's rate limit, or answers 429
// and reports false.
func (e *exporter) charge(w http.ResponseWriter, r *http.Request, points int) bool {
	state, ok := r.Context().Value(limitKey{}).(*limitState)
	if !ok {
		return true // rate limits are off
	}
	if wait := e.lim.take(state.bucket, points, e.lim.now()); wait > 0 {
		e.lim.refuseHTTP(w, r, retrySeconds(wait))
		return false
	}
	return true
}

// finish ends an export: the buffer goes out, or the failure is
// answered (before the first byte) or breaks the response off (after).
func (e *exporter) finish(w http.ResponseWriter, r *http.Request, out *exportWriter, err error) {
	if err == nil {
		err = out.Flush()
	}
	if err == nil {
		return
	}
	if !out.started {
		e.refuse(w, r, err)
		return
	}
	e.log.WarnContext(r.Context(), "export broken off", "requestId", resolvers.RequestID(r.Context()), "path", r.URL.Path, "err", err)
	panic(http.ErrAbortHandler)
}

// today is the day exports see the network as of by default, in UTC.
func today() time.Time {
	y, m, d := time.Now().UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// exportFilename names a network export after its scope and day.
func exportFilename(q domain.SliceQuery, ext string) string {
	scope := "city"
	if q.Scope != nil {
		scope = *q.Scope
	}
	return "kiezgraph-" + safeFilePart(scope) + "-" + q.AsOf.Format(time.DateOnly) + "." + ext
}

// safeFilePart keeps the characters of s that every file system and
// header accepts.
func safeFilePart(s string) string {
	s = strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, s)
	if len(s) > 64 {
		s = s[:64]
	}
	return s
}

// exportWriter is the response of an export: it holds the first
// exportBuffer bytes and sends the headers of a download (status 200,
// content type, Content-Disposition: attachment) only with them.
type exportWriter struct {
	*bufio.Writer
	started bool
}

func newExportWriter(w http.ResponseWriter, contentType, filename string) *exportWriter {
	out := &exportWriter{}
	out.Writer = bufio.NewWriterSize(writerFunc(func(b []byte) (int, error) {
		if !out.started {
			out.started = true
			h := w.Header()
			h.Set("Content-Type", contentType)
			h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
			h.Set("X-Content-Type-Options", "nosniff")
			// Exports hold what one caller may read: no shared cache keeps them.
			h.Set("Cache-Control", "private, no-store")
			w.WriteHeader(http.StatusOK)
		}
		return w.Write(b)
	}), exportBuffer)
	return out
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }
