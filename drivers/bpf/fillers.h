/* How fillers are reached, in each build of the probe. A filler writes one event type
 * (ENTER for a syscall's enter event, EXIT for its exit event); its program name encodes
 * the type (e<type>_name, x<type>_name) and the loader uses it to fill its tables. */
#pragma once

#ifndef SCRY_SYSCALL_TP

/* tp_btf and raw_tp builds: the dispatchers on sys_enter and sys_exit (dispatch.h) stamp
 * the event and tail-call its filler through enter_progs / exit_progs. */
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


#else

/* syscall_tp build: each filler is attached to the tracepoints of the syscalls it
 * reports (syscalls/sys_enter_<name>, sys_exit_<name>), so syscalls that are not
 * recorded never run a program, and a recorded one runs its filler directly, with no
 * dispatcher and no tail call. The filler does the dispatcher's work itself. */

/* tp_stamp checks the syscall table and the process filter and stamps the event, as a
 * dispatcher does; dir is 0 for enter, 1 for exit. */
static __always_inline struct scry_scratch *tp_stamp(long id, __u32 dir)
{
	if (id < 0 || id >= SYSCALL_TABLE_SIZE)
		return 0;
	__u32 key = id;
	struct scry_syscall *sc = bpf_map_lookup_elem(&syscalls, &key);
	if (!sc || !(sc->flags & (dir ? SC_EXIT : SC_ENTER)))
		return 0;
	__u64 pid_tgid = traced();
	if (!pid_tgid) {
		stat_add_filtered();
		return 0;
	}
	return ev_stamp(sc->drop_cat * 2 + dir, pid_tgid);
}

/* tp_regs is the syscall's saved user registers, where fillers read its arguments. */
static __always_inline struct pt_regs *tp_regs(void)
{
	return (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
}

#define ENTER(name, type, np)                                                                     \
	enum { NP_e_##name = np };                                                                \
	static __always_inline void fill_e_##name(struct ev *e, struct pt_regs *regs, long id);   \
	SEC("tracepoint/syscalls/enter")                                                          \
	int e##type##_##name(struct syscall_trace_enter *ctx)                                    \
	{                                                                                         \
		long id = ctx->nr;                                                                \
		struct scry_scratch *s = tp_stamp(id, 0);                                         \
		if (!s)                                                                           \
			return 0;                                                                 \
		struct ev e;                                                                      \
		ev_begin_in(&e, s, type, np);                                                     \
		fill_e_##name(&e, tp_regs(), id);                                                 \
		return ev_submit(&e);                                                             \
	}                                                                                         \
	static __always_inline void fill_e_##name(struct ev *e, struct pt_regs *regs, long id)

#define EXIT(name, type, np)                                                                      \
	enum { NP_x_##name = np };                                                                \
	static __always_inline void fill_x_##name(struct ev *e, struct pt_regs *regs, long ret);  \
	SEC("tracepoint/syscalls/exit")                                                           \
	int x##type##_##name(struct syscall_trace_exit *ctx)                                     \
	{                                                                                         \
		struct scry_scratch *s = tp_stamp(ctx->nr, 1);                                    \
		if (!s)                                                                           \
			return 0;                                                                 \
		struct ev e;                                                                      \
		ev_begin_in(&e, s, type, np);                                                     \
		fill_x_##name(&e, tp_regs(), ctx->ret);                                           \
		return ev_submit(&e);                                                             \
	}                                                                                         \
	static __always_inline void fill_x_##name(struct ev *e, struct pt_regs *regs, long ret)

#endif
