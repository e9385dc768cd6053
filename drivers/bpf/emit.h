/* Building wire-format events in the scratch area and handing them to a ring. */
#pragma once

/* MASKED clamps a variable offset for the verifier; the asm keeps clang from proving
 * the mask redundant and deleting it. */
#define MASKED(x, m) ({ __u64 _v = (x); asm volatile("%0 &= %1" : "+r"(_v) : "i"(m)); _v; })

struct ev {
	struct scry_scratch *s;
	__u32 off; /* where the next parameter value goes */
	__u32 idx; /* index of the next parameter */
};

static __always_inline struct scry_scratch *scratch_get(void)
{
	__u32 cpu = bpf_get_smp_processor_id();
	return bpf_map_lookup_elem(&scratch, &cpu);
}

static __always_inline void stat_add_filtered(void)
{
	__u32 zero = 0;
	struct scry_stats *st = bpf_map_lookup_elem(&stats, &zero);
	if (st)
		st->filtered++;
}

/* ev_stamp records the time and thread (the low half of pid_tgid) of the event being
 * built; dispatchers call it before they hand over to a filler so the timestamp is taken
 * as early as possible. */
static __always_inline struct scry_scratch *ev_stamp(__u32 drop_cat, __u64 pid_tgid)
{
	struct scry_scratch *s = scratch_get();
	if (!s) {
		__u32 zero = 0;
		struct scry_stats *st = bpf_map_lookup_elem(&stats, &zero);
		if (st)
			st->drops_scratch++;
		return 0;
	}
	*(__u64 *)&s->buf[HDR_TS] = bpf_ktime_get_boot_ns() + boot_to_epoch_ns;
	*(__u64 *)&s->buf[HDR_TID] = pid_tgid & 0xffffffff;
	s->drop_cat = drop_cat;
	return s;
}

/* ev_begin_in starts an event of the given type with np parameters in s, the stamped
 * scratch area. */
static __always_inline void ev_begin_in(struct ev *e, struct scry_scratch *s, __u16 type, __u32 np)
{
	e->s = s;
	*(__u16 *)&s->buf[HDR_TYPE] = type;
	*(__u32 *)&s->buf[HDR_NPARAMS] = np;
	e->off = HDR_SIZE + 2 * np;
	e->idx = 0;
}

/* ev_begin starts an event of the given type with np parameters in the stamped
 * scratch area of this CPU (for fillers reached by a tail call). */
static __always_inline int ev_begin(struct ev *e, __u16 type, __u32 np)
{
	e->s = scratch_get();
	if (!e->s)
		return -1;
	*(__u16 *)&e->s->buf[HDR_TYPE] = type;
	*(__u32 *)&e->s->buf[HDR_NPARAMS] = np;
	e->off = HDR_SIZE + 2 * np;
	e->idx = 0;
	return 0;
}

static __always_inline void set_len(struct ev *e, __u16 len)
{
	*(__u16 *)&e->s->buf[MASKED(HDR_SIZE + 2 * e->idx, 127)] = len;
	e->idx++;
}

static __always_inline bool room(struct ev *e, __u32 n)
{
	return e->off + n <= OFF_MASK;
}

static __always_inline void put_empty(struct ev *e)
{
	set_len(e, 0);
}

static __always_inline void put_u8(struct ev *e, __u8 v)
{
	if (!room(e, 1)) {
		put_empty(e);
		return;
	}
	e->s->buf[MASKED(e->off, OFF_MASK)] = v;
	e->off += 1;
	set_len(e, 1);
}

static __always_inline void put_u16(struct ev *e, __u16 v)
{
	if (!room(e, 2)) {
		put_empty(e);
		return;
	}
	*(__u16 *)&e->s->buf[MASKED(e->off, OFF_MASK)] = v;
	e->off += 2;
	set_len(e, 2);
}

static __always_inline void put_u32(struct ev *e, __u32 v)
{
	if (!room(e, 4)) {
		put_empty(e);
		return;
	}
	*(__u32 *)&e->s->buf[MASKED(e->off, OFF_MASK)] = v;
	e->off += 4;
	set_len(e, 4);
}

static __always_inline void put_u64(struct ev *e, __u64 v)
{
	if (!room(e, 8)) {
		put_empty(e);
		return;
	}
	*(__u64 *)&e->s->buf[MASKED(e->off, OFF_MASK)] = v;
	e->off += 8;
	set_len(e, 8);
}

#define put_s64(e, v) put_u64(e, (__u64)(__s64)(v))
#define put_s32(e, v) put_u32(e, (__u32)(__s32)(v))

/* put_lit writes a short constant string (with its NUL) as a parameter. */
static __always_inline void put_lit(struct ev *e, const char *lit, __u32 n)
{
	if (!room(e, n)) {
		put_empty(e);
		return;
	}
	__u8 *dst = &e->s->buf[MASKED(e->off, OFF_MASK)];
#pragma unroll
	for (int i = 0; i < 8; i++) {
		if (i < n)
			dst[i] = lit[i];
	}
	e->off += n;
	set_len(e, n);
}

