package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/url"
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

// AppConfig is what the dashboard learns from the service at start: the
// OpenID Connect provider to sign in with, when the operator configured
// one. It is public (GET /app/config.json): an issuer and a client id are
// no secrets in the authorization code flow with PKCE.
type AppConfig struct {
	// OIDCIssuer is the provider's issuer URL; its discovery document is
	// read by the browser. Empty: sign-in by pasted token only.
	OIDCIssuer string
	// OIDCClientID is the dashboard's public client id at the provider.
	OIDCClientID string
}

// AppConfigFromEnv reads KIEZGRAPH_OIDC_ISSUER and
// KIEZGRAPH_OIDC_CLIENT_ID: both or neither, the issuer an https URL (or
// http on a loopback address, for development).
func AppConfigFromEnv(getenv func(string) string) (AppConfig, error) {
	c := AppConfig{OIDCIssuer: strings.TrimSpace(getenv("KIEZGRAPH_OIDC_ISSUER")), OIDCClientID: strings.TrimSpace(getenv("KIEZGRAPH_OIDC_CLIENT_ID"))}
	if (c.OIDCIssuer == "") != (c.OIDCClientID == "") {
		return AppConfig{}, fmt.Errorf("KIEZGRAPH_OIDC_ISSUER and KIEZGRAPH_OIDC_CLIENT_ID: set both or neither")
	}
	if c.OIDCIssuer == "" {
		return c, nil
	}
	u, err := url.Parse(c.OIDCIssuer)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return AppConfig{}, fmt.Errorf("KIEZGRAPH_OIDC_ISSUER: %q is not an issuer URL", c.OIDCIssuer)
	}
	if u.Scheme != "https" && (u.Scheme != "http" || !isLoopback(u.Hostname())) {
		return AppConfig{}, fmt.Errorf("KIEZGRAPH_OIDC_ISSUER: %q must use https (http only on a loopback address)", c.OIDCIssuer)
	}
	return c, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// appConfigHandler serves the AppConfig as the dashboard reads it.
func appConfigHandler(c AppConfig) http.Handler {
	type oidc struct {
		Issuer   string `json:"issuer"`
		ClientID string `json:"clientId"`
	}
	var body struct {
		OIDC *oidc `json:"oidc"`
	}
	if c.OIDCIssuer != "" {
		body.OIDC = &oidc{Issuer: c.OIDCIssuer, ClientID: c.OIDCClientID}
	}
	b, _ := json.Marshal(body)
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", cachePages)
		_, _ = w.Write(b)
	})
}
