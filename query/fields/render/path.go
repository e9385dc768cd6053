package render

// maxPath is the size of sysdig's path buffers (SCAP_MAX_PATH_SIZE).
const maxPath = 1024

// AppendPath appends base joined with name the way sysdig builds absolute paths: name is a
// path parameter as stored in the event (it may include its terminating NUL, which counts
// towards the length); a relative name is appended to base verbatim, an absolute one
// replaces it; "." and ".." components are resolved (".." may climb into base), repeated
// slashes collapse, bytes outside printable ASCII become '.', and a trailing slash is
// dropped. A result that would not fit sysdig's 1024-byte buffer is "/PATH_TOO_LONG". It
// reports whether name was relative.
func AppendPath(dst, base, name []byte) ([]byte, bool) {
	if len(base)+len(name)+1 > maxPath {
		return append(dst, "/PATH_TOO_LONG"...), false
	}
	return appendJoined(dst, base, name)
}

// AppendParamPath is AppendPath without the 1024-byte limit: sysdig sizes the buffer of
// a path parameter's resolved text (the part in parentheses of name=..., evt.arg.name) to
// fit, so a long path shows in full there while the fd table's name is /PATH_TOO_LONG
// (sysdig 0.29.3 on a live recording: openat of a 1013-byte relative name from a 10-byte
// cwd prints the whole 1023-byte path, and paths past 4 KiB as well).
func AppendParamPath(dst, base, name []byte) ([]byte, bool) {
	return appendJoined(dst, base, name)
}

// appendJoined joins base and name as AppendPath describes, whatever their length.
func appendJoined(dst, base, name []byte) ([]byte, bool) {
	root := len(dst)
	relative := len(name) != 0 && name[0] != '/'
	if relative {
		dst = append(dst, base...)
	}
	// rewind drops the last path component and its trailing slash.
	rewind := func(b []byte) []byte {
		if len(b)-root <= 1 {
			return b
		}
		b = b[:len(b)-1]
		for len(b)-root > 1 && b[len(b)-1] != '/' {
			b = b[:len(b)-1]
		}
		return b
	}
	at := func(i int) byte {
		if i < len(name) {
			return name[i]
		}
		return 0
	}
	for i := 0; i < len(name) && name[i] != 0; {
		c := name[i]
		switch {
		case c < 0x20 || c > 0x7e:
			dst = append(dst, '.')
			i++
		case c == '.' && at(i+1) == '.' && at(i+2) == '/':
			dst = rewind(dst)
			i += 3
		case c == '.' && at(i+1) == '.' && at(i+2) == 0:
			dst = rewind(dst)
			i += 2
		case c == '.' && at(i+1) == '.':
			dst = append(dst, '.', '.')
			i += 2
		case c == '.' && at(i+1) == '/':
			i += 2
		case c == '.' && at(i+1) == 0:
			i++
		case c == '/' && len(dst) > root && dst[len(dst)-1] == '/':
			i++
		default:
			dst = append(dst, c)
			i++
		}
	}
	if len(dst)-root > 1 && dst[len(dst)-1] == '/' {
		dst = dst[:len(dst)-1]
	}
	return dst, relative
}
