/* Fillers of memory, bpf and the remaining dedicated events. */
#pragma once

static __always_inline void put_vm(struct ev *e)
{
	__u32 size, rss, swap;
	task_vm(cur_task(), &size, &rss, &swap);
	put_u32(e, size);
	put_u32(e, rss);
	put_u32(e, swap);
}

/* mmap (160/161), munmap (164/165), mprotect (328/329), brk (158/159: BRK_4) */
ENTER(mmap, 160, 6)
{
	put_u64(e, ARG0(regs));
	put_u64(e, ARG1(regs));
	put_u32(e, prot_flags(ARG2(regs)));
	put_u32(e, mmap_flags(ARG3(regs)));
	put_s64(e, FD_ARG(ARG4(regs)));
	put_u64(e, ARG5(regs));
}

EXIT(mmap, 161, 4)
{
	put_u64(e, ret);
	put_vm(e);
}

ENTER(munmap, 164, 2)
{
	put_u64(e, ARG0(regs));
	put_u64(e, ARG1(regs));
}

EXIT(munmap, 165, 4)
{
	put_s64(e, ret);
	put_vm(e);
}

ENTER(mprotect, 328, 3)
{
	put_u64(e, ARG0(regs));
	put_u64(e, ARG1(regs));
	put_u32(e, prot_flags(ARG2(regs)));
}

EXIT(mprotect, 329, 1)
{
	put_s64(e, ret);
}

ENTER(brk, 158, 1)
{
	put_u64(e, ARG0(regs));
}

EXIT(brk, 159, 4)
{
	put_u64(e, ret);
	put_vm(e);
}

/* bpf (296/297): res_or_fd is an fd for commands that create one. */
#define BPF_MAP_CREATE_CMD 0
#define BPF_PROG_LOAD_CMD 5

ENTER(bpf, 296, 1)
{
	put_s64(e, (int)ARG0(regs));
}

EXIT(bpf, 297, 1)
{
	long cmd = (int)ARG0(regs);
	bool fd = ret >= 0 && (cmd == BPF_MAP_CREATE_CMD || cmd == BPF_PROG_LOAD_CMD);
	put_dyn_u64(e, fd ? 0 : 1, ret);
}

/* lseek (86/87) */
ENTER(lseek, 86, 3)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u64(e, ARG1(regs));
	put_u8(e, ARG2(regs));
}

EXIT(lseek, 87, 1)
{
	put_s64(e, ret);
}

/* stat (66/67), lstat (68/69), fstat (70/71) */
ENTER(stat, 66, 0) {}

EXIT(stat, 67, 2)
{
	put_s64(e, ret);
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
}

ENTER(lstat, 68, 0) {}

EXIT(lstat, 69, 2)
{
	put_s64(e, ret);
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
}

ENTER(fstat, 70, 1)
{
	put_s64(e, FD_ARG(ARG0(regs)));
}

EXIT(fstat, 71, 1)
{
	put_s64(e, ret);
}

/* getcwd (92/93): the path is what the call wrote into the user buffer. */
ENTER(getcwd, 92, 0) {}

EXIT(getcwd, 93, 2)
{
	put_s64(e, ret);
	if (ret > 0)
		put_ustr(e, (void *)ARG0(regs), MAX_PATH);
	else
		put_lit(e, "", 1);
}

/* chroot (266/267), access (264/265) */
ENTER(chroot, 266, 0) {}

EXIT(chroot, 267, 2)
{
	put_s64(e, ret);
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
}

ENTER(access, 264, 1)
{
	put_u32(e, ARG1(regs) & 7);
}

EXIT(access, 265, 2)
{
	put_s64(e, ret);
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
}

/* ioctl (170/171: IOCTL_3) */
ENTER(ioctl, 170, 3)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u64(e, ARG1(regs));
	put_u64(e, ARG2(regs));
}

EXIT(ioctl, 171, 1)
{
	put_s64(e, ret);
}

/* setsid (274/275), setpgid (294/295) */
ENTER(setsid, 274, 0) {}

