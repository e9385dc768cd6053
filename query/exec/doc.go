// Package exec owns query execution: scalar expressions over rows of field values,
// hash aggregation with mergeable partial states, HAVING, ORDER BY with a bounded top-k,
// LIMIT, and the result writers (aligned table, CSV, JSON, JSON lines, Parquet).
//
// Rows arrive in column batches (Batch) from partitions (a capture, a Parquet file, a
// store segment). Run scans partitions on all cores, each into its own partial
// aggregation, and merges the partials; memory is bounded by the batch size and the
// number of groups, not by the amount of data scanned. Queries without aggregates
// stream rows straight to the writer unless ORDER BY needs them all.
//
// Concurrency: a compiled Query is read-only and may be shared; every partition scan
// gets its own operator state from it. Writers are used by one goroutine.
package exec
