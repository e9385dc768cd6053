// Package event is the one event representation of scry: a view over the falcosecurity
// wire-format bytes of an event (header, parameter-length array, parameter values), with
// typed, allocation-free accessors driven by the schema tables.
//
// An Event does not own its bytes: whoever hands it out says how long they stay valid
// (scap.Reader: until its next call to Next). Copy an event with Clone to keep it.
// Event values are safe to read concurrently; they are never modified in place.
package event
