// Package state is scry's state engine, the equivalent of libsinsp's: it replays a
// capture's events into the thread table, the per-process fd tables, the user, group,
// interface and container tables, and tells field extraction, for every event, which
// thread and fd it concerns, which enter event it pairs with and its error code.
//
// Use: New, LoadSection with the capture's metadata (again at every new section), then
// Process for every event in file order, internal ones included; extract fields from
// the returned EventContext (filters first), call EndEvent, then extract output fields.
// A filter installed with SetFilter runs inside Process where sysdig runs it; with
// SetFilterTypes, events of types the filter cannot accept only leave their lasting
// effects on the tables (skip.go); with SetFDTablesUnobserved as well, such events whose
// parsers only change fd tables leave those tables alone (skip_fd.go).
// The behaviour follows sysdig 0.29.3 event by event, quirks included; where sysdig
// gives up (an fd list for an unknown thread) the engine goes on.
//
// Captures of newer libs carry thread data sysdig 0.29 ignores (capability sets, the
// executable's inode and overlay layers, memfd execution, the pid namespace's start:
// newer.go); the engine keeps it on the threads (Thread.Known says what a capture
// recorded) for the fields newer rules use, and changes nothing sysdig 0.29 shows.
//
// Snapshot and MarshalBinary capture the whole state, as capture metadata or as a
// versioned binary image that Restore brings back, so a stream can be replayed from the
// middle with the same results as from its start.
//
// Where sysdig 0.29.3 is not followed: writes to /dev/null never become tracer events
// (the engine has no tracer parser); an old openat exit that did not pair reads a copy of
// the enter event last paired (sysdig reads that event's freed buffer); an fd list for a
// thread the process list lacks gets a placeholder thread instead of failing the capture.
//
// Memory is bounded: the thread table holds at most Options.MaxThreads entries, each fd
// table Options.MaxFDs, each thread at most one stored enter event of up to 4096 bytes;
// threads leave the table at the event after their procexit, and their fd tables go
// with them; a main thread whose threads still run stays (flagged closed) for the rest
// of the capture, as in sysdig, unless Options.ReapClosedProcesses removes it once its
// last thread is gone. The container table grows with the distinct containers of the
// capture. The fd entries closes free wait in a pool (at most 4096) for later opens, and
// the names of files opened recently (at most 4096) are shared, so that steady-state
// processing allocates nothing.
//
// An Engine is not safe for concurrent use; everything it returns (threads, fd entries,
// contexts) is owned by the engine and changes as it processes events (an fd entry
// removed by a close may come back as another fd's entry). Distinct engines are
// independent. The package-level helpers are safe for concurrent use.
package state
