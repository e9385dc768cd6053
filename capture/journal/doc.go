// Package journal owns the append-only journal of a store's open segment: the state
// snapshot the segment starts with (host, capture section, state engine image), then the
// segment's events in wire format, in zstd-compressed, checksummed frames appended to one
// file. A Writer syncs the file at a fixed interval (and when enough events are waiting),
// so a crash loses at most one interval; Open and Next read back the snapshot and every
// event of the frames written completely, stopping at a torn or corrupt tail. The file
// layout is described in FORMAT.md and format.go.
//
// Concurrency: a Writer's Append is called by one goroutine; Sync, Close and Discard may
// be called from any goroutine (the Writer's own syncing goroutine calls Sync). A Reader
// is not safe for concurrent use.
package journal
