package export_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/export"
)

func TestNewPseudonymizerKeyLength(t *testing.T) {
	for _, tc := range []struct {
		key    string
		wantOK bool
	}{
		{"", false},
		{"short", false},
		{"fifteen-bytes!!", false},
		{"sixteen-bytes!!!", true},
		{string(testKey), true},
	} {
		t.Run(fmt.Sprintf("%d bytes", len(tc.key)), func(t *testing.T) {
			ps, err := export.NewPseudonymizer([]byte(tc.key))
			if (err == nil) != tc.wantOK || (ps != nil) != tc.wantOK {
				t.Fatalf("NewPseudonymizer(%d bytes) = %v, %v", len(tc.key), ps, err)
			}
		})
	}
}

func TestPseudonym(t *testing.T) {
	ps := pseudonymizer(t)
	other, err := export.NewPseudonymizer([]byte("another-key-of-enough-bytes"))
	if err != nil {
		t.Fatal(err)
	}
	shape := regexp.MustCompile(`^p_[0-9a-f]{16}$`)
	for _, tc := range []struct {
		id, want string
	}{
		// Computed independently with Python:
		// "p_" + hmac.new(key, id, hashlib.sha256).hexdigest()[:16]
		{"per_anna-lehmann", "p_6fac80e18a52f44d"},
		{"per_murat-kaya", "p_404d636457387753"},
	} {
		t.Run(tc.id, func(t *testing.T) {
			got := ps.Pseudonym(tc.id)
			if got != tc.want || !shape.MatchString(got) {
				t.Errorf("Pseudonym(%q) = %q, want %q", tc.id, got, tc.want)
			}
			if again := ps.Pseudonym(tc.id); again != got {
				t.Errorf("not stable: %q then %q", got, again)
			}
			if o := other.Pseudonym(tc.id); o == got {
				t.Errorf("another key gives the same pseudonym %q", o)
			}
		})
	}
	if ps.Pseudonym("per_a") == ps.Pseudonym("per_b") {
		t.Error("two people share a pseudonym")
	}
}

// TestPseudonymizerCopiesKey: changing the caller's key afterwards does
// not change pseudonyms.
func TestPseudonymizerCopiesKey(t *testing.T) {
	key := []byte(string(testKey))
	ps, err := export.NewPseudonymizer(key)
	if err != nil {
		t.Fatal(err)
	}
	before := ps.Pseudonym("per_anna-lehmann")
	key[0] ^= 0xff
	if after := ps.Pseudonym("per_anna-lehmann"); after != before {
		t.Errorf("pseudonym changed with the caller's key: %q → %q", before, after)
	}
}

// TestPseudonymizerHidesKey: printing a Pseudonymizer, as a log line or
// an error might, does not reveal the key.
func TestPseudonymizerHidesKey(t *testing.T) {
	ps := pseudonymizer(t)
	asBytes := strings.Trim(fmt.Sprint(testKey[:4]), "[]") // how %v prints a []byte
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		if out := fmt.Sprintf(verb, ps); strings.Contains(out, string(testKey)) || strings.Contains(out, asBytes) {
			t.Errorf("%s prints the key: %s", verb, out)
		}
	}
}
