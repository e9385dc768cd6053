// Package testinput builds the bytes the capture probe writes, without a kernel: events
// in the 0.29 wire format with the parameters the probe's fillers produce, appended to a
// buffer that capture.NewTestSource replays as one CPU's ring. Tests of capture, state,
// store and query use it to run without root.
//
// A Builder is not safe for concurrent use.
package testinput
