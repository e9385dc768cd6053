package probe

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"sync"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"golang.org/x/sys/unix"
)

// Probe is a loaded and attached capture probe.
type Probe struct {
	mode  Attach
	coll  *ebpf.Collection
	rings []*ebpf.Map
	links []link.Link
	// The programs that run at syscall enter and exit, for Cost.
	enterProgs, exitProgs []string
	stats                 *ebpf.Map
	ncpu                  int
	detach                sync.Mutex // guards links
	closed                sync.Once
}

// attachPoints are the programs attached to tracepoints, by program name.
var attachPoints = []struct{ prog, tracepoint string }{
	{"sys_enter", "sys_enter"},
	{"sys_exit", "sys_exit"},
	{"sched_process_exit", "sched_process_exit"},
	{"sched_process_fork", "sched_process_fork"},
	{"sched_process_exec", "sched_process_exec"},
}

// Load loads the probe with o, fills its tables and attaches it. The caller must Close
// it. With AttachAuto it uses BTF-typed tracepoints and falls back to raw tracepoints
// when those cannot be loaded or attached.
func Load(o Options) (*Probe, error) {
	o = o.withDefaults()
	if o.RingBytes < os.Getpagesize() || o.RingBytes&(o.RingBytes-1) != 0 {
		return nil, fmt.Errorf("ring size %d: must be a power of two of at least one page", o.RingBytes)
	}
	if err := checkBTF(); err != nil {
		return nil, err
	}
	switch o.Attach {
	case AttachBTF, AttachRaw, AttachSyscallTP:
		return load(o, o.Attach)
	}
	if len(o.Syscalls) > 0 && len(o.Syscalls) <= maxAutoSyscallTP {
		p, err := load(o, AttachSyscallTP)
		if err == nil || errors.Is(err, ErrPermission) {
			return p, err
		}
		// No tracefs, a syscall without its own tracepoint, or a kernel older than 5.15
		// (no bpf_task_pt_regs, which the verifier reports): the dispatchers do.
	}
	p, err := load(o, AttachBTF)
	if err == nil {
		return p, nil
	}
	if errors.Is(err, ErrPermission) {
		return nil, err
	}
	var ve *ebpf.VerifierError
	if errors.As(err, &ve) {
		return nil, err
	}
	p, rerr := load(o, AttachRaw)
	if rerr != nil {
		return nil, fmt.Errorf("tp_btf: %w; raw_tp: %w", err, rerr)
	}
	return p, nil
}

func load(o Options, mode Attach) (_ *Probe, err error) {
	var spec *ebpf.CollectionSpec
	switch mode {
	case AttachRaw:
		spec, err = loadRawtp()
	case AttachSyscallTP:
		spec, err = loadSystp()
	default:
		spec, err = loadBtf()
	}
	if err != nil {
		return nil, fmt.Errorf("read embedded probe: %w", err)
	}
	ncpu, err := ebpf.PossibleCPU()
	if err != nil {
		return nil, fmt.Errorf("count possible cpus: %w", err)
	}
	if err := configure(spec, o, ncpu); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(spec.Programs))
	for n := range spec.Programs {
		names = append(names, n)
	}
	sort.Strings(names)
	fi := indexFillers(names)
	table, err := buildSyscallTable(fi, o)
	if err != nil {
		return nil, err
	}
	var tps []syscallTracepoint
	if mode == AttachSyscallTP {
		if tps, err = syscallTracepoints(fi, table, o.Syscalls); err != nil {
			return nil, err
		}
		keepPrograms(spec, tps)
	}

	coll, err := ebpf.NewCollectionWithOptions(spec, ebpf.CollectionOptions{})
	if err != nil {
		return nil, classify("load "+mode.String()+" programs", err)
	}
	p := &Probe{mode: mode, coll: coll, stats: coll.Maps["stats"], ncpu: ncpu,
		enterProgs: []string{"sys_enter"}, exitProgs: []string{"sys_exit"}}
	defer func() {
		if err != nil {
			p.Close()
		}
	}()
	if err := p.makeRings(spec, o.RingBytes, ncpu); err != nil {
		return nil, err
	}
	if err := p.fillTables(fi, table, o); err != nil {
		return nil, err
	}
	if mode == AttachSyscallTP {
		p.enterProgs, p.exitProgs = nil, nil
		if err := p.attachSyscallTracepoints(tps); err != nil {
			return nil, err
		}
	}
	for _, ap := range attachPoints {
		if mode == AttachSyscallTP && (ap.prog == "sys_enter" || ap.prog == "sys_exit") {
			continue
		}
		prog := coll.Programs[ap.prog]
		if prog == nil {
			return nil, fmt.Errorf("probe has no program %s", ap.prog)
		}
		var l link.Link
		if mode == AttachRaw {
			l, err = link.AttachRawTracepoint(link.RawTracepointOptions{Name: ap.tracepoint, Program: prog})
		} else {
			l, err = link.AttachTracing(link.TracingOptions{Program: prog, AttachType: ebpf.AttachTraceRawTp})
		}
		if err != nil {
			return nil, classify("attach "+ap.tracepoint, err)
		}
		p.detach.Lock()
		p.links = append(p.links, l)
		p.detach.Unlock()
	}
	return p, nil
}

