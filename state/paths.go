package state

// maxPathLen is the size of the path buffers of the reference implementation
// (SCAP_MAX_PATH_SIZE); longer joins give pathTooLong.
const maxPathLen = 1024

const pathTooLong = "/PATH_TOO_LONG"

// ConcatenatePaths joins a directory and a path the way sysdig builds file names: an
// absolute name replaces base, a relative one is appended to it; "." and ".." components
// are resolved (".." may climb into base), repeated slashes collapse, bytes outside
// printable ASCII become '.', and a trailing slash is dropped. name ends at its first NUL.
func ConcatenatePaths(base, name string) string {
	var buf [maxPathLen]byte
	return string(appendConcat(buf[:0], base, cstrParam(name)))
}

// cstrParam returns name as a wire string parameter would carry it: its bytes up to the
// first NUL, followed by a NUL.
func cstrParam(name string) []byte {
	for i := 0; i < len(name); i++ {
		if name[i] == 0 {
			return []byte(name[:i+1])
		}
	}
	return append([]byte(name), 0)
}

// appendConcat appends the join of base and the raw path parameter name (its bytes as
// carried by the event, normally NUL-terminated; the length counts the NUL) to dst.
func appendConcat(dst []byte, base string, name []byte) []byte {
	if len(base)+len(name)+1 > maxPathLen {
		return append(dst, pathTooLong...)
	}
	root := len(dst)
	if len(name) != 0 && name[0] != '/' {
		dst = append(dst, base...)
	}
	return sanitizePath(dst, root, name)
}

// sanitizePath appends name to dst (whose bytes from root on are the path being built),
// resolving "." and "..", collapsing slashes and replacing unprintable bytes.
func sanitizePath(dst []byte, root int, name []byte) []byte {
	if plain := plainPathLen(dst[root:], name); plain >= 0 {
		return append(dst, name[:plain]...)
	}
	return resolvePath(dst, root, name)
}

// resolvePath is sanitizePath byte by byte.
func resolvePath(dst []byte, root int, name []byte) []byte {
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
			dst = rewindPath(dst, root)
			i += 3
		case c == '.' && at(i+1) == '.' && at(i+2) == 0:
			dst = rewindPath(dst, root)
			i += 2
		case c == '.' && at(i+1) == '.':
			dst = append(dst, '.', '.')
			i += 2
		case c == '.' && at(i+1) == '/':
			i += 2
		case c == '.' && at(i+1) == 0:
			i++
		case c == '/':
			if len(dst) == root || dst[len(dst)-1] != '/' {
				dst = append(dst, '/')
			}
			i++
		default:
			dst = append(dst, c)
			i++
		}
	}
	if len(dst)-root > 1 && dst[len(dst)-1] == '/' {
		dst = dst[:len(dst)-1]
	}
	return dst
}

// plainPathLen is the length of name up to its first NUL when sanitizePath would append
// those bytes unchanged after built (the path so far), -1 otherwise: every byte is
// printable, no '.' is followed by '.', '/' or the end, no '/' follows a '/', and the
// whole does not end with a '/' past its first byte.
func plainPathLen(built, name []byte) int {
	var last byte
	if len(built) > 0 {
		last = built[len(built)-1]
	}
	n := 0
	for ; n < len(name); n++ {
		c := name[n]
		if c == 0 {
			break
		}
		if c < 0x20 || c > 0x7e || (c == '/' && last == '/') {
			return -1
		}
		if c == '.' && (n+1 == len(name) || name[n+1] == '.' || name[n+1] == '/' || name[n+1] == 0) {
			return -1
		}
		last = c
	}
	if last == '/' && len(built)+n > 1 {
		return -1
	}
	return n
}

// rewindPath removes the last component of the path being built, with its trailing
// slash; a path of at most one byte is left alone.
func rewindPath(dst []byte, root int) []byte {
	if len(dst)-root <= 1 {
		return dst
	}
	n := len(dst) - 1
	for n > root && dst[n-1] != '/' {
		n--
	}
	return dst[:n]
}
