package state

import "bytes"

var loopbackV4 = [4]byte{127, 0, 0, 1}
var loopbackV6 = [16]byte{15: 1}

// inferIPv4 guesses the local address that pairs with a known one from the capture's
// interfaces: the interface with that address, else the first one on its subnet, else
// the first one that is not 127.0.0.1, else 0.
func (e *Engine) inferIPv4(known []byte) [4]byte {
	var k [4]byte
	copy(k[:], known)
	for _, i := range e.ifaces {
		if !i.IPv6 && [4]byte(i.Addr[:4]) == k {
			return k
		}
	}
	for _, i := range e.ifaces {
		if i.IPv6 {
			continue
		}
		same := true
		for j := 0; j < 4; j++ {
			if i.Addr[j]&i.Netmask[j] != k[j]&i.Netmask[j] {
				same = false
				break
			}
		}
		if same {
			return [4]byte(i.Addr[:4])
		}
	}
	for _, i := range e.ifaces {
		if !i.IPv6 && [4]byte(i.Addr[:4]) != loopbackV4 {
			return [4]byte(i.Addr[:4])
		}
	}
	return [4]byte{}
}

// inferIPv6 is inferIPv4 for IPv6: equal address, else same first 8 bytes, else the
// first interface that is not ::1.
func (e *Engine) inferIPv6(known [16]byte) [16]byte {
	for _, i := range e.ifaces {
		if i.IPv6 && i.Addr == known {
			return known
		}
	}
	for _, i := range e.ifaces {
		if i.IPv6 && bytes.Equal(i.Addr[:8], known[:8]) {
			return i.Addr
		}
	}
	for _, i := range e.ifaces {
		if i.IPv6 && i.Addr != loopbackV6 {
			return i.Addr
		}
	}
	return [16]byte{}
}

// patchTuple fills the zero source or destination address of a connected socket from
// the interface list.
func (e *Engine) patchTuple(f *FD) {
	switch f.Type {
	case FDIPv4Sock:
		var zero [4]byte
		s, d := [4]byte(f.SIP[:4]), [4]byte(f.DIP[:4])
		if s != zero && d != zero {
			return
		}
		if s == zero {
			n := e.inferIPv4(d[:])
			if n == d && f.SPort == f.DPort {
				return
			}
			copy(f.SIP[:4], n[:])
		} else {
			n := e.inferIPv4(s[:])
			if n == s && f.SPort == f.DPort {
				return
			}
			copy(f.DIP[:4], n[:])
		}
	case FDIPv6Sock:
		var zero [16]byte
		if f.SIP != zero && f.DIP != zero {
			return
		}
		if f.SIP == zero {
			n := e.inferIPv6(f.DIP)
			if n == f.DIP && f.SPort == f.DPort {
				return
			}
			f.SIP = n
		} else {
			n := e.inferIPv6(f.SIP)
			if n == f.SIP && f.SPort == f.DPort {
				return
			}
			f.DIP = n
		}
	}
}
