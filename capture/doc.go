// Package capture owns where events come from: engines behind one Source interface
// (the live eBPF probe, scap savefiles, and a test source fed with driver-format bytes
// so that everything above capture can be tested without a kernel), draining the
// probe's per-CPU rings with adaptive polling, and the k-way merge that hands out their
// events in timestamp order.
//
// Events are views: Next fills an event.Event whose bytes belong to the source and stay
// valid until the following Next or Close. A Source is drained by one goroutine; Stop
// and Stats may be called from any goroutine.
package capture