EXIT(setsid, 275, 1)
{
	put_s64(e, ret);
}

ENTER(setpgid, 294, 2)
{
	put_s64(e, (int)ARG0(regs));
	put_s64(e, (int)ARG1(regs));
}

EXIT(setpgid, 295, 1)
{
	put_s64(e, ret);
}

/* getuid (202/203), geteuid (204/205), getgid (206/207), getegid (208/209) */
ENTER(getuid, 202, 0) {}
EXIT(getuid, 203, 1) { put_u32(e, ret); }
ENTER(geteuid, 204, 0) {}
EXIT(geteuid, 205, 1) { put_u32(e, ret); }
ENTER(getgid, 206, 0) {}
EXIT(getgid, 207, 1) { put_u32(e, ret); }
ENTER(getegid, 208, 0) {}
EXIT(getegid, 209, 1) { put_u32(e, ret); }

/* nanosleep (134/135) */
ENTER(nanosleep, 134, 1)
{
	__s64 ts[2] = {};
	if (ARG0(regs))
		bpf_probe_read_user(ts, sizeof(ts), (void *)ARG0(regs));
	put_u64(e, ts[0] * 1000000000ULL + ts[1]);
}

EXIT(nanosleep, 135, 1)
{
	put_s64(e, ret);
}

/* getdents (236/237), getdents64 (238/239) */
ENTER(getdents, 236, 1) { put_s64(e, FD_ARG(ARG0(regs))); }
EXIT(getdents, 237, 1) { put_s64(e, ret); }
ENTER(getdents64, 238, 1) { put_s64(e, FD_ARG(ARG0(regs))); }
EXIT(getdents64, 239, 1) { put_s64(e, ret); }

/* flock (242/243) */
ENTER(flock, 242, 2)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u32(e, ARG1(regs) & 0xf);
}

EXIT(flock, 243, 1)
{
	put_s64(e, ret);
}

/* splice (166/167) */
ENTER(splice, 166, 4)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_s64(e, FD_ARG(ARG2(regs)));
	put_u64(e, ARG4(regs));
	put_u32(e, ARG5(regs) & 0xf);
}

EXIT(splice, 167, 1)
{
	put_s64(e, ret);
}

/* copy_file_range (332/333) */
ENTER(copy_file_range, 332, 3)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u64(e, read_user_u64((void *)ARG1(regs)));
	put_u64(e, ARG4(regs));
}

EXIT(copy_file_range, 333, 3)
{
	put_s64(e, ret);
	put_s64(e, FD_ARG(ARG2(regs)));
	put_u64(e, read_user_u64((void *)ARG3(regs)));
}

/* inotify_init, inotify_init1 (138/139), timerfd_create (136/137), signalfd (126/127) */
#define NR_INOTIFY_INIT1 294
#define NR_SIGNALFD4 289

ENTER(inotify_init, 138, 1)
{
	put_u8(e, id == NR_INOTIFY_INIT1 ? ARG0(regs) : 0);
}

EXIT(inotify_init, 139, 1)
{
	put_s64(e, ret);
}

ENTER(timerfd_create, 136, 2)
{
	put_u8(e, ARG0(regs));
	put_u8(e, ARG1(regs));
}

EXIT(timerfd_create, 137, 1)
{
	put_s64(e, ret);
}

ENTER(signalfd, 126, 3)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u32(e, 0);
	put_u8(e, id == NR_SIGNALFD4 ? ARG3(regs) : 0);
}

EXIT(signalfd, 127, 1)
{
	put_s64(e, ret);
}

/* userfaultfd (320/321), seccomp (298/299) */
ENTER(userfaultfd, 320, 0) {}

EXIT(userfaultfd, 321, 2)
{
	put_s64(e, ret);
	put_u32(e, open_flags(ARG0(regs)));
}

ENTER(seccomp, 298, 1)
{
	put_u64(e, ARG0(regs));
}

EXIT(seccomp, 299, 1)
{
	put_s64(e, ret);
}
