package capturebench

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cilium/ebpf"
	"golang.org/x/sys/unix"

	"github.com/scrylabs/scry/drivers/probe"
)

// costCount is the number of one-byte copies of a timed dd run (two syscalls each): short
// enough for a real-time task to finish within the kernel's real-time budget.
const costCount = 300_000

// costCases are the capture settings whose cost per syscall is measured.
var costCases = []struct {
	name string
	o    probe.Options
}{
	{"record_all", probe.Options{}},
	// Capture restricted to two syscalls dd never makes: the probe on their own
	// tracepoints (what Syscalls chooses by default), and the dispatchers on every
	// syscall filtering dd's out by table lookup.
	{"filtered_in_kernel", probe.Options{Syscalls: []string{"openat", "execve"}}},
	{"filtered_by_dispatcher", probe.Options{Syscalls: []string{"openat", "execve"}, Attach: probe.AttachBTF}},
}

// timedDD runs dd on the last CPU (at real-time priority when SCRY_BENCH_RT is set, so
// other tasks of a shared machine cannot preempt it) and returns the time dd reports
// for its copy loop, which leaves out its start-up.
func timedDD(b *testing.B, count int) time.Duration {
	b.Helper()
	args := []string{"taskset", "-c", strconv.Itoa(runtime.NumCPU() - 1),
		"dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=" + strconv.Itoa(count)}
	if os.Getenv("SCRY_BENCH_RT") != "" {
		args = append([]string{"chrt", "-f", "10"}, args...)
	}
	out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
	if err != nil {
		b.Fatalf("dd: %v\n%s", err, out)
	}
	// "300000 bytes (300 kB, 293 KiB) copied, 0.0521 s, 5.8 MB/s"
	s := string(out)
	i := strings.LastIndex(s, "copied, ")
	if i < 0 {
		b.Fatalf("dd printed no timing: %s", s)
	}
	f := strings.Fields(s[i+len("copied, "):])
	secs, err := strconv.ParseFloat(strings.TrimSuffix(f[0], ","), 64)
	if err != nil {
		b.Fatalf("dd timing %q: %v", f[0], err)
	}
	return time.Duration(secs * float64(time.Second))
}

func rounds() int {
	if n, err := strconv.Atoi(os.Getenv("SCRY_BENCH_ROUNDS")); err == nil && n > 0 {
		return n
	}
	return 5
}

// BenchmarkSyscallCost reports the wall-clock nanoseconds capture adds to each syscall of
// a syscall-bound process (dd copying one byte at a time: a read and a write per byte),
// with every syscall recorded (enter and exit events) and with dd's syscalls filtered
// out in the kernel. Each iteration runs SCRY_BENCH_ROUNDS (default 5) rounds of a dd
// without capture then a dd with the probe loaded and drained, and compares the best
// run of each: the best run is the one the shared machine disturbed least.
func BenchmarkSyscallCost(b *testing.B) {
	for _, c := range costCases {
		b.Run(c.name, func(b *testing.B) {
			pinReader(b)
			b.ReportAllocs()
			for b.Loop() {
				off, on := time.Duration(1<<62), time.Duration(1<<62)
				var drops, events uint64
				for range rounds() {
					off = min(off, timedDD(b, costCount))
					live := openLive(b, c.o)
					var n atomic.Uint64
					done := drain(live, &n)
					on = min(on, timedDD(b, costCount))
					time.Sleep(20 * time.Millisecond)
					live.Stop()
					<-done
					st := live.Stats()
					live.Close()
					drops += st.Drops
					events += n.Load()
				}
				b.ReportMetric(float64(on-off)/float64(2*costCount), "ns-added/syscall")
				b.ReportMetric(float64(off)/float64(2*costCount), "ns-off/syscall")
				b.ReportMetric(float64(drops), "drops")
				b.ReportMetric(float64(events)/float64(rounds()), "events/round")
			}
		})
	}
}

// BenchmarkProbeRunTime reports the time the syscall programs run per syscall of dd
// (enter and exit programs, fillers included), from the kernel's BPF run-time statistics:
// their total run time while dd runs, divided by dd's syscalls. With the probe on the
// per-syscall tracepoints of other syscalls, dd's syscalls run no program and the figure
// is what other processes' recorded syscalls cost meanwhile. Turning the statistics on
// adds their own overhead to every program run, so these figures are upper bounds;
// BenchmarkSyscallCost runs without them.
func BenchmarkProbeRunTime(b *testing.B) {
	for _, c := range costCases {
		b.Run(c.name, func(b *testing.B) {
			pinReader(b)
			b.ReportAllocs()
			stats, err := ebpf.EnableStats(unix.BPF_STATS_RUN_TIME)
			if err != nil {
				b.Skipf("BPF run-time statistics unavailable: %v", err)
			}
			defer stats.Close()
			for b.Loop() {
				best := time.Duration(1 << 62)
				var mode probe.Attach
				for range rounds() {
					live := openLive(b, c.o)
					mode = live.Probe().Mode()
					var n atomic.Uint64
					done := drain(live, &n)
					before, _ := live.Probe().Cost()
					timedDD(b, costCount)
					after, _ := live.Probe().Cost()
					live.Stop()
					<-done
					live.Close()
					best = min(best, after.Enter-before.Enter+after.Exit-before.Exit)
				}
				b.ReportMetric(float64(best)/float64(2*costCount), "ns-in-probe/syscall")
				b.Logf("probe attached with %v", mode)
			}
		})
	}
}
