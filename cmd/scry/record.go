package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/scrylabs/scry/capture"
	"github.com/scrylabs/scry/capture/procscan"
	"github.com/scrylabs/scry/capture/recorder"
	"github.com/scrylabs/scry/drivers/probe"
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/state"
	"github.com/scrylabs/scry/store"
)

type recordOptions struct {
	file      string
	store     string
	sizeMB    int64
	every     int
	files     int
	count     uint64
	duration  int
	stats     bool
	snaplen   int
	ringMB    int
	dropEnter bool
	attach    string
	syscalls  []string
	pids      []uint32
	filter    string
	// Store mode.
	host           string
	segEvents      int64
	segSize        string
	segSpan        time.Duration
	plain          bool
	maxAge         string
	maxSize        string
	retentionEvery time.Duration
	spoolMax       string
}

func newRecordCmd() *cobra.Command {
	var o recordOptions
	cmd := &cobra.Command{
		Use:   "record [--store DIR | -w FILE[.gz|.zst]] [-n N] [-M s] [FILTER]",
		Short: "Record this host's system calls with the eBPF probe into a store, or into a capture like sysdig -w",
		Long: `Record this host's system calls.

By default the recording goes into a store (--store, default ` + store.DefaultDir() + `) as
query-ready segments: each starts with the state snapshot at its first event, and they
roll by events, size and time (--segment-*). Retention (--max-age, --max-size) runs at
the start and every --retention-every. Events are first spooled to disk (synced at least
every second) and turned into segments behind the capture, at low priority: under a
syscall storm the backlog waits in the spool and is stored once the storm is over, and
after a crash the next recording first stores what was spooled. Query the store with
scry query; list it with scry store ls.

With -w the recording goes into a scap capture that sysdig and scry read, like sysdig -w:
the host's state (processes, threads, open files and sockets, users, groups, interfaces)
first, then both enter and exit events. A .gz or .zst suffix compresses it; -C, -G and -W
rotate it.

SIGINT and SIGTERM end a recording cleanly (exit status 0), once the spooled events are
stored; a second one ends it at once, leaving them for the next recording to store. Segments, spool files and capture files are created 0600. Needs root (or CAP_BPF and CAP_PERFMON) and a kernel with
BTF.`,
		Example: `  sudo scry record -M 60                       # a minute of this host into the default store
  sudo scry record --store /data/scry --max-age 7d --max-size 20G
  sudo scry record -w trace.scap.zst -C 100 -W 5 'proc.name=nginx'`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.filter = strings.Join(args, " ")
			if o.file != "" {
				if cmd.Flags().Changed("store") {
					return usageError{errors.New("record: give -w FILE or --store DIR, not both")}
				}
				for _, name := range storeOnlyFlags {
					if cmd.Flags().Changed(name) {
						return usageError{fmt.Errorf("record: --%s applies to a store (--store), not to -w", name)}
					}
				}
				return runRecord(cmd.ErrOrStderr(), &o)
			}
			for _, name := range []string{"file-size", "seconds", "limit-files"} {
				if cmd.Flags().Changed(name) {
					return usageError{fmt.Errorf("record: --%s rotates capture files (-w FILE); a store rolls segments with --segment-events, --segment-size and --segment-span", name)}
				}
			}
			return runRecordStore(cmd.ErrOrStderr(), &o)
		},
	}
	bindRecordFlags(cmd.Flags(), &o)
	return cmd
}

