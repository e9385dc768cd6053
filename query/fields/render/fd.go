package render

import "github.com/scrylabs/scry/state"

// FDTypeChar returns the one-character fd type sysdig shows in <X> prefixes and
// fd.typechar.
func FDTypeChar(t int8) byte {
	switch t {
	case state.FDFile, state.FDFileV2:
		return 'f'
	case state.FDDirectory:
		return 'd'
	case state.FDIPv4Sock, state.FDIPv4ServSock:
		return '4'
	case state.FDIPv6Sock, state.FDIPv6ServSock:
		return '6'
	case state.FDUnixSock:
		return 'u'
	case state.FDFifo:
		return 'p'
	case state.FDEvent:
		return 'e'
	case state.FDSignalfd:
		return 's'
	case state.FDEventpoll:
		return 'l'
	case state.FDInotify:
		return 'i'
	case state.FDTimerfd:
		return 't'
	case state.FDNetlink:
		return 'n'
	case state.FDUnknown:
		return 'o'
	case state.FDUnsupported:
		return 'X'
	}
	return '?'
}

// IsIPSocket reports whether an fd type is a connected IPv4 or IPv6 socket.
func IsIPSocket(t int8) bool { return t == state.FDIPv4Sock || t == state.FDIPv6Sock }

// IsServerSocket reports whether an fd type is a listening IPv4 or IPv6 socket.
func IsServerSocket(t int8) bool { return t == state.FDIPv4ServSock || t == state.FDIPv6ServSock }

// L4Proto returns the layer-4 protocol sysdig reports for an fd: for connected IP sockets
// RAW if stored so, else NA without a role, else the stored protocol; for server sockets
// the stored protocol; NA for everything else.
func L4Proto(fd *state.FD) uint8 {
	switch {
	case IsIPSocket(fd.Type):
		if fd.L4Proto == state.L4Raw {
			return state.L4Raw
		}
		if fd.Flags&(state.FDRoleClient|state.FDRoleServer) == 0 {
			return state.L4NA
		}
		return fd.L4Proto
	case IsServerSocket(fd.Type):
		return fd.L4Proto
	}
	return state.L4NA
}

// l4Char is the protocol letter of <4t>-style prefixes, 0 for none.
func l4Char(fd *state.FD) byte {
	if !IsIPSocket(fd.Type) && !IsServerSocket(fd.Type) {
		return 0
	}
	switch L4Proto(fd) {
	case state.L4TCP:
		return 't'
	case state.L4UDP:
		return 'u'
	case state.L4ICMP:
		return 'i'
	case state.L4Raw:
		return 'r'
	}
	return 0
}

// AppendFDPrefix appends "<X>" or "<Xp>" for fd: its type character and, for IP sockets
// with a known protocol, the protocol letter.
func AppendFDPrefix(dst []byte, fd *state.FD) []byte {
	dst = append(dst, '<', FDTypeChar(fd.Type))
	if c := l4Char(fd); c != 0 {
		dst = append(dst, c)
	}
	return append(dst, '>')
}

// AppendSanitized appends s without the bytes outside printable ASCII.
func AppendSanitized(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if printable(s[i]) {
			dst = append(dst, s[i])
		}
	}
	return dst
}
