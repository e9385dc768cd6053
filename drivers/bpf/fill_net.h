/* Fillers of network events: sockets, addresses, tuples, messages, options. */
#pragma once

#define EINPROGRESS 115

/* put_tuple writes the socket tuple of fd (empty when fd is no inet/unix socket). */
static __always_inline void put_tuple(struct ev *e, long fd, bool inbound, const void *uaddr, long ulen)
{
	__u32 n = pack_tuple(e->s, fd_sock(fd), inbound, uaddr, ulen);
	put_tmp(e, n);
}

static __always_inline void put_sockaddr(struct ev *e, const void *uaddr, long ulen)
{
	put_tmp(e, pack_sockaddr(e->s, uaddr, ulen));
}

/* socket (18/19), socketpair (42/43) */
ENTER(socket, 18, 3)
{
	put_u32(e, ARG0(regs));
	put_u32(e, ARG1(regs));
	put_u32(e, ARG2(regs));
}

EXIT(socket, 19, 1)
{
	put_s64(e, ret);
}

ENTER(socketpair, 42, 3)
{
	put_u32(e, ARG0(regs));
	put_u32(e, ARG1(regs));
	put_u32(e, ARG2(regs));
}

EXIT(socketpair, 43, 5)
{
	int fd1 = -1, fd2 = -1;
	__u64 src = 0, peer = 0;
	if (ret >= 0) {
		read_fd_pair((void *)ARG3(regs), &fd1, &fd2);
		struct sock *sk = fd_sock(fd1);
		if (sk) {
			src = (__u64)sk;
			peer = (__u64)BPF_CORE_READ((struct unix_sock *)sk, peer);
		}
	}
	put_s64(e, ret);
	put_s64(e, fd1);
	put_s64(e, fd2);
	put_u64(e, src);
	put_u64(e, peer);
}

/* bind (20/21), listen (24/25) */
ENTER(bind, 20, 1)
{
	put_s64(e, FD_ARG(ARG0(regs)));
}

EXIT(bind, 21, 2)
{
	put_s64(e, ret);
	put_sockaddr(e, (void *)ARG1(regs), ARG2(regs));
}

ENTER(listen, 24, 2)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u32(e, ARG1(regs));
}

EXIT(listen, 25, 1)
{
	put_s64(e, ret);
}

/* connect (22/23) */
ENTER(connect, 22, 2)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_sockaddr(e, (void *)ARG1(regs), ARG2(regs));
}

EXIT(connect, 23, 2)
{
	put_s64(e, ret);
	if (ret < 0 && ret != -EINPROGRESS) {
		put_empty(e);
		return;
	}
	put_tuple(e, FD_ARG(ARG0(regs)), false, (void *)ARG1(regs), ARG2(regs));
}

/* accept (246/247: ACCEPT_5), accept4 (248/249: ACCEPT4_5) */
static __always_inline void put_accept_exit(struct ev *e, struct pt_regs *regs, long ret)
{
	put_s64(e, ret);
	if (ret >= 0)
		put_tuple(e, ret, true, 0, 0);
	else
		put_empty(e);
	__u32 qlen = 0, qmax = 0;
	struct sock *lsk = fd_sock(FD_ARG(ARG0(regs)));
	if (lsk) {
		qlen = BPF_CORE_READ(lsk, sk_ack_backlog);
		qmax = BPF_CORE_READ(lsk, sk_max_ack_backlog);
	}
	put_u8(e, qmax ? (qlen * 100) / qmax : 0);
	put_u32(e, qlen);
	put_u32(e, qmax);
}

ENTER(accept, 246, 0) {}

EXIT(accept, 247, 5)
{
	put_accept_exit(e, regs, ret);
}

ENTER(accept4, 248, 1)
{
	put_s32(e, ARG3(regs));
}

EXIT(accept4, 249, 5)
{
	put_accept_exit(e, regs, ret);
}

/* sendto (30/31), recvfrom (34/35) */
ENTER(sendto, 30, 3)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u32(e, ARG2(regs));
	put_tuple(e, FD_ARG(ARG0(regs)), false, (void *)ARG4(regs), ARG5(regs));
}

EXIT(sendto, 31, 2)
{
	put_s64(e, ret);
	put_io_data(e, (void *)ARG1(regs), ret);
}

ENTER(recvfrom, 34, 2)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u32(e, ARG2(regs));
}

EXIT(recvfrom, 35, 3)
{
	put_s64(e, ret);
	put_io_data(e, (void *)ARG1(regs), ret);
	if (ret < 0) {
		put_empty(e);
		return;
	}
	int alen = 0;
	if (ARG5(regs))
		bpf_probe_read_user(&alen, sizeof(alen), (void *)ARG5(regs));
	put_tuple(e, FD_ARG(ARG0(regs)), true, (void *)ARG4(regs), alen);
}

/* sendmsg (48/49), recvmsg (52/53): struct user_msghdr */
struct scry_msghdr {
	__u64 name;
	__s32 namelen;
	__u32 pad;
	__u64 iov;
	__u64 iovlen;
	__u64 control;
	__u64 controllen;
	__u32 flags;
};

static __always_inline void read_msghdr(struct scry_msghdr *m, const void *p)
{
	__builtin_memset(m, 0, sizeof(*m));
	if (p)
		bpf_probe_read_user(m, sizeof(*m), p);
}

