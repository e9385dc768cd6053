// Package store owns scry's history on disk: a directory of self-contained Parquet
// segments, hive-partitioned as ROOT/host=H/date=YYYY-MM-DD/hour=HH/<start>-<end>.parquet
// (start and end are the first and last event timestamps in ns since the epoch).
//
// Each segment carries the state snapshot at its start (threads, fds, users, groups,
// interfaces, and the state engine's own snapshot when one tracked the events) so that it
// can be replayed alone. Writer rolls segments by event count, size and time; segments
// are written under a temporary name, synced, then renamed, so a reader never sees part
// of one and a crash leaves the store readable. A catalog (catalog.bin) derived from the
// segments' footers is rebuilt when missing or stale: each segment's statistics and a
// summary of its columns' values (bounds, and the distinct values where they are few), so
// that planners skip segments without opening them. Open lists every segment; OpenRange
// lists those of a time range with work that grows with the range, not with the store.
// Prune applies retention by age and total size.
//
// A Store value is a read-only listing, safe for concurrent use once opened. Writer and
// SegmentReader are not safe for concurrent use. ToParquet, when GOMAXPROCS allows it,
// encodes rows on a second goroutine of its own, finished before it returns; its source
// and tracker are only called from the caller's goroutine.
package store
