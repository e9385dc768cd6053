package capturebench

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cilium/ebpf"
	"golang.org/x/sys/unix"

	"github.com/scrylabs/scry/capture"
	"github.com/scrylabs/scry/capture/procscan"
	"github.com/scrylabs/scry/capture/recorder"
	"github.com/scrylabs/scry/drivers/probe"
	"github.com/scrylabs/scry/formats/event"
)

// ddCount is the number of one-byte copies per dd run: each costs a read and a write.
const ddCount = 1_000_000

func openLive(b *testing.B, o probe.Options) *capture.Live {
	b.Helper()
	l, err := capture.OpenLive(capture.LiveOptions{Probe: o})
	if err == nil {
		return l
	}
	var ve *ebpf.VerifierError
	if errors.As(err, &ve) {
		b.Fatalf("verifier rejected the probe: %+v", ve)
	}
	if errors.Is(err, probe.ErrPermission) || errors.Is(err, probe.ErrNotSupported) || errors.Is(err, probe.ErrNoBTF) {
		b.Skipf("BPF unavailable here: %v", err)
	}
	b.Fatal(err)
	return nil
}

// pinReader keeps this process (the reader) off the CPU dd runs on, so the numbers
// measure the cost inside the traced process, not a fight for its core.
func pinReader(b *testing.B) {
	if runtime.NumCPU() < 2 {
		return
	}
	var set unix.CPUSet
	set.Set(0)
	tasks, _ := os.ReadDir("/proc/self/task")
	for _, t := range tasks {
		if tid, err := strconv.Atoi(t.Name()); err == nil {
			_ = unix.SchedSetaffinity(tid, &set)
		}
	}
	b.Cleanup(func() {
		var all unix.CPUSet
		for i := 0; i < runtime.NumCPU(); i++ {
			all.Set(i)
		}
		tasks, _ := os.ReadDir("/proc/self/task")
		for _, t := range tasks {
			if tid, err := strconv.Atoi(t.Name()); err == nil {
				_ = unix.SchedSetaffinity(tid, &all)
			}
		}
	})
}

// dd runs dd pinned to the last CPU and returns its wall time.
func dd(b *testing.B, count int) time.Duration {
	b.Helper()
	cpu := strconv.Itoa(runtime.NumCPU() - 1)
	args := []string{"-c", cpu, "dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=" + strconv.Itoa(count)}
	start := time.Now()
	if out, err := exec.Command("taskset", args...).CombinedOutput(); err != nil {
		b.Fatalf("dd: %v\n%s", err, out)
	}
	return time.Since(start)
}

// drain counts events until stopped.
func drain(src *capture.Live, n *atomic.Uint64) chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ev event.Event
		for src.Next(&ev) == nil {
			n.Add(1)
		}
	}()
	return done
}

// BenchmarkDrainStorm saturates one core with syscalls and reports how many events per
// second the reader drained and how many were dropped: the reader alone (raw), and a
// recording into a store on a tmpfs with the enriched columns (store: the state engine,
// the field extractors and the Parquet encoder on the reader's CPU too), which also
// reports how long its builder took, after the storm, to store its backlog.
func BenchmarkDrainStorm(b *testing.B) {
	pinReader(b)
	b.Run("raw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			live := openLive(b, probe.Options{})
			var n atomic.Uint64
			done := drain(live, &n)
			start := time.Now()
			d := dd(b, 3*ddCount)
			time.Sleep(20 * time.Millisecond)
			live.Stop()
			<-done
			st := live.Stats()
			live.Close()
			b.ReportMetric(float64(n.Load())/time.Since(start).Seconds(), "events/s")
			b.ReportMetric(float64(2*3*ddCount)/d.Seconds(), "dd-syscalls/s")
			b.ReportMetric(float64(st.Drops), "drops")
		}
	})
	b.Run("store", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			live := openLive(b, probe.Options{})
			sec, err := procscan.Scan(procscan.Options{})
			if err != nil {
				b.Fatal(err)
			}
			root := filepath.Join("/dev/shm", fmt.Sprintf("scry-drain-%d", os.Getpid()))
			var res recorder.StoreResult
			done := make(chan error, 1)
			go func() {
				var err error
				res, err = recorder.RecordStore(live, recorder.StoreOptions{Root: root, Section: sec})
				done <- err
			}()
			time.Sleep(200 * time.Millisecond)
			start := time.Now()
			d := dd(b, 3*ddCount)
			stormEnd := time.Now()
			time.Sleep(20 * time.Millisecond)
			live.Stop()
			err = <-done
			caughtUp := time.Since(stormEnd)
			st := live.Stats()
			live.Close()
			os.RemoveAll(root)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(st.Delivered)/stormEnd.Sub(start).Seconds(), "events/s")
			b.ReportMetric(float64(2*3*ddCount)/d.Seconds(), "dd-syscalls/s")
			b.ReportMetric(float64(st.Drops), "drops")
			b.ReportMetric(float64(res.Events), "events")
			b.ReportMetric(d.Seconds(), "storm-s")
			b.ReportMetric(caughtUp.Seconds(), "catch-up-s")
		}
	})
}

