package ring

import (
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/cilium/ebpf"

	"github.com/scrylabs/scry/drivers/probe"
)

func loadProbe(t *testing.T) *probe.Probe {
	t.Helper()
	p, err := probe.Load(probe.Options{RingBytes: 1 << 20})
	if err == nil {
		return p
	}
	var ve *ebpf.VerifierError
	if errors.As(err, &ve) {
		t.Fatalf("verifier rejected the probe: %+v", ve)
	}
	if os.Getenv("SCRY_REQUIRE_BPF") == "" &&
		(errors.Is(err, probe.ErrPermission) || errors.Is(err, probe.ErrNotSupported) || errors.Is(err, probe.ErrNoBTF)) {
		t.Skipf("BPF unavailable here: %v", err)
	}
	t.Fatal(err)
	return nil
}

// TestReaderZeroCopy drains the probe's rings: every sample is a whole wire-format
// event, commits free the ring, and reading allocates nothing.
func TestReaderZeroCopy(t *testing.T) {
	p := loadProbe(t)
	defer p.Close()
	var readers []*Reader
	for _, m := range p.Rings() {
		r, err := NewReader(m)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		readers = append(readers, r)
	}
	poller, err := NewPoller(readers)
	if err != nil {
		t.Fatal(err)
	}
	defer poller.Close()
	for i := 0; i < 20; i++ {
		exec.Command("true").Run()
	}
	poller.Wait(10 * time.Millisecond)
	n := 0
	for _, r := range readers {
		for {
			b, ok := r.Peek()
			if !ok {
				break
			}
			if len(b) < 26 || int(binary.LittleEndian.Uint32(b[16:])) != len(b) {
				t.Fatalf("sample of %d bytes says its event is %d bytes", len(b), binary.LittleEndian.Uint32(b[16:]))
			}
			if b2, _ := r.Peek(); &b2[0] != &b[0] {
				t.Fatal("Peek without Advance moved on")
			}
			r.Advance()
			n++
		}
		r.Commit()
		if r.Pending() != 0 {
			t.Fatal("Commit left bytes pending")
		}
	}
	if n == 0 {
		t.Fatal("no events read while processes ran")
	}
	allocs := testing.AllocsPerRun(200, func() {
		for _, r := range readers {
			if _, ok := r.Peek(); ok {
				r.Advance()
			}
			r.Commit()
		}
	})
	if allocs != 0 {
		t.Fatalf("reading allocates %.1f times", allocs)
	}
}
