// Package auth tells who calls the service. It verifies bearer JWTs
// (HS256 with a shared secret, RS256 or ES256 with configured public
// keys) and API keys for machines, and turns them into a domain.Access
// that the HTTP layer puts into the request context. What an access may
// see and change is decided elsewhere: row by row in the store, field by
// field in the schema's @hasRole directive.
package auth

import (
	"bufio"
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Anonymous says what callers without credentials get.
type Anonymous string

// Anonymous access modes.
const (
	// AnonymousPublic lets callers without credentials read what is
	// marked public (role PUBLIC).
	AnonymousPublic Anonymous = "public"
	// AnonymousNone refuses callers without credentials.
	AnonymousNone Anonymous = "none"
)

// Config says which credentials the service accepts.
type Config struct {
	// HMACSecret verifies HS256 tokens; at least 32 bytes. Empty: HS256
	// is not accepted.
	HMACSecret []byte
	// PublicKeys verify RS256 (*rsa.PublicKey) and ES256
	// (*ecdsa.PublicKey, P-256) tokens; any of them may have signed.
	PublicKeys []crypto.PublicKey
	// Issuer and Audience, when set, must match the token's iss and aud.
	Issuer, Audience string
	// APIKeys are the keys of machine clients.
	APIKeys []APIKey
	// Anonymous is what callers without credentials get (default public).
	Anonymous Anonymous
	// Leeway tolerates clock skew in exp and nbf (default 30 s).
	Leeway time.Duration
	// Now is the clock tokens are checked against; nil is time.Now.
	Now func() time.Time
}

// APIKey is a machine client's key, kept only as its SHA-256 hash.
type APIKey struct {
	// Name identifies the client in the audit trail.
	Name string
	// Hash is the SHA-256 of the key.
	Hash [sha256.Size]byte
	// Role and Districts are what the key may do.
	Role      domain.AccessRole
	Districts []string
}

// Claims are the claims of the tokens kiezgraph signs (SignHS256)
// besides the registered ones: sub names the caller, role and districts
// say what they may do. Verification does not decode into this struct
// (see readClaims).
type Claims struct {
	jwt.RegisteredClaims
	Role      string   `json:"role"`
	Districts []string `json:"districts,omitempty"`
}

// Authenticator verifies credentials. It is safe for concurrent use.
type Authenticator struct {
	cfg    Config
	parser *jwt.Parser
	rsa    []jwt.VerificationKey
	ec     []jwt.VerificationKey
	// verified holds the access of tokens verified before, by their
	// text: a dashboard sends the same token with every request, and
	// verifying it (signature, strict JSON, claims) was 4.6 % of the
	// service's CPU on a search page. An entry is used only inside its
	// token's window (exp and nbf, with the leeway), so a cached token is
	// refused when a fresh verification would refuse it; only tokens that
	// verified are kept, so bad ones cannot crowd out good ones.
	verified *lru.Cache[string, verifiedToken]
}

// verifiedToken is a cached verification: the access and the token's
// time window (nbf may be zero).
type verifiedToken struct {
	acc       domain.Access
	notBefore time.Time
}

// current reports whether the token may be used at now, by the same
// tests golang-jwt's validator applies to exp and nbf.
func (v verifiedToken) current(now time.Time, leeway time.Duration) bool {
	return now.Before(v.acc.Expires.Add(leeway)) && !now.Before(v.notBefore.Add(-leeway))
}

// verifiedTokens bounds the verified-token cache.
const verifiedTokens = 4096

// New checks cfg and returns an Authenticator.
func New(cfg Config) (*Authenticator, error) {
	if cfg.Anonymous == "" {
		cfg.Anonymous = AnonymousPublic
	}
	if cfg.Anonymous != AnonymousPublic && cfg.Anonymous != AnonymousNone {
		return nil, fmt.Errorf("auth: anonymous access %q: want public or none", cfg.Anonymous)
	}
	if cfg.Leeway == 0 {
		cfg.Leeway = 30 * time.Second
	}
	if len(cfg.HMACSecret) > 0 && len(cfg.HMACSecret) < 32 {
		return nil, errors.New("auth: the HS256 secret must be at least 32 bytes")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	verified, err := lru.New[string, verifiedToken](verifiedTokens)
	if err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	a := &Authenticator{cfg: cfg, verified: verified}
	var methods []string
	if len(cfg.HMACSecret) > 0 {
		methods = append(methods, jwt.SigningMethodHS256.Alg())
	}
	for i, k := range cfg.PublicKeys {
		switch k := k.(type) {
		case *rsa.PublicKey:
			if k.N.BitLen() < 2048 {
				return nil, fmt.Errorf("auth: public key %d: RSA keys need at least 2048 bits", i+1)
			}
			a.rsa = append(a.rsa, k)
		case *ecdsa.PublicKey:
			if k.Curve.Params().Name != "P-256" {
				return nil, fmt.Errorf("auth: public key %d: ES256 needs a P-256 key", i+1)
			}
			a.ec = append(a.ec, k)
		default:
			return nil, fmt.Errorf("auth: public key %d: %T is neither RSA nor ECDSA", i+1, k)
		}
	}
	if len(a.rsa) > 0 {
		methods = append(methods, jwt.SigningMethodRS256.Alg())
	}
	if len(a.ec) > 0 {
		methods = append(methods, jwt.SigningMethodES256.Alg())
	}
	opts := []jwt.ParserOption{jwt.WithValidMethods(methods), jwt.WithExpirationRequired(), jwt.WithLeeway(cfg.Leeway),
		jwt.WithTimeFunc(cfg.Now)}
	if cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(cfg.Issuer))
	}
	if cfg.Audience != "" {
		opts = append(opts, jwt.WithAudience(cfg.Audience))
	}
	a.parser = jwt.NewParser(opts...)
	for _, k := range cfg.APIKeys {
		if err := checkGrant(k.Role, k.Districts); err != nil {
			return nil, fmt.Errorf("auth: API key %q: %w", k.Name, err)
		}
	}
	return a, nil
}

