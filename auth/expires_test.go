package auth_test

import (
	"net/http/httptest"
	"testing"
	"time"

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