ENTER(sendmsg, 48, 3)
{
	struct scry_msghdr m;
	read_msghdr(&m, (void *)ARG1(regs));
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u32(e, iov_total((void *)m.iov, m.iovlen));
	put_tuple(e, FD_ARG(ARG0(regs)), false, (void *)m.name, m.namelen);
}

EXIT(sendmsg, 49, 2)
{
	struct scry_msghdr m;
	read_msghdr(&m, (void *)ARG1(regs));
	put_s64(e, ret);
	put_iov_data(e, (void *)m.iov, m.iovlen, ret);
}

ENTER(recvmsg, 52, 1)
{
	put_s64(e, FD_ARG(ARG0(regs)));
}

EXIT(recvmsg, 53, 4)
{
	struct scry_msghdr m;
	read_msghdr(&m, (void *)ARG1(regs));
	put_s64(e, ret);
	put_u32(e, iov_total((void *)m.iov, m.iovlen));
	put_iov_data(e, (void *)m.iov, m.iovlen, ret);
	if (ret < 0) {
		put_empty(e);
		return;
	}
	put_tuple(e, FD_ARG(ARG0(regs)), true, (void *)m.name, m.namelen);
}

/* shutdown (36/37) */
ENTER(shutdown, 36, 2)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u8(e, ARG1(regs));
}

EXIT(shutdown, 37, 1)
{
	put_s64(e, ret);
}

/* getsockopt (46/47), setsockopt (44/45) */
#define SOL_SOCKET 1
#define SOL_TCP 6
#define SO_ERROR 4
#define SO_RCVTIMEO 20
#define SO_SNDTIMEO 21

static __always_inline __u8 sockopt_level(long level)
{
	if (level == SOL_SOCKET)
		return 1;
	if (level == SOL_TCP)
		return 2;
	return 0;
}

static __always_inline __u8 sockopt_name(long level, long name)
{
	if (level != SOL_SOCKET)
		return 0;
	if (name >= 1 && name <= 50)
		return name;
	switch (name) {
	case 55: return 0x34; /* SO_MEMINFO */
	case 57: return 0x35; /* SO_COOKIE */
	case 59: return 0x33; /* SO_PEERGROUPS */
	}
	return 0;
}

/* put_sockopt_val writes the PT_DYN value of a socket option. */
static __always_inline void put_sockopt_val(struct ev *e, long level, long name, const void *val, long len)
{
	if (!room(e, 300) || !val || len <= 0) {
		put_empty(e);
		return;
	}
	__u8 *dst = &e->s->buf[MASKED(e->off, OFF_MASK)];
	if (level == SOL_SOCKET && name == SO_ERROR) {
		int v = 0;
		bpf_probe_read_user(&v, sizeof(v), val);
		dst[0] = 1; /* ERRNO */
		*(__s64 *)&dst[1] = -(__s64)v;
		e->off += 9;
		set_len(e, 9);
		return;
	}
	if (level == SOL_SOCKET && (name == SO_RCVTIMEO || name == SO_SNDTIMEO) && len >= 16) {
		__s64 tv[2] = {};
		bpf_probe_read_user(tv, sizeof(tv), val);
		dst[0] = 4; /* TIMEVAL as RELTIME */
		*(__u64 *)&dst[1] = tv[0] * 1000000000ULL + tv[1] * 1000ULL;
		e->off += 9;
		set_len(e, 9);
		return;
	}
	if (len == 4) {
		__u32 v = 0;
		bpf_probe_read_user(&v, sizeof(v), val);
		dst[0] = 2; /* UINT32 */
		*(__u32 *)&dst[1] = v;
		e->off += 5;
		set_len(e, 5);
		return;
	}
	if (len == 8) {
		__u64 v = 0;
		bpf_probe_read_user(&v, sizeof(v), val);
		dst[0] = 3; /* UINT64 */
		*(__u64 *)&dst[1] = v;
		e->off += 9;
		set_len(e, 9);
		return;
	}
	if (len > 256)
		len = 256;
	dst[0] = 0; /* raw bytes */
	if (bpf_probe_read_user(&dst[1], len & 511, val) < 0) {
		put_empty(e);
		return;
	}
	e->off += 1 + (len & 511);
	set_len(e, 1 + (len & 511));
}

ENTER(getsockopt, 46, 0) {}

EXIT(getsockopt, 47, 6)
{
	int optlen = 0;
	if (ARG4(regs))
		bpf_probe_read_user(&optlen, sizeof(optlen), (void *)ARG4(regs));
	put_s64(e, ret);
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u8(e, sockopt_level(ARG1(regs)));
	put_u8(e, sockopt_name(ARG1(regs), ARG2(regs)));
	if (ret < 0)
		put_empty(e);
	else
		put_sockopt_val(e, ARG1(regs), ARG2(regs), (void *)ARG3(regs), optlen);
	put_u32(e, optlen);
}

ENTER(setsockopt, 44, 0) {}

EXIT(setsockopt, 45, 6)
{
	put_s64(e, ret);
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u8(e, sockopt_level(ARG1(regs)));
	put_u8(e, sockopt_name(ARG1(regs), ARG2(regs)));
	put_sockopt_val(e, ARG1(regs), ARG2(regs), (void *)ARG3(regs), (int)ARG4(regs));
	put_u32(e, ARG4(regs));
}
