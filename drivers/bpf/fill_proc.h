/* Fillers of process events: execve family, clone family, signals, credentials,
 * namespaces, ptrace. */
#pragma once

#define MAX_ARGV 16

/* put_ubuf_nul writes len bytes of user memory and makes the last one a NUL: a list of
 * NUL-terminated strings cut at MAX_ARGS (or one whose owner overwrote its terminator)
 * still ends with a whole string, as readers that split at NULs expect. */
static __always_inline void put_ubuf_nul(struct ev *e, const void *p, __u64 len)
{
	__u32 before = e->off;
	put_ubuf(e, p, len);
	if (e->off > before)
		e->s->buf[MASKED(e->off - 1, OFF_MASK)] = 0;
}

/* put_exe_args writes exe (argv[0]) and args (the rest, NUL-separated) from the
 * argument area of the task's memory map. */
static __always_inline void put_exe_args(struct ev *e, struct task_struct *t)
{
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	unsigned long start = 0, end = 0;
	if (mm) {
		start = BPF_CORE_READ(mm, arg_start);
		end = BPF_CORE_READ(mm, arg_end);
	}
	if (end <= start) {
		put_lit(e, "", 1);
		put_empty(e);
		return;
	}
	long n = put_ustr(e, (void *)start, MAX_PATH);
	if (n <= 0 || start + n >= end) {
		put_empty(e);
		return;
	}
	__u64 rest = end - start - n;
	if (rest > MAX_ARGS)
		rest = MAX_ARGS;
	put_ubuf_nul(e, (void *)(start + n), rest);
}

/* put_argv writes exe and args from a user argv array (used when execve failed and the
 * task still runs its old image). */
static __always_inline void put_argv(struct ev *e, const void *argv)
{
	const char *p = 0;
	if (argv)
		bpf_probe_read_user(&p, sizeof(p), argv);
	if (!p) {
		put_lit(e, "", 1);
		put_empty(e);
		return;
	}
	put_ustr(e, p, MAX_PATH);
	if (!room(e, MAX_ARGV * 256)) {
		put_empty(e);
		return;
	}
	__u32 start = e->off, off = start;
	for (int i = 1; i < MAX_ARGV; i++) {
		const char *a = 0;
		if (bpf_probe_read_user(&a, sizeof(a), (const char *const *)argv + i) < 0 || !a)
			break;
		long n = bpf_probe_read_user_str(&e->s->buf[MASKED(off, OFF_MASK)], 256, a);
		if (n <= 0)
			break;
		off += n;
	}
	e->off = off;
	set_len(e, off - start);
}

static __always_inline void put_env(struct ev *e, struct task_struct *t)
{
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	unsigned long start = 0, end = 0;
	if (mm) {
		start = BPF_CORE_READ(mm, env_start);
		end = BPF_CORE_READ(mm, env_end);
	}
	if (end <= start) {
		put_empty(e);
		return;
	}
	__u64 n = end - start;
	if (n > MAX_ARGS)
		n = MAX_ARGS;
	put_ubuf_nul(e, (void *)start, n);
}

/* put_proc_common writes the parameters clone and execve exits share:
 * res, exe, args, tid, pid, ptid, cwd, fdlimit, pgft_maj, pgft_min, vm_size, vm_rss,
 * vm_swap, comm, cgroups. */
static __always_inline void put_proc_common(struct ev *e, struct task_struct *t, long ret, const void *argv)
{
	put_s64(e, ret);
	if (argv)
		put_argv(e, argv);
	else
		put_exe_args(e, t);
	put_s64(e, BPF_CORE_READ(t, pid));
	put_s64(e, BPF_CORE_READ(t, tgid));
	put_s64(e, task_ptgid(t));
	put_lit(e, "", 1); /* cwd: resolved from the parent in userspace */
	put_u64(e, task_fdlimit(t));
	put_u64(e, BPF_CORE_READ(t, maj_flt));
	put_u64(e, BPF_CORE_READ(t, min_flt));
	__u32 size, rss, swap;
	task_vm(t, &size, &rss, &swap);
	put_u32(e, size);
	put_u32(e, rss);
	put_u32(e, swap);
	put_kstr(e, &t->comm, 16);
	put_cgroups(e, t);
}

/* put_execve_exit writes the 20 parameters of EXECVE_19_X / EXECVEAT_X. */
static __always_inline void put_execve_exit(struct ev *e, struct pt_regs *regs, long ret, const void *argv)
{
	struct task_struct *t = cur_task();
	put_proc_common(e, t, ret, ret < 0 ? argv : 0);
	put_env(e, t);
	put_s32(e, task_tty(t));
	put_s64(e, task_pgid(t));
	put_s32(e, task_loginuid(t));
	put_u32(e, exe_writable(t) ? 1 : 0);
}

/* put_clone_exit writes the 20 parameters of CLONE_20_X / FORK_20_X / VFORK_20_X /
 * CLONE3_X. */
static __always_inline void put_clone_exit(struct ev *e, long ret, __u32 flags)
{
	struct task_struct *t = cur_task();
	put_proc_common(e, t, ret, 0);
	if (ret == 0 && task_in_child_pidns(t))
		flags |= PPM_CL_CHILD_IN_PIDNS;
	put_u32(e, flags);
	put_u32(e, BPF_CORE_READ(t, cred, euid.val));
	put_u32(e, BPF_CORE_READ(t, cred, egid.val));
	put_s64(e, task_vtid(t));
	put_s64(e, task_vpid(t));
}

/* execve (292/293: EXECVE_19), execveat (330/331) */
ENTER(execve, 292, 1)
{
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
}

