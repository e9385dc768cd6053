/* The programs on sys_enter and sys_exit (tp_btf and raw_tp builds): they look the
 * syscall up in the table, filter in the kernel, stamp the event and fill it, in place for
 * the hottest events and through a tail call for the others. */
#pragma once

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

