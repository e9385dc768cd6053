package state

import (
	"encoding/binary"
	"strconv"
)

// AppendSockaddr appends the text of a PT_SOCKADDR parameter: "NULL" when empty, the
// path of a unix address, "a.b.c.d:port", "<ipv6>:port", or "family N".
func AppendSockaddr(dst []byte, p []byte) []byte {
	if len(p) == 0 {
		return append(dst, "NULL"...)
	}
	switch p[0] {
	case afUnix:
		return appendPrintable(dst, p[1:])
	case afInet:
		if len(p) != 7 {
			return append(dst, "INVALID IPv4"...)
		}
		return appendPort(AppendIPv4(dst, p[1:5]), binary.LittleEndian.Uint16(p[5:]))
	case afInet6:
		if len(p) != 19 {
			return append(dst, "INVALID IPv6"...)
		}
		return appendPort(AppendIPv6(dst, p[1:17]), binary.LittleEndian.Uint16(p[17:]))
	}
	return strconv.AppendUint(append(dst, "family "...), uint64(p[0]), 10)
}

// AppendSocktuple appends the text of a PT_SOCKTUPLE parameter: "NULL" when empty,
// "a.b.c.d:sport->e.f.g.h:dport", the IPv6 form (or the IPv4 one when both addresses are
// IPv4-mapped), "<src hex>-><dst hex> <path>" for unix sockets, or "family N".
func AppendSocktuple(dst []byte, p []byte) []byte {
	if len(p) == 0 {
		return append(dst, "NULL"...)
	}
	le := binary.LittleEndian
	switch p[0] {
	case afInet:
		if len(p) != 13 {
			return append(dst, "INVALID IPv4"...)
		}
		dst = appendPort(AppendIPv4(dst, p[1:5]), le.Uint16(p[5:]))
		dst = append(dst, "->"...)
		return appendPort(AppendIPv4(dst, p[7:11]), le.Uint16(p[11:]))
	case afInet6:
		if len(p) != 37 {
			return append(dst, "INVALID IPv6"...)
		}
		var s, d [16]byte
		copy(s[:], p[1:17])
		copy(d[:], p[19:35])
		if IsIPv4Mapped(&s) && IsIPv4Mapped(&d) {
			dst = appendPort(AppendIPv4(dst, s[12:]), le.Uint16(p[17:]))
			dst = append(dst, "->"...)
			return appendPort(AppendIPv4(dst, d[12:]), le.Uint16(p[35:]))
		}
		dst = appendPort(AppendIPv6(dst, s[:]), le.Uint16(p[17:]))
		dst = append(dst, "->"...)
		return appendPort(AppendIPv6(dst, d[:]), le.Uint16(p[35:]))
	case afUnix:
		var src, dstp uint64
		if len(p) >= 9 {
			src = le.Uint64(p[1:])
		}
		if len(p) >= 17 {
			dstp = le.Uint64(p[9:])
		}
		dst = strconv.AppendUint(dst, src, 16)
		dst = append(dst, "->"...)
		dst = strconv.AppendUint(dst, dstp, 16)
		dst = append(dst, ' ')
		if len(p) > 17 {
			dst = appendPrintable(dst, p[17:])
		}
		return dst
	}
	return strconv.AppendUint(append(dst, "family "...), uint64(p[0]), 10)
}

// AppendFDTuple appends the socket text sysdig stores as the name of a connected socket
// after connect, recvfrom or sendto (its "sockinfo text"): the tuple form for TCP and UDP,
// "a->b" for ICMP and raw sockets, "<unknown>" otherwise. Non-IP entries append nothing.
func AppendFDTuple(dst []byte, f *FD) []byte {
	switch f.Type {
	case FDIPv4Sock:
		switch f.L4Proto {
		case L4TCP, L4UDP:
			return appendIPv4Tuple(dst, f)
		case L4ICMP, L4Raw:
			dst = AppendIPv4(dst, f.SIP[:4])
			dst = append(dst, "->"...)
			return AppendIPv4(dst, f.DIP[:4])
		}
		return append(dst, "<unknown>"...)
	case FDIPv6Sock:
		switch f.L4Proto {
		case L4TCP, L4UDP:
			if IsIPv4Mapped(&f.SIP) && IsIPv4Mapped(&f.DIP) {
				// The reference reads the ports through the IPv4 view of its address union.
				v := f.ipv4View()
				dst = appendPort(AppendIPv4(dst, f.SIP[12:]), v.SPort)
				dst = append(dst, "->"...)
				return appendPort(AppendIPv4(dst, f.DIP[12:]), v.DPort)
			}
			return appendIPv6Tuple(dst, f)
		case L4ICMP:
			dst = AppendIPv6(dst, f.SIP[:])
			dst = append(dst, "->"...)
			return AppendIPv6(dst, f.DIP[:])
		}
		return append(dst, "<unknown>"...)
	}
	return dst
}

// TupleString is AppendFDTuple as a string.
func TupleString(f *FD) string { return string(AppendFDTuple(nil, f)) }

func appendIPv4Tuple(dst []byte, f *FD) []byte {
	dst = appendPort(AppendIPv4(dst, f.SIP[:4]), f.SPort)
	dst = append(dst, "->"...)
	return appendPort(AppendIPv4(dst, f.DIP[:4]), f.DPort)
}

func appendIPv6Tuple(dst []byte, f *FD) []byte {
	dst = appendPort(AppendIPv6(dst, f.SIP[:]), f.SPort)
	dst = append(dst, "->"...)
	return appendPort(AppendIPv6(dst, f.DIP[:]), f.DPort)
}
