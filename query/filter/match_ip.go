package filter

import (
	"bytes"
	"net/netip"

	"github.com/scrylabs/scry/query/fields"
)

// ipAddr reads a value as an address; IPv4-mapped IPv6 addresses count as IPv4.
func ipAddr(v *fields.Value) (netip.Addr, bool) {
	if v.Kind != fields.KindIP && v.Kind != fields.KindBytes {
		return netip.Addr{}, false
	}
	a, ok := netip.AddrFromSlice(v.Bytes)
	if !ok {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// ipEq compares an address field with one address (4 or 16 bytes).
type ipEq struct{ x []byte }

func (m *ipEq) match(v *fields.Value) bool {
	if v.Kind != fields.KindIP && v.Kind != fields.KindBytes {
		return false
	}
	if len(v.Bytes) == len(m.x) {
		return bytes.Equal(v.Bytes, m.x)
	}
	a, ok1 := ipAddr(v)
	b, ok2 := netip.AddrFromSlice(m.x)
	return ok1 && ok2 && a == b.Unmap()
}

// ipInNet holds when the address lies in the network.
type ipInNet struct{ p netip.Prefix }

func (m *ipInNet) match(v *fields.Value) bool {
	a, ok := ipAddr(v)
	return ok && m.p.Contains(a)
}
