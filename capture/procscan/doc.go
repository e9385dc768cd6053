// Package procscan reads the state of a running host from /proc, /sys and /etc: machine
// info, every process and thread, their open files and sockets (resolved through
// /proc/net), users, groups and network interfaces. It produces a *scap.Section, the
// state blocks a capture starts with, so a recording can be read on its own.
//
// Scan is safe for concurrent use; it keeps no state between calls. Processes that exit
// during a scan are skipped.
package procscan
