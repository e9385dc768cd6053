/* Maps and load-time settings of the scry probe. */
#pragma once

#define PPM_EVENT_MAX 336
#define SYSCALL_TABLE_SIZE 512

/* Scratch area: one per possible CPU. An event is assembled in buf and copied to the
 * CPU's ring with bpf_ringbuf_output. Variable offsets are masked to OFF_MASK and no
 * single variable-size write exceeds MAX_WRITE, so every access stays inside buf. */
#define SCRATCH_SIZE 65536
#define OFF_MASK 32767
#define MAX_WRITE 32768
#define MAX_PATH 4096
#define MAX_ARGS 4096
#define MAX_SNAPLEN 16384
#define TMP_SIZE 1024

/* Event header of the wire format (v2). */
#define HDR_TS 0
#define HDR_TID 8
#define HDR_LEN 16
#define HDR_TYPE 20
#define HDR_NPARAMS 22
#define HDR_SIZE 26

struct scry_scratch {
	__u8 buf[SCRATCH_SIZE];
	__u8 tmp[TMP_SIZE];
	__u32 drop_cat;
	__u32 woken;   /* the reader was woken since the backlog last was below the threshold */
	__u64 submits; /* events this CPU handed to its ring */
	__u32 spill;   /* a value passed through memory so the verifier forgets its range */
};

/* How often (in events per CPU, a power of two) the ring's backlog is looked at. */
#define WAKEUP_CHECK_EVERY 64

/* Syscall table entry, filled by the loader from the event tables. */
#define SC_ENTER 1 /* emit the enter event */
#define SC_EXIT 2  /* emit the exit event */

struct scry_syscall {
	__u16 enter_type; /* PPME id of the enter event; 0 = generic */
	__u16 exit_type;  /* PPME id of the exit event; 1 = generic */
	__u16 ppm_sc;     /* PPM_SC code written into generic events */
	__u8 flags;       /* SC_* */
	__u8 drop_cat;    /* drop category; counted at drops_by_cat[cat * 2 + dir] */
};

/* Drop counters: index = category * 2 + (0 enter, 1 exit); the loader names the
 * categories. Process exits use their own slot. */
#define DROP_CAT_N 16
#define DROP_CAT_PROCEXIT 15

struct scry_stats {
	__u64 events;         /* events written to a ring */
	__u64 drops_buffer;   /* ring full */
	__u64 drops_scratch;  /* no scratch area (never expected) */
	__u64 drops_pf;       /* user memory that could not be read (param marked <NA>) */
	__u64 drops_bug;      /* event larger than the scratch area allows */
	__u64 filtered;       /* syscalls seen but filtered out in the kernel */
	__u64 execs;          /* successful execs (sched_process_exec) */
	__u64 drops_by_cat[DROP_CAT_N];
};

struct ring_map {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 23);
};

/* One ring per CPU; the loader creates the rings and puts them here. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct ring_map);
} rings SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* set to the number of possible CPUs */
	__type(key, __u32);
	__type(value, struct scry_scratch);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scry_stats);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSCALL_TABLE_SIZE);
	__type(key, __u32);
	__type(value, struct scry_syscall);
} syscalls SEC(".maps");

/* Processes (tgids) to capture when the pid filter is on. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u8);
} pids SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, PPM_EVENT_MAX);
	__type(key, __u32);
	__type(value, __u32);
} enter_progs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, PPM_EVENT_MAX);
	__type(key, __u32);
	__type(value, __u32);
} exit_progs SEC(".maps");

/* Load-time settings (rewritten by the loader before the programs are loaded). */
const volatile __u64 boot_to_epoch_ns = 0; /* realtime minus boottime */
const volatile __u64 self_ns_dev = 0;      /* pid namespace of scry itself */
const volatile __u64 self_ns_ino = 0;
const volatile __u32 self_tgid = 0;        /* scry's pid inside that namespace */
const volatile __u32 self_host_tgid = 0;   /* scry's pid when it runs in the initial pid namespace */
const volatile __u32 filter_pids = 0;      /* capture only the tgids in pids */
const volatile __u32 follow_forks = 1;     /* children of filtered tgids join the filter */
const volatile __u32 snaplen = 80;         /* bytes of I/O data kept per event */
const volatile __u32 n_rings = 1;
const volatile __u64 wakeup_bytes = 1 << 20; /* wake the reader past this backlog */
const volatile __u32 capture_procexit = 1;
