/* Conversions from Linux flag values to the capture format's flag tables (flags.tsv). */
#pragma once

#define MAP_BIT(in, lbit, pbit) (((in) & (lbit)) ? (pbit) : 0)

/* file_flags */
static __always_inline __u32 open_flags(__u64 f)
{
	__u32 r = 0;
	switch (f & 3) {
	case 0: r = 0x1; break; /* O_RDONLY */
	case 1: r = 0x2; break; /* O_WRONLY */
	case 2: r = 0x3; break; /* O_RDWR */
	}
	r |= MAP_BIT(f, 0100, 0x4);        /* O_CREAT */
	r |= MAP_BIT(f, 0200, 0x20);       /* O_EXCL */
	r |= MAP_BIT(f, 01000, 0x100);     /* O_TRUNC */
	r |= MAP_BIT(f, 02000, 0x8);       /* O_APPEND */
	r |= MAP_BIT(f, 04000, 0x40);      /* O_NONBLOCK */
	r |= MAP_BIT(f, 010000, 0x10);     /* O_DSYNC */
	r |= MAP_BIT(f, 040000, 0x200);    /* O_DIRECT */
	r |= MAP_BIT(f, 0100000, 0x800);   /* O_LARGEFILE */
	r |= MAP_BIT(f, 0200000, 0x400);   /* O_DIRECTORY */
	r |= MAP_BIT(f, 02000000, 0x1000); /* O_CLOEXEC */
	r |= MAP_BIT(f, 04000000, 0x80);   /* O_SYNC */
	r |= MAP_BIT(f, 020000000, 0x2000); /* O_TMPFILE */
	return r;
}

/* open_mode keeps the permission bits only when the call can create a file. */
static __always_inline __u32 open_mode(__u64 flags, __u64 mode)
{
	if (flags & (0100 | 020000000))
		return mode & 07777;
	return 0;
}

/* clone_flags */
static __always_inline __u32 clone_flags(__u64 f)
{
	__u32 r = 0;
	r |= MAP_BIT(f, 0x00000400, 0x1);       /* CLONE_FILES */
	r |= MAP_BIT(f, 0x00000200, 0x2);       /* CLONE_FS */
	r |= MAP_BIT(f, 0x80000000, 0x4);       /* CLONE_IO */
	r |= MAP_BIT(f, 0x08000000, 0x8);       /* CLONE_NEWIPC */
	r |= MAP_BIT(f, 0x40000000, 0x10);      /* CLONE_NEWNET */
	r |= MAP_BIT(f, 0x00020000, 0x20);      /* CLONE_NEWNS */
	r |= MAP_BIT(f, 0x20000000, 0x40);      /* CLONE_NEWPID */
	r |= MAP_BIT(f, 0x04000000, 0x80);      /* CLONE_NEWUTS */
	r |= MAP_BIT(f, 0x00008000, 0x100);     /* CLONE_PARENT */
	r |= MAP_BIT(f, 0x00100000, 0x200);     /* CLONE_PARENT_SETTID */
	r |= MAP_BIT(f, 0x00002000, 0x400);     /* CLONE_PTRACE */
	r |= MAP_BIT(f, 0x00000800, 0x800);     /* CLONE_SIGHAND */
	r |= MAP_BIT(f, 0x00040000, 0x1000);    /* CLONE_SYSVSEM */
	r |= MAP_BIT(f, 0x00010000, 0x2000);    /* CLONE_THREAD */
	r |= MAP_BIT(f, 0x00800000, 0x4000);    /* CLONE_UNTRACED */
	r |= MAP_BIT(f, 0x00000100, 0x8000);    /* CLONE_VM */
	r |= MAP_BIT(f, 0x10000000, 0x100000);  /* CLONE_NEWUSER */
	r |= MAP_BIT(f, 0x00200000, 0x800000);  /* CLONE_CHILD_CLEARTID */
	r |= MAP_BIT(f, 0x01000000, 0x1000000); /* CLONE_CHILD_SETTID */
	r |= MAP_BIT(f, 0x00080000, 0x2000000); /* CLONE_SETTLS */
	r |= MAP_BIT(f, 0x00004000, 0x8000000); /* CLONE_VFORK */
	r |= MAP_BIT(f, 0x02000000, 0x10000000); /* CLONE_NEWCGROUP */
	return r;
}

#define PPM_CL_CHILD_IN_PIDNS (1U << 29)

/* prot_flags */
static __always_inline __u32 prot_flags(__u64 f)
{
	__u32 r = f & 0xf; /* READ, WRITE, EXEC, SEM share their values */
	r |= MAP_BIT(f, 0x01000000, 0x10); /* PROT_GROWSDOWN */
	r |= MAP_BIT(f, 0x02000000, 0x20); /* PROT_GROWSUP */
	return r;
}

