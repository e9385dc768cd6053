package procscan

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// A process with a command line and environment longer than a process-list entry holds
// is scanned with both cut to libscap's 4096 bytes, so the section can be written.
func TestScanCapsLongCommandLine(t *testing.T) {
	if _, err := os.Stat("/proc/self/cmdline"); err != nil {
		t.Skip("no /proc here")
	}
	long := strings.Repeat("y", 20000)
	cmd := exec.Command("sh", "-c", "sleep 10", "scan-long", long)
	cmd.Env = []string{"LONG=" + long}
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start sh: %v", err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	pid := int64(cmd.Process.Pid)
	deadline := time.Now().Add(5 * time.Second)
	for {
		s, err := Scan(Options{NoFDs: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range s.Processes {
			if p.Tid != pid || !strings.Contains(string(p.Args), "yyy") {
				continue
			}
			if len(p.Exe)+1+len(p.Args) != maxListBytes || len(p.Env) != maxListBytes {
				t.Fatalf("exe %d + args %d bytes, env %d bytes, want a 4096-byte command line and env", len(p.Exe), len(p.Args), len(p.Env))
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("process %d with its long command line is not in the scan", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
