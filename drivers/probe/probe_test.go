package probe

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/ringbuf"
	"golang.org/x/sys/unix"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

// skipIfNoBPF skips when the environment cannot load BPF at all (not root, no BTF,
// an old kernel) and fails on anything else, such as a verifier rejection. With
// SCRY_REQUIRE_BPF set, a skip becomes a failure.
func skipIfNoBPF(tb testing.TB, err error) {
	tb.Helper()
	if err == nil {
		return
	}
	var ve *ebpf.VerifierError
	if errors.As(err, &ve) {
		tb.Fatalf("verifier rejected the probe: %+v", ve)
	}
	if os.Getenv("SCRY_REQUIRE_BPF") == "" &&
		(errors.Is(err, ErrPermission) || errors.Is(err, ErrNotSupported) || errors.Is(err, ErrNoBTF) || errors.Is(err, unix.EPERM)) {
		tb.Skipf("BPF unavailable here: %v", err)
	}
	tb.Fatalf("load probe: %v", err)
}

func TestLoadAndCaptureOpen(t *testing.T) {
	for _, mode := range []Attach{AttachBTF, AttachRaw} {
		t.Run(mode.String(), func(t *testing.T) {
			p, err := Load(Options{Attach: mode, RingBytes: 1 << 20})
			skipIfNoBPF(t, err)
			defer p.Close()
			if p.Mode() != mode {
				t.Fatalf("mode %v, want %v", p.Mode(), mode)
			}
			tag := "/nonexistent-scry-probe-" + mode.String()
			go func() {
				time.Sleep(50 * time.Millisecond)
				exec.Command("cat", tag).Run()
			}()
			found := drainFor(t, p, 2*time.Second, func(ev *event.Event) bool {
				if ev.Type() != 307 { // openat exit
					return false
				}
				return string(ev.Str(2)) == tag
			})
			if !found {
				st, _ := p.Stats()
				t.Fatalf("no openat exit of %s seen; stats %+v", tag, st)
			}
		})
	}
}

// TestSyscallTracepoints loads the probe on the per-syscall tracepoints of openat and
// uname only: their events (dedicated and generic) arrive, and no other syscall's.
func TestSyscallTracepoints(t *testing.T) {
	p, err := Load(Options{Attach: AttachSyscallTP, Syscalls: []string{"openat", "uname"}, RingBytes: 1 << 20})
	if errors.Is(err, ErrNotSupported) && os.Getenv("SCRY_REQUIRE_BPF") == "" {
		t.Skipf("per-syscall tracepoints unavailable here: %v", err)
	}
	skipIfNoBPF(t, err)
	defer p.Close()
	if p.Mode() != AttachSyscallTP {
		t.Fatalf("mode %v", p.Mode())
	}
	tag := "/nonexistent-scry-probe-syscall-tp"
	go func() {
		time.Sleep(50 * time.Millisecond)
		exec.Command("cat", tag).Run()
		exec.Command("uname").Run()
	}()
	var open, uname bool
	var other []string
	drainFor(t, p, 2*time.Second, func(ev *event.Event) bool {
		switch ev.Type() {
		case 306, 307: // openat
			open = open || (ev.Type() == 307 && string(ev.Str(2)) == tag)
		case 0, 1: // generic: the PPM_SC code comes first
			if v, _ := ev.Uint64(0); v == 67 { // uname
				uname = true
			} else {
				other = append(other, fmt.Sprintf("generic sc %d", v))
			}
		case 186: // process exits are not syscalls
		default:
			other = append(other, ev.Info().PPME)
		}
		return open && uname
	})
	if !open || !uname {
		t.Fatalf("openat of %s seen: %v; uname seen: %v", tag, open, uname)
	}
	if len(other) > 0 {
		t.Fatalf("events of syscalls that were not asked for: %v", other)
	}
	if _, err := p.Cost(); err != nil {
		t.Fatalf("run-time statistics of the attached programs: %v", err)
	}
}

// drainFor reads every ring until match returns true or d passes.
func drainFor(t *testing.T, p *Probe, d time.Duration, match func(*event.Event) bool) bool {
	t.Helper()
	var readers []*ringbuf.Reader
	for _, m := range p.Rings() {
		r, err := ringbuf.NewReader(m)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		readers = append(readers, r)
	}
	deadline := time.Now().Add(d)
	var rec ringbuf.Record
	for time.Now().Before(deadline) {
		for _, r := range readers {
			r.SetDeadline(time.Now().Add(5 * time.Millisecond))
			for {
				if err := r.ReadInto(&rec); err != nil {
					break
				}
				n, err := event.Validate(rec.RawSample)
				if err != nil {
					t.Fatalf("probe wrote a malformed event: %v", err)
				}
				ev := event.Event{Raw: rec.RawSample[:n]}
				if ev.Info() == nil || !ev.Info().Legacy {
					t.Fatalf("event type %d is not in the 0.29 table", ev.Type())
				}
				if np := int(ev.NParams()); np != len(schema.Info(ev.Type()).Params) {
					t.Fatalf("event %s has %d params, table says %d", ev.Info().PPME, np, len(ev.Info().Params))
				}
				if match(&ev) {
					return true
				}
			}
		}
	}
	return false
}
