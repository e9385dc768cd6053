package probe

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/scrylabs/scry/formats/event"
)

// execArgsParam and execEnvParam are the indexes of the args and env parameters of
// EXECVE_19_X.
const (
	execArgsParam = 2
	execEnvParam  = 15
)

// TestLongArgsEndWithNUL execs a program whose arguments and environment exceed the
// 4096 bytes the probe keeps of them. The cut parameters must still end with a NUL:
// sysdig splits them at NULs and, given a last string without one, reads on past the
// parameter into the bytes of the next ones (observed with sysdig 0.29.3: proc.args of
// such an exec ended in two bytes of the tid parameter).
func TestLongArgsEndWithNUL(t *testing.T) {
	p, err := Load(Options{RingBytes: 4 << 20})
	skipIfNoBPF(t, err)
	defer p.Close()

	tag := fmt.Sprintf("scry-longargs-%d", os.Getpid())
	long := strings.Repeat("x", 5000)
	go func() {
		time.Sleep(50 * time.Millisecond)
		cmd := exec.Command("true", tag, long)
		cmd.Env = []string{"LONG=" + long}
		cmd.Run()
	}()
	var args, env []byte
	drainFor(t, p, 3*time.Second, func(ev *event.Event) bool {
		if ev.Type() != 293 || !bytes.HasPrefix(ev.Param(execArgsParam), []byte(tag+"\x00")) {
			return false
		}
		args = bytes.Clone(ev.Param(execArgsParam))
		env = bytes.Clone(ev.Param(execEnvParam))
		return true
	})
	if args == nil {
		t.Fatal("no execve exit of the long-argument program seen")
	}
	for name, v := range map[string][]byte{"args": args, "env": env} {
		if len(v) >= len(long) {
			t.Errorf("%s: %d bytes, want them cut below %d", name, len(v), len(long))
		}
		if len(v) == 0 || v[len(v)-1] != 0 {
			t.Errorf("%s: %d bytes not ending with a NUL", name, len(v))
		}
	}
	if want := tag + "\x00" + long[:len(args)-len(tag)-2] + "\x00"; string(args) != want {
		t.Errorf("args: %d bytes, want the tag and the long argument cut to %d bytes, NUL-terminated", len(args), len(want))
	}
}
