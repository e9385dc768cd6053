// Package fields owns sysdig's field catalogue: resolving a field reference such as
// proc.aname[2] or evt.arg.fd to a bound Field (Lookup, LookupDisplay for output
// formats, LookupRecord for typed records), extracting typed values of every field from
// an event in its state context (Extractor), and turning values into the text and JSON
// sysdig prints for them (AppendText, AppendJSON) or the JSON type typed records give
// them (RecordType).
//
// The catalogue is sysdig 0.29's field list plus scry extensions (Extensions): fields of
// newer libs that the Falco rules of today use (proc.pexe, proc.aexe[N],
// thread.cap_effective, proc.exe_ino*, proc.is_exe_upper_layer, proc.is_vpgid_leader,
// fd.nameraw, container.start_ts ...), resolved in the classes newer libs put them in.
// Where their data comes only from newer captures (capabilities, executable inode and
// layers, memfd, pid namespace start: state.Thread's newer data) they have no value on
// captures that lack it. Multi-valued fields (socket ends, ancestors) yield every value
// to filters without allocating.
//
// The catalogue is immutable and safe for concurrent use. A bound Field's extractor keeps
// scratch buffers and per-field state (evt.deltatime, thread.exectime, thread.cpu): it
// is not safe for concurrent use; resolve one Field per goroutine. Values returned by an
// extractor alias the event or the extractor's buffers and are valid until it runs
// again.
package fields
