package render

import (
	"encoding/binary"
	"strconv"
)

// Socket families of PT_SOCKADDR and PT_SOCKTUPLE parameters (PPM_AF_*).
const (
	afUnix  = 1
	afInet  = 2
	afInet6 = 10
)

// AppendIPv4 appends a dotted quad of the 4 network-order bytes a.
func AppendIPv4(dst, a []byte) []byte {
	for i := 0; i < 4; i++ {
		if i > 0 {
			dst = append(dst, '.')
		}
		dst = strconv.AppendUint(dst, uint64(a[i]), 10)
	}
	return dst
}

// AppendIPv6 appends the text form of the 16-byte address a as C's inet_ntop writes it:
// lower-case hex groups, the longest run of two or more zero groups as "::", and an
// embedded dotted quad for IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible addresses.
func AppendIPv6(dst, a []byte) []byte {
	var w [8]uint16
	for i := range w {
		w[i] = binary.BigEndian.Uint16(a[2*i:])
	}
	bestBase, bestLen, curBase, curLen := -1, 0, -1, 0
	for i := 0; i < 8; i++ {
		if w[i] == 0 {
			if curBase < 0 {
				curBase, curLen = i, 1
			} else {
				curLen++
			}
			continue
		}
		if curBase >= 0 && curLen > bestLen {
			bestBase, bestLen = curBase, curLen
		}
		curBase = -1
	}
	if curBase >= 0 && curLen > bestLen {
		bestBase, bestLen = curBase, curLen
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

// IsIPv4Mapped reports whether the 16-byte address a counts as IPv4-mapped for sysdig:
// ten zero bytes followed by ff ff, or sixteen zero bytes.
func IsIPv4Mapped(a []byte) bool {
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

func appendPort(dst, p []byte) []byte {
	return strconv.AppendUint(dst, uint64(binary.LittleEndian.Uint16(p)), 10)
}

// appendPrintable appends the bytes of s up to its first NUL, dropping bytes outside
// printable ASCII.
func appendPrintable(dst, s []byte) []byte {
	for _, c := range s {
		if c == 0 {
			break
		}
		if printable(c) {
			dst = append(dst, c)
		}
	}
	return dst
}

// AppendSockaddr appends the text of a PT_SOCKADDR parameter.
func AppendSockaddr(dst, p []byte) []byte {
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
		dst = AppendIPv4(dst, p[1:5])
		dst = append(dst, ':')
		return appendPort(dst, p[5:7])
	case afInet6:
		if len(p) != 19 {
			return append(dst, "INVALID IPv6"...)
		}
		dst = AppendIPv6(dst, p[1:17])
		dst = append(dst, ':')
		return appendPort(dst, p[17:19])
	}
	dst = append(dst, "family "...)
	return strconv.AppendUint(dst, uint64(p[0]), 10)
}

// AppendSocktuple appends the text of a PT_SOCKTUPLE parameter.
func AppendSocktuple(dst, p []byte) []byte {
	if len(p) == 0 {
		return append(dst, "NULL"...)
	}
	switch p[0] {
	case afInet:
		if len(p) != 13 {
			return append(dst, "INVALID IPv4"...)
		}
		dst = AppendIPv4(dst, p[1:5])
		dst = append(dst, ':')
		dst = appendPort(dst, p[5:7])
		dst = append(dst, '-', '>')
		dst = AppendIPv4(dst, p[7:11])
		dst = append(dst, ':')
		return appendPort(dst, p[11:13])
	case afInet6:
		if len(p) != 37 {
			return append(dst, "INVALID IPv6"...)
		}
		src, dstAddr := p[1:17], p[19:35]
		if IsIPv4Mapped(src) && IsIPv4Mapped(dstAddr) {
			dst = AppendIPv4(dst, src[12:16])
			dst = append(dst, ':')
			dst = appendPort(dst, p[17:19])
			dst = append(dst, '-', '>')
			dst = AppendIPv4(dst, dstAddr[12:16])
			dst = append(dst, ':')
			return appendPort(dst, p[35:37])
		}
		dst = AppendIPv6(dst, src)
		dst = append(dst, ':')
		dst = appendPort(dst, p[17:19])
		dst = append(dst, '-', '>')
		dst = AppendIPv6(dst, dstAddr)
		dst = append(dst, ':')
		return appendPort(dst, p[35:37])
	case afUnix:
		if len(p) < 17 {
			return append(dst, "NULL"...)
		}
		dst = strconv.AppendUint(dst, binary.LittleEndian.Uint64(p[1:9]), 16)
		dst = append(dst, '-', '>')
		dst = strconv.AppendUint(dst, binary.LittleEndian.Uint64(p[9:17]), 16)
		dst = append(dst, ' ')
		return appendPrintable(dst, p[17:])
	}
	dst = append(dst, "family "...)
	return strconv.AppendUint(dst, uint64(p[0]), 10)
}
