/* Fillers of I/O events: read/write family, vectors, sendfile, pipes, eventfd, dup, fcntl. */
#pragma once

#define MAX_IOV 8

struct scry_iovec {
	__u64 base, len;
};

/* iov_total sums the lengths of the first MAX_IOV entries of a user iovec array. */
static __always_inline __u64 iov_total(const void *iov, long cnt)
{
	__u64 total = 0;
	if (!iov)
		return 0;
#pragma unroll
	for (int i = 0; i < MAX_IOV; i++) {
		if (i >= cnt)
			break;
		struct scry_iovec v = {};
		if (bpf_probe_read_user(&v, sizeof(v), (const struct scry_iovec *)iov + i) < 0)
			break;
		total += v.len;
	}
	return total;
}

/* put_iov_data writes at most min(len, snaplen) bytes gathered from a user iovec array. */
static __always_inline void put_iov_data(struct ev *e, const void *iov, long cnt, __s64 len)
{
	if (!iov || len <= 0) {
		put_empty(e);
		return;
	}
	__u64 want = len;
	if (want > snaplen)
		want = snaplen;
	if (want > MAX_SNAPLEN)
		want = MAX_SNAPLEN;
	if (!room(e, MAX_SNAPLEN)) {
		put_empty(e);
		return;
	}
	__u32 start = e->off;
	__u64 got = 0;
#pragma unroll
	for (int i = 0; i < MAX_IOV; i++) {
		if (i >= cnt || got >= want)
			break;
		struct scry_iovec v = {};
		if (bpf_probe_read_user(&v, sizeof(v), (const struct scry_iovec *)iov + i) < 0)
			break;
		__u64 n = v.len;
		if (n > want - got)
			n = want - got;
		n = MASKED(n, MAX_SNAPLEN - 1);
		if (bpf_probe_read_user(&e->s->buf[MASKED(start + got, OFF_MASK)], n, (void *)v.base) < 0)
			break;
		got += n;
	}
	e->off = start + (__u32)got;
	set_len(e, got);
}

/* read (6/7), write (8/9) */
ENTER(read, 6, 2)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u32(e, ARG2(regs));
}

EXIT(read, 7, 2)
{
	put_s64(e, ret);
	put_io_data(e, (void *)ARG1(regs), ret);
}

ENTER(write, 8, 2)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u32(e, ARG2(regs));
}

EXIT(write, 9, 2)
{
	put_s64(e, ret);
	put_io_data(e, (void *)ARG1(regs), ret > 0 ? ret : 0);
}

/* pread64 (112/113), pwrite64 (114/115) */
ENTER(pread64, 112, 3)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u32(e, ARG2(regs));
	put_u64(e, ARG3(regs));
}

EXIT(pread64, 113, 2)
{
	put_s64(e, ret);
	put_io_data(e, (void *)ARG1(regs), ret);
}

ENTER(pwrite64, 114, 3)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u32(e, ARG2(regs));
	put_u64(e, ARG3(regs));
}

EXIT(pwrite64, 115, 2)
{
	put_s64(e, ret);
	put_io_data(e, (void *)ARG1(regs), ret);
}

/* readv (116/117), writev (118/119), preadv (120/121), pwritev (122/123) */
ENTER(readv, 116, 1)
{
	put_s64(e, FD_ARG(ARG0(regs)));
}

EXIT(readv, 117, 3)
{
	put_s64(e, ret);
	put_u32(e, iov_total((void *)ARG1(regs), ARG2(regs)));
	put_iov_data(e, (void *)ARG1(regs), ARG2(regs), ret);
}

ENTER(writev, 118, 2)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u32(e, iov_total((void *)ARG1(regs), ARG2(regs)));
}

EXIT(writev, 119, 2)
{
	put_s64(e, ret);
	put_iov_data(e, (void *)ARG1(regs), ARG2(regs), ret);
}

ENTER(preadv, 120, 2)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u64(e, ARG3(regs));
}

EXIT(preadv, 121, 3)
{
	put_s64(e, ret);
	put_u32(e, iov_total((void *)ARG1(regs), ARG2(regs)));
	put_iov_data(e, (void *)ARG1(regs), ARG2(regs), ret);
}

ENTER(pwritev, 122, 3)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u32(e, iov_total((void *)ARG1(regs), ARG2(regs)));
	put_u64(e, ARG3(regs));
}

EXIT(pwritev, 123, 2)
{
	put_s64(e, ret);
	put_iov_data(e, (void *)ARG1(regs), ARG2(regs), ret);
}

/* sendfile (188/189) */
static __always_inline __u64 read_user_u64(const void *p)
{
	__u64 v = 0;
	if (p)
		bpf_probe_read_user(&v, sizeof(v), p);
	return v;
}

ENTER(sendfile, 188, 4)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_s64(e, FD_ARG(ARG1(regs)));
	put_u64(e, read_user_u64((void *)ARG2(regs)));
	put_u64(e, ARG3(regs));
}

EXIT(sendfile, 189, 2)
{
	put_s64(e, ret);
	put_u64(e, read_user_u64((void *)ARG2(regs)));
}

/* pipe, pipe2 (60/61) */
static __always_inline void read_fd_pair(const void *p, int *a, int *b)
{
	int fds[2] = {-1, -1};
	if (p)
		bpf_probe_read_user(fds, sizeof(fds), p);
	*a = fds[0];
	*b = fds[1];
}

ENTER(pipe, 60, 0) {}

EXIT(pipe, 61, 4)
{
	int fd1 = -1, fd2 = -1;
	if (ret >= 0)
		read_fd_pair((void *)ARG0(regs), &fd1, &fd2);
	put_s64(e, ret);
	put_s64(e, fd1);
	put_s64(e, fd2);
	put_u64(e, ret >= 0 ? file_ino(fd_file(fd1)) : 0);
}

/* eventfd, eventfd2 (62/63) */
#define NR_EVENTFD2 290

ENTER(eventfd, 62, 2)
{
	put_u64(e, ARG0(regs));
	put_u32(e, id == NR_EVENTFD2 ? ARG1(regs) : 0);
}

EXIT(eventfd, 63, 1)
{
	put_s64(e, ret);
}

/* dup, dup2, dup3 (124/125) */
ENTER(dup, 124, 1)
{
	put_s64(e, FD_ARG(ARG0(regs)));
}

EXIT(dup, 125, 1)
{
	put_s64(e, ret);
}

/* fcntl (150/151) */
ENTER(fcntl, 150, 2)
{
	put_s64(e, FD_ARG(ARG0(regs)));
	put_u8(e, fcntl_cmd(ARG1(regs)));
}

EXIT(fcntl, 151, 1)
{
	put_s64(e, ret);
}
