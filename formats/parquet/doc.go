// Package parquet owns scry's columnar event layout: the Parquet schema of a capture or
// store segment (one row per event block), the writer that turns event views into row
// groups, and the reader that turns rows back into event views.
//
// A file keeps three things. Typed core and enriched columns named after sysdig fields
// (proc.name -> proc_name) for engines such as DuckDB. Lossless columns (the event header
// in evt_rawtime, thread_tid, raw_type, raw_nparams and the parameter bytes in
// raw_params) from which every event's wire bytes are rebuilt exactly. And, in the key/value
// metadata, the schema version, the capture's section metadata (machine info, processes,
// fds, users, groups, interfaces: the state at the file's start) and summary statistics.
// SCHEMA.md next to this file documents the layout and its versioning rules.
//
// The Writer encodes pages, dictionaries, statistics, bloom filters, page indexes and the
// footer itself (Thrift compact protocol, with the Parquet library's format types and
// encoders for levels and bloom filters), with no per-row allocation; the Reader decodes
// through the Parquet library.
//
// A caller that knows an enriched value repeats passes it with a DictHint, which spares
// the Writer its dictionary lookup (dict_hint.go).
//
// A Writer or Reader is not safe for concurrent use; distinct values are independent
// (the zstd codecs of the key/value blobs are shared between them safely, and reused from
// file to file: blob_codec.go). A DictHint belongs to one goroutine at a time: the Writer
// it is passed to writes it.
// Event views returned by Reader.Next are valid until the next call.
package parquet
