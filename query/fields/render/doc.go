// Package render turns event parameters into the text sysdig shows for them: the raw
// form (numbers by print format, strings, buffers) and the resolved form (fd names, flag
// names, errno names, thread names, absolute paths, user and group names), plus the byte
// buffer formats of sysdig's -A, -x, -X and -b options and its socket tuple and path text.
//
// Every function appends to a caller-owned []byte and allocates nothing per call once the
// caller's buffer has grown. A Renderer holds scratch space: it is not safe for concurrent
// use; give each goroutine its own. The package-level functions are safe for concurrent
// use.
package render