/* mmap_flags */
static __always_inline __u32 mmap_flags(__u64 f)
{
	__u32 r = 0;
	r |= MAP_BIT(f, 0x01, 0x1);     /* MAP_SHARED */
	r |= MAP_BIT(f, 0x02, 0x2);     /* MAP_PRIVATE */
	r |= MAP_BIT(f, 0x10, 0x4);     /* MAP_FIXED */
	r |= MAP_BIT(f, 0x20, 0x8);     /* MAP_ANONYMOUS */
	r |= MAP_BIT(f, 0x40, 0x10);    /* MAP_32BIT */
	r |= MAP_BIT(f, 0x4000, 0x40);  /* MAP_NORESERVE */
	r |= MAP_BIT(f, 0x8000, 0x80);  /* MAP_POPULATE */
	r |= MAP_BIT(f, 0x10000, 0x100); /* MAP_NONBLOCK */
	r |= MAP_BIT(f, 0x100, 0x200);  /* MAP_GROWSDOWN */
	r |= MAP_BIT(f, 0x800, 0x400);  /* MAP_DENYWRITE */
	r |= MAP_BIT(f, 0x1000, 0x800); /* MAP_EXECUTABLE */
	r |= MAP_BIT(f, 0x2000, 0x4000); /* MAP_LOCKED */
	return r;
}

/* fcntl_commands */
static __always_inline __u8 fcntl_cmd(__u64 c)
{
	switch (c) {
	case 0: return 0x1;     /* F_DUPFD */
	case 1: return 0x2;     /* F_GETFD */
	case 2: return 0x3;     /* F_SETFD */
	case 3: return 0x4;     /* F_GETFL */
	case 4: return 0x5;     /* F_SETFL */
	case 5: return 0x6;     /* F_GETLK */
	case 6: return 0x8;     /* F_SETLK */
	case 7: return 0x9;     /* F_SETLKW */
	case 8: return 0xa;     /* F_SETOWN */
	case 9: return 0xc;     /* F_GETOWN */
	case 10: return 0xd;    /* F_SETSIG */
	case 11: return 0xf;    /* F_GETSIG */
	case 15: return 0x15;   /* F_SETOWN_EX */
	case 16: return 0x16;   /* F_GETOWN_EX */
	case 36: return 0x1e;   /* F_OFD_GETLK */
	case 37: return 0x1f;   /* F_OFD_SETLK */
	case 38: return 0x20;   /* F_OFD_SETLKW */
	case 1024: return 0x17; /* F_SETLEASE */
	case 1025: return 0x18; /* F_GETLEASE */
	case 1026: return 0x1b; /* F_NOTIFY */
	case 1029: return 0x19; /* F_CANCELLK */
	case 1030: return 0x1a; /* F_DUPFD_CLOEXEC */
	case 1031: return 0x1c; /* F_SETPIPE_SZ */
	case 1032: return 0x1d; /* F_GETPIPE_SZ */
	}
	return 0; /* UNKNOWN */
}

/* openat2_flags (resolve) */
static __always_inline __u32 resolve_flags(__u64 f)
{
	__u32 r = 0;
	r |= MAP_BIT(f, 0x08, 0x1); /* RESOLVE_BENEATH */
	r |= MAP_BIT(f, 0x10, 0x2); /* RESOLVE_IN_ROOT */
	r |= MAP_BIT(f, 0x02, 0x4); /* RESOLVE_NO_MAGICLINKS */
	r |= MAP_BIT(f, 0x04, 0x8); /* RESOLVE_NO_SYMLINKS */
	r |= MAP_BIT(f, 0x01, 0x10); /* RESOLVE_NO_XDEV */
	r |= MAP_BIT(f, 0x20, 0x20); /* RESOLVE_CACHED */
	return r;
}

/* execveat_flags */
static __always_inline __u32 execveat_flags(__u64 f)
{
	__u32 r = 0;
	r |= MAP_BIT(f, 0x1000, 0x1); /* AT_EMPTY_PATH */
	r |= MAP_BIT(f, 0x100, 0x2);  /* AT_SYMLINK_NOFOLLOW */
	return r;
}

/* mount_flags: the low bits of MS_* share their values. */
static __always_inline __u32 mount_flags(__u64 f)
{
	if ((f & 0xffff0000) == 0xc0ed0000) /* MS_MGC_VAL magic */
		f &= 0xffff;
	return f;
}

/* umount_flags */
static __always_inline __u32 umount_flags(__u64 f)
{
	return f & 0xf; /* MNT_FORCE, MNT_DETACH, MNT_EXPIRE, UMOUNT_NOFOLLOW */
}
