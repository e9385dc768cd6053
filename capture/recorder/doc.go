// Package recorder writes a capture source to disk, in one of two ways.
//
// Record writes scap files the way `sysdig -w` does: state blocks first, then events,
// with optional rotation by size (-C), by time (-G), a bounded ring of files (-W) and an
// event limit (-n). Every file starts with a fresh snapshot of the host's state so it can
// be read on its own. Files are created 0600.
//
// RecordStore records continuously into a store: the events pass a state tracker (the
// state engine, loaded with the /proc scan) and go into query-ready segments, each
// starting with the state snapshot at its first event, rolled by events, size and time;
// retention runs at the start and periodically. The open segment's events also go to a
// journal (package journal) synced at least every second, and the next RecordStore on the
// same store recovers what a crash left there into a segment before it records. An flock
// keeps a second recording out of a store. Segments and journals are created 0600.
//
// A recording runs in the calling goroutine; stop it by stopping its source. RecordStore
// starts goroutines of its own (journal syncing, retention) and stops them before it
// returns.
package recorder