// configure sets map sizes and the load-time settings of the spec.
func configure(spec *ebpf.CollectionSpec, o Options, ncpu int) error {
	spec.Maps["scratch"].MaxEntries = uint32(ncpu)
	rings := spec.Maps["rings"]
	rings.MaxEntries = uint32(ncpu)
	rings.InnerMap.MaxEntries = uint32(o.RingBytes)

	var st unix.Stat_t
	var nsDev, nsIno uint64
	if err := unix.Stat("/proc/self/ns/pid", &st); err == nil {
		nsDev, nsIno = st.Dev, st.Ino
	}
	var rt, bt unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_REALTIME, &rt); err != nil {
		return fmt.Errorf("read realtime clock: %w", err)
	}
	if err := unix.ClockGettime(unix.CLOCK_BOOTTIME, &bt); err != nil {
		return fmt.Errorf("read boottime clock: %w", err)
	}
	boolU32 := func(b bool) uint32 {
		if b {
			return 1
		}
		return 0
	}
	settings := map[string]any{
		"boot_to_epoch_ns": uint64(rt.Nano() - bt.Nano()),
		"self_ns_dev":      nsDev,
		"self_ns_ino":      nsIno,
		"self_tgid":        uint32(os.Getpid()),
		"self_host_tgid":   hostTgid(nsIno),
		"filter_pids":      boolU32(len(o.PIDs) > 0),
		"follow_forks":     boolU32(o.FollowForks),
		"snaplen":          uint32(o.Snaplen),
		"n_rings":          uint32(ncpu),
		"wakeup_bytes":     o.WakeupBytes,
		"capture_procexit": boolU32(!o.NoProcExit),
	}
	for name, v := range settings {
		vs, ok := spec.Variables[name]
		if !ok {
			return fmt.Errorf("probe has no setting %s", name)
		}
		if err := vs.Set(v); err != nil {
			return fmt.Errorf("set %s: %w", name, err)
		}
	}
	return nil
}

// initPidNSIno is the inode number of the initial pid namespace (PROC_PID_INIT_INO).
const initPidNSIno = 0xEFFFFFFC

// hostTgid is scry's own pid as the kernel's initial namespace sees it, when scry runs
// there; 0 otherwise (the probe then asks for the pid in scry's namespace, which costs a
// helper call per event).
func hostTgid(nsIno uint64) uint32 {
	if nsIno == initPidNSIno {
		return uint32(os.Getpid())
	}
	return 0
}

func (p *Probe) makeRings(spec *ebpf.CollectionSpec, size, ncpu int) error {
	outer := p.coll.Maps["rings"]
	inner := spec.Maps["rings"].InnerMap
	for i := 0; i < ncpu; i++ {
		m, err := ebpf.NewMap(inner)
		if err != nil {
			return classify(fmt.Sprintf("create ring %d of %d bytes", i, size), err)
		}
		p.rings = append(p.rings, m)
		if err := outer.Put(uint32(i), m); err != nil {
			return fmt.Errorf("install ring %d: %w", i, err)
		}
	}
	return nil
}

func (p *Probe) fillTables(fi fillerIndex, table []syscallEntry, o Options) error {
	if p.mode != AttachSyscallTP { // there fillers are attached to tracepoints, never tail-called
		for _, t := range []struct {
			m       *ebpf.Map
			fillers map[uint16]string
		}{{p.coll.Maps["enter_progs"], fi.enter}, {p.coll.Maps["exit_progs"], fi.exit}} {
			for id, name := range t.fillers {
				prog := p.coll.Programs[name]
				if prog == nil {
					continue
				}
				if err := t.m.Put(uint32(id), prog); err != nil {
					return fmt.Errorf("install filler %s: %w", name, err)
				}
			}
		}
	}
	sc := p.coll.Maps["syscalls"]
	for _, e := range table {
		v := btfScrySyscall{EnterType: e.EnterType, ExitType: e.ExitType, PpmSc: e.PPMSC, Flags: e.Flags, DropCat: e.DropCat}
		if err := sc.Put(uint32(e.Nr), v); err != nil {
			return fmt.Errorf("set syscall %d: %w", e.Nr, err)
		}
	}
	pids := p.coll.Maps["pids"]
	for _, pid := range o.PIDs {
		if err := pids.Put(pid, uint8(1)); err != nil {
			return fmt.Errorf("add pid %d to the filter: %w", pid, err)
		}
	}
	return nil
}

// Mode is how the probe is attached (AttachBTF or AttachRaw).
func (p *Probe) Mode() Attach { return p.mode }

// Rings returns the per-CPU ring buffer maps, indexed by CPU. They stay owned by the
// probe and are closed by Close.
func (p *Probe) Rings() []*ebpf.Map { return p.rings }

// Detach detaches the programs: the probe writes no more events, and its rings and
// counters stay readable until Close. It is safe to call more than once and from any
// goroutine.
func (p *Probe) Detach() error {
	p.detach.Lock()
	defer p.detach.Unlock()
	var errs []error
	for _, l := range p.links {
		errs = append(errs, l.Close())
	}
	p.links = nil
	return errors.Join(errs...)
}

// Close detaches the programs and frees the maps. It is safe to call more than once.
func (p *Probe) Close() error {
	var errs []error
	p.closed.Do(func() {
		errs = append(errs, p.Detach())
		for _, r := range p.rings {
			errs = append(errs, r.Close())
		}
		if p.coll != nil {
			p.coll.Close()
		}
	})
	return errors.Join(errs...)
}
