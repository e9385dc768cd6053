// Package probe owns scry's eBPF capture probe: the compiled programs (generated from
// ../bpf by bpf2go and committed, so building needs no clang), loading them with the
// capture settings, filling the syscall and tail-call tables from the event schema,
// attaching them, and reading the probe's counters.
//
// The probe writes events in the capture wire format (v2 header, u16 parameter lengths,
// parameters) into one BPF ring buffer per CPU; Rings hands those maps to a reader.
//
// A Probe is safe for concurrent use once loaded: Stats may be called from any
// goroutine while another drains the rings. Close detaches and frees everything.
package probe
