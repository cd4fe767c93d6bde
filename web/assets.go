// Package web holds the dashboard and the GraphQL IDE as files embedded in
// the binary. The single-page app is built by Vite from web/ui into
// web/dist/build (see `make web`); a fresh clone has only the committed
// placeholder web/dist/index.html, so the Go code compiles, vets and tests
// before any npm build has run.
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Built returns the files of the Vite build (index.html, graphiql.html,
// assets/…) and true, or the placeholder directory (index.html only) and
// false when the binary was built without `make web`.
func Built() (fs.FS, bool) {
	build, err := fs.Sub(dist, "dist/build")
	if err == nil {
		if _, err := fs.Stat(build, "index.html"); err == nil {
			return build, true
		}
	}
	placeholder, _ := fs.Sub(dist, "dist")
	return placeholder, false
}
