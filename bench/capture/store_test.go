package capturebench

import (
	"bytes"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/scrylabs/scry/capture"
	"github.com/scrylabs/scry/capture/recorder"
	"github.com/scrylabs/scry/drivers/testinput"
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/store"
)

// storeWorkload is n rounds of a process's life: fork, exec, open, read, write, close,
// exit; ten events of I/O per round besides. About 25 events per round.
func storeWorkload(n int) []byte {
	var b testinput.Builder
	shell := testinput.Proc{Tid: 100, Pid: 100, Ptid: 1, Exe: "/bin/bash", Comm: "bash"}
	ts := uint64(time.Now().UnixNano())
	data := bytes.Repeat([]byte("x"), 80)
	for i := 0; i < n; i++ {
		child := int64(1000 + i)
		b.Fork(ts, shell, child)
		b.Execve(ts+10, "/bin/cat", testinput.Proc{Tid: child, Pid: child, Ptid: 100, Exe: "cat", Args: []string{"/etc/hosts"}, Comm: "cat"}, 0)
		b.Openat(ts+20, child, -100, "/etc/hosts", 1, 0, 3)
		for j := 0; j < 5; j++ {
			b.Read(ts+30+uint64(4*j), child, 3, 4096, data)
			b.Write(ts+32+uint64(4*j), child, 1, data)
		}
		b.Close(ts+60, child, 3, 0)
		b.ProcExit(ts+70, child, 0)
		ts += 100
	}
	return b.Bytes()
}

// sourceEnd notes when its source ends.
type sourceEnd struct {
	capture.Source
	at time.Time
}

func (s *sourceEnd) Next(ev *event.Event) error {
	err := s.Source.Next(ev)
	if err == io.EOF && s.at.IsZero() {
		s.at = time.Now()
	}
	return err
}

// BenchmarkRecordStore reports the events per second a continuous recording into a store
// drains (spooled, until the source ends) and stores (in segments, until RecordStore
// returns) with everything on one core or two (state tracking, enriched columns, Parquet
// segments, the spool), with and without the enriched columns. Draining outruns storing:
// the backlog waits in the spool.
func BenchmarkRecordStore(b *testing.B) {
	raw := storeWorkload(8000)
	section := &scap.Section{Machine: &scap.MachineInfo{NumCPUs: 1, Hostname: "bench"},
		Processes: []scap.Process{{Tid: 100, Pid: 100, Ptid: 1, Comm: "bash", Exe: "/bin/bash", LoginUID: -1}}}
	for _, c := range []struct {
		name    string
		tracker func() (store.Tracker, error)
	}{{"enriched", recorder.NewEnrichingTracker}, {"state_only", recorder.NewStateTracker}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var events uint64
			var drained, elapsed time.Duration
			for b.Loop() {
				src, err := capture.NewTestSource(raw)
				if err != nil {
					b.Fatal(err)
				}
				end := &sourceEnd{Source: src}
				start := time.Now()
				res, err := recorder.RecordStore(end, recorder.StoreOptions{Root: filepath.Join(b.TempDir(), "store"),
					Section: section, NewTracker: c.tracker, Segment: store.WriterOptions{MaxEvents: 100_000}})
				if err != nil {
					b.Fatal(err)
				}
				elapsed += time.Since(start)
				drained += end.at.Sub(start)
				events += res.Events
			}
			b.ReportMetric(float64(events)/drained.Seconds(), "drained-events/s")
			b.ReportMetric(float64(events)/elapsed.Seconds(), "events/s")
		})
	}
}
