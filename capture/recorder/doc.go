// Package recorder writes a capture source to scap files the way `sysdig -w` does:
// state blocks first, then events, with optional rotation by size (-C), by time (-G),
// a bounded ring of files (-W) and an event limit (-n). Every file starts with a fresh
// snapshot of the host's state so it can be read on its own. Files are created 0600.
//
// A Recorder runs in one goroutine; stop it by stopping its source.
package recorder
