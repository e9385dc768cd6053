package filter

import "github.com/scrylabs/scry/formats/schema"

// class groups parameter types by how their values compare.
type class uint8

const (
	classNone     class = iota // not comparable
	classSigned                // signed integers
	classUnsigned              // unsigned integers, flags, times, ports
	classDouble
	classBool
	classString
	classBytes
	classIP  // one address
	classNet // an address compared by network
)

func (c class) String() string {
	return [...]string{"uncomparable", "signed number", "unsigned number", "floating-point number",
		"boolean", "string", "byte buffer", "IP address", "IP network"}[c]
}

func (c class) numeric() bool { return c == classSigned || c == classUnsigned || c == classDouble }

func (c class) text() bool { return c == classString || c == classBytes }

// classOf returns the comparison class of a parameter type and, for integers, its
// width in bits.
func classOf(t schema.ParamType) (class, int) {
	switch t {
	case schema.TypeInt8:
		return classSigned, 8
	case schema.TypeInt16:
		return classSigned, 16
	case schema.TypeInt32, schema.TypeFd32, schema.TypePid32:
		return classSigned, 32
	case schema.TypeInt64, schema.TypeErrno, schema.TypeFd, schema.TypePid:
		return classSigned, 64
	case schema.TypeUint8, schema.TypeFlags8, schema.TypeEnumflags8, schema.TypeL4proto, schema.TypeSigtype:
		return classUnsigned, 8
	case schema.TypeUint16, schema.TypeFlags16, schema.TypeEnumflags16, schema.TypePort, schema.TypeSyscallid:
		return classUnsigned, 16
	case schema.TypeUint32, schema.TypeFlags32, schema.TypeEnumflags32, schema.TypeMode, schema.TypeUid, schema.TypeGid:
		return classUnsigned, 32
	case schema.TypeUint64, schema.TypeReltime, schema.TypeAbstime:
		return classUnsigned, 64
	case schema.TypeDouble:
		return classDouble, 64
	case schema.TypeBool:
		return classBool, 0
	case schema.TypeCharbuf, schema.TypeFspath, schema.TypeFsrelpath, schema.TypeSockaddr,
		schema.TypeSockfamily, schema.TypeCharbufarray, schema.TypeCharbufPairArray:
		return classString, 0
	case schema.TypeBytebuf:
		return classBytes, 0
	case schema.TypeIpv4addr, schema.TypeIpv6addr, schema.TypeIpaddr:
		return classIP, 0
	case schema.TypeIpv4net, schema.TypeIpv6net, schema.TypeIpnet:
		return classNet, 0
	}
	return classNone, 0
}

// typeName is the sysdig name of a parameter type, e.g. "CHARBUF".
func typeName(t schema.ParamType) string {
	if int(t) < len(schema.TypeNames) {
		n := schema.TypeNames[t]
		if len(n) > 3 {
			return n[3:]
		}
		return n
	}
	return "type " + string(rune('0'+t))
}
