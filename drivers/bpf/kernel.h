/* Reading process, file and socket state from kernel structures (CO-RE). */
#pragma once

#define S_IFMT 0170000
#define S_IFSOCK 0140000
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define PAGE_SHIFT 12
#define RLIMIT_NOFILE 7
#define MM_FILEPAGES 0
#define MM_ANONPAGES 1
#define MM_SWAPENTS 2
#define MM_SHMEMPAGES 3
#define SB_RDONLY 1

static __always_inline struct task_struct *cur_task(void)
{
	return (struct task_struct *)bpf_get_current_task();
}

static __always_inline struct file *fd_file(long fd)
{
	if (fd < 0)
		return 0;
	struct task_struct *t = cur_task();
	struct fdtable *fdt = BPF_CORE_READ(t, files, fdt);
	if (!fdt)
		return 0;
	unsigned int max = BPF_CORE_READ(fdt, max_fds);
	if ((unsigned long)fd >= max)
		return 0;
	struct file **arr = BPF_CORE_READ(fdt, fd);
	struct file *f = 0;
	bpf_probe_read_kernel(&f, sizeof(f), &arr[fd]);
	return f;
}

/* encode_dev turns a kernel dev_t into the userspace encoding (new_encode_dev). */
static __always_inline __u32 encode_dev(__u32 dev)
{
	__u32 major = dev >> 20, minor = dev & 0xfffff;
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffU) << 12);
}

static __always_inline __u32 file_dev(struct file *f)
{
	if (!f)
		return 0;
	return encode_dev(BPF_CORE_READ(f, f_inode, i_sb, s_dev));
}

static __always_inline __u64 file_ino(struct file *f)
{
	if (!f)
		return 0;
	return BPF_CORE_READ(f, f_inode, i_ino);
}

static __always_inline struct sock *file_sock(struct file *f)
{
	if (!f)
		return 0;
	umode_t mode = BPF_CORE_READ(f, f_inode, i_mode);
	if ((mode & S_IFMT) != S_IFSOCK)
		return 0;
	struct socket *sock = BPF_CORE_READ(f, private_data);
	if (!sock)
		return 0;
	return BPF_CORE_READ(sock, sk);
}

static __always_inline struct sock *fd_sock(long fd)
{
	return file_sock(fd_file(fd));
}

/* pid_nr_in_own_ns is the number of a struct pid in the deepest namespace it lives in. */
static __always_inline __s64 pid_nr_in_own_ns(struct pid *p)
{
	if (!p)
		return 0;
	unsigned int level = BPF_CORE_READ(p, level);
	int nr = 0;
	bpf_probe_read_kernel(&nr, sizeof(nr), &p->numbers[level & 31].nr);
	return nr;
}

static __always_inline __s64 task_vtid(struct task_struct *t)
{
	return pid_nr_in_own_ns(BPF_CORE_READ(t, thread_pid));
}

static __always_inline __s64 task_vpid(struct task_struct *t)
{
	return pid_nr_in_own_ns(BPF_CORE_READ(t, group_leader, thread_pid));
}

static __always_inline bool task_in_child_pidns(struct task_struct *t)
{
	struct pid *p = BPF_CORE_READ(t, thread_pid);
	return p && BPF_CORE_READ(p, level) > 0;
}

static __always_inline __s64 task_ptgid(struct task_struct *t)
{
	return BPF_CORE_READ(t, real_parent, tgid);
}

static __always_inline __s64 mm_counter(struct mm_struct *mm, int i)
{
	__s64 v = BPF_CORE_READ(mm, rss_stat[i].count);
	return v < 0 ? 0 : v;
}

/* task_vm fills vm size, rss and swap in KiB. */
static __always_inline void task_vm(struct task_struct *t, __u32 *size, __u32 *rss, __u32 *swap)
{
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	*size = *rss = *swap = 0;
	if (!mm)
		return;
	*size = BPF_CORE_READ(mm, total_vm) << (PAGE_SHIFT - 10);
	*rss = (mm_counter(mm, MM_FILEPAGES) + mm_counter(mm, MM_ANONPAGES) + mm_counter(mm, MM_SHMEMPAGES))
	       << (PAGE_SHIFT - 10);
	*swap = mm_counter(mm, MM_SWAPENTS) << (PAGE_SHIFT - 10);
}

