// Package enrich connects the store to the state engine and the field extractors: its
// Tracker replays events through a state.Engine to fill a segment's enriched columns
// (proc_name, fd_name, ...) with the values sysdig's filters see, and snapshots the state
// at each segment's start; Restore brings a segment's snapshot back into an engine so the
// segment can be replayed alone. The columns that depend on the event's thread alone
// (process, user, group, container), on its fd entry alone (fd name, type, addresses,
// ports ...) or on its type (evt_type, evt_category) are extracted again only when
// something they read changes (thread_cache.go, fd_cache.go, type_cache.go); evt.args (with
// evt_rawres and evt_failed) is rendered again only for new parameter bytes or when an
// entry they name reads otherwise (args_cache.go).
//
// A Tracker is not safe for concurrent use; use one per writer.
package enrich
