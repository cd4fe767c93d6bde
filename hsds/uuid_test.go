package hsds

import "testing"

// TestUUID compares with Python's uuid.uuid5 (RFC 4122): the namespace
// is uuid5(NAMESPACE_URL, "urn:kiezgraph"), the names below.
func TestUUID(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"act_gs-am-lindenpark", "c0987995-ef28-5884-bfec-0f56f02ed468"},
		{"", "1f915b36-79a4-55a0-88a1-d9b542e45139"},
		{"svc_x", "f5b9f31d-0545-53b3-bfca-394dab6bb0e4"},
		{"Grüße", "8e70b4c1-32b4-5795-baee-7904de281955"},
	} {
		if got := UUID(c.name); got != c.want {
			t.Errorf("UUID(%q) = %s, want %s", c.name, got, c.want)
		}
	}
}
