// Package capturebench measures live capture on this host: events drained per second
// under a syscall storm, nanoseconds added to each syscall with capture on, off and
// filtered in the kernel, the recorder's memory at full rate, and drops. The benchmarks
// need root and a kernel that loads the probe; elsewhere they skip, saying why.
//
// Run: go test -run '^$' -bench . -benchtime 1x ./bench/capture
package capturebench
