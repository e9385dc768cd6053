// Package output formats events as sysdig prints them: format strings (-p, with '*', %N
// widths and escapes), the default, container, kubernetes and mesos line formats, sysdig's
// -j JSON objects, and JSON lines and CSV rows with typed values for other tools.
//
// A Format owns bound fields with scratch buffers and per-field state: it is not safe for
// concurrent use; parse one per goroutine. Formatting appends to a caller-owned buffer and
// allocates nothing per event once the buffers have grown.
package output
