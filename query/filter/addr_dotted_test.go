package filter

import "testing"

// A value with a dot is read as an IPv4 address only: sysdig 0.29.3 refuses
// fd.ip=::ffff:127.0.0.1 with "unrecognized IPv4 address ::ffff:127.0.0.1".
func TestAddressWithDotIsIPv4Only(t *testing.T) {
	if a, err := parseAddr("::ffff:127.0.0.1"); err == nil {
		t.Errorf("parseAddr(::ffff:127.0.0.1) = %v; want an error", a)
	}
	if a, err := parseAddr("::ffff:7f00:1"); err != nil || len(a) != 16 || a[10] != 0xff || a[12] != 0x7f {
		t.Errorf("parseAddr(::ffff:7f00:1) = %v, %v; want the 16 bytes", a, err)
	}
}

// Networks: a value with a dot must be a.b.c.d/len and any other is a plain IPv6
// address. sysdig 0.29.3 refuses fd.net=127.0.0.1 ("unrecognized IP network") and
// fd.net=::1/128 ("unrecognized IPv6 address") and takes fd.net=::1 as ::/64.
func TestNetworkValuesAsTheReferenceReadsThem(t *testing.T) {
	for _, bad := range []string{"127.0.0.1", "::1/128", "127.0.0.0/33", "::ffff:127.0.0.0/104"} {
		if p, err := parseNetwork(bad); err == nil {
			t.Errorf("parseNetwork(%s) = %v; want an error", bad, p)
		}
	}
	if p, err := parseNetwork("10.1.2.3/8"); err != nil || p.String() != "10.0.0.0/8" {
		t.Errorf("parseNetwork(10.1.2.3/8) = %v, %v", p, err)
	}
	if p, err := parseNetwork("::1"); err != nil || p.String() != "::/64" {
		t.Errorf("parseNetwork(::1) = %v, %v", p, err)
	}
}
