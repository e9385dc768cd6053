// Package fields owns sysdig's field catalogue: resolving a field reference such as
// proc.aname[2] or evt.arg.fd to a bound Field (Lookup), extracting typed values of every
// field from an event in its state context (Extractor), and turning values into the text
// and JSON sysdig prints for them (AppendText, AppendJSON).
//
// The catalogue is immutable and safe for concurrent use. A bound Field's extractor keeps
// scratch buffers and per-field state (evt.deltatime, thread.exectime): it is not safe for
// concurrent use; resolve one Field per goroutine. Values returned by an extractor alias
// the event or the extractor's buffers and are valid until it runs again.
package fields
