package capture

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/scrylabs/scry/capture/ring"
	"github.com/scrylabs/scry/drivers/probe"
	"github.com/scrylabs/scry/formats/event"
)

// LiveOptions configure the live engine.
type LiveOptions struct {
	Probe probe.Options
	// PollMin and PollMax bound the adaptive polling interval: it starts at PollMin
	// after a poll that found events and doubles, up to PollMax, while polls come back
	// empty. Zero means 1 ms and 16 ms.
	PollMin, PollMax time.Duration
}

// commitBytes is how much consumed ring data is handed back to the kernel at once.
const commitBytes = 256 << 10

// Live captures this host's system calls with the eBPF probe.
type Live struct {
	probe     *probe.Probe
	rings     []*ring.Reader
	poller    *ring.Poller
	merge     *merger
	stopped   atomic.Bool
	delivered atomic.Uint64
	malformed atomic.Uint64
	interval  time.Duration
	min, max  time.Duration
	closed    bool
	stoppedAt time.Time // when Next first found the rings empty after Stop but for unfinished samples
}

// OpenLive loads and attaches the probe and starts capturing. Errors from loading
// match probe.ErrPermission, probe.ErrNotSupported and probe.ErrNoBTF.
func OpenLive(o LiveOptions) (*Live, error) {
	if o.PollMin <= 0 {
		o.PollMin = time.Millisecond
	}
	if o.PollMax < o.PollMin {
		o.PollMax = 16 * time.Millisecond
	}
	p, err := probe.Load(o.Probe)
	if err != nil {
		return nil, fmt.Errorf("start live capture: %w", err)
	}
	l := &Live{probe: p, interval: o.PollMin, min: o.PollMin, max: o.PollMax}
	streams := make([]stream, 0, len(p.Rings()))
	for i, m := range p.Rings() {
		r, err := ring.NewReader(m)
		if err != nil {
			l.Close()
			return nil, fmt.Errorf("open ring %d: %w", i, err)
		}
		l.rings = append(l.rings, r)
		streams = append(streams, r)
	}
	if l.poller, err = ring.NewPoller(l.rings); err != nil {
		l.Close()
		return nil, err
	}
	l.merge = newMerger(streams)
	return l, nil
}

// Probe is the loaded probe (for its mode and counters).
func (l *Live) Probe() *probe.Probe { return l.probe }

// Next returns the earliest event available in any ring, waiting for one when the rings
// are empty. The event's bytes alias ring memory until the next call.
func (l *Live) Next(ev *event.Event) error {
	if l.closed {
		return ErrClosed
	}
	for {
		if l.merge.last >= 0 {
			if r := l.rings[l.merge.last]; r.Pending() >= commitBytes {
				r.Commit()
			}
		}
		idx, b, ok := l.merge.next()
		if ok {
			if len(b) < event.HeaderLen || int(binary.LittleEndian.Uint32(b[16:])) != len(b) {
				l.malformed.Add(1)
				continue
			}
			l.interval = l.min
			ev.Raw = b
			ev.CPU = uint16(idx)
			ev.Flags = 0
			ev.Num = l.delivered.Add(1)
			return nil
		}
		for _, r := range l.rings {
			r.Commit()
		}
		if l.stopped.Load() {
			if l.unfinished() {
				continue
			}
			return io.EOF
		}
		if _, err := l.poller.Wait(l.interval); err != nil {
			return err
		}
		if l.interval < l.max {
			l.interval *= 2
		}
	}
}

// drainGrace bounds how long Next waits, after Stop, for samples the probe was still
// writing when it was detached.
const drainGrace = 200 * time.Millisecond

// unfinished reports, once the probe is stopped and every ring looks empty, whether a
// ring still holds bytes behind a sample being written (a program preempted in the middle
// of an event when the probe was detached): Next then waits for it, up to drainGrace.
func (l *Live) unfinished() bool {
	waiting := false
	for _, r := range l.rings {
		waiting = waiting || r.Available() > 0
	}
	if !waiting {
		return false
	}
	now := time.Now()
	if l.stoppedAt.IsZero() {
		l.stoppedAt = now
	}
	if now.Sub(l.stoppedAt) > drainGrace {
		return false
	}
	time.Sleep(time.Millisecond)
	return true
}

// Stop detaches the probe, so that the rings hold a finite backlog, and makes Next
// return io.EOF once they are drained.
func (l *Live) Stop() {
	l.probe.Detach()
	l.stopped.Store(true)
}

// Stats combines the probe's counters with what Next delivered.
func (l *Live) Stats() Stats {
	s := Stats{Delivered: l.delivered.Load()}
	ps, err := l.probe.Stats()
	if err == nil {
		s.Events, s.Drops, s.DropsBuffer, s.DropsPF = ps.Events, ps.Drops, ps.DropsBuffer, ps.DropsPF
		s.Filtered, s.DropsByCategory = ps.Filtered, ps.DropsByCategory
	}
	return s
}

// Close detaches the probe and unmaps the rings.
func (l *Live) Close() error {
	if l.closed {
		return nil
	}
	l.closed = true
	var errs []error
	if l.poller != nil {
		errs = append(errs, l.poller.Close())
	}
	for _, r := range l.rings {
		errs = append(errs, r.Close())
	}
	errs = append(errs, l.probe.Close())
	return errors.Join(errs...)
}
