/* The generic events in the syscall_tp build: attached to the tracepoints of recorded
 * syscalls that have no dedicated event (PPME_GENERIC_E/X with the PPM_SC code). */
#pragma once

#define PPME_GENERIC_E 0
#define PPME_GENERIC_X 1

SEC("tracepoint/syscalls/enter")
int sys_enter_generic(struct syscall_trace_enter *ctx)
{
	long id = ctx->nr;
	struct scry_scratch *s = tp_stamp(id, 0);
	if (!s)
		return 0;
	__u32 key = id;
	struct scry_syscall *sc = bpf_map_lookup_elem(&syscalls, &key);
	if (!sc)
		return 0;
	struct ev e;
	ev_begin_in(&e, s, PPME_GENERIC_E, 2);
	put_u16(&e, sc->ppm_sc);
	put_u16(&e, id);
	return ev_submit(&e);
}

SEC("tracepoint/syscalls/exit")
int sys_exit_generic(struct syscall_trace_exit *ctx)
{
	long id = ctx->nr;
	struct scry_scratch *s = tp_stamp(id, 1);
	if (!s)
		return 0;
	__u32 key = id;
	struct scry_syscall *sc = bpf_map_lookup_elem(&syscalls, &key);
	if (!sc)
		return 0;
	struct ev e;
	ev_begin_in(&e, s, PPME_GENERIC_X, 1);
	put_u16(&e, sc->ppm_sc);
	return ev_submit(&e);
}
