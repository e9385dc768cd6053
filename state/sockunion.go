package state

import "encoding/binary"

// The reference implementation keeps an fd's socket data in one C union whose layout
// depends on the fd type: an IPv4 tuple (sip 4, dip 4, sport 2, dport 2, l4proto 1), an
// IPv6 tuple (16, 16, 2, 2, 1), an IPv4 server (ip 4, port 2, l4proto 1), an IPv6 server
// (16, 2, 1) or a unix pair (source 8, dest 8). When an fd changes type the bytes stay
// where they are and are read through the new layout; a few visible quirks (garbage
// addresses after a server socket becomes a connected one, the l4proto of an IPv6 socket
// that connects to an IPv4 address, the protocol a UDP server keeps when it connects)
// follow from that. FD keeps typed fields for its current layout plus the union's whole
// byte image as of the last type change (FD.sock); these helpers move the fields
// through that image whenever the type changes.

type sockUnion [37]byte

// union returns the byte image of f's socket data: the saved image with the bytes of
// the current type's layout taken from f's fields.
func (f *FD) union() sockUnion {
	u := f.sock
	overlayUnion(f.Type, f, &u)
	return u
}

// encodeUnion is the image of f's fields under the layout of typ over zero bytes.
func encodeUnion(typ int8, f *FD) sockUnion {
	var u sockUnion
	overlayUnion(typ, f, &u)
	return u
}

// overlayUnion writes f's fields into the bytes of typ's layout in u.
func overlayUnion(typ int8, f *FD, u *sockUnion) {
	le := binary.LittleEndian
	switch typ {
	case FDIPv4Sock:
		copy(u[0:4], f.SIP[:4])
		copy(u[4:8], f.DIP[:4])
		le.PutUint16(u[8:], f.SPort)
		le.PutUint16(u[10:], f.DPort)
		u[12] = f.L4Proto
	case FDIPv6Sock:
		copy(u[0:16], f.SIP[:])
		copy(u[16:32], f.DIP[:])
		le.PutUint16(u[32:], f.SPort)
		le.PutUint16(u[34:], f.DPort)
		u[36] = f.L4Proto
	case FDIPv4ServSock:
		copy(u[0:4], f.SIP[:4])
		le.PutUint16(u[4:], f.SPort)
		u[6] = f.L4Proto
	case FDIPv6ServSock:
		copy(u[0:16], f.SIP[:])
		le.PutUint16(u[16:], f.SPort)
		u[18] = f.L4Proto
	case FDUnixSock:
		le.PutUint64(u[0:], f.Source)
		le.PutUint64(u[8:], f.Dest)
	}
}

// setUnion makes u f's socket image and loads f's fields from it, under the layout of
// f's type (types without socket data get zero fields).
func (f *FD) setUnion(u sockUnion) {
	f.sock = u
	decodeUnion(f.Type, f, u)
}

func decodeUnion(typ int8, f *FD, u sockUnion) {
	le := binary.LittleEndian
	f.SIP, f.DIP = [16]byte{}, [16]byte{}
	f.SPort, f.DPort, f.L4Proto, f.Source, f.Dest = 0, 0, 0, 0, 0
	switch typ {
	case FDIPv4Sock:
		copy(f.SIP[:4], u[0:4])
		copy(f.DIP[:4], u[4:8])
		f.SPort, f.DPort, f.L4Proto = le.Uint16(u[8:]), le.Uint16(u[10:]), u[12]
	case FDIPv6Sock:
		copy(f.SIP[:], u[0:16])
		copy(f.DIP[:], u[16:32])
		f.SPort, f.DPort, f.L4Proto = le.Uint16(u[32:]), le.Uint16(u[34:]), u[36]
	case FDIPv4ServSock:
		copy(f.SIP[:4], u[0:4])
		f.SPort, f.L4Proto = le.Uint16(u[4:]), u[6]
	case FDIPv6ServSock:
		copy(f.SIP[:], u[0:16])
		f.SPort, f.L4Proto = le.Uint16(u[16:]), u[18]
	case FDUnixSock:
		f.Source, f.Dest = le.Uint64(u[0:]), le.Uint64(u[8:])
	}
}

// retype changes f's type, reinterpreting its socket bytes under the new layout.
func (f *FD) retype(typ int8) {
	if f.Type == typ {
		return
	}
	u := f.union()
	f.Type = typ
	f.setUnion(u)
}

// ipv4View is f's socket data read through the IPv4 tuple layout, whatever f's type.
func (f *FD) ipv4View() FD {
	var v FD
	decodeUnion(FDIPv4Sock, &v, f.union())
	return v
}

// ipv6View is f's socket data read through the IPv6 tuple layout, whatever f's type.
func (f *FD) ipv6View() FD {
	var v FD
	decodeUnion(FDIPv6Sock, &v, f.union())
	return v
}

// setIPv6View writes v's IPv6 tuple fields into f's union, whatever f's type.
func (f *FD) setIPv6View(v *FD) {
	u := f.union()
	overlayUnion(FDIPv6Sock, v, &u)
	f.setUnion(u)
}

// setUnixView writes unix socket pointers into f's union, whatever f's type.
func (f *FD) setUnixView(src, dst uint64) {
	u := f.union()
	binary.LittleEndian.PutUint64(u[0:], src)
	binary.LittleEndian.PutUint64(u[8:], dst)
	f.setUnion(u)
}