// BenchmarkRecorderRSS runs `scry record` while dd saturates a core, into a file on a
// tmpfs (-w) and into a store there (--store, with the enriched columns), and reports the
// recorder's peak resident memory, the events it recorded, its drops, how long the storm
// lasted and how long the recorder took to exit after it (SIGINT as the storm ends: the
// store recorder first stores its backlog), and for the store the peak size of its
// spool. SCRY_BENCH_DD_COUNT sets dd's count (default 2 000 000, two syscalls each). The recorder runs on CPU 0, dd on the last.
func BenchmarkRecorderRSS(b *testing.B) {
	if os.Geteuid() != 0 {
		b.Skip("needs root to load the probe")
	}
	bin := filepath.Join(b.TempDir(), "scry")
	build := exec.Command("go", "build", "-o", bin, "./cmd/scry")
	build.Dir = "../.."
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build scry: %v\n%s", err, out)
	}
	out := filepath.Join("/dev/shm", fmt.Sprintf("scry-rss-%d", os.Getpid()))
	count := ddCount * 2
	if v, err := strconv.Atoi(os.Getenv("SCRY_BENCH_DD_COUNT")); err == nil && v > 0 {
		count = v
	}
	for _, mode := range []struct {
		name string
		args []string
	}{{"file", []string{"-w", out + ".scap", "--stats"}}, {"store", []string{"--store", out + ".store"}}} {
		b.Run(mode.name, func(b *testing.B) {
			defer os.RemoveAll(out + ".scap")
			defer os.RemoveAll(out + ".store")
			for b.Loop() {
				os.RemoveAll(out + ".store")
				rec := exec.Command("taskset", append([]string{"-c", "0", bin, "record"}, mode.args...)...)
				var stderr strings.Builder
				rec.Stderr = &stderr
				if err := rec.Start(); err != nil {
					b.Fatal(err)
				}
				peak := watchRSS(rec.Process.Pid, filepath.Join(out+".store", ".journal"))
				time.Sleep(time.Second)
				d := dd(b, count)
				stormEnd := time.Now()
				rec.Process.Signal(os.Interrupt)
				err := rec.Wait()
				exited := time.Since(stormEnd)
				hwm, spool := peak()
				if err != nil {
					if strings.Contains(stderr.String(), "not permitted") {
						b.Skipf("BPF unavailable: %s", stderr.String())
					}
					b.Fatalf("scry record: %v\n%s", err, stderr.String())
				}
				b.ReportMetric(float64(hwm)/1024, "MiB-peak-rss")
				if mode.name == "store" {
					b.ReportMetric(float64(spool)/(1<<20), "MiB-peak-spool")
				}
				b.ReportMetric(float64(countAfter(stderr.String(), "recorded ")), "events")
				b.ReportMetric(float64(countAfter(stderr.String(), "dropped ")), "drops")
				b.ReportMetric(d.Seconds(), "storm-s")
				b.ReportMetric(exited.Seconds(), "exit-after-storm-s")
			}
		})
	}
}

// watchRSS samples a process's peak resident memory, and the size of the folder dir,
// until it exits; the returned function gives the highest values seen, in KiB and bytes.
func watchRSS(pid int, dir string) func() (int, int64) {
	var hwm, most int64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			hwm = max(hwm, int64(peakRSS(pid)))
			most = max(most, folderBytes(dir))
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() (int, int64) { close(stop); <-done; return int(hwm), most }
}

// folderBytes is the size of the files in dir.
func folderBytes(dir string) int64 {
	ents, _ := os.ReadDir(dir)
	var n int64
	for _, e := range ents {
		if fi, err := e.Info(); err == nil && fi.Mode().IsRegular() {
			n += fi.Size()
		}
	}
	return n
}

// peakRSS is VmHWM of a process in KiB.
func peakRSS(pid int) int {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	return 0
}

// countAfter reads the number after the last occurrence of word in scry record's
// final line (-1 when absent).
func countAfter(s, word string) int {
	i := strings.LastIndex(s, word)
	if i < 0 {
		return -1
	}
	f := strings.Fields(s[i+len(word):])
	if len(f) == 0 {
		return -1
	}
	n, err := strconv.Atoi(strings.Trim(f[0], ",()"))
	if err != nil {
		return -1
	}
	return n
}
