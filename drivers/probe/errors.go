package probe

import (
	"errors"
	"fmt"
	"os"

	"github.com/cilium/ebpf"
	"golang.org/x/sys/unix"
)

// Conditions a caller can act on, matched with errors.Is.
var (
	// ErrPermission: the process may not load BPF programs (not root, or lacking
	// CAP_BPF and CAP_PERFMON).
	ErrPermission = errors.New("not permitted to load eBPF programs")
	// ErrNotSupported: the kernel lacks a BPF feature the probe needs.
	ErrNotSupported = errors.New("eBPF feature not supported by this kernel")
	// ErrNoBTF: the kernel exposes no BTF type information (/sys/kernel/btf/vmlinux).
	ErrNoBTF = errors.New("kernel BTF type information missing")
)

// LoadError reports which step of loading or attaching the probe failed.
type LoadError struct {
	Step string // e.g. "load programs", "attach sys_enter"
	Kind error  // ErrPermission, ErrNotSupported, ErrNoBTF, or nil for other causes
	Err  error
}

func (e *LoadError) Error() string { return fmt.Sprintf("%s: %v", e.Step, e.Err) }

func (e *LoadError) Unwrap() error { return e.Err }

// Is matches the error's condition as well as its cause.
func (e *LoadError) Is(target error) bool { return e.Kind != nil && target == e.Kind }

// classify wraps err with the condition it shows. A verifier rejection is a bug in
// the probe, never a permission problem, although its errno is EACCES.
func classify(step string, err error) error {
	if err == nil {
		return nil
	}
	le := &LoadError{Step: step, Err: err}
	var ve *ebpf.VerifierError
	switch {
	case errors.As(err, &ve):
	case errors.Is(err, unix.EPERM):
		le.Kind = ErrPermission
	case errors.Is(err, ebpf.ErrNotSupported), errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EINVAL) && step == "create maps":
		le.Kind = ErrNotSupported
	}
	return le
}

// btfPath is where the kernel exposes its own BTF.
const btfPath = "/sys/kernel/btf/vmlinux"

func checkBTF() error {
	if _, err := os.Stat(btfPath); err != nil {
		return &LoadError{Step: "find kernel BTF", Kind: ErrNoBTF, Err: err}
	}
	return nil
}
