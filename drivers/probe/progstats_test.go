package probe

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/ringbuf"
	"golang.org/x/sys/unix"
)

// TestProgramCost prints the average run time of the hot programs while dd runs, or,
// with SCRY_PROG_COST_WORKLOAD=exec, of the clone and execve exit fillers while a shell
// starts /bin/true 1 000 times. It is a measurement aid, enabled with SCRY_PROG_COST=1.
func TestProgramCost(t *testing.T) {
	if os.Getenv("SCRY_PROG_COST") == "" {
		t.Skip("set SCRY_PROG_COST=1 to measure program run times")
	}
	closer, err := ebpf.EnableStats(unix.BPF_STATS_RUN_TIME)
	skipIfNoBPF(t, err)
	defer closer.Close()
	p, err := Load(Options{Syscalls: strings.Fields(os.Getenv("SCRY_PROG_COST_SYSCALLS"))})
	skipIfNoBPF(t, err)
	defer p.Close()
	stop := make(chan struct{})
	defer close(stop)
	for _, m := range p.Rings() {
		r, err := ringbuf.NewReader(m)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		go func() {
			var rec ringbuf.Record
			for {
				select {
				case <-stop:
					return
				default:
				}
				r.SetDeadline(time.Now().Add(2 * time.Millisecond))
				r.ReadInto(&rec)
			}
		}()
	}
	progs := []string{"sys_enter", "sys_exit", "e6_read", "x7_read", "e8_write", "x9_write"}
	if os.Getenv("SCRY_PROG_COST_WORKLOAD") == "exec" {
		exec.Command("taskset", "-c", "1", "sh", "-c", "i=0; while [ $i -lt 1000 ]; do /bin/true; i=$((i+1)); done").Run()
		progs = []string{"x223_clone", "x225_fork", "x227_vfork", "x335_clone3", "x293_execve"}
	} else {
		exec.Command("taskset", "-c", "1", "dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=200000").Run()
	}
	c, err := p.Cost()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%v: enter runs %d, exit runs %d, %v per syscall (average enter run + average exit run)",
		p.Mode(), c.EnterRuns, c.ExitRuns, c.PerSyscall())
	for _, n := range progs {
		prog := p.coll.Programs[n]
		if prog == nil {
			continue
		}
		st, err := prog.Stats()
		if err != nil {
			t.Fatal(err)
		}
		if st.RunCount > 0 {
			t.Logf("%-10s runs %8d avg %4d ns", n, st.RunCount, st.Runtime.Nanoseconds()/int64(st.RunCount))
		}
	}
}