// bindRecordFlags defines record's flags on f, storing their values in o.
func bindRecordFlags(f *pflag.FlagSet, o *recordOptions) {
	f.StringVarP(&o.file, "write", "w", "", "capture file to write (.gz or .zst to compress) instead of a store")
	f.StringVar(&o.store, "store", store.DefaultDir(), "store to record into")
	f.Int64VarP(&o.sizeMB, "file-size", "C", 0, "with -w, start a new file every MB megabytes (files are numbered)")
	f.IntVarP(&o.every, "seconds", "G", 0, "with -w, start a new file every s seconds")
	f.IntVarP(&o.files, "limit-files", "W", 0, "with -C or -G, keep at most n files, reusing their names")
	f.Uint64VarP(&o.count, "numevents", "n", 0, "stop after N events")
	f.IntVarP(&o.duration, "duration", "M", 0, "stop after s seconds")
	f.BoolVar(&o.stats, "stats", false, "report events/s and drops on stderr every second and at the end")
	f.IntVarP(&o.snaplen, "snaplen", "s", probe.DefaultSnaplen, "bytes of I/O data kept per event")
	f.IntVar(&o.ringMB, "ring-mb", probe.DefaultRingBytes>>20, "ring buffer size per CPU in MiB (a power of two)")
	f.BoolVar(&o.dropEnter, "drop-enter", false, "leave out enter events whose exit carries all their parameters")
	f.StringVar(&o.attach, "attach", "auto", "how to attach the probe: auto, tp_btf, raw_tp, or syscall_tp (each syscall's own tracepoints; auto picks it with --syscalls)")
	f.StringSliceVar(&o.syscalls, "syscalls", nil, "record only these syscalls (comma separated names)")
	f.Var(newPidList(&o.pids), "pid", "record only these processes and their children (repeatable)")
	f.StringVar(&o.host, "host", "", "host partition of the store (default: this host's name)")
	f.Int64Var(&o.segEvents, "segment-events", recorder.DefaultSegmentEvents, "events per segment")
	f.StringVar(&o.segSize, "segment-size", "256M", "size per segment (bytes, or with K, M, G)")
	f.DurationVar(&o.segSpan, "segment-span", store.DefaultMaxSpan, "time span per segment (segments also end at each hour)")
	f.BoolVar(&o.plain, "no-enrich", false, "leave the state columns null (cheaper per event; queries replay segments instead)")
	f.StringVar(&o.maxAge, "max-age", "", "retention: remove segments whose last event is older than this (e.g. 36h, 30d, 2w)")
	f.StringVar(&o.maxSize, "max-size", "", "retention: then remove the oldest segments beyond this total size (e.g. 10G)")
	f.DurationVar(&o.retentionEvery, "retention-every", recorder.DefaultRetentionEvery, "how often retention runs while recording")
	f.StringVar(&o.spoolMax, "spool-max", "2G", "most events waiting in the spool to be stored, in bytes (or with K, M, G): past it the probe drops events rather than fill the disk")
}

// storeOnlyFlags make sense only when recording into a store.
var storeOnlyFlags = []string{"host", "segment-events", "segment-size", "segment-span", "no-enrich", "max-age", "max-size", "retention-every", "spool-max"}

// liveRecording is a loaded probe with the host state scanned after it was attached, the
// optional filter, and the signal handling of a recording.
type liveRecording struct {
	live    *capture.Live
	initial *scap.Section
	keep    func(*event.Event) bool
	done    chan struct{}
	// again is closed by a second SIGINT or SIGTERM, after the one that stopped the
	// capture (or -M).
	again chan struct{}
}

