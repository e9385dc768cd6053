package state

import "encoding/binary"

// setTupleFromParam retypes f by an IP socktuple and updates its stored tuple (connect's
// rule: IPv6 unless both addresses are IPv4-mapped). It reports whether the tuple
// changed, and ok false for a malformed tuple.
func (e *Engine) setTupleFromParam(f *FD, p []byte) (changed, ok bool) {
	le := binary.LittleEndian
	switch {
	case p[0] == afInet && len(p) >= 13:
		f.retype(FDIPv4Sock)
		return f.updateIPv4(p[1:5], le.Uint16(p[5:]), p[7:11], le.Uint16(p[11:])), true
	case p[0] == afInet6 && len(p) >= 37:
		var s, d [16]byte
		copy(s[:], p[1:17])
		copy(d[:], p[19:35])
		if IsIPv4Mapped(&s) && IsIPv4Mapped(&d) {
			f.retype(FDIPv4Sock)
			return f.updateIPv4(s[12:], le.Uint16(p[17:]), d[12:], le.Uint16(p[35:])), true
		}
		f.retype(FDIPv6Sock)
		return f.updateIPv6(s, le.Uint16(p[17:]), d, le.Uint16(p[35:])), true
	}
	return false, false
}

// updateIPv4 applies a tuple to an IPv4 socket: nothing when it equals the stored one
// or its mirror, else the source is overwritten and the destination filled only where
// still zero. It reports whether anything changed.
func (f *FD) updateIPv4(sip []byte, sport uint16, dip []byte, dport uint16) bool {
	s, d := [4]byte(sip), [4]byte(dip)
	cs, cd := [4]byte(f.SIP[:4]), [4]byte(f.DIP[:4])
	if f.Type == FDIPv4Sock {
		if (cs == s && cd == d && f.SPort == sport && f.DPort == dport) ||
			(cs == d && cd == s && f.SPort == dport && f.DPort == sport) {
			return false
		}
	}
	changed := false
	if cs != s {
		copy(f.SIP[:4], s[:])
		changed = true
	}
	if f.SPort != sport {
		f.SPort = sport
		changed = true
	}
	if cd == [4]byte{} && d != cd {
		copy(f.DIP[:4], d[:])
		changed = true
	}
	if f.DPort == 0 && dport != 0 {
		f.DPort = dport
		changed = true
	}
	return changed
}

// updateIPv6 is updateIPv4 for an IPv6 tuple, written through the IPv6 view of the
// socket data whatever the fd's type.
func (f *FD) updateIPv6(sip [16]byte, sport uint16, dip [16]byte, dport uint16) bool {
	v := f.ipv6View()
	if f.Type == FDIPv6Sock {
		if (v.SIP == sip && v.DIP == dip && v.SPort == sport && v.DPort == dport) ||
			(v.SIP == dip && v.DIP == sip && v.SPort == dport && v.DPort == sport) {
			return false
		}
	}
	changed := false
	if v.SIP != sip {
		v.SIP = sip
		changed = true
	}
	if v.SPort != sport {
		v.SPort = sport
		changed = true
	}
	if v.DIP == [16]byte{} && dip != v.DIP {
		v.DIP = dip
		changed = true
	}
	if v.DPort == 0 && dport != 0 {
		v.DPort = dport
		changed = true
	}
	f.setIPv6View(&v)
	return changed
}

func swapTuple(f *FD) {
	if f.Type == FDIPv4Sock {
		var s [4]byte
		copy(s[:], f.SIP[:4])
		copy(f.SIP[:4], f.DIP[:4])
		copy(f.DIP[:4], s[:])
	} else {
		f.SIP, f.DIP = f.DIP, f.SIP
	}
	f.SPort, f.DPort = f.DPort, f.SPort
}