// AcceptsTokens reports whether any token signature can be verified.
func (a *Authenticator) AcceptsTokens() bool {
	return len(a.cfg.HMACSecret) > 0 || len(a.rsa) > 0 || len(a.ec) > 0
}

// errCredentials is the cause of every refusal; messages stay vague on
// purpose (no hint whether a key exists or a signature almost matched).
var errCredentials = fmt.Errorf("%w: invalid credentials", domain.ErrUnauthenticated)

// Authenticate returns the access of the request's credentials: a bearer
// token in Authorization, an API key in X-API-Key or "Authorization:
// ApiKey ...", or none. Bad credentials are domain.ErrUnauthenticated,
// never a fallback to anonymous access.
func (a *Authenticator) Authenticate(r *http.Request) (domain.Access, error) {
	header := r.Header.Get("Authorization")
	key := r.Header.Get("X-API-Key")
	scheme, value, _ := strings.Cut(header, " ")
	value = strings.TrimSpace(value)
	switch {
	case header != "" && key != "":
		return domain.Access{}, fmt.Errorf("%w: send either Authorization or X-API-Key", errCredentials)
	case key != "":
		return a.apiKey(key)
	case strings.EqualFold(scheme, "ApiKey"):
		return a.apiKey(value)
	case strings.EqualFold(scheme, "Bearer"):
		return a.token(value)
	case header != "":
		return domain.Access{}, fmt.Errorf("%w: unsupported authorization scheme", errCredentials)
	case a.cfg.Anonymous == AnonymousPublic:
		return domain.Access{Role: domain.RolePublic}, nil
	}
	return domain.Access{}, fmt.Errorf("%w: credentials required", domain.ErrUnauthenticated)
}

func (a *Authenticator) token(raw string) (domain.Access, error) {
	if !a.AcceptsTokens() {
		return domain.Access{}, fmt.Errorf("%w: tokens are not accepted here", errCredentials)
	}
	v, ok := a.verified.Get(raw)
	if !ok || !v.current(a.cfg.Now(), a.cfg.Leeway) {
		var err error
		if v, err = a.verify(raw); err != nil {
			a.verified.Remove(raw)
			return domain.Access{}, err
		}
		a.verified.Add(raw, v)
	}
	acc := v.acc
	acc.Districts = slices.Clone(acc.Districts) // the cached list stays the cache's
	return acc, nil
}