// startLive compiles the filter, attaches the probe, scans /proc and arranges for
// SIGINT, SIGTERM and -M to stop the capture. Call stop when the recording is over.
func startLive(stderr io.Writer, o *recordOptions) (*liveRecording, error) {
	var match func(*state.EventContext, *state.Engine) bool
	if o.filter != "" {
		m, err := compileFilter(o.filter)
		if err != nil {
			return nil, usageError{fmt.Errorf("record: filter %q: %w", o.filter, err)}
		}
		match = func(ctx *state.EventContext, eng *state.Engine) bool { return m(ctx, eng) }
	}
	mode := map[string]probe.Attach{"auto": probe.AttachAuto, "tp_btf": probe.AttachBTF, "raw_tp": probe.AttachRaw,
		"syscall_tp": probe.AttachSyscallTP}
	attach, ok := mode[o.attach]
	if !ok {
		return nil, usageError{fmt.Errorf("record: --attach %q: want auto, tp_btf, raw_tp or syscall_tp", o.attach)}
	}
	// Attach first, then scan /proc: a process started in between is in the scan or in
	// the events, never in neither.
	live, err := capture.OpenLive(capture.LiveOptions{Probe: probe.Options{
		RingBytes: o.ringMB << 20, Snaplen: o.snaplen, DropEnter: o.dropEnter, Syscalls: o.syscalls,
		PIDs: o.pids, FollowForks: true, Attach: attach,
	}})
	if err != nil {
		return nil, explainLoadError(err)
	}
	initial, err := procscan.Scan(procscan.Options{})
	if err != nil {
		live.Close()
		return nil, err
	}
	r := &liveRecording{live: live, initial: initial, done: make(chan struct{}), again: make(chan struct{})}
	if match != nil {
		// Every event goes through a state engine, so the filter sees processes and
		// files as sysdig does; only matching events are kept.
		eng := state.New(state.Options{})
		eng.SetFilter(func(ctx *state.EventContext) bool { return match(ctx, eng) })
		eng.LoadSection(initial)
		r.keep = func(ev *event.Event) bool {
			ctx := eng.Process(ev)
			ok := !ctx.Filtered && !ctx.Hidden
			eng.EndEvent(ctx)
			return ok
		}
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		defer signal.Stop(stop)
		var timeout <-chan time.Time
		if o.duration > 0 {
			timeout = time.After(time.Duration(o.duration) * time.Second)
		}
		select {
		case <-stop:
		case <-timeout:
		case <-r.done:
			return
		}
		live.Stop()
		select {
		case <-stop:
			close(r.again)
		case <-r.done:
		}
	}()
	if o.stats {
		go reportStats(stderr, live, r.done)
	}
	return r, nil
}

// stop ends the signal handling and detaches the probe.
func (r *liveRecording) stop() {
	close(r.done)
	r.live.Close()
}

func runRecord(stderr io.Writer, o *recordOptions) error {
	r, err := startLive(stderr, o)
	if err != nil {
		return err
	}
	defer r.stop()
	first := true
	start := time.Now()
	res, err := recorder.Record(r.live, recorder.Options{
		Path: o.file, RotateBytes: o.sizeMB << 20, RotateEvery: time.Duration(o.every) * time.Second,
		MaxFiles: o.files, MaxEvents: o.count, Keep: r.keep,
		Snapshot: func() (*scap.Section, error) {
			if first {
				first = false
				return r.initial, nil
			}
			return procscan.Scan(procscan.Options{})
		},
	})
	st := r.live.Stats()
	if o.stats {
		secs := time.Since(start).Seconds()
		fmt.Fprintf(stderr, "recorded %d events in %.1fs (%.0f/s) to %s; probe wrote %d, dropped %d%s\n",
			res.Events, secs, float64(res.Events)/secs, strings.Join(res.Files, ", "), st.Events, st.Drops, dropDetail(st))
	}
	return err
}

