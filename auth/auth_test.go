package auth_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/kiezgraph/kiezgraph/auth"
	"github.com/kiezgraph/kiezgraph/domain"
)

var secret = []byte("0123456789abcdef0123456789abcdef")

func claims(sub, role string, districts []string, exp time.Duration) auth.Claims {
	c := auth.Claims{Role: role, Districts: districts}
	c.Subject = sub
	c.ExpiresAt = jwt.NewNumericDate(time.Now().Add(exp))
	return c
}

func sign(t *testing.T, m jwt.SigningMethod, key any, c jwt.Claims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(m, c).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func request(header, value string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
	if header != "" {
		r.Header.Set(header, value)
	}
	return r
}

func TestAuthenticate(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	otherRSA, _ := rsa.GenerateKey(rand.Reader, 2048)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	apiKey := "kg_machine-key"
	a, err := auth.New(auth.Config{
		HMACSecret: secret,
		PublicKeys: []crypto.PublicKey{&rsaKey.PublicKey, &ecKey.PublicKey},
		APIKeys:    []auth.APIKey{{Name: "sync", Hash: sha256.Sum256([]byte(apiKey)), Role: domain.RoleViewer, Districts: []string{"nbh_nord"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// An HS256 token "signed" with the RSA public key as the secret: the
	// classic algorithm-confusion attack.
	pubDER, _ := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	noneTok := sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims("eve", "ADMIN", nil, time.Hour))

	tests := []struct {
		name          string
		header, value string
		want          domain.Access
		wantErr       error
	}{
		{"no credentials is the public", "", "", domain.Access{Role: domain.RolePublic}, nil},
		{"HS256 coordinator", "Authorization", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, claims("anna", "COORDINATOR", []string{"nbh_nord"}, time.Hour)),
			domain.Access{Subject: "anna", Role: domain.RoleCoordinator, Districts: []string{"nbh_nord"}}, nil},
		{"RS256 admin", "Authorization", "Bearer " + sign(t, jwt.SigningMethodRS256, rsaKey, claims("ops", "ADMIN", nil, time.Hour)),
			domain.Access{Subject: "ops", Role: domain.RoleAdmin}, nil},
		{"ES256 researcher", "Authorization", "bearer " + sign(t, jwt.SigningMethodES256, ecKey, claims("uni", "RESEARCHER", nil, time.Hour)),
			domain.Access{Subject: "uni", Role: domain.RoleResearcher}, nil},
		{"API key header", "X-API-Key", apiKey, domain.Access{Subject: "apikey:sync", Role: domain.RoleViewer, Districts: []string{"nbh_nord"}}, nil},
		{"API key scheme", "Authorization", "ApiKey " + apiKey, domain.Access{Subject: "apikey:sync", Role: domain.RoleViewer, Districts: []string{"nbh_nord"}}, nil},
		{"expired", "Authorization", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, claims("anna", "ADMIN", nil, -time.Hour)), domain.Access{}, domain.ErrUnauthenticated},
		{"no expiry", "Authorization", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, auth.Claims{Role: "ADMIN", RegisteredClaims: jwt.RegisteredClaims{Subject: "x"}}), domain.Access{}, domain.ErrUnauthenticated},
		{"wrong secret", "Authorization", "Bearer " + sign(t, jwt.SigningMethodHS256, []byte("another-secret-another-secret-xx"), claims("anna", "ADMIN", nil, time.Hour)), domain.Access{}, domain.ErrUnauthenticated},
		{"unknown RSA key", "Authorization", "Bearer " + sign(t, jwt.SigningMethodRS256, otherRSA, claims("anna", "ADMIN", nil, time.Hour)), domain.Access{}, domain.ErrUnauthenticated},
		{"alg none", "Authorization", "Bearer " + noneTok, domain.Access{}, domain.ErrUnauthenticated},
		{"HS256 with the public key as secret", "Authorization", "Bearer " + sign(t, jwt.SigningMethodHS256, pubPEM, claims("eve", "ADMIN", nil, time.Hour)), domain.Access{}, domain.ErrUnauthenticated},
		{"HS512 not allowed", "Authorization", "Bearer " + sign(t, jwt.SigningMethodHS512, secret, claims("anna", "ADMIN", nil, time.Hour)), domain.Access{}, domain.ErrUnauthenticated},
		{"unknown role", "Authorization", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, claims("anna", "ROOT", nil, time.Hour)), domain.Access{}, domain.ErrUnauthenticated},
		{"public role cannot be granted", "Authorization", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, claims("anna", "PUBLIC", nil, time.Hour)), domain.Access{}, domain.ErrUnauthenticated},
		{"coordinator without districts", "Authorization", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, claims("anna", "COORDINATOR", nil, time.Hour)), domain.Access{}, domain.ErrUnauthenticated},
		{"no subject", "Authorization", "Bearer " + sign(t, jwt.SigningMethodHS256, secret, claims("", "ADMIN", nil, time.Hour)), domain.Access{}, domain.ErrUnauthenticated},
		{"garbage", "Authorization", "Bearer not.a.token", domain.Access{}, domain.ErrUnauthenticated},
		{"unknown API key", "X-API-Key", "kg_guess", domain.Access{}, domain.ErrUnauthenticated},
		{"basic auth", "Authorization", "Basic YWRtaW46YWRtaW4=", domain.Access{}, domain.ErrUnauthenticated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := a.Authenticate(request(tt.header, tt.value))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got.Subject != tt.want.Subject || got.Role != tt.want.Role || !slices.Equal(got.Districts, tt.want.Districts) {
				t.Fatalf("access = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestAnonymousNone(t *testing.T) {
	a, err := auth.New(auth.Config{HMACSecret: secret, Anonymous: auth.AnonymousNone})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Authenticate(request("", "")); !errors.Is(err, domain.ErrUnauthenticated) {
		t.Fatalf("err = %v, want unauthenticated", err)
	}
}

func TestNewRefusesWeakConfig(t *testing.T) {
	small, _ := rsa.GenerateKey(rand.Reader, 1024)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	for name, cfg := range map[string]auth.Config{
		"short secret":    {HMACSecret: []byte("short")},
		"small RSA key":   {PublicKeys: []crypto.PublicKey{&small.PublicKey}},
		"P-384 for ES256": {PublicKeys: []crypto.PublicKey{&p384.PublicKey}},
		"bad anonymous":   {Anonymous: "everyone"},
	} {
		if _, err := auth.New(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestParseAPIKeys(t *testing.T) {
	h := sha256.Sum256([]byte("k"))
	hx := hex.EncodeToString(h[:])
	keys, err := auth.ParseAPIKeys(strings.NewReader("# clients\n\nsync viewer nbh_a,nbh_b " + hx + "\nbot admin - " + hx + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || keys[0].Name != "sync" || keys[0].Role != domain.RoleViewer || !slices.Equal(keys[0].Districts, []string{"nbh_a", "nbh_b"}) ||
		keys[1].Districts != nil || keys[1].Hash != h {
		t.Fatalf("keys = %+v", keys)
	}
	for _, bad := range []string{"sync viewer -", "sync viewer - zz", "sync king - " + hx, "sync coordinator - " + hx} {
		if _, err := auth.ParseAPIKeys(strings.NewReader(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestParsePublicKey(t *testing.T) {
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.MarshalPKIXPublicKey(&ec.PublicKey)
	k, err := auth.ParsePublicKey(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := k.(*ecdsa.PublicKey); !ok {
		t.Fatalf("key is %T", k)
	}
	if _, err := auth.ParsePublicKey([]byte("nope")); err == nil {
		t.Fatal("garbage accepted")
	}
}

func TestMiddleware(t *testing.T) {
	a, _ := auth.New(auth.Config{HMACSecret: secret})
	var seen domain.Access
	h := a.Middleware(discard(), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = domain.AccessFrom(r.Context())
	}))
	tok, err := auth.SignHS256(secret, "anna", domain.RoleViewer, nil, time.Minute, "", "")
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, request("Authorization", "Bearer "+tok))
	if w.Code != http.StatusOK || seen.Subject != "anna" || seen.Role != domain.RoleViewer {
		t.Fatalf("status %d, access %+v", w.Code, seen)
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, request("Authorization", "Bearer "+tok+"x"))
	if w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), `"UNAUTHENTICATED"`) || w.Header().Get("WWW-Authenticate") == "" {
		t.Fatalf("bad token: status %d, body %s", w.Code, w.Body)
	}
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// rawHS256 signs header and payload JSON exactly as written, so tests can
// send what a library's encoder would never produce (duplicate names,
// odd spellings, crit).
func rawHS256(t *testing.T, header, payload string) string {
	t.Helper()
	enc := base64.RawURLEncoding
	signing := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload))
	sig, err := jwt.SigningMethodHS256.Sign(signing, secret)
	if err != nil {
		t.Fatal(err)
	}
	return signing + "." + enc.EncodeToString(sig)
}

// TestTokenClaimsAreExact: claim names are matched exactly (encoding/json
// would fill struct fields case-insensitively), role values are taken as
// documented (no Unicode case folding), a name given twice is refused
// (a map keeps the last), and so is any crit header (RFC 7515 §4.1.11).
func TestTokenClaimsAreExact(t *testing.T) {
	a, err := auth.New(auth.Config{HMACSecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	exp := strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10)
	hdr := `{"alg":"HS256","typ":"JWT"}`
	body := func(members string) string { return `{"exp":` + exp + `,` + members + `}` }
	tests := []struct {
		name    string
		header  string
		payload string
		want    domain.AccessRole // "" = refused with ErrUnauthenticated
	}{
		{"exact claims", hdr, body(`"sub":"anna","role":"VIEWER"`), domain.RoleViewer},
		{"objects may repeat names across objects", hdr, body(`"sub":"anna","role":"VIEWER","a":{"n":1,"m":[{"n":2},{"n":3}]},"b":{"n":1}`), domain.RoleViewer},
		{"upper-case ROLE beside role is not the role", hdr, body(`"sub":"anna","role":"VIEWER","ROLE":"ADMIN"`), domain.RoleViewer},
		{"upper-case ROLE alone is no role", hdr, body(`"sub":"anna","ROLE":"ADMIN"`), ""},
		{"Role is no role", hdr, body(`"sub":"anna","Role":"ADMIN"`), ""},
		{"long s in the name sub", hdr, body(`"ſub":"anna","role":"ADMIN"`), ""},
		{"dotless i in admin", hdr, body(`"sub":"anna","role":"admın"`), ""},
		{"long s in researcher", hdr, body(`"sub":"anna","role":"reſearcher"`), ""},
		{"lower-case admin", hdr, body(`"sub":"anna","role":"admin"`), ""},
		{"mixed-case Admin", hdr, body(`"sub":"anna","role":"Admin"`), ""},
		{"role that is not a string", hdr, body(`"sub":"anna","role":["ADMIN"]`), ""},
		{"districts that are not a list", hdr, body(`"sub":"anna","role":"COORDINATOR","districts":"nbh_nord"`), ""},
		{"role twice", hdr, body(`"sub":"anna","role":"VIEWER","role":"ADMIN"`), ""},
		{"sub twice", hdr, body(`"sub":"anna","sub":"ops","role":"VIEWER"`), ""},
		{"exp twice", hdr, `{"exp":1,"exp":` + exp + `,"sub":"anna","role":"VIEWER"}`, ""},
		{"name twice in a nested object", hdr, body(`"sub":"anna","role":"VIEWER","x":[{"a":1,"a":2}]`), ""},
		{"alg twice in the header", `{"alg":"none","alg":"HS256","typ":"JWT"}`, body(`"sub":"anna","role":"VIEWER"`), ""},
		{"crit header", `{"alg":"HS256","typ":"JWT","crit":["exp"]}`, body(`"sub":"anna","role":"VIEWER"`), ""},
		{"empty crit header", `{"alg":"HS256","typ":"JWT","crit":[]}`, body(`"sub":"anna","role":"VIEWER"`), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := a.Authenticate(request("Authorization", "Bearer "+rawHS256(t, tt.header, tt.payload)))
			if tt.want == "" {
				if !errors.Is(err, domain.ErrUnauthenticated) {
					t.Fatalf("accepted as %+v (err %v), want refused", got, err)
				}
				return
			}
			if err != nil || got.Role != tt.want || got.Subject != "anna" {
				t.Fatalf("access = %+v, err %v; want %s for anna", got, err, tt.want)
			}
		})
	}
}