EXIT(execve, 293, 20)
{
	put_execve_exit(e, regs, ret, (void *)ARG1(regs));
}

ENTER(execveat, 330, 3)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_ustr(e, (void *)ARG1(regs), MAX_PATH);
	put_u32(e, execveat_flags(ARG4(regs)));
}

EXIT(execveat, 331, 20)
{
	put_execve_exit(e, regs, ret, (void *)ARG2(regs));
}

/* clone (222/223: CLONE_20), fork (224/225), vfork (226/227), clone3 (334/335) */
ENTER(clone, 222, 0) {}

EXIT(clone, 223, 20)
{
	put_clone_exit(e, ret, clone_flags(ARG0(regs)));
}

ENTER(fork, 224, 0) {}

EXIT(fork, 225, 20)
{
	put_clone_exit(e, ret, 0);
}

ENTER(vfork, 226, 0) {}

EXIT(vfork, 227, 20)
{
	put_clone_exit(e, ret, clone_flags(0x00004000 | 0x00000100)); /* CLONE_VFORK | CLONE_VM */
}

ENTER(clone3, 334, 0) {}

EXIT(clone3, 335, 20)
{
	__u64 flags = read_user_u64((void *)ARG0(regs)); /* clone_args.flags */
	put_clone_exit(e, ret, clone_flags(flags));
}

/* kill (128/129), tkill (130/131), tgkill (132/133) */
ENTER(kill, 128, 2)
{
	put_s64(e, (int)ARG0(regs));
	put_u8(e, ARG1(regs));
}

EXIT(kill, 129, 1)
{
	put_s64(e, ret);
}

ENTER(tkill, 130, 2)
{
	put_s64(e, (int)ARG0(regs));
	put_u8(e, ARG1(regs));
}

EXIT(tkill, 131, 1)
{
	put_s64(e, ret);
}

ENTER(tgkill, 132, 3)
{
	put_s64(e, (int)ARG0(regs));
	put_s64(e, (int)ARG1(regs));
	put_u8(e, ARG2(regs));
}

EXIT(tgkill, 133, 1)
{
	put_s64(e, ret);
}

/* setuid (198/199), setgid (200/201), setresuid (192/193), setresgid (194/195) */
ENTER(setuid, 198, 1)
{
	put_u32(e, ARG0(regs));
}

EXIT(setuid, 199, 1)
{
	put_s64(e, ret);
}

ENTER(setgid, 200, 1)
{
	put_u32(e, ARG0(regs));
}

EXIT(setgid, 201, 1)
{
	put_s64(e, ret);
}

ENTER(setresuid, 192, 3)
{
	put_u32(e, ARG0(regs));
	put_u32(e, ARG1(regs));
	put_u32(e, ARG2(regs));
}

EXIT(setresuid, 193, 1)
{
	put_s64(e, ret);
}

ENTER(setresgid, 194, 3)
{
	put_u32(e, ARG0(regs));
	put_u32(e, ARG1(regs));
	put_u32(e, ARG2(regs));
}

EXIT(setresgid, 195, 1)
{
	put_s64(e, ret);
}

/* unshare (284/285), setns (240/241) */
ENTER(unshare, 284, 1)
{
	put_u32(e, clone_flags(ARG0(regs)));
}

EXIT(unshare, 285, 1)
{
	put_s64(e, ret);
}

ENTER(setns, 240, 2)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u32(e, clone_flags(ARG1(regs)));
}

EXIT(setns, 241, 1)
{
	put_s64(e, ret);
}

/* ptrace (168/169) */
static __always_inline __u16 ptrace_request(long r)
{
	if (r >= 0 && r <= 9)
		return r + 1; /* TRACEME .. SINGLESTEP */
	switch (r) {
	case 12: return 0x1a; /* GETREGS */
	case 13: return 0x1b; /* SETREGS */
	case 14: return 0x1c; /* GETFPREGS */
	case 15: return 0x1d; /* SETFPREGS */
	case 16: return 0xb;  /* ATTACH */
	case 17: return 0xc;  /* DETACH */
	case 18: return 0x1e; /* GETFPXREGS */
	case 19: return 0x1f; /* SETFPXREGS */
	case 21: return 0x20; /* OLDSETOPTIONS */
	case 24: return 0xd;  /* SYSCALL */
	case 25: return 0x21; /* GET_THREAD_AREA */
	case 26: return 0x22; /* SET_THREAD_AREA */
	case 30: return 0x23; /* ARCH_PRCTL */
	case 31: return 0x24; /* SYSEMU */
	case 32: return 0x25; /* SYSEMU_SINGLESTEP */
	case 33: return 0x26; /* SINGLEBLOCK */
	}
	if (r >= 0x4200 && r <= 0x420b)
		return r - 0x4200 + 0xe; /* SETOPTIONS .. SETSIGMASK */
	return 0;
}

ENTER(ptrace, 168, 2)
{
	put_u16(e, ptrace_request(ARG0(regs)));
	put_s64(e, (int)ARG1(regs));
}

static __always_inline void put_dyn_u64(struct ev *e, __u8 idx, __u64 v)
{
	if (!room(e, 9)) {
		put_empty(e);
		return;
	}
	__u8 *dst = &e->s->buf[MASKED(e->off, OFF_MASK)];
	dst[0] = idx;
	*(__u64 *)&dst[1] = v;
	e->off += 9;
	set_len(e, 9);
}

EXIT(ptrace, 169, 3)
{
	put_s64(e, ret);
	put_dyn_u64(e, 0, ARG2(regs));
	put_dyn_u64(e, 0, ARG3(regs));
}
