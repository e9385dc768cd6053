// Package recorder writes a capture source to disk, in one of two ways.
//
// Record writes scap files the way `sysdig -w` does: state blocks first, then events,
// with optional rotation by size (-C), by time (-G), a bounded ring of files (-W) and an
// event limit (-n). Every file starts with a fresh snapshot of the host's state so it can
// be read on its own. Files are created 0600.
//
// RecordStore records continuously into a store, in two stages. The draining goroutine
// only appends each event to the recording's spool (package journal: compressed frames
// on disk, synced at least every second), so it keeps up with the source. A builder
// goroutine reads the spool back and runs the events through a state tracker (the state
// engine, loaded with the /proc scan) into query-ready segments, each starting with the
// state snapshot at its first event, rolled by events, size and time; when a segment
// opens it writes a checkpoint (that snapshot and the spool position), and removes the
// spool files before it. Under a storm the builder falls behind and the backlog waits in
// the spool, on disk; memory stays bounded, and so does the spool (past its bound the
// source waits, and a live capture drops events rather than fill the disk). The builder
// runs at a lower CPU priority (nice 5), so on a busy CPU draining comes first. When the source ends, the builder catches up
// before RecordStore returns. After a crash, the next RecordStore on the store converts
// every spooled event after the latest checkpoint into segments before it builds its own.
// Retention runs at the start and periodically. An flock keeps a second recording out of a
// store. Segments, spool files and checkpoints are created 0600.
//
// Record runs in the calling goroutine; stop it by stopping its source. RecordStore
// drains in the calling goroutine and starts goroutines of its own (the builder, spool
// writing and syncing, retention), all stopped before it returns; while it runs it raises
// GOMAXPROCS to at least 2, so that the builder's thread and the draining goroutine's are
// scheduled apart.
package recorder
