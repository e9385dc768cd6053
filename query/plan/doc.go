// Package plan turns a parsed query into work: it resolves FROM into sources (a scap
// capture, scry Parquet files named directly or by a glob, a store directory or the
// default store), turns SINCE/UNTIL into a time range, keeps the segments and row groups
// that may hold matching events, and decides for every field whether it is read from a
// stored column or computed by replaying the segment from its start-state snapshot
// through the state engine. The result is a list of exec.Partition values and an
// EXPLAIN description of what is read and what is skipped.
//
// A store's catalog does the first cut without opening any segment: a time range known
// before planning selects segments from its index (store.OpenRange), and the column
// summaries of each entry (bounds, the list of values where short) drop segments that
// cannot hold a value the filter needs. Opened files then prune row groups and pages;
// a row group whose read columns cut their pages at the same rows is read one page of
// every column at a time, so that a scan holds a page of rows rather than a row group.
// Push-down only ever says "may match": statistics, dictionaries and bloom filters drop
// what cannot hold a matching row, and every row read is still checked by the compiled
// filter. Both paths (stored columns and replay) give the same rows, with one exception
// that follows from sysdig: its engine does not parse further the events a filter
// rejects, so state after them depends on the filter (a stale enter event, for instance,
// changes how a later fcntl or dup is read). Replay reproduces that; stored columns hold
// the values of the unfiltered recording. A filtered replay over a store therefore runs
// consecutive segments of one recording as one chain through one engine (chain.go)
// rather than from each segment's snapshot, and does not prune those segments; so does
// a replay reading a field that carries state from event to event (evt.deltatime).
//
// Concurrency: Build is safe for concurrent use. A Plan is read-only; each partition's
// Scan builds its own state engine, filter and extractors, so partitions may be scanned
// at the same time, but one partition is scanned by one goroutine at a time.
package plan
