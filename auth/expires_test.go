package auth_test

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/kiezgraph/kiezgraph/auth"
	"github.com/kiezgraph/kiezgraph/domain"
)

// TestAccessCarriesTheTokensExpiry: a token's exp becomes
// Access.Expires, which ends subscriptions; API keys and the public have
// none.
func TestAccessCarriesTheTokensExpiry(t *testing.T) {
	a, err := auth.New(auth.Config{HMACSecret: secret, Anonymous: auth.AnonymousPublic})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := auth.SignHS256(secret, "anna", domain.RoleViewer, nil, time.Hour, "", "")
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Authorization", "Bearer "+tok)
	acc, err := a.Authenticate(r)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Until(acc.Expires); d < 59*time.Minute || d > time.Hour {
		t.Errorf("Expires in %s, want the token's hour", d)
	}
	pub, err := a.Authenticate(httptest.NewRequest("GET", "/", nil))
	if err != nil || !pub.Expires.IsZero() {
		t.Errorf("the public: %+v, %v; want no expiry", pub, err)
	}
}

// TestVerifiedTokensStillExpire: a token is verified once and then
// answered from the cache, but only until it expires (with the leeway),
// exactly as a fresh verification would; a token refused once stays
// refused, and a caller's district list is its own.
func TestVerifiedTokensStillExpire(t *testing.T) {
	now := time.Now()
	a, err := auth.New(auth.Config{HMACSecret: secret, Leeway: 10 * time.Second, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := auth.SignHS256(secret, "anna", domain.RoleCoordinator, []string{"nbh_nord"}, time.Hour, "", "")
	if err != nil {
		t.Fatal(err)
	}
	authenticate := func(token string) (domain.Access, error) {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Authorization", "Bearer "+token)
		return a.Authenticate(r)
	}
	first, err := authenticate(tok)
	if err != nil {
		t.Fatal(err)
	}
	exp := first.Expires // whole seconds, as in the token
	bad := tok[:len(tok)-2] + "xx"
	tests := []struct {
		name   string
		at     time.Time
		token  string
		wantOK bool
	}{
		{"again, from the cache", exp.Add(-time.Minute), tok, true},
		{"and again", exp.Add(-30 * time.Second), tok, true},
		{"a bad signature", exp.Add(-time.Minute), bad, false},
		{"a bad signature again", exp.Add(-time.Minute), bad, false},
		{"within the leeway", exp.Add(5 * time.Second), tok, true},
		{"at exp + leeway, as the parser refuses it", exp.Add(10 * time.Second), tok, false},
		{"expired", exp.Add(11 * time.Second), tok, false},
		{"expired, asked again", exp.Add(12 * time.Second), tok, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now = tt.at
			acc, err := authenticate(tt.token)
			if (err == nil) != tt.wantOK {
				t.Fatalf("err = %v, want ok %v", err, tt.wantOK)
			}
			if err != nil {
				return
			}
			if acc.Subject != "anna" || acc.Role != domain.RoleCoordinator || len(acc.Districts) != 1 || acc.Districts[0] != "nbh_nord" || !acc.Expires.Equal(exp) {
				t.Fatalf("access = %+v", acc)
			}
			acc.Districts[0] = "nbh_sued" // must not reach the next caller
		})
	}
}

// TestVerifiedTokensKeepTheirNotBefore: a cached token is refused again
// if the clock goes back before its nbf (less the leeway), as a fresh
// verification would refuse it.
func TestVerifiedTokensKeepTheirNotBefore(t *testing.T) {
	now := time.Now()
	a, err := auth.New(auth.Config{HMACSecret: secret, Leeway: 10 * time.Second, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	c := claims("anna", "ADMIN", nil, time.Hour)
	nbf := now.Add(-time.Minute).Truncate(time.Second)
	c.NotBefore = jwt.NewNumericDate(nbf)
	tok := sign(t, jwt.SigningMethodHS256, secret, c)
	for _, step := range []struct {
		at     time.Time
		wantOK bool
	}{
		{now, true},                         // verified and cached
		{nbf.Add(-5 * time.Second), true},   // within the leeway
		{nbf.Add(-11 * time.Second), false}, // before nbf - leeway
		{now, true},                         // fine again
	} {
		now = step.at
		_, err := a.Authenticate(request("Authorization", "Bearer "+tok))
		if (err == nil) != step.wantOK {
			t.Errorf("at nbf%+v: err = %v, want ok %v", step.at.Sub(nbf), err, step.wantOK)
		}
	}
}
