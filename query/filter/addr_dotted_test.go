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
