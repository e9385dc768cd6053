package state

import "strconv"

// Address families of sockaddr and socktuple parameters (PPM_AF_*).
const (
	afUnix  = 1
	afInet  = 2
	afInet6 = 10
)

// IsIPv4Mapped reports whether an IPv6 address carries an IPv4 one the way the
// reference implementation tests it: ten zero bytes followed by ff ff, or by six more
// zero bytes (so "::" counts as mapped).
func IsIPv4Mapped(a *[16]byte) bool {
	for i := 0; i < 10; i++ {
		if a[i] != 0 {
			return false
		}
	}
	if a[10] == 0xff && a[11] == 0xff {
		return true
	}
	for i := 10; i < 16; i++ {
		if a[i] != 0 {
			return false
		}
	}
	return true
}

// AppendIPv4 appends the dotted-quad text of a network-order IPv4 address.
func AppendIPv4(dst []byte, a []byte) []byte {
	for i := 0; i < 4; i++ {
		if i > 0 {
			dst = append(dst, '.')
		}
		var v byte
		if i < len(a) {
			v = a[i]
		}
		dst = strconv.AppendUint(dst, uint64(v), 10)
	}
	return dst
}

// AppendIPv6 appends the text form of a 16-byte IPv6 address as glibc's inet_ntop
// writes it: lower-case hex groups, the longest run of two or more zero groups (the
// first one on ties) written "::", and IPv4-compatible or -mapped addresses ending in a
// dotted quad.
func AppendIPv6(dst []byte, a []byte) []byte {
	var w [8]uint16
	for i := 0; i < 8 && 2*i+1 < len(a); i++ {
		w[i] = uint16(a[2*i])<<8 | uint16(a[2*i+1])
	}
	bestBase, bestLen := -1, 0
	for i := 0; i < 8; {
		if w[i] != 0 {
			i++
			continue
		}
		j := i
		for j < 8 && w[j] == 0 {
			j++
		}
		if j-i > bestLen {
			bestBase, bestLen = i, j-i
		}
		i = j
	}
	if bestLen < 2 {
		bestBase = -1
	}
	for i := 0; i < 8; i++ {
		if bestBase >= 0 && i >= bestBase && i < bestBase+bestLen {
			if i == bestBase {
				dst = append(dst, ':')
			}
			continue
		}
		if i != 0 {
			dst = append(dst, ':')
		}
		if i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff)) {
			return AppendIPv4(dst, a[12:16])
		}
		dst = strconv.AppendUint(dst, uint64(w[i]), 16)
	}
	if bestBase >= 0 && bestBase+bestLen == 8 {
		dst = append(dst, ':')
	}
	return dst
}

func appendPort(dst []byte, p uint16) []byte {
	return strconv.AppendUint(append(dst, ':'), uint64(p), 10)
}

// appendPrintable appends the bytes of s up to its first NUL, leaving out those outside
// printable ASCII.
func appendPrintable(dst []byte, s []byte) []byte {
	for _, c := range s {
		if c == 0 {
			break
		}
		if c >= 0x20 && c <= 0x7e {
			dst = append(dst, c)
		}
	}
	return dst
}