static __always_inline __u64 task_fdlimit(struct task_struct *t)
{
	return BPF_CORE_READ(t, signal, rlim[RLIMIT_NOFILE].rlim_cur);
}

/* task_tty is the controlling terminal as a userspace dev number, 0 when none. */
static __always_inline __u32 task_tty(struct task_struct *t)
{
	struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
	if (!tty)
		return 0;
	int index = BPF_CORE_READ(tty, index);
	int major = BPF_CORE_READ(tty, driver, major);
	int minor = BPF_CORE_READ(tty, driver, minor_start) + index;
	return encode_dev(((__u32)major << 20) | (__u32)minor);
}

static __always_inline __s64 task_pgid(struct task_struct *t)
{
	struct pid *p = BPF_CORE_READ(t, signal, pids[PIDTYPE_PGID]);
	return pid_nr_in_own_ns(p);
}

static __always_inline __s32 task_loginuid(struct task_struct *t)
{
	return BPF_CORE_READ(t, loginuid.val);
}

/* exe_writable approximates whether the task may write its own executable. */
static __always_inline bool exe_writable(struct task_struct *t)
{
	struct file *exe = BPF_CORE_READ(t, mm, exe_file);
	if (!exe)
		return false;
	struct inode *ino = BPF_CORE_READ(exe, f_inode);
	unsigned long sflags = BPF_CORE_READ(ino, i_sb, s_flags);
	if (sflags & SB_RDONLY)
		return false;
	__u32 euid = BPF_CORE_READ(t, cred, euid.val);
	if (euid == 0)
		return true;
	umode_t mode = BPF_CORE_READ(ino, i_mode);
	__u32 uid = BPF_CORE_READ(ino, i_uid.val);
	__u32 gid = BPF_CORE_READ(ino, i_gid.val);
	__u32 egid = BPF_CORE_READ(t, cred, egid.val);
	if (uid == euid)
		return mode & 0200;
	if (gid == egid)
		return mode & 0020;
	return mode & 0002;
}

/* pack_inet writes an AF_INET tuple or address into t. */
static __always_inline void pack_inet_tuple(__u8 *t, __u32 sip, __u16 sport, __u32 dip, __u16 dport)
{
	t[0] = AF_INET;
	*(__u32 *)&t[1] = sip;
	*(__u16 *)&t[5] = sport;
	*(__u32 *)&t[7] = dip;
	*(__u16 *)&t[11] = dport;
}

/* read_user_sockaddr copies a user sockaddr (at most 128 bytes) into dst and returns its
 * family, or 0. */
static __always_inline __u16 read_user_sockaddr(void *dst, const void *uaddr, long ulen)
{
	if (!uaddr || ulen <= 0)
		return 0;
	if (ulen > 128)
		ulen = 128;
	if (bpf_probe_read_user(dst, ulen & 127, uaddr) < 0)
		return 0;
	return *(__u16 *)dst;
}

/* unix_path_copy copies the path of a unix socket address into dst (with "@" for an
 * abstract name) and returns the bytes written including the NUL. */
static __always_inline __u32 unix_path_copy(__u8 *dst, const char *path, bool user)
{
	char first = 0;
	if (user)
		bpf_probe_read_user(&first, 1, path);
	else
		bpf_probe_read_kernel(&first, 1, path);
	long n;
	if (first == 0) {
		/* abstract socket, or no name at all */
		char second = 0;
		if (user)
			bpf_probe_read_user(&second, 1, path + 1);
		else
			bpf_probe_read_kernel(&second, 1, path + 1);
		if (second == 0) {
			dst[0] = 0;
			return 1;
		}
		dst[0] = '@';
		if (user)
			n = bpf_probe_read_user_str(dst + 1, 107, path + 1);
		else
			n = bpf_probe_read_kernel_str(dst + 1, 107, path + 1);
		return n > 0 ? n + 1 : 2;
	}
	if (user)
		n = bpf_probe_read_user_str(dst, 108, path);
	else
		n = bpf_probe_read_kernel_str(dst, 108, path);
	if (n <= 0) {
		dst[0] = 0;
		return 1;
	}
	return n;
}

/* pack_sockaddr converts the user sockaddr at uaddr into a PT_SOCKADDR value in tmp and
 * returns its length (0 for families the format does not carry). */
