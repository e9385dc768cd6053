// SPDX-License-Identifier: GPL-2.0
/*
 * scry's capture probe. Programs on the syscall tracepoints filter in the kernel, stamp
 * each event and hand it to a per-event filler through a tail call; fillers write the
 * event in the capture wire format (v2 header, u16 parameter lengths, parameters) and
 * copy it into the ring of the current CPU. Built twice: for tp_btf (default) and, with
 * SCRY_RAW_TP, for raw tracepoints.
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

/* Fillers: one program per event type, reached through enter_progs / exit_progs. The
 * program name encodes the event type (e<type>_name, x<type>_name); the loader uses it
 * to fill the tables. */
#define ENTER(name, type, np)                                                                     \
	enum { NP_e_##name = np };                                                                \
	static __always_inline void fill_e_##name(struct ev *e, struct pt_regs *regs, long id);   \
	SEC(SEC_SYS_ENTER)                                                                        \
	int BPF_PROG(e##type##_##name, struct pt_regs *regs, long id)                            \
	{                                                                                         \
		struct ev e;                                                                      \
		if (ev_begin(&e, type, np))                                                       \
			return 0;                                                                 \
		fill_e_##name(&e, regs, id);                                                      \
		return ev_submit(&e);                                                             \
	}                                                                                         \
	static __always_inline void fill_e_##name(struct ev *e, struct pt_regs *regs, long id)

#define EXIT(name, type, np)                                                                      \
	enum { NP_x_##name = np };                                                                \
	static __always_inline void fill_x_##name(struct ev *e, struct pt_regs *regs, long ret);  \
	SEC(SEC_SYS_EXIT)                                                                         \
	int BPF_PROG(x##type##_##name, struct pt_regs *regs, long ret)                           \
	{                                                                                         \
		struct ev e;                                                                      \
		if (ev_begin(&e, type, np))                                                       \
			return 0;                                                                 \
		fill_x_##name(&e, regs, ret);                                                     \
		return ev_submit(&e);                                                             \
	}                                                                                         \
	static __always_inline void fill_x_##name(struct ev *e, struct pt_regs *regs, long ret)

#include "fill_fs.h"
#include "fill_io.h"
#include "fill_net.h"
#include "fill_proc.h"
#include "fill_misc.h"

#define PPME_GENERIC_E 0
#define PPME_GENERIC_X 1

/* FILL_HERE fills an event in the dispatcher itself instead of tail-calling its filler:
 * for the hottest, cheapest events (read, write, close) the tail call costs as much as
 * the filler. dir is e or x, arg the dispatcher's id or ret. */
#define FILL_HERE(dir, name, type, arg)                                 \
	case type:                                                      \
		ev_begin_in(&e, s, type, NP_##dir##_##name);            \
		fill_##dir##_##name(&e, regs, arg);                     \
		return ev_submit(&e)

SEC(SEC_SYS_ENTER)
int BPF_PROG(sys_enter, struct pt_regs *regs, long id)
{
	if (id < 0 || id >= SYSCALL_TABLE_SIZE)
		return 0;
	__u32 key = id;
	struct scry_syscall *sc = bpf_map_lookup_elem(&syscalls, &key);
	if (!sc || !(sc->flags & SC_ENTER))
		return 0;
	__u64 pid_tgid = traced();
	if (!pid_tgid) {
		stat_add_filtered();
		return 0;
	}
	struct scry_scratch *s = ev_stamp(sc->drop_cat * 2, pid_tgid);
	if (!s)
		return 0;
	struct ev e;
	switch (sc->enter_type) {
	case PPME_GENERIC_E:
		break;
	FILL_HERE(e, read, 6, id);
	FILL_HERE(e, write, 8, id);
	FILL_HERE(e, close, 4, id);
	default:
		bpf_tail_call(ctx, &enter_progs, sc->enter_type);
		break; /* no filler: report it as a generic event */
	}
	ev_begin_in(&e, s, PPME_GENERIC_E, 2);
	put_u16(&e, sc->ppm_sc);
	put_u16(&e, id);
	return ev_submit(&e);
}

SEC(SEC_SYS_EXIT)
int BPF_PROG(sys_exit, struct pt_regs *regs, long ret)
{
	long id = SYSCALL_NR(regs);
	if (id < 0 || id >= SYSCALL_TABLE_SIZE)
		return 0;
	__u32 key = id;
	struct scry_syscall *sc = bpf_map_lookup_elem(&syscalls, &key);
	if (!sc || !(sc->flags & SC_EXIT))
		return 0;
	__u64 pid_tgid = traced();
	if (!pid_tgid) {
		stat_add_filtered();
		return 0;
	}
	struct scry_scratch *s = ev_stamp(sc->drop_cat * 2 + 1, pid_tgid);
	if (!s)
		return 0;
	struct ev e;
	switch (sc->exit_type) {
	case PPME_GENERIC_X:
		break;
	FILL_HERE(x, read, 7, ret);
	FILL_HERE(x, write, 9, ret);
	FILL_HERE(x, close, 5, ret);
	default:
		bpf_tail_call(ctx, &exit_progs, sc->exit_type);
		break;
	}
	ev_begin_in(&e, s, PPME_GENERIC_X, 1);
	put_u16(&e, sc->ppm_sc);
	return ev_submit(&e);
}

#include "sched.h"