// verify checks a token's signature, header, claims and grant.
func (a *Authenticator) verify(raw string) (verifiedToken, error) {
	// Claims are decoded into a map, not a struct: encoding/json matches
	// struct fields case-insensitively (with Unicode folding), so "ROLE"
	// or "ſub" would fill role and sub. A map keeps the exact names.
	mc := jwt.MapClaims{}
	t, err := a.parser.ParseWithClaims(raw, mc, a.key)
	if err != nil {
		return verifiedToken{}, fmt.Errorf("%w: %w", errCredentials, err)
	}
	if err := a.checkStrict(t); err != nil {
		return verifiedToken{}, fmt.Errorf("%w: %w", errCredentials, err)
	}
	c, err := readClaims(mc)
	if err != nil {
		return verifiedToken{}, fmt.Errorf("%w: %w", errCredentials, err)
	}
	if err := checkGrant(c.role, c.districts); err != nil {
		return verifiedToken{}, fmt.Errorf("%w: %w", errCredentials, err)
	}
	exp, err := mc.GetExpirationTime()
	if err != nil || exp == nil {
		// The parser requires exp; this is a second guard for the cache.
		return verifiedToken{}, fmt.Errorf("%w: token has no expiry", errCredentials)
	}
	v := verifiedToken{acc: domain.Access{Subject: c.subject, Role: c.role, Districts: c.districts, Expires: exp.Time}}
	if nbf, err := mc.GetNotBefore(); err == nil && nbf != nil {
		v.notBefore = nbf.Time
	}
	return v, nil
}

// checkStrict refuses what the JWT library accepts silently: a crit
// header (RFC 7515 §4.1.11: the recipient must understand every listed
// extension, and kiezgraph understands none), and a name twice in the
// header or the claims (the library's map keeps the last, so a token
// could carry a role its issuer's checks never saw).
func (a *Authenticator) checkStrict(t *jwt.Token) error {
	if _, ok := t.Header["crit"]; ok {
		return errors.New("token has a crit header, and no extension is understood")
	}
	parts := strings.Split(t.Raw, ".")
	if len(parts) != 3 {
		return errors.New("token is malformed")
	}
	for i, part := range parts[:2] {
		b, err := a.parser.DecodeSegment(part)
		if err != nil {
			return err
		}
		if err := uniqueNames(b); err != nil {
			return fmt.Errorf("token %s: %w", [2]string{"header", "claims"}[i], err)
		}
	}
	return nil
}

// nameSet is an open JSON object in uniqueNames.
type nameSet struct {
	seen map[string]bool
	key  bool // the next token is a member name
}

// uniqueNames refuses JSON in which an object, at any depth, names a
// member twice (exact, case-sensitive comparison).
func uniqueNames(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	var stack []*nameSet // nil entries are arrays
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		var top *nameSet
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.key {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:len(stack)-1]
				valueDone(stack)
				continue
			}
			name := tok.(string) // the decoder allows only strings here
			if top.seen[name] {
				return fmt.Errorf("%q appears twice", name)
			}
			top.seen[name] = true
			top.key = false
			continue
		}
		// A value: after it, an enclosing object expects a name again.
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &nameSet{seen: map[string]bool{}, key: true})
			continue
		case json.Delim('['):
			stack = append(stack, nil)
			continue
		case json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		valueDone(stack)
	}
}

// valueDone notes that a value has ended: an enclosing object expects a
// member name next.
func valueDone(stack []*nameSet) {
	if len(stack) > 0 && stack[len(stack)-1] != nil {
		stack[len(stack)-1].key = true
	}
}

// tokenClaims are the claims kiezgraph reads, after the library has
// checked exp, nbf, iss and aud.
type tokenClaims struct {
	subject   string
	role      domain.AccessRole
	districts []string
}

// readClaims reads sub, role and districts by their exact names. The
// role must be spelled exactly as documented (upper case, ASCII):
// no case folding, so "admin", "admın" or "reſearcher" are no roles.
func readClaims(mc jwt.MapClaims) (tokenClaims, error) {
	var c tokenClaims
	sub, ok := mc["sub"].(string)
	if !ok || sub == "" {
		return c, errors.New("token has no subject")
	}
	role, ok := mc["role"].(string)
	if !ok {
		return c, errors.New("token has no role")
	}
	c.subject, c.role = sub, domain.AccessRole(role)
	if v, ok := mc["districts"]; ok && v != nil {
		list, ok := v.([]any)
		if !ok {
			return c, errors.New("districts is not a list")
		}
		for _, d := range list {
			s, ok := d.(string)
			if !ok {
				return c, errors.New("districts holds a non-string")
			}
			c.districts = append(c.districts, s)
		}
	}
	return c, nil
}

