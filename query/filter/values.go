package filter

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/scrylabs/scry/formats/schema"
)

// parseSigned parses a signed decimal (or 0x hexadecimal) number and truncates it to
// bits, like the C conversion of the reference parser.
func parseSigned(s string, bits int) (int64, error) {
	t := strings.TrimLeft(s, " \t\n\r\v\f")
	neg := false
	if t != "" && (t[0] == '-' || t[0] == '+') {
		neg = t[0] == '-'
		t = t[1:]
	}
	u, err := parseMagnitude(t)
	if err != nil {
		return 0, fmt.Errorf("%q is not a valid number", s)
	}
	v := int64(u)
	if neg {
		v = -v
	}
	return truncSigned(v, bits), nil
}

// parseUnsigned parses an unsigned decimal (or 0x hexadecimal) number; a leading minus
// wraps, as the reference parser's does, and the result is truncated to bits.
func parseUnsigned(s string, bits int) (uint64, error) {
	t := strings.TrimLeft(s, " \t\n\r\v\f")
	neg := false
	if t != "" && (t[0] == '-' || t[0] == '+') {
		neg = t[0] == '-'
		t = t[1:]
	}
	u, err := parseMagnitude(t)
	if err != nil {
		return 0, fmt.Errorf("%q is not a valid number", s)
	}
	if neg {
		u = -u
	}
	return truncUnsigned(u, bits), nil
}

func parseMagnitude(t string) (uint64, error) {
	if strings.HasPrefix(t, "0x") || strings.HasPrefix(t, "0X") {
		return strconv.ParseUint(t[2:], 16, 64)
	}
	if t == "" || t[0] < '0' || t[0] > '9' {
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseUint(t, 10, 64)
}

func truncSigned(v int64, bits int) int64 {
	switch bits {
	case 8:
		return int64(int8(v))
	case 16:
		return int64(int16(v))
	case 32:
		return int64(int32(v))
	}
	return v
}

func truncUnsigned(u uint64, bits int) uint64 {
	if bits > 0 && bits < 64 {
		return u & (1<<bits - 1)
	}
	return u
}

// parseRelTime parses a relative time in nanoseconds: a plain number, or a number with
// a unit (ns, us, ms, s, m, h).
func parseRelTime(s string) (uint64, error) {
	if u, err := parseUnsigned(s, 64); err == nil {
		return u, nil
	}
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a valid relative time (nanoseconds, or a number with a unit such as 5s)", s)
	}
	return uint64(d), nil
}

// parsePort parses a port number or a service name ("http"); empty is port 0.
func parsePort(s string) (uint64, error) {
	if s == "" {
		return 0, nil
	}
	if u, err := parseUnsigned(s, 16); err == nil {
		return u, nil
	}
	for _, proto := range []string{"tcp", "udp"} {
		if p, err := net.LookupPort(proto, s); err == nil {
			return uint64(p), nil
		}
	}
	return 0, fmt.Errorf("unrecognized protocol %q", s)
}

func parseBool(s string) (bool, error) {
	switch s {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("unrecognized boolean value %q (want true or false)", s)
}

// boolNumber is the number a boolean orders as: 1 for true, 0 for false.
func boolNumber(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// parseAddr parses an IPv4 or IPv6 address into its 4 or 16 network-order bytes.
func parseAddr(s string) ([]byte, error) {
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" || (strings.Contains(s, ".") && !a.Is4()) {
		// A value with a dot is read as IPv4 only, so ::ffff:127.0.0.1 is refused
		// (observed with sysdig 0.29.3: "unrecognized IPv4 address").
		return nil, fmt.Errorf("%q is not a valid IP address", s)
	}
	if a.Is4() {
		b := a.As4()
		return b[:], nil
	}
	b := a.As16()
	return b[:], nil
}

// parseNetwork parses a network value as sysdig reads it: a value with a dot must be
// an IPv4 a.b.c.d/len; any other value is a plain IPv6 address standing for its /64
// (observed with sysdig 0.29.3: fd.net=127.0.0.1 is "unrecognized IP network",
// fd.net=::1/128 "unrecognized IPv6 address").
func parseNetwork(s string) (netip.Prefix, error) {
	if strings.Contains(s, ".") {
		p, err := netip.ParsePrefix(s)
		if err != nil || !p.Addr().Is4() {
			return netip.Prefix{}, fmt.Errorf("%q is not a valid network (want address/length)", s)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, fmt.Errorf("%q is not a valid network (want an IPv4 address/length or an IPv6 address)", s)
	}
	return netip.PrefixFrom(a, 64).Masked(), nil
}

// parseHexBytes decodes the hexadecimal operand of bcontains and bstartswith.
func parseHexBytes(s string) ([]byte, error) {
	if len(s)%2 != 0 {
		return nil, errors.New("hexadecimal operand has an odd number of digits")
	}
	out := make([]byte, len(s)/2)
	for i := range out {
		hi, ok1 := unhex(s, 2*i)
		lo, ok2 := unhex(s, 2*i+1)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%q is not a hexadecimal string", s)
		}
		out[i] = hi<<4 | lo
	}
	return out, nil
}

// knownEventType reports whether name is the evt.type of some event: an event table
// name or a syscall name (generic events take the syscall's name).
func knownEventType(name string) bool {
	if len(schema.EventIDsByName(name)) > 0 {
		return true
	}
	for i := range schema.SyscallCodes {
		if schema.SyscallCodes[i].Name == name {
			return true
		}
	}
	return false
}