// storeRecordOptions turns the store flags into recorder options.
func storeRecordOptions(o *recordOptions) (recorder.StoreOptions, error) {
	so := recorder.StoreOptions{Root: o.store, StopAfter: o.count, RetentionEvery: o.retentionEvery}
	if so.Root == "" {
		so.Root = store.DefaultDir()
	}
	segSize, err := parseSize(o.segSize)
	if err != nil {
		return so, usageError{fmt.Errorf("record: --segment-size: %w", err)}
	}
	so.Segment = store.WriterOptions{Host: o.host, MaxEvents: o.segEvents, MaxBytes: segSize, MaxSpan: o.segSpan}
	if o.maxAge != "" {
		if so.Retention.MaxAge, err = parseAge(o.maxAge); err != nil {
			return so, usageError{fmt.Errorf("record: --max-age: %w", err)}
		}
	}
	if o.maxSize != "" {
		if so.Retention.MaxSize, err = parseSize(o.maxSize); err != nil {
			return so, usageError{fmt.Errorf("record: --max-size: %w", err)}
		}
	}
	if so.SpoolMaxBytes, err = parseSize(o.spoolMax); err != nil || so.SpoolMaxBytes <= 0 {
		return so, usageError{fmt.Errorf("record: --spool-max %q: want a positive size", o.spoolMax)}
	}
	if o.retentionEvery <= 0 {
		return so, usageError{fmt.Errorf("record: --retention-every %v: want a positive duration", o.retentionEvery)}
	}
	if o.plain {
		so.NewTracker = recorder.NewStateTracker
	}
	return so, nil
}

func runRecordStore(stderr io.Writer, o *recordOptions) error {
	so, err := storeRecordOptions(o)
	if err != nil {
		return err
	}
	syscall.Umask(0o077) // folders the store creates are its owner's alone
	r, err := startLive(stderr, o)
	if err != nil {
		return err
	}
	defer r.stop()
	so.Section, so.Keep, so.Leave = r.initial, r.keep, r.again
	so.Warn = func(err error) { fmt.Fprintln(stderr, "scry: warning:", err) }
	start := time.Now()
	res, err := recorder.RecordStore(r.live, so)
	for _, seg := range res.Recovered {
		fmt.Fprintf(stderr, "recovered %d events of an interrupted recording into %s\n", seg.Events, seg.Path)
	}
	if res.Left > 0 {
		fmt.Fprintf(stderr, "%s: left %d spooled events for the next recording to store\n", so.Root, res.Left)
	}
	st := r.live.Stats()
	secs := time.Since(start).Seconds()
	fmt.Fprintf(stderr, "%s: recorded %d events in %.1fs (%.0f/s) into %d segments%s; probe wrote %d, dropped %d%s\n",
		so.Root, res.Events, secs, float64(res.Events)/secs, len(res.Segments), prunedNote(res.Pruned), st.Events, st.Drops, dropDetail(st))
	return err
}

func prunedNote(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(", retention removed %d", n)
}

func reportStats(w io.Writer, src capture.Source, done <-chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	prev := src.Stats()
	for {
		select {
		case <-done:
			return
		case <-t.C:
		}
		s := src.Stats()
		fmt.Fprintf(w, "events/s %d  drops/s %d  total events %d  drops %d%s\n",
			s.Delivered-prev.Delivered, s.Drops-prev.Drops, s.Delivered, s.Drops, dropDetail(s))
		prev = s
	}
}

func dropDetail(s capture.Stats) string {
	if len(s.DropsByCategory) == 0 {
		return ""
	}
	var parts []string
	for k, v := range s.DropsByCategory {
		parts = append(parts, fmt.Sprintf("%s=%d", k, v))
	}
	return " (" + strings.Join(parts, " ") + ")"
}

// explainLoadError turns a probe loading failure into one line saying what to do; the
// conditions a user can fix exit with status 2.
func explainLoadError(err error) error {
	switch {
	case errors.Is(err, probe.ErrPermission):
		return usageError{errors.New("record: not permitted to load the eBPF probe: run as root, or grant CAP_BPF and CAP_PERFMON")}
	case errors.Is(err, probe.ErrNoBTF):
		return usageError{errors.New("record: this kernel exposes no BTF (/sys/kernel/btf/vmlinux): use a kernel built with CONFIG_DEBUG_INFO_BTF=y")}
	case errors.Is(err, probe.ErrNotSupported):
		return usageError{fmt.Errorf("record: this kernel lacks eBPF support scry needs (ring buffers, BTF or raw tracepoints; Linux 5.8 or later): %w", err)}
	}
	return err
}
