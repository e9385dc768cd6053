/* Fillers of file-system events: open family, directories, links, permissions, mounts.
 * Type numbers are PPME ids of events.tsv. */
#pragma once

#define FD_ARG(x) ((__s64)(int)(x))

/* open (2/3) */
ENTER(open, 2, 3)
{
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
	put_u32(e, open_flags(ARG1(regs)));
	put_u32(e, open_mode(ARG1(regs), ARG2(regs)));
}

EXIT(open, 3, 5)
{
	put_s64(e, ret);
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
	put_u32(e, open_flags(ARG1(regs)));
	put_u32(e, open_mode(ARG1(regs), ARG2(regs)));
	put_u32(e, ret >= 0 ? file_dev(fd_file(ret)) : 0);
}

/* creat (58/59) */
ENTER(creat, 58, 2)
{
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
	put_u32(e, ARG1(regs) & 07777);
}

EXIT(creat, 59, 4)
{
	put_s64(e, ret);
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
	put_u32(e, ARG1(regs) & 07777);
	put_u32(e, ret >= 0 ? file_dev(fd_file(ret)) : 0);
}

/* openat (306/307: OPENAT_2) */
ENTER(openat, 306, 4)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_ustr(e, (void *)ARG1(regs), MAX_PATH);
	put_u32(e, open_flags(ARG2(regs)));
	put_u32(e, open_mode(ARG2(regs), ARG3(regs)));
}

EXIT(openat, 307, 6)
{
	put_s64(e, ret);
	put_s64(e, FD_ARG(ARG0(regs)));
	put_ustr(e, (void *)ARG1(regs), MAX_PATH);
	put_u32(e, open_flags(ARG2(regs)));
	put_u32(e, open_mode(ARG2(regs), ARG3(regs)));
	put_u32(e, ret >= 0 ? file_dev(fd_file(ret)) : 0);
}

/* openat2 (326/327): flags, mode and resolve come from struct open_how. */
struct scry_open_how {
	__u64 flags, mode, resolve;
};

static __always_inline void read_open_how(struct scry_open_how *how, const void *p)
{
	how->flags = how->mode = how->resolve = 0;
	if (p)
		bpf_probe_read_user(how, sizeof(*how), p);
}

ENTER(openat2, 326, 5)
{
	struct scry_open_how how;
	read_open_how(&how, (void *)ARG2(regs));
	put_s64(e, FD_ARG(ARG0(regs)));
	put_ustr(e, (void *)ARG1(regs), MAX_PATH);
	put_u32(e, open_flags(how.flags));
	put_u32(e, open_mode(how.flags, how.mode));
	put_u32(e, resolve_flags(how.resolve));
}

EXIT(openat2, 327, 6)
{
	struct scry_open_how how;
	read_open_how(&how, (void *)ARG2(regs));
	put_s64(e, ret);
	put_s64(e, FD_ARG(ARG0(regs)));
	put_ustr(e, (void *)ARG1(regs), MAX_PATH);
	put_u32(e, open_flags(how.flags));
	put_u32(e, open_mode(how.flags, how.mode));
	put_u32(e, resolve_flags(how.resolve));
}

/* close (4/5) */
ENTER(close, 4, 1)
{
	put_s64(e, FD_ARG(ARG0(regs)));
}

EXIT(close, 5, 1)
{
	put_s64(e, ret);
}

/* chdir (94/95), fchdir (96/97) */
ENTER(chdir, 94, 0) {}

EXIT(chdir, 95, 2)
{
	put_s64(e, ret);
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
}

ENTER(fchdir, 96, 1)
{
	put_s64(e, FD_ARG(ARG0(regs)));
}

EXIT(fchdir, 97, 1)
{
	put_s64(e, ret);
}

/* mkdir (276/277: MKDIR_2), mkdirat (304/305), rmdir (278/279: RMDIR_2) */
ENTER(mkdir, 276, 1)
{
	put_u32(e, ARG1(regs));
}

EXIT(mkdir, 277, 2)
{
	put_s64(e, ret);
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
}

ENTER(mkdirat, 304, 0) {}

EXIT(mkdirat, 305, 4)
{
	put_s64(e, ret);
	put_s64(e, FD_ARG(ARG0(regs)));
	put_ustr(e, (void *)ARG1(regs), MAX_PATH);
	put_u32(e, ARG2(regs));
}

ENTER(rmdir, 278, 0) {}

EXIT(rmdir, 279, 2)
{
	put_s64(e, ret);
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
}

