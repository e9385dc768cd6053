package state

import "bytes"

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
