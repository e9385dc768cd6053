// SPDX-License-Identifier: GPL-2.0
/*
 * scry's capture probe. Fillers write each event in the capture wire format (v2 header,
 * u16 parameter lengths, parameters) and copy it into the ring of the current CPU. Built
 * three times: for tp_btf (default) and, with SCRY_RAW_TP, for raw tracepoints, where
 * dispatchers on sys_enter/sys_exit filter in the kernel, stamp each event and fill it
 * or tail-call its filler; and, with SCRY_SYSCALL_TP, for the per-syscall tracepoints,
 * where each filler is attached to the syscalls it reports (for capture restricted to
 * some syscalls: the others run no program at all).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#ifdef SCRY_RAW_TP
#define SEC_SYS_ENTER "raw_tp/sys_enter"
#define SEC_SYS_EXIT "raw_tp/sys_exit"
#define SEC_FORK "raw_tp/sched_process_fork"
#define SEC_EXEC "raw_tp/sched_process_exec"
#define SEC_PROC_EXIT "raw_tp/sched_process_exit"
#define REG(r, f) BPF_CORE_READ(r, f)
#else
#define SEC_SYS_ENTER "tp_btf/sys_enter"
#define SEC_SYS_EXIT "tp_btf/sys_exit"
#define SEC_FORK "tp_btf/sched_process_fork"
#define SEC_EXEC "tp_btf/sched_process_exec"
#define SEC_PROC_EXIT "tp_btf/sched_process_exit"
#define REG(r, f) ((r)->f)
#endif

#define ARG0(r) REG(r, di)
#define ARG1(r) REG(r, si)
#define ARG2(r) REG(r, dx)
#define ARG3(r) REG(r, r10)
#define ARG4(r) REG(r, r8)
#define ARG5(r) REG(r, r9)
#define SYSCALL_NR(r) REG(r, orig_ax)

#include "maps.h"
#include "emit.h"
#include "kernel.h"
#include "cgroup.h"
#include "flags.h"

char LICENSE[] SEC("license") = "GPL";

/* traced returns the current task's pid_tgid when its events are wanted (never scry's
 * own; with the pid filter on, only filtered processes), 0 when they are not. The
 * caller reuses the value for the event's thread id: one helper call per event. */
static __always_inline __u64 traced(void)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tgid = pid_tgid >> 32;
	if (self_host_tgid) {
		if (tgid == self_host_tgid)
			return 0;
	} else if (self_ns_ino) {
		struct bpf_pidns_info ns = {};
		if (!bpf_get_ns_current_pid_tgid(self_ns_dev, self_ns_ino, &ns, sizeof(ns)) && ns.tgid == self_tgid)
			return 0;
	}
	if (filter_pids && !bpf_map_lookup_elem(&pids, &tgid))
		return 0;
	return pid_tgid;
}

#include "fillers.h"

#include "fill_fs.h"
#include "fill_io.h"
#include "fill_net.h"
#include "fill_proc.h"
#include "fill_misc.h"

#ifdef SCRY_SYSCALL_TP
#include "syscall_tp.h"
#else
#include "dispatch.h"
#endif

#include "sched.h"