/* unlink (300/301), unlinkat (302/303) */
ENTER(unlink, 300, 0) {}

EXIT(unlink, 301, 2)
{
	put_s64(e, ret);
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
}

ENTER(unlinkat, 302, 0) {}

EXIT(unlinkat, 303, 4)
{
	put_s64(e, ret);
	put_s64(e, FD_ARG(ARG0(regs)));
	put_ustr(e, (void *)ARG1(regs), MAX_PATH);
	put_u32(e, ARG2(regs) & 0x200); /* AT_REMOVEDIR */
}

/* rename (174/175), renameat (176/177), renameat2 (318/319) */
ENTER(rename, 174, 0) {}

EXIT(rename, 175, 3)
{
	put_s64(e, ret);
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
	put_ustr(e, (void *)ARG1(regs), MAX_PATH);
}

ENTER(renameat, 176, 0) {}

EXIT(renameat, 177, 5)
{
	put_s64(e, ret);
	put_s64(e, FD_ARG(ARG0(regs)));
	put_ustr(e, (void *)ARG1(regs), MAX_PATH);
	put_s64(e, FD_ARG(ARG2(regs)));
	put_ustr(e, (void *)ARG3(regs), MAX_PATH);
}

ENTER(renameat2, 318, 0) {}

EXIT(renameat2, 319, 6)
{
	put_s64(e, ret);
	put_s64(e, FD_ARG(ARG0(regs)));
	put_ustr(e, (void *)ARG1(regs), MAX_PATH);
	put_s64(e, FD_ARG(ARG2(regs)));
	put_ustr(e, (void *)ARG3(regs), MAX_PATH);
	put_u32(e, ARG4(regs) & 0x7);
}

/* link (308/309), linkat (310/311), symlink (178/179), symlinkat (180/181) */
ENTER(link, 308, 0) {}

EXIT(link, 309, 3)
{
	put_s64(e, ret);
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
	put_ustr(e, (void *)ARG1(regs), MAX_PATH);
}

ENTER(linkat, 310, 0) {}

EXIT(linkat, 311, 6)
{
	put_s64(e, ret);
	put_s64(e, FD_ARG(ARG0(regs)));
	put_ustr(e, (void *)ARG1(regs), MAX_PATH);
	put_s64(e, FD_ARG(ARG2(regs)));
	put_ustr(e, (void *)ARG3(regs), MAX_PATH);
	put_u32(e, ARG4(regs) & 0x1400); /* AT_SYMLINK_FOLLOW, AT_EMPTY_PATH */
}

ENTER(symlink, 178, 0) {}

EXIT(symlink, 179, 3)
{
	put_s64(e, ret);
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
	put_ustr(e, (void *)ARG1(regs), MAX_PATH);
}

ENTER(symlinkat, 180, 0) {}

EXIT(symlinkat, 181, 4)
{
	put_s64(e, ret);
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
	put_s64(e, FD_ARG(ARG1(regs)));
	put_ustr(e, (void *)ARG2(regs), MAX_PATH);
}

/* chmod (314/315), fchmod (316/317), fchmodat (312/313): mode bits share their values. */
ENTER(chmod, 314, 0) {}

EXIT(chmod, 315, 3)
{
	put_s64(e, ret);
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
	put_u32(e, ARG1(regs) & 07777);
}

ENTER(fchmod, 316, 0) {}

EXIT(fchmod, 317, 3)
{
	put_s64(e, ret);
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u32(e, ARG1(regs) & 07777);
}

ENTER(fchmodat, 312, 0) {}

EXIT(fchmodat, 313, 4)
{
	put_s64(e, ret);
	put_s64(e, FD_ARG(ARG0(regs)));
	put_ustr(e, (void *)ARG1(regs), MAX_PATH);
	put_u32(e, ARG2(regs) & 07777);
}

/* mount (256/257), umount2 (258/259) */
ENTER(mount, 256, 1)
{
	put_u32(e, mount_flags(ARG3(regs)));
}

EXIT(mount, 257, 4)
{
	put_s64(e, ret);
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
	put_ustr(e, (void *)ARG1(regs), MAX_PATH);
	put_ustr(e, (void *)ARG2(regs), MAX_PATH);
}

ENTER(umount2, 258, 1)
{
	put_u32(e, umount_flags(ARG1(regs)));
}

EXIT(umount2, 259, 2)
{
	put_s64(e, ret);
	put_ustr(e, (void *)ARG0(regs), MAX_PATH);
}
