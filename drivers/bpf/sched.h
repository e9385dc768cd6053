/* Scheduler tracepoints: process exit events and the process filter's bookkeeping. */
#pragma once

#define PPME_PROCEXIT_1_E 186

/* PROCEXIT_1_E: status, ret (exit code), sig, core. */
SEC(SEC_PROC_EXIT)
int BPF_PROG(sched_process_exit, struct task_struct *p)
{
	if (!capture_procexit)
		return 0;
	__u64 pid_tgid = traced();
	if (!pid_tgid)
		return 0;
	struct task_struct *t = cur_task();
	if (filter_pids && follow_forks && BPF_CORE_READ(t, pid) == BPF_CORE_READ(t, tgid)) {
		__u32 tgid = BPF_CORE_READ(t, tgid);
		bpf_map_delete_elem(&pids, &tgid);
	}
	if (!ev_stamp(DROP_CAT_PROCEXIT, pid_tgid))
		return 0;
	struct ev e;
	if (ev_begin(&e, PPME_PROCEXIT_1_E, 4))
		return 0;
	int code = BPF_CORE_READ(t, exit_code);
	put_s64(&e, code);
	put_s64(&e, (code >> 8) & 0xff);
	put_u8(&e, code & 0x7f);
	put_u8(&e, (code & 0x80) ? 1 : 0);
	return ev_submit(&e);
}

/* A child of a filtered process joins the filter. */
SEC(SEC_FORK)
int BPF_PROG(sched_process_fork, struct task_struct *parent, struct task_struct *child)
{
	if (!filter_pids || !follow_forks)
		return 0;
	__u32 ptgid = BPF_CORE_READ(parent, tgid);
	if (!bpf_map_lookup_elem(&pids, &ptgid))
		return 0;
	__u32 ctgid = BPF_CORE_READ(child, tgid);
	__u8 one = 1;
	bpf_map_update_elem(&pids, &ctgid, &one, BPF_ANY);
	return 0;
}

/* Counts successful execs, so the loader can compare them with the execve exit events
 * it received. */
SEC(SEC_EXEC)
int BPF_PROG(sched_process_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	if (!traced())
		return 0;
	__u32 zero = 0;
	struct scry_stats *st = bpf_map_lookup_elem(&stats, &zero);
	if (st)
		st->execs++;
	return 0;
}
