// Package bench holds scry's benchmarks and side-by-side comparisons with sysdig: the
// capture generator (cmd/genbig), the pure decode loop (cmd/decode and the Go benchmarks
// here), the scripts that time them, and RESULTS.md. Nothing here is used by scry itself.
// Its benchmarks share no state and may run in parallel with anything.
package bench
