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

// containerLister is implemented by views that can list their containers (Engine).
type containerLister interface {
	Containers(f func(c *Container) bool)
}

// IsLocalAddr is Engine.IsLocalAddr for any View. The rule for a container whose IP is
// unknown compares addr with every container's IP, which needs a view that lists its
// containers (as Engine does); other views only compare it with that container's.
func IsLocalAddr(v View, t *Thread, addr []byte) bool {
	if e, ok := v.(*Engine); ok {
		return e.IsLocalAddr(t, addr)
	}
	if len(addr) == 4 && t != nil && t.ContainerID != "" {
		if c := v.Container(t.ContainerID); c != nil {
			a := ipv4Uint(addr)
			if c.IP == a {
				return true
			}
			if l, ok := v.(containerLister); ok && c.IP == 0 {
				found := false
				l.Containers(func(o *Container) bool {
					found = o.IP == a
					return !found
				})
				if found {
					return true
				}
			}
		}
	}
	return isInterfaceAddr(v.Interfaces(), t, addr)
}

// isInterfaceAddr is the interface part of the local-address test.
func isInterfaceAddr(ifaces []Interface, t *Thread, addr []byte) bool {
	if len(addr) == 4 {
		for _, i := range ifaces {
			if !i.IPv6 && bytes.Equal(i.Addr[:4], addr) {
				return true
			}
		}
		return false
	}
	if len(addr) != 16 || (t != nil && t.ContainerID != "") {
		return false
	}
	for _, i := range ifaces {
		if i.IPv6 && bytes.Equal(i.Addr[:8], addr[:8]) {
			return true
		}
	}
	return false
}

// IsLocalAddr reports whether addr (4 bytes IPv4 or 16 bytes IPv6, network order) is an
// address of the machine or container thread t runs in (fd.lip/fd.rip, fd.is_server):
// for IPv4 the container's IP (or, for a container whose IP is unknown, any container's)
// and every interface address; for IPv6, hosts only, an interface with the same first 8
// bytes.
func (e *Engine) IsLocalAddr(t *Thread, addr []byte) bool {
	if len(addr) == 4 {
		if t != nil && t.ContainerID != "" {
			if c := e.containers[t.ContainerID]; c != nil {
				if c.IP != 0 {
					if c.IP == ipv4Uint(addr) {
						return true
					}
				} else {
					for _, o := range e.containers {
						if o.IP == ipv4Uint(addr) {
							return true
						}
					}
				}
			}
		}
	}
	return isInterfaceAddr(e.ifaces, t, addr)
}

// ipv4Uint is a network-order IPv4 address as the number its dotted quad reads.
func ipv4Uint(a []byte) uint32 {
	return uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
}
