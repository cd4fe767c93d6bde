package server

import (
	"bytes"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/kiezgraph/kiezgraph/web"
)

// The dashboard and the GraphQL IDE are files embedded by package web.
// Vite names every asset by its content hash, so assets may be cached for
// good; the HTML pages must be revalidated to pick up a new build.
const (
	cacheAssets = "public, max-age=31536000, immutable"
	cachePages  = "no-cache"
)

// appHandler serves the single-page app under /app/: a file of the build
// when one exists at the path, otherwise index.html, so that every app
// route can be bookmarked and reloaded (the app routes with the URL path).
// Paths under /app/assets/ that do not exist are 404s: a missing script
// must not be answered with HTML.
func appHandler() http.Handler {
	files, _ := web.Built()
	index := page(files, "index.html")
	assets := http.FileServerFS(files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/app")
		name = strings.TrimPrefix(name, "/")
		if name != "" && name != "index.html" && name != "graphiql.html" {
			if st, err := fs.Stat(files, name); err == nil && !st.IsDir() {
				w.Header().Set("Cache-Control", cacheAssets)
				r2 := r.Clone(r.Context())
				r2.URL.Path = "/" + name
				assets.ServeHTTP(w, r2)
				return
			}
			if strings.HasPrefix(name, "assets/") {
				http.NotFound(w, r)
				return
			}
		}
		index.ServeHTTP(w, r)
	})
}

// ideHandler serves GraphiQL, built from npm into the same embedded files,
// so that the IDE works without any CDN. Without a build it serves the
// placeholder page that says how to build.
func ideHandler() http.Handler {
	files, built := web.Built()
	if !built {
		return page(files, "index.html")
	}
	return page(files, "graphiql.html")
}

// page serves one embedded HTML file.
func page(files fs.FS, name string) http.Handler {
	body, err := fs.ReadFile(files, name)
	if err != nil {
		body = []byte("missing " + name + "\n")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", cachePages)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
	})
}
