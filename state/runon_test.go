package state

import (
	"slices"
	"testing"
)

// An args parameter whose last string lacks its NUL runs on into the parameters after
// it: sysdig 0.29.3 showed the last argument of such an execve exit followed by the low
// bytes of its tid parameter (tid 6823 = 0x1AA7: "\xa7\x1a", then a zero byte).
func TestUnterminatedArgsRunOnIntoTheTid(t *testing.T) {
	h := newHarness(t, bashSection())
	exec := execveX(0, "tool", nil, 6823, 6823, 100, "tool", nil, nil)
	exec[2] = []byte("a\x00bc")
	h.run(6823, evCloneV20X, cloneX(0, "bash", nil, 6823, 6823, 100, "bash", nil, 0, 1000, 1000, 6823, 6823)...)
	ctx := h.run(6823, evExecveV19X, exec...)
	if want := []string{"a", "bc\xa7\x1a"}; !slices.Equal(ctx.Thread.Args, want) {
		t.Errorf("exec args %q, want %q", ctx.Thread.Args, want)
	}

	clone := cloneX(0, "tool", nil, 6824, 6824, 6823, "tool", nil, 0, 1000, 1000, 6824, 6824)
	clone[2] = []byte("x")
	h.run(6824, evCloneV20X, clone...)
	if th := h.e.Thread(6824); th == nil || !slices.Equal(th.Args, []string{"x\xa8\x1a"}) {
		t.Errorf("clone args of %+v, want [\"x\\xa8\\x1a\"]", th)
	}

	// Terminated parameters are split as they are.
	exec = execveX(0, "tool", []string{"a", "bc"}, 6823, 6823, 100, "tool", nil, nil)
	ctx = h.run(6823, evExecveV19X, exec...)
	if want := []string{"a", "bc"}; !slices.Equal(ctx.Thread.Args, want) {
		t.Errorf("exec args %q, want %q", ctx.Thread.Args, want)
	}
}
