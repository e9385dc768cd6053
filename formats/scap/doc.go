// Package scap reads and writes falcosecurity scap capture files ("savefiles"): the
// pcapng-style block stream of section headers, machine info, process, fd, interface and
// user lists, and events, plain or compressed with gzip or zstd.
//
// Reader streams a capture with memory independent of its size: Next hands out events as
// views over an internal window, valid until the following call, with no allocation per
// event in steady state (NextBatch: the events already in the window at once, framed in
// one pass). It recognises gzip (concatenated members included) and zstd by their magic
// bytes, accepts every block type and version of the format (section header
// 1.x; machine info; PL V1-V9; FDL, IL, UL v1 and v2; EV, EVF, EV_V2, EVF_V2 and their
// _LARGE variants; the pre-release _INT codes), skips unknown metadata blocks without
// holding them in memory, and follows concatenated sections (Section changes). As in
// libscap, only a new section header may follow a section's events. Damage yields every
// good event before it, then a *FormatError naming the file, the offset of the block in
// the decompressed stream, the block type and what was expected.
//
// Writer writes format version 1.2 with the newest block versions (see WriteMajor and the
// WriteBlock constants): MI, IL v2, UL v2, PL V9, FDL v2, EV_V2/EVF_V2 and their _LARGE
// variants, the layout sysdig 0.29.3 reads. Copy rewrites a capture losslessly: events
// byte for byte with cpu, flags and numbering, and every section's metadata (including
// process entry tails and fd entry bytes newer than this package knows).
//
// Open maps an uncompressed capture of 1 MiB or more into memory (Mapped): its events are
// then views into the page cache, framed without copying, and stay valid until Close. A
// file that shrinks while mapped makes reading past its new end fault: a goroutine that
// asks for faults as panics (debug.SetPanicOnFault) and defers RecoverFault gets a
// truncation error instead. FrameAhead frames a mapped capture on a goroutine of its own
// and hands out the events in batches of views, so that framing overlaps the caller's
// work on another core without moving event bytes between cores.
//
// ReadAhead runs a Reader on a goroutine of its own and hands out the same events in
// batches, so that decoding overlaps the caller's work on another core; it reads into a
// rotation of buffers and reuses a buffer only once the caller has moved past every event
// in it, so events are views, not copies, valid until the following call as with a
// Reader. The Reader belongs to that goroutine until Next returns an error or Close.
//
// A Reader, Writer, ReadAhead or FrameAhead is not safe for concurrent use; distinct values are
// independent.
package scap