// key returns the keys that may have signed t; the parser has already
// refused algorithms other than the configured ones, so an RSA key can
// never be misused as an HMAC secret.
func (a *Authenticator) key(t *jwt.Token) (any, error) {
	switch t.Method.Alg() {
	case jwt.SigningMethodHS256.Alg():
		return a.cfg.HMACSecret, nil
	case jwt.SigningMethodRS256.Alg():
		return jwt.VerificationKeySet{Keys: a.rsa}, nil
	case jwt.SigningMethodES256.Alg():
		return jwt.VerificationKeySet{Keys: a.ec}, nil
	}
	return nil, fmt.Errorf("unexpected signing method %s", t.Method.Alg())
}

func (a *Authenticator) apiKey(raw string) (domain.Access, error) {
	sum := sha256.Sum256([]byte(raw))
	var found *APIKey
	for i := range a.cfg.APIKeys {
		// Compare every key in constant time, so timing tells nothing.
		if subtle.ConstantTimeCompare(sum[:], a.cfg.APIKeys[i].Hash[:]) == 1 {
			found = &a.cfg.APIKeys[i]
		}
	}
	if found == nil {
		return domain.Access{}, errCredentials
	}
	return domain.Access{Subject: "apikey:" + found.Name, Role: found.Role, Districts: found.Districts}, nil
}

// checkGrant refuses roles that credentials cannot carry.
func checkGrant(role domain.AccessRole, districts []string) error {
	switch role {
	case domain.RoleAdmin, domain.RoleViewer, domain.RoleResearcher:
		return nil
	case domain.RoleCoordinator:
		if len(districts) == 0 {
			return errors.New("a coordinator needs at least one district")
		}
		return nil
	}
	return fmt.Errorf("role %q is not one of ADMIN, COORDINATOR, VIEWER, RESEARCHER", role)
}

// ParseAPIKeys reads API keys, one per line: name, role, districts
// (comma-separated ids, or - for none) and the hex SHA-256 of the key,
// separated by white space. Blank lines and lines starting with # are
// skipped.
func ParseAPIKeys(r io.Reader) ([]APIKey, error) {
	var out []APIKey
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Fields(text)
		if len(f) != 4 {
			return nil, fmt.Errorf("auth: API keys line %d: want NAME ROLE DISTRICTS SHA256", line)
		}
		h, err := hex.DecodeString(f[3])
		if err != nil || len(h) != sha256.Size {
			return nil, fmt.Errorf("auth: API keys line %d: the hash must be 64 hex digits", line)
		}
		k := APIKey{Name: f[0], Role: domain.AccessRole(strings.ToUpper(f[1]))}
		copy(k.Hash[:], h)
		if f[2] != "-" {
			k.Districts = strings.Split(f[2], ",")
		}
		if err := checkGrant(k.Role, k.Districts); err != nil {
			return nil, fmt.Errorf("auth: API keys line %d: %w", line, err)
		}
		out = append(out, k)
	}
	return out, sc.Err()
}

// ParsePublicKey reads an RSA or ECDSA public key in PEM form.
func ParsePublicKey(pem []byte) (crypto.PublicKey, error) {
	if k, err := jwt.ParseRSAPublicKeyFromPEM(pem); err == nil {
		return k, nil
	}
	k, err := jwt.ParseECPublicKeyFromPEM(pem)
	if err != nil {
		return nil, errors.New("auth: not an RSA or ECDSA public key in PEM form")
	}
	return k, nil
}

// SignHS256 issues a token for subject with role and districts, valid
// for ttl, signed with secret. Operators use it through `kiezgraph token`
// (for development and scripts); production tokens come from the city's
// identity provider.
func SignHS256(secret []byte, subject string, role domain.AccessRole, districts []string, ttl time.Duration, issuer, audience string) (string, error) {
	if err := checkGrant(role, districts); err != nil {
		return "", fmt.Errorf("auth: %w", err)
	}
	now := time.Now()
	c := Claims{
		RegisteredClaims: jwt.RegisteredClaims{Subject: subject, Issuer: issuer, IssuedAt: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl))},
		Role: string(role), Districts: districts,
	}
	if audience != "" {
		c.Audience = jwt.ClaimStrings{audience}
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(secret)
}
