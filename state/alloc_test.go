package state

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// ioLoop returns the events of a read/write/open/close loop on known threads: a
// process and one of its threads reading and writing a file and a socket, opening and
// closing a file. The open's fd name is the only state an iteration creates.
func ioLoop(t testing.TB) (*harness, []event.Event) {
	h := newHarness(t, bashSection())
	h.pair(100, evSocketE, p(u32(afInet), u32(sockStream), u32(0)), i64(4))
	h.run(100, evConnectE, i64(4), sockaddr4("10.0.0.9", 80))
	h.run(100, evConnectX, i64(0), tuple4("10.0.0.5", 40000, "10.0.0.9", 80))
	data := make([]byte, 80)
	var evs []event.Event
	add := func(tid int64, typ uint16, params ...[]byte) {
		h.ts += 100
		evs = append(evs, event.Event{Raw: event.Append(nil, h.ts, tid, typ, params...)})
	}
	for _, tid := range []int64{100, 101} {
		add(tid, evReadE, i64(3), u32(80))
		add(tid, evReadX, i64(80), data)
		add(tid, evWriteE, i64(4), u32(80))
		add(tid, evWriteX, i64(80), data)
		add(tid, evRecvfromE, i64(4), u32(80))
		add(tid, evRecvfromX, i64(80), data, nil)
		add(tid, evOpenE)
		add(tid, evOpenX, i64(5), cs("/etc/hosts"), u32(1), u32(0), u32(0))
		add(tid, evCloseE, i64(5))
		add(tid, evCloseX, i64(0))
	}
	return h, evs
}

// TestProcessAllocations checks that steady-state processing of common syscalls on
// known threads allocates nothing: the fd entries closes free are reused by later opens,
// and names of files opened before are shared.
func TestProcessAllocations(t *testing.T) {
	h, evs := ioLoop(t)
	run := func() {
		for i := range evs {
			h.e.EndEvent(h.e.Process(&evs[i]))
		}
	}
	run()
	run()
	if a := testing.AllocsPerRun(200, run); a != 0 {
		t.Errorf("%.1f allocations per loop of %d events, want 0", a, len(evs))
	}
	rw := evs[:6]
	if a := testing.AllocsPerRun(200, func() {
		for i := range rw {
			h.e.EndEvent(h.e.Process(&rw[i]))
		}
	}); a != 0 {
		t.Errorf("read/write/recvfrom loop: %.1f allocations, want 0", a)
	}
}

func BenchmarkProcessIOLoop(b *testing.B) {
	h, evs := ioLoop(b)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		ev := &evs[n%len(evs)]
		h.e.EndEvent(h.e.Process(ev))
		n++
	}
}

// BenchmarkReplayCorpus replays the largest corpus capture from memory.
func BenchmarkReplayCorpus(b *testing.B) {
	files := corpusFiles(b)
	var path string
	for _, f := range files {
		if len(f) > 0 && (path == "" || f > path) && contains(f, "httpd") && contains(f, "sdk-go") {
			path = f
		}
	}
	if path == "" {
		b.Skip("libs-sdk-go--httpd not in the corpus")
	}
	sec, evs := loadCapture(b, path)
	b.ReportAllocs()
	for b.Loop() {
		e := New(Options{})
		e.LoadSection(sec)
		for i := range evs {
			e.EndEvent(e.Process(&evs[i]))
		}
	}
	b.ReportMetric(float64(len(evs))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
