/* The cgroups parameter of clone and execve exits: "controller=/path" for each of the
 * cpuset, cpu, cpuacct, io and memory controllers the kernel has, NUL-separated, the
 * paths of the task's cgroups relative to each hierarchy's root. The state engine finds
 * container ids in these paths, so processes started during a capture get theirs. */
#pragma once

/* CGROUP_DEPTH is how many levels below a hierarchy's root a path keeps; deeper paths
 * keep their last CGROUP_DEPTH components. Container runtimes nest two to five deep. */
#define CGROUP_DEPTH 8
/* CGROUP_NAME_MAX bounds one path component or controller name (kernfs names are at
 * most 255 bytes). */
#define CGROUP_NAME_MAX 256
/* CGROUP_ENTRY_MAX bounds what one controller's entry can take. */
#define CGROUP_ENTRY_MAX (CGROUP_NAME_MAX + 1 + CGROUP_DEPTH * (1 + CGROUP_NAME_MAX) + 1)

/* Before Linux 6.15 the parent of a kernfs node is "parent"; since, "__parent". */
struct kernfs_node___parent {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

static __always_inline struct kernfs_node *kn_parent(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(kn->__parent))
		return BPF_CORE_READ(kn, __parent);
	return BPF_CORE_READ((struct kernfs_node___parent *)kn, parent);
}

/* forget returns off after a round trip through the scratch map: the verifier then
 * knows nothing of its range, so the paths through a path's optional components end in
 * one state instead of one per combination. Every use of an offset is masked anyway. */
static __always_inline __u32 forget(struct ev *e, __u32 off)
{
	*(volatile __u32 *)&e->s->spill = off;
	return *(volatile __u32 *)&e->s->spill;
}

/* put_byte appends one byte at off, which the caller has checked room for. */
static __always_inline void put_byte(struct ev *e, __u32 off, __u8 b)
{
	e->s->buf[MASKED(off, OFF_MASK)] = b;
}

/* append_kstr appends a kernel string without its NUL at off and returns the new end. */
static __always_inline __u32 append_kstr(struct ev *e, __u32 off, const char *p)
{
	if (!p)
		return off;
	long n = bpf_probe_read_kernel_str(&e->s->buf[MASKED(off, OFF_MASK)], CGROUP_NAME_MAX, p);
	if (n <= 1)
		return off;
	return off + n - 1;
}

/* append_cgroup appends "name=/path\0" for the controller with the given id, or nothing
 * when the task has no css for it. It returns the new end. */
static __always_inline __u32 append_cgroup(struct ev *e, __u32 off, struct css_set *cs, __u32 id)
{
	struct cgroup_subsys_state *css = 0;
	void *slot = (void *)cs + bpf_core_field_offset(struct css_set, subsys) + id * sizeof(css);
	if (bpf_probe_read_kernel(&css, sizeof(css), slot) < 0 || !css)
		return off;
	const char *name = BPF_CORE_READ(css, ss, name);
	struct kernfs_node *kn = BPF_CORE_READ(css, cgroup, kn);
	if (!name || !kn)
		return off;

	/* The path's components, deepest first; the root itself has no component. */
	const char *parts[CGROUP_DEPTH];
#pragma unroll
	for (int k = 0; k < CGROUP_DEPTH; k++) {
		parts[k] = 0;
		if (kn) {
			struct kernfs_node *parent = kn_parent(kn);
			if (parent)
				parts[k] = BPF_CORE_READ(kn, name);
			kn = parent;
		}
	}

	__u32 start = off;
	off = append_kstr(e, off, name);
	if (off == start)
		return start;
	put_byte(e, off++, '=');
	__u32 path = off;
#pragma unroll
	for (int k = CGROUP_DEPTH - 1; k >= 0; k--) {
		if (parts[k]) {
			put_byte(e, off++, '/');
			off = append_kstr(e, off, parts[k]);
		}
		off = forget(e, off);
	}
	if (off == path)
		put_byte(e, off++, '/');
	put_byte(e, off++, 0);
	return forget(e, off);
}

/* put_cgroups writes the cgroups parameter of task t. */
static __always_inline void put_cgroups(struct ev *e, struct task_struct *t)
{
	if (!room(e, 5 * CGROUP_ENTRY_MAX)) {
		put_empty(e);
		return;
	}
	struct css_set *cs = BPF_CORE_READ(t, cgroups);
	if (!cs) {
		put_empty(e);
		return;
	}
	__u32 start = e->off, off = start;
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, cpuset_cgrp_id))
		off = append_cgroup(e, off, cs, bpf_core_enum_value(enum cgroup_subsys_id, cpuset_cgrp_id));
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, cpu_cgrp_id))
		off = append_cgroup(e, off, cs, bpf_core_enum_value(enum cgroup_subsys_id, cpu_cgrp_id));
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, cpuacct_cgrp_id))
		off = append_cgroup(e, off, cs, bpf_core_enum_value(enum cgroup_subsys_id, cpuacct_cgrp_id));
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, io_cgrp_id))
		off = append_cgroup(e, off, cs, bpf_core_enum_value(enum cgroup_subsys_id, io_cgrp_id));
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, memory_cgrp_id))
		off = append_cgroup(e, off, cs, bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id));
	e->off = off;
	set_len(e, off - start);
}
