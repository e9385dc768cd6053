package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/query/output"
	"github.com/scrylabs/scry/state"
)

// benchFormat extracts five fields per event.
const benchFormat = "%evt.num %proc.name %thread.tid %evt.type %fd.name"

// BenchmarkReadEnrichExtract reads the corpus' largest capture from memory, runs every
// event through the state engine and formats five fields of each: the work of
// `scry read -p FMT` on one core, without the output device.
func BenchmarkReadEnrichExtract(b *testing.B) {
	dir, err := os.Getwd()
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "..", "..", "..", "shared", "corpus", "raw", "libs-sdk-go--httpd.scap")
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("corpus capture not available: %v", err)
	}
	// Decompress once so the benchmark measures decoding, state and formatting.
	if len(raw) > 2 && raw[0] == 0x1f && raw[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			b.Fatal(err)
		}
		if raw, err = io.ReadAll(zr); err != nil {
			b.Fatal(err)
		}
	}
	f, err := output.Parse(benchFormat, output.DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	var line []byte
	var events int
	var cpu, wall time.Duration
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		rd, err := scap.NewReader(bytes.NewReader(raw), path)
		if err != nil {
			b.Fatal(err)
		}
		eng := state.New(state.Options{})
		eng.LoadSection(rd.Section())
		var ev event.Event
		c0, w0 := cpuTime(), time.Now()
		for {
			if err := rd.Next(&ev); err != nil {
				if errors.Is(err, io.EOF) {
					break
				}
				b.Fatal(err)
			}
			ctx := eng.Process(&ev)
			if ctx.Hidden || ctx.Filtered {
				continue
			}
			eng.EndEvent(ctx)
			line, _ = f.AppendText(line[:0], ctx, eng)
			events++
		}
		cpu += cpuTime() - c0
		wall += time.Since(w0)
		rd.Close()
	}
	// The event loop alone (opening the capture and loading its process table excluded):
	// per wall-clock second, and per CPU-second, which is what one core does when the
	// machine is shared.
	b.ReportMetric(float64(events)/wall.Seconds(), "events/s")
	if cpu > 0 {
		b.ReportMetric(float64(events)/cpu.Seconds(), "events/cpu-s")
	}
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReadFile runs `scry read FILE FILTER > /dev/null` in process over the capture
// named by SCRY_BENCH_FILE, with the filter of SCRY_BENCH_FILTER (default: one that never
// matches) and the format of SCRY_BENCH_FORMAT (default: sysdig's).
func BenchmarkReadFile(b *testing.B) {
	path := os.Getenv("SCRY_BENCH_FILE")
	if path == "" {
		b.Skip("skipping: set SCRY_BENCH_FILE to a capture (go run ./bench/cmd/genbig -o /tmp/big.scap)")
	}
	filterText, ok := os.LookupEnv("SCRY_BENCH_FILTER")
	if !ok {
		filterText = "proc.name=none_such"
	}
	o := readOptions{file: path, format: os.Getenv("SCRY_BENCH_FORMAT"), timeMode: "h"}
	b.ReportAllocs()
	// The calling thread's CPU time is the critical path: the state engine, the filter
	// and the output run there; decoding runs on another thread with GOMAXPROCS > 1.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c0, t0 := cpuTime(), threadCPUTime()
	for b.Loop() {
		if err := runRead(io.Discard, &o, filterText); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime()-c0).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric((threadCPUTime()-t0).Seconds()/float64(b.N), "main-thread-cpu-s/op")
}

// threadCPUTime is the CPU time (user and system) the calling thread has used.
func threadCPUTime() time.Duration {
	const rusageThread = 1 // RUSAGE_THREAD
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
