package server

import (
	"net/http"
	"strings"

	"github.com/kiezgraph/kiezgraph/apierror"
	"github.com/kiezgraph/kiezgraph/store"
)

// HeaderBookmark carries Neo4j bookmarks between a client and any
// replica: a response to a request that wrote names the write, and a
// request that sends it back reads after that write, also on a replica
// whose Neo4j follower lags behind (see store.Causal).
const HeaderBookmark = "Kiezgraph-Bookmark"

// Bounds of a client's bookmarks: a few, short, of the characters
// Neo4j's bookmarks are made of.
const (
	maxBookmarks      = 8
	maxBookmarkLength = 200
)

// causal reads the client's bookmarks into the request's context and
// returns the request's own ones with the response. Malformed bookmarks
// are refused with 400, before any database work.
func causal(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var sent []string
		if h := r.Header.Get(HeaderBookmark); h != "" {
			sent = strings.Split(h, ",")
			if !validBookmarks(sent) {
				apierror.Refusal{Status: http.StatusBadRequest, Code: apierror.CodeBadRequest,
					Message: "malformed " + HeaderBookmark + " header"}.Write(w, r)
				return
			}
		}
		ctx, c := store.WithCausal(r.Context(), sent)
		next.ServeHTTP(&bookmarkWriter{ResponseWriter: w, c: c}, r.WithContext(ctx))
	})
}

func validBookmarks(bs []string) bool {
	if len(bs) > maxBookmarks {
		return false
	}
	for _, b := range bs {
		if b == "" || len(b) > maxBookmarkLength {
			return false
		}
		for _, c := range b {
			if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.ContainsRune(":+/=_-", c)) {
				return false
			}
		}
	}
	return true
}

// bookmarkWriter sets the bookmark header when the response starts: by
// then the operation has run and its writes have committed.
type bookmarkWriter struct {
	http.ResponseWriter
	c       *store.Causal
	started bool
}

func (w *bookmarkWriter) start() {
	if w.started {
		return
	}
	w.started = true
	if bs := w.c.Bookmarks(); len(bs) > 0 {
		w.Header().Set(HeaderBookmark, strings.Join(bs, ","))
	}
}

func (w *bookmarkWriter) WriteHeader(code int) {
	w.start()
	w.ResponseWriter.WriteHeader(code)
}

func (w *bookmarkWriter) Write(b []byte) (int, error) {
	w.start()
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *bookmarkWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
