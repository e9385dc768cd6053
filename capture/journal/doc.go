// Package journal owns the files that keep a store's recording safe from a crash, in
// zstd- or S2-compressed, checksummed frames (FORMAT.md and format.go describe them).
//
// A Spool appends a recording's events to a series of spool files: Append only copies an
// event into a frame buffer (a bounded number of them; Append blocks when all wait), and
// the spool's own goroutine compresses and writes each full frame and syncs the file at
// least every SyncEvery. Follow reads the spool back, in the same process, while it is
// written (with MaxBacklog, the spool waits for that reader rather than run further
// ahead); ReadSpool reads what a spool left behind, up to its last complete frame.
// WriteCheckpoint and ReadCheckpoint keep the state where a segment starts with its
// position in the spool; MarkCommit records that the segment is being committed.
//
// Version 1 journals (Create, Open) hold one segment's snapshot and events, as earlier
// recorders wrote them; Open reads them for recovery.
//
// Concurrency: a Spool's Append is called by one goroutine, Close once after it; Release
// and RemoveFiles by its reader; Follow's SpoolReader and a ReadSpool reader each by one
// goroutine. WriteCheckpoint, MarkCommit and ReadCheckpoint may be called from any
// goroutine. A Writer's Append is called by one goroutine; Sync, Close and Discard may be
// called from any goroutine (the Writer's own syncing goroutine calls Sync). A Reader is
// not safe for concurrent use.
package journal