static __always_inline void stat_pf(void)
{
	__u32 zero = 0;
	struct scry_stats *st = bpf_map_lookup_elem(&stats, &zero);
	if (st)
		st->drops_pf++;
}

/* put_ustr writes a NUL-terminated user string: "(NULL)" for a NULL pointer, "<NA>"
 * when the memory cannot be read. It returns the bytes read from user memory (with the
 * NUL), 0 when none were. */
static __always_inline long put_ustr(struct ev *e, const void *p, __u32 max)
{
	if (!p) {
		put_lit(e, "(NULL)", 7);
		return 0;
	}
	if (!room(e, max)) {
		put_empty(e);
		return 0;
	}
	long n = bpf_probe_read_user_str(&e->s->buf[MASKED(e->off, OFF_MASK)], max & (MAX_WRITE - 1), p);
	if (n <= 0) {
		stat_pf();
		put_lit(e, "<NA>", 5);
		return 0;
	}
	e->off += n;
	set_len(e, n);
	return n;
}

/* put_kstr writes a NUL-terminated kernel string. */
static __always_inline void put_kstr(struct ev *e, const void *p, __u32 max)
{
	if (!p || !room(e, max)) {
		put_lit(e, "", 1);
		return;
	}
	long n = bpf_probe_read_kernel_str(&e->s->buf[MASKED(e->off, OFF_MASK)], max & (MAX_WRITE - 1), p);
	if (n <= 0) {
		put_lit(e, "", 1);
		return;
	}
	e->off += n;
	set_len(e, n);
}

/* put_ubuf writes len bytes of user memory (at most MAX_SNAPLEN). */
static __always_inline void put_ubuf(struct ev *e, const void *p, __u64 len)
{
	if (!p || (__s64)len <= 0) {
		put_empty(e);
		return;
	}
	if (len > MAX_SNAPLEN)
		len = MAX_SNAPLEN;
	if (!room(e, len)) {
		put_empty(e);
		return;
	}
	__u64 n = MASKED(len, MAX_WRITE - 1);
	if (bpf_probe_read_user(&e->s->buf[MASKED(e->off, OFF_MASK)], n, p) < 0) {
		stat_pf();
		put_empty(e);
		return;
	}
	e->off += n;
	set_len(e, n);
}

/* put_io_data writes the data of an I/O syscall: at most snaplen bytes. */
static __always_inline void put_io_data(struct ev *e, const void *p, __s64 len)
{
	if (len <= 0) {
		put_empty(e);
		return;
	}
	__u64 n = len;
	if (n > snaplen)
		n = snaplen;
	put_ubuf(e, p, n);
}

/* put_tmp copies n bytes already assembled in the tmp area as one parameter. */
static __always_inline void put_tmp(struct ev *e, __u32 n)
{
	if (n == 0 || !room(e, TMP_SIZE)) {
		put_empty(e);
		return;
	}
	n &= TMP_SIZE - 1;
	if (bpf_probe_read_kernel(&e->s->buf[MASKED(e->off, OFF_MASK)], n, e->s->tmp) < 0) {
		put_empty(e);
		return;
	}
	e->off += n;
	set_len(e, n);
}

/* ev_submit finishes the event and copies it into the CPU's ring. */
static __always_inline int ev_submit(struct ev *e)
{
	__u32 zero = 0;
	struct scry_stats *st = bpf_map_lookup_elem(&stats, &zero);
	__u32 len = e->off;
	*(__u32 *)&e->s->buf[HDR_LEN] = len;

	/* One ring per CPU: the modulo (a division) only when there are fewer rings. */
	__u32 ring_idx = bpf_get_smp_processor_id();
	if (ring_idx >= n_rings)
		ring_idx %= n_rings;
	void *ring = bpf_map_lookup_elem(&rings, &ring_idx);
	if (!ring) {
		if (st)
			st->drops_bug++;
		return 0;
	}
	/* Adaptive wake-up: the reader polls on its own; the probe wakes it only when the
	 * backlog has grown past wakeup_bytes, once per crossing, never per event. The
	 * backlog is looked at every WAKEUP_CHECK_EVERY events of the CPU: a few KiB, against
	 * a threshold of a MiB or so. */
	__u64 flags = BPF_RB_NO_WAKEUP;
	if ((++e->s->submits & (WAKEUP_CHECK_EVERY - 1)) == 0) {
		__u64 avail = bpf_ringbuf_query(ring, BPF_RB_AVAIL_DATA);
		if (avail < wakeup_bytes) {
			e->s->woken = 0;
		} else if (!e->s->woken) {
			e->s->woken = 1;
			flags = BPF_RB_FORCE_WAKEUP;
		}
	}
	long err = bpf_ringbuf_output(ring, e->s->buf, MASKED(len, 65535), flags);
	if (!st)
		return 0;
	if (err) {
		st->drops_buffer++;
		__u32 c = e->s->drop_cat;
		if (c < DROP_CAT_N)
			st->drops_by_cat[c]++;
	} else {
		st->events++;
	}
	return 0;
}
