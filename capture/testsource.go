package capture

import (
	"encoding/binary"
	"fmt"
	"io"

	"github.com/scrylabs/scry/formats/event"
)

// TestSource hands out events from buffers of driver-format bytes (concatenated
// wire-format events, as the probe writes them into a ring), one buffer per simulated
// CPU, merged by timestamp exactly as the live engine merges its rings. It needs no
// kernel, so capture, state, store and query tests can run anywhere.
type TestSource struct {
	streams   []*byteStream
	merge     *merger
	delivered uint64
}

// NewTestSource validates each CPU's buffer and returns a source over them.
func NewTestSource(perCPU ...[]byte) (*TestSource, error) {
	s := &TestSource{}
	streams := make([]stream, 0, len(perCPU))
	for cpu, b := range perCPU {
		for off := 0; off < len(b); {
			n, err := event.Validate(b[off:])
			if err != nil {
				return nil, fmt.Errorf("test input of cpu %d at offset %d: %w", cpu, off, err)
			}
			off += n
		}
		bs := &byteStream{b: b}
		s.streams = append(s.streams, bs)
		streams = append(streams, bs)
	}
	s.merge = newMerger(streams)
	return s, nil
}

// Next returns the earliest remaining event.
func (s *TestSource) Next(ev *event.Event) error {
	idx, b, ok := s.merge.next()
	if !ok {
		return io.EOF
	}
	s.delivered++
	ev.Raw, ev.CPU, ev.Flags, ev.Num = b, uint16(idx), 0, s.delivered
	return nil
}

// Stop does nothing: the input ends by itself.
func (s *TestSource) Stop() {}

// Stats reports the events handed out.
func (s *TestSource) Stats() Stats { return Stats{Delivered: s.delivered} }

// Close releases nothing; it exists for the Source interface.
func (s *TestSource) Close() error { return nil }

// byteStream walks the events of one buffer.
type byteStream struct {
	b    []byte
	off  int
	next int
}

func (s *byteStream) Peek() ([]byte, bool) {
	if s.off >= len(s.b) {
		return nil, false
	}
	n := int(binary.LittleEndian.Uint32(s.b[s.off+16:]))
	s.next = s.off + n
	return s.b[s.off:s.next:s.next], true
}

func (s *byteStream) Advance() { s.off = s.next }