static __always_inline __u32 pack_sockaddr(struct scry_scratch *s, const void *uaddr, long ulen)
{
	__u8 *raw = &s->tmp[512];
	__u16 fam = read_user_sockaddr(raw, uaddr, ulen);
	__u8 *t = s->tmp;
	if (fam == AF_INET) {
		struct sockaddr_in *in = (void *)raw;
		t[0] = AF_INET;
		*(__u32 *)&t[1] = in->sin_addr.s_addr;
		*(__u16 *)&t[5] = bpf_ntohs(in->sin_port);
		return 7;
	}
	if (fam == AF_INET6) {
		struct sockaddr_in6 *in6 = (void *)raw;
		t[0] = AF_INET6;
		__builtin_memcpy(&t[1], &in6->sin6_addr, 16);
		*(__u16 *)&t[17] = bpf_ntohs(in6->sin6_port);
		return 19;
	}
	if (fam == AF_UNIX) {
		t[0] = AF_UNIX;
		return 1 + unix_path_copy(&t[1], (const char *)uaddr + 2, true);
	}
	return 0;
}

/* pack_tuple writes the PT_SOCKTUPLE of sk into tmp and returns its length (0 when the
 * socket has no tuple the format carries). inbound puts the remote end first. A user
 * address, when given, supplies the remote end of an unconnected socket. */
static __always_inline __u32 pack_tuple(struct scry_scratch *s, struct sock *sk, bool inbound,
					const void *uaddr, long ulen)
{
	if (!sk)
		return 0;
	__u16 fam = BPF_CORE_READ(sk, __sk_common.skc_family);
	__u8 *t = s->tmp;
	if (fam == AF_INET) {
		__u32 lip = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__u16 lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		__u32 rip = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		__u16 rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		if (rip == 0 && rport == 0 && uaddr) {
			__u8 *raw = &s->tmp[512];
			if (read_user_sockaddr(raw, uaddr, ulen) == AF_INET) {
				struct sockaddr_in *in = (void *)raw;
				rip = in->sin_addr.s_addr;
				rport = bpf_ntohs(in->sin_port);
			}
		}
		if (inbound)
			pack_inet_tuple(t, rip, rport, lip, lport);
		else
			pack_inet_tuple(t, lip, lport, rip, rport);
		return 13;
	}
	if (fam == AF_INET6) {
		__u8 lip[16], rip[16];
		BPF_CORE_READ_INTO(&lip, sk, __sk_common.skc_v6_rcv_saddr);
		BPF_CORE_READ_INTO(&rip, sk, __sk_common.skc_v6_daddr);
		__u16 lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		__u16 rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		if (rport == 0 && uaddr) {
			__u8 *raw = &s->tmp[512];
			if (read_user_sockaddr(raw, uaddr, ulen) == AF_INET6) {
				struct sockaddr_in6 *in6 = (void *)raw;
				__builtin_memcpy(rip, &in6->sin6_addr, 16);
				rport = bpf_ntohs(in6->sin6_port);
			}
		}
		t[0] = AF_INET6;
		if (inbound) {
			__builtin_memcpy(&t[1], rip, 16);
			*(__u16 *)&t[17] = rport;
			__builtin_memcpy(&t[19], lip, 16);
			*(__u16 *)&t[35] = lport;
		} else {
			__builtin_memcpy(&t[1], lip, 16);
			*(__u16 *)&t[17] = lport;
			__builtin_memcpy(&t[19], rip, 16);
			*(__u16 *)&t[35] = rport;
		}
		return 37;
	}
	if (fam == AF_UNIX) {
		struct unix_sock *us = (struct unix_sock *)sk;
		struct sock *peer = BPF_CORE_READ(us, peer);
		t[0] = AF_UNIX;
		*(__u64 *)&t[1] = (__u64)sk;
		*(__u64 *)&t[9] = (__u64)peer;
		struct unix_address *addr = BPF_CORE_READ(us, addr);
		if (!addr && peer)
			addr = BPF_CORE_READ((struct unix_sock *)peer, addr);
		if (addr)
			return 17 + unix_path_copy(&t[17], (const char *)addr->name[0].sun_path, false);
		if (uaddr && ulen > 2)
			return 17 + unix_path_copy(&t[17], (const char *)uaddr + 2, true);
		t[17] = 0;
		return 18;
	}
	return 0;
}
